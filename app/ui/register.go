// Package ui holds the go-app components of framecheck: thin views over the
// browser-free core. One component a file.
package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Register declares the routes. Both the WASM main and the server call it, so
// that the server can prerender the same page the browser will run. The app
// lives on "/" only: go-app's service worker precaches "/" as the one page.
func Register() {
	app.Route("/", func() app.Composer { return newShell() })
}
