package ui

import (
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// annotationList lists a readout's annotations in text order, with counts
// per tag and a filter. It gets revisions, not the annotation slice, as
// props: it reads the annotations from the session when it renders.
type annotationList struct {
	app.Compo

	ReadoutID string
	Rev       int
	Filter    workspace.Tag
	Selected  string

	sess     *session
	onFilter app.EventHandler
}

func newAnnotationList(s *session, readoutID string, rev int, filter workspace.Tag, selected string, onFilter app.EventHandler) *annotationList {
	return &annotationList{sess: s, ReadoutID: readoutID, Rev: rev, Filter: filter, Selected: selected, onFilter: onFilter}
}

// onSelect reads the id from the entry's data attribute, so one handler
// serves every entry and no closure is made inside the loop.
func (l *annotationList) onSelect(ctx app.Context, e app.Event) {
	id := ctx.JSSrc().Get("dataset").Get("select").String()
	if l.sess.ws.Annotation(id) != nil {
		l.sess.selected = id
	}
}

func (l *annotationList) onFilterChange(ctx app.Context, e app.Event) {
	if l.onFilter != nil {
		l.onFilter(ctx, e)
	}
}

func (l *annotationList) Render() app.UI {
	counts := l.sess.counts(l.ReadoutID)
	items := l.sess.visible(l.ReadoutID, l.Filter)
	total := counts[workspace.Fact] + counts[workspace.Framing] + counts[workspace.Omission]
	return app.Section().Class("fc-list").DataSet("annotation-list", l.ReadoutID).Aria("label", "Annotations").Body(
		app.Header().Class("fc-list-head").Body(
			app.H2().Text("Annotations ("+itoa(total)+")"),
			app.Ul().Class("fc-counts").Body(
				app.Range(workspace.Tags).Slice(func(i int) app.UI {
					t := workspace.Tags[i]
					return app.Li().Class("fc-count", "fc-tag-"+string(t)).Body(
						app.Span().Class("fc-swatch", "fc-swatch-"+string(t)).Aria("hidden", true),
						app.Text(t.Label()+": "),
						app.Span().DataSet("count", string(t)).Text(itoa(counts[t])),
					)
				}),
			),
			app.Label().Class("fc-filter").Body(
				app.Text("Show "),
				app.Select().Name("tag-filter").OnChange(l.onFilterChange).Body(
					app.Option().Value("all").Selected(l.Filter == "").Text("all tags"),
					app.Range(workspace.Tags).Slice(func(i int) app.UI {
						t := workspace.Tags[i]
						return app.Option().Value(string(t)).Selected(l.Filter == t).Text(t.Label() + " only")
					}),
				),
			),
		),
		app.If(len(items) == 0, func() app.UI {
			return app.P().Class("fc-empty").Text("None yet. Select a passage and press 1, 2 or 3.")
		}),
		app.Ol().Class("fc-entries").Body(
			app.Range(items).Slice(func(i int) app.UI {
				a := items[i]
				quote := clip(a.Exact, 90)
				if a.IsPoint() {
					quote = "▲ point: something is missing here"
				}
				return app.Li().Class("fc-entry", "fc-tag-"+string(a.Tag)).
					DataSet("annotation-id", a.ID).
					DataSet("tag", string(a.Tag)).
					Aria("current", a.ID == l.Selected).
					Body(
						app.Button().Type("button").Class("fc-entry-button").
							DataSet("select", a.ID).
							OnClick(l.onSelect).
							Body(
								app.Span().Class("fc-badge", "fc-tag-"+string(a.Tag)).Text(a.Tag.Label()),
								app.Span().Class("fc-entry-quote").Text(quote),
								app.If(a.Note != "", func() app.UI {
									return app.Span().Class("fc-entry-note").Text(clip(a.Note, 120))
								}),
							),
					)
			}),
		),
	)
}
