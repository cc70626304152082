package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"framecheck/app/browser"
	"framecheck/app/fcjson"
	"framecheck/app/store"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// currentKey remembers, per browser, which workspace was open last.
const currentKey = "framecheck.current"

// saveDelay batches a burst of edits into one write; with the write itself
// every change is stored well within a second.
const saveDelay = 300 * time.Millisecond

// saver keeps the open workspace in the browser's storage: it writes after
// every change, one write at a time, and tells the user when storage is
// refused or another tab saved newer work. Writes run in their own
// goroutine (IndexedDB answers asynchronously); the state is read and
// changed on the UI goroutine only.
type saver struct {
	lib       *store.Library
	storedRev int // revision of the open workspace in storage

	dirtyGen, savedGen int  // changes made / changes stored
	pending, writing   bool // a save is scheduled / a write is running
	// waiters are told when the running write ends (see flush).
	waiters []func(app.Context, error)
	// switching is set while a switch waits for its write (whenStored).
	switching bool
	// persistAsked is set once the page has asked the browser for
	// persistent storage (after its first successful write).
	persistAsked bool

	// failure is the persistent warning when storage refuses writes.
	failure string
	// stale is set when another tab saved this workspace after us.
	stale bool
	// volatile is set when the browser refused storage and the library
	// lives in memory: nothing survives a reload, whatever "saves" succeed.
	volatile bool
}

func (p *saver) unsaved() bool { return p.volatile || p.dirtyGen != p.savedGen }

// notSaved is the storage warning: what failed, and that the work is safe
// on the page until exported.
func notSaved(err error) string {
	return "Changes are not being saved: " + err.Error() + ". Your work is still here: export JSON to keep it."
}

// savedMsg is what tabs tell each other after a save.
type savedMsg struct {
	Workspace string `json:"workspace"`
	Rev       int    `json:"rev"`
}

// openLibrary opens the browser's storage (falling back to memory with a
// warning) and the workspace to show: the last one open, else the most
// recent, else a new sample. It blocks: call it from ctx.Async.
func openLibrary(now time.Time, ev browser.IDBEvents) (lib *store.Library, w *workspace.Workspace, rev int, warn string, volatile bool) {
	b, err := browser.OpenIDB(ev)
	if err != nil {
		b = store.NewMemory()
		volatile = true
		warn = notSaved(err)
	}
	lib = &store.Library{B: b}
	// Best effort, and not on the way to the first paint: an old trash
	// entry is no reason to fail or to wait.
	go func() { _ = lib.PurgeExpired() }()
	if id := browser.LocalGet(currentKey); id != "" {
		if w, m, err := lib.Open(id); err == nil && !m.Trashed() {
			return lib, w, m.Rev, warn, volatile
		}
	}
	if list, err := lib.List(); err == nil && len(list) > 0 {
		if w, m, err := lib.Open(list[0].ID); err == nil {
			return lib, w, m.Rev, warn, volatile
		}
	}
	w, err = workspace.Sample(now)
	if err != nil {
		w = workspace.New("Untitled workspace", now)
	}
	rev, err = lib.Save(w, 0)
	if err != nil && warn == "" {
		warn = notSaved(err)
	}
	return lib, w, rev, warn, volatile
}

// uiCtx returns the shell's own context. Work that ends after a panel may
// have closed (storage answers later) must dispatch through the shell:
// go-app drops a Dispatch whose component is no longer mounted.
func (s *shell) uiCtx(ctx app.Context) app.Context {
	if s.ctx.Context != nil {
		return s.ctx
	}
	return ctx
}

// changed records an edit and schedules a save.
func (s *shell) changed(ctx app.Context) {
	p := &s.save
	forgetSaved()
	p.dirtyGen++
	browser.SetDirty(true)
	s.scheduleSave(ctx)
}

func (s *shell) scheduleSave(ctx app.Context) {
	ctx = s.uiCtx(ctx)
	p := &s.save
	if p.pending || p.lib == nil {
		return
	}
	p.pending = true
	ctx.After(saveDelay, func(ctx app.Context) {
		p.pending = false
		s.saveNow(ctx)
	})
}

// saveNow writes the workspace as it is now, unless a write is running (the
// next one is scheduled when it ends) or another tab holds newer work.
func (s *shell) saveNow(ctx app.Context) {
	ctx = s.uiCtx(ctx)
	p := &s.save
	if p.dirtyGen == p.savedGen || p.stale {
		return
	}
	if p.writing {
		s.scheduleSave(ctx)
		return
	}
	s.write(ctx, nil)
}

