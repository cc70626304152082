package textpos

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Errors returned by this package wrap one of these sentinels, so callers can
// tell a bad offset from a reversed span with errors.Is while the message
// still names the offending offsets and the text length.
var (
	ErrOutOfRange = errors.New("out of range")
	ErrReversed   = errors.New("reversed")
)

// NormalizeNewlines turns CRLF and lone CR into LF and changes nothing else.
//
// It works on bytes, so invalid UTF-8 passes through untouched: 0x0D never
// occurs inside a multi-byte sequence.
func NormalizeNewlines(s string) string {
	i := strings.IndexByte(s, '\r')
	if i < 0 {
		return s // the common case allocates nothing
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if c != '\r' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('\n')
		if i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
	}
	return b.String()
}

// step is the distance in code points between two checkpoints of the
// position index. 64 keeps the index small (two ints per 64 code points) and
// the scan after the binary search short.
const step = 64

// index maps code point offsets to byte and UTF-16 offsets.
type index struct {
	n   int // length in code points
	u16 int // length in UTF-16 code units

	// byteAt[k] and u16At[k] are the byte and UTF-16 offsets of code point
	// k*step; there is always a checkpoint for every k <= n/step. byteAt is
	// nil for ASCII text (byte offset == code point offset) and u16At is nil
	// when the text has no astral characters (UTF-16 offset == code point
	// offset): those texts need no index at all.
	byteAt []int
	u16At  []int
}

var emptyIndex = &index{}

// buildIndex decodes s once, the same way Go's range loop does: every invalid
// byte is one code point (U+FFFD) of one UTF-16 unit. The reference
// utf16.Encode([]rune(s)) agrees.
func buildIndex(s string) *index {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return &index{n: len(s), u16: len(s)}
	}
	k := len(s)/step + 2 // code points <= bytes, so this bounds the count
	byteAt := make([]int, 0, k)
	u16At := make([]int, 0, k)
	// The ASCII prefix is scanned already; only its checkpoints are missing.
	for c := 0; c < i; c += step {
		byteAt = append(byteAt, c)
		u16At = append(u16At, c)
	}
	cp, u := i, i
	for i < len(s) {
		if cp%step == 0 {
			byteAt = append(byteAt, i)
			u16At = append(u16At, u)
		}
		cp++
		if s[i] < utf8.RuneSelf {
			i++
			u++
			continue
		}
		r, w := decode(s, i)
		i += w
		u += utf16Width(r)
	}
	if cp%step == 0 { // so that cp/step is always a valid checkpoint
		byteAt = append(byteAt, i)
		u16At = append(u16At, u)
	}
	ix := &index{n: cp, u16: u, byteAt: byteAt, u16At: u16At}
	if u == cp {
		ix.u16At = nil // no astral characters: save the memory
	}
	return ix
}

// decode is utf8.DecodeRuneInString(s[i:]) with the two-byte case (Latin
// accents, Greek, Cyrillic, Arabic...) done here: index building spends most
// of its time decoding. Callers handle ASCII inline, since this is too big to
// be inlined. s[i+1] is a continuation byte exactly when its top bits are 10,
// and C2..DF are the only valid two-byte leads.
func decode(s string, i int) (rune, int) {
	c := s[i]
	if c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
		return rune(c&0x1F)<<6 | rune(s[i+1]&0x3F), 2
	}
	return utf8.DecodeRuneInString(s[i:])
}

