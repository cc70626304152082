package ui

import (
	"framecheck/app/browser"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// versionForm adds a new version of a readout: its text goes through the
// same normalisation and limits as a new readout's, and every annotation
// is carried over (or listed as an orphan) in one undoable step.
type versionForm struct {
	app.Compo

	ReadoutID string

	sess   *session
	errMsg string
}

func newVersionForm(s *session, readoutID string) *versionForm {
	return &versionForm{sess: s, ReadoutID: readoutID}
}

func (f *versionForm) onSubmit(ctx app.Context, e app.Event) {
	v := browser.FormValues(`[data-form="version"]`, "text", "url")
	if err := f.sess.addVersion(f.ReadoutID, v["text"], v["url"]); err != nil {
		f.errMsg = "Not added: " + err.Error()
		return
	}
	f.errMsg = ""
}

func (f *versionForm) onCancel(ctx app.Context, e app.Event) {
	f.sess.versions.formFor = ""
	f.errMsg = ""
}

func (f *versionForm) Render() app.UI {
	return app.Form().Class("fc-form").DataSet("form", "version").Aria("label", "New version").
		OnSubmit(f.onSubmit).Body(
		app.H3().Text("New version of this readout"),
		app.P().Class("fc-form-error").Role("alert").Text(f.errMsg),
		app.P().Class("fc-hint").Text("Paste the text as it reads now. Annotations follow it; any that cannot be placed are kept as orphans."),
		field("URL of this version (optional)", app.Input().Type("text").Attr("inputmode", "url").Name("url").Placeholder("https://…")),
		field("Text (pasted exactly as published)", app.Textarea().Name("text").Rows(12).Attr("dir", "auto").Attr("spellcheck", "false")),
		app.Div().Class("fc-form-actions").Body(
			app.Button().Type("submit").Class("fc-primary").DataSet("action", "add-version").Text("Add version"),
			app.Button().Type("button").Text("Cancel").OnClick(f.onCancel),
		),
	)
}
