package ui

import (
	"fmt"
	"strconv"

	"framecheck/app/browser"
	"framecheck/app/doccano"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// importDialog shows the import under way (importFlow) and the choices it
// offers.
type importDialog struct {
	app.Compo

	Rev int

	flow *importFlow
}

func newImportDialog(flow *importFlow, rev int) *importDialog {
	return &importDialog{flow: flow, Rev: rev}
}

func (d *importDialog) onReanchor(ctx app.Context, e app.Event) { d.flow.reanchorByQuote(ctx) }

// onUnit reads the doccano file again in the unit chosen.
func (d *importDialog) onUnit(ctx app.Context, e app.Event) {
	n, err := strconv.Atoi(ctx.JSSrc().Get("value").String())
	if err != nil {
		return
	}
	d.flow.setUnit(ctx, doccano.Unit(n))
}

func (d *importDialog) onCancel(ctx app.Context, e app.Event) { d.flow.cancel() }

func (d *importDialog) onOpenNew(ctx app.Context, e app.Event) { d.flow.openAsNew(ctx) }

// onContinue opens the work already begun on this pack's assignment.
func (d *importDialog) onContinue(ctx app.Context, e app.Event) { d.flow.continueAssignment(ctx) }

func (d *importDialog) onMerge(ctx app.Context, e app.Event) { d.flow.merge() }

// unitPicker chooses how a doccano file counts offsets.
func (d *importDialog) unitPicker() app.UI {
	imp := d.flow.cur
	if !imp.doccano {
		return app.Div()
	}
	hint := map[doccano.Unit]string{doccano.UTF16: " (as doccano counts them)", doccano.CodePoint: " (files from Python scripts)", doccano.Grapheme: " (doccano's grapheme mode)"}
	units := doccano.Units()
	return app.Label().Class("fc-import-unit").Body(
		app.Span().Text("Offsets counted in "),
		app.Select().Name("import-unit").DataSet("import-unit", imp.unit.String()).OnChange(d.onUnit).Body(
			app.Range(units).Slice(func(i int) app.UI {
				u := units[i]
				return app.Option().Value(strconv.Itoa(int(u))).Selected(u == imp.unit).Text(u.String() + hint[u])
			}),
		),
	)
}

func (d *importDialog) Render() app.UI {
	imp := d.flow.cur
	if imp == nil {
		return app.Div()
	}
	body := []app.UI{app.H2().Text("Import " + imp.name)}
	switch {
	case imp.busy:
		// Fixed children (diffed by index): the progress and Cancel
		// appear in place once the check has run half a second.
		msg := "Reading the file…"
		if imp.data != nil {
			msg = "Checking the file…"
		}
		var progress, cancel app.UI = app.Div(), app.Div()
		if imp.slow {
			msg += fmt.Sprintf(" %d items checked.", imp.read)
			progress = app.Progress().DataSet("import-progress", itoa(imp.read)).Aria("label", "Import progress")
			cancel = app.Button().Type("button").DataSet("action", "import-cancel").Text("Cancel").OnClick(d.onCancel)
		}
		body = append(body, app.P().Role("status").DataSet("import-busy", "1").Text(msg), progress, cancel)
	case imp.err != "":
		body = append(body,
			app.P().Class("fc-form-error").Role("alert").DataSet("import-error", "1").Text("Not imported: "+imp.err),
			app.P().Text("Nothing was changed."),
			d.unitPicker(),
			app.Button().Type("button").DataSet("action", "import-close").Text("Close").OnClick(d.onCancel),
		)
	case imp.reanchor != nil:
		body = append(body,
			app.P().Role("alert").DataSet("import-reanchor", itoa(len(imp.reanchor.Moves))).Text(imp.reanchor.Error()),
			app.P().Text(fmt.Sprintf("Each of these %d quotes occurs exactly once in its readout, so framecheck can move the annotation to it.", len(imp.reanchor.Moves))),
			app.Button().Type("button").Class("fc-primary").DataSet("action", "import-reanchor").Text("Re-anchor by quote").OnClick(d.onReanchor),
			app.Button().Type("button").DataSet("action", "import-close").Text("Cancel").OnClick(d.onCancel),
		)
	case isPack(imp.ws):
		a := imp.ws.Assignment
		prior := browser.LocalGet(assignmentKey(a.ID))
		body = append(body, app.P().DataSet("import-summary", "1").DataSet("format", "pack").
			Text(fmt.Sprintf("This is the class pack %q: %d readouts to annotate.", a.Title, len(imp.ws.Readouts))))
		if prior != "" {
			body = append(body,
				app.P().Role("alert").DataSet("import-prior", prior).Text("You have already begun this assignment in this browser. Continue that work, or start again with a second, empty copy?"),
				app.Button().Type("button").Class("fc-primary").DataSet("action", "continue-assignment").Text("Continue my work").OnClick(d.onContinue),
				app.Button().Type("button").DataSet("action", "import-new").Text("Start again (a second copy)").OnClick(d.onOpenNew),
			)
		} else {
			body = append(body, app.Button().Type("button").Class("fc-primary").DataSet("action", "import-new").Text("Start the assignment").OnClick(d.onOpenNew))
		}
		body = append(body, app.Button().Type("button").DataSet("action", "import-close").Text("Cancel").OnClick(d.onCancel))
	case imp.ws != nil:
		w := imp.ws
		summary := fmt.Sprintf("Found a %s file. %q: %d readouts, %d annotations.", imp.format, w.Title, len(w.Readouts), len(w.Annotations))
		if imp.moved > 0 {
			summary += fmt.Sprintf(" %d annotations were re-anchored by their quote.", imp.moved)
		}
		if imp.unitMsg != "" {
			summary += " Offsets were read as " + imp.unitMsg + "."
		}
		body = append(body,
			app.P().DataSet("import-summary", "1").DataSet("format", imp.format).Text(summary),
			d.unitPicker(),
			app.Ul().Class("fc-import-notes").Body(app.Range(imp.notes).Slice(func(i int) app.UI { return app.Li().Text(imp.notes[i]) })),
			app.Button().Type("button").Class("fc-primary").DataSet("action", "import-new").Text("Open as a new workspace").OnClick(d.onOpenNew),
			app.Button().Type("button").DataSet("action", "import-merge").Text("Merge into “"+d.flow.sess.ws.Title+"”").OnClick(d.onMerge),
			app.Button().Type("button").DataSet("action", "import-close").Text("Cancel").OnClick(d.onCancel),
		)
	}
	return app.Section().Class("fc-import").DataSet("panel", "import").Role("dialog").Aria("label", "Import").Body(body...)
}
