package anchor

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// TestByLines: diffing paragraph by paragraph first gives a correct diff
// of the token sequences, and on texts edited as readouts are (words
// replaced, inserted and removed, a paragraph split, joined or moved) one
// as small as Myers over all tokens in nearly every case.
func TestByLines(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	dmp := diffmatchpatch.New()
	cost := func(ds []diffmatchpatch.Diff) int {
		n := 0
		for _, d := range ds {
			if d.Type != diffmatchpatch.DiffEqual {
				n += len([]rune(d.Text))
			}
		}
		return n
	}
	cases, same, worse := 0, 0, 0 // same: as small or smaller
	for c := range 60 {
		var b strings.Builder
		for i := 0; b.Len() < 30_000; i++ {
			b.WriteString(corpus[rng.IntN(len(corpus))])
			if rng.IntN(4) == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteString(" ")
			}
		}
		old := b.String()
		words := strings.SplitAfter(old, " ")
		for range 1 + rng.IntN(len(words)/50) {
			i := rng.IntN(len(words))
			switch rng.IntN(5) {
			case 0:
				words[i] = "changed "
			case 1:
				words = slices.Delete(words, i, i+1)
			case 2:
				words = slices.Insert(words, i, "new ", "words ")
			case 3:
				words[i] = strings.Replace(words[i], " ", "\n\n", 1) // a paragraph split
			default:
				words[i] = strings.Replace(words[i], "\n\n", " ", 1) // two joined
			}
		}
		new := strings.Join(words, "")
		if c%10 == 0 {
			// A paragraph moved elsewhere.
			ps := strings.SplitAfter(new, "\n\n")
			if len(ps) > 3 {
				i, j := rng.IntN(len(ps)), rng.IntN(len(ps))
				p := ps[i]
				ps = slices.Insert(slices.Delete(ps, i, i+1), min(j, len(ps)-1), p)
				new = strings.Join(ps, "")
			}
		}
		ta, tb := tokens(old, true), tokens(new, true)
		if len(ta)+len(tb) < byLinesMin {
			t.Fatalf("case %d: %d tokens, fewer than byLinesMin: the case does not exercise the paragraph pass", c, len(ta)+len(tb))
		}
		var u units
		ra, _ := u.encode(ta)
		rb, _ := u.encode(tb)
		got := byLines(dmp, ra, rb, u.holdsBreak)
		var ga, gb []rune
		for _, d := range got {
			if d.Type != diffmatchpatch.DiffInsert {
				ga = append(ga, []rune(d.Text)...)
			}
			if d.Type != diffmatchpatch.DiffDelete {
				gb = append(gb, []rune(d.Text)...)
			}
		}
		if !slices.Equal(ga, ra) || !slices.Equal(gb, rb) {
			t.Fatalf("case %d: the paragraph-first diff does not rebuild the two texts", c)
		}
		want := cost(dmp.DiffMainRunes(ra, rb, false))
		cases++
		switch g := cost(got); {
		case g == want:
			same++
		case g > want:
			worse++
			t.Logf("case %d: %d tokens changed, %d over all tokens", c, g, want)
		default:
			// go-diff's half-match shortcut does not always find the
			// smallest diff either.
			same++
		}
	}
	t.Logf("%d cases: %d as small as go-diff over all tokens, %d larger", cases, same, worse)
	if same < cases*9/10 {
		t.Fatalf("only %d of %d paragraph-first diffs are minimal", same, cases)
	}
}

// TestUnitRunes: unit numbers map to runes (never a surrogate) and back.
func TestUnitRunes(t *testing.T) {
	for _, i := range []int{0, 1, 0xD7FE, 0xD7FF, 0xD800, 0xE000, 0x10F7FF} {
		r := unitRune(i)
		if r >= 0xD800 && r <= 0xDFFF {
			t.Fatalf("unit %d is the surrogate %U", i, r)
		}
		if got := unitIndex(r); got != i {
			t.Fatalf("unit %d -> %U -> %d", i, r, got)
		}
	}
	if unitRune(0xD7FF) != 0xE000 {
		t.Fatalf("the first unit past the surrogates is %U, want U+E000", unitRune(0xD7FF))
	}
}
