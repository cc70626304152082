package ui

import (
	"framecheck/app/browser"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// tagBar holds the three tag buttons. They carry data-keep-selection so a
// mouse click does not take the selection away from the readout.
type tagBar struct {
	app.Compo
	sess *session
}

func newTagBar(s *session) *tagBar { return &tagBar{sess: s} }

func (b *tagBar) onTag(ctx app.Context, e app.Event) {
	tag := workspace.Tag(ctx.JSSrc().Get("dataset").Get("tagButton").String())
	sel, ok := browser.CurrentSelection()
	b.sess.tagSelection(tag, sel, ok)
}

func (b *tagBar) Render() app.UI {
	return app.Div().Class("fc-tagbar").Role("toolbar").Aria("label", "Tag the selection").Body(
		app.Range(workspace.Tags).Slice(func(i int) app.UI {
			t := workspace.Tags[i]
			return app.Button().Type("button").
				Class("fc-tag-button", "fc-tag-"+string(t)).
				DataSet("tag-button", string(t)).
				DataSet("keep-selection", "1").
				Title(t.Label()+" ("+itoa(i+1)+")").
				Body(
					app.Span().Class("fc-swatch", "fc-swatch-"+string(t)).Aria("hidden", true),
					app.Text(t.Label()),
					app.Kbd().Text(itoa(i+1)),
				).OnClick(b.onTag)
		}),
		app.Span().Class("fc-hint").Text("Select a passage, then tag it. With only a caret, Omission marks a point."),
	)
}
