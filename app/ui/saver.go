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

// saveDelay batches a burst of edits into one write. The write then waits
// for the keys and the mouse to pause for inputPause, so that its encode
// and put (tens of milliseconds for a long readout) do not hold up the
// next key, but never past saveLatest after the change: with the write
// itself every change is stored within about a second.
const (
	saveDelay  = 300 * time.Millisecond
	inputPause = 250 * time.Millisecond
	saveLatest = time.Second
)

// saver keeps the open workspace in the browser's storage: it writes after
// every change, one write at a time, and tells the user when storage is
// refused or another tab saved newer work. It also switches workspaces
// (open, new, delete, reload), each only once the open one is stored, and
// runs the Workspaces panel's storage tasks. Writes run in their own
// goroutine (IndexedDB answers asynchronously); the state is read and
// changed on the UI goroutine only.
type saver struct {
	home *shellCtx
	sess *session // the open workspace; switching replaces its content

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

	// listRev moves when what is stored changes: the Workspaces panel
	// reads the list again.
	listRev int
	// lastList is the list the Workspaces panel read last: a reopened
	// panel shows it at once, so its rows and settings do not move down
	// when the fresh read arrives (unless the list changed).
	lastList []store.Meta
	// leave is the question asked when a switch cannot store the open
	// workspace.
	leave *leaveAsk
}

// newSaver keeps sess stored in lib, where it is at revision rev; warn is a
// storage warning from opening the library, and volatile says the library
// lives in memory.
func newSaver(home *shellCtx, sess *session, lib *store.Library, rev int, warn string, volatile bool) *saver {
	return &saver{home: home, sess: sess, lib: lib, storedRev: rev, failure: warn, volatile: volatile}
}

func (p *saver) unsaved() bool { return p.volatile || p.dirtyGen != p.savedGen }

// state names what the header says: saved, saving, failed or stale.
func (p *saver) state() string {
	switch {
	case p.failure != "":
		return "failed"
	case p.stale:
		return "stale"
	case p.unsaved() || p.writing:
		return "saving"
	}
	return "saved"
}

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

// openOrder is the one rule for which stored workspace opens, when the page
// starts and when the open one goes to the trash: the one open last (last),
// when it is stored and not in the trash, else the most recently changed
// (list is Library.List: no trash, most recent first). When the list could
// not be read (listed is false), only last is tried. An empty answer means
// a new workspace.
func openOrder(last string, list []store.Meta, listed bool) []string {
	var out []string
	if last != "" && (!listed || listHas(list, last)) {
		out = append(out, last)
	}
	if len(list) > 0 && list[0].ID != last {
		out = append(out, list[0].ID)
	}
	return out
}

func listHas(list []store.Meta, id string) bool {
	for _, m := range list {
		if m.ID == id {
			return true
		}
	}
	return false
}

// openChosen opens the first workspace openOrder names that opens; nil
// when none does. It blocks: call it off the UI goroutine.
func openChosen(lib *store.Library, last string) (*workspace.Workspace, int) {
	list, err := lib.List()
	for _, id := range openOrder(last, list, err == nil) {
		if w, m, err := lib.Open(id); err == nil && !m.Trashed() {
			return w, m.Rev
		}
	}
	return nil, 0
}

