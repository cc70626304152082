package browser

import (
	"encoding/binary"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// replay reads an overlay plan as web/framecheck.js's overlay does: per
// piece its text (sliced in UTF-16 units), its flags and its level strings.
func replay(t *testing.T, text string, plan []byte, levels []string) (texts []string, flags []int32, lv [][3]string) {
	t.Helper()
	if len(plan)%(4*planWords) != 0 {
		t.Fatalf("plan of %d bytes", len(plan))
	}
	u := utf16.Encode([]rune(text))
	at := 0
	for o := 0; o < len(plan); o += 4 * planWords {
		w := func(i int) int32 { return int32(binary.LittleEndian.Uint32(plan[o+4*i:])) }
		end := int(w(0))
		if end < at || end > len(u) {
			t.Fatalf("piece at byte %d ends at %d (from %d, text of %d units)", o, end, at, len(u))
		}
		texts = append(texts, string(utf16.Decode(u[at:end])))
		flags = append(flags, w(1))
		var l [3]string
		if w(1)&planLevelled != 0 {
			for k := range 3 {
				l[k] = levels[w(2+k)]
			}
		}
		lv = append(lv, l)
		at = end
	}
	if at != len(u) {
		t.Errorf("plan ends at %d, text at %d", at, len(u))
	}
	return texts, flags, lv
}

func TestOverlayPlan(t *testing.T) {
	// Each piece with the flags and level strings the plan must give it,
	// spelled out rather than worked out as pieceFlags does.
	cases := []struct {
		p      Piece
		flags  int32
		levels [3]string
	}{
		{Piece{Text: "Плохо "}, 0, [3]string{}},
		{Piece{Text: "👨‍👩‍👧 and", Level: [3]float64{1.0 / 3, 0, 1}, Key: true},
			planKey | planLevelled | planBar<<0 | planBar<<2, [3]string{"0.333", "0.000", "1.000"}},
		{Piece{Text: "", Level: [3]float64{0.5, 0.5, 0}},
			planLevelled | planBar<<0 | planBar<<1, [3]string{"0.500", "0.500", "0.000"}},
		{Piece{Text: " 𝔘nicode\n", Key: true, BlockEnd: true}, planKey | planBlockEnd, [3]string{}},
		{Piece{Text: "end", Level: [3]float64{0, 2.0 / 3, 1.0 / 3}},
			planLevelled | planBar<<1 | planBar<<2, [3]string{"0.000", "0.667", "0.333"}},
	}
	var pieces []Piece
	for _, c := range cases {
		pieces = append(pieces, c.p)
	}
	text, plan, levels := overlayPlan(pieces)
	texts, flags, lv := replay(t, text, plan, levels)
	if len(texts) != len(pieces) {
		t.Fatalf("%d pieces in the plan, want %d", len(texts), len(pieces))
	}
	for i, c := range cases {
		if texts[i] != c.p.Text || flags[i] != c.flags || lv[i] != c.levels {
			t.Errorf("piece %d: %q flags %d levels %q; want %q %d %q", i, texts[i], flags[i], lv[i], c.p.Text, c.flags, c.levels)
		}
	}
	// Each distinct level is written once: 0, 1/3, 1, 0.5, 2/3.
	if want := []string{"0.333", "0.000", "1.000", "0.500", "0.667"}; !slices.Equal(levels, want) {
		t.Errorf("levels %q, want %q", levels, want)
	}
}

// TestBarClasses: a piece gets a bar's class only for a tag someone chose
// there; a level that prints as zero draws no bar.
func TestBarClasses(t *testing.T) {
	for _, c := range []struct {
		p    Piece
		want string
	}{
		{Piece{Text: "a"}, "fc-seg"},
		{Piece{Text: "a", Key: true}, "fc-seg fc-seg-key"},
		{Piece{Text: "a", Level: [3]float64{0, 0.5, 0}}, "fc-seg fc-bar1"},
		{Piece{Text: "a", Level: [3]float64{1, 0, 1.0 / 3}, Key: true}, "fc-seg fc-seg-key fc-bar0 fc-bar2"},
		{Piece{Text: "a", Level: [3]float64{0.0001, 1, 1}}, "fc-seg fc-bar1 fc-bar2"},
	} {
		flags, _ := pieceFlags(c.p, &levelStrings{})
		if got := barClasses(flags); got != c.want {
			t.Errorf("%v: classes %q, want %q", c.p, got, c.want)
		}
	}
}

func TestOverlayPlanEmpty(t *testing.T) {
	text, plan, levels := overlayPlan(nil)
	if text != "" || len(plan) != 0 || len(levels) != 0 {
		t.Errorf("empty overlay: %q %v %q", text, plan, levels)
	}
}

// TestBlocks: blocks end just after the first line break at which they hold
// blockMin code points, pieces are cut there and nowhere else, and the text,
// levels and key of every code point are kept.
func TestBlocks(t *testing.T) {
	para := func(word string, n int) string { return strings.Repeat(word, n) + "\n" }
	var pieces []Piece
	add := func(text string, l float64, key bool) {
		pieces = append(pieces, Piece{Text: text, Level: [3]float64{l, 0, 1 - l}, Key: key})
	}
	// Cyrillic, Arabic, an emoji with ZWJ and a combining mark; line breaks
	// inside pieces, at their ends and in a piece of their own.
	add(para("Слово ", 60)+"ближе ", 0.5, false)              // 361 code points, a break at 360
	add(para("قال ", 40)+"\n"+para("👨‍👩‍👧 ", 20), 0.25, true) // 161 + 1 + 121 code points
	add("e\u0301"+para("x", 200), 0, false)
	add("\n", 1, false)
	add(strings.Repeat("без перевода строки ", 40), 0.75, false)
	add("\n", 0, true)
	add("tail", 0, false)

	out := Blocks(pieces)
	var in, got strings.Builder
	for _, p := range pieces {
		in.WriteString(p.Text)
	}
	// Per code point: the level and key of the piece that holds it.
	type cp struct {
		r   rune
		l   float64
		key bool
	}
	var want, have []cp
	for _, p := range pieces {
		for _, r := range p.Text {
			want = append(want, cp{r, p.Level[0], p.Key})
		}
	}
	var blocks []string
	var blk strings.Builder
	for i, p := range out {
		if p.Text == "" {
			t.Errorf("piece %d is empty", i)
		}
		got.WriteString(p.Text)
		blk.WriteString(p.Text)
		for _, r := range p.Text {
			have = append(have, cp{r, p.Level[0], p.Key})
		}
		if p.BlockEnd {
			blocks = append(blocks, blk.String())
			blk.Reset()
		}
	}
	if blk.Len() > 0 || !out[len(out)-1].BlockEnd {
		t.Errorf("the last piece does not end a block (%q left)", blk.String())
	}
	if got.String() != in.String() || !slices.Equal(have, want) {
		t.Fatalf("the blocks changed the text, a level or the key")
	}
	for i, b := range blocks {
		rs := []rune(b)
		last := i == len(blocks)-1
		if !last && (rs[len(rs)-1] != '\n' || len(rs) < blockMin) {
			t.Errorf("block %d of %d code points ends with %q", i, len(rs), rs[len(rs)-1])
		}
		// No earlier line break would have done.
		for k, r := range rs[:len(rs)-1] {
			if r == '\n' && k+1 >= blockMin {
				t.Errorf("block %d could have ended at %d, ends at %d", i, k+1, len(rs))
				break
			}
		}
	}
	// The first piece's break comes at 361 code points, too early; the
	// Arabic paragraph's, at 367+161 = 528, ends the first block inside the
	// second piece. The second block (1+121, 203, 1, 800 code points) ends at
	// the line break that is a piece of its own, at 1,127; "tail" is the last.
	lens := make([]int, len(blocks))
	for i, b := range blocks {
		lens[i] = utf8.RuneCountInString(b)
	}
	if want := []int{528, 1127, 4}; !slices.Equal(lens, want) {
		t.Errorf("blocks of %v code points, want %v", lens, want)
	}

	// A text without line breaks is one block; no pieces, no blocks.
	one := Blocks([]Piece{{Text: strings.Repeat("a", 2000)}, {Text: "b"}})
	if len(one) != 2 || one[0].BlockEnd || !one[1].BlockEnd {
		t.Errorf("no line breaks: %+v", one)
	}
	if len(Blocks(nil)) != 0 {
		t.Errorf("blocks of nothing")
	}
}
