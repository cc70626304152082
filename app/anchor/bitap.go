package anchor

import (
	"math"
	"slices"
	"sync"
)

// matchMain is go-diff's MatchMain (diff-match-patch's match_main) with
// MatchDistance matchDistance and MatchThreshold matchThreshold, over code
// points instead of bytes: the offset in text of the best approximate match
// of pattern (at most bitapBits long) near loc, or -1. go-diff's version
// works on the bytes of a string, so framecheck numbered each code point
// of the window as a byte, copied both texts twice and let MatchBitap
// allocate a row per error level: a third of the time and a quarter of the
// memory of adding a version. TestMatchMainIsGoDiffs checks that the
// results are go-diff's.
func matchMain(text, pattern []rune, loc int) int {
	if len(pattern) == 0 || len(pattern) > bitapBits {
		return -1
	}
	loc = max(0, min(loc, len(text)))
	switch {
	case slices.Equal(text, pattern):
		return 0
	case len(text) == 0:
		return -1
	case loc+len(pattern) <= len(text) && slices.Equal(text[loc:loc+len(pattern)], pattern):
		return loc
	}
	b := bitapPool.Get().(*bitapScratch)
	defer bitapPool.Put(b)
	return b.match(text, pattern, loc)
}

// bitapScratch holds the rows and masks one match needs, kept between calls
// (a version re-anchors hundreds of quotes).
type bitapScratch struct {
	masks    []int // the pattern's bit mask of each code point of the text
	rd, last []int
}

var bitapPool = sync.Pool{New: func() any { return new(bitapScratch) }}

func bitapScore(e, x, loc, patLen int) float64 {
	return float64(e)/float64(patLen) + math.Abs(float64(loc-x))/matchDistance
}

// match is go-diff's MatchBitap, step for step.
func (b *bitapScratch) match(text, pattern []rune, loc int) int {
	// The alphabet: each code point of the text gets the mask of the
	// places it holds in the pattern, looked up once instead of once per
	// error level.
	var alpha patternMasks
	for i, r := range pattern {
		alpha.or(r, 1<<uint(len(pattern)-i-1))
	}
	b.masks = slices.Grow(b.masks[:0], len(text))[:len(text)]
	for i, r := range text {
		b.masks[i] = alpha.get(r)
	}

	// Highest score beyond which we give up; a nearby exact match lowers it.
	scoreThreshold := matchThreshold
	bestLoc := runesIndexFrom(text, pattern, loc)
	if bestLoc != -1 {
		scoreThreshold = math.Min(bitapScore(0, bestLoc, loc, len(pattern)), scoreThreshold)
		if bestLoc = runesLastIndexUpTo(text, pattern, loc+len(pattern)); bestLoc != -1 {
			scoreThreshold = math.Min(bitapScore(0, bestLoc, loc, len(pattern)), scoreThreshold)
		}
	}

	matchmask := 1 << uint(len(pattern)-1)
	bestLoc = -1
	binMax := len(pattern) + len(text)
	// Rows are at most this long (finish shrinks with binMax).
	rows := min(loc+binMax, len(text)) + len(pattern) + 2
	b.rd = slices.Grow(b.rd[:0], rows)[:rows]
	b.last = slices.Grow(b.last[:0], rows)[:rows]
	rd, lastRd := b.rd, b.last
	for d := 0; d < len(pattern); d++ {
		// How far from loc a match with d errors can still score.
		binMin, binMid := 0, binMax
		for binMin < binMid {
			if bitapScore(d, loc+binMid, loc, len(pattern)) <= scoreThreshold {
				binMin = binMid
			} else {
				binMax = binMid
			}
			binMid = (binMax-binMin)/2 + binMin
		}
		binMax = binMid
		start := max(1, loc-binMid+1)
		finish := min(loc+binMid, len(text)) + len(pattern)

		// go-diff makes a fresh row here: cells it does not write read 0.
		clear(rd[:finish+2])
		rd[finish+1] = (1 << uint(d)) - 1
		for j := finish; j >= start; j-- {
			var charMatch int
			if len(text) > j-1 {
				charMatch = b.masks[j-1]
			}
			if d == 0 {
				rd[j] = ((rd[j+1] << 1) | 1) & charMatch
			} else {
				rd[j] = ((rd[j+1]<<1)|1)&charMatch | (((lastRd[j+1] | lastRd[j]) << 1) | 1) | lastRd[j+1]
			}
			if rd[j]&matchmask != 0 {
				score := bitapScore(d, j-1, loc, len(pattern))
				if score <= scoreThreshold {
					scoreThreshold = score
					bestLoc = j - 1
					if bestLoc > loc {
						// Past loc: do not stray further than this match.
						start = max(1, 2*loc-bestLoc)
					} else {
						break
					}
				}
			}
		}
		if bitapScore(d+1, loc, loc, len(pattern)) > scoreThreshold {
			break // no better match with more errors
		}
		rd, lastRd = lastRd, rd
	}
	return bestLoc
}

// runesIndexFrom is go-diff's indexOf over code points: the first
// occurrence of pattern in text at or after i.
func runesIndexFrom(text, pattern []rune, i int) int {
	if i > len(text)-1 {
		return -1
	}
	i = max(i, 0)
	for k := i; k+len(pattern) <= len(text); k++ {
		if slices.Equal(text[k:k+len(pattern)], pattern) {
			return k
		}
	}
	return -1
}

// runesLastIndexUpTo is go-diff's lastIndexOf over code points: the last
// occurrence of pattern within text[:i+1].
func runesLastIndexUpTo(text, pattern []rune, i int) int {
	if i < 0 {
		return -1
	}
	end := min(i+1, len(text))
	for k := end - len(pattern); k >= 0; k-- {
		if slices.Equal(text[k:k+len(pattern)], pattern) {
			return k
		}
	}
	return -1
}

// patternMasks maps up to bitapBits distinct code points to their masks in
// an open-addressed table: a Go map per look-up was most of Bitap's time.
type patternMasks struct {
	keys  [maskSlots]rune
	masks [maskSlots]int
	used  [maskSlots]bool
}

const maskSlots = 2 * bitapBits // a power of two, at most half full

func maskSlot(r rune) uint32 { return (uint32(r) * 0x9E3779B1) >> 26 } // 64 slots

// find returns the slot that holds r, or the empty slot where r would go.
func (t *patternMasks) find(r rune) uint32 {
	i := maskSlot(r)
	for t.used[i] && t.keys[i] != r {
		i = (i + 1) & (maskSlots - 1)
	}
	return i
}

func (t *patternMasks) or(r rune, m int) {
	i := t.find(r)
	t.keys[i], t.used[i] = r, true
	t.masks[i] |= m
}

// get returns r's mask, 0 for a code point not in the pattern.
func (t *patternMasks) get(r rune) int { return t.masks[t.find(r)] }
