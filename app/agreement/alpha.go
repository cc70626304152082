package agreement

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// Span is one coder's annotation on one readout: code points over the
// readout text, End exclusive; Start == End is an omission point.
type Span struct {
	Coder, Cat, ID string
	Start, End     int
}

// IsPoint reports whether s is a zero-length omission point.
func (s Span) IsPoint() bool { return s.Start == s.End }

// Figure is a number that may be undefined. Value is meaningful only when
// Defined; Why says in plain words why a figure is undefined.
type Figure struct {
	Value   float64
	Defined bool
	Why     string
}

// String gives the value with three decimals, or "undefined".
func (f Figure) String() string {
	if !f.Defined {
		return "undefined"
	}
	return fmt.Sprintf("%.3f", f.Value)
}

func defined(v float64) Figure {
	// The formulas below never divide by zero once their guards pass; this
	// is the last line that keeps NaN or Inf from ever being shown.
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return Figure{Why: "the computation did not give a finite number"}
	}
	return Figure{Value: v, Defined: true}
}

func undefined(why string) Figure { return Figure{Why: why} }

// unit is one unit or gap of a coder's partition of the continuum for one
// category: [b, e), gap when !marked.
type unit struct {
	b, e   int
	marked bool
}

// AlphaU is Krippendorff's unitizing alpha over a readout of length code
// points for the given coders; cat "" combines all categories the way DKPro
// Agreement does. See the package doc for the definition and the choices.
func AlphaU(length int, coders []string, spans []Span, cat string) Figure {
	m := distinct(coders)
	if len(m) < 2 {
		return undefined("fewer than two coders")
	}
	if length <= 0 {
		return undefined("the text is empty")
	}
	units := unitsByCat(length, m, spans)
	var cats []string
	if cat == "" {
		for c := range units {
			cats = append(cats, c)
		}
		slices.Sort(cats)
		if len(cats) == 0 {
			return undefined("no coder marked any stretch of text")
		}
	} else {
		if _, ok := units[cat]; !ok {
			return undefined(fmt.Sprintf("no coder marked any stretch of text as %s (points do not count)", cat))
		}
		cats = []string{cat}
	}
	var do, de float64
	for _, c := range cats {
		o, e := disagreements(length, units[c])
		do += o
		de += e
	}
	if !(de > 0) {
		return undefined("nothing to compare against: the expected disagreement is zero")
	}
	return defined(1 - do/de)
}

// distinct returns coders without repeats and without empty names, in order.
func distinct(coders []string) []string {
	seen := make(map[string]bool, len(coders))
	var out []string
	for _, c := range coders {
		if c == "" || seen[c] {
			continue
		}
		seen[c] = true
		out = append(out, c)
	}
	return out
}

// unitsByCat builds, per category that has a unit of positive length, each
// coder's partition of [0, length) into units and gaps (indexed like coders).
func unitsByCat(length int, coders []string, spans []Span) map[string][][]unit {
	idx := make(map[string]int, len(coders))
	for i, c := range coders {
		idx[c] = i
	}
	raw := map[string][][]unit{}
	for _, s := range spans {
		i, ok := idx[s.Coder]
		if !ok || s.Cat == "" {
			continue
		}
		b, e := max(s.Start, 0), min(s.End, length)
		if e <= b { // points, reversed and out-of-range spans carry no length
			continue
		}
		if raw[s.Cat] == nil {
			raw[s.Cat] = make([][]unit, len(coders))
		}
		raw[s.Cat][i] = append(raw[s.Cat][i], unit{b, e, true})
	}
	for c, per := range raw {
		for i, us := range per {
			per[i] = partition(length, us)
		}
		raw[c] = per
	}
	return raw
}

