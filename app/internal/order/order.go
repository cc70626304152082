// Package order sorts slices through the sort package's one non-generic
// implementation. Each slices.SortFunc over a new struct element type makes
// the compiler stencil a whole pdqsort (about 17 KiB of wasm) for that shape;
// here each element type costs three small methods. sort and slices are
// generated from the same template (sort/gen_sort_variants.go), so the
// comparisons made and the resulting order are the same as slices.SortFunc's
// and slices.SortStableFunc's, ties included.
package order

import "sort"

// Func sorts s by cmp like slices.SortFunc (not stable).
func Func[S ~[]E, E any](s S, cmp func(a, b E) int) {
	sort.Sort(&by[E]{s, cmp})
}

// StableFunc sorts s by cmp like slices.SortStableFunc.
func StableFunc[S ~[]E, E any](s S, cmp func(a, b E) int) {
	sort.Stable(&by[E]{s, cmp})
}

type by[E any] struct {
	s   []E
	cmp func(a, b E) int
}

func (b *by[E]) Len() int           { return len(b.s) }
func (b *by[E]) Less(i, j int) bool { return b.cmp(b.s[i], b.s[j]) < 0 }
func (b *by[E]) Swap(i, j int)      { b.s[i], b.s[j] = b.s[j], b.s[i] }
