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
	// sameAs is the readout whose title and source the pasted one has:
	// the form asks whether this is its new version.
	sameAs string
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
	if f.sameAs == "" {
		if id := sameReadout(f.sess.ws, r); id != "" {
			f.sameAs, f.errMsg = id, ""
			return // ask first: new version or separate readout
		}
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

// onAsVersion adds the pasted text as a new version of the readout with
// the same title and source.
func (f *readoutForm) onAsVersion(ctx app.Context, e app.Event) {
	v := browser.FormValues(`[data-form="readout"]`, readoutFields...)
	if err := f.sess.addVersion(f.sameAs, v["text"], v["url"]); err != nil {
		f.errMsg = "Not added: " + err.Error()
		return
	}
	f.sess.activeReadout, f.sess.selected = f.sameAs, ""
	f.sameAs, f.errMsg = "", ""
	if f.done != nil {
		f.done(ctx)
	}
}

// onAsReadout adds it as a readout of its own after all.
func (f *readoutForm) onAsReadout(ctx app.Context, e app.Event) {
	f.onSubmit(ctx, e)
	f.sameAs = ""
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
		app.Div().Class("fc-form-ask").Body(
			app.If(f.sameAs != "", func() app.UI {
				title := ""
				if r := f.sess.ws.Readout(f.sameAs); r != nil {
					title = r.Title
				}
				return app.P().Role("alert").DataSet("ask", "new-version").Body(
					app.Text("“"+title+"” from the same source is already here. Is this a new version of it? "),
					app.Button().Type("button").Class("fc-primary").DataSet("action", "as-new-version").Text("New version").OnClick(f.onAsVersion),
					app.Button().Type("button").DataSet("action", "as-new-readout").Text("A separate readout").OnClick(f.onAsReadout),
				)
			}),
		),
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
