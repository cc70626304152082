package ui

import (
	"sync"
	"testing"
	"time"
)

func TestEachLimit(t *testing.T) {
	for _, tc := range []struct{ n, limit int }{{0, 8}, {1, 8}, {30, 8}, {5, 1}, {7, 0}} {
		var mu sync.Mutex
		seen := make([]int, tc.n)
		running, most := 0, 0
		eachLimit(tc.n, tc.limit, func(i int) {
			mu.Lock()
			seen[i]++
			running++
			most = max(most, running)
			mu.Unlock()
			time.Sleep(time.Millisecond) // let others start meanwhile
			mu.Lock()
			running--
			mu.Unlock()
		})
		for i, k := range seen {
			if k != 1 {
				t.Errorf("n=%d limit=%d: fn(%d) called %d times", tc.n, tc.limit, i, k)
			}
		}
		if most > max(tc.limit, 1) {
			t.Errorf("n=%d limit=%d: %d at once", tc.n, tc.limit, most)
		}
	}
}
