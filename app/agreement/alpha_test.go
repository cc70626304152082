package agreement

import (
	"math"
	"testing"
)

// u is a unit as the reference examples write it: offset, length, coder
// index, category (offsets relative to the continuum's start).
type u struct {
	off, n, coder int
	cat           string
}

var names = []string{"c0", "c1", "c2"}

func spansOf(us []u) []Span {
	out := make([]Span, len(us))
	for i, x := range us {
		out[i] = Span{Coder: names[x.coder], Cat: x.cat, Start: x.off, End: x.off + x.n}
	}
	return out
}

// catDisagreements is the observed and expected disagreement of one
// category, as the reference tests state them.
func catDisagreements(length, m int, spans []Span, cat string) (float64, float64) {
	parts := unitsByCat(length, names[:m], spans)[cat]
	return disagreements(length, parts)
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.6f, want %v ± %v", what, got, want, tol)
	}
}

func alphaOf(t *testing.T, f Figure) float64 {
	t.Helper()
	if !f.Defined {
		t.Fatalf("figure undefined: %s", f.Why)
	}
	return f.Value
}

// example2004 is Krippendorff's worked example of alpha_u (continuum 150..450,
// two observers, categories c and k) as DKPro Agreement's
// Krippendorff2004Test.createExample encodes it ("Krippendorff (2004: p.
// 254)"), shifted so the continuum starts at 0.
var example2004 = []u{
	{225 - 150, 70, 0, "c"}, {370 - 150, 30, 0, "c"},
	{220 - 150, 80, 1, "c"}, {355 - 150, 20, 1, "c"}, {400 - 150, 20, 1, "c"},
	{180 - 150, 60, 0, "k"}, {300 - 150, 50, 0, "k"},
	{180 - 150, 60, 1, "k"}, {300 - 150, 50, 1, "k"},
}

// TestKrippendorff2004 asserts the values of DKPro Agreement's
// Krippendorff2004Test (testAgreement, testCategoryAgreement), to the
// decimals and tolerances that test uses.
func TestKrippendorff2004(t *testing.T) {
	spans := spansOf(example2004)
	coders := names[:2]
	do, de := catDisagreements(300, 2, spans, "c")
	near(t, "D_o(c)", do, 0.0144, 0.0001)
	near(t, "D_e(c)", de, 0.0532, 0.0001)
	near(t, "alpha_u(c)", alphaOf(t, AlphaU(300, coders, spans, "c")), 0.7286, 0.0001)
	do, de = catDisagreements(300, 2, spans, "k")
	near(t, "D_o(k)", do, 0.0000, 0.0001)
	near(t, "D_e(k)", de, 0.0490, 0.0001)
	near(t, "alpha_u(k)", alphaOf(t, AlphaU(300, coders, spans, "k")), 1.0000, 0.0001)
	near(t, "alpha_u(all)", alphaOf(t, AlphaU(300, coders, spans, "")), 0.8591, 0.0005)
}

