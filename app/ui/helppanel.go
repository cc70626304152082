package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// helpPanel lists the keyboard shortcuts.
type helpPanel struct {
	app.Compo
}

func newHelpPanel() *helpPanel { return &helpPanel{} }

func (h *helpPanel) Render() app.UI {
	// TabIndex 0: the list scrolls, and a region that scrolls must be
	// reachable from the keyboard to be scrolled with the arrows.
	return app.Section().Class("fc-help").DataSet("panel", "help").Role("dialog").Aria("label", "Keyboard shortcuts").TabIndex(0).Body(
		app.H2().Text("Keyboard shortcuts"),
		app.Dl().Body(
			app.Range(shortcuts).Slice(func(i int) app.UI {
				return app.Div().Class("fc-help-row").Body(
					app.Dt().Body(app.Kbd().Text(shortcuts[i].keys)),
					app.Dd().Text(shortcuts[i].what),
				)
			}),
		),
		app.P().Text("Press ? or Escape to close."),
	)
}