// openLibrary opens the browser's storage (falling back to memory with a
// warning) and the workspace to show (openOrder), else a new sample. It
// blocks: call it off the UI goroutine.
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
	if w, rev := openChosen(lib, browser.LocalGet(currentKey)); w != nil {
		return lib, w, rev, warn, volatile
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

// changed records an edit and schedules a save.
func (p *saver) changed(ctx app.Context) {
	forgetSaved()
	p.dirtyGen++
	browser.SetDirty(true)
	p.scheduleSave(ctx)
}

func (p *saver) scheduleSave(ctx app.Context) {
	if p.pending || p.lib == nil {
		return
	}
	p.pending = true
	ctx = p.home.or(ctx)
	latest := time.Now().Add(saveLatest)
	// The waits run on the browser's timers, not ctx.After: a go-app
	// dispatch renders the shell, the very work a key should not meet.
	browser.After(saveDelay, func() {
		whenPast(time.Now, browser.After, func() time.Time { return saveDue(browser.LastInput(), latest) }, func() {
			ctx.Dispatch(func(ctx app.Context) {
				p.pending = false
				p.saveNow(ctx)
			})
		})
	})
}

// saveDue is when a due write may start: inputPause after the last input,
// but not past latest.
func saveDue(lastInput, latest time.Time) time.Time {
	if due := lastInput.Add(inputPause); due.Before(latest) {
		return due
	}
	return latest
}

// saveNow writes the workspace as it is now, unless a write is running (the
// next one is scheduled when it ends) or another tab holds newer work.
func (p *saver) saveNow(ctx app.Context) {
	ctx = p.home.or(ctx)
	if p.dirtyGen == p.savedGen || p.stale {
		return
	}
	if p.writing {
		p.scheduleSave(ctx)
		return
	}
	p.write(ctx, nil)
}

// flush writes the open workspace as it is on screen and then calls done,
// on the UI goroutine: with nil once storage holds every change made so
// far, else with the reason it cannot. A write already running is waited
// for, and changes made during it are written after it.
func (p *saver) flush(ctx app.Context, done func(app.Context, error)) {
	ctx = p.home.or(ctx)
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
		p.write(ctx, done)
	}
}

// write stores the open workspace as it is now; done (if any) and the
// waiters hear how it went.
func (p *saver) write(ctx app.Context, done func(app.Context, error)) {
	ws := p.sess.ws
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
	var rev int
	p.home.async(ctx, func() { rev, err = lib.Put(meta, data, base) }, func(ctx app.Context) {
		p.writing = false
		// The user may have opened another workspace meanwhile (a new
		// one is shown before it is stored): this write's revision and
		// conflict concern the one it wrote.
		same := p.sess.ws.ID == meta.ID
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
				p.askPersistence(ctx)
			}
			p.listRev++
			if msg, err := json.Marshal(savedMsg{Workspace: meta.ID, Rev: rev}); err == nil {
				browser.Broadcast(string(msg))
			}
			if p.dirtyGen != p.savedGen && done == nil && len(p.waiters) == 0 {
				p.scheduleSave(ctx)
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
				p.flush(ctx, w)
			}
		}
	})
}

