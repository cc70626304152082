package agreement

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func sp(coder, cat string, b, e int) Span { return Span{Coder: coder, Cat: cat, Start: b, End: e} }

// fig renders a figure for comparison: its value to 4 decimals, or "-".
func fig(f Figure) string {
	if !f.Defined {
		return "-"
	}
	return fmt.Sprintf("%.4f", f.Value)
}

func TestPairwiseF1(t *testing.T) {
	ab := []Span{
		sp("a", "fact", 0, 10), sp("a", "framing", 20, 30), sp("a", "omission", 40, 40),
		sp("b", "fact", 0, 10),      // exact
		sp("b", "framing", 22, 30),  // overlap 8 of the shorter 8: overlap only
		sp("b", "omission", 42, 42), // point 2 away: overlap only
		sp("b", "fact", 50, 60),     // unmatched
	}
	for _, c := range []struct {
		name           string
		coders         []string
		spans          []Span
		cat            string
		exact, overlap string
	}{
		{"all tags", []string{"a", "b"}, ab, "", fig(defined(2.0 / 7)), fig(defined(6.0 / 7))},
		{"fact", []string{"a", "b"}, ab, "fact", "0.6667", "0.6667"},
		{"framing", []string{"a", "b"}, ab, "framing", "0.0000", "1.0000"},
		{"omission points", []string{"a", "b"}, ab, "omission", "0.0000", "1.0000"},
		{"points beyond tolerance", []string{"a", "b"}, []Span{sp("a", "omission", 40, 40), sp("b", "omission", 44, 44)}, "", "0.0000", "0.0000"},
		{"same place, other tag", []string{"a", "b"}, []Span{sp("a", "fact", 0, 10), sp("b", "framing", 0, 10)}, "", "0.0000", "0.0000"},
		{"overlap of exactly half the shorter", []string{"a", "b"}, []Span{sp("a", "fact", 0, 10), sp("b", "fact", 5, 20)}, "", "0.0000", "1.0000"},
		{"overlap under half the shorter", []string{"a", "b"}, []Span{sp("a", "fact", 0, 10), sp("b", "fact", 6, 20)}, "", "0.0000", "0.0000"},
		{"point never matches a span", []string{"a", "b"}, []Span{sp("a", "omission", 5, 5), sp("b", "omission", 0, 10)}, "", "0.0000", "0.0000"},
		{"one to one: a doubled span matches once", []string{"a", "b"}, []Span{sp("a", "fact", 0, 10), sp("a", "fact", 0, 10), sp("b", "fact", 0, 10)}, "", "0.6667", "0.6667"},
		// Greedy matching would pair a's first span with b's first and leave
		// a's second unmatched; the maximum matching pairs both.
		{"maximum matching", []string{"a", "b"}, []Span{sp("a", "fact", 0, 10), sp("a", "fact", 3, 6), sp("b", "fact", 2, 8), sp("b", "fact", 6, 10)}, "", "0.0000", "1.0000"},
		{"neither marked the tag", []string{"a", "b"}, ab, "quote", "-", "-"},
		{"one marked nothing", []string{"a", "z"}, ab, "", "0.0000", "0.0000"},
	} {
		ps := PairwiseF1(c.coders, c.spans, c.cat)
		if len(ps) != 1 {
			t.Fatalf("%s: %d pairs, want 1", c.name, len(ps))
		}
		if got := fig(ps[0].Exact); got != c.exact {
			t.Errorf("%s: exact F1 %s, want %s", c.name, got, c.exact)
		}
		if got := fig(ps[0].Overlap); got != c.overlap {
			t.Errorf("%s: overlap F1 %s, want %s", c.name, got, c.overlap)
		}
		if !ps[0].Exact.Defined && ps[0].Exact.Why == "" {
			t.Errorf("%s: undefined without a reason", c.name)
		}
	}
	// Pairs follow the coders' order, each pair once.
	var got []string
	for _, p := range PairwiseF1([]string{"b", "a", "c", "a"}, ab, "") {
		got = append(got, p.A+"-"+p.B)
	}
	if fmt.Sprint(got) != "[b-a b-c a-c]" {
		t.Errorf("pairs %v, want [b-a b-c a-c]", got)
	}
}

