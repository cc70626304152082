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

	// The list shows a window of entries: go-app diffs every rendered
	// node on each change, and a readout can carry thousands of
	// annotations. The window follows the selection.
	first        int
	lastSelected string
	// verdict filters the list by check verdict: a rating id, "" for all.
	verdict string
}

// listWindow is how many entries the list renders at once.
const listWindow = 50

func newAnnotationList(s *session, readoutID string, rev int, filter workspace.Tag, selected string, onFilter app.EventHandler) *annotationList {
	return &annotationList{sess: s, ReadoutID: readoutID, Rev: rev, Filter: filter, Selected: selected, onFilter: onFilter}
}

// onSelect reads the id from the entry's data attribute, so one handler
// serves every entry and no closure is made inside the loop.
func (l *annotationList) onSelect(ctx app.Context, e app.Event) {
	id := ctx.JSSrc().Get("dataset").Get("select").String()
	if l.sess.ws.Annotation(id) != nil {
		l.sess.choose(id)
	}
}

func (l *annotationList) onEarlier(ctx app.Context, e app.Event) { l.first -= listWindow }
func (l *annotationList) onLater(ctx app.Context, e app.Event)   { l.first += listWindow }

// window picks the entries to render: around the selection when it
// changed, else where the user scrolled the window to.
func (l *annotationList) window(items []*workspace.Annotation) (int, int) {
	if l.Selected != l.lastSelected {
		l.lastSelected = l.Selected
		for i, a := range items {
			if a.ID == l.Selected && (i < l.first || i >= l.first+listWindow) {
				l.first = i - listWindow/3
			}
		}
	}
	if l.first > len(items)-listWindow {
		l.first = len(items) - listWindow
	}
	if l.first < 0 {
		l.first = 0
	}
	return l.first, min(l.first+listWindow, len(items))
}

func (l *annotationList) onFilterChange(ctx app.Context, e app.Event) {
	if l.onFilter != nil {
		l.onFilter(ctx, e)
	}
}

func (l *annotationList) onVerdictFilter(ctx app.Context, e app.Event) {
	l.verdict = ctx.JSSrc().Get("value").String()
	l.first = 0
}

// withVerdict keeps the annotations whose check has the verdict (all for "").
func withVerdict(anns []*workspace.Annotation, verdict string) []*workspace.Annotation {
	if verdict == "" {
		return anns
	}
	var out []*workspace.Annotation
	for _, a := range anns {
		if a.Check != nil && a.Check.Verdict == verdict {
			out = append(out, a)
		}
	}
	return out
}

// verdictBadge is a check's verdict in the list: symbol and name, in the
// rating's colour (the symbol tells ratings apart without colour).
func verdictBadge(scale workspace.RatingScale, a *workspace.Annotation) app.UI {
	if a.Check == nil {
		return nil
	}
	r, ok := scale.Rating(a.Check.Verdict)
	if !ok {
		return app.Span().Class("fc-verdict").DataSet("verdict", "").Text("checking…")
	}
	return app.Span().Class("fc-verdict").DataSet("verdict", r.Name).Style("border-color", r.Color).Style("color", r.Color).
		Text(r.Symbol + " " + r.Name)
}

func (l *annotationList) Render() app.UI {
	anns := l.sess.ws.AnnotationsOf(l.ReadoutID) // one pass over the workspace
	counts := countTags(anns)
	scale := l.sess.ws.Scale()
	if _, ok := scale.Rating(l.verdict); !ok {
		l.verdict = ""
	}
	all := withVerdict(withTag(anns, l.Filter), l.verdict)
	from, to := l.window(all)
	items := all[from:to]
	return app.Section().Class("fc-list").DataSet("annotation-list", l.ReadoutID).Aria("label", "Annotations").Body(
		app.Header().Class("fc-list-head").Body(
			app.H2().Text("Annotations ("+itoa(len(anns))+")"),
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
			app.Label().Class("fc-filter").Body(
				app.Text("Verdict "),
				app.Select().Name("verdict-filter").OnChange(l.onVerdictFilter).Body(
					app.Option().Value("any").Selected(l.verdict == "").Text("any"),
					app.Range(scale).Slice(func(i int) app.UI {
						r := scale[i]
						return app.Option().Value(r.ID).Selected(l.verdict == r.ID).Text(r.Symbol + " " + r.Name)
					}),
				),
			),
		),
		app.P().Class("fc-empty").Text(listStatus(len(all), from, to)),
		app.Button().Type("button").Class("fc-list-more").DataSet("action", "list-earlier").
			Hidden(from == 0).Text("Show earlier entries").OnClick(l.onEarlier),
		app.Ol().Class("fc-entries").Attr("start", from+1).Body(
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
								verdictBadge(scale, a),
								app.Span().Class("fc-entry-quote").Text(quote),
								app.If(a.Note != "", func() app.UI {
									return app.Span().Class("fc-entry-note").Text(clip(a.Note, 120))
								}),
							),
					)
			}),
		),
		app.Button().Type("button").Class("fc-list-more").DataSet("action", "list-later").
			Hidden(to >= len(all)).Text("Show later entries").OnClick(l.onLater),
		newOrphanList(l.sess, l.ReadoutID, l.Rev),
	)
}

// listStatus says what the list shows.
func listStatus(n, from, to int) string {
	switch {
	case n == 0:
		return "None yet. Select a passage and press 1, 2 or 3."
	case to-from < n:
		return "Showing " + itoa(from+1) + "–" + itoa(to) + " of " + itoa(n) + "."
	}
	return ""
}
