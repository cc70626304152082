package browser

import (
	"encoding/binary"
	"slices"
	"testing"
	"unicode/utf16"
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
	pieces := []Piece{
		{Text: "Плохо "},
		{Text: "👨‍👩‍👧 and", Level: [3]float64{1.0 / 3, 0, 1}, Key: true},
		{Text: "", Level: [3]float64{0.5, 0.5, 0}},
		{Text: " 𝔘nicode", Key: true},
		{Text: "end", Level: [3]float64{0, 2.0 / 3, 1.0 / 3}},
	}
	text, plan, levels := overlayPlan(pieces)
	texts, flags, lv := replay(t, text, plan, levels)
	if len(texts) != len(pieces) {
		t.Fatalf("%d pieces in the plan, want %d", len(texts), len(pieces))
	}
	for i, p := range pieces {
		var wantFlags int32
		var want [3]string
		if p.Key {
			wantFlags |= planKey
		}
		if p.Level != [3]float64{} {
			wantFlags |= planLevelled
			for k, v := range p.Level {
				want[k] = levelText(v)
				if v != 0 {
					wantFlags |= planBar << k
				}
			}
		}
		if texts[i] != p.Text || flags[i] != wantFlags || lv[i] != want {
			t.Errorf("piece %d: %q flags %d levels %q; want %q %d %q", i, texts[i], flags[i], lv[i], p.Text, wantFlags, want)
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
