package ui

import (
	"strings"
	"testing"

	"framecheck/app/doccano"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The import dialog of a doccano file says which unit its offsets were read
// in (UTF-16 code units, as doccano counts, by default) and offers the
// others; reading again in another unit moves the spans.
func TestImportDialogDoccanoUnit(t *testing.T) {
	s := testSession(t)
	sh := testShell(s, nil, 0, app.Context{})
	data := []byte(`{"text": "👶🏻 ok ab", "label": [[5, 7, "fact"]]}` + "\n")
	sh.imports.cur = &importState{name: "x.doccano.jsonl", data: data}
	sh.imports.validate(false)
	if sh.imports.cur.ws == nil {
		t.Fatalf("not imported: %s", sh.imports.cur.err)
	}
	if got := sh.imports.cur.ws.Annotations[0].Exact; got != "ok" {
		t.Errorf("UTF-16 default: %q", got)
	}
	html := app.HTMLString(newImportDialog(sh.imports, 1))
	for _, want := range []string{`name="import-unit"`, "Offsets were read as UTF-16 code units.", "code points", "grapheme clusters"} {
		if !strings.Contains(html, want) {
			t.Errorf("dialog lacks %q:\n%s", want, html)
		}
	}
	sh.imports.cur.unit, sh.imports.cur.ws = doccano.CodePoint, nil
	sh.imports.validate(false)
	if sh.imports.cur.ws == nil || sh.imports.cur.ws.Annotations[0].Exact != " a" || sh.imports.cur.unitMsg != "code points" {
		t.Errorf("code points: %+v %q", sh.imports.cur.ws, sh.imports.cur.unitMsg)
	}
}

// While a file is checked the dialog says so; only once the check has run
// half a second (slow) does it show the progress and Cancel, in the same
// places (fixed children).
func TestImportDialogBusy(t *testing.T) {
	sh := testShell(testSession(t), nil, 0, app.Context{})
	sh.imports.cur = &importState{name: "big.json", data: []byte("{}"), busy: true, read: 640}
	html := app.HTMLString(newImportDialog(sh.imports, 1))
	if !strings.Contains(html, "Checking the file…") || strings.Contains(html, "import-progress") || strings.Contains(html, "import-cancel") {
		t.Errorf("before half a second:\n%s", html)
	}
	sh.imports.cur.slow = true
	html = app.HTMLString(newImportDialog(sh.imports, 2))
	for _, want := range []string{`data-import-progress="640"`, `data-action="import-cancel"`, "640 items checked."} {
		if !strings.Contains(html, want) {
			t.Errorf("after half a second, lacks %q:\n%s", want, html)
		}
	}
}
