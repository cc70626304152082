package workspace

import (
	"strings"
	"testing"
)

// Text typed or pasted into a note, a link note or a detail field has its
// line breaks normalised to LF (issue #10 item 6), as the readout text
// already had.
func TestEntryNormalisesLineBreaks(t *testing.T) {
	w := sample(t)
	a, b := w.AnnotationsOf(w.Readouts[0].ID)[0], w.AnnotationsOf(w.Readouts[1].ID)[0]
	const in, want = "ok\r\r- x\r\n---", "ok\n\n- x\n---"
	note := in
	for _, op := range []Op{
		UpdateAnnotation{ID: a.ID, Note: &note},
		LinkAnnotations{A: a.ID, B: b.ID, Note: in},
		EditReadout{ID: w.Readouts[0].ID, Title: "T\r1", Source: "S\r\n2", URL: "u", PublishedAt: "p\r", Language: "ru"},
		RenameWorkspace{Title: "W\r\nX"},
	} {
		if _, err := w.Do(op, t0); err != nil {
			t.Fatalf("%s: %v", op.Describe(), err)
		}
	}
	l, _ := a.LinkTo(b.ID)
	if a.Note != want || l.Note != want {
		t.Errorf("note %q, link note %q, want %q", a.Note, l.Note, want)
	}
	if _, err := w.Do(SetLinkNote{A: a.ID, B: b.ID, Note: "a\rb"}, t0); err != nil {
		t.Fatal(err)
	}
	if l, _ := b.LinkTo(a.ID); l.Note != "a\nb" {
		t.Errorf("SetLinkNote: %q", l.Note)
	}
	if r := w.Readouts[0]; r.Title != "T\n1" || r.Source != "S\n2" || r.PublishedAt != "p" {
		t.Errorf("readout details %q %q %q", r.Title, r.Source, r.PublishedAt)
	}
	if w.Title != "W\nX" {
		t.Errorf("workspace title %q", w.Title)
	}
	r, err := NewReadout("A\rB", "s\r\nt", "", "", "", "x\r\ny")
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "A\nB" || r.Source != "s\nt" || r.Text != "x\ny" {
		t.Errorf("NewReadout: %+v", *r)
	}
}

// NormalizeLineBreaks, for imports, changes every free-text field and
// leaves the readout text and the quotes alone (offsets depend on them).
func TestNormalizeLineBreaks(t *testing.T) {
	w := sample(t)
	a, b := w.AnnotationsOf(w.Readouts[0].ID)[0], w.AnnotationsOf(w.Readouts[1].ID)[0]
	if _, err := w.Do(LinkAnnotations{A: a.ID, B: b.ID}, t0); err != nil {
		t.Fatal(err)
	}
	w.Title, w.Readouts[0].Title, w.Readouts[0].Source, w.Readouts[0].URL = "a\rb", "c\r\nd", "e\r", "f\rg"
	w.Readouts[0].PublishedAt, w.Readouts[0].Language = "h\r", "i\r"
	a.Note, a.Author = "j\r\rk", "l\rm"
	a.Links[0].Note, b.Links[0].Note = "n\ro", "n\ro"
	text, exact := w.Readouts[1].Text+"\r", b.Exact
	w.Readouts[1].Text = text
	NormalizeLineBreaks(w)
	var all []string
	all = append(all, w.Title)
	for _, r := range w.Readouts {
		all = append(all, r.Title, r.Source, r.URL, r.PublishedAt, r.Language)
	}
	for _, x := range w.Annotations {
		all = append(all, x.Note, x.Author)
		for _, l := range x.Links {
			all = append(all, l.Note)
		}
	}
	for _, s := range all {
		if strings.Contains(s, "\r") {
			t.Errorf("a CR is left in %q", s)
		}
	}
	if a.Note != "j\n\nk" || a.Links[0].Note != "n\no" || b.Links[0].Note != "n\no" {
		t.Errorf("note %q, links %q %q", a.Note, a.Links[0].Note, b.Links[0].Note)
	}
	if w.Readouts[1].Text != text || b.Exact != exact {
		t.Error("the readout text or a quote changed")
	}
}