// askPersistence asks the browser, once a page and after a first
// successful write, to keep this site's storage unless the user clears it:
// best-effort storage is evicted when the disk fills up (and Safari clears
// script-written storage of sites unused for 7 days). The answer shows in
// the Workspaces panel.
func (p *saver) askPersistence(ctx app.Context) {
	if p.persistAsked {
		return
	}
	p.persistAsked = true
	p.home.async(ctx, func() {
		_, _ = browser.RequestPersistence() // the panel reads the state itself
	}, func(app.Context) { p.listRev++ })
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
func (p *saver) whenStored(ctx app.Context, what string, page bool, next func(app.Context)) {
	if p.switching {
		p.sess.notice("Saving the open workspace first…")
		return
	}
	p.switching = true
	p.flush(ctx, func(ctx app.Context, err error) {
		p.switching = false
		if err == nil && page && p.volatile {
			err = errNotKept
		}
		if err != nil {
			p.leave = &leaveAsk{what: what, reason: err, next: next}
			return
		}
		p.leave = nil
		next(ctx)
	})
}

// onLeaveStay answers the question: stay on the open workspace.
func (p *saver) onLeaveStay(ctx app.Context, e app.Event) {
	p.leave = nil
	p.sess.notice("Stayed on " + p.sess.ws.Title + ": your changes are still here.")
}

// onLeaveExport downloads the open workspace, then switches; if the
// download fails, the question stays (the status line says why).
func (p *saver) onLeaveExport(ctx app.Context, e app.Event) {
	a := p.leave
	if a == nil {
		return
	}
	if err := p.sess.exportJSON(); err != nil {
		return
	}
	p.leave = nil
	a.next(p.home.or(ctx))
}

// onLeaveDiscard switches without the changes that could not be stored.
func (p *saver) onLeaveDiscard(ctx app.Context, e app.Event) {
	a := p.leave
	if a == nil {
		return
	}
	p.leave = nil
	a.next(p.home.or(ctx))
}

// reloadPage reloads the page (a variable so that tests can watch it).
var reloadPage = func(ctx app.Context) { ctx.Reload() }

// reloadWhenStored reloads once the open workspace is stored (or the user
// chose to discard or export what could not be).
func (p *saver) reloadWhenStored(ctx app.Context) {
	p.whenStored(ctx, "reload", true, func(ctx app.Context) {
		browser.SetDirty(false) // stored, exported or discarded: no second question
		reloadPage(ctx)
	})
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
func (p *saver) onOtherTab(ctx app.Context, raw string) {
	var m savedMsg
	if json.Unmarshal([]byte(raw), &m) != nil || m.Workspace != p.sess.ws.ID || m.Rev <= p.storedRev {
		return
	}
	if p.unsaved() || p.writing {
		p.stale = true
		return
	}
	p.reloadFromStore(ctx, "Updated with changes made in another tab.")
}

// onLoadTheirs drops this tab's unsaved changes for the other tab's newer
// version.
func (p *saver) onLoadTheirs(ctx app.Context, e app.Event) {
	p.reloadFromStore(ctx, "Loaded the version saved in another tab.")
}

// onKeepMine saves this tab's version as a new workspace, so neither tab's
// work is lost.
func (p *saver) onKeepMine(ctx app.Context, e app.Event) {
	c := p.sess.ws.Reid(time.Now())
	c.Title = c.Title + " (copy from another tab)"
	p.stale = false
	p.createWorkspace(ctx, c, "")
}

// reloadFromStore replaces the open workspace with the stored one.
func (p *saver) reloadFromStore(ctx app.Context, notice string) {
	id, lib := p.sess.ws.ID, p.lib
	var w *workspace.Workspace
	var m store.Meta
	var err error
	p.home.async(ctx, func() { w, m, err = lib.Open(id) }, func(ctx app.Context) {
		if err != nil {
			p.sess.fail(fmt.Errorf("reload: %w", err))
			return
		}
		p.adopt(w, m.Rev)
		p.sess.notice(notice)
	})
}

// adopt makes w the open workspace, stored at revision rev.
func (p *saver) adopt(w *workspace.Workspace, rev int) {
	forgetSaved()
	p.sess.reset(w)
	p.storedRev, p.stale = rev, false
	p.savedGen = p.dirtyGen
	if !p.volatile {
		// The warning was about the workspace left (discarded or
		// exported); this one is as stored. A failing storage says so again
		// at the next write.
		p.failure = ""
	}
	browser.SetDirty(p.unsaved())
	browser.ClearHighlights()
	browser.LocalSet(currentKey, w.ID)
}

// libTask runs a storage task off the UI goroutine, then refreshes the
// workspace list (and reports a failure in the status line).
func (p *saver) libTask(ctx app.Context, what string, task func(*store.Library) error) {
	lib := p.lib
	var err error
	p.home.async(ctx, func() { err = task(lib) }, func(ctx app.Context) {
		if err != nil {
			p.sess.fail(fmt.Errorf("%s: %w", what, err))
		}
		p.listRev++
	})
}

// openWorkspace switches to a stored workspace, once the open one is
// stored (whenStored).
func (p *saver) openWorkspace(ctx app.Context, id string) {
	lib := p.lib
	var w *workspace.Workspace
	var m store.Meta
	var err error
	p.home.async(ctx, func() { w, m, err = lib.Open(id) }, func(ctx app.Context) {
		if err != nil {
			p.sess.fail(err)
			return
		}
		p.whenStored(ctx, "open "+w.Title, false, func(ctx app.Context) {
			p.adopt(w, m.Rev)
			p.sess.notice("Opened " + w.Title)
			p.listRev++
		})
	})
}

// createWorkspace opens a new workspace and stores it: it is shown at
// once and written by the autosave, like any change (an imported workspace
// of 10,000 annotations takes longer to encode and store than to show).
// Until that write ends it is unsaved work: the page asks before it is
// left, and the header says "Saving…".
func (p *saver) createWorkspace(ctx app.Context, w *workspace.Workspace, notice string) {
	ctx = p.home.or(ctx)
	if p.sess.ws != w {
		// Store the open one first. (Keep mine re-ids the open workspace
		// itself: its changes are this new one's, written below.)
		p.whenStored(ctx, "open "+w.Title, false, func(ctx app.Context) { p.showNew(ctx, w, notice) })
		return
	}
	p.showNew(ctx, w, notice)
}

// showNew shows w, not yet stored, and has the autosave store it.
func (p *saver) showNew(ctx app.Context, w *workspace.Workspace, notice string) {
	p.adopt(w, 0)
	if notice != "" {
		p.sess.notice(notice)
	}
	p.dirtyGen++
	browser.SetDirty(true)
	p.listRev++
	// The write (encoding and storing, hundreds of milliseconds for a big
	// import) waits until the workspace is on screen: the readout view
	// paints in a Defer of this update, and the frame after it is where
	// the user sees it.
	ctx.Defer(func(ctx app.Context) {
		browser.AfterNextPaint(func() { ctx.Dispatch(func(ctx app.Context) { p.scheduleSave(ctx) }) })
	})
}

// deleteWorkspace moves a workspace to the trash; when it is the open one,
// it is stored first (the trash keeps what was on screen) and another
// (openOrder, else a new empty one) is opened.
func (p *saver) deleteWorkspace(ctx app.Context, id string) {
	if id == p.sess.ws.ID {
		p.whenStored(ctx, "delete "+p.sess.ws.Title, false, func(ctx app.Context) { p.trash(ctx, id, true) })
		return
	}
	p.trash(ctx, id, false)
}

func (p *saver) trash(ctx app.Context, id string, current bool) {
	lib := p.lib
	var next *workspace.Workspace
	var rev int
	var err error
	p.home.async(ctx, func() {
		if err = lib.MoveToTrash(id); err != nil || !current {
			return
		}
		if next, rev = openChosen(lib, ""); next == nil {
			next = workspace.New("Untitled workspace", time.Now())
			rev, _ = lib.Save(next, 0)
		}
	}, func(ctx app.Context) {
		if err != nil {
			p.sess.fail(fmt.Errorf("delete workspace: %w", err))
			return
		}
		if next != nil {
			p.adopt(next, rev)
		}
		p.sess.notice("Workspace moved to the trash")
		p.listRev++
	})
}

// duplicateWorkspace stores a copy of a workspace under new ids: of the
// open one as it is on screen (stored or not), of another as stored.
func (p *saver) duplicateWorkspace(ctx app.Context, id, title string) {
	if id != p.sess.ws.ID {
		p.libTask(ctx, "duplicate", func(lib *store.Library) error {
			_, err := lib.Duplicate(id, title)
			return err
		})
		return
	}
	// Encoded here, on the UI goroutine: a snapshot of what is shown.
	_, data, err := store.Record(p.sess.ws, 0)
	if err != nil {
		p.sess.fail(fmt.Errorf("duplicate: %w", err))
		return
	}
	p.libTask(ctx, "duplicate", func(lib *store.Library) error {
		_, err := lib.SaveCopy(data, title)
		return err
	})
}
