package ui

import (
	"framecheck/app/browser"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// orphanList lists the annotations of a readout that a new version could
// not place, with their old quote and context: select a passage and press
// Place here, or delete them. Orphans are never dropped otherwise.
type orphanList struct {
	app.Compo

	ReadoutID string
	Rev       int

	sess *session
}

func newOrphanList(s *session, readoutID string, rev int) *orphanList {
	return &orphanList{sess: s, ReadoutID: readoutID, Rev: rev}
}

func (l *orphanList) onPlace(ctx app.Context, e app.Event) {
	id := ctx.JSSrc().Get("dataset").Get("orphan").String()
	sel, ok := browser.CurrentSelection()
	l.sess.placeOrphan(id, sel, ok)
}

func (l *orphanList) onDelete(ctx app.Context, e app.Event) {
	id := ctx.JSSrc().Get("dataset").Get("orphan").String()
	_ = l.sess.apply(workspace.DeleteAnnotation{ID: id})
}

func (l *orphanList) Render() app.UI {
	orphans := l.sess.ws.OrphansOf(l.ReadoutID)
	return app.Section().Class("fc-orphans").DataSet("orphans", l.ReadoutID).Hidden(len(orphans) == 0).Body(
		app.H3().Text("Orphans ("+itoa(len(orphans))+")"),
		app.P().Class("fc-hint").Text("A new version left these without a place. Select where each belongs and press Place here, or delete it."),
		app.Ul().Body(
			app.Range(orphans).Slice(func(i int) app.UI {
				a := orphans[i]
				quote := a.Exact
				if a.IsPoint() {
					quote = "▲"
				}
				return app.Li().Class("fc-orphan", "fc-tag-"+string(a.Tag)).DataSet("orphan-id", a.ID).Body(
					app.Span().Class("fc-badge", "fc-tag-"+string(a.Tag)).Text(a.Tag.Label()),
					app.Blockquote().Class("fc-quote").Body(
						app.Span().Class("fc-context").Text("…"+a.Prefix),
						app.Mark().Class("fc-exact").Text(clip(quote, 200)),
						app.Span().Class("fc-context").Text(a.Suffix+"…"),
					),
					app.If(a.Note != "", func() app.UI { return app.P().Class("fc-entry-note").Text(clip(a.Note, 160)) }),
					app.Button().Type("button").DataSet("action", "place-orphan").DataSet("orphan", a.ID).
						DataSet("keep-selection", "1").Text("Place here").OnClick(l.onPlace),
					app.Button().Type("button").Class("fc-danger").DataSet("action", "delete-orphan").DataSet("orphan", a.ID).
						Text("Delete").OnClick(l.onDelete),
				)
			}),
		),
	)
}
