package e2e

// Browser end-to-end tests of what README.md calls "Nothing is lost":
// autosave across a reload, undo/redo, offline use through the service
// worker, two tabs on one workspace, storage the browser refuses, and
// import (as a new workspace, refused files, merge).
//
// Like annotate_test.go they drive the real server (bin/framecheck) and the
// real web/app.wasm in headless Chromium, through the harness of
// harness_test.go, and use only the UI's test hooks.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

const (
	savedSel = `main.fc-shell[data-save-state="saved"]`
	// saveTimeout bounds "every change is saved within a second",
	// generously: a loaded 2-core machine.
	saveTimeout = 10 * time.Second
	// swTimeout bounds the service worker's install (it fetches the
	// whole precache, app.wasm included).
	swTimeout = 45 * time.Second
)

// saveDetail is what the wait messages show about the page's saving state.
var saveDetail = []string{
	`(document.querySelector('main.fc-shell') || {dataset: {}}).dataset.saveState`,
	`[...document.querySelectorAll('[data-banner]')].map(el => el.dataset.banner + ': ' + el.textContent).join(' | ')`,
	`(document.querySelector('.fc-status') || {}).textContent`,
}

// ---------------------------------------------------------------------------
// Small helpers

// has reports whether an element matches the selector now.
func has(e *env, selector string) bool {
	e.t.Helper()
	return eval[bool](e, js(`(sel) => !!document.querySelector(sel)`, selector))
}

// poll polls a JS predicate until it is truthy or the timeout passes,
// without failing the test; it reports whether the predicate held.
func poll(e *env, predicate string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		ok, err := evalErr[bool](e, "!!("+predicate+")")
		if err == nil && ok {
			return true
		}
		if e.ctx.Err() != nil || time.Now().After(deadline) {
			return false
		}
		time.Sleep(pollInterval)
	}
}

// holds checks that a JS predicate stays truthy for the whole duration
// (polling), and fails the test at the first poll where it does not.
func holds(e *env, what, predicate string, d time.Duration) {
	e.t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		ok, err := evalErr[bool](e, "!!("+predicate+")")
		if err != nil || !ok {
			detail := ""
			for _, x := range saveDetail {
				v, _ := evalErr[any](e, x)
				detail += fmt.Sprintf("\n  %s = %v", clip(x, 80), v)
			}
			e.fatalf("%s stopped holding after %v (err %v)%s", what, d-time.Until(deadline), err, detail)
		}
		time.Sleep(pollInterval)
	}
}

// waitSaved waits until the header says the workspace is saved in this
// browser.
func waitSaved(e *env, why string) {
	e.t.Helper()
	e.wait("the workspace to be saved ("+savedSel+") "+why, `document.querySelector('`+savedSel+`')`, saveTimeout, saveDetail...)
}

// settleSave waits until no save is under way (data-save-state is not
// "saving"). The header's save label changes width between "Saving…" and
// "Saved in this browser", and at this window width that moves the whole
// toolbar between two rows: a click measured during the change would land
// elsewhere. So toolbar clicks wait for the label to settle first.
func settleSave(e *env) {
	e.t.Helper()
	e.wait("no save under way (data-save-state not \"saving\")", `document.querySelector('main.fc-shell') && document.querySelector('main.fc-shell').dataset.saveState !== 'saving'`, saveTimeout, saveDetail...)
}

// clickSettled clicks like the harness's click, once the save label is
// settled (the header's height, and so the place of everything below it,
// changes with it too).
func clickSettled(e *env, selector string) {
	e.t.Helper()
	settleSave(e)
	e.click(selector)
}

// exportSettled is the harness's export once the save label is settled.
func exportSettled(e *env) (*exportDoc, []byte, string) {
	e.t.Helper()
	settleSave(e)
	return e.export()
}

// readyJS is true once the app is ready and has painted the active
// readout's text.
const readyJS = `!!document.querySelector('` + readySel + `') &&
  [...document.querySelectorAll('[data-readout-id]')].some(el => el.textContent !== '')`

// reload reloads the page (same profile, same tab) and waits until the
// app is ready again. A marker set on the old document makes sure that the
// ready state seen is the new document's.
func reload(e *env) {
	e.t.Helper()
	if err := tryReload(e); err != nil {
		e.fatalf("reload: %v", err)
	}
}

// tryReload is reload that returns an error instead of failing.
func tryReload(e *env) error {
	e.t.Helper()
	if _, err := evalErr[bool](e, `(window.__e2ePOld = true)`); err != nil {
		return fmt.Errorf("marking the old document: %v", err)
	}
	ctx, cancel := context.WithTimeout(e.ctx, loadTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		return fmt.Errorf("Page.reload: %v", err)
	}
	if !poll(e, `!window.__e2ePOld && `+readyJS, loadTimeout) {
		v, _ := evalErr[string](e, `(document.getElementById('app-wasm-loader') || {textContent: '(no loader element)'}).textContent + ' | old document: ' + !!window.__e2ePOld + ' | body: ' + (document.body ? document.body.innerText.slice(0, 300) : '(none)')`)
		return fmt.Errorf("the app was not ready within %v of the reload; page: %s", loadTimeout, v)
	}
	return nil
}

