package anchor

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"github.com/sergi/go-diff/diffmatchpatch"
)

// OpKind says what an Op does.
type OpKind int8

const (
	Equal OpKind = iota
	Delete
	Insert
)

// Op is one step of a Diff, in code points of the old text [OldStart,
// OldEnd) and of the new text [NewStart, NewEnd). An Equal op covers the
// same text in both; a Delete has NewStart == NewEnd, an Insert OldStart ==
// OldEnd. Every edge is a grapheme cluster boundary in its text.
type Op struct {
	Kind             OpKind
	OldStart, OldEnd int
	NewStart, NewEnd int
}

// Diff is the difference between two versions of a text.
type Diff struct {
	// Ops is the diff to show: tidied by semantic cleanup, which folds
	// short unchanged stretches between changes into them.
	Ops    []Op
	groups []group
	// mapGroups are the changed passages of the same diff before cleanup,
	// for mapping positions: a point or span in a short unchanged stretch
	// between two changes still maps exactly.
	mapGroups []group
}

// group is a maximal run of Delete and Insert ops: one changed passage.
type group struct {
	oldStart, oldEnd, newStart, newEnd int
}

// Summary counts a Diff for the user.
type Summary struct {
	Passages, Removed, Added int
}

// Summary returns the number of changed passages and of code points
// removed and added.
func (d *Diff) Summary() Summary {
	var s Summary
	s.Passages = len(d.groups)
	for _, op := range d.Ops {
		switch op.Kind {
		case Delete:
			s.Removed += op.OldEnd - op.OldStart
		case Insert:
			s.Added += op.NewEnd - op.NewStart
		}
	}
	return s
}

// Compute returns the difference from old to new: a Myers diff (go-diff)
// over words, whitespace runs and single other grapheme clusters, tidied by
// go-diff's semantic cleanup for display (Map uses it untidied), then refined inside each changed passage over
// grapheme clusters (so "1,200" to "1,500" changes one digit). Tokens are
// whole clusters, so no edge of an op splits a cluster. go-diff stops
// refining after its DiffTimeout (one second); the result is then still a
// correct diff, only a less minimal one.
func Compute(old, new string) *Diff {
	dmp := diffmatchpatch.New()
	// One Myers run over the words serves both: the cleanup works on a copy.
	raw, clean := tokenDiffs(dmp, tokens(old, true), tokens(new, true), true)
	ops := refine(dmp, clean, true)
	return &Diff{Ops: ops, groups: groups(ops), mapGroups: groups(refine(dmp, raw, false))}
}

// refine turns a diff over words into Ops, refining each changed passage
// over grapheme clusters.
func refine(dmp *diffmatchpatch.DiffMatchPatch, words []tokenRun, clean bool) []Op {
	var out []Op
	o, n := 0, 0
	add := func(k OpKind, l int) {
		if l == 0 {
			return
		}
		op := Op{Kind: k, OldStart: o, OldEnd: o, NewStart: n, NewEnd: n}
		if k != Insert {
			o += l
			op.OldEnd = o
		}
		if k != Delete {
			n += l
			op.NewEnd = n
		}
		if m := len(out); m > 0 && out[m-1].Kind == k {
			out[m-1].OldEnd, out[m-1].NewEnd = op.OldEnd, op.NewEnd
			return
		}
		out = append(out, op)
	}
	for i := 0; i < len(words); {
		if words[i].kind == Equal {
			add(Equal, words[i].cps)
			i++
			continue
		}
		// A changed passage: refine it over grapheme clusters.
		var del, ins []string
		for ; i < len(words) && words[i].kind != Equal; i++ {
			if words[i].kind == Delete {
				del = append(del, words[i].toks...)
			} else {
				ins = append(ins, words[i].toks...)
			}
		}
		if len(del) == 0 || len(ins) == 0 {
			add(Delete, cpLen(del))
			add(Insert, cpLen(ins))
			continue
		}
		raw, cleaned := tokenDiffs(dmp, clusters(del), clusters(ins), clean)
		if clean {
			raw = cleaned
		}
		for _, c := range raw {
			add(c.kind, c.cps)
		}
	}
	return out
}

// groups joins adjacent Delete and Insert ops into changed passages.
func groups(ops []Op) []group {
	var gs []group
	for _, op := range ops {
		if op.Kind == Equal {
			continue
		}
		if m := len(gs); m > 0 && gs[m-1].oldEnd == op.OldStart && gs[m-1].newEnd == op.NewStart {
			gs[m-1].oldEnd, gs[m-1].newEnd = op.OldEnd, op.NewEnd
			continue
		}
		gs = append(gs, group{op.OldStart, op.OldEnd, op.NewStart, op.NewEnd})
	}
	return gs
}

// Passages returns the changed passages: old [OldStart, OldEnd) became new
// [NewStart, NewEnd).
func (d *Diff) Passages() []Op {
	out := make([]Op, len(d.groups))
	for i, g := range d.groups {
		out[i] = Op{OldStart: g.oldStart, OldEnd: g.oldEnd, NewStart: g.newStart, NewEnd: g.newEnd}
	}
	return out
}

