// Package loadbench puts the real server (bin/framecheck) under load on the
// loopback interface: 200 concurrent keep-alive clients fetch the page and
// app.wasm (brotli) for 20 seconds, then 2,000 requests with bad paths and
// methods follow. It reports latency percentiles and the server's resident
// memory (VmRSS from /proc) over time; it fails on any transport error, any
// 5xx, a wrong body, or memory that keeps growing.
//
//	make bench                 # builds, then runs it with the other benchmarks
//	FRAMECHECK_BENCH=1 go test ./bench/load/ -run '^TestLoad$' -v
//
// Without FRAMECHECK_BENCH=1, TestLoad skips at once. FRAMECHECK_LOAD_SECONDS
// shortens (or lengthens) the load phase, to check the harness.
package loadbench