// partition drops overlapping units the way INCEpTION does before it hands
// them to DKPro (alpha_u assumes a coder's units of one category do not
// overlap): in order of start, longer first, a unit is dropped when it
// overlaps any earlier unit of the coder, kept or dropped. It then fills the
// gaps between the kept units.
func partition(length int, us []unit) []unit {
	sort.Slice(us, func(a, b int) bool {
		if us[a].b != us[b].b {
			return us[a].b < us[b].b
		}
		return us[a].e > us[b].e
	})
	var merged []unit
	reach := 0 // the furthest end of all units seen so far
	for k, u := range us {
		if k > 0 && u.b < reach {
			reach = max(reach, u.e)
			continue
		}
		reach = max(reach, u.e)
		merged = append(merged, u)
	}
	out := make([]unit, 0, 2*len(merged)+1)
	pos := 0
	for _, u := range merged {
		if u.b > pos {
			out = append(out, unit{pos, u.b, false})
		}
		out = append(out, u)
		pos = u.e
	}
	if pos < length {
		out = append(out, unit{pos, length, false})
	}
	return out
}

// disagreements returns the observed and expected disagreement of one
// category (Krippendorff 2004, as in DKPro's KrippendorffAlphaUnitizing-
// Agreement): parts[i] is coder i's partition of [0, length).
func disagreements(length int, parts [][]unit) (do, de float64) {
	m := len(parts)
	L := float64(length)
	// Observed: every pair of coders, every pair of their segments that
	// intersect. A two-pointer walk visits each such pair once, so the cost
	// is linear in the number of segments, not in the text length.
	var sum float64
	for i := 0; i < m; i++ {
		for j := i + 1; j < m; j++ {
			sum += pairDistance(parts[i], parts[j])
		}
	}
	do = 2 * sum / (float64(m) * float64(m-1) * L * L)

	// Expected: from all units and all gaps of the category.
	var gaps []float64
	var ls []float64
	for _, p := range parts {
		for _, u := range p {
			if u.marked {
				ls = append(ls, float64(u.e-u.b))
			} else {
				gaps = append(gaps, float64(u.e-u.b))
			}
		}
	}
	slices.Sort(gaps)
	// suffix[k] = sum of gaps[k:], so the gaps at least l long are a suffix.
	suffix := make([]float64, len(gaps)+1)
	for k := len(gaps) - 1; k >= 0; k-- {
		suffix[k] = suffix[k+1] + gaps[k]
	}
	n := float64(len(ls))
	var num, sq float64
	for _, l := range ls {
		k := sort.SearchFloat64s(gaps, l) // first gap >= l
		cnt := float64(len(gaps) - k)
		// sum over gaps g >= l of (g - l + 1): the positions at which a
		// unit of length l fits inside the gap.
		fits := suffix[k] - (l-1)*cnt
		num += (n-1)*(2*l*l*l-3*l*l+l)/3 + l*l*fits
		sq += l * (l - 1)
	}
	mL := float64(m) * L
	de = 2 / L * num / (mL*(mL-1) - sq)
	return do, de
}

// pairDistance sums Krippendorff's squared distance over all intersecting
// segment pairs of two coders' partitions.
func pairDistance(a, b []unit) float64 {
	var sum float64
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		sum += distance(a[i], b[j])
		switch {
		case a[i].e < b[j].e:
			i++
		case b[j].e < a[i].e:
			j++
		default:
			i++
			j++
		}
	}
	return sum
}

// distance is Krippendorff's (2004) delta squared between two intersecting
// segments: for two units the squared differences of their starts and ends;
// for a unit lying inside the other coder's gap the unit's squared length;
// otherwise zero.
func distance(x, y unit) float64 {
	switch {
	case x.marked && y.marked:
		db, dend := float64(x.b-y.b), float64(x.e-y.e)
		return db*db + dend*dend
	case x.marked && y.b <= x.b && x.e <= y.e:
		l := float64(x.e - x.b)
		return l * l
	case y.marked && x.b <= y.b && y.e <= x.e:
		l := float64(y.e - y.b)
		return l * l
	}
	return 0
}
