package ui

import (
	"strconv"

	"framecheck/app/align"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// suggestPanel lists the alignment suggestions still open for the two
// columns. Each is one click from a link or an omission; none is saved or
// exported until then.
type suggestPanel struct {
	app.Compo

	Rev    int
	CmpRev int

	sess *session
}

func newSuggestPanel(s *session) *suggestPanel {
	return &suggestPanel{sess: s, Rev: s.rev, CmpRev: s.cmp.rev}
}

func (p *suggestPanel) onFocus(ctx app.Context, e app.Event) {
	p.sess.cmp.focusSuggestion(ctx.JSSrc().Get("dataset").Get("key").String())
}

func (p *suggestPanel) onAccept(ctx app.Context, e app.Event) {
	p.sess.acceptSuggestion(ctx.JSSrc().Get("dataset").Get("key").String())
}

func (p *suggestPanel) onClose(ctx app.Context, e app.Event) { p.sess.cmp.closeSuggest() }

// sentence is the text of a suggested span.
func sentence(r *workspace.Readout, s align.Span) string {
	q, err := r.Positions().Slice(s.Start, s.End)
	if err != nil {
		return ""
	}
	return q
}

func (p *suggestPanel) Render() app.UI {
	sg := p.sess.cmp.suggest
	open, ok := p.sess.cmp.openSuggestions(p.sess.ws)
	if sg == nil || !ok {
		return app.Section().Class("fc-panel", "fc-suggest").DataSet("panel", "suggestions").Body(
			app.P().Class("fc-empty").Text("Aligning the two readouts…"),
		)
	}
	ws := p.sess.ws
	ra, rb := ws.Readout(sg.a), ws.Readout(sg.b)
	entry := func(key, kind, text string, accept string, title string) app.UI {
		return app.Li().DataSet("suggestion", key).DataSet("kind", kind).Aria("current", key == sg.focus).Body(
			app.Button().Type("button").Class("fc-sugg-text").DataSet("key", key).
				Title("Show it in both columns").Text(text).OnClick(p.onFocus),
			app.Button().Type("button").DataSet("action", "accept-suggestion").DataSet("key", key).
				Title(title).Text(accept).OnClick(p.onAccept),
		)
	}
	gaps := func(list string, spans []align.Span, prefix string, in, other *workspace.Readout, lead string) app.UI {
		return app.Ul().Class("fc-sugg-list").DataSet("list", list).Body(
			app.Range(spans).Slice(func(i int) app.UI {
				g := spans[i]
				kind := "sentence"
				if lead != "" {
					kind = "clause"
				}
				return entry(gapKey(prefix, g), kind, lead+"“"+clip(sentence(in, g), 200)+"”", "Omitted by "+clip(other.Title, 30), "Tag it Omission, omitted by "+other.Title)
			}),
		)
	}
	return app.Section().Class("fc-panel", "fc-suggest").DataSet("panel", "suggestions").Aria("label", "Suggestions").Body(
		app.H2().Body(
			app.Text("Suggestions ("+itoa(open.Len())+")"),
			app.Button().Type("button").Class("fc-close").DataSet("action", "close-suggestions").Title("Hide the suggestions").Text("×").OnClick(p.onClose),
		),
		app.P().Class("fc-hint").Text("Green underline: a likely counterpart in the other column. Wavy pink: same topic, opposite claim. Amber: no counterpart found there (a sentence, or a clause of a partial counterpart). Nothing is saved until you click Link or Omitted by."),
		app.H3().Text("Likely counterparts ("+itoa(len(open.Pairs))+")"),
		app.Ul().Class("fc-sugg-list").DataSet("list", "pairs").Body(
			app.Range(open.Pairs).Slice(func(i int) app.UI {
				q := open.Pairs[i]
				kind, note := "full", ""
				switch {
				case q.Opposite:
					kind, note = "opposite", "same topic, opposite claim: "
				case q.Partial:
					kind, note = "partial", "partial: "
				}
				text := note + "“" + clip(sentence(ra, q.A), 140) + "” ↔ “" + clip(sentence(rb, q.B), 140) + "” (" + strconv.FormatFloat(q.Score, 'f', 2, 64) + ")"
				return entry(pairKey(q), kind, text, "Link", "Tag both sentences and link them as counterparts")
			}),
		),
		app.H3().Text("Only in "+ra.Title+" ("+itoa(len(open.OnlyA)+len(open.RestA))+")"),
		gaps("only-a", open.OnlyA, "a", ra, rb, ""),
		gaps("rest-a", open.RestA, "ra", ra, rb, "only here: "),
		app.H3().Text("Only in "+rb.Title+" ("+itoa(len(open.OnlyB)+len(open.RestB))+")"),
		gaps("only-b", open.OnlyB, "b", rb, ra, ""),
		gaps("rest-b", open.RestB, "rb", rb, ra, "only here: "),
	)
}
