package fcjson

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

// craftedRepeats is the file of issue #10 item 5: one readout of a million
// "a" and 20,000 one-letter annotations whose prefix is wrong. Checking
// each annotation against every occurrence of its quote is 2·10^10 steps
// (minutes); the check must be near-linear.
func craftedRepeats(t *testing.T) []byte {
	t.Helper()
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
	m := toMap(t, encode(t, w))
	for i := range k {
		an(m, i)["prefix"] = "b"
	}
	return marshal(t, m)
}

// TestCraftedRepeatsFinish: the crafted file is refused (its contexts are
// wrong and cannot be found) after near-linear work, with the reason.
func TestCraftedRepeatsFinish(t *testing.T) {
	if testing.Short() {
		t.Skip("a million-character readout")
	}
	data := craftedRepeats(t)
	for _, opt := range []Options{{}, {Reanchor: true}} {
		_, _, err := DecodeWith(data, opt)
		var fe *Error
		if !errors.As(err, &fe) {
			t.Fatalf("DecodeWith(%+v) = %v, want an *Error", opt, err)
		}
		if fe.Path != "annotations[0].prefix" || !strings.Contains(fe.Msg, "cannot be re-anchored") {
			t.Errorf("DecodeWith(%+v): %v", opt, err)
		}
	}
}
