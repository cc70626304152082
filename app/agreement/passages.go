package agreement

import (
	"cmp"
	"slices"

	"framecheck/app/internal/order"
)

// Passage is a group of spans: spans of positive length that overlap one
// another (transitively), or, when Point, omission points each within the
// tolerance of the next. Start and End bound the group (for a point passage,
// the first and last point's position). Coders counts the distinct coders in
// it, ByCat the distinct coders per category (a coder who used two tags
// counts under both, so the split may add up to more than Coders).
type Passage struct {
	Start, End int
	Point      bool
	Spans      []Span
	Coders     int
	ByCat      map[string]int
}

// Passages groups spans into passages sorted by position (Start, then End;
// a point passage and a span passage with the same bounds keep span first).
// Spans within a passage are sorted by Start, End, Coder. Spans with no
// category or a reversed range are left out.
func Passages(spans []Span, pointTolerance int) []Passage {
	var ranges, points []Span
	for _, s := range spans {
		switch {
		case !ok(s, ""):
		case s.IsPoint():
			points = append(points, s)
		default:
			ranges = append(ranges, s)
		}
	}
	byPos := func(x, y Span) int {
		// Positions first and cheaply; strings only to break ties, so the
		// order is the same whatever order the spans came in.
		if c := cmp.Compare(x.Start, y.Start); c != 0 {
			return c
		}
		if c := cmp.Compare(x.End, y.End); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(x.Coder, y.Coder), cmp.Compare(x.Cat, y.Cat), cmp.Compare(x.ID, y.ID))
	}
	order.Func(ranges, byPos)
	order.Func(points, byPos)
	var out []Passage
	for i := 0; i < len(ranges); {
		j, end := i+1, ranges[i].End
		for j < len(ranges) && ranges[j].Start < end {
			end = max(end, ranges[j].End)
			j++
		}
		out = append(out, passage(ranges[i].Start, end, false, ranges[i:j]))
		i = j
	}
	for i := 0; i < len(points); {
		j := i + 1
		for j < len(points) && points[j].Start-points[j-1].Start <= pointTolerance {
			j++
		}
		out = append(out, passage(points[i].Start, points[j-1].Start, true, points[i:j]))
		i = j
	}
	order.StableFunc(out, func(x, y Passage) int {
		return cmp.Or(cmp.Compare(x.Start, y.Start), cmp.Compare(x.End, y.End))
	})
	return out
}

func passage(start, end int, point bool, spans []Span) Passage {
	p := Passage{Start: start, End: end, Point: point, Spans: slices.Clone(spans), ByCat: map[string]int{}}
	coders := map[string]bool{}
	seen := map[[2]string]bool{}
	for _, s := range spans {
		coders[s.Coder] = true
		if k := [2]string{s.Coder, s.Cat}; !seen[k] {
			seen[k] = true
			p.ByCat[s.Cat]++
		}
	}
	p.Coders = len(coders)
	return p
}

// SortByAgreement orders passages by how many coders found them (most
// first), then by how many of them agree on the commonest tag, then by
// position. It sorts in place and is stable.
func SortByAgreement(ps []Passage) {
	order.StableFunc(ps, func(x, y Passage) int {
		return cmp.Or(cmp.Compare(y.Coders, x.Coders), cmp.Compare(top(y), top(x)),
			cmp.Compare(x.Start, y.Start), cmp.Compare(x.End, y.End))
	})
}

// top is the number of coders behind the passage's commonest tag.
func top(p Passage) int {
	n := 0
	for _, c := range p.ByCat {
		n = max(n, c)
	}
	return n
}
