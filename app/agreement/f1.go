package agreement

import "sort"

// PointTolerance is how many code points apart two omission points may lie
// and still match in Overlap mode (and the default for Passages).
const PointTolerance = 3

// Match is how two spans must relate to count as the same finding.
type Match int

const (
	// Exact needs equal Start and End (and category).
	Exact Match = iota
	// Overlap needs an overlap of at least half the shorter span (points:
	// within PointTolerance code points).
	Overlap
)

// Pair is the span F1 between coders A and B in both matching modes.
type Pair struct {
	A, B           string
	Exact, Overlap Figure
}

// Score is a coder's precision, recall and F1 against a key.
type Score struct {
	Precision, Recall, F1 Figure
}

// PairwiseF1 gives the span F1 of every pair of distinct coders (in the
// order of coders, A before B) for category cat ("" = all categories, a
// match still needing the same category).
func PairwiseF1(coders []string, spans []Span, cat string) []Pair {
	cs := distinct(coders)
	by := make(map[string][]Span, len(cs))
	for _, s := range spans {
		if ok(s, cat) {
			by[s.Coder] = append(by[s.Coder], s)
		}
	}
	var out []Pair
	for i := 0; i < len(cs); i++ {
		for j := i + 1; j < len(cs); j++ {
			a, b := by[cs[i]], by[cs[j]]
			out = append(out, Pair{A: cs[i], B: cs[j],
				Exact:   f1(a, b, Exact, cat),
				Overlap: f1(a, b, Overlap, cat)})
		}
	}
	return out
}

// AgainstKey scores coder's spans against the key's (Overlap matching) for
// category cat ("" = all categories).
func AgainstKey(key, coder []Span, cat string) Score {
	return AgainstKeyMatch(key, coder, cat, Overlap)
}

// AgainstKeyMatch is AgainstKey with a chosen matching mode.
func AgainstKeyMatch(key, coder []Span, cat string, mode Match) Score {
	k, c := filter(key, cat), filter(coder, cat)
	n := float64(matching(k, c, mode))
	var s Score
	what := noun(cat)
	if len(c) == 0 {
		s.Precision = undefined("the coder marked no " + what)
	} else {
		s.Precision = defined(n / float64(len(c)))
	}
	if len(k) == 0 {
		s.Recall = undefined("the key has no " + what)
	} else {
		s.Recall = defined(n / float64(len(k)))
	}
	s.F1 = f1From(n, len(k), len(c), "neither the key nor the coder has any "+what)
	return s
}

func f1(a, b []Span, mode Match, cat string) Figure {
	return f1From(float64(matching(a, b, mode)), len(a), len(b), "neither coder marked any "+noun(cat))
}

// noun names what was marked, for the reasons of undefined figures.
func noun(cat string) string {
	if cat == "" {
		return "span"
	}
	return cat
}

func f1From(n float64, na, nb int, why string) Figure {
	if na+nb == 0 {
		return undefined(why)
	}
	return defined(2 * n / float64(na+nb))
}

// ok reports whether s counts for category cat.
func ok(s Span, cat string) bool {
	return s.Cat != "" && (cat == "" || s.Cat == cat) && s.End >= s.Start
}

func filter(spans []Span, cat string) []Span {
	var out []Span
	for _, s := range spans {
		if ok(s, cat) {
			out = append(out, s)
		}
	}
	return out
}

// matches reports whether spans x and y count as the same finding.
func matches(x, y Span, mode Match) bool {
	if x.Cat != y.Cat || x.IsPoint() != y.IsPoint() {
		return false
	}
	if mode == Exact {
		return x.Start == y.Start && x.End == y.End
	}
	if x.IsPoint() {
		d := x.Start - y.Start
		return -PointTolerance <= d && d <= PointTolerance
	}
	ov := min(x.End, y.End) - max(x.Start, y.Start)
	shorter := min(x.End-x.Start, y.End-y.Start)
	return ov > 0 && 2*ov >= shorter
}

// matching returns the size of a maximum one-to-one matching between a and
// b (Kuhn's augmenting paths; candidate edges come from a sweep over the
// spans sorted by start, so only spans that can match are compared).
func matching(a, b []Span, mode Match) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	adj := candidates(a, b, mode)
	matchB := make([]int, len(b))
	for i := range matchB {
		matchB[i] = -1
	}
	seen := make([]int, len(b))
	stamp := 0
	var try func(i int) bool
	try = func(i int) bool {
		for _, j := range adj[i] {
			if seen[j] == stamp {
				continue
			}
			seen[j] = stamp
			if matchB[j] < 0 || try(matchB[j]) {
				matchB[j] = i
				return true
			}
		}
		return false
	}
	n := 0
	for i := range a {
		stamp++
		if try(i) {
			n++
		}
	}
	return n
}

// candidates lists for each span of a the spans of b it matches.
func candidates(a, b []Span, mode Match) [][]int {
	// reach extends a span for the sweep: points match within the tolerance.
	reach := func(s Span) (int, int) {
		if s.IsPoint() && mode == Overlap {
			return s.Start - PointTolerance, s.End + PointTolerance
		}
		return s.Start, s.End
	}
	order := make([]int, len(b))
	for j := range order {
		order[j] = j
	}
	sort.Slice(order, func(x, y int) bool { return b[order[x]].Start < b[order[y]].Start })
	starts := make([]int, len(order))
	for k, j := range order {
		starts[k], _ = reach(b[j])
	}
	adj := make([][]int, len(a))
	for i, s := range a {
		lo, hi := reach(s)
		// Only b spans starting before s's reach ends can match; among them,
		// skip those that end before it starts.
		end := sort.SearchInts(starts, hi+1)
		for _, j := range order[:end] {
			bl, bh := reach(b[j])
			if bh < lo || bl > hi {
				continue
			}
			if matches(s, b[j], mode) {
				adj[i] = append(adj[i], j)
			}
		}
	}
	return adj
}
