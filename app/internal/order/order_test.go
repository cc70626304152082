package order

import (
	"math/rand/v2"
	"slices"
	"testing"
)

type rec struct {
	key, seq int
}

// The order must be slices' own, ties included: callers were switched from
// slices.SortFunc and slices.SortStableFunc without changing what they get.
func TestSameOrderAsSlices(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	byKey := func(a, b rec) int { return a.key - b.key }
	for _, n := range []int{0, 1, 2, 5, 12, 13, 20, 21, 50, 100, 1000, 5000} {
		for _, keys := range []int{1, 3, n + 1} {
			in := make([]rec, n)
			for i := range in {
				in[i] = rec{r.IntN(keys), i}
			}
			want, got := slices.Clone(in), slices.Clone(in)
			slices.SortFunc(want, byKey)
			Func(got, byKey)
			if !slices.Equal(got, want) {
				t.Fatalf("Func, n=%d keys=%d: order differs from slices.SortFunc", n, keys)
			}
			want, got = slices.Clone(in), slices.Clone(in)
			slices.SortStableFunc(want, byKey)
			StableFunc(got, byKey)
			if !slices.Equal(got, want) {
				t.Fatalf("StableFunc, n=%d keys=%d: order differs from slices.SortStableFunc", n, keys)
			}
		}
	}
}
