package textpos

import (
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

// benchText returns n code points of Latin, Cyrillic and emoji words, the mix
// readouts actually have (emoji include ZWJ sequences, skin tones and flags).
func benchText(n int) string {
	words := []string{
		"the", "quick", "brown", "fox", "annotation", "Путин", "и", "Трамп",
		"переговоры", "заявил", "👍🏽", family, "🇺🇦", "😀", "𝔘", "café", "e\u0301",
	}
	r := rand.New(rand.NewSource(42))
	var b strings.Builder
	cps := 0
	for cps < n {
		w := words[r.Intn(len(words))]
		sep := " "
		if r.Intn(12) == 0 {
			sep = "\n"
		}
		for _, c := range w + sep {
			if cps == n {
				break
			}
			b.WriteRune(c)
			cps++
		}
	}
	return b.String()
}

var sink int

func BenchmarkUTF16ToCodePoint(b *testing.B) {
	tx := New(benchText(100_000))
	r := rand.New(rand.NewSource(1))
	offs := make([]int, 1024)
	for i := range offs {
		offs[i] = r.Intn(tx.UTF16Len() + 1)
	}
	for i := 0; b.Loop(); i++ {
		cp, _ := tx.UTF16ToCodePoint(offs[i&1023])
		sink += cp
	}
}

func BenchmarkCodePointToUTF16(b *testing.B) {
	tx := New(benchText(100_000))
	r := rand.New(rand.NewSource(1))
	offs := make([]int, 1024)
	for i := range offs {
		offs[i] = r.Intn(tx.Len() + 1)
	}
	for i := 0; b.Loop(); i++ {
		u, _ := tx.CodePointToUTF16(offs[i&1023])
		sink += u
	}
}

func BenchmarkSnapSpan(b *testing.B) {
	tx := New(benchText(100_000))
	tx.SnapSpan(0, 0) // build the boundary index outside the timing
	r := rand.New(rand.NewSource(1))
	offs := make([]int, 1024)
	for i := range offs {
		offs[i] = r.Intn(tx.Len() + 1)
	}
	for i := 0; b.Loop(); i++ {
		s, e := tx.SnapSpan(offs[i&1023], offs[(i+1)&1023])
		sink += s + e
	}
}

func BenchmarkSegments(b *testing.B) {
	const n = 100_000
	r := rand.New(rand.NewSource(1))
	spans := make([]Span, 2000)
	for i := range spans {
		start := r.Intn(n)
		spans[i] = Span{start, min(n, start+1+r.Intn(1000)), "key"}
	}
	b.ReportAllocs()
	for b.Loop() {
		sink += len(Segments(n, spans))
	}
}

func BenchmarkFind(b *testing.B) {
	tx := New(benchText(100_000))
	for b.Loop() {
		sink += len(tx.Find("Трамп"))
	}
}

// BenchmarkNew measures what the first selection on a fresh text costs:
// New plus the first conversion, which builds the position index.
func BenchmarkNew(b *testing.B) {
	for _, n := range []int{100_000, 2_000_000} {
		s := benchText(n)
		b.Run(sizeName(n), func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				cp, _ := New(s).UTF16ToCodePoint(len(s) / 3)
				sink += cp
			}
		})
	}
}

// BenchmarkFirstSnapSpan adds the grapheme boundary index, built on the first
// SnapSpan, to the cost of a fresh text.
func BenchmarkFirstSnapSpan(b *testing.B) {
	for _, n := range []int{100_000, 2_000_000} {
		s := benchText(n)
		b.Run(sizeName(n), func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				st, _ := New(s).SnapSpan(n/3, n/2)
				sink += st
			}
		})
	}
}

func sizeName(n int) string {
	if n >= 1_000_000 {
		return strconv.Itoa(n/1_000_000) + "M"
	}
	return strconv.Itoa(n/1000) + "k"
}
