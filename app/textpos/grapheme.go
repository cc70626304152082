package textpos

import (
	"math/bits"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// boundaries returns the grapheme cluster boundary bitset, building it on
// first use: bit cp is set when code point offset cp is a boundary.
func (t *Text) boundaries() []uint64 {
	if t == nil {
		return []uint64{1} // the empty text: 0 is the only boundary
	}
	t.bndOnce.Do(func() { t.bnd = buildBoundaries(t.s, t.indexed().n) })
	return t.bnd
}

// buildBoundaries computes the cluster boundaries of s (n code points).
//
// uniseg costs tens of nanoseconds per code point, too slow for a large text
// on every first selection in WASM. Most readout text is Latin or Cyrillic, so
// the text is cut into chunks at places where the answer is known without
// uniseg: between two "simple" code points (see isSimple) there is always a
// boundary and the clusters after it do not depend on anything before it.
// Only chunks of more than one code point go through uniseg, each with a
// fresh state, which gives the same result as one uniseg pass over s.
func buildBoundaries(s string, n int) []uint64 {
	b := make([]uint64, n/64+1)
	set := func(cp int) {
		if cp >= 0 && cp <= n { // defensive: never index out of range
			b[cp>>6] |= 1 << (cp & 63)
		}
	}
	set(0)
	set(n)
	flush := func(chunk string, cp int) {
		set(cp)
		state := -1
		for len(chunk) > 0 {
			var cluster string
			cluster, chunk, _, state = uniseg.FirstGraphemeClusterInString(chunk, state)
			cp += utf8.RuneCountInString(cluster)
			set(cp)
		}
	}
	chunkByte, chunkCP := 0, 0
	prevSimple := false
	cp := 0
	for i := 0; i < len(s); cp++ {
		r, w := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, w = decode(s, i)
		}
		simple := isSimple(r)
		if simple && prevSimple {
			if cp-chunkCP == 1 {
				set(chunkCP) // one code point: no need to ask uniseg
			} else {
				flush(s[chunkByte:i], chunkCP)
			}
			chunkByte, chunkCP = i, cp
		}
		prevSimple = simple
		i += w
	}
	if cp > chunkCP {
		flush(s[chunkByte:], chunkCP)
	}
	return b
}

// isSimple reports whether r has Grapheme_Cluster_Break property Other or
// Control (but not CR): such a code point never joins a cluster with its
// neighbour, and rules that look backwards (emoji ZWJ sequences, regional
// indicator pairs, Indic conjuncts) cannot reach across it. This holds for all
// of U+0000..U+058F (Latin, Greek, Cyrillic, Armenian) except CR, the
// combining marks and the two Extended_Pictographic signs © and ®.
// TestIsSimpleAgreesWithUniseg checks every one of them against uniseg.
func isSimple(r rune) bool {
	if r < 0x300 {
		return r != '\r' && r != 0xA9 && r != 0xAE
	}
	return r < 0x590 && r > 0x36F && (r < 0x483 || r > 0x489)
}

// SnapSpan widens [start,end) to whole grapheme clusters (rivo/uniseg): start moves
// back to the start of its cluster, end moves forward to the end of its cluster.
// start==end stays a point (snapped back to a cluster boundary). Inputs are
// clamped to [0, Len()] and swapped if reversed.
func (t *Text) SnapSpan(start, end int) (int, int) {
	n := t.Len()
	start, end = min(max(start, 0), n), min(max(end, 0), n)
	if start > end {
		start, end = end, start
	}
	b := t.boundaries()
	if start == end {
		p := prevBoundary(b, start)
		return p, p
	}
	return prevBoundary(b, start), nextBoundary(b, end)
}

// IsBoundary reports whether cp is a grapheme cluster boundary (0 and Len() are).
// Offsets outside [0, Len()] are not boundaries.
func (t *Text) IsBoundary(cp int) bool {
	if cp < 0 || cp > t.Len() {
		return false
	}
	return t.boundaries()[cp>>6]&(1<<(cp&63)) != 0
}

// prevBoundary returns the largest boundary <= cp. Bit 0 is always set, and
// whole words are skipped at once, so even a cluster of thousands of
// combining marks costs little.
func prevBoundary(b []uint64, cp int) int {
	w := cp >> 6
	m := b[w] & (2<<(cp&63) - 1) // bits 0..cp&63; wraps to all ones for 63
	for m == 0 && w > 0 {
		w--
		m = b[w]
	}
	return w<<6 + 63 - bits.LeadingZeros64(m)
}

// nextBoundary returns the smallest boundary >= cp; bit n is always set.
func nextBoundary(b []uint64, cp int) int {
	w := cp >> 6
	m := b[w] &^ (1<<(cp&63) - 1)
	for m == 0 && w < len(b)-1 {
		w++
		m = b[w]
	}
	return w<<6 + bits.TrailingZeros64(m)
}
