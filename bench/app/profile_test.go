package appbench

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// TestProfile (FRAMECHECK_PROFILE=1, after make build) is the profiling
// companion of TestBench: it builds app.wasm without -s -w (so the wasm
// keeps its function names), serves it from a copy of web/, and records a
// V8 CPU profile (which samples wasm too) of each slow path the benchmark
// times: opening the long readout, opening the 10k import as a new
// workspace, exporting it, a cold start, and the rounds of adding and
// deleting a span on the long readout. It prints the functions with
// the most self time and the most total time, so a regression can be
// traced to its code. Figures only, never pass/fail.
func TestProfile(t *testing.T) {
	mode := os.Getenv("FRAMECHECK_PROFILE")
	if mode != "1" && mode != "trace" {
		t.Skip("profiling: set FRAMECHECK_PROFILE=1 (CPU profiles and a trace of the main thread) or =trace (the trace alone, without the profiler's overhead), after make build")
	}
	chromium := findChromium()
	if chromium == "" {
		t.Fatal("Chromium not found")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(root, "bin", "framecheck")
	web := filepath.Join(root, "web")
	dir := buildFloor(t, root, web, bin) // a copy of web/ with the floor's wasm, replaced below
	cmd := exec.Command(goTool(), "build", "-trimpath", "-o", filepath.Join(dir, "app.wasm"), "./wasm")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building app.wasm with symbols: %v\n%s", err, out)
	}
	for _, f := range []string{"app.wasm.br", "app.wasm.gz"} {
		os.Remove(filepath.Join(dir, f))
	}
	if out, err := exec.Command(bin, "-web", dir, "-precompress").CombinedOutput(); err != nil {
		t.Fatalf("precompressing: %v\n%s", err, out)
	}
	srv := startServer(t, bin, dir)

	long := genWorkspace(t, 'a', "Long readout", 7, 100_000, 2_000)
	big := genWorkspace(t, 'c', "Ten thousand", 11, 100_000, 10_000)

	tb := newTab(t, chromium, instrumentation(`main.fc-shell[data-ready="1"]`, ""))
	defer tb.close()
	if mode == "1" {
		tb.do(30*time.Second, "enable the profiler", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			if _, err := cdp.Call(ctx, tg, profiler.Enable, cdp.Empty{}); err != nil {
				return err
			}
			_, err := cdp.Call(ctx, tg, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 200}) // µs
			return err
		}))
	}

	// Cold start: navigation -> ready (profiled from before the navigation).
	startProfile(t, tb)
	tb.navigate(srv.url + "/")
	tb.waitJS("the app to be ready", `document.querySelector('main.fc-shell[data-ready="1"]')`, 120*time.Second)
	ready := eval[float64](tb, 10*time.Second, `performance.now()`)
	stopProfile(t, tb, fmt.Sprintf("cold start (ready at %.0f ms)", ready))
	sampleID := eval[string](tb, 10*time.Second, `localStorage.getItem('framecheck.current')`)
	injectIDB(t, tb, long)

	// Open the long readout, twice: the first open in a page also pays for
	// what runs for the first time.
	tb.click(`button[data-action="workspaces"]`)
	var tr *tracer
	for _, which := range []string{"first", "second"} {
		row := long.openRow()
		tb.waitJS("the long workspace in the list", fmt.Sprintf(`document.querySelector(%q)`, row), 30*time.Second)
		startProfile(t, tb)
		tr = startTrace(t, tb)
		tb.click(row)
		p := eval[[]float64](tb, 70*time.Second, fmt.Sprintf(`Promise.all([__fcb.until(%s, 60000), __fcb.until(() => __fcb.listShows(%d), 60000)])`,
			long.painted(), len(long.WS.Annotations)))
		d := eval[float64](tb, 10*time.Second, `__fcb.downs[__fcb.downs.length - 1]`)
		stopProfile(t, tb, fmt.Sprintf("open the long readout, %s time (painted %.0f ms, list %.0f ms)", which, p[0]-d, p[1]-d))
		traceSummary(t, tb, tr)
		row = fmt.Sprintf(`[data-workspace-row=%q] button[data-action="open-workspace"]`, sampleID)
		tb.waitJS("the sample in the list", fmt.Sprintf(`document.querySelector(%q)`, row), 30*time.Second)
		tb.click(row)
		tb.waitJS("the sample to open", fmt.Sprintf(`!document.querySelector('[data-readout-id=%q]') && document.querySelector('[data-readout-id]')`, long.ReadoutID), 60*time.Second)
		time.Sleep(300 * time.Millisecond)
	}

	// Import the 10k file: validation, then Open as a new workspace.
	file := filepath.Join(t.TempDir(), "ten-thousand.framecheck.json")
	if err := os.WriteFile(file, big.JSON, 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	startProfile(t, tb)
	tb.do(60*time.Second, "choose the file", chromedp.SetUploadFiles(chromedp.CSS(`input[name="import-file"]`), []string{file}))
	eval[float64](tb, 130*time.Second, `__fcb.until(() => document.querySelector('[data-import-summary]'), 120000)`)
	stopProfile(t, tb, "import: file chosen -> summary")
	startProfile(t, tb)
	tr = startTrace(t, tb)
	tb.click(`button[data-action="import-new"]`)
	r := eval[[]float64](tb, 190*time.Second, fmt.Sprintf(`Promise.all([__fcb.until(() => __fcb.highlightCount() === %d, 180000), __fcb.until(() => __fcb.listShows(%d), 180000)])`, big.Spans, len(big.WS.Annotations)))
	d := eval[float64](tb, 10*time.Second, `__fcb.downs[__fcb.downs.length - 1]`)
	stopProfile(t, tb, fmt.Sprintf("import: Open as new (painted %.0f ms, list %.0f ms)", r[0]-d, r[1]-d))
	traceSummary(t, tb, tr)
	// Let the save that follows finish, then export.
	time.Sleep(2 * time.Second)
	nd := eval[int](tb, 10*time.Second, `__fcb.downloads.length`)
	startProfile(t, tb)
	tr = startTrace(t, tb)
	tb.click(`button[data-action="export-json"]`)
	tb.waitJS("the download", fmt.Sprintf(`__fcb.downloads.length > %d`, nd), 60*time.Second)
	time.Sleep(300 * time.Millisecond)
	blob := eval[float64](tb, 10*time.Second, fmt.Sprintf(`__fcb.downloads[%d] - __fcb.downs[__fcb.downs.length - 1]`, nd))
	stopProfile(t, tb, fmt.Sprintf("export 10k (Blob after %.0f ms)", blob))
	traceSummary(t, tb, tr)

	// Annotate and delete on the long readout, as TestBench does (reopened
	// and reloaded as there, so no panel is open; settled rounds, then
	// rounds that press Delete right after the add's paint): what runs
	// around the keys, including go-app's render once keys pause.
	openAsCurrent(tb, long)
	tb.navigate(srv.url + "/")
	eval[float64](tb, 130*time.Second, fmt.Sprintf(`__fcb.until(%s, 120000)`, long.painted()))
	time.Sleep(time.Second)
	var rep Report
	startProfile(t, tb)
	measureInteractions(t, tb, &rep, long, time.Now())
	ra := rep.DeleteRightAfter
	stopProfile(t, tb, fmt.Sprintf("annotate and delete, %d settled rounds (add key -> painted median/p95 %.0f/%.0f ms, delete %.0f/%.0f) and %d with Delete right after the add (%.0f/%.0f; input delay p95 %.0f)",
		rep.Annotate.Count, rep.Annotate.KeyToPaint.Median, rep.Annotate.KeyToPaint.P95, rep.Delete.KeyToPaint.Median, rep.Delete.KeyToPaint.P95,
		ra.Count, ra.KeyToPaint.Median, ra.KeyToPaint.P95, ra.Delay.P95))
	t.Logf("main thread per interaction, last 20 rounds (trace): %v", rep.Profile)
}

