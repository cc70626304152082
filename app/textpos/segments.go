package textpos

import (
	"cmp"
	"slices"

	"framecheck/app/internal/order"
)

// Span is a half-open range of code points carrying an opaque key (annotation id).
type Span struct {
	Start, End int
	Key        string
}

// Segment is a maximal run of text covered by the same set of spans.
type Segment struct {
	Start, End int
	Keys       []string // Keys in the order of the input spans; nil when uncovered
}

// Segments cuts [0,n) at every span edge; points (Start==End) cut but create no
// empty segment. Segments cover [0,n) exactly, in order.
//
// Span edges are clamped to [0, n]; reversed spans (Start > End) are ignored.
// A key is listed once per span carrying it, so duplicate keys stay visible.
// n <= 0 yields no segments. Cost is O(s log s) for s spans plus the size of
// the output.
func Segments(n int, spans []Span) []Segment {
	if n <= 0 {
		return nil
	}
	type edge struct{ pos, span int }
	opens := make([]edge, 0, len(spans))
	closes := make([]edge, 0, len(spans))
	cuts := make([]int, 0, 2*len(spans)+2)
	cuts = append(cuts, 0, n)
	for i, sp := range spans {
		if sp.Start > sp.End {
			continue
		}
		s, e := min(max(sp.Start, 0), n), min(max(sp.End, 0), n)
		cuts = append(cuts, s, e)
		if s < e {
			opens = append(opens, edge{s, i})
			closes = append(closes, edge{e, i})
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	byPos := func(a, b edge) int { return cmp.Compare(a.pos, b.pos) }
	order.Func(opens, byPos)
	order.Func(closes, byPos)

	// Sweep the cuts left to right. active holds the indexes of the spans
	// covering the current segment, sorted, so keys come out in input order;
	// keeping it sorted costs no more than copying it into the output.
	segs := make([]Segment, 0, len(cuts)-1)
	var active []int
	// One exactly sized backing array for all Keys: a span appears in as many
	// segments as there are cuts in its range. Growing the array instead
	// costs more than the whole sweep.
	total := 0
	for _, o := range opens {
		i, _ := slices.BinarySearch(cuts, o.pos)
		j, _ := slices.BinarySearch(cuts[i:], min(max(spans[o.span].End, 0), n))
		total += j
	}
	pool := make([]string, 0, total)
	oi, ci := 0, 0
	for j := 0; j+1 < len(cuts); j++ {
		c := cuts[j]
		for ; ci < len(closes) && closes[ci].pos == c; ci++ {
			if k, ok := slices.BinarySearch(active, closes[ci].span); ok {
				active = slices.Delete(active, k, k+1)
			}
		}
		for ; oi < len(opens) && opens[oi].pos == c; oi++ {
			k, _ := slices.BinarySearch(active, opens[oi].span)
			active = slices.Insert(active, k, opens[oi].span)
		}
		seg := Segment{Start: c, End: cuts[j+1]}
		if len(active) > 0 {
			from := len(pool)
			for _, i := range active {
				pool = append(pool, spans[i].Key)
			}
			// Full slice expression: an append by the caller must not
			// overwrite the next segment's keys.
			seg.Keys = pool[from:len(pool):len(pool)]
		}
		segs = append(segs, seg)
	}
	return segs
}
