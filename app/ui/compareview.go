package ui

import (
	"framecheck/app/browser"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// compareView shows two readouts side by side (stacked on a narrow screen).
// Each column is a readoutView, so annotating works as in the single view;
// the columns add counterpart highlights, ghost markers and suggestions.
type compareView struct {
	app.Compo

	Left, Right       string
	LeftRev, RightRev int
	Selected          string
	CmpRev            int
	Epoch             int

	sess *session
	// suggest runs the aligner (the shell's, so the result arrives even
	// if this view is gone by then).
	suggest func(app.Context)
}

func newCompareView(s *session, suggest func(app.Context)) *compareView {
	return &compareView{
		sess: s, suggest: suggest,
		Left: s.cmp.left, Right: s.cmp.right,
		LeftRev: s.annRevs[s.cmp.left], RightRev: s.annRevs[s.cmp.right],
		Selected: s.selected, CmpRev: s.cmp.rev, Epoch: s.epoch,
	}
}

func (c *compareView) onColumn(ctx app.Context, e app.Event) {
	c.sess.setColumn(ctx.JSSrc().Get("dataset").Get("side").String(), ctx.JSSrc().Get("value").String())
}

func (c *compareView) onSuggest(ctx app.Context, e app.Event) { c.suggest(ctx) }

func (c *compareView) onSummary(ctx app.Context, e app.Event) {
	c.sess.cmp.toggleSummary()
	if c.sess.cmp.summary {
		ctx.Defer(func(app.Context) { browser.ScrollIntoView(`[data-panel="summary"]`) })
	}
}

func (c *compareView) Render() app.UI {
	ws := c.sess.ws
	busy := c.sess.cmp.suggest != nil && c.sess.cmp.suggest.busy
	column := func(side, id string) app.UI {
		return app.Div().Class("fc-col").DataSet("side", side).Body(
			app.Label().Class("fc-col-pick").Body(
				app.Span().Text(map[string]string{"left": "Left", "right": "Right"}[side]+" readout"),
				app.Select().Name("compare-"+side).DataSet("side", side).OnChange(c.onColumn).Body(
					app.Range(ws.Readouts).Slice(func(i int) app.UI {
						r := ws.Readouts[i]
						return app.Option().Value(r.ID).Selected(r.ID == id).Text(readoutLabel(r))
					}),
				),
			),
			newReadoutView(c.sess, id, c.sess.annRevs[id], c.Selected),
		)
	}
	return app.Section().Class("fc-compare").DataSet("view", "compare").Aria("label", "Compare two readouts").Body(
		app.Div().Class("fc-compare-bar").Body(
			app.Button().Type("button").DataSet("action", "suggest").Disabled(busy).
				Title("Align the two readouts sentence by sentence and suggest counterparts and omissions (S)").
				Text(map[bool]string{false: "Suggest", true: "Aligning…"}[busy]).OnClick(c.onSuggest),
			app.Button().Type("button").DataSet("action", "summary").Aria("pressed", c.sess.cmp.summary).
				Title("Counts, omissions both ways and counterparts of this pair").Text("Summary").OnClick(c.onSummary),
			app.Span().Class("fc-hint").Text("L links a span to its counterpart · O: omitted by the other column · M moves a dashed marker to the caret"),
		),
		app.Div().Class("fc-compare-cols").Body(
			column("left", c.Left),
			column("right", c.Right),
		),
		// Below the columns: a suggestion clicked here scrolls both of them.
		slot("suggestions", app.If(c.sess.cmp.suggestionsShown(c.sess.ws), func() app.UI { return newSuggestPanel(c.sess) })),
	)
}
