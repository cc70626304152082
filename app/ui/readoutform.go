package ui

import (
	"framecheck/app/browser"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// readoutForm adds a readout. The fields are not bound to state: what the
// user typed stays in them when the form refuses the input.
type readoutForm struct {
	app.Compo

	sess   *session
	done   func(app.Context)
	errMsg string
}

func newReadoutForm(s *session, done func(app.Context)) *readoutForm {
	return &readoutForm{sess: s, done: done}
}

var readoutFields = []string{"title", "source", "url", "publishedAt", "language", "text"}

func (f *readoutForm) onSubmit(ctx app.Context, e app.Event) {
	v := browser.FormValues(`[data-form="readout"]`, readoutFields...)
	r, err := workspace.NewReadout(v["title"], v["source"], v["url"], v["publishedAt"], v["language"], v["text"])
	if err != nil {
		f.errMsg = "Not added: " + err.Error()
		return
	}
	if err := f.sess.apply(workspace.AddReadout{Readout: r, Index: -1}); err != nil {
		f.errMsg = "Not added: " + err.Error()
		return
	}
	f.sess.activeReadout = r.ID
	f.sess.selected = ""
	f.sess.notice("Added " + r.Title)
	f.errMsg = ""
	if f.done != nil {
		f.done(ctx)
	}
}

func (f *readoutForm) onCancel(ctx app.Context, e app.Event) {
	if f.done != nil {
		f.done(ctx)
	}
}

func (f *readoutForm) Render() app.UI {
	return app.Form().Class("fc-form").DataSet("form", "readout").Aria("label", "New readout").
		OnSubmit(f.onSubmit).Body(
		app.H2().Text("New readout"),
		// Always present, so showing a message never shifts (and so never
		// re-creates) the fields after it: what was typed stays.
		app.P().Class("fc-form-error").Role("alert").Text(f.errMsg),
		app.Div().Class("fc-form-row").Body(
			field("Title", app.Input().Type("text").Name("title").Required(true).Placeholder("e.g. Kremlin readout")),
			field("Source (outlet or channel)", app.Input().Type("text").Name("source").Placeholder("e.g. kremlin.ru, Telegram")),
		),
		app.Div().Class("fc-form-row").Body(
			field("URL (optional)", app.Input().Type("text").Attr("inputmode", "url").Name("url").Placeholder("https://…")),
			field("Published (optional)", app.Input().Type("text").Name("publishedAt").Placeholder("2026-07-05")),
			field("Language (optional)", app.Input().Type("text").Name("language").Placeholder("ru, en, ar…").Size(6)),
		),
		field("Text (pasted exactly as published)", app.Textarea().Name("text").Rows(14).Attr("dir", "auto").Attr("spellcheck", "false")),
		app.Div().Class("fc-form-actions").Body(
			app.Button().Type("submit").Class("fc-primary").Text("Add readout"),
			app.Button().Type("button").Text("Cancel").OnClick(f.onCancel),
		),
	)
}

func field(label string, input app.UI) app.UI {
	return app.Label().Class("fc-field").Body(app.Span().Text(label), input)
}
