package loadbench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

const (
	clients     = 200
	badRequests = 2000
	badWorkers  = 20
	rssEvery    = 100 * time.Millisecond
)

// server runs bin/framecheck on a free loopback port (without the access
// log: 200 clients would make this a benchmark of log writing).
type server struct {
	cmd  *exec.Cmd
	base string
	done chan error
}

func startServer(t *testing.T, root string) *server {
	t.Helper()
	bin := filepath.Join(root, "bin", "framecheck")
	for _, f := range []string{bin, filepath.Join(root, "web", "app.wasm.br")} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("%s is missing: run make build first (make bench does)", f)
		}
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-web", filepath.Join(root, "web"), "-access-log=false")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, done: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`serving .* on (http://127\.0\.0\.1:\d+)/`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		s.done <- cmd.Wait()
	}()
	select {
	case s.base = <-addr:
	case err := <-s.done:
		t.Fatalf("bin/framecheck exited at start: %v", err)
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("bin/framecheck did not say where it serves within 60 s")
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-s.done:
			if err != nil {
				t.Errorf("bin/framecheck did not exit cleanly on SIGTERM: %v", err)
			}
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Error("bin/framecheck did not exit within 20 s of SIGTERM")
		}
	})
	return s
}

// rssKiB reads VmRSS of a process from /proc.
func rssKiB(pid int) (int, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
}

type sample struct {
	at  time.Duration
	kib int
}

// errs keeps a count and the first few messages.
type errs struct {
	mu    sync.Mutex
	n     int
	first []string
}

func (e *errs) add(format string, args ...any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.n++
	if len(e.first) < 10 {
		e.first = append(e.first, fmt.Sprintf(format, args...))
	}
}

// latencies collects durations per kind.
type latencies struct {
	mu sync.Mutex
	by map[string][]time.Duration
}

func (l *latencies) add(kind string, d time.Duration) {
	l.mu.Lock()
	l.by[kind] = append(l.by[kind], d)
	l.mu.Unlock()
}

func pct(s []time.Duration, p float64) time.Duration {
	if len(s) == 0 {
		return 0
	}
	return s[max(0, int(math.Ceil(p*float64(len(s))))-1)]
}

// fetch does one GET with Accept-Encoding: br and reads the whole body. It
// checks the status, the coding and that the body has the announced length.
func fetch(ctx context.Context, c *http.Client, url string, wantBr bool) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Accept-Encoding", "br, gzip")
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil {
		return n, fmt.Errorf("reading the body after %d bytes: %w", n, err)
	}
	if resp.StatusCode != http.StatusOK {
		return n, fmt.Errorf("status %d", resp.StatusCode)
	}
	if wantBr && resp.Header.Get("Content-Encoding") != "br" {
		return n, fmt.Errorf("Content-Encoding %q, want br", resp.Header.Get("Content-Encoding"))
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return n, fmt.Errorf("body %d bytes, Content-Length %d", n, resp.ContentLength)
	}
	return n, nil
}

// badRequest is one request the server must refuse cleanly (4xx) or answer
// with the page (go-app's routes answer any other path), never 5xx.
type badRequest struct{ method, path string }

var bad = []badRequest{
	{"POST", "/"}, {"PUT", "/web/app.wasm"}, {"DELETE", "/web/framecheck.css"}, {"PATCH", "/"},
	{"OPTIONS", "/"}, {"TRACE", "/"}, {"BREW", "/"}, {"POST", "/web/../server.go"},
	{"GET", "/web/../server.go"}, {"GET", "/web/%2e%2e/server.go"}, {"GET", "/web/..%2fgo.mod"},
	{"GET", "/web/nope.js"}, {"GET", "/web/"}, {"GET", "/web"}, {"GET", "/web//app.wasm"},
	{"GET", "/web/app.wasm.br"}, {"GET", "/web/app.wasm/"}, {"GET", "/web/.hidden"},
	{"GET", "/web/a%5Cb"}, {"GET", "/web/a%00b"}, {"GET", "/web/c:x"}, {"GET", "/web/%ff%fe"},
	{"GET", "/" + strings.Repeat("a", 8000)}, {"GET", "/web/" + strings.Repeat("x/", 2000)},
	{"HEAD", "/web/../../etc/passwd"}, {"GET", "/robots.txt"}, {"GET", "/no/such/route?x=" + strings.Repeat("q", 1000)},
}

