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
