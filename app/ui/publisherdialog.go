package ui

import (
	"framecheck/app/browser"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// publisherDialog asks, before the first ClaimReview export of a
// workspace, for what ClaimReview needs and framecheck does not know yet:
// the publisher (organisation name and URL), the URL of the fact-check
// article, and the URL and date of each readout with checked claims that
// lacks them. The answers are stored in the workspace (undoable), so the
// next export does not ask again.
type publisherDialog struct {
	app.Compo

	sess   *session
	format string
	done   func(ctx app.Context, export bool)
	errMsg string
}

func newPublisherDialog(s *session, format string, done func(app.Context, bool)) *publisherDialog {
	return &publisherDialog{sess: s, format: format, done: done}
}

// needsPublisher reports whether a ClaimReview export must ask first.
func needsPublisher(w *workspace.Workspace) bool {
	p := w.Publisher
	return p.Name == "" || !httpLink(p.URL) || !httpLink(p.ArticleURL) || len(readoutsLacking(w)) > 0
}

// readoutsLacking are the readouts with checked claims but no http(s) URL
// or no date.
func readoutsLacking(w *workspace.Workspace) []*workspace.Readout {
	var out []*workspace.Readout
	for _, r := range w.Readouts {
		checked := false
		for _, a := range w.AnnotationsOf(r.ID) {
			checked = checked || (a.Check != nil && a.Check.Verdict != "")
		}
		if checked && (!httpLink(r.URL) || r.PublishedAt == "") {
			out = append(out, r)
		}
	}
	return out
}

func (d *publisherDialog) onSave(ctx app.Context, e app.Event) {
	w := d.sess.ws
	lacking := readoutsLacking(w)
	names := []string{"publisher-name", "publisher-url", "article-url"}
	for _, r := range lacking {
		names = append(names, "readout-url-"+r.ID, "readout-date-"+r.ID)
	}
	v := browser.FormValues(`[data-form="publisher"]`, names...)
	ops := []workspace.Op{workspace.SetPublisher{Publisher: workspace.Publisher{Name: v["publisher-name"], URL: v["publisher-url"], ArticleURL: v["article-url"]}}}
	for _, r := range lacking {
		ops = append(ops, workspace.EditReadout{ID: r.ID, Title: r.Title, Source: r.Source, URL: v["readout-url-"+r.ID],
			PublishedAt: v["readout-date-"+r.ID], Language: r.Language})
	}
	if err := d.sess.apply(workspace.Batch{Ops: ops, Label: "Set ClaimReview details"}); err != nil {
		d.errMsg = err.Error()
		return
	}
	d.done(ctx, true)
}

func (d *publisherDialog) onCancel(ctx app.Context, e app.Event) { d.done(ctx, false) }

func (d *publisherDialog) Render() app.UI {
	w := d.sess.ws
	p := w.Publisher
	lacking := readoutsLacking(w)
	input := func(name, label, value, placeholder string) app.UI {
		return field(label, app.Input().Type("text").Name(name).Value(value).Placeholder(placeholder))
	}
	return app.Section().Class("fc-panel", "fc-dialog").DataSet("panel", "publisher").Role("dialog").Aria("label", "ClaimReview details").Body(
		app.Form().Class("fc-form").DataSet("form", "publisher").OnSubmit(d.onSave).Body(
			app.H2().Text("ClaimReview: who publishes, and where"),
			app.P().Text("Asked once for this workspace; kept with it. Claims that still lack something are listed after the export, not written half-empty."),
			input("publisher-name", "Publisher (organisation name)", p.Name, "e.g. School Fact Desk"),
			input("publisher-url", "Publisher URL", p.URL, "https://…"),
			input("article-url", "URL of the fact-check article", p.ArticleURL, "https://…/the-article"),
			app.Range(lacking).Slice(func(i int) app.UI {
				r := lacking[i]
				return app.FieldSet().DataSet("readout", r.ID).Body(
					app.Legend().Text("Where “"+r.Title+"” appeared"),
					input("readout-url-"+r.ID, "Readout URL", r.URL, "https://…"),
					input("readout-date-"+r.ID, "Published on (YYYY-MM-DD)", r.PublishedAt, "2026-07-05"),
				)
			}),
			app.P().Class("fc-form-error").Role("alert").Text(d.errMsg),
			app.Button().Type("submit").DataSet("action", "publisher-save").Text("Save and export"),
			app.Button().Type("button").DataSet("action", "publisher-cancel").Text("Cancel").OnClick(d.onCancel),
		),
	)
}
