package main

// Browser end-to-end tests of what README.md's "Your work is safe" promises
// under faults: persistent storage is asked for and its state shown, an
// old tab gives way to a new version of the database, a renderer crash
// right after a change loses nothing, and failing IndexedDB writes keep
// the work on screen until storage works again. Every identifier declared
// here starts with e2eS: the package is shared.

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

// e2eSInit adds a script that runs in every document before the app.
func e2eSInit(e *e2eEnv, what, src string) {
	e.t.Helper()
	e.e2eDo(what, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		return err
	}))
}

// e2eSPersistJS makes navigator.storage.persist() answer granted (or not)
// as a browser would, and counts the calls: headless Chromium's own answer
// depends on its site-engagement heuristics.
func e2eSPersistJS(grant bool) string {
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

const e2eSStorageLine = `[data-panel="workspaces"] [data-storage]`

func TestE2ESafetyPersistentStorage(t *testing.T) {
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
			e := e2eStart(t)
			e2eSInit(e, "answer storage.persist()", e2eSPersistJS(tc.grant))
			e.e2eLoad()
			if n := e2eEval[int](e, `window.__e2eSPersist.calls`); n != 0 {
				t.Errorf("persistent storage was asked for %d times before any save of this page", n)
			}
			rid := e.e2eActiveReadout()
			e2ePAnnotate(e, rid, "Ближнем Востоке", "1", "fact")
			e2ePWaitSaved(e, "after the first change")
			e.e2eWait("navigator.storage.persist() to be called after the first save", `window.__e2eSPersist.calls >= 1`, e2eStepTimeout)

			e2ePClick(e, `button[data-action="workspaces"]`)
			e.e2eWait("the storage line in the Workspaces panel ("+e2eSStorageLine+`[data-storage="`+tc.state+`"])`,
				`document.querySelector('`+e2eSStorageLine+`[data-storage="`+tc.state+`"]')`, e2eStepTimeout,
				`(document.querySelector('`+e2eSStorageLine+`') || {outerHTML: 'no storage line'}).outerHTML`)
			line := e2eEval[string](e, `document.querySelector('`+e2eSStorageLine+`').textContent`)
			if !strings.Contains(line, tc.says) {
				t.Errorf("the storage line says %q; want it to say %q", line, tc.says)
			}
			// The figures are the browser's estimate.
			quota := e2eEval[float64](e, `navigator.storage.estimate().then(x => x.quota)`)
			shown := e2eEval[string](e, `document.querySelector('`+e2eSStorageLine+`').dataset.quota`)
			if shown != strconv.FormatInt(int64(quota), 10) {
				t.Errorf("the storage line's data-quota is %q; navigator.storage.estimate() says %v", shown, quota)
			}
			if !strings.Contains(line, " of ") {
				t.Errorf("the storage line should say how much of the quota is used: %q", line)
			}
			if n := e2eEval[int](e, `window.__e2eSPersist.calls`); n != 1 {
				t.Errorf("persistent storage was asked for %d times; once a page is enough", n)
			}
		})
	}
}

// A newer framecheck opening a newer version of the database in another
// tab: this tab's connection gives way at once (the new tab is not left
// waiting) and this tab says to reload.
func TestE2ESafetyVersionChange(t *testing.T) {
	e := e2eStart(t)
	e.e2eLoad()
	e2ePWaitSaved(e, "after loading")

	// The other tab: any page of the origin, opening version 2 as a newer
	// framecheck would.
	b := e2ePNewTab(e)
	b.e2eDo("open a page of the same origin", chromedp.Navigate(e.srv.url+"/manifest.webmanifest"))
	got := e2eEval[string](b, `new Promise((resolve) => {
      const req = indexedDB.open('framecheck', 2);
      req.onsuccess = () => { req.result.close(); resolve('opened'); };
      req.onerror = () => resolve('error: ' + req.error);
      setTimeout(() => resolve('still blocked after 10 s'), 10000);
    })`)
	if got != "opened" {
		t.Fatalf("a newer version of the database could not open while this tab is open: %s", got)
	}
	e.e2eWait(`this tab to say reload to continue ([data-banner="reload"])`,
		`(() => { const b = document.querySelector('[data-banner="reload"]'); return b && /reload/i.test(b.textContent) && b.querySelector('button[data-action="reload"]'); })()`,
		e2eStepTimeout, e2ePDetail...)
	// A change now is not stored, and the page says so.
	rid := e.e2eActiveReadout()
	e2ePAnnotate(e, rid, "Ближнем Востоке", "1", "fact")
	e.e2eWait(`the header to say not saved after a change`, `document.querySelector('main.fc-shell').dataset.saveState === 'failed'`, e2eStepTimeout, e2ePDetail...)
	if s := e2eEval[string](e, `document.querySelector('[data-banner="storage"]').textContent`); !strings.Contains(s, "reload") {
		t.Errorf("the storage banner should say to reload: %q", s)
	}
}