func TestAgainstKey(t *testing.T) {
	key := []Span{sp("teacher", "fact", 0, 10), sp("teacher", "framing", 20, 30), sp("teacher", "framing", 40, 50)}
	student := []Span{sp("s", "fact", 2, 10), sp("s", "framing", 20, 30), sp("s", "fact", 60, 70)}
	for _, c := range []struct {
		name         string
		key, student []Span
		cat          string
		mode         Match
		p, r, f      string
	}{
		{"fact", key, student, "fact", Overlap, "0.5000", "1.0000", "0.6667"},
		{"framing", key, student, "framing", Overlap, "1.0000", "0.5000", "0.6667"},
		{"all tags", key, student, "", Overlap, "0.6667", "0.6667", "0.6667"},
		{"fact, exact", key, student, "fact", Exact, "0.0000", "0.0000", "0.0000"},
		{"framing, exact", key, student, "framing", Exact, "1.0000", "0.5000", "0.6667"},
		{"tag neither used", key, student, "omission", Overlap, "-", "-", "-"},
		{"student marked nothing", key, nil, "framing", Overlap, "-", "0.0000", "0.0000"},
		{"key has none", nil, student, "fact", Overlap, "0.0000", "-", "0.0000"},
	} {
		s := AgainstKeyMatch(c.key, c.student, c.cat, c.mode)
		if got := [3]string{fig(s.Precision), fig(s.Recall), fig(s.F1)}; got != [3]string{c.p, c.r, c.f} {
			t.Errorf("%s: P/R/F1 %v, want %v", c.name, got, [3]string{c.p, c.r, c.f})
		}
		if c.mode == Overlap && AgainstKey(c.key, c.student, c.cat) != s {
			t.Errorf("%s: AgainstKey differs from AgainstKeyMatch(Overlap)", c.name)
		}
	}
	// F1 is the harmonic mean of precision and recall whenever both exist.
	s := AgainstKey(key, student, "fact")
	if h := 2 * s.Precision.Value * s.Recall.Value / (s.Precision.Value + s.Recall.Value); math.Abs(h-s.F1.Value) > 1e-12 {
		t.Errorf("F1 %v is not the harmonic mean %v", s.F1.Value, h)
	}
}

func TestPassages(t *testing.T) {
	spans := []Span{
		sp("c", "framing", 14, 20), sp("a", "fact", 0, 10), sp("b", "framing", 5, 15), // chain: one passage
		sp("a", "framing", 30, 40), sp("a", "framing", 32, 35), // one coder, twice
		sp("b", "fact", 40, 45),                                  // touches the previous: a passage of its own
		sp("a", "omission", 50, 50), sp("b", "omission", 53, 53), // within 3
		sp("c", "omission", 57, 57),               // 4 from 53: apart
		sp("d", "omission", 5, 5),                 // a point inside a span passage stays a point passage
		sp("e", "", 0, 60), sp("e", "fact", 9, 3), // no tag, reversed: left out
	}
	show := func(ps []Passage) []string {
		var out []string
		for _, p := range ps {
			kind := "span"
			if p.Point {
				kind = "point"
			}
			out = append(out, fmt.Sprintf("%s %d-%d coders=%d spans=%d %v", kind, p.Start, p.End, p.Coders, len(p.Spans), p.ByCat))
		}
		return out
	}
	ps := Passages(spans, 3)
	want := []string{
		"span 0-20 coders=3 spans=3 map[fact:1 framing:2]",
		"point 5-5 coders=1 spans=1 map[omission:1]",
		"span 30-40 coders=1 spans=2 map[framing:1]",
		"span 40-45 coders=1 spans=1 map[fact:1]",
		"point 50-53 coders=2 spans=2 map[omission:2]",
		"point 57-57 coders=1 spans=1 map[omission:1]",
	}
	if got := show(ps); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("passages by position:\n got %q\nwant %q", got, want)
	}
	if first := ps[0].Spans; first[0].Coder != "a" || first[1].Coder != "b" || first[2].Coder != "c" {
		t.Errorf("spans within a passage not in position order: %v", first)
	}
	SortByAgreement(ps)
	want = []string{
		"span 0-20 coders=3 spans=3 map[fact:1 framing:2]",
		"point 50-53 coders=2 spans=2 map[omission:2]",
		"point 5-5 coders=1 spans=1 map[omission:1]",
		"span 30-40 coders=1 spans=2 map[framing:1]",
		"span 40-45 coders=1 spans=1 map[fact:1]",
		"point 57-57 coders=1 spans=1 map[omission:1]",
	}
	if got := show(ps); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("passages by agreement:\n got %q\nwant %q", got, want)
	}
	// With no tolerance, points only group at the same position.
	ps = Passages([]Span{sp("a", "omission", 50, 50), sp("b", "omission", 53, 53), sp("c", "omission", 53, 53)}, 0)
	if got := show(ps); fmt.Sprint(got) != fmt.Sprint([]string{"point 50-50 coders=1 spans=1 map[omission:1]", "point 53-53 coders=2 spans=2 map[omission:2]"}) {
		t.Errorf("tolerance 0: %q", got)
	}
	// More coders beat a clearer tag split; at equal coders the commonest tag
	// decides.
	ps = Passages([]Span{
		sp("a", "fact", 0, 5), sp("b", "framing", 0, 5), sp("c", "fact", 1, 5), // 3 coders, split 2:1
		sp("a", "fact", 10, 15), sp("b", "fact", 10, 15), // 2 coders, agreeing
		sp("a", "fact", 20, 25), sp("b", "framing", 20, 25), // 2 coders, split 1:1
	}, 0)
	ps[1], ps[2] = ps[2], ps[1]
	SortByAgreement(ps)
	if ps[0].Start != 0 || ps[1].Start != 10 || ps[2].Start != 20 {
		t.Errorf("agreement order: %q", show(ps))
	}
}

