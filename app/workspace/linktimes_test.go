package workspace

import (
	"testing"
	"time"
)

// Every op that changes a link changes both ends, so both ends' updatedAt
// moves (a merge chooses versions by it); undo puts the old times back
// (checkRoundTrip compares updatedAt too), and redo the new ones.
func TestLinkOpsBumpBothEnds(t *testing.T) {
	later := t0.Add(time.Hour)
	linked := func(t *testing.T) (w *Workspace, a, b *Annotation) {
		w = sample(t)
		a, b = w.AnnotationsOf(w.Readouts[0].ID)[0], w.AnnotationsOf(w.Readouts[1].ID)[0]
		if _, err := w.Do(LinkAnnotations{A: a.ID, B: b.ID, Note: "same"}, t0); err != nil {
			t.Fatal(err)
		}
		return w, a, b
	}
	cases := []struct {
		name string
		op   func(w *Workspace, a, b *Annotation) Op
		// bumped lists the annotations whose updatedAt must be later.
		bumped func(w *Workspace, a, b *Annotation) []*Annotation
	}{
		{"link", func(w *Workspace, a, b *Annotation) Op {
			return LinkAnnotations{A: a.ID, B: w.AnnotationsOf(w.Readouts[1].ID)[1].ID}
		}, func(w *Workspace, a, b *Annotation) []*Annotation {
			return []*Annotation{a, w.AnnotationsOf(w.Readouts[1].ID)[1]}
		}},
		{"unlink", func(w *Workspace, a, b *Annotation) Op { return UnlinkAnnotations{A: b.ID, B: a.ID} },
			func(w *Workspace, a, b *Annotation) []*Annotation { return []*Annotation{a, b} }},
		{"link note", func(w *Workspace, a, b *Annotation) Op { return SetLinkNote{A: a.ID, B: b.ID, Note: "other"} },
			func(w *Workspace, a, b *Annotation) []*Annotation { return []*Annotation{a, b} }},
		{"delete linked annotation", func(w *Workspace, a, b *Annotation) Op { return DeleteAnnotation{ID: a.ID} },
			func(w *Workspace, a, b *Annotation) []*Annotation { return []*Annotation{b} }},
		{"delete readout linked into", func(w *Workspace, a, b *Annotation) Op { return DeleteReadout{ID: b.ReadoutID} },
			func(w *Workspace, a, b *Annotation) []*Annotation { return []*Annotation{a} }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, a, b := linked(t)
			for _, x := range w.Annotations {
				if x.UpdatedAt.After(t0) {
					t.Fatalf("setup: %s updated at %v", x.ID, x.UpdatedAt)
				}
			}
			checkRoundTrip(t, w, func(w *Workspace) Op { return c.op(w, a, b) }, func(t *testing.T, w *Workspace) {
				for _, x := range c.bumped(w, a, b) {
					if !x.UpdatedAt.Equal(later) {
						t.Errorf("%s: updatedAt %v, want %v", x.ID, x.UpdatedAt, later)
					}
				}
			})
		})
	}
}

// Undo of a delete that took a link end away restores the other end's
// updatedAt, through undo and redo.
func TestDeleteLinkedUndoRestoresTimes(t *testing.T) {
	w := sample(t)
	a, b := w.AnnotationsOf(w.Readouts[0].ID)[0], w.AnnotationsOf(w.Readouts[1].ID)[0]
	if _, err := w.Do(LinkAnnotations{A: a.ID, B: b.ID}, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	undo, err := w.Do(DeleteAnnotation{ID: a.ID}, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Do(undo, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, x := range []*Annotation{w.Annotation(a.ID), w.Annotation(b.ID)} {
		if !x.UpdatedAt.Equal(t0.Add(time.Minute)) {
			t.Errorf("%s: updatedAt %v after undo, want the link's time", x.ID, x.UpdatedAt)
		}
	}
}
