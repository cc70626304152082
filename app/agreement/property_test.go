package agreement

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// randomSpans gives each coder n non-overlapping spans of the categories on
// a continuum of length.
func randomSpans(r *rand.Rand, coders []string, cats []string, length, n int) []Span {
	var out []Span
	for _, c := range coders {
		pos := 0
		for k := 0; k < n && pos < length-1; k++ {
			b := pos + r.IntN(max(1, 2*length/n))
			e := b + 1 + r.IntN(max(1, length/n))
			if e > length {
				break
			}
			out = append(out, Span{Coder: c, Cat: cats[r.IntN(len(cats))], Start: b, End: e})
			pos = e
		}
	}
	return out
}

func coderNames(m int) []string {
	out := make([]string, m)
	for i := range out {
		out[i] = fmt.Sprintf("student %d", i+1)
	}
	return out
}

// naiveDisagreements computes D_o and D_e straight from Krippendorff's
// (2004) sums: every pair of segments of every ordered pair of coders, and
// every unit against every gap; no walk, no sorting, no prefix sums.
func naiveDisagreements(length int, parts [][]unit) (float64, float64) {
	m, L := len(parts), float64(length)
	var sum float64
	for i := range parts {
		for j := range parts {
			if i == j {
				continue
			}
			for _, x := range parts[i] {
				for _, y := range parts[j] {
					if x.b < y.e && y.b < x.e { // the segments intersect
						sum += distance(x, y)
					}
				}
			}
		}
	}
	do := sum / (float64(m) * float64(m-1) * L * L)
	var units, gaps []float64
	for _, p := range parts {
		for _, u := range p {
			if u.marked {
				units = append(units, float64(u.e-u.b))
			} else {
				gaps = append(gaps, float64(u.e-u.b))
			}
		}
	}
	n := float64(len(units))
	var num, sq float64
	for _, l := range units {
		num += (n - 1) * (2*l*l*l - 3*l*l + l) / 3
		for _, g := range gaps {
			if g >= l {
				num += l * l * (g - l + 1)
			}
		}
		sq += l * (l - 1)
	}
	mL := float64(m) * L
	return do, 2 / L * num / (mL*(mL-1) - sq)
}

// TestAlphaUMatchesNaiveSums checks the interval arithmetic against the
// plain sums on random studies.
func TestAlphaUMatchesNaiveSums(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		m := 2 + r.IntN(5)
		length := 5 + r.IntN(300)
		coders := coderNames(m)
		spans := randomSpans(r, coders, []string{"fact", "framing"}, length, 1+r.IntN(8))
		for cat, parts := range unitsByCat(length, coders, spans) {
			do, de := disagreements(length, parts)
			wo, we := naiveDisagreements(length, parts)
			if math.Abs(do-wo) > 1e-12*max(1, wo) || math.Abs(de-we) > 1e-12*max(1, we) {
				t.Fatalf("trial %d %s: got D_o %v D_e %v, naive %v %v", trial, cat, do, de, wo, we)
			}
		}
	}
}

// TestIdenticalCodersAgreeFully: coders who mark the same spans get 1.0,
// per category and overall.
func TestIdenticalCodersAgreeFully(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 100 {
		length := 50 + r.IntN(2000)
		one := randomSpans(r, []string{"x"}, []string{"fact", "framing", "omission"}, length, 1+r.IntN(20))
		m := 2 + r.IntN(10)
		coders := coderNames(m)
		var spans []Span
		for _, c := range coders {
			for _, s := range one {
				s.Coder = c
				spans = append(spans, s)
			}
		}
		for _, cat := range []string{"", "fact", "framing", "omission"} {
			f := AlphaU(length, coders, spans, cat)
			if !f.Defined {
				continue // that category was not drawn this time
			}
			if math.Abs(f.Value-1) > 1e-9 {
				t.Fatalf("trial %d cat %q: alpha_u = %v, want 1", trial, cat, f.Value)
			}
		}
	}
}

// TestShiftedCoderDrivesAlphaDown: moving one coder's spans away from the
// others' by ever larger random amounts lowers alpha_u from 1 toward 0
// (or below), averaged over trials.
func TestShiftedCoderDrivesAlphaDown(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const length = 2000
	shifts := []int{0, 5, 20, 60, 200}
	mean := make([]float64, len(shifts))
	const trials = 40
	for range trials {
		// Short spans far apart, so a shift of 200 moves each off its place.
		var base []Span
		for b := 100; b+20 < length-300; b += 300 + r.IntN(50) {
			base = append(base, Span{Cat: "framing", Start: b, End: b + 10 + r.IntN(10)})
		}
		for k, sh := range shifts {
			var spans []Span
			for _, c := range []string{"a", "c"} {
				for _, s := range base {
					s.Coder = c
					if c == "c" {
						d := r.IntN(sh+1) * (1 - 2*r.IntN(2))
						if sh > 0 && d == 0 {
							d = sh
						}
						s.Start, s.End = s.Start+d, s.End+d
					}
					spans = append(spans, s)
				}
			}
			f := AlphaU(length, []string{"a", "c"}, spans, "framing")
			mean[k] += alphaOf(t, f) / trials
		}
	}
	for k := 1; k < len(shifts); k++ {
		if !(mean[k] < mean[k-1]) {
			t.Errorf("mean alpha_u did not fall: shift %d gives %.3f, shift %d gives %.3f", shifts[k-1], mean[k-1], shifts[k], mean[k])
		}
	}
	if math.Abs(mean[0]-1) > 1e-9 {
		t.Errorf("unshifted mean alpha_u = %v, want 1", mean[0])
	}
	// With the second coder's spans all off the first's, alpha_u lands near
	// or below zero.
	if last := mean[len(mean)-1]; last > 0.1 {
		t.Errorf("far-shifted mean alpha_u = %.3f, want at most 0.1", last)
	}
	t.Logf("mean alpha_u by shift %v: %.3f", shifts, mean)
}

