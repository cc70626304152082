package ui

import (
	"fmt"

	"framecheck/app/agreement"
	"framecheck/app/class"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// agreementPanel shows the agreement figures of the readout shown, among
// the students shown: Krippendorff's alpha_u per tag and overall, pairwise
// span F1 between students, and each student against the key. Every figure
// carries its definition (tooltip and footnote) and says plainly when it
// is undefined. It prints on its own (print stylesheet).
type agreementPanel struct {
	app.Compo

	Rev int

	sh *shell
}

func newAgreementPanel(sh *shell, rev int) *agreementPanel { return &agreementPanel{sh: sh, Rev: rev} }

// definition returns the one-line definition of a figure from
// app/agreement, or a fallback.
func definition(key, fallback string) string {
	if d := agreement.Definitions[key]; d != "" {
		return d
	}
	return fallback
}

// catName is how a figure category is named on screen and in hooks.
func catName(cat string) string {
	if cat == "" {
		return "all"
	}
	return cat
}

// figure shows a figure with three decimals, or "undefined" with why.
func figure(hook string, cat string, f agreement.Figure) app.HTMLTd {
	td := app.Td().DataSet("agreement", hook).DataSet("tag", catName(cat))
	if !f.Defined {
		return td.DataSet("undefined", "1").Title("Undefined because "+f.Why).Body(
			app.Span().Text("undefined"), app.Small().Class("fc-why").Text(" because "+f.Why))
	}
	return td.Text(class.Format(f))
}

// pairMatrix draws the pairwise F1 as a matrix: a row and a column per
// student, exact above the diagonal and overlap below it.
func pairMatrix(coders []string, pairs []agreement.Pair) app.UI {
	at := make(map[[2]string]agreement.Pair, len(pairs))
	for _, p := range pairs {
		at[[2]string{p.A, p.B}] = p
		at[[2]string{p.B, p.A}] = p
	}
	return app.Table().Class("fc-figures", "fc-matrix").DataSet("agreement", "pairwise").Body(
		app.Caption().Text("Above the diagonal: exact match; below it: overlap of at least half the shorter span."),
		app.THead().Body(app.Tr().Body(app.Th().Body(app.Span().Class("fc-sr-only").Text("Student")),
			app.Range(coders).Slice(func(j int) app.UI { return app.Th().Attr("scope", "col").Text(coders[j]) }))),
		app.TBody().Body(app.Range(coders).Slice(func(i int) app.UI {
			cells := []app.UI{app.Th().Attr("scope", "row").Text(coders[i])}
			for j := range coders {
				p, ok := at[[2]string{coders[i], coders[j]}]
				switch {
				case i == j || !ok:
					cells = append(cells, app.Td().Text("—"))
				case j > i:
					cells = append(cells, figure("f1-exact", "", p.Exact).DataSet("pair", coders[i]+" / "+coders[j]))
				default:
					cells = append(cells, figure("f1-overlap", "", p.Overlap).DataSet("pair", coders[j]+" / "+coders[i]))
				}
			}
			return app.Tr().Body(cells...)
		})),
	)
}

func (p *agreementPanel) onPairs(ctx app.Context, e app.Event) {
	p.sh.cls.showPairs = !p.sh.cls.showPairs
	p.sh.clsRev++
}

func (p *agreementPanel) Render() app.UI {
	cs := p.sh.cls
	if cs == nil || cs.c == nil || len(cs.c.Readouts) == 0 {
		return app.Div()
	}
	f := cs.figures()
	cats := class.Cats()
	alphaDef := definition("alpha-u", "Krippendorff's unitizing alpha (alpha_u): 1 minus observed over expected disagreement of the students' tagging of each code point; 1 is perfect agreement, 0 what chance gives.")
	exactDef := definition("f1-exact", "Span F1, exact: share of two students' spans that match in start, end and tag.")
	overlapDef := definition("f1-overlap", "Span F1, overlap: spans of the same tag match when they overlap by at least half of the shorter one.")
	keyDef := definition("precision", "Precision: the share of the student's spans that match a key span.") + " " +
		definition("recall", "Recall: the share of the key's spans the student found.") + " " +
		definition("f1-key", "F1: the harmonic mean of precision and recall.")
	allDef := definition("alpha-u-all", "")
	var pairs []agreement.Pair
	if cs.showPairs {
		pairs = cs.pairsShown()
	}
	return app.Section().Class("fc-agreement").DataSet("panel", "agreement").Aria("label", "Agreement figures").Body(
		app.H3().Text(fmt.Sprintf("Agreement on %q among %d students", cs.c.Readouts[cs.readout].Title, len(f.Coders))),
		app.Table().Class("fc-figures").Body(
			app.THead().Body(app.Tr().Body(app.Th().Text("Figure"),
				app.Range(cats).Slice(func(i int) app.UI { return app.Th().Text(catName(cats[i])) }))),
			app.TBody().Body(app.Tr().Body(
				app.Th().Title(alphaDef).Body(app.Text("alpha_u"), app.Sup().Text("1")),
				app.Range(cats).Slice(func(i int) app.UI { return figure("alpha-u", cats[i], f.Alpha[cats[i]]) }),
			)),
		),
		app.H4().Body(app.Text("Pairwise span F1, all tags (exact / overlap)"), app.Sup().Text("2")),
		app.If(len(f.Coders) < 2, func() app.UI {
			return app.P().DataSet("agreement", "pairwise").Text("Undefined because there are fewer than two students.")
		}).ElseIf(!cs.showPairs, func() app.UI {
			n := len(f.Coders)
			return app.Button().Type("button").DataSet("action", "show-pairs").Aria("expanded", false).
				Text(fmt.Sprintf("Show the %d pairs", n*(n-1)/2)).OnClick(p.onPairs)
		}).Else(func() app.UI {
			return pairMatrix(f.Coders, pairs)
		}),
		app.If(f.Key != nil, func() app.UI {
			return app.Div().Body(
				app.H4().Body(app.Text("Against the key (precision / recall / F1)"), app.Sup().Text("3")),
				app.Table().Class("fc-figures").DataSet("agreement", "key").Body(
					app.THead().Body(app.Tr().Body(app.Th().Text("Student"),
						app.Range(cats).Slice(func(i int) app.UI { return app.Th().ColSpan(3).Text(catName(cats[i])) }))),
					app.TBody().Body(app.Range(f.Coders).Slice(func(i int) app.UI {
						name := f.Coders[i]
						var cells []app.UI
						cells = append(cells, app.Th().Text(name))
						for _, cat := range cats {
							sc := f.Key[name][cat]
							cells = append(cells, figure("precision", cat, sc.Precision), figure("recall", cat, sc.Recall), figure("f1-key", cat, sc.F1))
						}
						return app.Tr().DataSet("key-student", name).Body(cells...)
					})),
				),
			)
		}).Else(func() app.UI {
			return app.P().Text("No answer key: open the workspace you made the pack from (with your annotations) before loading the hand-ins to compare each student with it.")
		}),
		app.Ol().Class("fc-footnotes").Body(
			app.Li().Text(alphaDef+" "+allDef),
			app.Li().Text(exactDef+" "+overlapDef),
			app.Li().Text(keyDef),
		),
	)
}
