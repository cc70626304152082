package e2e

// Browser end-to-end tests of what README.md's "Your work is safe" promises
// under faults: persistent storage is asked for and its state shown, an
// old tab gives way to a new version of the database, a renderer crash
// right after a change loses nothing, and failing IndexedDB writes keep
// the work on screen until storage works again.

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// addInitScript adds a script that runs in every document before the app.
func addInitScript(e *env, what, src string) {
	e.t.Helper()
	e.act(what, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		return err
	}))
}

// persistJS makes navigator.storage.persist() answer granted (or not)
// as a browser would, and counts the calls: headless Chromium's own answer
// depends on its site-engagement heuristics.
func persistJS(grant bool) string {
	g := "false"
	if grant {
		g = "true"
	}
	return `(() => {
  const rec = { calls: 0, persisted: false };
  Object.defineProperty(window, '__e2eSPersist', { value: rec });
  const sm = StorageManager.prototype;
  sm.persist = function () { rec.calls++; rec.persisted = ` + g + `; return Promise.resolve(rec.persisted); };
  sm.persisted = function () { return Promise.resolve(rec.persisted); };
})();`
}

const storageLineSel = `[data-panel="workspaces"] [data-storage]`

// storageSentenceSel is the storage line once the browser's estimate is in
// (before, the line says it is checking).
const storageSentenceSel = storageLineSel + `:not([data-storage="checking"])`

func TestPersistentStorageIsAskedFor(t *testing.T) {
	for _, tc := range []struct {
		name  string
		grant bool
		state string
		says  string
	}{
		{"granted", true, "persistent", "keeps your work until you delete it"},
		{"refused", false, "best-effort", "This browser may clear your work if the disk gets full: export a backup"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := start(t)
			addInitScript(e, "answer storage.persist()", persistJS(tc.grant))
			e.load()
			if n := eval[int](e, `window.__e2eSPersist.calls`); n != 0 {
				t.Errorf("persistent storage was asked for %d times before any save of this page", n)
			}
			rid := e.activeReadout()
			annotate(e, rid, "Ближнем Востоке", "1", "fact")
			waitSaved(e, "after the first change")
			e.wait("navigator.storage.persist() to be called after the first save", `window.__e2eSPersist.calls >= 1`, stepTimeout)

			clickSettled(e, `button[data-action="workspaces"]`)
			e.wait("the storage line in the Workspaces panel ("+storageLineSel+`[data-storage="`+tc.state+`"])`,
				`document.querySelector('`+storageLineSel+`[data-storage="`+tc.state+`"]')`, stepTimeout,
				`(document.querySelector('`+storageLineSel+`') || {outerHTML: 'no storage line'}).outerHTML`)
			line := eval[string](e, `document.querySelector('`+storageLineSel+`').textContent`)
			if !strings.Contains(line, tc.says) {
				t.Errorf("the storage line says %q; want it to say %q", line, tc.says)
			}
			// The figures are the browser's estimate.
			quota := eval[float64](e, `navigator.storage.estimate().then(x => x.quota)`)
			shown := eval[string](e, `document.querySelector('`+storageLineSel+`').dataset.quota`)
			if shown != strconv.FormatInt(int64(quota), 10) {
				t.Errorf("the storage line's data-quota is %q; navigator.storage.estimate() says %v", shown, quota)
			}
			if !strings.Contains(line, " of ") {
				t.Errorf("the storage line should say how much of the quota is used: %q", line)
			}
			if n := eval[int](e, `window.__e2eSPersist.calls`); n != 1 {
				t.Errorf("persistent storage was asked for %d times; once a page is enough", n)
			}
		})
	}
}

