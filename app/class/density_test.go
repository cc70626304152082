package class

import (
	"math/rand/v2"
	"testing"

	"framecheck/app/agreement"
	"framecheck/app/workspace"
)

// Segments (a sweep over span boundaries) gives the same density as
// counting every span at every character.
func TestDensityMatchesNaiveCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		length := 1 + rng.IntN(60)
		var spans []agreement.Span
		for range rng.IntN(25) {
			a := rng.IntN(length + 1)
			b := a + rng.IntN(length-a+1)
			tag := workspace.Tags[rng.IntN(3)]
			if a == b {
				tag = workspace.Omission
			}
			spans = append(spans, agreement.Span{Coder: "c", Cat: string(tag), Start: a, End: b})
		}
		got := Density(length, spans)
		for _, tag := range workspace.Tags {
			for i := range length {
				want := 0
				for _, s := range spans {
					if s.Cat != string(tag) {
						continue
					}
					a, b := s.Start, s.End
					if a == b { // a point darkens the next character, the last at the end
						if a == length {
							a = length - 1
						}
						b = a + 1
					}
					if a <= i && i < b {
						want++
					}
				}
				if got[tag][i] != want {
					t.Fatalf("round %d: %s at %d: %d, want %d (spans %+v)", round, tag, i, got[tag][i], want, spans)
				}
			}
		}
		// Segments tile the text, and neighbours differ.
		segs := Segments(length, spans)
		if segs[0].Start != 0 || segs[len(segs)-1].End != length {
			t.Fatalf("segments do not cover the text: %+v", segs)
		}
		for i := 1; i < len(segs); i++ {
			if segs[i].Start != segs[i-1].End || segs[i].Count == segs[i-1].Count {
				t.Fatalf("segments %d and %d: %+v %+v", i-1, i, segs[i-1], segs[i])
			}
		}
	}
}

// At lists who tagged a place, with points found within the tolerance, and
// leaves out students switched off.
func TestAt(t *testing.T) {
	pack := newPack(t, "R")
	c := Load([]File{
		{"a", handIn(t, student(t, pack, "Ana", ann{0, workspace.Framing, 5, 10, "loaded word"}), t0)},
		{"b", handIn(t, student(t, pack, "Ben", ann{0, workspace.Omission, 12, 12, "missing"}), t0)},
	}, Options{})
	hits := c.At(0, 8, nil, false)
	if len(hits) != 1 || hits[0].Student != "Ana" || hits[0].Annotation.Note != "loaded word" {
		t.Fatalf("at 8: %+v", hits)
	}
	if hits := c.At(0, 15, nil, false); len(hits) != 1 || hits[0].Student != "Ben" {
		t.Fatalf("at 15 (point at 12 within %d): %+v", PointTolerance, hits)
	}
	if hits := c.At(0, 8, func(n string) bool { return n != "Ana" }, false); len(hits) != 0 {
		t.Fatalf("Ana switched off: %+v", hits)
	}
}
