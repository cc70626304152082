package workspace

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestLinkOpsAndInvariants(t *testing.T) {
	now := time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)
	w, err := Sample(now)
	if err != nil {
		t.Fatal(err)
	}
	kr, wh := w.Readouts[0], w.Readouts[1]
	a, b := w.AnnotationsOf(kr.ID)[0], w.AnnotationsOf(wh.ID)[0]
	c := w.AnnotationsOf(kr.ID)[1]
	for _, bad := range []Op{
		LinkAnnotations{A: a.ID, B: a.ID},
		LinkAnnotations{A: a.ID, B: c.ID},
		LinkAnnotations{A: a.ID, B: "nope"},
		UnlinkAnnotations{A: a.ID, B: b.ID},
	} {
		if _, err := w.Do(bad, now); err == nil {
			t.Errorf("%#v accepted", bad)
		}
	}
	inv, err := w.Do(LinkAnnotations{A: a.ID, B: b.ID, Note: " same claim "}, now)
	if err != nil {
		t.Fatal(err)
	}
	if l, ok := b.LinkTo(a.ID); !ok || l.Note != "same claim" || l.Kind != Counterpart {
		t.Fatalf("back link: %+v", b.Links)
	}
	if _, err := w.Do(LinkAnnotations{A: b.ID, B: a.ID}, now); err == nil {
		t.Fatal("linked twice")
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	// A one-sided link is invalid, and the message names where.
	saved := b.Links
	b.Links = nil
	if err := w.Validate(); err == nil || !strings.Contains(err.Error(), "links[0]") {
		t.Fatalf("one-sided link: %v", err)
	}
	b.Links = saved
	// Deleting a readout drops the links into it; undo restores them.
	undo, err := w.Do(DeleteReadout{ID: wh.ID}, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Links) != 0 {
		t.Fatal("a link into a deleted readout remains")
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Do(undo, now); err != nil {
		t.Fatal(err)
	}
	if _, ok := a.LinkTo(b.ID); !ok {
		t.Fatal("undo of the readout delete did not restore the link")
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Do(inv, now); err != nil || len(a.Links)+len(b.Links) != 0 {
		t.Fatalf("unlink: %v", err)
	}
}

// annSnapshot copies what the ops change (annotations with their links), so a
// rollback can be compared with the state before.
func annSnapshot(w *Workspace) []Annotation {
	out := make([]Annotation, len(w.Annotations))
	for i, a := range w.Annotations {
		out[i] = *a
		out[i].Links = append([]Link(nil), a.Links...)
		out[i].OmittedBy = append([]string(nil), a.OmittedBy...)
	}
	return out
}

func TestBatchAllOrNothing(t *testing.T) {
	now := time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)
	w, err := Sample(now)
	if err != nil {
		t.Fatal(err)
	}
	kr, wh := w.Readouts[0], w.Readouts[1]
	x, err := w.NewAnnotation(kr.ID, Fact, 0, 5, "t", now)
	if err != nil {
		t.Fatal(err)
	}
	y, err := w.NewAnnotation(wh.ID, Fact, 0, 5, "t", now)
	if err != nil {
		t.Fatal(err)
	}
	before := annSnapshot(w)
	n := len(w.Annotations)

	// The third step fails (a link to an unknown annotation): the first two
	// are rolled back and the message names the step.
	bad := Batch{Label: "Link sentences", Ops: []Op{AddAnnotation{Annotation: x}, AddAnnotation{Annotation: y}, LinkAnnotations{A: x.ID, B: "nope"}}}
	if _, err := w.Do(bad, now); err == nil || !strings.Contains(err.Error(), "Link sentences (step 3 of 3)") {
		t.Fatalf("failing batch: %v", err)
	}
	if len(w.Annotations) != n || !reflect.DeepEqual(annSnapshot(w), before) {
		t.Fatal("a failed batch left changes behind")
	}

	good := Batch{Label: "Link sentences", Ops: []Op{AddAnnotation{Annotation: x}, AddAnnotation{Annotation: y}, LinkAnnotations{A: x.ID, B: y.ID}}}
	inv, err := w.Do(good, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Annotations) != n+2 || len(w.Annotation(x.ID).Links) != 1 {
		t.Fatalf("batch did not apply: %d annotations, links %+v", len(w.Annotations), w.Annotation(x.ID))
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	if inv.Describe() != "Link sentences" {
		t.Errorf("inverse label %q", inv.Describe())
	}
	redo, err := w.Do(inv, now)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(annSnapshot(w), before) {
		t.Fatal("undoing the batch did not restore the state")
	}
	if _, err := w.Do(redo, now); err != nil || w.Annotation(y.ID) == nil {
		t.Fatalf("redo: %v", err)
	}
}

func TestSetLinkNote(t *testing.T) {
	now := time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)
	w, err := Sample(now)
	if err != nil {
		t.Fatal(err)
	}
	a, b := w.AnnotationsOf(w.Readouts[0].ID)[0], w.AnnotationsOf(w.Readouts[1].ID)[0]
	if _, err := w.Do(SetLinkNote{A: a.ID, B: b.ID, Note: "x"}, now); err == nil {
		t.Fatal("note set on a link that does not exist")
	}
	if _, err := w.Do(LinkAnnotations{A: a.ID, B: b.ID, Note: "old"}, now); err != nil {
		t.Fatal(err)
	}
	inv, err := w.Do(SetLinkNote{A: b.ID, B: a.ID, Note: "  same figure, rounded "}, now)
	if err != nil {
		t.Fatal(err)
	}
	la, _ := a.LinkTo(b.ID)
	lb, _ := b.LinkTo(a.ID)
	if la.Note != "same figure, rounded" || lb.Note != la.Note {
		t.Fatalf("notes %q / %q", la.Note, lb.Note)
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Do(inv, now); err != nil {
		t.Fatal(err)
	}
	if la, _ := a.LinkTo(b.ID); la.Note != "old" {
		t.Fatalf("undo: %q", la.Note)
	}
}

// The round trip of TestOpsAndInverses on a workspace with a link, for the
// ops that write or remove links on both ends.
func TestLinkOpsAndInverses(t *testing.T) {
	// linked is the sample with its first annotations of each readout linked.
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
	}{
		{"link", func(w *Workspace, a, b *Annotation) Op {
			return LinkAnnotations{A: a.ID, B: w.AnnotationsOf(w.Readouts[1].ID)[1].ID}
		}},
		{"unlink", func(w *Workspace, a, b *Annotation) Op { return UnlinkAnnotations{A: b.ID, B: a.ID} }},
		{"link note", func(w *Workspace, a, b *Annotation) Op { return SetLinkNote{A: a.ID, B: b.ID, Note: "other"} }},
		{"delete linked annotation", func(w *Workspace, a, b *Annotation) Op { return DeleteAnnotation{ID: a.ID} }},
		{"delete readout linked into", func(w *Workspace, a, b *Annotation) Op { return DeleteReadout{ID: b.ReadoutID} }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, a, b := linked(t)
			checkRoundTrip(t, w, func(w *Workspace) Op { return c.op(w, a, b) }, nil)
		})
	}
}