// A newer framecheck opening a newer version of the database in another
// tab: this tab's connection gives way at once (the new tab is not left
// waiting) and this tab says to reload.
func TestNewerDatabaseVersionAsksToReload(t *testing.T) {
	e := start(t)
	e.load()
	waitSaved(e, "after loading")

	// The other tab: any page of the origin, opening version 2 as a newer
	// framecheck would.
	b := newTab(e)
	b.act("open a page of the same origin", chromedp.Navigate(e.srv.url+"/manifest.webmanifest"))
	got := eval[string](b, `new Promise((resolve) => {
      const req = indexedDB.open('framecheck', 2);
      req.onsuccess = () => { req.result.close(); resolve('opened'); };
      req.onerror = () => resolve('error: ' + req.error);
      setTimeout(() => resolve('still blocked after 10 s'), 10000);
    })`)
	if got != "opened" {
		t.Fatalf("a newer version of the database could not open while this tab is open: %s", got)
	}
	e.wait(`this tab to say reload to continue ([data-banner="reload"])`,
		`(() => { const b = document.querySelector('[data-banner="reload"]'); return b && /reload/i.test(b.textContent) && b.querySelector('button[data-action="reload"]'); })()`,
		stepTimeout, saveDetail...)
	// A change now is not stored, and the page says so.
	rid := e.activeReadout()
	annotate(e, rid, "Ближнем Востоке", "1", "fact")
	e.wait(`the header to say not saved after a change`, `document.querySelector('main.fc-shell').dataset.saveState === 'failed'`, stepTimeout, saveDetail...)
	if s := eval[string](e, `document.querySelector('[data-banner="storage"]').textContent`); !strings.Contains(s, "reload") {
		t.Errorf("the storage banner should say to reload: %q", s)
	}
}

// noReleasedCalls fails the test if a Go handler was called after its
// release (a storage answer given twice).
func noReleasedCalls(e *env) {
	e.t.Helper()
	for _, m := range e.consoleLog() {
		if strings.Contains(m.Text, "call to released function") {
			e.errorf("console: %s", m.Text)
		}
	}
}

// The renderer crashes a second after an annotation: reopened, the
// annotation is there.
func TestAnnotationSurvivesACrash(t *testing.T) {
	e := start(t)
	e.load()
	rid := e.activeReadout()
	id := annotate(e, rid, "250-летием независимости США", "2", "framing")
	time.Sleep(time.Second) // the scenario: the crash comes one second later
	ctx, cancel := context.WithTimeout(e.ctx, 5*time.Second)
	// The renderer dies before it can answer: the error is expected.
	_ = chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.Crash, cdp.Empty{})
		return err
	}))
	cancel()

	b := newTab(e)
	b.load()
	b.wait("the annotation made just before the crash in the list", entryJS(id), stepTimeout, saveDetail...)
	doc, _, _ := exportSettled(b)
	if a := findAnn(doc, id); a == nil || a.Tag != "framing" || a.Exact != "250-летием независимости США" {
		t.Errorf("after the crash the export should hold the annotation (framing, the quote); got %+v", a)
	}
}

// failPutsJS makes IndexedDB writes fail while window.__e2eSFailPuts
// is true: put becomes add, which fails with ConstraintError for a record
// that exists (as a write fails in a browser: the request's error, then the
// transaction's abort).
const failPutsJS = `(() => {
  window.__e2eSFailPuts = false;
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    return window.__e2eSFailPuts ? this.add(...args) : put.apply(this, args);
  };
})();`

// IndexedDB writes fail during a session: the red banner shows, Export
// JSON now holds everything on screen, and once storage works again the
// next change stores everything.
func TestFailingWritesShowABannerAndRecover(t *testing.T) {
	e := start(t)
	addInitScript(e, "make IndexedDB writes fail on demand", failPutsJS)
	e.load()
	rid := e.activeReadout()
	a1 := annotate(e, rid, "Ближнем Востоке", "1", "fact")
	waitSaved(e, "before the fault")

	eval[bool](e, `(window.__e2eSFailPuts = true)`)
	a2 := annotate(e, rid, "250-летием независимости США", "2", "framing")
	e.wait(`the red storage banner with Export JSON now`, `(() => {
      const b = document.querySelector('[data-banner="storage"]');
      return b && /not being saved/i.test(b.textContent) && b.querySelector('button[data-action="export-now"]');
    })()`, stepTimeout, saveDetail...)
	if st := eval[string](e, saveDetail[0]); st != "failed" {
		t.Errorf(`with writes failing the header should say data-save-state="failed", says %q`, st)
	}
	a3 := annotate(e, rid, "перспективы торгово-экономического сотрудничества", "3", "omission")
	holds(e, "the banner while writes fail (the autosave retries within a second)",
		`document.querySelector('[data-banner="storage"]') && document.querySelector('main.fc-shell').dataset.saveState === 'failed'`, 2*time.Second)
	doc, _ := exportVia(e, `[data-banner="storage"] button[data-action="export-now"]`)
	for _, id := range []string{a1, a2, a3} {
		if findAnn(doc, id) == nil {
			t.Errorf("Export JSON now lacks annotation %s made on screen", id)
		}
	}
	for _, id := range []string{a1, a2, a3} {
		if !eval[bool](e, entryJS(id)) {
			t.Errorf("annotation %s is no longer on screen", id)
		}
	}

	// Storage works again: the next change stores everything.
	eval[bool](e, `!(window.__e2eSFailPuts = false)`)
	a4 := annotate(e, rid, "Помощник Президента", "1", "fact")
	waitSaved(e, "after storage works again and one more change")
	if has(e, `[data-banner="storage"]`) {
		t.Errorf("the storage banner stays after a successful save")
	}
	reload(e)
	for _, id := range []string{a1, a2, a3, a4} {
		e.wait("annotation "+id+" after a reload", entryJS(id), stepTimeout, saveDetail...)
	}
	noReleasedCalls(e)
}