// Map returns where old offset p is in the new text, and whether p lies
// strictly inside removed text (then the offset is where the removal
// happened). At a place where text was only inserted, a start goes after
// the insertion and an end before it (afterInsert false), so that a span
// does not grow to take in new text around it.
func (d *Diff) Map(p int, afterInsert bool) (np int, inRemoved bool) {
	gs := d.mapGroups
	// The last group starting at or before p.
	i := sort.Search(len(gs), func(i int) bool { return gs[i].oldStart > p }) - 1
	if i < 0 {
		return p, false
	}
	g := gs[i]
	if g.oldStart == g.oldEnd && g.oldStart == p && !afterInsert {
		// A pure insertion at p, which an end keeps outside.
		return g.newStart, false
	}
	if p >= g.oldEnd {
		return g.newEnd + (p - g.oldEnd), false
	}
	if p == g.oldStart {
		return g.newStart, false
	}
	return g.newStart, true
}

// tokenRun is a diff op over tokens: its length in code points, and its
// tokens when it is a change (refine cuts those again; an unchanged run,
// most of a text, needs only its length).
type tokenRun struct {
	kind OpKind
	cps  int
	toks []string
}

// tokenDiffs diffs two token sequences with go-diff by mapping each distinct
// token to one rune (as go-diff's own line mode does with lines), and
// returns the diff and, when clean, the diff after go-diff's semantic
// cleanup, which works on those runes and so never cuts a token.
func tokenDiffs(dmp *diffmatchpatch.DiffMatchPatch, a, b []string, clean bool) (raw, cleaned []tokenRun) {
	var u units
	ra, okA := u.encode(a)
	rb, okB := u.encode(b)
	if !okA || !okB {
		// More distinct tokens than runes: call it all replaced.
		all := []tokenRun{{Delete, cpLen(a), a}, {Insert, cpLen(b), b}}
		return all, all
	}
	var diffs []diffmatchpatch.Diff
	if len(ra)+len(rb) >= byLinesMin {
		diffs = byLines(dmp, ra, rb, u.holdsBreak)
	} else {
		diffs = dmp.DiffMainRunes(ra, rb, false)
	}
	lens := make([]int, len(u.table)) // code points of each token
	for i, t := range u.table {
		lens[i] = utf8.RuneCountInString(t)
	}
	raw = runs(diffs, u.table, lens)
	if clean {
		// The cleanup rewrites the slice it is given in place.
		cleaned = runs(dmp.DiffCleanupSemantic(slices.Clone(diffs)), u.table, lens)
	}
	return raw, cleaned
}

// units numbers the distinct units (tokens or lines) of a diff as runes,
// as go-diff's line mode does with lines.
type units struct {
	ids   map[string]rune
	table []string // the unit of each rune, by unitIndex
}

// encode returns the runes of us, numbering new units; false when there are
// more distinct units than runes.
func (u *units) encode(us []string) ([]rune, bool) {
	if u.ids == nil {
		u.ids = map[string]rune{}
	}
	rs := make([]rune, len(us))
	for i, t := range us {
		r, ok := u.ids[t]
		if !ok {
			r = unitRune(len(u.table))
			if r > unicode.MaxRune {
				return nil, false
			}
			u.ids[t] = r
			u.table = append(u.table, t)
		}
		rs[i] = r
	}
	return rs, true
}

// holdsBreak says whether the unit of rune r holds a line break: where
// byLines cuts a token sequence into lines.
func (u *units) holdsBreak(r rune) bool { return strings.IndexByte(u.table[unitIndex(r)], '\n') >= 0 }

// unitRune is the rune that stands for the i-th distinct unit (token or
// line) in a diff over units: 1, 2, ..., skipping the surrogates, which
// are not runes. unitIndex is its inverse.
func unitRune(i int) rune {
	r := rune(i + 1)
	if r >= 0xD800 {
		r += 0x800
	}
	return r
}

func unitIndex(r rune) int {
	if r > 0xDFFF {
		r -= 0x800
	}
	return int(r) - 1
}

// byLinesMin is the number of tokens (both texts) from which tokenDiffs
// diffs paragraph by paragraph first.
const byLinesMin = 2000

