package agreement

import (
	"math/rand/v2"
	"testing"
)

// classOf30 is 30 coders on a readout of 100,000 code points, each with 800
// spans (the 40 annotations per 5,000 code points, scaled up) of
// the three tags, a tenth of them omission points.
func classOf30() (int, []string, []Span) { return randomClass(100_000, 800) }

// randomClass is 30 coders with perCoder random spans each on a text of
// length code points.
func randomClass(length, perCoder int) (int, []string, []Span) {
	r := rand.New(rand.NewPCG(7, 8))
	coders := coderNames(30)
	cats := []string{"fact", "framing", "omission"}
	var spans []Span
	for _, c := range coders {
		for range perCoder {
			b := r.IntN(length - 300)
			e := b + 1 + r.IntN(300)
			if r.IntN(10) == 0 {
				e = b
			}
			spans = append(spans, Span{Coder: c, Cat: cats[r.IntN(3)], Start: b, End: e})
		}
	}
	return length, coders, spans
}

// BenchmarkAlphaU30Coders100k computes every figure the agreement panel
// shows for alpha_u: each tag and all tags together.
func BenchmarkAlphaU30Coders100k(b *testing.B) {
	length, coders, spans := classOf30()
	for b.Loop() {
		for _, cat := range []string{"", "fact", "framing", "omission"} {
			AlphaU(length, coders, spans, cat)
		}
	}
}

// BenchmarkPairwiseF1_30Coders100k is the F1 matrix (435 pairs, both modes)
// over all tags.
func BenchmarkPairwiseF1_30Coders100k(b *testing.B) {
	_, coders, spans := classOf30()
	for b.Loop() {
		PairwiseF1(coders, spans, "")
	}
}

func BenchmarkPassages30Coders100k(b *testing.B) {
	_, _, spans := classOf30()
	for b.Loop() {
		ps := Passages(spans, PointTolerance)
		SortByAgreement(ps)
	}
}

// BenchmarkClassFigures is one readout of the class (30 students, a
// readout of 5,000 code points, 40 annotations each): every figure of the
// agreement panel (alpha_u and the F1 matrix per tag and overall) plus the
// passages.
func BenchmarkClassFigures(b *testing.B) {
	length, coders, spans := randomClass(5_000, 40)
	for b.Loop() {
		for _, cat := range []string{"", "fact", "framing", "omission"} {
			AlphaU(length, coders, spans, cat)
			PairwiseF1(coders, spans, cat)
		}
		ps := Passages(spans, PointTolerance)
		SortByAgreement(ps)
	}
}