func utf16Width(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// Text is an immutable readout text with lazily built indexes so that
// conversions on a 2,000,000-code-point text cost O(log n) or O(1), not O(n).
// Safe for concurrent reads. A nil or zero *Text behaves as the empty text.
type Text struct {
	s string

	idxOnce sync.Once
	idx     *index

	bndOnce sync.Once
	bnd     []uint64 // grapheme cluster boundaries, one bit per code point offset
}

// New wraps s without copying or scanning it; the indexes are built on first
// use, so texts that are only displayed cost nothing.
func New(s string) *Text {
	return &Text{s: s}
}

func (t *Text) indexed() *index {
	if t == nil {
		return emptyIndex
	}
	t.idxOnce.Do(func() { t.idx = buildIndex(t.s) })
	return t.idx
}

// String returns the text exactly as given to New.
func (t *Text) String() string {
	if t == nil {
		return ""
	}
	return t.s
}

// Len returns the length in code points.
func (t *Text) Len() int { return t.indexed().n }

// UTF16Len returns the length in UTF-16 code units.
func (t *Text) UTF16Len() int { return t.indexed().u16 }

// Slice returns the text between code point offsets [start, end).
// Error (with the offsets and the length in the message) when out of range or reversed.
func (t *Text) Slice(start, end int) (string, error) {
	ix := t.indexed()
	if err := checkSpan(start, end, ix.n); err != nil {
		return "", err
	}
	return t.s[t.byteOffset(ix, start):t.byteOffset(ix, end)], nil
}

func checkSpan(start, end, n int) error {
	if start < 0 || end < 0 || start > n || end > n {
		return fmt.Errorf("textpos: code point span [%d, %d) %w [0, %d]", start, end, ErrOutOfRange, n)
	}
	if start > end {
		return fmt.Errorf("textpos: code point span [%d, %d) is %w (text length %d)", start, end, ErrReversed, n)
	}
	return nil
}

func checkCP(cp, n int) error {
	if cp < 0 || cp > n {
		return fmt.Errorf("textpos: code point offset %d %w [0, %d]", cp, ErrOutOfRange, n)
	}
	return nil
}

// UTF16ToCodePoint converts a DOM offset. An offset in the middle of a surrogate
// pair is rounded down to the pair's start. Error when < 0 or > UTF16Len().
func (t *Text) UTF16ToCodePoint(u int) (int, error) {
	ix := t.indexed()
	if u < 0 || u > ix.u16 {
		return 0, fmt.Errorf("textpos: UTF-16 offset %d %w [0, %d]", u, ErrOutOfRange, ix.u16)
	}
	if ix.u16At == nil {
		return u, nil
	}
	// Last checkpoint at or before u; offsets are strictly increasing.
	k, found := slices.BinarySearch(ix.u16At, u)
	if found {
		return k * step, nil
	}
	k--
	cp, cu, i := k*step, ix.u16At[k], ix.byteAt[k]
	for cu < u {
		r, w := rune(t.s[i]), 1
		if r >= utf8.RuneSelf {
			r, w = decode(t.s, i)
		}
		cu += utf16Width(r)
		if cu > u {
			break // u is between the two halves of a surrogate pair
		}
		i += w
		cp++
	}
	return cp, nil
}

// CodePointToUTF16 is the inverse of UTF16ToCodePoint. Error when < 0 or > Len().
func (t *Text) CodePointToUTF16(cp int) (int, error) {
	ix := t.indexed()
	if err := checkCP(cp, ix.n); err != nil {
		return 0, err
	}
	if ix.u16At == nil {
		return cp, nil
	}
	k := cp / step
	u, i := ix.u16At[k], ix.byteAt[k]
	for c := k * step; c < cp; c++ {
		r, w := rune(t.s[i]), 1
		if r >= utf8.RuneSelf {
			r, w = decode(t.s, i)
		}
		u += utf16Width(r)
		i += w
	}
	return u, nil
}

// ByteOffset converts a code point offset to a byte offset in String(). Error
// when < 0 or > Len().
func (t *Text) ByteOffset(cp int) (int, error) {
	ix := t.indexed()
	if err := checkCP(cp, ix.n); err != nil {
		return 0, err
	}
	return t.byteOffset(ix, cp), nil
}

// byteOffset expects 0 <= cp <= ix.n.
func (t *Text) byteOffset(ix *index, cp int) int {
	if ix.byteAt == nil {
		return cp
	}
	k := cp / step
	i := ix.byteAt[k]
	for c := k * step; c < cp; c++ {
		if t.s[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, w := decode(t.s, i)
		i += w
	}
	return i
}

// Quote returns exact = Slice(start,end), prefix = up to n code points before start,
// suffix = up to n code points after end. Error as Slice. A negative n is
// treated as 0.
//
// The context is cut by code points, not grapheme clusters, so it may start
// or end inside a cluster; that is harmless for a TextQuoteSelector, which is
// matched as plain text.
func (t *Text) Quote(start, end, n int) (prefix, exact, suffix string, err error) {
	ix := t.indexed()
	if err := checkSpan(start, end, ix.n); err != nil {
		return "", "", "", err
	}
	n = max(n, 0)
	ps := max(start-n, 0)        // start >= 0, so no overflow
	se := end + min(n, ix.n-end) // written so that a huge n cannot overflow
	b := func(cp int) int { return t.byteOffset(ix, cp) }
	bs, be := b(start), b(end)
	return t.s[b(ps):bs], t.s[bs:be], t.s[be:b(se)], nil
}

// Find returns every code point offset at which quote occurs in the text (all,
// overlapping occurrences included), in order. Used for re-anchoring by quote.
//
// Matching is byte-exact (no normalisation) and an occurrence counts only if
// it starts and ends on code point boundaries. An empty quote matches
// nothing: it carries no anchor information.
func (t *Text) Find(quote string) []int {
	if t == nil || quote == "" {
		return nil
	}
	s := t.s
	var out []int
	// Matches come in increasing order, so one running count converts them
	// all in O(len(s)) without touching the index.
	cb, ccp := 0, 0
	for off := 0; off <= len(s)-len(quote); {
		i := strings.Index(s[off:], quote)
		if i < 0 {
			break
		}
		b := off + i
		off = b + 1 // overlapping occurrences: resume one byte later
		if !isRuneStart(s, b) || !isRuneStart(s, b+len(quote)) {
			continue
		}
		// Counting runes between two decode boundaries gives the same result
		// as decoding the whole string, even around invalid bytes.
		ccp += utf8.RuneCountInString(s[cb:b])
		cb = b
		out = append(out, ccp)
	}
	return out
}

// isRuneStart reports whether byte offset b is a code point boundary when s is
// decoded like Go's range loop. Only a lead byte can start a multi-byte rune
// (an invalid sequence is always one byte wide), so b is inside a rune exactly
// when one of the three bytes before it starts a valid rune reaching past b.
func isRuneStart(s string, b int) bool {
	if b <= 0 || b >= len(s) {
		return b == 0 || b == len(s)
	}
	if utf8.RuneStart(s[b]) {
		return true // ASCII or a (possibly invalid) lead byte
	}
	for p := b - 1; p >= 0 && p >= b-3; p-- {
		if s[p] >= 0xC0 {
			// An invalid sequence decodes with width 1, which never reaches b.
			_, w := utf8.DecodeRuneInString(s[p:])
			return p+w <= b
		}
		if s[p] < 0x80 {
			return true
		}
	}
	return true
}
