package ui

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"framecheck/app/browser"
	"framecheck/app/class"
	"framecheck/app/textpos"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// classView is the teacher's view of a class: the hand-ins loaded (files or
// a ZIP; refusals listed per file), one readout at a time as an overlay of
// the class's annotations, who tagged a place, the passages and the
// agreement figures.
type classView struct {
	app.Compo

	Rev int

	sh      *shell
	painted string // what the overlay shows, to repaint only on change
	pieces  []browser.Piece
	starts  []int // code point where each piece starts
}

func newClassView(sh *shell, rev int) *classView { return &classView{sh: sh, Rev: rev} }

const overlaySel = `[data-class-text]`

func (v *classView) OnMount(ctx app.Context)  { v.paint(ctx) }
func (v *classView) OnUpdate(ctx app.Context) { v.paint(ctx) }

// paint fills the overlay through app/browser after go-app has rendered
// its (empty) element.
func (v *classView) paint(ctx app.Context) {
	cs := v.sh.cls
	if cs == nil || cs.c == nil || len(cs.c.Readouts) == 0 {
		v.painted = ""
		return
	}
	key := fmt.Sprintf("%p %d %v %v", cs.c, cs.readout, cs.off, cs.keyOff)
	if key == v.painted {
		return
	}
	v.pieces = browser.Blocks(cs.pieces())
	v.starts = v.starts[:0]
	at := 0
	for _, p := range v.pieces {
		v.starts = append(v.starts, at)
		at += utf8.RuneCountInString(p.Text) // code points, as textpos counts them, without building an index per piece
	}
	ctx.Defer(func(app.Context) {
		browser.PaintOverlay(overlaySel, v.pieces)
		v.painted = key
		if cs.listed != cs.shown() {
			v.listAfterPaint(ctx)
		}
	})
}

// listAfterPaint lists the passages of the class and readout shown once the
// frame that shows their overlay and figures is painted: listing them cost
// that frame some 40 ms (more in the page's first class). It dispatches
// through the shell's context, because this view may be gone by then.
func (v *classView) listAfterPaint(ctx app.Context) {
	cs, want, ui := v.sh.cls, v.sh.cls.shown(), v.sh.uiCtx(ctx)
	browser.AfterNextPaint(func() {
		ui.Dispatch(func(app.Context) {
			if cs.shown() == want { // still what is shown
				cs.listed = want
				v.sh.clsRev++
			}
		})
	})
}

func (v *classView) onFiles(ctx app.Context, e app.Event) {
	if files := browser.PickedFiles(`input[name="class-files"]`); len(files) > 0 {
		v.sh.loadClass(ctx, files)
	}
}

func (v *classView) onStudent(ctx app.Context, e app.Event) {
	cs := v.sh.cls
	name := ctx.JSSrc().Get("dataset").Get("classStudent").String()
	cs.off[name] = !ctx.JSSrc().Get("checked").Bool()
	cs.hitAt, cs.hits, cs.open = -1, nil, -1
	v.sh.clsRev++
}

func (v *classView) onKeyLayer(ctx app.Context, e app.Event) {
	v.sh.cls.keyOff = !ctx.JSSrc().Get("checked").Bool()
	v.sh.clsRev++
}

func (v *classView) onReadout(ctx app.Context, e app.Event) {
	cs := v.sh.cls
	i, err := strconv.Atoi(ctx.JSSrc().Get("dataset").Get("classReadout").String())
	if err != nil || i < 0 || i >= len(cs.c.Readouts) {
		return
	}
	cs.readout, cs.hitAt, cs.hits, cs.open = i, -1, nil, -1
	v.sh.clsRev++
}

// onPlace lists who tagged the place clicked.
func (v *classView) onPlace(ctx app.Context, e app.Event) {
	cs := v.sh.cls
	piece, off, ok := browser.OverlayCaret(overlaySel)
	if !ok || piece >= len(v.pieces) {
		return
	}
	cp, err := textpos.New(v.pieces[piece].Text).UTF16ToCodePoint(off)
	if err != nil {
		return
	}
	cs.hitAt = v.starts[piece] + cp
	cs.hits = cs.c.At(cs.readout, cs.hitAt, cs.on, !cs.keyOff)
	v.sh.clsRev++
}

// onCopy copies the annotation of the button into the teacher's workspace.
func (v *classView) onCopy(ctx app.Context, e app.Event) {
	cs := v.sh.cls
	h, ok := cs.c.Annotation(cs.readout, ctx.JSSrc().Get("dataset").Get("copy").String())
	if !ok {
		return
	}
	if err := v.sh.copyToMine(h); err != nil {
		cs.message = err.Error()
	} else {
		cs.message = v.sh.sess.message
	}
	v.sh.clsRev++
}

func (v *classView) onExport(ctx app.Context, e app.Event) {
	if err := v.sh.exportClass(); err != nil {
		v.sh.cls.message = "Not exported: " + err.Error()
	}
	v.sh.clsRev++
}

func (v *classView) onCSV(ctx app.Context, e app.Event) {
	if err := v.sh.exportClassCSV(); err != nil {
		v.sh.cls.message = "Not exported: " + err.Error()
	}
	v.sh.clsRev++
}

func (v *classView) onPrint(ctx app.Context, e app.Event) { browser.Print() }

// copyButton copies an annotation into the teacher's own workspace.
func copyButton(id string, onCopy app.EventHandler) app.UI {
	return app.Button().Type("button").DataSet("action", "copy-annotation").DataSet("copy", id).
		Title("Copy into my workspace (as an example for next time)").Text("Copy to mine").OnClick(onCopy)
}

