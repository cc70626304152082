package w3c

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

// The crafted file of issue #10 item 5 in W3C form: a million "a" and
// 20,000 one-letter annotations whose prefixes (all different) fit
// nowhere. Each is kept at its position (the quote cannot place it better)
// after near-linear work in app/anchor: the test finishes in seconds; a
// scan of every occurrence per annotation would take minutes.
func TestCraftedRepeatsW3C(t *testing.T) {
	if testing.Short() {
		t.Skip("a million-character readout")
	}
	const n, k = 1_000_000, 20_000
	r := &workspace.Readout{ID: fixture.EN, Title: "Crafted", Text: strings.Repeat("a", n)}
	w := &workspace.Workspace{ID: fixture.WS, Title: "Crafted", CreatedAt: fixture.T0, UpdatedAt: fixture.T0,
		Readouts: []*workspace.Readout{r}}
	tx := r.Positions()
	for i := range k {
		start := i * (n / k)
		prefix, exact, suffix, err := tx.Quote(start, start+1, workspace.ContextLen)
		if err != nil {
			t.Fatal(err)
		}
		w.Annotations = append(w.Annotations, &workspace.Annotation{
			ID: fmt.Sprintf("b0000000-0000-4000-8000-%012d", i), ReadoutID: r.ID, Tag: workspace.Fact,
			Start: start, End: start + 1, Exact: exact, Prefix: prefix, Suffix: suffix,
			CreatedAt: fixture.T0, UpdatedAt: fixture.T0})
	}
	data, err := Encode(w, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for i, it := range m["first"].(map[string]any)["items"].([]any) {
		sel := it.(map[string]any)["target"].(map[string]any)["selector"].([]any)[0].(map[string]any)
		sel["prefix"] = "b" + strings.Repeat("a", i%30)
	}
	data, err = json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Annotations) != k {
		t.Fatalf("%d annotations, want %d", len(got.Annotations), k)
	}
	for i, a := range got.Annotations {
		if want := i * (n / k); a.Start != want || a.End != want+1 {
			t.Fatalf("annotations[%d] at %d-%d, want its position %d-%d", i, a.Start, a.End, want, want+1)
		}
	}
}
