package anchor

import (
	"strings"
	"unicode/utf8"

	"framecheck/app/textpos"
)

// Target is an annotation to carry from one version of a text to the
// next: its span in the old version and its quote.
type Target struct {
	Start, End int
	Quote
}

// Method says how an annotation was placed in the new version.
type Method int8

const (
	// Mapped: its span lies in unchanged text; the diff moved it.
	Mapped Method = iota
	// Found: its quote occurs in the new version (see Reanchor).
	Found
	// Fuzzy: text like its quote (at least MinSimilarity) is near where
	// it was; its quote is now that text.
	Fuzzy
	// Orphan: it could not be placed; it keeps its old span and quote.
	Orphan
)

func (m Method) String() string {
	return [...]string{"mapped", "found", "fuzzy", "orphan"}[m]
}

// Placement is where a Target went in the new version. For an orphan, the
// span and quote are the Target's own (they refer to the old version).
type Placement struct {
	Start, End int
	Quote
	Method Method
	// Similarity of the new quote to the old (1 unless Fuzzy).
	Similarity float64
}

// nearWindow is how far (code points) either side of the expected place
// Reanchor looks for the nearest of several occurrences of a quote.
const nearWindow = 2000

// Reanchor places each target of text old in text new, d being
// Compute(old, new). In order:
//
//  1. a span lying in unchanged text is mapped through the diff (a point
//     too, unless it lies inside removed text);
//  2. else its quote is looked up in new with Finder.Locate (one
//     occurrence, or one with its prefix and suffix); if the quote occurs
//     several times and its context fits none or several, the occurrence
//     nearest to where the diff maps its old start (within nearWindow code
//     points) wins, the earlier one on a tie;
//  3. else a span of at least MinFuzzyLen code points is matched
//     approximately (go-diff's Bitap) near that place, and kept if the text
//     found is at least MinSimilarity alike, and so is the text found with
//     its prefix or with its suffix; a point goes right after text like its
//     prefix, or right before text like its suffix;
//  4. else it is an orphan, with its old span and quote.
//
// Every placed span starts and ends on grapheme cluster boundaries of new
// and new[Start:End] == Exact; prefix and suffix are taken afresh, ctxLen
// code points each. The work is O(|old| + |new|) for the diff (bounded by
// go-diff's timeout), plus per target O(log) for mapping, the Finder's
// near-linear bound for look-ups, O(nearWindow) for the nearest occurrence
// and O(32·matchDistance) for Bitap.
func Reanchor(d *Diff, old, new *textpos.Text, targets []Target, ctxLen int) []Placement {
	f := NewFinder(new, "")
	out := make([]Placement, len(targets))
	for i, tg := range targets {
		out[i] = place(d, old, f, tg, ctxLen)
	}
	return out
}

func place(d *Diff, old *textpos.Text, f *Finder, tg Target, ctxLen int) Placement {
	t := f.Text()
	done := func(s, e int, m Method, sim float64) Placement {
		prefix, exact, suffix, _ := t.Quote(s, e, ctxLen)
		return Placement{Start: s, End: e, Quote: Quote{Exact: exact, Prefix: prefix, Suffix: suffix}, Method: m, Similarity: sim}
	}
	ok := func(s, e int) bool {
		if s < 0 || s > e || e > t.Len() || !t.IsBoundary(s) || !t.IsBoundary(e) {
			return false
		}
		got, _ := t.Slice(s, e)
		return got == tg.Exact
	}
	// 1. Through the diff, when the old span is where its quote says.
	if got, err := old.Slice(tg.Start, tg.End); err == nil && got == tg.Exact {
		if tg.Start == tg.End {
			if p, removed := d.Map(tg.Start, false); !removed && ok(p, p) {
				return done(p, p, Mapped, 1)
			}
		} else {
			s, _ := d.Map(tg.Start, true)
			e, _ := d.Map(tg.End, false)
			if ok(s, e) {
				return done(s, e, Mapped, 1)
			}
		}
	}
	expected, _ := d.Map(min(max(tg.Start, 0), old.Len()), true)
	// 2. By the quote.
	if s, e, miss := f.Locate(tg.Quote); miss == nil && ok(s, e) {
		return done(s, e, Found, 1)
	}
	if s, e, found := nearest(f, tg.Quote, expected); found && ok(s, e) {
		return done(s, e, Found, 1)
	}
	// 3. Approximately.
	if tg.Exact != "" {
		if s, e, sim, found := fuzzy(t, tg.Exact, expected); found && contextFits(t, tg.Quote, s, e) {
			return done(s, e, Fuzzy, sim)
		}
	} else {
		// A point: right after text like its prefix, or else right
		// before text like its suffix.
		if pl := utf8.RuneCountInString(tg.Prefix); pl > 0 {
			if _, e, sim, found := fuzzy(t, tg.Prefix, max(0, expected-pl)); found {
				return done(e, e, Fuzzy, sim)
			}
		}
		if tg.Suffix != "" {
			if s, _, sim, found := fuzzy(t, tg.Suffix, expected); found {
				return done(s, s, Fuzzy, sim)
			}
		}
	}
	return Placement{Start: tg.Start, End: tg.End, Quote: tg.Quote, Method: Orphan}
}

// nearest returns the occurrence of q's exact (for a point, of its prefix
// and suffix together) nearest to code point expected, within nearWindow.
func nearest(f *Finder, q Quote, expected int) (start, end int, ok bool) {
	t := f.Text()
	needle, skip := q.Exact, 0
	if needle == "" {
		needle, skip = q.Prefix+q.Suffix, utf8.RuneCountInString(q.Prefix)
	}
	if needle == "" {
		return 0, 0, false
	}
	lo := max(0, expected-nearWindow)
	hi := min(t.Len(), expected+utf8.RuneCountInString(needle)+nearWindow)
	if lo >= hi {
		return 0, 0, false
	}
	s := t.String()
	blo, _ := t.ByteOffset(lo)
	bhi, _ := t.ByteOffset(hi)
	win := s[blo:bhi]
	f.steps += len(win)
	best, bestDist := -1, 0
	cp, cb := lo, 0 // code point offset of byte cb of win
	for off := 0; off <= len(win)-len(needle); {
		i := strings.Index(win[off:], needle)
		if i < 0 {
			break
		}
		b := off + i
		cp += utf8.RuneCountInString(win[cb:b])
		cb = b
		at := cp + skip
		dist := at - expected
		if dist < 0 {
			dist = -dist
		}
		if best < 0 || dist < bestDist {
			best, bestDist = at, dist
		}
		_, w := utf8.DecodeRuneInString(win[b:])
		off = b + w
	}
	if best < 0 {
		return 0, 0, false
	}
	return best, best + utf8.RuneCountInString(q.Exact), true
}

// contextFits reports whether the quote with its prefix, or with its
// suffix, is at least MinSimilarity alike to the text found with as much
// context on that side, so that a short quote does not land on a like word
// elsewhere while a quote next to a removed sentence still follows.
func contextFits(t *textpos.Text, q Quote, start, end int) bool {
	pl, sl := utf8.RuneCountInString(q.Prefix), utf8.RuneCountInString(q.Suffix)
	before, _ := t.Slice(max(0, start-pl), end)
	after, _ := t.Slice(start, min(t.Len(), end+sl))
	return Similarity(q.Prefix+q.Exact, before) >= MinSimilarity || Similarity(q.Exact+q.Suffix, after) >= MinSimilarity
}
