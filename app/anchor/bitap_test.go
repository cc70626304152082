package anchor

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// goDiffMatch is the reference: go-diff's MatchMain on bytes, each code
// point numbered as one byte (the pattern's 1..32 through a map, any other
// 0), so that its offsets are code points.
func goDiffMatch(text, pattern []rune, loc int) int {
	num := map[rune]byte{}
	pat := make([]byte, len(pattern))
	for i, r := range pattern {
		if _, ok := num[r]; !ok {
			num[r] = byte(len(num) + 1)
		}
		pat[i] = num[r]
	}
	txt := make([]byte, len(text))
	for i, r := range text {
		txt[i] = num[r]
	}
	dmp := diffmatchpatch.New()
	dmp.MatchDistance, dmp.MatchThreshold = matchDistance, matchThreshold
	return dmp.MatchMain(string(txt), string(pat), loc)
}

// TestMatchMainIsGoDiffs: framecheck's Bitap over code points finds what
// go-diff's finds, on texts from small alphabets (near matches everywhere),
// prose in several scripts with edited quotes, patterns of every length up
// to 32, and places near, far from and outside the text.
func TestMatchMainIsGoDiffs(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	alphabets := [][]rune{[]rune("ab"), []rune("abc "), []rune("аб вгд"), []rune("مرحبا "), []rune("👍🏽e\u0301 ")}
	var prose []rune
	for i := 0; len(prose) < 6000; i++ {
		prose = append(prose, []rune(corpus[i%len(corpus)]+" ")...)
	}
	cases, found := 0, 0
	check := func(text, pattern []rune, loc int) {
		t.Helper()
		want := goDiffMatch(text, pattern, loc)
		if got := matchMain(text, pattern, loc); got != want {
			t.Fatalf("pattern %q near %d in a text of %d code points (%q…): got %d, go-diff %d",
				string(pattern), loc, len(text), string(text[:min(len(text), 40)]), got, want)
		}
		cases++
		if want >= 0 {
			found++
		}
	}
	for range 10000 {
		var text []rune
		if rng.IntN(3) == 0 {
			s := rng.IntN(len(prose) - 1500)
			text = slices.Clone(prose[s : s+50+rng.IntN(1400)])
		} else {
			a := alphabets[rng.IntN(len(alphabets))]
			text = make([]rune, 1+rng.IntN(1500))
			for i := range text {
				text[i] = a[rng.IntN(len(a))]
			}
		}
		n := 1 + rng.IntN(bitapBits)
		s := rng.IntN(len(text))
		pattern := slices.Clone(text[s:min(len(text), s+n)])
		// Edit the pattern a little, sometimes a lot.
		for range rng.IntN(1 + len(pattern)/3) {
			i := rng.IntN(len(pattern))
			switch rng.IntN(3) {
			case 0:
				pattern[i] = []rune("xё ع🏽")[rng.IntN(5)]
			case 1:
				if len(pattern) > 1 {
					pattern = slices.Delete(pattern, i, i+1)
				}
			default:
				if len(pattern) < bitapBits {
					pattern = slices.Insert(pattern, i, 'q')
				}
			}
		}
		loc := s + rng.IntN(1201) - 600
		if rng.IntN(10) == 0 {
			loc = len(text) + rng.IntN(50)
		}
		check(text, pattern, loc)
	}
	// The shortcuts: the whole text, an empty text, an exact hit at loc.
	check([]rune("frank talks"), []rune("frank talks"), 3)
	check(nil, []rune("talks"), 0)
	check([]rune("long and frank talks"), []rune("frank"), 9)
	if found < cases/3 || found == cases {
		t.Fatalf("%d of %d patterns found: the cases do not exercise both outcomes", found, cases)
	}
}

// TestPatternMasks: the table holds each code point's mask as a map would,
// with colliding code points (same slot) and ones it never saw.
func TestPatternMasks(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 2000 {
		var tb patternMasks
		ref := map[rune]int{}
		n := 1 + rng.IntN(bitapBits)
		for i := range n {
			// Small alphabets repeat and collide often; some runes are far.
			r := rune(rng.IntN(200))
			if rng.IntN(3) == 0 {
				r = rune(0x400 + rng.IntN(1<<20))
			}
			tb.or(r, 1<<i)
			ref[r] |= 1 << i
		}
		for r, m := range ref {
			if got := tb.get(r); got != m {
				t.Fatalf("get(%U) = %b, want %b", r, got, m)
			}
		}
		for range 500 {
			r := rune(rng.IntN(1 << 21))
			if rng.IntN(2) == 0 {
				r = rune(rng.IntN(300))
			}
			if got := tb.get(r); got != ref[r] {
				t.Fatalf("get(%U) = %b, want %b (%d code points in the table)", r, got, ref[r], n)
			}
		}
	}
}
