package anchor

import (
	"fmt"
	"index/suffixarray"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"framecheck/app/textpos"
)

// Quote is a TextQuoteSelector: the quoted text with the text just before
// and after it. An empty Exact is a point between Prefix and Suffix.
type Quote struct {
	Exact, Prefix, Suffix string
}

// Finder finds quotes in one text. Every path that places an annotation by
// its quote (framecheck import, W3C import, new versions) goes through it,
// so that all of them follow the same rules (see Locate) and give the same
// messages.
//
// Work is bounded so that a crafted file cannot freeze the page: each
// distinct string is looked up once (answers are cached), a look-up asks
// only whether the string occurs none, one or several times (never for all
// occurrences), and after the first few look-ups a suffix array answers the
// rest in O(len(q)·log n). Opening a text of n bytes with quotes whose
// distinct look-up strings total m bytes costs
// O(32·n + n·log n + m·log n), whatever the number of annotations; Steps
// counts it.
//
// The text must be valid UTF-8 (as every decoded JSON string is), so that a
// byte match of a valid UTF-8 string starts and ends on code points.
type Finder struct {
	t     *textpos.Text
	title string

	lookups int
	sa      *suffixarray.Index
	cache   map[string][]int
	steps   int
}

// Scans of the whole text answer the first look-ups; after this many on a
// text longer than suffixArrayMin bytes, a suffix array answers the rest.
const (
	scansBeforeIndex = 32
	suffixArrayMin   = 1 << 12
)

// NewFinder returns a Finder over t; title names the text in messages.
func NewFinder(t *textpos.Text, title string) *Finder {
	return &Finder{t: t, title: title}
}

// Text returns the text searched.
func (f *Finder) Text() *textpos.Text { return f.t }

// Steps returns a count of the elementary work done so far (bytes scanned
// and suffix array probes), for tests that bound it.
func (f *Finder) Steps() int { return f.steps }

// Occurrences returns the code point offsets of up to two occurrences of
// the non-empty string q (overlapping ones included), in order: enough to
// tell none, one and several apart. When there are more, which two is
// unspecified (but the same for the same text and look-ups).
func (f *Finder) Occurrences(q string) []int {
	if q == "" {
		return nil
	}
	if occ, ok := f.cache[q]; ok {
		return occ
	}
	s := f.t.String()
	f.lookups++
	if f.sa == nil && f.lookups > scansBeforeIndex && len(s) > suffixArrayMin {
		f.sa = suffixarray.New([]byte(s))
		f.steps += len(s) * (bits.Len(uint(len(s))) + 1)
	}
	var bs []int
	if f.sa != nil {
		bs = f.sa.Lookup([]byte(q), 2)
		slices.Sort(bs)
		f.steps += (len(q) + 1) * (bits.Len(uint(len(s))) + 1)
	} else {
		f.steps += len(s)
		if i := strings.Index(s, q); i >= 0 {
			bs = append(bs, i)
			if j := strings.Index(s[i+1:], q); j >= 0 {
				bs = append(bs, i+1+j)
			}
		}
	}
	out := make([]int, len(bs))
	for k, b := range bs {
		out[k] = f.codePoint(b)
	}
	if f.cache == nil {
		f.cache = map[string][]int{}
	}
	f.cache[q] = out
	return out
}

// codePoint returns the code point offset whose byte offset is b.
func (f *Finder) codePoint(b int) int {
	t := f.t
	return sort.Search(t.Len()+1, func(cp int) bool {
		o, _ := t.ByteOffset(cp)
		return o >= b
	})
}

// At reports whether q's exact is the text at [start, end) and whether its
// prefix and suffix are the text around it. Offsets out of range are
// neither.
func (f *Finder) At(start, end int, q Quote) (exact, context bool) {
	t := f.t
	if start < 0 || start > end || end > t.Len() {
		return false, false
	}
	s := t.String()
	bs, _ := t.ByteOffset(start)
	be, _ := t.ByteOffset(end)
	f.steps += end - start + len(q.Prefix) + len(q.Suffix)
	if s[bs:be] != q.Exact {
		return false, false
	}
	return true, strings.HasSuffix(s[:bs], q.Prefix) && strings.HasPrefix(s[be:], q.Suffix)
}