// flush writes the open workspace as it is on screen and then calls done,
// on the UI goroutine: with nil once storage holds every change made so
// far, else with the reason it cannot. A write already running is waited
// for, and changes made during it are written after it.
func (s *shell) flush(ctx app.Context, done func(app.Context, error)) {
	ctx = s.uiCtx(ctx)
	p := &s.save
	switch {
	case p.lib == nil:
		done(ctx, store.ErrUnavailable)
	case p.stale:
		done(ctx, store.ErrConflict)
	case p.writing:
		p.waiters = append(p.waiters, done)
	case p.dirtyGen == p.savedGen:
		done(ctx, nil)
	default:
		s.write(ctx, done)
	}
}

// write stores the open workspace as it is now; done (if any) and the
// waiters hear how it went.
func (s *shell) write(ctx app.Context, done func(app.Context, error)) {
	p := &s.save
	ws := s.sess.ws
	base, gen := p.storedRev, p.dirtyGen
	meta, data, err := store.Record(ws, base)
	if err != nil {
		p.failure = notSaved(err)
		if done != nil {
			done(ctx, err)
		}
		return
	}
	p.writing = true
	lib := p.lib
	ctx.Async(func() {
		rev, err := lib.Put(meta, data, base)
		ctx.Dispatch(func(ctx app.Context) {
			p.writing = false
			// The user may have opened another workspace meanwhile (a new
			// one is shown before it is stored): this write's revision and
			// conflict concern the one it wrote.
			same := s.sess.ws.ID == meta.ID
			switch {
			case err == nil:
				if same {
					p.storedRev, p.savedGen = rev, gen
					if gen == p.dirtyGen {
						keepSaved(ws, data)
					}
				}
				if !p.volatile {
					p.failure = ""
					s.askPersistence(ctx)
				}
				s.listRev++
				if msg, err := json.Marshal(savedMsg{Workspace: meta.ID, Rev: rev}); err == nil {
					browser.Broadcast(string(msg))
				}
				if p.dirtyGen != p.savedGen && done == nil && len(p.waiters) == 0 {
					s.scheduleSave(ctx)
				}
			case errors.Is(err, store.ErrConflict):
				if same {
					p.stale = true
				}
			default:
				p.failure = notSaved(err)
			}
			browser.SetDirty(p.unsaved())
			waiters := p.waiters
			p.waiters = nil
			if done != nil {
				waiters = append([]func(app.Context, error){done}, waiters...)
			}
			for _, w := range waiters {
				if err != nil {
					w(ctx, err)
				} else {
					// Changes made during this write are written next.
					s.flush(ctx, w)
				}
			}
		})
	})
}

// askPersistence asks the browser, once a page and after a first
// successful write, to keep this site's storage unless the user clears it:
// best-effort storage is evicted when the disk fills up (and Safari clears
// script-written storage of sites unused for 7 days). The answer shows in
// the Workspaces panel.
func (s *shell) askPersistence(ctx app.Context) {
	p := &s.save
	if p.persistAsked {
		return
	}
	p.persistAsked = true
	ctx.Async(func() {
		_, _ = browser.RequestPersistence() // the panel reads the state itself
		ctx.Dispatch(func(app.Context) { s.listRev++ })
	})
}

// errNotKept is why leaving the page would lose work when the browser
// refused storage and the workspaces live in the page's memory.
var errNotKept = errors.New("this browser refused storage, so your work is kept only in this page")

// leaveAsk is the question asked when a switch cannot store the open
// workspace first: what the switch was, why it cannot store, and the
// switch itself, run if the user discards or exports.
type leaveAsk struct {
	what   string
	reason error
	next   func(app.Context)
}

// whenStored is the first step of every switch (Open, New workspace,
// Import as new, deleting the open workspace, Reload): next runs once
// storage holds the open workspace as it is on screen. When it cannot be
// written, the user is asked: discard the changes, export them, or stay.
// page says that the page itself is left, which loses a library kept in
// memory too.
func (s *shell) whenStored(ctx app.Context, what string, page bool, next func(app.Context)) {
	ctx = s.uiCtx(ctx)
	p := &s.save
	if p.switching {
		s.sess.notice("Saving the open workspace first…")
		return
	}
	p.switching = true
	s.flush(ctx, func(ctx app.Context, err error) {
		p.switching = false
		if err == nil && page && p.volatile {
			err = errNotKept
		}
		if err != nil {
			s.leave = &leaveAsk{what: what, reason: err, next: next}
			return
		}
		s.leave = nil
		next(ctx)
	})
}