// bruteMatching tries every way to pair a's spans with b's: the largest
// number of pairs that match, with no windows and no augmenting paths.
func bruteMatching(a, b []Span, mode Match) int {
	if len(a) == 0 {
		return 0
	}
	best := bruteMatching(a[1:], b, mode) // a[0] left unpaired
	for j := range b {
		if matches(a[0], b[j], mode) {
			rest := append(append([]Span{}, b[:j]...), b[j+1:]...)
			best = max(best, 1+bruteMatching(a[1:], rest, mode))
		}
	}
	return best
}

// TestMatchingIsMaximum checks the indexed matching against brute force on
// small random sets of spans and points, in both modes.
func TestMatchingIsMaximum(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	draw := func(n int) []Span {
		var out []Span
		for range n {
			b := r.IntN(40)
			e := b + r.IntN(12)
			if r.IntN(4) == 0 {
				e = b
			}
			out = append(out, Span{Cat: []string{"fact", "framing"}[r.IntN(2)], Start: b, End: e})
		}
		return out
	}
	for trial := range 2000 {
		a, b := draw(r.IntN(7)), draw(r.IntN(7))
		for _, mode := range []Match{Exact, Overlap} {
			got, want := matching(newIndex(a), newIndex(b), mode), bruteMatching(a, b, mode)
			if got != want {
				t.Fatalf("trial %d mode %d: matching %d, brute force %d\na=%v\nb=%v", trial, mode, got, want, a, b)
			}
		}
	}
}

// TestPassagesAreComponents: passages are exactly the connected groups of
// the relation "overlap" (spans) or "within the tolerance" (points), found
// here by comparing every pair.
func TestPassagesAreComponents(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for trial := range 500 {
		var spans []Span
		for k := range r.IntN(15) {
			b := r.IntN(60)
			e := b + r.IntN(10)
			if r.IntN(3) == 0 {
				e = b
			}
			spans = append(spans, Span{Coder: fmt.Sprint("c", r.IntN(4)), Cat: "fact", ID: fmt.Sprint(k), Start: b, End: e})
		}
		tol := r.IntN(4)
		group := make([]int, len(spans))
		for i := range group {
			group[i] = i
		}
		var find func(int) int
		find = func(i int) int {
			if group[i] != i {
				group[i] = find(group[i])
			}
			return group[i]
		}
		for i, x := range spans {
			for j, y := range spans {
				near := x.IsPoint() && y.IsPoint() && x.Start-y.Start <= tol && y.Start-x.Start <= tol
				overlap := !x.IsPoint() && !y.IsPoint() && x.Start < y.End && y.Start < x.End
				if near || overlap {
					group[find(i)] = find(j)
				}
			}
		}
		want := map[string]bool{}
		members := map[int][]string{}
		for i, s := range spans {
			members[find(i)] = append(members[find(i)], s.ID)
		}
		for _, ids := range members {
			slices.Sort(ids)
			want[fmt.Sprint(ids)] = true
		}
		ps := Passages(spans, tol)
		got := map[string]bool{}
		for _, p := range ps {
			var ids []string
			for _, s := range p.Spans {
				ids = append(ids, s.ID)
			}
			slices.Sort(ids)
			got[fmt.Sprint(ids)] = true
		}
		if fmt.Sprint(got) != fmt.Sprint(want) || len(ps) != len(want) {
			t.Fatalf("trial %d (tolerance %d): passages %v, want %v\nspans %v", trial, tol, got, want, spans)
		}
		for k := 1; k < len(ps); k++ {
			if ps[k].Start < ps[k-1].Start || (ps[k].Start == ps[k-1].Start && ps[k].End < ps[k-1].End) {
				t.Fatalf("trial %d: passages out of position order", trial)
			}
		}
	}
}
