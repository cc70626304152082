package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"framecheck/app/fcjson"
	"framecheck/app/workspace"
)

// e2eRBigFile is a framecheck file of one highly repetitive readout
// (100,000 times "a") with 100,000 one-letter annotations: valid, about
// 30 MB, and long to check in the browser.
func e2eRBigFile(t *testing.T) []byte {
	t.Helper()
	const n = 100_000
	at := time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)
	w := &workspace.Workspace{ID: "0b7f3c1e-6d2a-4c59-9e1b-2f8a7d6c5b41", Title: "Big", CreatedAt: at, UpdatedAt: at}
	r := &workspace.Readout{ID: "c0000000-0000-4000-8000-000000000001", Title: "Many a", Text: strings.Repeat("a", n)}
	w.Readouts = []*workspace.Readout{r}
	tp := r.Positions()
	for i := range n {
		p, x, s, _ := tp.Quote(i, i+1, workspace.ContextLen)
		w.Annotations = append(w.Annotations, &workspace.Annotation{ID: fmt.Sprintf("d0000000-0000-4000-8000-%012d", i), ReadoutID: r.ID,
			Tag: workspace.Fact, Start: i, End: i + 1, Exact: x, Prefix: p, Suffix: s, CreatedAt: at, UpdatedAt: at})
	}
	data, err := fcjson.Encode(w, at)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// An import that takes more than half a second shows its progress and a
// Cancel button; the page keeps answering while the file is checked (the
// progress moves and a click gets through); Cancel closes the dialog and
// changes nothing (issue #10 item 5).
func TestE2EReliabilityImportProgressCancel(t *testing.T) {
	e := e2eStart(t)
	e.e2eLoad()
	before, _, _ := e2ePExport(e)
	e2ePImport(e, e2ePWriteFile(t, "big.framecheck.json", e2eRBigFile(t)))
	e.e2eWait("progress and Cancel in the import dialog",
		`!!document.querySelector('[data-panel="import"] [data-import-progress]') && !!document.querySelector('[data-panel="import"] button[data-action="import-cancel"]')`,
		60*time.Second, e2ePImportPanel)
	first := e2eEval[int](e, `+document.querySelector('[data-import-progress]').dataset.importProgress`)
	e.e2eWait("the progress to move on while the page answers", e2eJS(`(n) => {
      const el = document.querySelector('[data-import-progress]');
      return !!el && +el.dataset.importProgress > n;
    }`, first), 60*time.Second, e2ePImportPanel)
	e.e2eClick(`[data-panel="import"] button[data-action="import-cancel"]`)
	e.e2eWait("the import dialog to close", `!document.querySelector('[data-panel="import"]')`, e2eStepTimeout, e2ePImportPanel)
	after, _, _ := e2ePExport(e)
	r1, a1 := e2eCanon(before)
	r2, a2 := e2eCanon(after)
	if after.Workspace.ID != before.Workspace.ID || !slices.Equal(r1, r2) || !slices.Equal(a1, a2) {
		t.Errorf("a canceled import changed the workspace: %d readouts, %d annotations before; %d, %d after",
			len(before.Readouts), len(before.Annotations), len(after.Readouts), len(after.Annotations))
	}
}

// A plain-text file chosen with Import JSON becomes a new readout titled
// by the file name, its line breaks normalised as the New readout form
// does; a file that is not UTF-8 is refused in the status line and adds
// nothing (issue #13).
func TestE2EReliabilityTextFileReadout(t *testing.T) {
	e := e2eStart(t)
	e.e2eLoad()
	before, _, _ := e2ePExport(e)
	e2ePImport(e, e2ePWriteFile(t, "Kyiv readout.txt", []byte("\uFEFFПервая строка\r\nвторая 👨‍👩‍👧 ok\rالثالثة")))
	e.e2eWait("a readout tab titled Kyiv readout",
		`[...document.querySelectorAll('button[data-readout-tab]')].some(b => b.textContent.includes('Kyiv readout'))`,
		e2eStepTimeout, `[...document.querySelectorAll('button[data-readout-tab]')].map(b => b.textContent).join(' | ')`)
	if e2eEval[bool](e, `!!document.querySelector('[data-panel="import"]')`) {
		t.Error("a .txt file opened the import dialog")
	}
	doc, _, _ := e2ePExport(e)
	if len(doc.Readouts) != len(before.Readouts)+1 {
		t.Fatalf("%d readouts, want %d", len(doc.Readouts), len(before.Readouts)+1)
	}
	r := doc.Readouts[len(doc.Readouts)-1]
	if r.Title != "Kyiv readout" || r.Text != "Первая строка\nвторая 👨‍👩‍👧 ok\nالثالثة" {
		t.Errorf("readout %q with text %q", r.Title, r.Text)
	}
	e2ePImport(e, e2ePWriteFile(t, "latin1.txt", []byte("na\xefve")))
	e.e2eWait("the refusal in the status line",
		`(() => { const s = document.querySelector('.fc-status'); return !!s && s.dataset.error === 'true' && s.textContent.includes('latin1.txt: the file is not UTF-8 text'); })()`,
		e2eStepTimeout, `(document.querySelector('.fc-status') || {}).textContent`)
	if doc2, _, _ := e2ePExport(e); len(doc2.Readouts) != len(doc.Readouts) {
		t.Errorf("a refused text file added a readout")
	}
}

