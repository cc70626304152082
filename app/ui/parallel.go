package ui

import "sync"

// eachLimit calls fn(i) for every i in [0, n), at most limit at a time, and
// returns when all have returned. Reading a file in the browser waits for
// its promise; reading several at once overlaps those waits.
func eachLimit(n, limit int, fn func(i int)) {
	limit = max(limit, 1)
	var wg sync.WaitGroup
	sem := make(chan struct{}, limit)
	for i := range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			fn(i)
		})
	}
	wg.Wait()
}
