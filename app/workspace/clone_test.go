package workspace_test

import (
	"reflect"
	"testing"
	"time"

	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

// A clone has the same content, and editing its readouts, annotations,
// omittedBy and links leaves the original as it was.
func TestCloneSharesNoList(t *testing.T) {
	w := fixture.Workspace(t)
	want := fixture.Workspace(t)
	c := w.Clone()
	if c == w || !reflect.DeepEqual(c, w) {
		t.Fatal("the clone differs from the original")
	}
	var omitted, linked *workspace.Annotation
	for _, a := range c.Annotations {
		if len(a.OmittedBy) > 0 {
			omitted = a
		}
		if len(a.Links) > 0 {
			linked = a
		}
	}
	if omitted == nil || linked == nil {
		t.Fatal("fixture changed: no omittedBy or link to edit")
	}
	c.Title = "changed"
	c.Readouts[0].Text = "changed"
	c.Readouts = append(c.Readouts[:1], c.Readouts[2:]...)
	c.Annotations[0].Note = "changed"
	c.Annotations = c.Annotations[1:]
	omitted.OmittedBy[0] = "changed"
	linked.Links[0].Note = "changed"
	if !reflect.DeepEqual(w, want) {
		t.Error("editing the clone changed the original")
	}
	a := w.Annotations[0]
	ac := a.Clone()
	ac.Links = append(ac.Links[:0], workspace.Link{AnnotationID: "x"})
	if !reflect.DeepEqual(a, want.Annotations[0]) || ac == a {
		t.Error("Annotation.Clone shares with the original")
	}
}

// Reid gives every id a fresh value and rewrites every reference to it,
// so the result validates and has the original's structure; nothing
// keeps an old id.
func TestReid(t *testing.T) {
	w := fixture.Checked(t)
	orig := w.Clone()
	now := time.Date(2026, 8, 1, 10, 30, 15, 999, time.FixedZone("CEST", 2*3600))
	if got := w.Reid(now); got != w {
		t.Fatal("Reid does not return its workspace")
	}
	if err := w.Validate(); err != nil {
		t.Fatalf("re-identified workspace does not validate: %v", err)
	}
	wantTime := time.Date(2026, 8, 1, 8, 30, 15, 0, time.UTC)
	if !w.CreatedAt.Equal(wantTime) || !w.UpdatedAt.Equal(wantTime) || w.CreatedAt.Location() != time.UTC {
		t.Errorf("createdAt %v, updatedAt %v; want %v", w.CreatedAt, w.UpdatedAt, wantTime)
	}
	old := map[string]bool{orig.ID: true}
	for _, r := range orig.Readouts {
		old[r.ID] = true
	}
	for _, a := range orig.Annotations {
		old[a.ID] = true
	}
	if old[w.ID] {
		t.Error("workspace id kept")
	}
	// newID maps old ids to new: readouts by position, annotations by
	// their (unchanged) content.
	newID := map[string]string{}
	for i, r := range orig.Readouts {
		if old[w.Readouts[i].ID] || w.Readouts[i].Text != r.Text {
			t.Fatalf("readout %d: id %q kept or readouts reordered", i, w.Readouts[i].ID)
		}
		newID[r.ID] = w.Readouts[i].ID
	}
	type key struct {
		readout    string
		start, end int
		tag, note  string
	}
	byKey := map[key]*workspace.Annotation{}
	for _, a := range w.Annotations {
		if old[a.ID] {
			t.Errorf("annotation id %q kept", a.ID)
		}
		byKey[key{a.ReadoutID, a.Start, a.End, string(a.Tag), a.Note}] = a
	}
	for _, a := range orig.Annotations {
		if n := byKey[key{newID[a.ReadoutID], a.Start, a.End, string(a.Tag), a.Note}]; n != nil {
			newID[a.ID] = n.ID
		}
	}
	if len(byKey) != len(orig.Annotations) || len(newID) != len(orig.Readouts)+len(orig.Annotations) {
		t.Fatalf("annotations do not match one to one after Reid (%d, %d)", len(byKey), len(newID))
	}
	links := 0
	for _, a := range orig.Annotations {
		n := w.Annotation(newID[a.ID])
		for i, o := range a.OmittedBy {
			if n.OmittedBy[i] != newID[o] {
				t.Errorf("omittedBy %q not rewritten: %q", o, n.OmittedBy[i])
			}
		}
		for i, l := range a.Links {
			links++
			if n.Links[i].AnnotationID != newID[l.AnnotationID] || n.Links[i].Note != l.Note {
				t.Errorf("link to %q not rewritten: %+v", l.AnnotationID, n.Links[i])
			}
		}
		if (a.Check == nil) != (n.Check == nil) {
			t.Errorf("check lost or added on %q", a.ID)
		}
	}
	if links == 0 {
		t.Error("fixture changed: no link to check")
	}
}