// onLeaveStay answers the question: stay on the open workspace.
func (s *shell) onLeaveStay(ctx app.Context, e app.Event) {
	s.leave = nil
	s.sess.notice("Stayed on " + s.sess.ws.Title + ": your changes are still here.")
}

// onLeaveExport downloads the open workspace, then switches; if the
// download fails, the question stays (the status line says why).
func (s *shell) onLeaveExport(ctx app.Context, e app.Event) {
	a := s.leave
	if a == nil {
		return
	}
	if err := s.sess.exportJSON(); err != nil {
		return
	}
	s.leave = nil
	a.next(s.uiCtx(ctx))
}

// onLeaveDiscard switches without the changes that could not be stored.
func (s *shell) onLeaveDiscard(ctx app.Context, e app.Event) {
	a := s.leave
	if a == nil {
		return
	}
	s.leave = nil
	a.next(s.uiCtx(ctx))
}

// lastSaved is what the last write stored of the open workspace, while
// the workspace has not changed since (changed and adopt forget it): the
// framecheck export of that workspace is these bytes with another
// exportedAt (fcjson.Restamp), so exporting need not encode 10,000
// annotations again. The counts, time and title are a second check that
// the workspace is the one that was written.
var lastSaved struct {
	ws                    *workspace.Workspace
	data                  []byte
	title                 string
	updated               time.Time
	readouts, annotations int
}

func keepSaved(w *workspace.Workspace, data []byte) {
	lastSaved.ws, lastSaved.data, lastSaved.title, lastSaved.updated = w, data, w.Title, w.UpdatedAt
	lastSaved.readouts, lastSaved.annotations = len(w.Readouts), len(w.Annotations)
}

func forgetSaved() { lastSaved.ws, lastSaved.data = nil, nil }

// savedExport returns the framecheck export of w at exportedAt from the
// bytes of its last save, when w is unchanged since.
func savedExport(w *workspace.Workspace, exportedAt time.Time) ([]byte, bool) {
	l := &lastSaved
	if l.ws == nil || l.ws != w || l.title != w.Title || !l.updated.Equal(w.UpdatedAt) ||
		l.readouts != len(w.Readouts) || l.annotations != len(w.Annotations) {
		return nil, false
	}
	return fcjson.Restamp(l.data, exportedAt)
}

// onOtherTab reacts to another tab's save of the open workspace: with no
// unsaved work here, load theirs; otherwise say plainly that this tab is
// stale and let the user choose.
func (s *shell) onOtherTab(ctx app.Context, raw string) {
	var m savedMsg
	if json.Unmarshal([]byte(raw), &m) != nil || s.sess == nil || m.Workspace != s.sess.ws.ID || m.Rev <= s.save.storedRev {
		return
	}
	if s.save.unsaved() || s.save.writing {
		s.save.stale = true
		return
	}
	s.reloadFromStore(ctx, "Updated with changes made in another tab.")
}

// reloadFromStore replaces the open workspace with the stored one.
func (s *shell) reloadFromStore(ctx app.Context, notice string) {
	ctx = s.uiCtx(ctx)
	id, lib := s.sess.ws.ID, s.save.lib
	ctx.Async(func() {
		w, m, err := lib.Open(id)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				s.sess.fail(fmt.Errorf("reload: %w", err))
				return
			}
			s.adopt(w, m.Rev)
			s.sess.notice(notice)
		})
	})
}

// adopt makes w the open workspace, stored at revision rev.
func (s *shell) adopt(w *workspace.Workspace, rev int) {
	forgetSaved()
	s.sess.reset(w)
	s.save.storedRev, s.save.stale = rev, false
	s.save.savedGen = s.save.dirtyGen
	if !s.save.volatile {
		// The warning was about the workspace left (discarded or
		// exported); this one is as stored. A failing storage says so again
		// at the next write.
		s.save.failure = ""
	}
	browser.SetDirty(s.save.unsaved())
	browser.ClearHighlights()
	browser.LocalSet(currentKey, w.ID)
}

