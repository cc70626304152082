package ui

import (
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"framecheck/app/browser"
	"framecheck/app/doccano"
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
	// doccano is set for a doccano file, whose unit of offsets the user
	// can choose (UTF-16 code units by default, as doccano counts).
	doccano bool
	unit    doccano.Unit
	unitMsg string // the unit the offsets were read in, when imported
	// busy is set while the file is read and checked, off the UI
	// goroutine; read counts the items checked so far, for the progress
	// shown after half a second (slow), and canceled stops the check
	// (Cancel, Escape, another import).
	busy     bool
	slow     bool
	read     int
	canceled *atomic.Bool
}

// progressAfter is how long an import runs before it shows its progress
// and a Cancel button.
const progressAfter = 500 * time.Millisecond

// yieldEvery is how long the check of a file runs between two turns of
// the browser's event loop: short enough for the page to answer a click.
const yieldEvery = 40 * time.Millisecond

func newImportDialog(sh *shell, rev int) *importDialog { return &importDialog{sh: sh, Rev: rev} }

// startImport reads and validates a file, off the UI goroutine.
func (s *shell) startImport(ctx app.Context, f browser.File) {
	ctx = s.uiCtx(ctx)
	if workspace.IsTextFile(f.Name) {
		s.addTextReadout(ctx, f)
		return
	}
	s.closeImport()
	imp := &importState{name: f.Name}
	s.imp = imp
	s.impRev++
	s.markBusy(ctx, imp)
	ctx.Async(func() {
		data, err := f.Read(fcjson.MaxFileSize)
		ctx.Dispatch(func(ctx app.Context) {
			if s.imp != imp || imp.canceled.Load() {
				return
			}
			if err != nil {
				imp.busy, imp.err = false, err.Error()
				s.impRev++
				return
			}
			imp.data = data
			s.checkImport(ctx, false)
		})
	})
}

// addTextReadout adds a plain-text file (dropped or chosen) as a new
// readout, as the New readout form would; a refusal says why in the status
// line and changes nothing.
func (s *shell) addTextReadout(ctx app.Context, f browser.File) {
	ctx.Async(func() {
		data, err := f.Read(fcjson.MaxFileSize)
		ctx.Dispatch(func(ctx app.Context) {
			ss := s.sess
			var r *workspace.Readout
			if err == nil {
				r, err = workspace.ReadoutFromTextFile(f.Name, data)
			}
			if err == nil {
				err = ss.apply(workspace.AddReadout{Readout: r, Index: -1})
			}
			if err != nil {
				ss.fail(fmt.Errorf("Not added: %w", err))
				return
			}
			ss.activeReadout, ss.selected = r.ID, ""
			ss.notice("Added " + r.Title + " from " + f.Name)
		})
	})
}

// closeImport closes the import dialog, canceling a check under way.
func (s *shell) closeImport() {
	if s.imp != nil && s.imp.canceled != nil {
		s.imp.canceled.Store(true)
	}
	s.imp = nil
}

// markBusy starts the busy state of imp: after progressAfter, if it is
// still busy, the dialog shows progress and Cancel.
func (s *shell) markBusy(ctx app.Context, imp *importState) {
	if imp.canceled == nil {
		imp.canceled = new(atomic.Bool)
	}
	imp.busy, imp.slow, imp.read = true, false, 0
	ctx.After(progressAfter, func(ctx app.Context) {
		if s.imp == imp && imp.busy {
			imp.slow = true
			s.impRev++
		}
	})
}

// checkImport validates the file read (as validateImport) off the UI
// goroutine: the decoders call Tick once per item, and every yieldEvery
// Tick reports progress and gives the browser a turn (browser.Yield), so
// that the page keeps answering, Cancel included, during a long check.
func (s *shell) checkImport(ctx app.Context, reanchor bool) {
	imp := s.imp
	s.markBusy(ctx, imp)
	s.impRev++
	canceled, n, last := imp.canceled, 0, time.Now()
	tick := func() bool {
		if n++; n%64 == 0 && time.Since(last) > yieldEvery {
			read := n
			ctx.Dispatch(func(ctx app.Context) {
				if s.imp == imp && imp.busy {
					imp.read = read
					s.impRev++
				}
			})
			browser.Yield()
			last = time.Now()
		}
		return !canceled.Load()
	}
	opt := s.importOptions(reanchor)
	opt.Tick = tick
	data := imp.data
	ctx.Async(func() {
		res, err := formats.ImportWith(data, opt)
		ctx.Dispatch(func(ctx app.Context) {
			if s.imp != imp || canceled.Load() {
				return
			}
			imp.busy, imp.slow = false, false
			s.takeImport(res, err)
			s.impRev++
		})
	})
}

