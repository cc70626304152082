package ui

import (
	"fmt"

	"framecheck/app/browser"
	"framecheck/app/compare"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// summaryPanel sums up the compared pair: counts per tag, omissions each
// way, counterparts side by side. It prints on its own (print stylesheet)
// and copies as Markdown.
type summaryPanel struct {
	app.Compo

	Left, Right string
	Rev         int

	sess *session
}

func newSummaryPanel(s *session) *summaryPanel {
	return &summaryPanel{sess: s, Left: s.cmp.left, Right: s.cmp.right, Rev: s.rev}
}

func (p *summaryPanel) onCopy(ctx app.Context, e app.Event) {
	sum, err := compare.Summarize(p.sess.ws, p.Left, p.Right)
	if err != nil {
		p.sess.fail(err)
		return
	}
	browser.CopyText(sum.Markdown(), func(err error) {
		ctx.Dispatch(func(app.Context) {
			if err != nil {
				p.sess.fail(fmt.Errorf("copy: %w", err))
				return
			}
			p.sess.notice("Summary copied as Markdown")
		})
	})
}

func (p *summaryPanel) onPrint(ctx app.Context, e app.Event) {
	browser.Print()
	ctx.PreventUpdate()
}

func (p *summaryPanel) onClose(ctx app.Context, e app.Event) {
	p.sess.cmp.closeSummary()
}

func (p *summaryPanel) Render() app.UI {
	sum, err := compare.Summarize(p.sess.ws, p.Left, p.Right)
	if err != nil {
		return app.Section().Class("fc-summary").DataSet("panel", "summary").Body(app.P().Class("fc-empty").Text(err.Error()))
	}
	an, bn := sum.A.Title, sum.B.Title
	return app.Section().Class("fc-summary").DataSet("panel", "summary").Aria("label", "Summary of the comparison").Body(
		app.Div().Class("fc-summary-head").Body(
			app.H2().Text(an+" and "+bn+" compared"),
			app.Div().Class("fc-summary-actions").Body(
				app.Button().Type("button").DataSet("action", "copy-summary").Text("Copy as Markdown").OnClick(p.onCopy),
				app.Button().Type("button").DataSet("action", "print-summary").Text("Print").OnClick(p.onPrint),
				app.Button().Type("button").DataSet("action", "close-summary").Text("Close").OnClick(p.onClose),
			),
		),
		app.Table().Class("fc-summary-counts").DataSet("table", "counts").Body(
			app.THead().Body(app.Tr().Body(app.Th().Text("Tag"), app.Th().Text(an), app.Th().Text(bn))),
			app.TBody().Body(
				app.Range(workspace.Tags).Slice(func(i int) app.UI {
					t := workspace.Tags[i]
					return app.Tr().DataSet("tag", string(t)).Body(
						app.Th().Body(app.Span().Class("fc-swatch", "fc-swatch-"+string(t)), app.Text(" "+t.Label())),
						app.Td().Text(itoa(sum.CountsA[t])), app.Td().Text(itoa(sum.CountsB[t])),
					)
				}),
				app.Tr().Body(app.Th().Text("All"), app.Td().Text(itoa(sum.AnnotationsA)), app.Td().Text(itoa(sum.AnnotationsB))),
			),
		),
		p.renderVerdicts(an, bn),
		p.renderMissing("In "+an+", not in "+bn, "a-not-b", sum.InANotB),
		p.renderMissing("In "+bn+", not in "+an, "b-not-a", sum.InBNotA),
		app.H3().Text("Counterparts ("+itoa(len(sum.Counterparts))+")"),
		app.If(len(sum.Counterparts) == 0, func() app.UI {
			return app.P().Class("fc-empty").Text("None linked yet: select a span, press L, pick its counterpart.")
		}).Else(func() app.UI {
			return app.Table().Class("fc-summary-pairs").DataSet("table", "counterparts").Body(
				app.THead().Body(app.Tr().Body(app.Th().Text(an), app.Th().Text(bn), app.Th().Text("Note"))),
				app.TBody().Body(
					app.Range(sum.Counterparts).Slice(func(i int) app.UI {
						c := sum.Counterparts[i]
						return app.Tr().Body(
							app.Td().Class("fc-tag-"+string(c.A.Tag)).Text("“"+c.A.Exact+"”"),
							app.Td().Class("fc-tag-"+string(c.B.Tag)).Text("“"+c.B.Exact+"”"),
							app.Td().Text(c.Note),
						)
					}),
				),
			)
		}),
	)
}

func (p *summaryPanel) renderMissing(title, key string, list []compare.Missing) app.UI {
	return app.Div().Class("fc-summary-missing").DataSet("missing", key).Body(
		app.H3().Text(title+" ("+itoa(len(list))+")"),
		app.If(len(list) == 0, func() app.UI {
			return app.P().Class("fc-empty").Text("None marked.")
		}).Else(func() app.UI {
			return app.Ul().Body(app.Range(list).Slice(func(i int) app.UI {
				m := list[i]
				quote := "(something is missing here)"
				if m.Quote != "" {
					quote = "“" + m.Quote + "”"
				}
				return app.Li().Body(
					app.Span().Class("fc-summary-quote").Text(quote),
					app.If(m.Context != "", func() app.UI { return app.Span().Class("fc-context").Text(" missing at " + m.Context) }),
					app.If(m.Note != "", func() app.UI { return app.Span().Class("fc-entry-note").Text(" — " + m.Note) }),
				)
			}))
		}),
	)
}

// renderVerdicts counts the check verdicts of each readout, per rating of
// the scale; nothing when neither readout has a verdict yet.
func (p *summaryPanel) renderVerdicts(an, bn string) app.UI {
	ws := p.sess.ws
	va, vb := ws.Verdicts(p.Left), ws.Verdicts(p.Right)
	if len(va) == 0 && len(vb) == 0 {
		return nil
	}
	scale := ws.Scale()
	return app.Table().Class("fc-summary-counts").DataSet("table", "verdicts").Body(
		app.THead().Body(app.Tr().Body(app.Th().Text("Verdict"), app.Th().Text(an), app.Th().Text(bn))),
		app.TBody().Body(
			app.Range(scale).Slice(func(i int) app.UI {
				r := scale[i]
				return app.Tr().DataSet("verdict", r.Name).Body(
					app.Th().Body(app.Span().Style("color", r.Color).Text(r.Symbol), app.Text(" "+r.Name)),
					app.Td().Text(itoa(va[r.ID])), app.Td().Text(itoa(vb[r.ID])),
				)
			}),
		),
	)
}