// TestKrippendorff2004Distances asserts the single distances of DKPro's
// Krippendorff2004Test.testDistanceMetric1/2 and UnitizingAgreementTest.
// testDistanceMetric (offset, length, category-or-gap per segment).
func TestKrippendorff2004Distances(t *testing.T) {
	seg := func(off, n int, marked bool) unit { return unit{off, off + n, marked} }
	for _, c := range []struct {
		x, y unit
		want float64
	}{
		{seg(5, 6, true), seg(4, 2, true), 26},
		{seg(5, 6, true), seg(5, 2, true), 16},
		{seg(5, 6, true), seg(6, 2, true), 10},
		{seg(5, 6, true), seg(7, 2, true), 8},
		{seg(5, 6, true), seg(6, 4, true), 2},
		{seg(5, 6, true), seg(5, 6, true), 0},
		{seg(225, 70, true), seg(220, 80, true), 50},
		{seg(370, 30, true), seg(355, 20, true), 850},
		{seg(400, 50, false), seg(400, 20, true), 400},
		{seg(0, 1, false), seg(0, 2, false), 0},
		{seg(1, 8, true), seg(0, 2, false), 0},
		{seg(1, 8, true), seg(2, 1, true), 37},
		{seg(1, 8, true), seg(4, 1, true), 25},
		{seg(1, 8, true), seg(6, 1, true), 29},
		{seg(1, 8, true), seg(7, 4, false), 0},
	} {
		if got := distance(c.x, c.y); got != c.want {
			t.Errorf("distance(%v, %v) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
	// Sums of two distances that DKPro's testDistanceMetric1 asserts.
	if got := distance(seg(2, 3, false), seg(2, 2, true)) + distance(seg(5, 6, true), seg(4, 7, false)); got != 40 {
		t.Errorf("first pair sum = %v, want 40", got)
	}
	if got := distance(seg(3, 2, false), seg(3, 2, true)) + distance(seg(5, 6, true), seg(5, 6, false)); got != 40 {
		t.Errorf("second pair sum = %v, want 40", got)
	}
}

// example1995 is Krippendorff's (1995: p. 57) example of four pairs of
// coders A-D on a continuum of 24, as DKPro's Krippendorff1995Test.
// createExample encodes it, stretched by a factor (the 1995 coefficient is
// continuous; stretching makes the discrete 2004 one approach it).
func example1995(stretch float64) []u {
	raw := []u{
		{2, 8, 0, "A"}, {14, 6, 0, "A"}, {4, 4, 1, "A"}, {15, 2, 1, "A"},
		{0, 18, 0, "B"}, {0, 2, 1, "B"}, {2, 1, 1, "B"}, {3, 1, 1, "B"}, {4, 1, 1, "B"},
		{5, 1, 1, "B"}, {6, 3, 1, "B"}, {9, 1, 1, "B"},
		{2, 6, 0, "C"}, {10, 2, 0, "C"}, {14, 4, 0, "C"}, {20, 2, 0, "C"},
		{0, 2, 1, "C"}, {4, 4, 1, "C"}, {10, 4, 1, "C"}, {16, 2, 1, "C"}, {20, 2, 1, "C"},
		{0, 2, 0, "D"}, {2, 8, 0, "D"}, {10, 4, 0, "D"}, {14, 6, 0, "D"}, {20, 4, 0, "D"},
		{0, 4, 1, "D"}, {4, 4, 1, "D"}, {8, 7, 1, "D"}, {15, 2, 1, "D"}, {17, 7, 1, "D"},
	}
	for i := range raw {
		// Truncating like DKPro's (int) casts; only category C is used at
		// the fractional stretch, and its offsets and lengths are even.
		raw[i].off = int(float64(raw[i].off) * stretch)
		raw[i].n = int(float64(raw[i].n) * stretch)
	}
	return raw
}

// TestKrippendorff1995 asserts DKPro's Krippendorff1995Test.testAgreement and
// testVaryingLengths: the observed disagreements to five decimals (exact at
// any stretch), and the expected disagreements and alphas of the 1995 paper
// with DKPro's tolerances (0.005 and 0.02: DKPro notes a small error in the
// 1995 paper's D_e, and the 2004 coefficient is discrete).
func TestKrippendorff1995(t *testing.T) {
	spans := spansOf(example1995(1))
	for cat, want := range map[string]float64{"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715} {
		do, _ := catDisagreements(24, 2, spans, cat)
		near(t, "D_o("+cat+")", do, want, 0.00001)
	}
	const stretch = 1200000 / 24
	spans = spansOf(example1995(stretch))
	for _, c := range []struct {
		cat       string
		de, alpha float64
	}{{"A", 0.06990, 0.553}, {"B", 1.17731, -0.926}, {"C", 0.08642, 0.679}, {"D", 0.41445, 0.066}} {
		do, de := catDisagreements(24*stretch, 2, spans, c.cat)
		near(t, "stretched D_o("+c.cat+")", do, map[string]float64{"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715}[c.cat], 0.00001)
		near(t, "D_e("+c.cat+")", de, c.de, 0.005)
		near(t, "alpha_u("+c.cat+")", alphaOf(t, AlphaU(24*stretch, names[:2], spans, c.cat)), c.alpha, 0.02)
	}
	// testVaryingLengths: category C at growing stretches (L = 12 is a
	// stretch of one half, where DKPro asserts D_e to five decimals).
	for _, c := range []struct {
		length    int
		de, deTol float64
		alpha     float64
	}{
		{12, 0.05494, 0.00001, 0.494},
		{120, 0.08234, 0.005, 0.663},
		{1200, 0.08600, 0.005, 0.677},
		{12000, 0.08638, 0.005, 0.678},
		{120000, 0.08642, 0.005, 0.679},
		{1200000, 0.08642, 0.005, 0.679},
	} {
		s := spansOf(example1995(float64(c.length) / 24))
		do, de := catDisagreements(c.length, 2, s, "C")
		near(t, "D_o(C)", do, 0.02777, 0.00001)
		near(t, "D_e(C)", de, c.de, c.deTol)
		near(t, "alpha_u(C)", alphaOf(t, AlphaU(c.length, names[:2], s, "C")), c.alpha, 0.02)
	}
}

// TestDKProUnitizingAgreement asserts DKPro's UnitizingAgreementTest: its
// example (r0 marks 1..9, r1 marks 2, 4 and 6 on a continuum of 10), a single
// unit among three coders (alpha 0), and a point beside agreeing units
// (alpha 1). DKPro's studies of only zero-length units give 0 there; here
// they are undefined, since points are left out of alpha_u.
func TestDKProUnitizingAgreement(t *testing.T) {
	spans := spansOf([]u{{1, 8, 0, "A"}, {2, 1, 1, "A"}, {4, 1, 1, "A"}, {6, 1, 1, "A"}})
	do, de := catDisagreements(10, 2, spans, "A")
	near(t, "D_o(A)", do, 0.9100, 0.0001)
	near(t, "D_e(A)", de, 0.5351, 0.0001)
	near(t, "alpha_u(A)", alphaOf(t, AlphaU(10, names[:2], spans, "A")), -0.7003, 0.0001)

	single := spansOf([]u{{0, 1, 0, "X"}})
	near(t, "single unit", alphaOf(t, AlphaU(20, names[:3], single, "")), 0.0, 1e-12)

	mixed := spansOf([]u{{0, 0, 0, "A"}, {2, 5, 0, "A"}, {2, 5, 1, "A"}})
	near(t, "point beside agreeing units", alphaOf(t, AlphaU(15, names[:2], mixed, "")), 1.0, 0.001)

	for _, points := range [][]u{{{0, 0, 0, "A"}, {0, 0, 1, "B"}}, {{0, 0, 0, "A"}, {0, 0, 1, "A"}}} {
		if f := AlphaU(15, names[:2], spansOf(points), ""); f.Defined {
			t.Errorf("points only: got %v, want undefined", f)
		}
	}
	if f := AlphaU(20, names[:3], nil, ""); f.Defined {
		t.Errorf("no annotations: got %v, want undefined", f)
	}
}
