package ui

import (
	"strings"
	"sync"
	"testing"
	"time"

	"framecheck/app/store"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Switching workspace (Open, New, Import as new, Keep mine, Reload) must
// never drop what is on screen: these tests drive the shell's storage steps
// through go-app's test engine, with the in-memory backend in place of
// IndexedDB and faults injected into it.

// ctxProbe is a mounted component whose context the shell uses: go-app's
// test engine mounts no client component (OnMount runs only in a browser),
// and a Dispatch needs a mounted source.
type ctxProbe struct {
	app.Compo
	ctx app.Context
}

func (p *ctxProbe) OnPreRender(ctx app.Context) { p.ctx = ctx }
func (p *ctxProbe) Render() app.UI              { return app.Div() }

// faultyBackend is store.Memory behind a lock (writes run in goroutines)
// with faults: Puts of one workspace fail, or every Put waits for a gate.
type faultyBackend struct {
	mu      sync.Mutex
	mem     *store.Memory
	failID  string        // Puts of this workspace fail
	failAll error         // every Put fails with it
	gate    chan struct{} // when set, Put waits until it is closed
}

func (b *faultyBackend) Put(m store.Meta, data []byte, rev int) error {
	b.mu.Lock()
	gate := b.gate
	b.mu.Unlock()
	if gate != nil {
		<-gate
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.failAll != nil {
		return b.failAll
	}
	if m.ID == b.failID {
		return store.ErrUnavailable
	}
	return b.mem.Put(m, data, rev)
}

func (b *faultyBackend) Get(id string) (store.Meta, []byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.mem.Get(id)
}

func (b *faultyBackend) Metas() ([]store.Meta, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.mem.Metas()
}

func (b *faultyBackend) Delete(id string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.mem.Delete(id)
}

func (b *faultyBackend) setFail(id string, all error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.failID, b.failAll = id, all
}

// switchRig is a shell on the sample workspace, stored, with a second
// stored workspace to switch to.
type switchRig struct {
	t     *testing.T
	eng   app.TestEngine
	sh    *shell
	b     *faultyBackend
	lib   *store.Library
	other string // id of the second stored workspace
}

func newSwitchRig(t *testing.T) *switchRig {
	t.Helper()
	eng := app.NewTestEngine()
	p := &ctxProbe{}
	if err := eng.Load(p); err != nil {
		t.Fatal(err)
	}
	eng.ConsumeAll()
	if p.ctx.Context == nil {
		t.Fatal("test setup: the probe got no context")
	}
	b := &faultyBackend{mem: store.NewMemory()}
	lib := &store.Library{B: b}
	s := testSession(t)
	rev, err := lib.Save(s.ws, 0)
	if err != nil {
		t.Fatal(err)
	}
	o := workspace.New("Other workspace", s.now())
	if _, err := lib.Save(o, 0); err != nil {
		t.Fatal(err)
	}
	sh := testShell(s, lib, rev, p.ctx)
	return &switchRig{t: t, eng: eng, sh: sh, b: b, lib: lib, other: o.ID}
}

// testShell is a shell composed around s, as the page composes it once
// storage is open; lib may be nil (nothing is stored) and ctx zero (nothing
// runs later).
func testShell(s *session, lib *store.Library, rev int, ctx app.Context) *shell {
	sh := newShell()
	sh.home.ctx = ctx
	sh.compose(s, lib, rev, "", false)
	return sh
}

// edit renames the open workspace (an ordinary change, autosaved).
func (r *switchRig) edit(title string) {
	r.t.Helper()
	if err := r.sh.sess.apply(workspace.RenameWorkspace{Title: title}); err != nil {
		r.t.Fatal(err)
	}
}

// stored returns the stored title of a workspace.
func (r *switchRig) stored(id string) string {
	r.t.Helper()
	w, _, err := r.lib.Open(id)
	if err != nil {
		r.t.Fatalf("open %s: %v", id, err)
	}
	return w.Title
}

func (r *switchRig) settle() { r.eng.ConsumeAll() }

// Open while a write is still running and another change is waiting: the
// switch happens only once storage holds the last change.
func TestOpenWaitsForTheRunningWrite(t *testing.T) {
	r := newSwitchRig(t)
	id := r.sh.sess.ws.ID
	r.b.gate = make(chan struct{})
	r.edit("First change")
	r.sh.save.saveNow(r.sh.home.ctx) // a write starts and blocks at the gate
	if !r.sh.save.writing {
		t.Fatal("test setup: no write running")
	}
	r.edit("Second change")
	r.sh.save.openWorkspace(r.sh.home.ctx, r.other)
	close(r.b.gate)
	r.settle()
	if got := r.stored(id); got != "Second change" {
		t.Errorf("after switching away, storage holds the title %q; the screen showed %q", got, "Second change")
	}
	if r.sh.sess.ws.ID != r.other {
		t.Errorf("the Open did not happen after the write was confirmed (open: %q)", r.sh.sess.ws.Title)
	}
}

// When the open workspace cannot be written, every switch asks (discard /
// export / stay) and changes nothing until the user answers.
func TestSwitchAsksWhenTheWriteFails(t *testing.T) {
	for _, tc := range []struct {
		name    string
		switch_ func(r *switchRig)
	}{
		{"open", func(r *switchRig) { r.sh.save.openWorkspace(r.sh.home.ctx, r.other) }},
		{"new", func(r *switchRig) {
			r.sh.save.createWorkspace(r.sh.home.ctx, workspace.New("Untitled workspace", time.Now()), "")
		}},
		{"reload", func(r *switchRig) { r.sh.save.reloadWhenStored(r.sh.home.ctx) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newSwitchRig(t)
			reloaded := 0
			reloadPage = func(app.Context) { reloaded++ }
			t.Cleanup(func() { reloadPage = func(ctx app.Context) { ctx.Reload() } })
			id := r.sh.sess.ws.ID
			r.b.setFail(id, nil)
			r.edit("Unsaved change")
			tc.switch_(r)
			r.settle()
			if r.sh.sess.ws.ID != id || r.sh.sess.ws.Title != "Unsaved change" || reloaded != 0 {
				t.Fatalf("switched away (open %q, reloads %d) although the change could not be written", r.sh.sess.ws.Title, reloaded)
			}
			if r.sh.save.leave == nil {
				t.Fatal("no question asked (discard / export / stay)")
			}
			html := app.HTMLString(r.sh)
			for _, hook := range []string{`data-banner="leave"`, `data-action="leave-discard"`, `data-action="leave-export"`, `data-action="leave-stay"`} {
				if !strings.Contains(html, hook) {
					t.Errorf("the question lacks %s", hook)
				}
			}
			if strings.Contains(html, `data-save-state="saved"`) {
				t.Error(`the header says saved although the write failed`)
			}
			// Stay: nothing changes.
			r.sh.save.onLeaveStay(r.sh.home.ctx, app.Event{})
			r.settle()
			if r.sh.save.leave != nil || r.sh.sess.ws.ID != id || r.sh.sess.ws.Title != "Unsaved change" {
				t.Fatalf("Stay: open %q, question %v", r.sh.sess.ws.Title, r.sh.save.leave != nil)
			}
			// Export (no browser here: the download fails, so no switch).
			tc.switch_(r)
			r.settle()
			r.sh.save.onLeaveExport(r.sh.home.ctx, app.Event{})
			r.settle()
			if r.sh.sess.ws.ID != id || reloaded != 0 {
				t.Fatalf("Export failed (no browser) yet the switch went on")
			}
			// Discard: the switch goes on.
			tc.switch_(r)
			r.settle()
			r.sh.save.onLeaveDiscard(r.sh.home.ctx, app.Event{})
			r.settle()
			if tc.name == "reload" {
				if reloaded != 1 {
					t.Fatalf("Discard: reloads %d, want 1", reloaded)
				}
			} else if r.sh.sess.ws.ID == id {
				t.Fatal("Discard: still on the old workspace")
			}
			if tc.name == "open" {
				// The workspace opened is as stored: the header says so.
				if html := app.HTMLString(r.sh); !strings.Contains(html, `data-save-state="saved"`) {
					t.Error("after discarding and opening a stored workspace, the header does not say saved")
				}
			}
		})
	}
}

// A tab that another tab overtook cannot write: switching asks as well.
func TestSwitchAsksWhenStale(t *testing.T) {
	r := newSwitchRig(t)
	id := r.sh.sess.ws.ID
	r.edit("Mine")
	r.sh.save.stale = true
	r.sh.save.openWorkspace(r.sh.home.ctx, r.other)
	r.settle()
	if r.sh.sess.ws.ID != id || r.sh.save.leave == nil {
		t.Fatalf("a stale tab switched away without asking (open %q)", r.sh.sess.ws.Title)
	}
}

// Reload (update banner) waits for the write, however long it takes.
func TestReloadWaitsForTheWrite(t *testing.T) {
	r := newSwitchRig(t)
	id := r.sh.sess.ws.ID
	var atReload string
	confirmed := false
	reloadPage = func(app.Context) {
		atReload = r.stored(id)
		// What the page knows when it reloads: the write has ended and
		// it stored the last change.
		confirmed = !r.sh.save.writing && !r.sh.save.unsaved()
	}
	t.Cleanup(func() { reloadPage = func(ctx app.Context) { ctx.Reload() } })
	gate := make(chan struct{})
	r.b.gate = gate
	r.edit("Before reload")
	r.sh.save.reloadWhenStored(r.sh.home.ctx)
	// A slow disk: the write ends after a second.
	go func() { time.Sleep(time.Second); close(gate) }()
	r.settle()
	if !confirmed {
		t.Fatal("the page reloaded before the write of the last change was confirmed")
	}
	if atReload != "Before reload" {
		t.Fatalf("the page reloaded with storage holding %q, the screen showed %q", atReload, "Before reload")
	}
}

// Duplicate copies the workspace as it is on screen, even when its last
// change is not (or cannot be) stored.
func TestDuplicateCopiesWhatIsOnScreen(t *testing.T) {
	r := newSwitchRig(t)
	id := r.sh.sess.ws.ID
	storedN := len(r.sh.sess.ws.Annotations)
	r.b.setFail(id, nil)
	ro := r.sh.sess.ws.Readouts[0]
	a, err := r.sh.sess.ws.NewAnnotation(ro.ID, workspace.Framing, 0, 3, "Tester", r.sh.sess.now())
	if err != nil {
		t.Fatal(err)
	}
	if err := r.sh.sess.apply(workspace.AddAnnotation{Annotation: a}); err != nil {
		t.Fatal(err)
	}
	r.sh.save.duplicateWorkspace(r.sh.home.ctx, id, "The copy")
	r.settle()
	list, err := r.lib.List()
	if err != nil {
		t.Fatal(err)
	}
	var copyID string
	for _, m := range list {
		if m.Title == "The copy" {
			copyID = m.ID
		}
	}
	if copyID == "" {
		t.Fatalf("no copy stored: %+v (status %q)", list, r.sh.sess.message)
	}
	w, _, err := r.lib.Open(copyID)
	if err != nil {
		t.Fatal(err)
	}
	if w.ID == id {
		t.Fatal("the copy has the original's id")
	}
	if got, want := len(w.Annotations), storedN+1; got != want {
		t.Errorf("the copy has %d annotations; the screen shows %d (storage holds %d)", got, want, storedN)
	}
}
