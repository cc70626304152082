package ui

import (
	"fmt"

	"framecheck/app/browser"
	"framecheck/app/class"
	"framecheck/app/fcjson"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// packForm makes a class pack of the open workspace: a title, the
// instructions, and whether the teacher's annotations go along as examples
// or stay behind as the answer key.
type packForm struct {
	app.Compo

	sess   *session
	done   func(app.Context)
	errMsg string
}

func newPackForm(s *session, done func(app.Context)) *packForm {
	return &packForm{sess: s, done: done}
}

func (f *packForm) onSubmit(ctx app.Context, e app.Event) {
	v := browser.FormValues(`[data-form="pack"]`, "pack-title", "pack-instructions", "pack-annotations")
	ws := f.sess.ws
	p, err := class.MakePack(ws, v["pack-title"], v["pack-instructions"], v["pack-annotations"] == "examples", f.sess.now())
	if err == nil {
		var data []byte
		if data, err = fcjson.Encode(p, p.CreatedAt); err == nil {
			err = browser.Download(class.PackName(p.Assignment.Title), "application/json", data)
		}
	}
	if err != nil {
		f.errMsg = "No pack made: " + err.Error()
		return
	}
	f.errMsg = ""
	what := "your annotations stay here as the answer key"
	if v["pack-annotations"] == "examples" {
		what = fmt.Sprintf("with your %d annotations as examples", len(p.Annotations))
	}
	f.sess.notice("Made " + class.PackName(p.Assignment.Title) + " (" + what + "). Give it to the class; collect the hand-ins in Class view.")
	if f.done != nil {
		f.done(ctx)
	}
}

func (f *packForm) onCancel(ctx app.Context, e app.Event) {
	if f.done != nil {
		f.done(ctx)
	}
}

func (f *packForm) Render() app.UI {
	n := len(f.sess.ws.Annotations)
	return app.Form().Class("fc-form").DataSet("form", "pack").Aria("label", "Make a class pack").OnSubmit(f.onSubmit).Body(
		app.H2().Text("Make a class pack"),
		app.P().Class("fc-form-error").Role("alert").Text(f.errMsg),
		app.P().Text(fmt.Sprintf("The pack holds the %d readouts of this workspace. Students open it, annotate, and hand in a file each.", len(f.sess.ws.Readouts))),
		field("Assignment title", app.Input().Type("text").Name("pack-title").Required(true).Value(f.sess.ws.Title)),
		field("Instructions (blank lines separate paragraphs)", app.Textarea().Name("pack-instructions").Rows(6).Attr("dir", "auto")),
		app.FieldSet().Body(
			app.Legend().Text(fmt.Sprintf("Your %d annotations", n)),
			app.Label().Body(app.Input().Type("radio").Name("pack-annotations").Value("key").Checked(true), app.Text(" stay here as the answer key (students see none)")),
			app.Label().Body(app.Input().Type("radio").Name("pack-annotations").Value("examples"), app.Text(" go into the pack as visible examples")),
		),
		app.Div().Class("fc-form-actions").Body(
			app.Button().Type("submit").Class("fc-primary").DataSet("action", "pack-download").Text("Download the pack"),
			app.Button().Type("button").Text("Cancel").OnClick(f.onCancel),
		),
	)
}
