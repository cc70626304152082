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

// The export menu offers doccano in each unit, UTF-16 (doccano's own) under
// the plain key, and each entry writes the offsets it names: the fixture's
// first label, "🇷🇺🇺🇸 Телефонный" (two flags, a space, ten letters), is 15
// code points, 19 UTF-16 units and 13 grapheme clusters long.
func TestDoccanoExportChoices(t *testing.T) {
	w := fixture.Workspace(t)
	want := map[string]string{"doccano": "[[0,19,", "doccano-codepoints": "[[0,15,", "doccano-graphemes": "[[0,13,"}
	for key, prefix := range want {
		c, ok := ExportChoice(key)
		if !ok {
			t.Fatalf("no export choice %q", key)
		}
		if !strings.Contains(c.Label, "offsets in") {
			t.Errorf("%s: the label %q does not say the unit", key, c.Label)
		}
		data, _, _, err := ExportWith(c.Format, w, fixture.T0, c.Options)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), `"label":`+prefix) {
			t.Errorf("%s: first label does not start %s", key, prefix)
		}
	}
	if c := ExportChoices()[2]; c.Key != "doccano" || !strings.Contains(c.Label, "UTF-16") {
		t.Errorf("the first doccano entry is %+v, want the UTF-16 default", c)
	}
}