// e2eSNoReleasedCalls fails the test if a Go handler was called after its
// release (a storage answer given twice).
func e2eSNoReleasedCalls(e *e2eEnv) {
	e.t.Helper()
	for _, m := range e.e2eConsole() {
		if strings.Contains(m.Text, "call to released function") {
			e.e2eErrorf("console: %s", m.Text)
		}
	}
}

// The renderer crashes a second after an annotation: reopened, the
// annotation is there.
func TestE2ESafetyCrash(t *testing.T) {
	e := e2eStart(t)
	e.e2eLoad()
	rid := e.e2eActiveReadout()
	id := e2ePAnnotate(e, rid, "250-летием независимости США", "2", "framing")
	time.Sleep(time.Second) // the scenario: the crash comes one second later
	ctx, cancel := context.WithTimeout(e.ctx, 5*time.Second)
	// The renderer dies before it can answer: the error is expected.
	_ = chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.Crash, cdp.Empty{})
		return err
	}))
	cancel()

	b := e2ePNewTab(e)
	b.e2eLoad()
	b.e2eWait("the annotation made just before the crash in the list", e2ePEntryJS(id), e2eStepTimeout, e2ePDetail...)
	doc, _, _ := e2ePExport(b)
	if a := e2eFindAnn(doc, id); a == nil || a.Tag != "framing" || a.Exact != "250-летием независимости США" {
		t.Errorf("after the crash the export should hold the annotation (framing, the quote); got %+v", a)
	}
}

// e2eSFailPutsJS makes IndexedDB writes fail while window.__e2eSFailPuts
// is true: put becomes add, which fails with ConstraintError for a record
// that exists (as a write fails in a browser: the request's error, then the
// transaction's abort).
const e2eSFailPutsJS = `(() => {
  window.__e2eSFailPuts = false;
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    return window.__e2eSFailPuts ? this.add(...args) : put.apply(this, args);
  };
})();`

// IndexedDB writes fail during a session: the red banner shows, Export
// JSON now holds everything on screen, and once storage works again the
// next change stores everything.
func TestE2ESafetyWritesFail(t *testing.T) {
	e := e2eStart(t)
	e2eSInit(e, "make IndexedDB writes fail on demand", e2eSFailPutsJS)
	e.e2eLoad()
	rid := e.e2eActiveReadout()
	a1 := e2ePAnnotate(e, rid, "Ближнем Востоке", "1", "fact")
	e2ePWaitSaved(e, "before the fault")

	e2eEval[bool](e, `(window.__e2eSFailPuts = true)`)
	a2 := e2ePAnnotate(e, rid, "250-летием независимости США", "2", "framing")
	e.e2eWait(`the red storage banner with Export JSON now`, `(() => {
      const b = document.querySelector('[data-banner="storage"]');
      return b && /not being saved/i.test(b.textContent) && b.querySelector('button[data-action="export-now"]');
    })()`, e2eStepTimeout, e2ePDetail...)
	if st := e2eEval[string](e, e2ePDetail[0]); st != "failed" {
		t.Errorf(`with writes failing the header should say data-save-state="failed", says %q`, st)
	}
	a3 := e2ePAnnotate(e, rid, "перспективы торгово-экономического сотрудничества", "3", "omission")
	e2ePHolds(e, "the banner while writes fail (the autosave retries within a second)",
		`document.querySelector('[data-banner="storage"]') && document.querySelector('main.fc-shell').dataset.saveState === 'failed'`, 2*time.Second)
	doc, _ := e2ePExportVia(e, `[data-banner="storage"] button[data-action="export-now"]`)
	for _, id := range []string{a1, a2, a3} {
		if e2eFindAnn(doc, id) == nil {
			t.Errorf("Export JSON now lacks annotation %s made on screen", id)
		}
	}
	for _, id := range []string{a1, a2, a3} {
		if !e2eEval[bool](e, e2ePEntryJS(id)) {
			t.Errorf("annotation %s is no longer on screen", id)
		}
	}

	// Storage works again: the next change stores everything.
	e2eEval[bool](e, `!(window.__e2eSFailPuts = false)`)
	a4 := e2ePAnnotate(e, rid, "Помощник Президента", "1", "fact")
	e2ePWaitSaved(e, "after storage works again and one more change")
	if e2ePHas(e, `[data-banner="storage"]`) {
		t.Errorf("the storage banner stays after a successful save")
	}
	e2ePReload(e)
	for _, id := range []string{a1, a2, a3, a4} {
		e.e2eWait("annotation "+id+" after a reload", e2ePEntryJS(id), e2eStepTimeout, e2ePDetail...)
	}
	e2eSNoReleasedCalls(e)
}

