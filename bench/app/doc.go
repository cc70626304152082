// Package appbench measures framecheck in headless Chromium: bundle size,
// cold and warm load against a go-app hello world (the floor), a long
// readout, annotate and delete latency (Event Timing), export and import of
// 10,000 annotations, and memory. It is a benchmark, not a test: the figures
// are printed and written as JSON, never compared with a target.
//
//	make bench                 # builds, then runs it (and the native benchmarks)
//	FRAMECHECK_BENCH=1 BENCH_JSON=out.json go test ./bench/app/ -run '^TestBench$' -v -timeout 20m
//
// Without FRAMECHECK_BENCH=1, TestBench skips at once.
package appbench
