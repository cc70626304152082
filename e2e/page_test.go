package e2e

// Page helpers: the steps most tests take (select a passage, tag it,
// export, import), written once over the test hooks of docs/hooks.md.

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// selectText selects the only occurrence of sub in the readout's text and
// returns its code point offsets.
func selectText(e *env, readoutID, sub string) (int, int) {
	e.t.Helper()
	text := e.readoutText(readoutID)
	start := cpOf(e.t, text, sub)
	end := start + utf8.RuneCountInString(sub)
	blur(e)
	if got := e.selectRange(readoutID, start, end); got != sub {
		e.fatalf("test harness: selected %q, want %q", got, sub)
	}
	return start, end
}

// annotate selects the only occurrence of sub in the readout's text,
// presses the tag key and returns the new annotation's id.
func annotate(e *env, readoutID, sub, key, tag string) string {
	e.t.Helper()
	before := idsOf(e.list())
	selectText(e, readoutID, sub)
	e.pressKey(key)
	return e.waitNewAnnotation(before, tag, fmt.Sprintf("selecting %q and pressing %s", sub, key))
}

// exportVia clicks the selector and captures the download the app makes,
// like the harness's export (which clicks the Export JSON button).
func exportVia(e *env, selector string) (*exportDoc, []byte) {
	e.t.Helper()
	what := "clicking " + selector
	raw, name := e.download(what, func() { clickSettled(e, selector) })
	doc := parseExport(e.t, what, raw, name)
	checkExport(e.t, doc, name)
	return doc, raw
}

// exportAs opens the "Export as…" menu, clicks the entry of the format
// and returns the downloaded file.
func exportAs(e *env, id string) ([]byte, string) {
	e.t.Helper()
	item := `details[data-menu="export"] button[data-export="` + id + `"]`
	return e.download("Export as… "+id, func() {
		if !eval[bool](e, `!!document.querySelector('details[data-menu="export"][open]')`) {
			clickSettled(e, `details[data-menu="export"] > summary`)
		}
		e.wait("the Export as… menu to open with the entry "+item, js(`(sel) => {
        const el = document.querySelector(sel);
        if (!el) return false;
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
      }`, item), stepTimeout,
			`(document.querySelector('details[data-menu="export"]') || {outerHTML: 'no details[data-menu=export]'}).outerHTML`)
		e.click(item)
	})
}

// importPath clicks Import JSON and chooses the file in the chooser it opens.
func importPath(e *env, path string) {
	e.t.Helper()
	e.importFile(path, func() { clickSettled(e, `button[data-action="import-json"]`) })
}

// writeFile writes a file to import into the test's temp dir.
func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// importAsNew imports the file through the Import button and opens it as a
// new workspace from the import dialog. The caller waits for what it
// expects of the new workspace.
func importAsNew(e *env, path string) {
	e.t.Helper()
	importPath(e, path)
	e.wait(`the import dialog with button[data-action="import-new"]`, `!!document.querySelector('[data-panel="import"] button[data-action="import-new"]')`, stepTimeout, importPanel)
	clickSettled(e, `[data-panel="import"] button[data-action="import-new"]`)
}