func startProfile(t *testing.T, tb *tab) {
	t.Helper()
	if os.Getenv("FRAMECHECK_PROFILE") == "trace" {
		return
	}
	tb.do(30*time.Second, "start the profiler", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, profiler.Start, cdp.Empty{})
		return err
	}))
}

// stopProfile stops the profiler and logs the top functions by self and
// by total time. Idle time is left out.
func stopProfile(t *testing.T, tb *tab, title string) {
	t.Helper()
	if os.Getenv("FRAMECHECK_PROFILE") == "trace" {
		t.Logf("=== %s", title)
		return
	}
	var prof *profiler.Profile
	tb.do(60*time.Second, "stop the profiler", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		r, err := cdp.Call(ctx, tg, profiler.Stop, cdp.Empty{})
		if err == nil {
			prof = r.Profile
		}
		return err
	}))
	if d := os.Getenv("FRAMECHECK_PROFILE_DIR"); d != "" {
		if b, err := json.Marshal(prof); err == nil {
			name := strings.Map(func(r rune) rune {
				if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
					return r
				}
				return '-'
			}, strings.ToLower(title))
			os.WriteFile(filepath.Join(d, name[:min(len(name), 40)]+".cpuprofile"), b, 0o644)
		}
	}
	self := map[int64]float64{}
	for i, id := range prof.Samples {
		if i < len(prof.TimeDeltas) && i+1 < len(prof.TimeDeltas) {
			self[id] += float64(prof.TimeDeltas[i+1]) / 1000
		}
	}
	parent := map[int64]int64{}
	byID := map[int64]*profiler.ProfileNode{}
	for _, n := range prof.Nodes {
		byID[n.ID] = n
		for _, c := range n.Children {
			parent[c] = n.ID
		}
	}
	name := func(n *profiler.ProfileNode) string {
		f := n.CallFrame.FunctionName
		if f == "" {
			f = "(anonymous)"
		}
		if u := n.CallFrame.URL; u != "" && !strings.HasSuffix(u, ".wasm") && !strings.HasPrefix(f, "(") {
			f += " [" + filepath.Base(u) + "]"
		}
		return f
	}
	selfBy, totalBy := map[string]float64{}, map[string]float64{}
	busy := 0.0
	for id, ms := range self {
		n := byID[id]
		if n == nil || n.CallFrame.FunctionName == "(idle)" {
			continue
		}
		busy += ms
		selfBy[name(n)] += ms
		seen := map[string]bool{}
		for cur, ok := id, true; ok; cur, ok = parent[cur] {
			nm := name(byID[cur])
			if !seen[nm] {
				totalBy[nm] += ms
				seen[nm] = true
			}
		}
	}
	type kv struct {
		k string
		v float64
	}
	top := func(m map[string]float64, n int) []kv {
		var out []kv
		for k, v := range m {
			out = append(out, kv{k, v})
		}
		slices.SortFunc(out, func(a, b kv) int { return cmp.Compare(b.v, a.v) })
		return out[:min(n, len(out))]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n=== %s: %.0f ms busy (not idle) in the profile\n--- self\n", title, busy)
	for _, e := range top(selfBy, 30) {
		fmt.Fprintf(&b, "%8.1f  %s\n", e.v, e.k)
	}
	b.WriteString("--- total\n")
	for _, e := range top(totalBy, 45) {
		fmt.Fprintf(&b, "%8.1f  %s\n", e.v, e.k)
	}
	t.Log(b.String())
}

