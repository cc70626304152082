package formats

import (
	"strings"
	"testing"

	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

// Every import normalises CR and CRLF to LF in notes, link notes, titles
// and the other free-text fields (issue #10 item 6), whatever the file
// says. The files are made by exporting a workspace whose fields hold CRs
// (set directly, as an old version or another tool could write them).
func TestImportNormalisesLineBreaks(t *testing.T) {
	w := fixture.Workspace(t)
	w.Title = "Call\r\nof July"
	for _, r := range w.Readouts {
		r.Title += "\rsecond"
		r.Source += "\r\n"
	}
	linked := 0
	for _, a := range w.Annotations {
		a.Note = "ok\r\r- forged entry\r\r---"
		a.Author += "\rx"
		for i := range a.Links {
			a.Links[i].Note = "link\r\nnote"
			linked++
		}
	}
	if linked == 0 {
		t.Fatal("the fixture has no links")
	}
	for _, f := range All() {
		if !f.Import {
			continue
		}
		data, _, _, err := Export(f.ID, w, fixture.T0)
		if err != nil {
			t.Fatalf("%s export: %v", f.ID, err)
		}
		if !strings.Contains(string(data), `\r`) {
			t.Fatalf("%s: the exported file has no CR, so the test shows nothing", f.ID)
		}
		got, err := ImportWith(data, ImportOptions{Now: fixture.T0})
		if err != nil {
			t.Fatalf("%s import: %v", f.ID, err)
		}
		notes := 0
		for _, s := range freeText(got.Workspace) {
			if strings.Contains(s, "\r") {
				t.Errorf("%s: CR left in %q", f.ID, s)
			}
			if strings.Contains(s, "ok\n\n- forged entry\n\n---") {
				notes++
			}
		}
		if notes == 0 {
			t.Errorf("%s: no note came back with its line breaks as LF", f.ID)
		}
	}
}

func freeText(w *workspace.Workspace) []string {
	all := []string{w.Title}
	for _, r := range w.Readouts {
		all = append(all, r.Title, r.Source, r.URL, r.PublishedAt, r.Language)
	}
	for _, a := range w.Annotations {
		all = append(all, a.Note, a.Author)
		for _, l := range a.Links {
			all = append(all, l.Note)
		}
	}
	return all
}
