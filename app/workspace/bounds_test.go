package workspace

import (
	"fmt"
	"testing"
)

// One annotation linked to 300,000 others (each linking back) validates in
// linear time: checking each link for a duplicate and for its other end by
// scanning lists would be 10^11 steps, past the test timeout.
func TestValidateManyLinks(t *testing.T) {
	if testing.Short() {
		t.Skip("large workspace: skipped with -short")
	}
	const n = 300_000
	w := &Workspace{ID: "0b7f3c1e-6d2a-4c59-9e1b-2f8a7d6c5b40", Title: "links", CreatedAt: t0, UpdatedAt: t0}
	r1 := &Readout{ID: "c0000000-0000-4000-8000-000000000001", Title: "one", Text: "x"}
	r2 := &Readout{ID: "c0000000-0000-4000-8000-000000000002", Title: "two", Text: "y"}
	w.Readouts = []*Readout{r1, r2}
	hub := &Annotation{ID: "d0000000-0000-4000-8000-100000000000", ReadoutID: r1.ID, Tag: Fact, Start: 0, End: 1, Exact: "x", CreatedAt: t0, UpdatedAt: t0}
	w.Annotations = append(w.Annotations, hub)
	for i := range n {
		b := &Annotation{ID: fmt.Sprintf("d0000000-0000-4000-8000-%012d", i), ReadoutID: r2.ID, Tag: Fact, Start: 0, End: 1, Exact: "y", CreatedAt: t0, UpdatedAt: t0,
			Links: []Link{{AnnotationID: hub.ID, Kind: Counterpart}}}
		hub.Links = append(hub.Links, Link{AnnotationID: b.ID, Kind: Counterpart})
		w.Annotations = append(w.Annotations, b)
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	// The checks still hold: a duplicate, and a link not written back.
	hub.Links = append(hub.Links, hub.Links[n/2])
	if err := w.Validate(); err == nil || err.Error() != fmt.Sprintf("annotations[0].links[%d].annotationId: %q is linked twice", n, hub.Links[n/2].AnnotationID) {
		t.Errorf("duplicate: %v", err)
	}
	hub.Links = hub.Links[:n]
	w.Annotations[n].Links[0].Note = "other"
	if err := w.Validate(); err == nil || err.Error() != fmt.Sprintf("annotations[0].links[%d]: the link to %s is not written back on that annotation (links are kept on both ends)", n-1, w.Annotations[n].ID) {
		t.Errorf("not written back: %v", err)
	}
}