// byLines diffs two token sequences (as runes) in two steps, as go-diff's
// line mode does with characters: first their lines (cut after each token
// that holds a line break) as units, then the tokens of each run of changed
// lines. Myers over the 20,000 words of a long readout allocated 6 MB a
// version; over a few hundred paragraphs, then over the words of the
// changed ones, it allocates a fraction of that. The result is a correct
// diff; where an edit moves text from one paragraph to a far one it can be
// less minimal than a diff over all tokens (TestByLines measures how often
// on edited texts).
func byLines(dmp *diffmatchpatch.DiffMatchPatch, a, b []rune, isBreak func(rune) bool) []diffmatchpatch.Diff {
	cut := func(rs []rune) [][]rune {
		var ls [][]rune
		start := 0
		for i, r := range rs {
			if isBreak(r) {
				ls = append(ls, rs[start:i+1])
				start = i + 1
			}
		}
		if start < len(rs) {
			ls = append(ls, rs[start:])
		}
		return ls
	}
	la, lb := cut(a), cut(b)
	keys := func(ls [][]rune) []string {
		ks := make([]string, len(ls))
		for i, l := range ls {
			ks[i] = string(l)
		}
		return ks
	}
	var u units
	// No more lines than tokens, which fit in runes.
	ea, _ := u.encode(keys(la))
	eb, _ := u.encode(keys(lb))
	var out []diffmatchpatch.Diff
	var del, ins []rune
	flush := func() {
		if len(del) > 0 || len(ins) > 0 {
			out = append(out, dmp.DiffMainRunes(del, ins, false)...)
			del, ins = del[:0:0], ins[:0:0]
		}
	}
	ia, ib := 0, 0
	for _, d := range dmp.DiffMainRunes(ea, eb, false) {
		n := utf8.RuneCountInString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			flush()
			var eq []rune
			for range n {
				eq = append(eq, la[ia]...)
				ia++
				ib++
			}
			out = append(out, diffmatchpatch.Diff{Type: diffmatchpatch.DiffEqual, Text: string(eq)})
		case diffmatchpatch.DiffDelete:
			for range n {
				del = append(del, la[ia]...)
				ia++
			}
		case diffmatchpatch.DiffInsert:
			for range n {
				ins = append(ins, lb[ib]...)
				ib++
			}
		}
	}
	flush()
	return dmp.DiffCleanupMerge(out)
}

// runs decodes go-diff's diffs over token runes back to tokens (changes)
// and lengths.
func runs(diffs []diffmatchpatch.Diff, table []string, lens []int) []tokenRun {
	out := make([]tokenRun, 0, len(diffs))
	for _, d := range diffs {
		k := Equal
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			k = Delete
		case diffmatchpatch.DiffInsert:
			k = Insert
		}
		run := tokenRun{kind: k}
		if k != Equal {
			run.toks = make([]string, 0, utf8.RuneCountInString(d.Text))
		}
		for _, r := range d.Text {
			i := unitIndex(r)
			run.cps += lens[i]
			if k != Equal {
				run.toks = append(run.toks, table[i])
			}
		}
		out = append(out, run)
	}
	return out
}

// tokens cuts s into grapheme clusters (rivo/uniseg) and, when words, joins
// runs of word clusters (letters, digits, marks) and runs of white space.
func tokens(s string, words bool) []string {
	// Sized for prose (a word and a space per six bytes or so): growing a
	// slice of strings through 100,000 characters was much of the time.
	out := make([]string, 0, len(s)/6+1)
	state := -1
	start, prevClass := 0, 0
	for i := 0; i < len(s); {
		var cluster string
		if c := s[i]; c < utf8.RuneSelf && c != '\r' && (i+1 == len(s) || s[i+1] < utf8.RuneSelf) {
			// An ASCII character other than CR followed by ASCII is a
			// cluster of its own and starts none that carries on, so
			// uniseg (a third of Compute's time) is not asked.
			cluster, state = s[i:i+1], -1
		} else if r, n := utf8.DecodeRuneInString(s[i:]); simpleRune(r) && (i+n == len(s) || simpleRune(firstRune(s[i+n:]))) {
			// The same for Latin, Greek and Cyrillic letters (no combining
			// marks among them): Cyrillic text no longer goes through
			// uniseg letter by letter.
			cluster, state = s[i:i+n], -1
		} else {
			var st int
			cluster, _, _, st = uniseg.FirstGraphemeClusterInString(s[i:], state)
			state = st
		}
		class := 0 // a token of its own
		if words {
			r := firstRune(cluster)
			switch {
			case 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || 0x410 <= r && r <= 0x44f:
				class = 1 // the common letters first: unicode's tables are slower
			case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
				class = 1
			case unicode.IsSpace(r):
				class = 2
			}
		}
		if i > start && (class == 0 || class != prevClass) {
			out = append(out, s[start:i])
			start = i
		}
		prevClass = class
		i += len(cluster)
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// simpleRune reports whether r is always a grapheme cluster of its own
// when the next rune is one too: Latin-1 and Latin Extended without CR,
// Greek, and Cyrillic without its combining marks (U+0483–U+0489). None of
// them is Extend, SpacingMark, Prepend, ZWJ, Hangul or a regional
// indicator; TestSimpleRunes checks every pair against uniseg.
func simpleRune(r rune) bool {
	switch {
	case r < 0x300:
		return r != '\r'
	case r < 0x370: // combining diacritical marks
		return false
	case r < 0x483:
		return true
	case r < 0x48a: // Cyrillic combining marks
		return false
	default:
		return r < 0x530
	}
}

// firstRune is the first rune of s.
func firstRune(s string) rune {
	if s[0] < utf8.RuneSelf {
		return rune(s[0])
	}
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// clusters re-cuts tokens into grapheme clusters.
func clusters(ts []string) []string {
	var out []string
	for _, t := range ts {
		out = append(out, tokens(t, false)...)
	}
	return out
}

func cpLen(ts []string) int {
	n := 0
	for _, t := range ts {
		n += utf8.RuneCountInString(t)
	}
	return n
}