// blur takes the focus out of any field, so that single-key shortcuts
// apply.
func blur(e *env) {
	e.t.Helper()
	eval[bool](e, `(() => { const a = document.activeElement; if (a && a !== document.body && a.blur) a.blur(); return true; })()`)
}

// entryJS is true when the annotation list has an entry for the id.
func entryJS(id string) string {
	return js(`(id) => !!document.querySelector('[data-annotation-list] [data-annotation-id="' + CSS.escape(id) + '"]')`, id)
}

// setNote selects the annotation through the list, types the note and
// leaves the field (the note is saved on change).
func setNote(e *env, id, exact, note string) {
	e.t.Helper()
	clickSettled(e, `[data-annotation-list] [data-annotation-id="`+id+`"]`)
	e.waitPanelQuote(exact, "clicking the annotation's list entry")
	clickSettled(e, `[data-panel="annotation"] textarea[name="note"]`)
	e.typeText(`[data-panel="annotation"] textarea[name="note"]`, note)
	clickSettled(e, `[data-panel="annotation"] [data-field="quote"]`) // blur: saved on change
	e.wait("the note to show in the annotation's list entry", js(`(id, note) => {
      const el = document.querySelector('[data-annotation-list] [data-annotation-id="' + CSS.escape(id) + '"]');
      return el && el.textContent.includes(note);
    }`, id, note), stepTimeout)
}

// stripExportedAt returns the export without its exportedAt line, and
// fails unless there is exactly one such line.
func stripExportedAt(t *testing.T, raw []byte) string {
	t.Helper()
	lines := strings.Split(string(raw), "\n")
	var out []string
	n := 0
	for _, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), `"exportedAt":`) {
			n++
			continue
		}
		out = append(out, l)
	}
	if n != 1 {
		t.Fatalf("the export should have exactly one \"exportedAt\" line (the file is indented, one member a line), found %d:\n%s", n, clip(string(raw), 1500))
	}
	return strings.Join(out, "\n")
}

// firstDiff describes the first line where two texts differ.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < max(len(la), len(lb)); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n  before: %s\n  after:  %s", i+1, clip(x, 300), clip(y, 300))
		}
	}
	return "(no difference)"
}

// newTab opens a second tab of the same browser (same profile, so the
// same storage and BroadcastChannel) with the harness's init script and
// recorders. It does not load the app.
func newTab(e *env) *env {
	t := e.t
	t.Helper()
	ctx, cancel := chromedp.NewContext(e.ctx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		e.fatalf("opening a second tab: %v", err)
	}
	b := &env{t: t, srv: e.srv, ctx: ctx, cancel: cancel, downloads: e.downloads}
	t.Cleanup(func() {
		if c := b.crash(); c != "" {
			t.Errorf("the app crashed in the second tab: %s", c)
		}
		for _, m := range b.consoleLog() {
			if m.IsException() {
				t.Errorf("uncaught exception in the second tab: %s (%s:%d)", m.Text, m.URL, m.Line+1)
			}
		}
		cancel()
	})
	b.record()
	return b
}

// netLog records, for one tab, the URL of every request and the
// requests that failed (Network.loadingFailed), to say exactly what an
// offline load missed.
type netLog struct {
	mu     sync.Mutex
	urls   map[network.RequestID]string
	failed []string
}

func recordNet(e *env) *netLog {
	l := &netLog{urls: map[network.RequestID]string{}}
	sent := chromedp.Events(e.ctx, network.RequestWillBeSent)
	go func() {
		for ev, err := range sent {
			if err != nil {
				return
			}
			l.mu.Lock()
			l.urls[ev.RequestID] = ev.Request.URL
			l.mu.Unlock()
		}
	}()
	failed := chromedp.Events(e.ctx, network.LoadingFailed)
	go func() {
		for ev, err := range failed {
			if err != nil {
				return
			}
			// The request's URL usually arrives first; give it a moment.
			var url string
			for range 20 {
				l.mu.Lock()
				url = l.urls[ev.RequestID]
				l.mu.Unlock()
				if url != "" {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			if url == "" {
				url = "(request " + string(ev.RequestID) + ", URL not seen)"
			}
			l.mu.Lock()
			l.failed = append(l.failed, fmt.Sprintf("%s [%s] %s canceled=%v blocked=%q", url, ev.Type, ev.ErrorText, ev.Canceled, ev.BlockedReason))
			l.mu.Unlock()
		}
	}()
	return l
}

func (l *netLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failed = nil
}

func (l *netLog) failures() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.failed) == 0 {
		return "(no Network.loadingFailed event)"
	}
	return strings.Join(l.failed, "\n  ")
}

// newUUID returns a random version 4 UUID.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// ---------------------------------------------------------------------------
// 1. Autosave: a reload brings back the same bytes; undo and redo.

