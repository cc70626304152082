package ui

import (
	"fmt"
	"strconv"
	"strings"

	"framecheck/app/agreement"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// passageList lists the passages of the readout shown: overlapping spans
// of different students grouped, with how many students found each and the
// tag split; one passage at a time opens with the students' quotes and
// notes.
type passageList struct {
	app.Compo

	Rev int

	sh     *shell
	onCopy app.EventHandler
}

func newPassageList(sh *shell, rev int, onCopy app.EventHandler) *passageList {
	return &passageList{sh: sh, Rev: rev, onCopy: onCopy}
}

func (p *passageList) onSort(ctx app.Context, e app.Event) {
	cs := p.sh.cls
	cs.sort = ctx.JSSrc().Get("value").String()
	cs.open = -1
	p.sh.clsRev++
}

// passageWindow is how many passages are listed before "Show all".
const passageWindow = 40

func (p *passageList) onAll(ctx app.Context, e app.Event) {
	p.sh.cls.allPass = true
	p.sh.clsRev++
}

func (p *passageList) onOpen(ctx app.Context, e app.Event) {
	cs := p.sh.cls
	i, err := strconv.Atoi(ctx.JSSrc().Get("dataset").Get("passage").String())
	if err != nil {
		return
	}
	if cs.open == i {
		cs.open = -1
	} else {
		cs.open = i
	}
	p.sh.clsRev++
}

// split says how a passage's spans divide among the tags: "11 framing, 4
// fact", largest first.
func split(ps agreement.Passage) string {
	var parts []string
	for n := len(ps.Spans); n > 0; n-- {
		for _, t := range workspace.Tags {
			if ps.ByCat[string(t)] == n {
				parts = append(parts, fmt.Sprintf("%d %s", n, t))
			}
		}
	}
	return strings.Join(parts, ", ")
}

func (p *passageList) Render() app.UI {
	cs := p.sh.cls
	if cs == nil || cs.c == nil || len(cs.c.Readouts) == 0 {
		return app.Div()
	}
	if cs.listed != cs.shown() {
		return app.Section().Class("fc-passages").DataSet("panel", "passages").Aria("label", "Passages").Body(
			app.H3().Text("Passages"),
			app.P().Role("status").Text("Listing the passages…"),
		)
	}
	all := cs.passages()
	ps := all
	if !cs.allPass && len(ps) > passageWindow {
		ps = ps[:passageWindow]
	}
	n := len(cs.figures().Coders)
	return app.Section().Class("fc-passages").DataSet("panel", "passages").Aria("label", "Passages").Body(
		app.H3().Text(fmt.Sprintf("Passages (%d)", len(all))),
		app.Label().Body(app.Text("Sort by "),
			app.Select().Name("passage-sort").OnChange(p.onSort).Body(
				app.Option().Value("agreement").Selected(cs.sort == "agreement").Text("agreement (most students first)"),
				app.Option().Value("position").Selected(cs.sort == "position").Text("position in the text"),
			),
		),
		app.Ol().Body(app.Range(ps).Slice(func(i int) app.UI {
			pa := ps[i]
			t := cs.c.Readouts[cs.readout].Positions()
			quote, _ := t.Slice(pa.Start, pa.End)
			li := app.Li().DataSet("passage", itoa(i)).DataSet("students", itoa(pa.Coders)).DataSet("start", itoa(pa.Start)).Body(
				app.Button().Type("button").Class("fc-passage-head").DataSet("passage", itoa(i)).Aria("expanded", cs.open == i).OnClick(p.onOpen).Body(
					app.Strong().Text(fmt.Sprintf("%d of %d students", pa.Coders, n)),
					app.Text(" · "+split(pa)+" · “"+clip(quote, 90)+"”"),
				),
				app.If(cs.open == i, func() app.UI {
					return app.Ul().Class("fc-passage-quotes").Body(app.Range(pa.Spans).Slice(func(j int) app.UI {
						sp := pa.Spans[j]
						h, ok := cs.c.Annotation(cs.readout, sp.ID)
						if !ok {
							return app.Li().Text(sp.Coder)
						}
						return app.Li().DataSet("quote-student", sp.Coder).Body(
							app.Strong().Text(sp.Coder), app.Text(" · "+h.Annotation.Tag.Label()+" · “"+clip(h.Annotation.Exact, 120)+"”"),
							app.If(h.Annotation.Note != "", func() app.UI { return app.Span().Class("fc-note").Text(" — " + h.Annotation.Note) }),
							copyButton(sp.ID, p.onCopy),
						)
					}))
				}),
			)
			return li
		})),
		app.If(len(ps) < len(all), func() app.UI {
			return app.Button().Type("button").DataSet("action", "all-passages").Text(fmt.Sprintf("Show all %d passages", len(all))).OnClick(p.onAll)
		}),
	)
}