func (v *classView) Render() app.UI {
	cs := v.sh.cls
	if cs == nil {
		cs = newClassState()
		v.sh.cls = cs
	}
	c := cs.c
	head := app.Div().Class("fc-class-load").Body(
		app.Label().For("class-files").Text("Hand-ins (framecheck files, or one ZIP): "),
		app.Input().Type("file").ID("class-files").Name("class-files").Multiple(true).Accept(".json,.zip,application/json,application/zip").
			Aria("label", "Hand-ins: framecheck files or one ZIP").OnChange(v.onFiles),
		app.Span().Text(" or drop the students' files, or the ZIP your learning platform gives, on the page."),
	)
	title := "Class view"
	if c != nil && c.Assignment.Title != "" {
		title = "Class view: " + c.Assignment.Title
	}
	body := []app.UI{
		app.H2().Text(title),
		head,
		app.P().Class("fc-class-message").Role("status").DataSet("class-message", "1").Text(cs.message),
	}
	if c == nil || cs.loading {
		body = append(body, app.P().Text("Load the files your students handed in. Each file is checked on its own; those that do not belong are listed with the reason."))
		return app.Section().Class("fc-class").DataSet("panel", "class").Aria("label", "Class view").Body(body...)
	}
	body = append(body,
		app.Details().Class("fc-class-refusals").DataSet("class-refusals", itoa(len(c.Refused))).Open(len(c.Refused) > 0).Body(
			app.Summary().Text(fmt.Sprintf("%d files set aside", len(c.Refused))),
			app.Ul().Body(app.Range(c.Refused).Slice(func(i int) app.UI {
				r := c.Refused[i]
				return app.Li().DataSet("refused-file", r.File).Body(app.Strong().Text(r.File), app.Text(": "+r.Reason))
			})),
		),
		app.Ul().Class("fc-class-notes").Body(app.Range(c.Notes).Slice(func(i int) app.UI { return app.Li().Text(c.Notes[i]) })),
	)
	if len(c.Readouts) == 0 {
		return app.Section().Class("fc-class").DataSet("panel", "class").Aria("label", "Class view").Body(body...)
	}
	r := c.Readouts[cs.readout]
	body = append(body,
		app.Nav().Class("fc-tabs").Aria("label", "Readouts of the assignment").Role("tablist").Body(
			app.Range(c.Readouts).Slice(func(i int) app.UI {
				return app.Button().Type("button").Role("tab").Class("fc-tab").DataSet("class-readout", itoa(i)).
					Aria("selected", i == cs.readout).Text(c.Readouts[i].Title).OnClick(v.onReadout)
			}),
		),
		app.FieldSet().Class("fc-class-students").Body(
			app.Legend().Text(fmt.Sprintf("Students (%d)", len(c.Students))),
			app.Range(c.Students).Slice(func(i int) app.UI {
				n := c.Students[i].Name
				return app.Label().Body(app.Input().Type("checkbox").DataSet("class-student", n).Checked(cs.on(n)).OnChange(v.onStudent), app.Text(" "+n))
			}),
			app.If(c.Key != nil, func() app.UI {
				return app.Label().Class("fc-class-keylayer").Body(app.Input().Type("checkbox").DataSet("class-layer", "key").Checked(!cs.keyOff).OnChange(v.onKeyLayer), app.Text(" Answer key (your workspace)"))
			}),
		),
		app.P().Class("fc-class-legend").Aria("hidden", true).Body(
			app.Span().Class("fc-legend", "fc-legend-fact").Text("Fact"),
			app.Span().Class("fc-legend", "fc-legend-framing").Text("Framing"),
			app.Span().Class("fc-legend", "fc-legend-omission").Text("Omission"),
			app.Span().Class("fc-legend", "fc-legend-key").Text("Key"),
			app.Text(" Darker: more of the students shown tagged it. Click a place to see who."),
		),
		app.Div().Class("fc-class-text").DataSet("class-text", r.ID).Attr("dir", "auto").Attr("tabindex", "0").
			Aria("label", "Class overlay of "+r.Title).OnClick(v.onPlace),
		app.Div().Class("fc-class-hits").DataSet("class-hits", itoa(len(cs.hits))).Body(
			app.If(cs.hitAt >= 0, func() app.UI {
				if len(cs.hits) == 0 {
					return app.P().Text("Nobody tagged this place.")
				}
				return app.Ul().Body(app.Range(cs.hits).Slice(func(i int) app.UI {
					h := cs.hits[i]
					who := h.Student
					if who == class.KeyCoder {
						who = "Key"
					}
					return app.Li().DataSet("hit-student", h.Student).DataSet("tag", string(h.Annotation.Tag)).Body(
						app.Strong().Text(who), app.Text(" · "+h.Annotation.Tag.Label()+" · “"+clip(h.Annotation.Exact, 80)+"”"),
						app.If(h.Annotation.Note != "", func() app.UI { return app.Span().Class("fc-note").Text(" — " + h.Annotation.Note) }),
						app.If(h.Student != class.KeyCoder, func() app.UI { return copyButton(h.Annotation.ID, v.onCopy) }),
					)
				}))
			}),
		),
		newPassageList(v.sh, v.Rev, v.onCopy),
		newAgreementPanel(v.sh, v.Rev),
		app.Div().Class("fc-form-actions").Body(
			app.Button().Type("button").DataSet("action", "class-export").Text("Export the class (framecheck JSON)").OnClick(v.onExport),
			app.Button().Type("button").DataSet("action", "class-csv").Text("Export CSV").OnClick(v.onCSV),
			app.Button().Type("button").DataSet("action", "print-agreement").Text("Print the figures").OnClick(v.onPrint),
		),
	)
	return app.Section().Class("fc-class").DataSet("panel", "class").Aria("label", "Class view").Body(body...)
}