func TestReloadKeepsTheWorkspace(t *testing.T) {
	e := start(t)
	e.load()
	rid := e.activeReadout()

	const exact = "250-летием независимости США"
	const note = "Reload e2e: «250-летие» — checked ✓ 👩‍👩‍👧‍👦 (note kept across reloads)"
	e.content(note)
	id := annotate(e, rid, exact, "1", "fact")
	setNote(e, id, exact, note)
	waitSaved(e, "after an annotation and its note")

	docA, rawA, _ := exportSettled(e)
	if a := findAnn(docA, id); a == nil || a.Tag != "fact" || a.Exact != exact || a.Note != note || a.ReadoutID != rid {
		t.Fatalf("export before the reload: want annotation %s (fact, %q, note %q) on readout %s, got %+v", id, exact, note, rid, a)
	}

	reload(e)
	if !has(e, savedSel) {
		e.errorf("right after a reload with nothing changed, the header should say saved")
	}
	docB, rawB, _ := exportSettled(e)
	a, b := stripExportedAt(t, rawA), stripExportedAt(t, rawB)
	if a != b {
		t.Errorf("the export after a reload differs from the export before it (apart from exportedAt); first difference at %s\n(before: %d annotations, after: %d)",
			firstDiff(a, b), len(docA.Annotations), len(docB.Annotations))
	}

	// Undo history starts anew after a reload.
	if !eval[bool](e, `(() => { const b = document.querySelector('button[data-action="undo"]'); return !!b && b.disabled; })()`) {
		e.errorf(`after a reload the undo history is empty, so button[data-action="undo"] should be disabled`)
	}

	// Delete with the panel's button; Ctrl+Z restores, Ctrl+Shift+Z
	// deletes again; then the same with the toolbar buttons.
	e.wait("the annotation's list entry after the reload", entryJS(id), stepTimeout)
	clickSettled(e, `[data-annotation-list] [data-annotation-id="`+id+`"]`)
	e.waitPanelQuote(exact, "clicking the annotation's list entry")
	clickSettled(e, `[data-panel="annotation"] button[data-action="delete-annotation"]`)
	e.wait("the list entry to go after deleting", "!("+entryJS(id)+")", stepTimeout, saveDetail...)

	blur(e)
	e.pressKey("z", modCtrl)
	e.wait("Ctrl+Z to restore the deleted annotation's list entry", entryJS(id), stepTimeout, saveDetail...)
	e.wait("the restored annotation to keep its note", js(`(id, note) => {
      const el = document.querySelector('[data-annotation-list] [data-annotation-id="' + CSS.escape(id) + '"]');
      return el && el.textContent.includes(note) && el.getAttribute('data-tag') === 'fact';
    }`, id, note), stepTimeout)

	blur(e)
	e.pressKey("z", modCtrl, modShift)
	e.wait("Ctrl+Shift+Z to delete the annotation again", "!("+entryJS(id)+")", stepTimeout, saveDetail...)

	e.wait("the Undo button to be enabled", `!document.querySelector('button[data-action="undo"]').disabled`, stepTimeout)
	clickSettled(e, `button[data-action="undo"]`)
	e.wait("the Undo button to restore the annotation", entryJS(id), stepTimeout, saveDetail...)
	e.wait("the Redo button to be enabled", `!document.querySelector('button[data-action="redo"]').disabled`, stepTimeout)
	clickSettled(e, `button[data-action="redo"]`)
	e.wait("the Redo button to delete it again", "!("+entryJS(id)+")", stepTimeout, saveDetail...)

	// The deletion is saved like any change: gone after a reload too, and
	// everything else is as before.
	waitSaved(e, "after redoing the deletion")
	reload(e)
	if has(e, `[data-annotation-list] [data-annotation-id="`+id+`"]`) {
		e.errorf("the annotation deleted (by redo) came back after a reload")
	}
	docC, _, _ := exportSettled(e)
	if findAnn(docC, id) != nil {
		t.Errorf("the annotation deleted (by redo) is in the export after a reload")
	}
	if len(docC.Annotations) != len(docA.Annotations)-1 {
		t.Errorf("after deleting one annotation and reloading, the export has %d annotations, want %d", len(docC.Annotations), len(docA.Annotations)-1)
	}
}

// ---------------------------------------------------------------------------
// 2. Offline: with the server stopped and the network off, the app loads
// from its service worker, and work is saved and comes back.