// Miss says why a quote cannot be placed; Reason completes a sentence
// ("..., and <reason>").
type Miss struct {
	Reason string
}

func (m *Miss) Error() string { return m.Reason }

func (f *Finder) miss(format string, args ...any) *Miss {
	return &Miss{Reason: fmt.Sprintf(format, args...)}
}

// clip shortens s for a message.
func clip(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max-1]) + "…"
}

// Locate finds the one place of q in the text:
//
//   - a point (empty exact) goes between its prefix and suffix where they
//     occur together once;
//   - a quote that occurs once goes there, whatever its context;
//   - a quote that occurs more often goes to the one occurrence whose
//     surrounding text is its prefix and suffix, if exactly one is.
//
// Anything else is a *Miss saying why.
func (f *Finder) Locate(q Quote) (start, end int, miss *Miss) {
	title := clip(f.title)
	if q.Exact == "" {
		both := q.Prefix + q.Suffix
		if both == "" {
			return 0, 0, f.miss("it is a point with no prefix or suffix to find it by")
		}
		switch occ := f.Occurrences(both); len(occ) {
		case 0:
			return 0, 0, f.miss("its prefix and suffix (%q, %q) do not occur together in readout %q", clip(q.Prefix), clip(q.Suffix), title)
		case 1:
			p := occ[0] + utf8.RuneCountInString(q.Prefix)
			return p, p, nil
		default:
			return 0, 0, f.miss("its prefix and suffix (%q, %q) occur together more than once in readout %q: cannot tell which place is meant", clip(q.Prefix), clip(q.Suffix), title)
		}
	}
	n := utf8.RuneCountInString(q.Exact)
	occ := f.Occurrences(q.Exact)
	switch len(occ) {
	case 0:
		return 0, 0, f.miss("the quote %q does not occur in readout %q", clip(q.Exact), title)
	case 1:
		return occ[0], occ[0] + n, nil
	}
	switch full := f.Occurrences(q.Prefix + q.Exact + q.Suffix); len(full) {
	case 0:
		return 0, 0, f.miss("the quote %q occurs more than once in readout %q and its prefix and suffix fit none of the places", clip(q.Exact), title)
	case 1:
		p := full[0] + utf8.RuneCountInString(q.Prefix)
		return p, p + n, nil
	default:
		return 0, 0, f.miss("the quote %q occurs more than once in readout %q and its prefix and suffix fit more than one place: cannot tell which is meant", clip(q.Exact), title)
	}
}

// LocateWithContext finds the one place where q's exact sits between its
// prefix and suffix. It is for a quote whose exact is already at its
// offsets but whose context is not: the exact alone says nothing new.
func (f *Finder) LocateWithContext(q Quote) (start, end int, miss *Miss) {
	if q.Exact == "" {
		return f.Locate(q)
	}
	title := clip(f.title)
	n := utf8.RuneCountInString(q.Exact)
	switch full := f.Occurrences(q.Prefix + q.Exact + q.Suffix); len(full) {
	case 0:
		return 0, 0, f.miss("the quote %q with its prefix and suffix occurs nowhere in readout %q", clip(q.Exact), title)
	case 1:
		p := full[0] + utf8.RuneCountInString(q.Prefix)
		return p, p + n, nil
	default:
		return 0, 0, f.miss("the quote %q with its prefix and suffix occurs more than once in readout %q: cannot tell which place is meant", clip(q.Exact), title)
	}
}

// Context returns the prefix and suffix of [start, end), n code points
// each: q's own when they are at most n code points and are the text
// there (so that a file's context survives a round trip), else the text's.
func (f *Finder) Context(start, end, n int, q Quote) (prefix, suffix string) {
	t := f.t
	prefix, _, suffix, _ = t.Quote(start, end, n)
	s := t.String()
	bs, _ := t.ByteOffset(start)
	be, _ := t.ByteOffset(end)
	if utf8.RuneCountInString(q.Prefix) <= n && strings.HasSuffix(s[:bs], q.Prefix) {
		prefix = q.Prefix
	}
	if utf8.RuneCountInString(q.Suffix) <= n && strings.HasPrefix(s[be:], q.Suffix) {
		suffix = q.Suffix
	}
	return prefix, suffix
}
