package anchor

import (
	"math/bits"
	"strings"
	"testing"

	"framecheck/app/textpos"
)

// TestLocateCraftedIsNearLinear: a million "a" and 20,000 look-ups of
// one-letter quotes with wrong contexts, each distinct. Checking each
// against every occurrence would be 2·10^10 steps; the Finder's work stays
// within its documented bound O(32·n + n·log n + m·log n).
func TestLocateCraftedIsNearLinear(t *testing.T) {
	const n, k = 1_000_000, 20_000
	f := NewFinder(textpos.New(strings.Repeat("a", n)), "Crafted")
	m := 0
	for i := range k {
		// Distinct contexts, so that the cache does not help.
		q := Quote{Exact: "a", Prefix: "b" + strings.Repeat("a", i%50), Suffix: strings.Repeat("a", i/50)}
		m += len(q.Prefix) + len(q.Exact) + len(q.Suffix) + len(q.Exact)
		if _, _, miss := f.Locate(q); miss == nil || !strings.Contains(miss.Reason, "fit none of the places") {
			t.Fatalf("look-up %d: %v", i, miss)
		}
	}
	logn := bits.Len(uint(n)) + 1
	bound := scansBeforeIndex*n + n*logn + (m+2*k)*logn
	if got := f.Steps(); got > bound {
		t.Errorf("%d steps, more than the bound %d", got, bound)
	}
	if got := f.Steps(); got > 100*n {
		t.Errorf("%d steps for a text of %d bytes: not near-linear", got, n)
	}
}

func TestLocateRules(t *testing.T) {
	const text = "The President said yes. Later the President said no. Then the President left, and the President's aide stayed."
	f := NewFinder(textpos.New(text), "Repeats")
	cases := []struct {
		q          Quote
		start, end int
		miss       string
	}{
		{q: Quote{Exact: "Later"}, start: 24, end: 29},
		{q: Quote{Exact: "Later", Prefix: "nonsense"}, start: 24, end: 29}, // once: context ignored
		{q: Quote{Exact: "the President", Prefix: "Then "}, start: 58, end: 71},
		{q: Quote{Exact: "the President", Prefix: "Now "}, miss: `the quote "the President" occurs more than once in readout "Repeats" and its prefix and suffix fit none of the places`},
		{q: Quote{Exact: "the President"}, miss: "fit more than one place"},
		{q: Quote{Exact: "absent"}, miss: `the quote "absent" does not occur in readout "Repeats"`},
		{q: Quote{Prefix: "aide ", Suffix: "stayed"}, start: 103, end: 103},
		{q: Quote{Prefix: "the ", Suffix: "President"}, miss: "occur together more than once"},
		{q: Quote{Prefix: "x", Suffix: "y"}, miss: "do not occur together"},
		{q: Quote{}, miss: "no prefix or suffix"},
	}
	for _, c := range cases {
		s, e, miss := f.Locate(c.q)
		switch {
		case c.miss != "" && (miss == nil || !strings.Contains(miss.Reason, c.miss)):
			t.Errorf("Locate(%+v) = %d, %d, %v; want a miss with %q", c.q, s, e, miss, c.miss)
		case c.miss == "" && (miss != nil || s != c.start || e != c.end):
			t.Errorf("Locate(%+v) = %d, %d, %v; want %d-%d", c.q, s, e, miss, c.start, c.end)
		}
	}
	// With context only: a unique exact whose context is wrong is not placed.
	if _, _, miss := f.LocateWithContext(Quote{Exact: "Later", Prefix: "x"}); miss == nil {
		t.Error("LocateWithContext placed a quote whose context is nowhere")
	}
}

// Occurrences counts matches of multi-byte quotes in code points, before
// and after the suffix array takes over.
func TestOccurrencesCodePoints(t *testing.T) {
	text := strings.Repeat("Путин 👩🏽‍💻 said «x». ", 400) + "END"
	f := NewFinder(textpos.New(text), "t")
	unit := len([]rune("Путин 👩🏽‍💻 said «x». "))
	for i := range scansBeforeIndex + 5 {
		q := strings.Repeat("z", i+1) // absent, to use up the scans
		if occ := f.Occurrences(q); len(occ) != 0 {
			t.Fatalf("%q found", q)
		}
	}
	if f.sa == nil {
		t.Fatal("no suffix array after the scans")
	}
	if occ := f.Occurrences("END"); len(occ) != 1 || occ[0] != 400*unit {
		t.Errorf("END at %v, want [%d]", occ, 400*unit)
	}
	occ := f.Occurrences("«x»")
	if len(occ) != 2 || occ[0] >= occ[1] {
		t.Fatalf("«x» at %v, want two in order", occ)
	}
	for _, o := range occ {
		if got, _ := f.Text().Slice(o, o+3); got != "«x»" || o%unit != 16 {
			t.Errorf("«x» at %d holds %q", o, got)
		}
	}
}