func TestLoad(t *testing.T) {
	if os.Getenv("FRAMECHECK_BENCH") != "1" {
		t.Skip("benchmark: set FRAMECHECK_BENCH=1 (make bench) to run it")
	}
	seconds := 20
	if v := os.Getenv("FRAMECHECK_LOAD_SECONDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 2 {
			t.Fatalf("FRAMECHECK_LOAD_SECONDS=%q: want a whole number of seconds, at least 2", v)
		}
		seconds = n
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, root)
	pid := srv.cmd.Process.Pid
	idle, err := rssKiB(pid)
	if err != nil {
		t.Fatal(err)
	}

	// RSS every 100 ms from the start of the load to the end.
	start := time.Now()
	var samples []sample
	var smu sync.Mutex
	stopRSS := make(chan struct{})
	rssDone := make(chan struct{})
	go func() {
		defer close(rssDone)
		tick := time.NewTicker(rssEvery)
		defer tick.Stop()
		for {
			select {
			case <-stopRSS:
				return
			case <-tick.C:
				if k, err := rssKiB(pid); err == nil {
					smu.Lock()
					samples = append(samples, sample{time.Since(start), k})
					smu.Unlock()
				}
			}
		}
	}()

	// Phase 1: 200 keep-alive clients, each its own connection, page then
	// app.wasm, over and over.
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(seconds)*time.Second)
	lat := &latencies{by: map[string][]time.Duration{}}
	var fails errs
	var bytesIn, conns atomic.Int64
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			tr := &http.Transport{
				DisableCompression:  true, // Accept-Encoding is ours; bodies stay encoded
				MaxIdleConnsPerHost: 1,
				MaxConnsPerHost:     1,
				IdleConnTimeout:     time.Minute,
			}
			defer tr.CloseIdleConnections()
			c := &http.Client{Transport: tr}
			conns.Add(1)
			for ctx.Err() == nil {
				for _, r := range []struct {
					kind, path string
					br         bool
				}{{"page", "/", false}, {"app.wasm (br)", "/web/app.wasm", true}} {
					t0 := time.Now()
					n, err := fetch(ctx, c, srv.base+r.path, r.br)
					if ctx.Err() != nil {
						return // the phase ended during this request
					}
					if err != nil {
						fails.add("GET %s: %v", r.path, err)
						continue
					}
					lat.add(r.kind, time.Since(t0))
					bytesIn.Add(n)
				}
			}
		})
	}
	wg.Wait()
	cancel()
	loadEnd := time.Since(start)

	// Phase 2: 2,000 bad requests from 20 workers.
	badStart := time.Now()
	statuses := map[int]int{}
	var stmu sync.Mutex
	next := atomic.Int64{}
	for range badWorkers {
		wg.Go(func() {
			c := &http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: 30 * time.Second}
			for {
				i := next.Add(1) - 1
				if i >= badRequests {
					return
				}
				b := bad[int(i)%len(bad)]
				req, err := http.NewRequest(b.method, srv.base+"/", nil)
				if err != nil {
					t.Fatal(err)
				}
				req.URL.Opaque = b.path // sent as written, not cleaned
				if b.method != "GET" && b.method != "HEAD" {
					req.Body = io.NopCloser(strings.NewReader("framecheck load test body"))
					req.ContentLength = 25
				}
				t0 := time.Now()
				resp, err := c.Do(req)
				if err != nil {
					fails.add("%s %.60s: %v", b.method, b.path, err)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				lat.add("bad path or method", time.Since(t0))
				stmu.Lock()
				statuses[resp.StatusCode]++
				stmu.Unlock()
				if resp.StatusCode >= 500 {
					fails.add("%s %.60s: status %d", b.method, b.path, resp.StatusCode)
				}
			}
		})
	}
	wg.Wait()
	badTook := time.Since(badStart)
	// Still serving after all that.
	if _, err := fetch(context.Background(), &http.Client{Transport: &http.Transport{DisableCompression: true}}, srv.base+"/web/app.wasm", true); err != nil {
		fails.add("GET /web/app.wasm after the bad requests: %v", err)
	}
	close(stopRSS)
	<-rssDone
	final, _ := rssKiB(pid)

	// Report.
	var b strings.Builder
	fmt.Fprintf(&b, "bin/framecheck on 127.0.0.1, %d CPUs (%s), %s\n", runtime.NumCPU(), cpuModel(), runtime.Version())
	fmt.Fprintf(&b, "load: %d keep-alive clients (%d connections), page then app.wasm (brotli), %.1f s; received %.0f MiB (%.0f MiB/s)\n",
		clients, conns.Load(), loadEnd.Seconds(), float64(bytesIn.Load())/(1<<20), float64(bytesIn.Load())/(1<<20)/loadEnd.Seconds())
	fmt.Fprintf(&b, "%-22s %8s %9s %9s %9s %9s\n", "requests", "n", "p50", "p99", "max", "req/s")
	for _, kind := range []string{"page", "app.wasm (br)", "bad path or method"} {
		s := slices.Clone(lat.by[kind])
		slices.Sort(s)
		took := loadEnd
		if kind == "bad path or method" {
			took = badTook
		}
		var mx time.Duration
		if len(s) > 0 {
			mx = s[len(s)-1]
		}
		fmt.Fprintf(&b, "%-22s %8d %9s %9s %9s %9.0f\n", kind, len(s), round(pct(s, 0.5)), round(pct(s, 0.99)), round(mx), float64(len(s))/took.Seconds())
	}
	fmt.Fprintf(&b, "bad requests by status: %v\n", statuses)

	// Memory: the first and the last second of the load phase.
	first, last := window(samples, 0, time.Second), window(samples, loadEnd-time.Second, loadEnd)
	peak := 0
	for _, s := range samples {
		peak = max(peak, s.kib)
	}
	fmt.Fprintf(&b, "server RSS: idle %.1f MiB; first second of load %.1f MiB, last second %.1f MiB (max of each); peak %.1f MiB; after the bad requests %.1f MiB\n",
		mib(idle), mib(first), mib(last), mib(peak), mib(final))
	t.Log("\n" + b.String())

	if fails.n > 0 {
		t.Errorf("%d errors; first ones:\n  %s", fails.n, strings.Join(fails.first, "\n  "))
	}
	if len(lat.by["page"]) == 0 || len(lat.by["app.wasm (br)"]) == 0 {
		t.Error("no successful page or app.wasm request during the load")
	}
	// Flat: a server that keeps something per request or per connection
	// grows with the 20 s of traffic; allow for the heap settling.
	if first == 0 || last == 0 {
		t.Errorf("too few memory samples: %d", len(samples))
	} else if float64(last) > 1.25*float64(first)+16*1024 {
		t.Errorf("server RSS grew during the load: %.1f MiB in the first second, %.1f MiB in the last", mib(first), mib(last))
	}
}

// window is the largest sample taken in [from, to).
func window(s []sample, from, to time.Duration) int {
	m := 0
	for _, x := range s {
		if x.at >= from && x.at < to {
			m = max(m, x.kib)
		}
	}
	return m
}

func mib(kib int) float64 { return float64(kib) / 1024 }

func round(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for line := range strings.Lines(string(data)) {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}
