package class

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"framecheck/app/workspace"
)

// benchFiles is the class of the benchmark: 30 students, 2 readouts
// of 5,000 code points, 40 annotations each per readout.
func benchFiles(b *testing.B) []File {
	pack := workspace.New("Bench", t0)
	for i := range 2 {
		text := strings.Repeat(fmt.Sprintf("Слово %d и ещё. ", i), 400)
		r, err := workspace.NewReadout(fmt.Sprintf("R%d", i), "", "", "", "", string([]rune(text)[:5000]))
		if err != nil {
			b.Fatal(err)
		}
		pack.Readouts = append(pack.Readouts, r)
	}
	pack.Assignment = &workspace.Assignment{ID: "5a0c7e1b-2f3d-4e5a-9b6c-7d8e9f0a1b2c", Title: "Bench", CreatedAt: t0}
	rng := rand.New(rand.NewPCG(3, 4))
	var files []File
	for s := range 30 {
		var anns []ann
		for r := range 2 {
			for range 40 {
				a := rng.IntN(4900)
				tag := workspace.Tags[rng.IntN(3)]
				e := a + 1 + rng.IntN(90)
				if tag == workspace.Omission && rng.IntN(2) == 0 {
					e = a
				}
				anns = append(anns, ann{r, tag, a, e, ""})
			}
		}
		name := fmt.Sprintf("Student %02d", s)
		files = append(files, File{name + ".json", handIn(b, student(b, pack, name, anns...), t0)})
	}
	return files
}

// BenchmarkClass: the class of 30 from files to figures, as the class view
// does it (load, then per readout segments and figures).
func BenchmarkClass(b *testing.B) {
	files := benchFiles(b)
	b.ResetTimer()
	for b.Loop() {
		c := Load(files, Options{})
		if len(c.Students) != 30 {
			b.Fatalf("%d students: %v", len(c.Students), c.Refused)
		}
		for i := range c.Readouts {
			Segments(c.Readouts[i].Positions().Len(), c.Spans(i, nil))
			c.Figures(i, nil)
		}
	}
}

// BenchmarkClassPairs: the pairwise F1 of one readout among 30 students,
// which the class view computes only when asked.
func BenchmarkClassPairs(b *testing.B) {
	c := Load(benchFiles(b), Options{})
	b.ResetTimer()
	for b.Loop() {
		if len(c.Pairs(0, nil)) != 435 {
			b.Fatal("not 435 pairs")
		}
	}
}
