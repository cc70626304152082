package ui

import (
	"errors"
	"fmt"
	"time"

	"framecheck/app/browser"
	"framecheck/app/fcjson"
	"framecheck/app/formats"
	"framecheck/app/merge"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// importDialog walks an import through its steps: the file is validated
// completely first; a refusal says what and where and changes nothing; a
// file whose offsets no longer fit but whose quotes do is offered
// re-anchoring; a valid file is opened as a new workspace or merged into the
// open one, as the user chooses.
type importDialog struct {
	app.Compo

	Rev int

	sh *shell
}

// importState is the import under way, kept by the shell.
type importState struct {
	name     string
	data     []byte
	err      string                // refusal, shown as is
	reanchor *fcjson.ReanchorError // offsets to fix by quote, awaiting a yes
	ws       *workspace.Workspace  // validated, awaiting a choice
	moved    int                   // annotations re-anchored
	format   string                // the format found in the content
	notes    []string              // what the import changed or left out
}

func newImportDialog(sh *shell, rev int) *importDialog { return &importDialog{sh: sh, Rev: rev} }

// startImport reads and validates a file, off the UI goroutine.
func (s *shell) startImport(ctx app.Context, f browser.File) {
	ctx = s.uiCtx(ctx)
	s.imp = &importState{name: f.Name}
	s.impRev++
	ctx.Async(func() {
		data, err := f.Read(fcjson.MaxFileSize)
		ctx.Dispatch(func(ctx app.Context) {
			if s.imp == nil || s.imp.name != f.Name {
				return
			}
			if err != nil {
				s.imp.err = err.Error()
			} else {
				s.imp.data = data
				s.validateImport(false)
			}
			s.impRev++
		})
	})
}

// validateImport detects the format from the content and decodes the file
// completely; nothing is changed until the user chooses what to do.
func (s *shell) validateImport(reanchor bool) {
	imp := s.imp
	res, err := formats.ImportWith(imp.data, formats.ImportOptions{Reanchor: reanchor})
	var ra *fcjson.ReanchorError
	switch {
	case errors.As(err, &ra):
		imp.reanchor = ra
	case err != nil:
		imp.err = imp.name + ": " + err.Error()
	default:
		imp.ws, imp.reanchor, imp.notes = res.Workspace, nil, res.Notes
		imp.format = res.Format.Name
		if res.Report != nil {
			imp.moved = len(res.Report.Reanchored)
		}
	}
}

func (d *importDialog) onReanchor(ctx app.Context, e app.Event) {
	d.sh.validateImport(true)
	d.sh.impRev++
}

func (d *importDialog) onCancel(ctx app.Context, e app.Event) {
	d.sh.imp = nil
	d.sh.impRev++
}

func (d *importDialog) onOpenNew(ctx app.Context, e app.Event) {
	sh := d.sh
	// This dialog closes now; the work goes on in the shell's context.
	ctx = sh.uiCtx(ctx)
	in := sh.imp.ws
	lib := sh.save.lib
	sh.imp = nil
	sh.impRev++
	ctx.Async(func() {
		// A workspace already stored under the file's id (say, exported
		// from this browser) is left alone: the import gets new ids. A
		// storage error counts as taken, to be safe.
		exists := func(id string) bool { has, err := lib.Has(id); return has || err != nil }
		w := merge.AsNew(in, exists, time.Now())
		ctx.Dispatch(func(ctx app.Context) {
			sh.createWorkspace(ctx, w)
			sh.sess.notice("Imported " + w.Title + " as a new workspace")
			if isPack(w) {
				// Opening this pack again offers to continue this work.
				browser.LocalSet(assignmentKey(w.Assignment.ID), w.ID)
				sh.sess.notice("Opened the assignment " + w.Assignment.Title + ": read the instructions, give your name, then annotate.")
			}
		})
	})
}

// onContinue opens the work already begun on this pack's assignment.
func (d *importDialog) onContinue(ctx app.Context, e app.Event) {
	sh := d.sh
	id := browser.LocalGet(assignmentKey(sh.imp.ws.Assignment.ID))
	sh.imp = nil
	sh.impRev++
	if id == sh.sess.ws.ID {
		sh.sess.notice("This is your work on the assignment; carry on.")
		return
	}
	sh.openWorkspace(ctx, id)
}

func (d *importDialog) onMerge(ctx app.Context, e app.Event) {
	sh := d.sh
	ss := sh.sess
	res, rep, err := merge.Merge(ss.ws, sh.imp.ws, time.Now())
	if err != nil {
		sh.imp.err = "Not merged: " + err.Error()
		sh.imp.ws = nil
		return
	}
	if err := ss.apply(workspace.ReplaceContent{Readouts: res.Readouts, Annotations: res.Annotations, Label: "Merge " + sh.imp.name}); err != nil {
		sh.imp.err = "Not merged: " + err.Error()
		sh.imp.ws = nil
		return
	}
	sh.imp = nil
	ss.notice(rep.String())
}

func (d *importDialog) Render() app.UI {
	imp := d.sh.imp
	if imp == nil {
		return app.Div()
	}
	body := []app.UI{app.H2().Text("Import " + imp.name)}
	switch {
	case imp.err != "":
		body = append(body,
			app.P().Class("fc-form-error").Role("alert").DataSet("import-error", "1").Text("Not imported: "+imp.err),
			app.P().Text("Nothing was changed."),
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
		body = append(body,
			app.P().DataSet("import-summary", "1").DataSet("format", imp.format).Text(summary),
			app.Ul().Class("fc-import-notes").Body(app.Range(imp.notes).Slice(func(i int) app.UI { return app.Li().Text(imp.notes[i]) })),
			app.Button().Type("button").Class("fc-primary").DataSet("action", "import-new").Text("Open as a new workspace").OnClick(d.onOpenNew),
			app.Button().Type("button").DataSet("action", "import-merge").Text("Merge into “"+d.sh.sess.ws.Title+"”").OnClick(d.onMerge),
			app.Button().Type("button").DataSet("action", "import-close").Text("Cancel").OnClick(d.onCancel),
		)
	default:
		body = append(body, app.P().Text("Reading the file…"))
	}
	return app.Section().Class("fc-import").DataSet("panel", "import").Role("dialog").Aria("label", "Import").Body(body...)
}