// traceSummary ends a trace and logs the main thread's time by event name
// (thread time; nested events are counted in each of their ancestors).
func traceSummary(t *testing.T, tb *tab, tr *tracer) {
	if tr == nil {
		return
	}
	perThread := map[[2]int]float64{}
	var evs []traceEvent
	for _, e := range tr.end(t, tb) {
		if e.Ph == "X" {
			evs = append(evs, e)
			if e.Name == "RunTask" {
				perThread[[2]int{e.Pid, e.Tid}] += e.Tdur
			}
		}
	}
	if len(evs) == 0 {
		return
	}
	var main [2]int
	for k, v := range perThread {
		if v > perThread[main] {
			main = k
		}
	}
	by := map[string]float64{}
	for _, e := range evs {
		if e.Pid == main[0] && e.Tid == main[1] {
			by[e.Name] += e.Tdur / 1000
		}
	}
	type kv struct {
		k string
		v float64
	}
	var out []kv
	for k, v := range by {
		out = append(out, kv{k, v})
	}
	slices.SortFunc(out, func(a, b kv) int { return cmp.Compare(b.v, a.v) })
	var b strings.Builder
	b.WriteString("\n--- trace: main thread ms by event (nested events counted in each)\n")
	for _, e := range out[:min(30, len(out))] {
		fmt.Fprintf(&b, "%8.1f  %s\n", e.v, e.k)
	}
	t.Log(b.String())
}