// Issue #10 item 1, scenario (b), through two browsers (two profiles): the
// first links A and B; the second opens the first's export, edits both
// notes (later) and exports; the first merges that file. The merge takes
// the newer notes and keeps the link, on both ends.
func TestE2EReliabilityMergeKeepsLink(t *testing.T) {
	e1 := e2eStart(t)
	e1.e2eLoad()
	doc0, raw0, name0 := e2ePExport(e1)
	tabs := e1.e2eTabs()
	if len(tabs) != 2 {
		e1.e2eFatalf("want the sample's two readouts, got %+v", tabs)
	}
	a := e1.e2eList()[0].ID
	e1.e2eClick(`[data-annotation-list] [data-annotation-id="` + a + `"] button`)
	e1.e2eWait("the panel to show A", e2eJS(`(id) => !!document.querySelector('[data-panel="annotation"] [data-annotation="' + id + '"]')`, a), e2eStepTimeout)
	e1.e2ePressKey("l")
	e1.e2ePressKey("]")
	e1.e2eWait("the White House readout to open", e2eJS(`(id) => !!document.querySelector('[data-readout-id="' + id + '"]')`, tabs[1].ID), e2eStepTimeout)
	b := e1.e2eList()[0].ID
	e1.e2eClick(`[data-annotation-list] [data-annotation-id="` + b + `"] button`)
	e1.e2eWait("the panel to list the link", e2eJS(`(id) => !!document.querySelector('[data-panel="annotation"] [data-field="links"] [data-link="' + id + '"]')`, a), e2eStepTimeout)

	// The second browser opens the first's export (its ids are kept: that
	// workspace is not in this browser) and edits both notes.
	e2 := e2eStart(t)
	e2.e2eLoad()
	e2ePImport(e2, e2ePWriteFile(t, name0, raw0))
	e2.e2eWait(`the import dialog with button[data-action="import-new"]`, `document.querySelector('[data-panel="import"] button[data-action="import-new"]')`, e2eStepTimeout, e2ePImportPanel)
	e2ePClick(e2, `[data-panel="import"] button[data-action="import-new"]`)
	e2.e2eWait("the imported workspace to open with the same readout ids", e2eJS(`(id) => !!document.querySelector('button[data-readout-tab="' + id + '"]') && !document.querySelector('[data-panel="import"]')`, tabs[0].ID), e2eStepTimeout)
	exact := func(id string) string {
		if x := e2eFindAnn(doc0, id); x != nil {
			return x.Exact
		}
		t.Fatalf("annotation %s is not in the first export", id)
		return ""
	}
	e2ePClick(e2, `button[data-readout-tab="`+tabs[0].ID+`"]`)
	e2ePSetNote(e2, a, exact(a), "note A there")
	e2ePClick(e2, `button[data-readout-tab="`+tabs[1].ID+`"]`)
	e2.e2eWait("the White House readout to open", e2eJS(`(id) => !!document.querySelector('[data-readout-id="' + id + '"]')`, tabs[1].ID), e2eStepTimeout)
	e2ePSetNote(e2, b, exact(b), "note B there")
	_, raw2, _ := e2ePExport(e2)

	// The first merges the second's file.
	e2ePImport(e1, e2ePWriteFile(t, "theirs.framecheck.json", raw2))
	e1.e2eWait(`the import dialog with button[data-action="import-merge"]`, `document.querySelector('[data-panel="import"] button[data-action="import-merge"]')`, e2eStepTimeout, e2ePImportPanel)
	e2ePClick(e1, `[data-panel="import"] button[data-action="import-merge"]`)
	e1.e2eWait("the merge to end", `!document.querySelector('[data-panel="import"]')`, e2eStepTimeout, e2ePImportPanel)
	status := e2eEval[string](e1, `(document.querySelector('.fc-status') || {}).textContent`)
	doc1, _, _ := e2ePExport(e1)
	ends := 0
	for _, x := range doc1.Annotations {
		for _, l := range x.Links {
			if (x.ID == a && l.AnnotationID == b) || (x.ID == b && l.AnnotationID == a) {
				ends++
			}
		}
	}
	if ends != 2 {
		t.Errorf("after the merge the link A–B is on %d ends, want 2 (status %q)", ends, status)
	}
	if x, y := e2eFindAnn(doc1, a), e2eFindAnn(doc1, b); x == nil || y == nil || x.Note != "note A there" || y.Note != "note B there" {
		t.Errorf("the newer notes of the file were not taken (status %q)", status)
	}
	if !strings.Contains(strings.ToLower(status), "updated 2") {
		t.Errorf("status %q does not say both annotations were updated", status)
	}
}
