package ui

import (
	"errors"
	"fmt"
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

// importFlow walks an import through its steps: the file is validated
// completely first; a refusal says what and where and changes nothing; a
// file whose offsets no longer fit but whose quotes do is offered
// re-anchoring; a valid file is opened as a new workspace or merged into the
// open one, as the user chooses. The import dialog shows its state.
type importFlow struct {
	home *shellCtx
	sess *session
	save *saver // opens an import as a new workspace

	cur *importState // the import under way; nil when the dialog is closed
	rev int          // moves when cur changes: the dialog renders again
}

func newImportFlow(home *shellCtx, sess *session, save *saver) *importFlow {
	return &importFlow{home: home, sess: sess, save: save}
}

// importState is one import under way.
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

// start reads and validates a file, off the UI goroutine; a plain-text
// file becomes a new readout instead.
func (f *importFlow) start(ctx app.Context, file browser.File) {
	if workspace.IsTextFile(file.Name) {
		f.addTextReadout(ctx, file)
		return
	}
	ctx = f.home.or(ctx)
	f.close()
	imp := &importState{name: file.Name}
	f.cur = imp
	f.rev++
	f.markBusy(ctx, imp)
	var data []byte
	var err error
	f.home.async(ctx, func() { data, err = file.Read(fcjson.MaxFileSize) }, func(ctx app.Context) {
		if f.cur != imp || imp.canceled.Load() {
			return
		}
		if err != nil {
			imp.busy, imp.err = false, err.Error()
			f.rev++
			return
		}
		imp.data = data
		f.check(ctx, false)
	})
}

// addTextReadout adds a plain-text file (dropped or chosen) as a new
// readout, as the New readout form would; a refusal says why in the status
// line and changes nothing.
func (f *importFlow) addTextReadout(ctx app.Context, file browser.File) {
	var data []byte
	var err error
	f.home.async(ctx, func() { data, err = file.Read(fcjson.MaxFileSize) }, func(ctx app.Context) {
		ss := f.sess
		var r *workspace.Readout
		if err == nil {
			r, err = workspace.ReadoutFromTextFile(file.Name, data)
		}
		if err == nil {
			err = ss.apply(workspace.AddReadout{Readout: r, Index: -1})
		}
		if err != nil {
			ss.fail(fmt.Errorf("Not added: %w", err))
			return
		}
		ss.activeReadout, ss.selected = r.ID, ""
		ss.notice("Added " + r.Title + " from " + file.Name)
	})
}

// close closes the import dialog, canceling a check under way.
func (f *importFlow) close() {
	if f.cur != nil && f.cur.canceled != nil {
		f.cur.canceled.Store(true)
	}
	f.cur = nil
}

// markBusy starts the busy state of imp: after progressAfter, if it is
// still busy, the dialog shows progress and Cancel.
func (f *importFlow) markBusy(ctx app.Context, imp *importState) {
	if imp.canceled == nil {
		imp.canceled = new(atomic.Bool)
	}
	imp.busy, imp.slow, imp.read = true, false, 0
	ctx.After(progressAfter, func(ctx app.Context) {
		if f.cur == imp && imp.busy {
			imp.slow = true
			f.rev++
		}
	})
}

// check validates the file read (as validate) off the UI goroutine: the
// decoders call Tick once per item, and every yieldEvery Tick reports
// progress and gives the browser a turn (browser.Yield), so that the page
// keeps answering, Cancel included, during a long check.
func (f *importFlow) check(ctx app.Context, reanchor bool) {
	ctx = f.home.or(ctx)
	imp := f.cur
	f.markBusy(ctx, imp)
	f.rev++
	canceled, n, last := imp.canceled, 0, time.Now()
	tick := func() bool {
		if n++; n%64 == 0 && time.Since(last) > yieldEvery {
			read := n
			ctx.Dispatch(func(ctx app.Context) {
				if f.cur == imp && imp.busy {
					imp.read = read
					f.rev++
				}
			})
			browser.Yield()
			last = time.Now()
		}
		return !canceled.Load()
	}
	opt := f.options(reanchor)
	opt.Tick = tick
	data := imp.data
	var res *formats.Imported
	var err error
	f.home.async(ctx, func() { res, err = formats.ImportWith(data, opt) }, func(ctx app.Context) {
		if f.cur != imp || canceled.Load() {
			return
		}
		imp.busy, imp.slow = false, false
		f.take(res, err)
		f.rev++
	})
}

// options are the options of the import under way; it notes a doccano
// file, whose unit the dialog lets the user choose.
func (f *importFlow) options(reanchor bool) formats.ImportOptions {
	imp := f.cur
	if d, err := formats.Detect(imp.data); err == nil && d.ID == formats.Doccano {
		imp.doccano = true
	}
	return formats.ImportOptions{Reanchor: reanchor, DoccanoUnit: imp.unit}
}

// validate detects the format from the content and decodes the file
// completely, on this goroutine (tests; the page uses check); nothing is
// changed until the user chooses what to do.
func (f *importFlow) validate(reanchor bool) {
	res, err := formats.ImportWith(f.cur.data, f.options(reanchor))
	f.take(res, err)
}

// take records the result of a check in the import's state.
func (f *importFlow) take(res *formats.Imported, err error) {
	imp := f.cur
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

// reanchorByQuote checks the file again, moving the annotations whose
// offsets no longer fit to their quotes.
func (f *importFlow) reanchorByQuote(ctx app.Context) {
	f.cur.reanchor = nil
	f.check(ctx, true)
}

// setUnit reads a doccano file again with offsets counted in u.
func (f *importFlow) setUnit(ctx app.Context, u doccano.Unit) {
	imp := f.cur
	if imp == nil || imp.data == nil {
		return
	}
	imp.unit = u
	imp.err, imp.ws, imp.reanchor, imp.notes, imp.unitMsg = "", nil, nil, nil, ""
	f.check(ctx, false)
}

// cancel closes the dialog, stopping a check under way.
func (f *importFlow) cancel() {
	f.close()
	f.rev++
}

// openAsNew opens the import as a new workspace, once the open one is
// stored. The dialog closes at once; the rest runs in the shell's context.
func (f *importFlow) openAsNew(ctx app.Context) {
	in := f.cur.ws
	lib := f.save.lib
	f.cur = nil
	f.rev++
	var w *workspace.Workspace
	f.home.async(ctx, func() {
		// A workspace already stored under the file's id (say, exported
		// from this browser) is left alone: the import gets new ids. A
		// storage error counts as taken, to be safe.
		exists := func(id string) bool { has, err := lib.Has(id); return has || err != nil }
		w = merge.AsNew(in, exists, time.Now())
	}, func(ctx app.Context) {
		notice := "Imported " + w.Title + " as a new workspace"
		if isPack(w) {
			// Opening this pack again offers to continue this work.
			browser.LocalSet(assignmentKey(w.Assignment.ID), w.ID)
			notice = "Opened the assignment " + w.Assignment.Title + ": read the instructions, give your name, then annotate."
		}
		f.save.createWorkspace(ctx, w, notice)
	})
}

// continueAssignment opens the work already begun on this pack's
// assignment.
func (f *importFlow) continueAssignment(ctx app.Context) {
	id := browser.LocalGet(assignmentKey(f.cur.ws.Assignment.ID))
	f.cur = nil
	f.rev++
	if id == f.sess.ws.ID {
		f.sess.notice("This is your work on the assignment; carry on.")
		return
	}
	f.save.openWorkspace(ctx, id)
}

// merge merges the import into the open workspace, as one undoable step.
func (f *importFlow) merge() {
	ss, imp := f.sess, f.cur
	res, rep, err := merge.Merge(ss.ws, imp.ws, time.Now())
	if err != nil {
		imp.err = "Not merged: " + err.Error()
		imp.ws = nil
		return
	}
	if err := ss.apply(workspace.ReplaceContent{Readouts: res.Readouts, Annotations: res.Annotations, Label: "Merge " + imp.name,
		Scale: &res.RatingScale, Publisher: &res.Publisher}); err != nil {
		imp.err = "Not merged: " + err.Error()
		imp.ws = nil
		return
	}
	f.cur = nil
	ss.notice(rep.String())
}
