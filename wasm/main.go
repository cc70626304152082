// Command wasm is the browser side of framecheck. It registers the routes and
// runs; it links no server code, which keeps app.wasm small.
package main

import (
	"framecheck/app/ui"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func main() {
	ui.Register()
	app.RunWhenOnBrowser()
}
