package formats

import (
	"fmt"
	"testing"

	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

// One omission left out by 50,000 readouts: each import checks the list for
// a readout named twice with a set, not by scanning it per entry (W3C and
// interchange.ResolveOmittedBy scanned it: 164 s here, 2.5×10^9 steps).
func TestImportLongOmittedBy(t *testing.T) {
	if testing.Short() {
		t.Skip("large import: skipped with -short")
	}
	const n = 50_000
	w := &workspace.Workspace{ID: fixture.WS, Title: "omitted", CreatedAt: fixture.T0, UpdatedAt: fixture.T0}
	for i := range n + 1 {
		w.Readouts = append(w.Readouts, &workspace.Readout{ID: fmt.Sprintf("c0000000-0000-4000-8000-%012d", i), Title: "r", Text: "ab"})
	}
	om := &workspace.Annotation{ID: "d0000000-0000-4000-8000-000000000001", ReadoutID: w.Readouts[0].ID, Tag: workspace.Omission,
		Start: 1, End: 1, Prefix: "a", Suffix: "b", CreatedAt: fixture.T0, UpdatedAt: fixture.T0}
	for _, r := range w.Readouts[1:] {
		om.OmittedBy = append(om.OmittedBy, r.ID)
	}
	w.Annotations = []*workspace.Annotation{om}
	for _, f := range All() {
		if !f.Import {
			continue
		}
		data, _, _, err := Export(f.ID, w, fixture.T0)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ImportWith(data, ImportOptions{Now: fixture.T0})
		if err != nil {
			t.Fatalf("%s: %v", f.ID, err)
		}
		if a := got.Workspace.Annotations; len(a) != 1 || len(a[0].OmittedBy) != n {
			t.Errorf("%s: omittedBy lost", f.ID)
		}
	}
}