// e2eSCurrent is the id of the open workspace (the app remembers it).
const e2eSCurrent = `localStorage.getItem('framecheck.current')`

// With writes failing, opening another workspace asks first: Stay keeps
// everything; Export JSON, then continue downloads the work and switches.
func TestE2ESafetySwitchAsks(t *testing.T) {
	e := e2eStart(t)
	e2eSInit(e, "make IndexedDB writes fail on demand", e2eSFailPutsJS)
	e.e2eLoad()
	e2ePWaitSaved(e, "after loading")
	w1 := e2eEval[string](e, e2eSCurrent)

	// A second workspace, then back to the first.
	e2ePClick(e, `button[data-action="workspaces"]`)
	e2ePClick(e, `[data-panel="workspaces"] button[data-action="new-workspace"]`)
	e.e2eWait("the new workspace to open", e2eJS(`(w1) => localStorage.getItem('framecheck.current') !== w1`, w1), e2eStepTimeout, e2ePDetail...)
	e2ePWaitSaved(e, "after New workspace")
	w2 := e2eEval[string](e, e2eSCurrent)
	openRow := func(id string) string {
		return `[data-panel="workspaces"] tr[data-workspace-row="` + id + `"] button[data-action="open-workspace"]`
	}
	e.e2eWait("the first workspace's row", `document.querySelector('`+openRow(w1)+`')`, e2eStepTimeout)
	e2ePClick(e, openRow(w1))
	e.e2eWait("the first workspace to open again", e2eJS(`(w1) => localStorage.getItem('framecheck.current') === w1`, w1), e2eStepTimeout, e2ePDetail...)
	e2ePWaitSaved(e, "after opening the first workspace")

	// Writes fail; a change stays on screen only.
	e2eEval[bool](e, `(window.__e2eSFailPuts = true)`)
	rid := e.e2eActiveReadout()
	id := e2ePAnnotate(e, rid, "Ближнем Востоке", "1", "fact")
	e.e2eWait(`the header to say not saved`, `document.querySelector('main.fc-shell').dataset.saveState === 'failed'`, e2eStepTimeout, e2ePDetail...)

	const askJS = `(() => { const b = document.querySelector('[data-banner="leave"]'); return b && b.querySelector('button[data-action="leave-export"]') && b.querySelector('button[data-action="leave-discard"]') && b.querySelector('button[data-action="leave-stay"]'); })()`
	e.e2eWait("the second workspace's row", `document.querySelector('`+openRow(w2)+`')`, e2eStepTimeout)
	e.e2eClick(openRow(w2))
	e.e2eWait(`the question (discard / export / stay) before switching`, askJS, e2eStepTimeout, e2ePDetail...)
	if cur := e2eEval[string](e, e2eSCurrent); cur != w1 || !e2eEval[bool](e, e2ePEntryJS(id)) {
		t.Fatalf("while asking, the workspace switched (open %s) or the annotation left the screen", cur)
	}
	e.e2eClick(`[data-banner="leave"] button[data-action="leave-stay"]`)
	e.e2eWait("Stay to close the question", `!document.querySelector('[data-banner="leave"]')`, e2eStepTimeout)
	if cur := e2eEval[string](e, e2eSCurrent); cur != w1 || !e2eEval[bool](e, e2ePEntryJS(id)) {
		t.Fatalf("after Stay, the workspace switched (open %s) or the annotation left the screen", cur)
	}

	e.e2eClick(openRow(w2))
	e.e2eWait(`the question again`, askJS, e2eStepTimeout, e2ePDetail...)
	raw, name := e.e2eDownload("clicking Export JSON, then continue", func() {
		e.e2eClick(`[data-banner="leave"] button[data-action="leave-export"]`)
	})
	doc := e2eParseExport(t, "the export before switching", raw, name)
	if a := e2eFindAnn(doc, id); a == nil || doc.Workspace.ID != w1 {
		t.Errorf("the export made before switching should be of workspace %s with annotation %s; got workspace %s, annotation %+v", w1, id, doc.Workspace.ID, a)
	}
	e.e2eWait("the switch to the second workspace after the export", e2eJS(`(w2) => localStorage.getItem('framecheck.current') === w2 && !document.querySelector('[data-banner="leave"]')`, w2), e2eStepTimeout, e2ePDetail...)
	e2eSNoReleasedCalls(e)
}