func TestAppWorksOffline(t *testing.T) {
	e := start(t)
	nl := recordNet(e)
	e.load()

	// The service worker: wait until it is active, then until it controls
	// the page (the first visit installs it; one reload may be needed).
	type swState struct {
		Supported  bool
		Active     string
		Script     string
		Controlled bool
		Caches     []string
	}
	swJS := `(async () => {
      if (!('serviceWorker' in navigator)) return { Supported: false };
      const reg = await Promise.race([navigator.serviceWorker.ready, new Promise(r => setTimeout(() => r(null), 2000))]);
      const keys = await caches.keys();
      return { Supported: true, Active: reg && reg.active ? reg.active.state : '', Script: reg && reg.active ? reg.active.scriptURL : '',
        Controlled: !!navigator.serviceWorker.controller, Caches: keys };
    })()`
	var sw swState
	deadline := time.Now().Add(swTimeout)
	for {
		sw = eval[swState](e, swJS)
		if !sw.Supported {
			e.fatalf("navigator.serviceWorker is missing in this page")
		}
		if sw.Active == "activated" {
			break
		}
		if time.Now().After(deadline) {
			e.fatalf("the service worker did not activate within %v: %+v\nfailed requests:\n  %s", swTimeout, sw, nl.failures())
		}
		time.Sleep(200 * time.Millisecond)
	}
	if !strings.HasSuffix(sw.Script, "/app-worker.js") {
		e.errorf("the active service worker is %q, want go-app's /app-worker.js", sw.Script)
	}
	if !poll(e, `!!navigator.serviceWorker.controller`, 2*time.Second) {
		t.Logf("the service worker did not control the first page; reloading once")
		reload(e)
		e.wait("the service worker to control the page after one reload", `!!navigator.serviceWorker.controller`, stepTimeout)
	}
	// What the worker precached, for the messages below.
	cached := eval[[]string](e, `(async () => {
      const out = [];
      for (const k of await caches.keys()) {
        const c = await caches.open(k);
        for (const r of await c.keys()) out.push(k + ' ' + new URL(r.url).pathname);
      }
      return out;
    })()`)
	if len(cached) == 0 {
		e.errorf("the service worker is active but its caches are empty (caches: %q)", sw.Caches)
	}
	t.Logf("service worker %s controls the page; precached: %q", sw.Script, cached)
	rid := e.activeReadout()

	// Stop the server and switch the tab (and its service worker) offline.
	e.srv.stop(t)
	// The harness stops e.srv at the end of the test: give it a live one
	// (on another port; this page never talks to it).
	t.Cleanup(func() { e.srv = startServer(t) })
	e.act("switch the network off", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			EmulateOfflineServiceWorker: new(true),
			MatchedNetworkConditions:    []*network.Conditions{{URLPattern: "", Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
		}); err != nil {
			return fmt.Errorf("Network.emulateNetworkConditionsByRule: %w", err)
		}
		_, err := cdp.Call(ctx, tg, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
		if err != nil {
			return fmt.Errorf("Network.overrideNetworkState: %w", err)
		}
		return nil
	}))

	// Really offline: a request the worker has not cached fails.
	probeJS := `fetch('/?e2e-offline-probe=' + Date.now(), { cache: 'no-store' }).then(r => 'answered ' + r.status, err => 'failed: ' + err)`
	if got := eval[string](e, probeJS); !strings.HasPrefix(got, "failed") {
		t.Fatalf("test setup: with the server stopped and the network off, a fetch of an uncached URL should fail; it %s", got)
	}

	nl.reset()
	if err := tryReload(e); err != nil {
		e.fatalf("offline (server stopped, network off) the app did not load from its service worker: %v\nrequests that failed (Network.loadingFailed):\n  %s\nprecached (cache, path): %q", err, nl.failures(), cached)
	}
	if eval[bool](e, `navigator.onLine`) {
		t.Logf("note: navigator.onLine is still true after Network.overrideNetworkState offline")
	}

	const exact = "Ближнем Востоке"
	id := annotate(e, rid, exact, "1", "fact")
	waitSaved(e, "offline, after an annotation")

	nl.reset()
	if err := tryReload(e); err != nil {
		e.fatalf("second offline reload: %v\nrequests that failed:\n  %s", err, nl.failures())
	}
	e.wait("the annotation made offline to be in the list after an offline reload", entryJS(id), stepTimeout, saveDetail...)

	doc, _, _ := exportSettled(e)
	a := findAnn(doc, id)
	if a == nil {
		t.Fatalf("the export made offline has no annotation %s; it has %d annotations", id, len(doc.Annotations))
	}
	text := ""
	if r := findReadout(doc, rid); r != nil {
		text = r.Text
	}
	start := cpOf(t, text, exact)
	want := exportAnnotation{ID: id, ReadoutID: rid, Tag: "fact", Start: start, End: start + utf8.RuneCountInString(exact), Exact: exact}
	got := *a
	got.Prefix, got.Suffix, got.Author, got.CreatedAt, got.UpdatedAt, got.Note = "", "", "", "", "", ""
	if !sameAnn(got, want) {
		t.Errorf("the annotation made offline, exported:\n got %+v\nwant %+v", got, want)
	}
}

func sameAnn(a, b exportAnnotation) bool {
	return a.ID == b.ID && a.ReadoutID == b.ReadoutID && a.Tag == b.Tag && a.Start == b.Start && a.End == b.End &&
		a.Exact == b.Exact && a.Note == b.Note && slices.Equal(a.OmittedBy, b.OmittedBy)
}

// ---------------------------------------------------------------------------
// 3. Two tabs: a save in one shows in the other; when both have changes,
// one says it is stale, and "keep mine" loses nothing.