// TestSelfOverlapDropped: a coder's span that overlaps an earlier one of the
// same category is dropped (INCEpTION's rule), also when that earlier one
// was itself dropped; other categories are untouched.
func TestSelfOverlapDropped(t *testing.T) {
	us := []unit{{0, 10, true}, {5, 20, true}, {15, 25, true}, {30, 40, true}, {0, 10, true}, {0, 12, true}}
	got := partition(50, us)
	want := []unit{{0, 12, true}, {12, 30, false}, {30, 40, true}, {40, 50, false}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("partition = %v, want %v", got, want)
	}
	// So a coder who doubles a span agrees fully with one who marked it once.
	spans := []Span{
		{Coder: "a", Cat: "fact", Start: 3, End: 9}, {Coder: "a", Cat: "fact", Start: 3, End: 9},
		{Coder: "a", Cat: "fact", Start: 4, End: 6}, {Coder: "b", Cat: "fact", Start: 3, End: 9},
	}
	near(t, "doubled span", alphaOf(t, AlphaU(20, []string{"a", "b"}, spans, "fact")), 1, 1e-12)
}

func TestAlphaUUndefined(t *testing.T) {
	spans := []Span{{Coder: "a", Cat: "fact", Start: 0, End: 3}, {Coder: "b", Cat: "omission", Start: 4, End: 4}}
	for _, c := range []struct {
		name   string
		length int
		coders []string
		cat    string
	}{
		{"one coder", 10, []string{"a"}, ""},
		{"a coder twice", 10, []string{"a", "a"}, ""},
		{"empty text", 0, []string{"a", "b"}, ""},
		{"tag nobody used", 10, []string{"a", "b"}, "framing"},
		{"only points", 10, []string{"a", "b"}, "omission"},
	} {
		f := AlphaU(c.length, c.coders, spans, c.cat)
		if f.Defined || f.Why == "" || f.String() != "undefined" {
			t.Errorf("%s: got %+v, want undefined with a reason", c.name, f)
		}
	}
	// A coder who marked nothing still counts: a and an idle b disagree.
	f := AlphaU(10, []string{"a", "b"}, spans, "fact")
	if !f.Defined || f.Value >= 1 {
		t.Errorf("idle second coder: got %+v, want a defined value below 1", f)
	}
	// Spans of coders not listed are ignored.
	g := AlphaU(10, []string{"a", "b"}, append(spans, Span{Coder: "z", Cat: "fact", Start: 0, End: 3}), "fact")
	if g != f {
		t.Errorf("unlisted coder changed alpha_u: %+v, want %+v", g, f)
	}
}

// FuzzAlphaU: any spans, any length: no panic, and a Defined figure is a
// finite number; the F1 figures and passages survive the same input.
func FuzzAlphaU(f *testing.F) {
	f.Add(300, []byte{0, 75, 145, 1, 70, 150, 0, 30, 90})
	f.Add(10, []byte{0, 1, 9, 1, 2, 3, 1, 4, 5})
	f.Add(1, []byte{0, 0, 1, 1, 0, 1})
	f.Add(0, []byte{0, 5, 5})
	f.Add(-4, []byte{255, 200, 3})
	f.Fuzz(func(t *testing.T, length int, data []byte) {
		length %= 1 << 20
		cats := []string{"fact", "framing", "omission", ""}
		coders := []string{"a", "b", "c", "d"}
		var spans []Span
		for k := 0; k+2 < len(data); k += 3 {
			spans = append(spans, Span{
				Coder: coders[data[k]%4], Cat: cats[(data[k]/4)%4],
				Start: int(int8(data[k+1])) * 3, End: int(int8(data[k+2])) * 3,
			})
		}
		check := func(what string, x Figure) {
			if x.Defined && (math.IsNaN(x.Value) || math.IsInf(x.Value, 0)) {
				t.Fatalf("%s: defined but %v", what, x.Value)
			}
			if !x.Defined && x.Why == "" {
				t.Fatalf("%s: undefined without a reason", what)
			}
		}
		for _, cat := range cats {
			check("alpha_u "+cat, AlphaU(length, coders, spans, cat))
			for _, p := range PairwiseF1(coders, spans, cat) {
				check("exact F1", p.Exact)
				check("overlap F1", p.Overlap)
			}
			s := AgainstKey(spans[:len(spans)/2], spans[len(spans)/2:], cat)
			check("precision", s.Precision)
			check("recall", s.Recall)
			check("key F1", s.F1)
		}
		ps := Passages(spans, PointTolerance)
		SortByAgreement(ps)
	})
}
