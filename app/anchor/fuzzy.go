package anchor

import (
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"

	"framecheck/app/textpos"
)

// MinSimilarity is how alike a quote and the text found for it by fuzzy
// matching must be to re-anchor the annotation there: 1 minus the
// Levenshtein distance over the length of the longer, in code points. Below
// it the annotation becomes an orphan.
const MinSimilarity = 0.7

// MinFuzzyLen is the shortest quote (in code points) that fuzzy matching
// looks for: a shorter one matches almost anywhere.
const MinFuzzyLen = 5

// Fuzzy matching looks this many code points either side of the expected
// place (go-diff's MatchDistance: an error costs as much as straying
// MatchDistance·MatchThreshold code points).
const (
	matchDistance  = 1000
	matchThreshold = 0.5
	bitapBits      = 32 // Bitap's longest pattern, as in go-diff (one bit per code point)
)

// fuzzy finds the text most like exact near code point expected of t, and
// returns it with its similarity, or ok false. The span is widened to whole
// grapheme clusters.
func fuzzy(t *textpos.Text, exact string, expected int) (start, end int, sim float64, ok bool) {
	return fuzzyWithin(t, exact, expected, bitapReach)
}

// bitapReach is how far from the expected place Bitap can accept
// a match at all: its score, errors/length + distance/MatchDistance, must
// stay within MatchThreshold. fuzzy hands it a window cut to that (and to
// the quote's length and a half after, where the quote's end is sought):
// scanning the rest was wasted (TestFuzzyWindow checks the
// matches are those of a window twice as wide).
const bitapReach = int(matchThreshold*matchDistance) + 1

// fuzzyWithin is fuzzy with a window of reach code points either side.
func fuzzyWithin(t *textpos.Text, exact string, expected, reach int) (start, end int, sim float64, ok bool) {
	q := []rune(exact)
	if len(q) < MinFuzzyLen {
		return 0, 0, 0, false
	}
	n := t.Len()
	lo := max(0, expected-reach)
	hi := min(n, expected+len(q)+reach+len(q)/2+1)
	if lo >= hi {
		return 0, 0, 0, false
	}
	win, _ := t.Slice(lo, hi)
	rs := []rune(win)
	loc := expected - lo
	// A long quote: find its head (as diff-match-patch's patch_apply
	// does); the diff below finds its end.
	s := matchMain(rs, q[:min(len(q), bitapBits)], loc)
	if s < 0 {
		return 0, 0, 0, false
	}
	// Where the quote ends in the text found: diff the quote against a
	// stretch a little longer than it and map its end (and start) through
	// the diff, so that a word replaced by a shorter or longer one does not
	// cut the span short or run it on.
	cand := rs[s:min(len(rs), s+len(q)+len(q)/2+1)]
	diffs := diffmatchpatch.New().DiffMainRunes(q, cand, false)
	from, to := xIndex(diffs, 0, true), xIndex(diffs, len(q), false)
	if to <= from {
		return 0, 0, 0, false
	}
	start, end = t.SnapSpan(lo+s+from, lo+s+to)
	if start == end {
		return 0, 0, 0, false
	}
	found, _ := t.Slice(start, end)
	sim = Similarity(exact, found)
	return start, end, sim, sim >= MinSimilarity
}

// xIndex maps code point offset p of the first text of diffs to the second,
// like go-diff's DiffXIndex but in code points, and with the choice of
// going after (start) or before (end) text inserted at p.
func xIndex(diffs []diffmatchpatch.Diff, p int, afterInsert bool) int {
	o, n := 0, 0
	for _, d := range diffs {
		l := utf8.RuneCountInString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			if p < o+l || (p == o+l && !afterInsert) {
				return n + p - o
			}
			o, n = o+l, n+l
		case diffmatchpatch.DiffDelete:
			if p < o+l {
				return n // inside removed text: where it was
			}
			o += l
		case diffmatchpatch.DiffInsert:
			if p == o && !afterInsert {
				return n
			}
			n += l
		}
	}
	return n
}

// Similarity is 1 minus the Levenshtein distance of a and b (over code
// points) over the length of the longer; 1 for two empty strings. Past
// levenshteinMax cells it takes go-diff's estimate from a diff, which can
// only be higher than the distance.
func Similarity(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 && len(rb) == 0 {
		return 1
	}
	longer := max(len(ra), len(rb))
	// A common prefix and suffix do not change the distance; quotes and
	// their context mostly differ by a word, so this leaves little to do.
	p := 0
	for p < len(ra) && p < len(rb) && ra[p] == rb[p] {
		p++
	}
	ra, rb = ra[p:], rb[p:]
	for len(ra) > 0 && len(rb) > 0 && ra[len(ra)-1] == rb[len(rb)-1] {
		ra, rb = ra[:len(ra)-1], rb[:len(rb)-1]
	}
	var lev int
	switch {
	case len(ra) == 0 || len(rb) == 0:
		lev = max(len(ra), len(rb))
	case len(ra)*len(rb) <= levenshteinMax:
		lev = levenshtein(ra, rb)
	default:
		dmp := diffmatchpatch.New()
		lev = dmp.DiffLevenshtein(dmp.DiffMainRunes(ra, rb, false))
	}
	return 1 - float64(lev)/float64(longer)
}

const levenshteinMax = 1 << 22

// levenshtein is the edit distance of a and b, two rows at a time.
func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c = 1 + min(c, prev[j], cur[j-1])
			}
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
