// Package renderers holds a reproducible measurement that compares two ways
// to paint annotation highlights on a long readout in headless Chromium:
// segmented <mark> elements and the CSS Custom Highlight API.
//
// The page (renderers.html, renderers.js) does the work; renderers_test.go
// serves it on loopback and drives Chromium with chromedp.
//
//	go test ./bench/renderers/ -run TestRendererCorrectness -v   # assertions, needs chromium
//	FRAMECHECK_BENCH=1 BENCH_JSON=/tmp/renderers.json \
//	    go test ./bench/renderers/ -run TestRenderers -v -timeout 10m   # timings
//
// See RESULTS.md for the figures and the decision.
package renderers
