// Command floor is the smallest go-app program that does what framecheck's
// page must do before it counts as interactive: render one component and
// answer a key. bench/app builds it with the same flags as framecheck's
// app.wasm and serves it the same way, as the floor of every load figure.
//
// Like framecheck, it listens for keys on the window with a JS function and
// hands the key to the UI goroutine with ctx.Dispatch, which re-renders, and
// a second after its first render it tells the service worker (framecheck's,
// through web/framecheck.js, as framecheck's page does) that it has started,
// so that a first visit's precache waits for it the same way.
package main

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

type hello struct {
	app.Compo
	keys int
}

func (h *hello) OnMount(ctx app.Context) {
	app.Window().Call("addEventListener", "keydown", app.FuncOf(func(this app.Value, args []app.Value) any {
		ctx.Dispatch(func(app.Context) { h.keys++ })
		return nil
	}))
	ctx.After(time.Second, func(app.Context) {
		if fc := app.Window().Get("framecheck"); fc.Truthy() {
			fc.Call("started")
		}
	})
}

func (h *hello) Render() app.UI {
	return app.Main().DataSet("ready", "1").DataSet("keys", h.keys).Body(
		app.H1().Text("Hello, world!"),
	)
}

func main() {
	app.Route("/", func() app.Composer { return &hello{} })
	app.RunWhenOnBrowser()
}