// importOptions are the options of the import under way; it notes a
// doccano file, whose unit the dialog lets the user choose.
func (s *shell) importOptions(reanchor bool) formats.ImportOptions {
	imp := s.imp
	if f, err := formats.Detect(imp.data); err == nil && f.ID == formats.Doccano {
		imp.doccano = true
	}
	return formats.ImportOptions{Reanchor: reanchor, DoccanoUnit: imp.unit}
}

// validateImport detects the format from the content and decodes the file
// completely, on this goroutine (tests; the page uses checkImport);
// nothing is changed until the user chooses what to do.
func (s *shell) validateImport(reanchor bool) {
	res, err := formats.ImportWith(s.imp.data, s.importOptions(reanchor))
	s.takeImport(res, err)
}

// takeImport records the result of a check in the dialog's state.
func (s *shell) takeImport(res *formats.Imported, err error) {
	imp := s.imp
	var ra *fcjson.ReanchorError
	switch {
	case errors.As(err, &ra):
		imp.reanchor = ra
	case err != nil:
		imp.err = imp.name + ": " + err.Error()
	default:
		imp.ws, imp.reanchor, imp.notes = res.Workspace, nil, res.Notes
		imp.format, imp.unitMsg = res.Format.Name, res.Unit
		if res.Report != nil {
			imp.moved = len(res.Report.Reanchored)
		}
	}
}

func (d *importDialog) onReanchor(ctx app.Context, e app.Event) {
	d.sh.imp.reanchor = nil
	d.sh.checkImport(d.sh.uiCtx(ctx), true)
}

// onUnit reads the doccano file again in the unit chosen.
func (d *importDialog) onUnit(ctx app.Context, e app.Event) {
	imp := d.sh.imp
	if imp == nil || imp.data == nil {
		return
	}
	n, err := strconv.Atoi(ctx.JSSrc().Get("value").String())
	if err != nil {
		return
	}
	imp.unit = doccano.Unit(n)
	imp.err, imp.ws, imp.reanchor, imp.notes, imp.unitMsg = "", nil, nil, nil, ""
	d.sh.checkImport(d.sh.uiCtx(ctx), false)
}

// unitPicker chooses how a doccano file counts offsets.
func (d *importDialog) unitPicker() app.UI {
	imp := d.sh.imp
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

func (d *importDialog) onCancel(ctx app.Context, e app.Event) {
	d.sh.closeImport()
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
			notice := "Imported " + w.Title + " as a new workspace"
			if isPack(w) {
				// Opening this pack again offers to continue this work.
				browser.LocalSet(assignmentKey(w.Assignment.ID), w.ID)
				notice = "Opened the assignment " + w.Assignment.Title + ": read the instructions, give your name, then annotate."
			}
			sh.save.createWorkspace(ctx, w, notice)
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
	sh.save.openWorkspace(ctx, id)
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
	if err := ss.apply(workspace.ReplaceContent{Readouts: res.Readouts, Annotations: res.Annotations, Label: "Merge " + sh.imp.name,
		Scale: &res.RatingScale, Publisher: &res.Publisher}); err != nil {
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
			app.Button().Type("button").DataSet("action", "import-merge").Text("Merge into “"+d.sh.sess.ws.Title+"”").OnClick(d.onMerge),
			app.Button().Type("button").DataSet("action", "import-close").Text("Cancel").OnClick(d.onCancel),
		)
	}
	return app.Section().Class("fc-import").DataSet("panel", "import").Role("dialog").Aria("label", "Import").Body(body...)
}