func TestTwoTabsShareTheWorkspace(t *testing.T) {
	a := start(t)
	a.load()
	b := newTab(a)
	b.load()

	ridA, ridB := a.activeReadout(), b.activeReadout()
	if ridA != ridB {
		t.Fatalf("both tabs should open the same workspace (the last one open); active readouts differ: %s and %s", ridA, ridB)
	}
	rid := ridA
	wsID := eval[string](a, `localStorage.getItem('framecheck.current') || ''`)

	// 1. A change in A shows in B, without a reload.
	id1 := annotate(a, rid, "250-летием независимости США", "1", "fact")
	waitSaved(a, "in tab A after an annotation")
	b.wait("tab B to show tab A's new annotation without a reload", entryJS(id1), stepTimeout, saveDetail...)
	if has(b, `[data-banner="stale"]`) {
		b.errorf("tab B had no changes of its own: it should load A's version, not say it is stale")
	}
	waitSaved(b, "in tab B after loading A's version")

	// 2. Both tabs change the workspace before either has seen the other's
	// change: each tab saves 300 ms after its change, so two key presses a
	// few milliseconds apart make both changes before either save. Then
	// whichever saves second either gets the other's news while it has
	// unsaved work, or has its save refused (it starts from an older
	// revision): either way, that tab must say it is stale.
	const exactA, exactB = "Ближнем Востоке", "Условлено продолжить контакты"
	selectText(b, rid, exactB)
	selectText(a, rid, exactA)
	beforeA, beforeB := idsOf(a.list()), idsOf(b.list())
	b.pressKey("2")
	a.pressKey("2")
	idA := a.waitNewAnnotation(beforeA, "framing", "pressing 2 in tab A")
	idB := b.waitNewAnnotation(beforeB, "framing", "pressing 2 in tab B")

	staleJS := `!!document.querySelector('[data-banner="stale"]')`
	var stale, other *env
	var staleExact, otherExact, otherID string
	deadline := time.Now().Add(saveTimeout)
	for stale == nil {
		switch {
		case eval[bool](a, staleJS):
			stale, other, staleExact, otherExact, otherID = a, b, exactA, exactB, idB
		case eval[bool](b, staleJS):
			stale, other, staleExact, otherExact, otherID = b, a, exactB, exactA, idA
		case time.Now().After(deadline):
			sa, _ := evalErr[string](a, saveDetail[0])
			sb, _ := evalErr[string](b, saveDetail[0])
			a.fatalf("both tabs changed the workspace before seeing the other's change, yet neither shows [data-banner=\"stale\"] within %v (save states: A %q, B %q): one tab's work is being overwritten silently", saveTimeout, sa, sb)
		default:
			time.Sleep(pollInterval)
		}
	}
	if both := eval[bool](other, staleJS); both {
		t.Logf("note: both tabs say they are stale")
	}
	if st := eval[string](stale, saveDetail[0]); st != "stale" {
		stale.errorf(`the stale tab's header: data-save-state=%q, want "stale"`, st)
	}
	// The stale tab stops saving: it stays stale (it does not save over
	// the other's work) until the user chooses.
	holds(stale, "the stale banner (until the user chooses)", staleJS, 1200*time.Millisecond)
	waitSaved(other, "in the tab that saved first")

	// Keep mine: the stale tab's version becomes a new workspace.
	clickSettled(stale, `[data-banner="stale"] button[data-action="keep-mine"]`)
	stale.wait("the stale banner to go after keep-mine", "!("+staleJS+")", stepTimeout, saveDetail...)
	waitSaved(stale, "after keep-mine")
	docS, _, _ := exportSettled(stale)
	if !strings.HasSuffix(docS.Workspace.Title, "(copy from another tab)") {
		t.Errorf("after keep-mine the tab should show a new workspace titled \"… (copy from another tab)\", got %q", docS.Workspace.Title)
	}
	if docS.Workspace.ID == wsID {
		t.Errorf("after keep-mine the copy has the original workspace's id %s", wsID)
	}
	hasExact(t, "the copy kept by the stale tab", docS, staleExact, "framing")
	hasExact(t, "the copy kept by the stale tab", docS, "250-летием независимости США", "fact")

	// The other tab still has its own work, and so has storage.
	docO, _, _ := exportSettled(other)
	if docO.Workspace.ID != wsID {
		t.Errorf("the tab that saved first should still have workspace %s open, has %s", wsID, docO.Workspace.ID)
	}
	if findAnn(docO, otherID) == nil {
		t.Errorf("the tab that saved first lost its annotation %s (%q)", otherID, otherExact)
	}

	// The Workspaces list (in the stale tab) has both: the original and
	// the copy, with one more annotation each than after step 1.
	clickSettled(stale, `button[data-action="workspaces"]`)
	type row struct {
		ID, Title, Text string
	}
	rowsJS := `[...document.querySelectorAll('[data-panel="workspaces"] tr[data-workspace-row]')].map(tr => ({
      ID: tr.getAttribute('data-workspace-row'),
      Title: (tr.querySelector('input[name="workspace-title"]') || {}).value || '',
      Text: tr.textContent }))`
	stale.wait("the Workspaces panel to list the original and the copy", js(`(ws, copy) => {
      const ids = [...document.querySelectorAll('[data-panel="workspaces"] tr[data-workspace-row]')].map(tr => tr.getAttribute('data-workspace-row'));
      return ids.includes(ws) && ids.includes(copy);
    }`, wsID, docS.Workspace.ID), stepTimeout, rowsJS)
	rows := eval[[]row](stale, rowsJS)
	for _, r := range rows {
		if r.ID == docS.Workspace.ID && !strings.Contains(r.Title, "(copy from another tab)") {
			t.Errorf("the copy's row in the Workspaces list should be titled \"… (copy from another tab)\": %+v", r)
		}
	}
	// Open the original in the stale tab: it holds the other tab's work.
	clickSettled(stale, `[data-panel="workspaces"] tr[data-workspace-row="`+wsID+`"] button[data-action="open-workspace"]`)
	stale.wait("the original workspace to open with the other tab's annotation", entryJS(otherID), stepTimeout, saveDetail...)
	docW, _, _ := exportSettled(stale)
	if docW.Workspace.ID != wsID {
		t.Errorf("opened workspace %s, want %s", docW.Workspace.ID, wsID)
	}
	if findAnn(docW, otherID) == nil || findAnn(docW, id1) == nil {
		t.Errorf("the stored original should hold the first annotation %s and the other tab's %s; it has %d annotations", id1, otherID, len(docW.Annotations))
	}
}