// libTask runs a storage task off the UI goroutine, then refreshes the
// workspace list (and reports a failure in the status line).
func (s *shell) libTask(ctx app.Context, what string, task func(*store.Library) error) {
	ctx = s.uiCtx(ctx)
	lib := s.save.lib
	ctx.Async(func() {
		err := task(lib)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				s.sess.fail(fmt.Errorf("%s: %w", what, err))
			}
			s.listRev++
		})
	})
}

// openWorkspace switches to a stored workspace, once the open one is
// stored (whenStored).
func (s *shell) openWorkspace(ctx app.Context, id string) {
	ctx = s.uiCtx(ctx)
	lib := s.save.lib
	ctx.Async(func() {
		w, m, err := lib.Open(id)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				s.sess.fail(err)
				return
			}
			s.whenStored(ctx, "open "+w.Title, false, func(ctx app.Context) {
				s.adopt(w, m.Rev)
				s.sess.notice("Opened " + w.Title)
				s.listRev++
			})
		})
	})
}

// createWorkspace opens a new workspace and stores it: it is shown at
// once and written by the autosave, like any change (an imported workspace
// of 10,000 annotations takes longer to encode and store than to show).
// Until that write ends it is unsaved work: the page asks before it is
// left, and the header says "Saving…".
func (s *shell) createWorkspace(ctx app.Context, w *workspace.Workspace, notice string) {
	ctx = s.uiCtx(ctx)
	if s.sess.ws != w {
		// Store the open one first. (Keep mine re-ids the open workspace
		// itself: its changes are this new one's, written below.)
		s.whenStored(ctx, "open "+w.Title, false, func(ctx app.Context) { s.showNew(ctx, w, notice) })
		return
	}
	s.showNew(ctx, w, notice)
}

// showNew shows w, not yet stored, and has the autosave store it.
func (s *shell) showNew(ctx app.Context, w *workspace.Workspace, notice string) {
	s.adopt(w, 0)
	if notice != "" {
		s.sess.notice(notice)
	}
	p := &s.save
	p.dirtyGen++
	browser.SetDirty(true)
	s.listRev++
	// The write (encoding and storing, hundreds of milliseconds for a big
	// import) waits until the workspace is on screen: the readout view
	// paints in a Defer of this update, and the frame after it is where
	// the user sees it.
	ctx.Defer(func(ctx app.Context) {
		browser.AfterNextPaint(func() { ctx.Dispatch(func(ctx app.Context) { s.scheduleSave(ctx) }) })
	})
}

// deleteWorkspace moves a workspace to the trash; when it is the open one,
// it is stored first (the trash keeps what was on screen) and another (or
// a new empty one) is opened.
func (s *shell) deleteWorkspace(ctx app.Context, id string) {
	ctx = s.uiCtx(ctx)
	if id == s.sess.ws.ID {
		s.whenStored(ctx, "delete "+s.sess.ws.Title, false, func(ctx app.Context) { s.trash(ctx, id, true) })
		return
	}
	s.trash(ctx, id, false)
}

func (s *shell) trash(ctx app.Context, id string, current bool) {
	lib := s.save.lib
	ctx.Async(func() {
		err := lib.MoveToTrash(id)
		var next *workspace.Workspace
		var rev int
		if err == nil && current {
			if list, lerr := lib.List(); lerr == nil && len(list) > 0 {
				if w, m, oerr := lib.Open(list[0].ID); oerr == nil {
					next, rev = w, m.Rev
				}
			}
			if next == nil {
				next = workspace.New("Untitled workspace", time.Now())
				rev, _ = lib.Save(next, 0)
			}
		}
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				s.sess.fail(fmt.Errorf("delete workspace: %w", err))
				return
			}
			if next != nil {
				s.adopt(next, rev)
			}
			s.sess.notice("Workspace moved to the trash")
			s.listRev++
		})
	})
}

// duplicateWorkspace stores a copy of a workspace under new ids: of the
// open one as it is on screen (stored or not), of another as stored.
func (s *shell) duplicateWorkspace(ctx app.Context, id, title string) {
	if id != s.sess.ws.ID {
		s.libTask(ctx, "duplicate", func(lib *store.Library) error {
			_, err := lib.Duplicate(id, title)
			return err
		})
		return
	}
	// Encoded here, on the UI goroutine: a snapshot of what is shown.
	_, data, err := store.Record(s.sess.ws, 0)
	if err != nil {
		s.sess.fail(fmt.Errorf("duplicate: %w", err))
		return
	}
	s.libTask(ctx, "duplicate", func(lib *store.Library) error {
		_, err := lib.SaveCopy(data, title)
		return err
	})
}
