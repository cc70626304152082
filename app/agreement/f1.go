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
	// Index each coder's spans once, not once per pair.
	idx := make(map[string]index, len(cs))
	for _, c := range cs {
		idx[c] = newIndex(by[c])
	}
	why := "neither coder marked any " + noun(cat)
	var out []Pair
	for i := 0; i < len(cs); i++ {
		for j := i + 1; j < len(cs); j++ {
			a, b := idx[cs[i]], idx[cs[j]]
			out = append(out, Pair{A: cs[i], B: cs[j],
				Exact:   f1From(float64(matching(a, b, Exact)), a.n, b.n, why),
				Overlap: f1From(float64(matching(a, b, Overlap)), a.n, b.n, why)})
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
	k, c := newIndex(filter(key, cat)), newIndex(filter(coder, cat))
	n := float64(matching(k, c, mode))
	var s Score
	what := noun(cat)
	if c.n == 0 {
		s.Precision = undefined("the coder marked no " + what)
	} else {
		s.Precision = defined(n / float64(c.n))
	}
	if k.n == 0 {
		s.Recall = undefined("the key has no " + what)
	} else {
		s.Recall = defined(n / float64(k.n))
	}
	s.F1 = f1From(n, k.n, c.n, "neither the key nor the coder has any "+what)
	return s
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

// index holds one coder's spans by category, points and ranges apart, each
// sorted by start, so that candidate matches are found by binary search.
type index struct {
	n      int
	groups map[group][]Span
	maxLen map[group]int // the longest span of the group
}

type group struct {
	cat   string
	point bool
}

func newIndex(spans []Span) index {
	x := index{n: len(spans), groups: map[group][]Span{}, maxLen: map[group]int{}}
	for _, s := range spans {
		g := group{s.Cat, s.IsPoint()}
		x.groups[g] = append(x.groups[g], s)
		x.maxLen[g] = max(x.maxLen[g], s.End-s.Start)
	}
	for _, ss := range x.groups {
		sort.Slice(ss, func(i, j int) bool { return ss[i].Start < ss[j].Start })
	}
	return x
}

// matching returns the size of a maximum one-to-one matching between the
// spans of a and b; only spans of one category and kind can match.
func matching(a, b index, mode Match) int {
	n := 0
	for g, as := range a.groups {
		if bs := b.groups[g]; len(bs) > 0 {
			n += maxMatching(as, bs, b.maxLen[g], mode)
		}
	}
	return n
}

// maxMatching is Kuhn's augmenting-path matching between as and bs (bs
// sorted by start, none longer than maxLen); a maximum matching, so the
// figure does not depend on the order spans were drawn in.
func maxMatching(as, bs []Span, maxLen int, mode Match) int {
	starts := make([]int, len(bs))
	for j, s := range bs {
		starts[j] = s.Start
	}
	adj := make([][]int, len(as))
	for i, s := range as {
		// A b span that can match s starts no later than s ends (plus the
		// point tolerance) and no earlier than s starts minus the longest b
		// span (minus the tolerance): a window of the sorted starts.
		lo, hi := s.Start-maxLen, s.End
		if s.IsPoint() && mode == Overlap {
			lo, hi = s.Start-PointTolerance, s.Start+PointTolerance
		}
		for j := sort.SearchInts(starts, lo); j < len(bs) && starts[j] <= hi; j++ {
			if matches(s, bs[j], mode) {
				adj[i] = append(adj[i], j)
			}
		}
	}
	matchB := make([]int, len(bs))
	for j := range matchB {
		matchB[j] = -1
	}
	seen := make([]int, len(bs))
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
	for i := range as {
		stamp++
		if try(i) {
			n++
		}
	}
	return n
}