// hasExact checks that the export has one annotation with the tag whose
// exact is the text.
func hasExact(t *testing.T, what string, doc *exportDoc, exact, tag string) {
	t.Helper()
	n := 0
	for _, a := range doc.Annotations {
		if a.Exact == exact && a.Tag == tag {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%s: want exactly one %s annotation on %q, found %d", what, tag, exact, n)
	}
}

// ---------------------------------------------------------------------------
// 4. Storage refused: a persistent red banner, Export JSON now, and the
// work goes on in the page.

func TestRefusedStorageIsSaidAndExportStillWorks(t *testing.T) {
	t.Run("no-indexeddb", func(t *testing.T) {
		e := start(t)
		// As in a browser with storage disabled: no IndexedDB at all.
		e.act("remove indexedDB from the page", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `(() => {
              for (const o of [window, Window.prototype]) {
                try { Object.defineProperty(o, 'indexedDB', { value: undefined, configurable: true }); } catch (e) {}
              }
            })();`})
			return err
		}))
		e.load()
		if !eval[bool](e, `typeof indexedDB === 'undefined' || indexedDB === undefined`) {
			t.Fatalf("test setup: indexedDB is still defined in the page")
		}
		storageRefused(t, e)
	})
	t.Run("quota", func(t *testing.T) {
		e := start(t)
		// As with a full disk: the origin's quota is a few bytes, so every
		// write to IndexedDB fails with QuotaExceededError.
		e.act("set a tiny storage quota", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, storage.OverrideQuotaForOrigin, storage.OverrideQuotaForOriginParams{Origin: e.srv.url, QuotaSize: new(float64(16))})
			return err
		}))
		e.load()
		storageRefused(t, e)
	})
}

func storageRefused(t *testing.T, e *env) {
	const bannerJS = `(() => {
      const b = document.querySelector('[data-banner="storage"]');
      if (!b) return false;
      const r = b.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && /not being saved/i.test(b.textContent) &&
        !!b.querySelector('button[data-action="export-now"]');
    })()`
	e.wait(`a visible [data-banner="storage"] saying changes are not being saved, with button[data-action="export-now"]`, bannerJS, stepTimeout, saveDetail...)
	t.Logf("storage banner: %s", eval[string](e, `document.querySelector('[data-banner="storage"]').textContent`))
	if st := eval[string](e, saveDetail[0]); st != "failed" {
		e.errorf(`with storage refused the header should say data-save-state="failed", says %q`, st)
	}

	// Annotating still works, in memory; the warning stays (it must not
	// vanish at the next save attempt, since nothing is kept).
	rid := e.activeReadout()
	const exact = "Ближнем Востоке"
	id := annotate(e, rid, exact, "1", "fact")
	holds(e, "the storage warning after a change (autosave runs within a second)", bannerJS+` && document.querySelector('main.fc-shell').dataset.saveState !== 'saved'`, 2*time.Second)

	doc, _ := exportVia(e, `[data-banner="storage"] button[data-action="export-now"]`)
	if a := findAnn(doc, id); a == nil || a.Exact != exact || a.Tag != "fact" {
		t.Errorf("Export JSON now: the file should hold the annotation made in memory (%s, fact, %q), got %+v", id, exact, a)
	}

	// The page asks before it is left with unsaved work.
	before := len(e.dialogLog())
	reload(e)
	asked := false
	for _, d := range e.dialogLog()[before:] {
		if strings.HasPrefix(d, "beforeunload") {
			asked = true
		}
	}
	if !asked {
		t.Errorf("with storage refused and unexported work, reloading should have asked first (beforeunload); dialogs: %q", e.dialogLog())
	}
}

// ---------------------------------------------------------------------------
// 5. Import: as a new workspace, refusals that change nothing, merge + undo.

// tabIDs returns the readout tabs' ids.
func tabIDs(e *env) []string {
	e.t.Helper()
	var ids []string
	for _, tb := range e.tabs() {
		ids = append(ids, tb.ID)
	}
	return ids
}

// importPanel is the import dialog's text, for wait messages.
const importPanel = `(document.querySelector('[data-panel="import"]') || {textContent: 'no [data-panel=import]'}).textContent`

const importErrJS = `(() => { const el = document.querySelector('[data-panel="import"] [data-import-error]'); return el ? el.textContent : ''; })()`