// currentJS is the id of the open workspace (the app remembers it).
const currentJS = `localStorage.getItem('framecheck.current')`

// With writes failing, opening another workspace asks first: Stay keeps
// everything; Export JSON, then continue downloads the work and switches.
func TestSwitchingWorkspacesAsksWhenUnsaved(t *testing.T) {
	e := start(t)
	addInitScript(e, "make IndexedDB writes fail on demand", failPutsJS)
	e.load()
	waitSaved(e, "after loading")
	w1 := eval[string](e, currentJS)

	// A second workspace, then back to the first.
	clickSettled(e, `button[data-action="workspaces"]`)
	clickSettled(e, `[data-panel="workspaces"] button[data-action="new-workspace"]`)
	e.wait("the new workspace to open", js(`(w1) => localStorage.getItem('framecheck.current') !== w1`, w1), stepTimeout, saveDetail...)
	waitSaved(e, "after New workspace")
	w2 := eval[string](e, currentJS)
	openRow := func(id string) string {
		return `[data-panel="workspaces"] tr[data-workspace-row="` + id + `"] button[data-action="open-workspace"]`
	}
	e.wait("the first workspace's row", `document.querySelector('`+openRow(w1)+`')`, stepTimeout)
	clickSettled(e, openRow(w1))
	e.wait("the first workspace to open again", js(`(w1) => localStorage.getItem('framecheck.current') === w1`, w1), stepTimeout, saveDetail...)
	waitSaved(e, "after opening the first workspace")

	// Writes fail; a change stays on screen only.
	eval[bool](e, `(window.__e2eSFailPuts = true)`)
	rid := e.activeReadout()
	id := annotate(e, rid, "Ближнем Востоке", "1", "fact")
	e.wait(`the header to say not saved`, `document.querySelector('main.fc-shell').dataset.saveState === 'failed'`, stepTimeout, saveDetail...)

	const askJS = `(() => { const b = document.querySelector('[data-banner="leave"]'); return b && b.querySelector('button[data-action="leave-export"]') && b.querySelector('button[data-action="leave-discard"]') && b.querySelector('button[data-action="leave-stay"]'); })()`
	e.wait("the second workspace's row", `document.querySelector('`+openRow(w2)+`')`, stepTimeout)
	e.click(openRow(w2))
	e.wait(`the question (discard / export / stay) before switching`, askJS, stepTimeout, saveDetail...)
	if cur := eval[string](e, currentJS); cur != w1 || !eval[bool](e, entryJS(id)) {
		t.Fatalf("while asking, the workspace switched (open %s) or the annotation left the screen", cur)
	}
	e.click(`[data-banner="leave"] button[data-action="leave-stay"]`)
	e.wait("Stay to close the question", `!document.querySelector('[data-banner="leave"]')`, stepTimeout)
	if cur := eval[string](e, currentJS); cur != w1 || !eval[bool](e, entryJS(id)) {
		t.Fatalf("after Stay, the workspace switched (open %s) or the annotation left the screen", cur)
	}

	e.click(openRow(w2))
	e.wait(`the question again`, askJS, stepTimeout, saveDetail...)
	raw, name := e.download("clicking Export JSON, then continue", func() {
		e.click(`[data-banner="leave"] button[data-action="leave-export"]`)
	})
	doc := parseExport(t, "the export before switching", raw, name)
	if a := findAnn(doc, id); a == nil || doc.Workspace.ID != w1 {
		t.Errorf("the export made before switching should be of workspace %s with annotation %s; got workspace %s, annotation %+v", w1, id, doc.Workspace.ID, a)
	}
	e.wait("the switch to the second workspace after the export", js(`(w2) => localStorage.getItem('framecheck.current') === w2 && !document.querySelector('[data-banner="leave"]')`, w2), stepTimeout, saveDetail...)
	noReleasedCalls(e)
}
