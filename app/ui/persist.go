package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"framecheck/app/browser"
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
func openLibrary(now time.Time) (lib *store.Library, w *workspace.Workspace, rev int, warn string, volatile bool) {
	b, err := browser.OpenIDB()
	if err != nil {
		b = store.NewMemory()
		volatile = true
		warn = notSaved(err)
	}
	lib = &store.Library{B: b}
	_ = lib.PurgeExpired() // best effort: an old trash entry is no reason to fail
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
	ws := s.sess.ws
	base, gen := p.storedRev, p.dirtyGen
	meta, data, err := store.Record(ws, base)
	if err != nil {
		p.failure = notSaved(err)
		return
	}
	p.writing = true
	lib := p.lib
	ctx.Async(func() {
		rev, err := lib.Put(meta, data, base)
		ctx.Dispatch(func(ctx app.Context) {
			p.writing = false
			switch {
			case err == nil:
				p.storedRev, p.savedGen = rev, gen
				if !p.volatile {
					p.failure = ""
				}
				s.listRev++
				if msg, err := json.Marshal(savedMsg{Workspace: meta.ID, Rev: rev}); err == nil {
					browser.Broadcast(string(msg))
				}
				if p.dirtyGen != p.savedGen {
					s.scheduleSave(ctx)
				}
			case errors.Is(err, store.ErrConflict):
				p.stale = true
			default:
				p.failure = notSaved(err)
			}
			browser.SetDirty(p.unsaved())
		})
	})
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
	s.sess.reset(w)
	s.save.storedRev, s.save.stale = rev, false
	s.save.savedGen = s.save.dirtyGen
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

// openWorkspace switches to a stored workspace, after storing the open one.
func (s *shell) openWorkspace(ctx app.Context, id string) {
	ctx = s.uiCtx(ctx)
	s.saveNow(ctx)
	lib := s.save.lib
	ctx.Async(func() {
		w, m, err := lib.Open(id)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				s.sess.fail(err)
				return
			}
			s.adopt(w, m.Rev)
			s.sess.notice("Opened " + w.Title)
			s.listRev++
		})
	})
}

// createWorkspace stores a new workspace and opens it.
func (s *shell) createWorkspace(ctx app.Context, w *workspace.Workspace) {
	ctx = s.uiCtx(ctx)
	s.saveNow(ctx)
	lib := s.save.lib
	ctx.Async(func() {
		rev, err := lib.Save(w, 0)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				s.save.failure = notSaved(err)
			}
			s.adopt(w, rev)
			s.listRev++
		})
	})
}

// deleteWorkspace moves a workspace to the trash; when it is the open one,
// another (or a new empty one) is opened.
func (s *shell) deleteWorkspace(ctx app.Context, id string) {
	ctx = s.uiCtx(ctx)
	lib := s.save.lib
	current := id == s.sess.ws.ID
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
