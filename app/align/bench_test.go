package align

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// genReadout builds a deterministic readout of at least n characters (code
// points) mixing English and Russian sentences drawn (seeded PCG) from the
// gold texts, in paragraphs of one to four sentences. Repeated sentences
// make ties, the worst case for the matching.
func genReadout(tb testing.TB, seed uint64, n int) string {
	var pool []string
	for _, d := range loadGold(tb) {
		for _, text := range []string{d.a, d.b} {
			for _, s := range sentenceTexts(nil, text) {
				pool = append(pool, s)
			}
		}
	}
	r := rand.New(rand.NewPCG(seed, 42))
	var b strings.Builder
	count := 0
	for count < n {
		k := 1 + r.IntN(4)
		for i := 0; i < k; i++ {
			s := pool[r.IntN(len(pool))]
			if i > 0 {
				b.WriteByte(' ')
				count++
			}
			b.WriteString(s)
			count += len([]rune(s))
		}
		b.WriteString("\n\n")
		count += 2
	}
	return b.String()
}

func BenchmarkAlign20k(b *testing.B) {
	x, y := genReadout(b, 1, 20000), genReadout(b, 2, 20000)
	b.SetBytes(int64(len(x) + len(y)))
	for b.Loop() {
		Align(x, y)
	}
	b.ReportMetric(float64(len(Sentences(x))), "sentA")
	b.ReportMetric(float64(len(Sentences(y))), "sentB")
}

func BenchmarkSentences20k(b *testing.B) {
	x := genReadout(b, 1, 20000)
	b.SetBytes(int64(len(x)))
	for b.Loop() {
		Sentences(x)
	}
}