func TestImportOpensNewOrMerges(t *testing.T) {
	e := start(t)
	e.load()
	doc1, raw1, name1 := exportSettled(e)
	oldTabs := tabIDs(e)

	// (a) Import the export again, as a new workspace: same id here, so
	// everything gets new ids; the content is the same.
	importAsNew(e, writeFile(t, name1, raw1))
	e.wait("the imported workspace to open (readout tabs with new ids)", js(`(old) => {
      const ids = [...document.querySelectorAll('button[data-readout-tab]')].map(b => b.getAttribute('data-readout-tab'));
      return ids.length === old.length && ids.every(id => !old.includes(id)) && !document.querySelector('[data-panel="import"]');
    }`, oldTabs), stepTimeout, append([]string{`[...document.querySelectorAll('button[data-readout-tab]')].map(b => b.getAttribute('data-readout-tab')).join(' ')`}, saveDetail...)...)
	e.activeReadout()
	waitSaved(e, "after opening the import as a new workspace")
	doc2, raw2, _ := exportSettled(e)
	if doc2.Workspace.ID == doc1.Workspace.ID {
		t.Errorf("the imported workspace kept the id %s of the workspace already in this browser: it must get a new one", doc1.Workspace.ID)
	}
	for _, r := range doc2.Readouts {
		if findReadout(doc1, r.ID) != nil {
			t.Errorf("the imported workspace's readout %s has the same id as in the original", r.ID)
		}
	}
	for _, an := range doc2.Annotations {
		if findAnn(doc1, an.ID) != nil {
			t.Errorf("the imported workspace's annotation %s has the same id as in the original", an.ID)
		}
	}
	r1, a1 := canon(doc1)
	r2, a2 := canon(doc2)
	if !slices.Equal(r1, r2) {
		t.Errorf("imported readouts differ from the exported ones (ids aside):\n got %+v\nwant %+v", r2, r1)
	}
	if !slices.Equal(a1, a2) {
		t.Errorf("imported annotations differ from the exported ones (ids aside):\n got %+v\nwant %+v", a2, a1)
	}
	// Both workspaces are in the Workspaces list.
	clickSettled(e, `button[data-action="workspaces"]`)
	e.wait("the Workspaces list to have the original and the import", js(`(a, b) => {
      const ids = [...document.querySelectorAll('[data-panel="workspaces"] tr[data-workspace-row]')].map(tr => tr.getAttribute('data-workspace-row'));
      return ids.length === 2 && ids.includes(a) && ids.includes(b);
    }`, doc1.Workspace.ID, doc2.Workspace.ID), stepTimeout,
		`[...document.querySelectorAll('[data-panel="workspaces"] tr[data-workspace-row]')].map(tr => tr.getAttribute('data-workspace-row')).join(' ')`)
	clickSettled(e, `button[data-action="workspaces"]`)
	e.wait("the Workspaces panel to close", `!document.querySelector('[data-panel="workspaces"]')`, stepTimeout)

	// (b) A broken file: one annotation's end is past the end of its
	// readout's text (and its quote is nowhere in the text, so it cannot be
	// re-anchored). Refused, with a message that says where; nothing
	// changes.
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw2))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	anns := m["annotations"].([]any)
	bad := -1
	for i, x := range anns {
		if x.(map[string]any)["exact"] != "" {
			bad = i
			break
		}
	}
	if bad < 0 {
		t.Fatal("test setup: the export has no annotation with a quote")
	}
	badAnn := anns[bad].(map[string]any)
	ro := findReadout(doc2, badAnn["readoutId"].(string))
	textLen := utf8.RuneCountInString(ro.Text)
	badAnn["end"] = textLen + 7
	badAnn["exact"] = "e2e: a quote that is nowhere in the readout"
	brokenRaw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	importPath(e, writeFile(t, "broken.framecheck.json", brokenRaw))
	e.wait(`[data-panel="import"] [data-import-error] with a message`, importErrJS+` !== ''`, stepTimeout,
		importPanel)
	msg := eval[string](e, importErrJS)
	wantPath := fmt.Sprintf("annotations[%d].end", bad)
	if !strings.Contains(msg, wantPath) || !strings.Contains(msg, ro.Title) || !strings.Contains(msg, fmt.Sprint(textLen+7)) {
		t.Errorf("the refusal should name %s, the value %d and the readout %q; it says %q", wantPath, textLen+7, ro.Title, msg)
	}
	if has(e, `[data-panel="import"] button[data-action="import-new"], [data-panel="import"] button[data-action="import-merge"]`) {
		t.Errorf("a refused file must not be offered for opening or merging")
	}
	clickSettled(e, `[data-panel="import"] button[data-action="import-close"]`)
	e.wait("the import dialog to close", `!document.querySelector('[data-panel="import"]')`, stepTimeout)
	_, raw3, _ := exportSettled(e)
	if x, y := stripExportedAt(t, raw2), stripExportedAt(t, raw3); x != y {
		t.Errorf("a refused import changed the workspace: %s", firstDiff(x, y))
	}

	// (b2) The same fault with the quote still in the text: the dialog
	// offers re-anchoring (not a silent fix); cancelling changes nothing.
	badAnn["exact"] = anns[bad].(map[string]any)["exact"]
	var m2 map[string]any
	dec = json.NewDecoder(bytes.NewReader(raw2))
	dec.UseNumber()
	if err := dec.Decode(&m2); err != nil {
		t.Fatal(err)
	}
	m2["annotations"].([]any)[bad].(map[string]any)["end"] = textLen + 7
	reRaw, _ := json.MarshalIndent(m2, "", "  ")
	importPath(e, writeFile(t, "moved.framecheck.json", reRaw))
	e.wait(`the import dialog to offer re-anchoring (button[data-action="import-reanchor"]) or refuse`, `document.querySelector('[data-panel="import"] button[data-action="import-reanchor"], [data-panel="import"] [data-import-error]')`, stepTimeout,
		importPanel)
	if !has(e, `[data-panel="import"] button[data-action="import-reanchor"]`) {
		t.Errorf("an annotation whose end is past the text but whose quote occurs once should be offered re-anchoring; the dialog says %q", eval[string](e, importErrJS))
	}
	clickSettled(e, `[data-panel="import"] button[data-action="import-close"]`)
	e.wait("the import dialog to close", `!document.querySelector('[data-panel="import"]')`, stepTimeout)

	// (c) Not JSON at all.
	importPath(e, writeFile(t, "notes.framecheck.json", []byte("These are my notes, not a framecheck file {\n")))
	e.wait(`[data-import-error] for a file that is not JSON`, importErrJS+` !== ''`, stepTimeout,
		importPanel)
	if msg := eval[string](e, importErrJS); !strings.Contains(msg, "not JSON") {
		t.Errorf("a file that is not JSON should be refused saying so; the message is %q", msg)
	}
	clickSettled(e, `[data-panel="import"] button[data-action="import-close"]`)
	e.wait("the import dialog to close", `!document.querySelector('[data-panel="import"]')`, stepTimeout)
	_, raw4, _ := exportSettled(e)
	if x, y := stripExportedAt(t, raw2), stripExportedAt(t, raw4); x != y {
		t.Errorf("refusing a non-JSON file changed the workspace: %s", firstDiff(x, y))
	}

	// (d) Merge a file that has one annotation more; Ctrl+Z undoes the
	// merge.
	rid := e.activeReadout()
	r := findReadout(doc2, rid)
	const exact = "перспективы торгово-экономического сотрудничества"
	start := cpOf(t, r.Text, exact)
	end := start + utf8.RuneCountInString(exact)
	runes := []rune(r.Text)
	newID := newUUID()
	now := time.Now().UTC().Format(time.RFC3339)
	var m3 map[string]any
	dec = json.NewDecoder(bytes.NewReader(raw2))
	dec.UseNumber()
	if err := dec.Decode(&m3); err != nil {
		t.Fatal(err)
	}
	const mergeNote = "Merged in by the e2e test."
	m3["annotations"] = append(m3["annotations"].([]any), map[string]any{
		"id": newID, "readoutId": rid, "tag": "framing", "start": start, "end": end, "exact": exact,
		"prefix": string(runes[max(0, start-32):start]), "suffix": string(runes[end:min(len(runes), end+32)]),
		"note": mergeNote, "author": "e2e", "createdAt": now, "updatedAt": now,
	})
	mergeRaw, _ := json.MarshalIndent(m3, "", "  ")
	countBefore := len(e.list())
	importPath(e, writeFile(t, "extra.framecheck.json", mergeRaw))
	e.wait(`the import dialog with button[data-action="import-merge"]`, `document.querySelector('[data-panel="import"] button[data-action="import-merge"]')`, stepTimeout,
		importPanel)
	clickSettled(e, `[data-panel="import"] button[data-action="import-merge"]`)
	e.wait("the merged annotation in the list", entryJS(newID), stepTimeout, saveDetail...)
	status := eval[string](e, `(document.querySelector('.fc-status') || {}).textContent || ''`)
	if !strings.Contains(status, "1 new annotation") {
		t.Errorf("after merging, the status line should say how many annotations were merged (1 new annotation); it says %q", status)
	}
	if n := len(e.list()); n != countBefore+1 {
		t.Errorf("after merging one annotation the list has %d entries, want %d", n, countBefore+1)
	}
	waitSaved(e, "after the merge")
	docM, _, _ := exportSettled(e)
	if a := findAnn(docM, newID); a == nil || a.Exact != exact || a.Note != mergeNote || a.Start != start || a.End != end || a.Tag != "framing" {
		t.Errorf("the merged annotation in the export: got %+v", a)
	}
	if len(docM.Annotations) != len(doc2.Annotations)+1 {
		t.Errorf("after the merge the export has %d annotations, want %d", len(docM.Annotations), len(doc2.Annotations)+1)
	}

	blur(e)
	e.pressKey("z", modCtrl)
	e.wait("Ctrl+Z to take the merged annotation out again", "!("+entryJS(newID)+")", stepTimeout, saveDetail...)
	waitSaved(e, "after undoing the merge")
	docU, _, _ := exportSettled(e)
	if !slices.EqualFunc(docU.Annotations, doc2.Annotations, func(x, y exportAnnotation) bool { return fmt.Sprintf("%+v", x) == fmt.Sprintf("%+v", y) }) ||
		!slices.Equal(docU.Readouts, doc2.Readouts) {
		t.Errorf("after undoing the merge the readouts and annotations should be as before it; annotations before %d, after %d", len(doc2.Annotations), len(docU.Annotations))
	}
}
