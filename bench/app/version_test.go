package appbench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"

	"framecheck/app/fcjson"
	"framecheck/app/workspace"
)

// versionRuns: new versions added and timed, after one dropped warm-up.
var versionRuns = 12

// versionCase is the long readout, an edited text and what the page must
// show once that text is painted as the new version.
type versionCase struct {
	long    *benchWorkspace
	text    string // the new version: 1% of the words of the long readout replaced
	len16   int    // its UTF-16 length
	spans   int    // placed span annotations after re-anchoring (Highlight ranges)
	ins     int    // inserted passages (fc-diff-ins ranges)
	dels    int    // passages with removed text (removal markers)
	orphans int
}

// newVersionCase builds the case: the benchmark's long readout
// (100,000 code points, 2,000 annotations) and a new version with 1% of its
// words replaced by others from the generator's lists, chosen by seed (each
// run adds a different text, so no run finds the previous run's diff in a
// cache). The expected counts come from the app's own model
// (workspace.AddVersion on the same file), so the page is timed to exactly
// the state the app must reach.
func newVersionCase(t testing.TB, long *benchWorkspace, seed uint64) *versionCase {
	t.Helper()
	old := long.WS.Readouts[0].Text
	rng := rand.New(rand.NewPCG(13, seed))
	words := strings.Split(old, " ")
	pool := append(append([]string{}, latinWords...), cyrillicWords...)
	for range len(words) / 100 {
		words[rng.IntN(len(words))] = pool[rng.IntN(len(pool))]
	}
	vc := &versionCase{long: long, text: strings.Join(words, " ")}
	vc.len16 = utf16Len(vc.text)

	w, err := fcjson.Decode(long.JSON)
	if err != nil {
		t.Fatal(err)
	}
	var res workspace.VersionResult
	if _, err := w.Do(workspace.AddVersion{ReadoutID: long.ReadoutID, Text: vc.text, Result: &res}, benchT0); err != nil {
		t.Fatalf("the model refuses the new version: %v", err)
	}
	for _, a := range w.AnnotationsOf(long.ReadoutID) {
		if !a.IsPoint() {
			vc.spans++
		}
	}
	for _, p := range res.Diff.Passages() {
		if p.NewEnd > p.NewStart {
			vc.ins++
		}
		if p.OldEnd > p.OldStart {
			vc.dels++
		}
	}
	vc.orphans = res.Orphans()
	return vc
}

func longReadout(t testing.TB) *benchWorkspace {
	return genWorkspace(t, 'a', "Long readout", 7, 100_000, 2_000)
}

// openLong injects the long readout into a fresh page's storage and
// opens it.
func openLong(t *testing.T, tb *tab, srvURL string, long *benchWorkspace) {
	t.Helper()
	tb.navigate(srvURL + "/")
	tb.waitJS("the app to be ready", `document.querySelector('main.fc-shell[data-ready="1"]')`, 120*time.Second)
	injectIDB(t, tb, long)
	tb.click(`button[data-action="workspaces"]`)
	row := fmt.Sprintf(`[data-workspace-row=%q] button[data-action="open-workspace"]`, long.WS.ID)
	tb.waitJS("the long workspace in the list", fmt.Sprintf(`document.querySelector(%q)`, row), 30*time.Second)
	tb.click(row)
	if p := eval[float64](tb, 70*time.Second, fmt.Sprintf(`__fcb.until(() => __fcb.painted(%q, %d, %d), 60000)`,
		long.ReadoutID, long.TextLen16, long.Spans)); p < 0 {
		t.Fatal("the long readout was not painted within 60 s")
	}
	time.Sleep(1500 * time.Millisecond) // the open is remembered and stored
}

// addVersion opens the New version form, fills it (not timed), then clicks
// Add version and returns, on the page's clock from the mousedown:
//
//   - painted: the end of the frame in which the new text, the re-anchored
//     highlights, the inserted passages, the removal markers and the
//     summary line are all painted. The state is checked in a
//     requestAnimationFrame callback of every frame, so the first frame in
//     which it holds is the frame that paints it; its end is that frame's
//     Long Animation Frame entry (startTime + duration: script, style,
//     layout and paint). A frame under 50 ms has no such entry; then the
//     end marker (a message posted from that callback) stands in.
//   - marker: that end marker. It can run only after the autosave the app
//     starts right after the paint, so it may include it; a cross-check.
//   - saved: the frame after the autosave that follows has finished (not
//     part of the target, but the page is busy until then).
func addVersion(t *testing.T, tb *tab, vc *versionCase) (painted, marker, saved float64) {
	t.Helper()
	tb.click(`button[data-action="new-version"]`)
	tb.waitJS("the new version form", `document.querySelector('form[data-form="version"] textarea[name="text"]')`, 30*time.Second)
	eval[bool](tb, 30*time.Second, js(`(s) => (document.querySelector('form[data-form="version"] textarea[name="text"]').value = s, true)`, vc.text))
	eval[bool](tb, 10*time.Second, fmt.Sprintf(`(() => {
	  const B = __fcb;
	  B.loafs = [];
	  if (!B.loafObserver) {
	    B.loafObserver = new PerformanceObserver((l) => { for (const e of l.getEntries()) B.loafs.push({ s: e.startTime, d: e.duration }); });
	    B.loafObserver.observe({ type: 'long-animation-frame' });
	  }
	  const cond = () => {
	    const el = document.querySelector('[data-readout-id=%[1]q]');
	    const ins = CSS.highlights.get('fc-diff-ins');
	    const sum = document.querySelector('[data-version-summary=%[1]q]');
	    return !!el && el.textContent.length === %[2]d && B.highlightCount() === %[3]d &&
	      !!ins && ins.size === %[4]d &&
	      el.querySelectorAll('.fc-diff-del[data-diff-del]').length === %[5]d &&
	      !!sum && sum.textContent.includes('Version 2');
	  };
	  const t0 = performance.now();
	  B.versionDone = new Promise((resolve) => {
	    const tick = () => {
	      let ok = false;
	      try { ok = cond(); } catch (e) { ok = false; }
	      if (ok) {
	        const tc = performance.now();
	        const ch = new MessageChannel();
	        ch.port1.onmessage = () => resolve({ tc, marker: performance.now() });
	        ch.port2.postMessage(0);
	        return;
	      }
	      if (performance.now() - t0 > 60000) { resolve({ tc: -1, marker: -1 }); return; }
	      requestAnimationFrame(tick);
	    };
	    requestAnimationFrame(tick);
	  });
	  // Stored: the autosave that follows the paint has written it.
	  B.versionSaved = B.versionDone.then(() => B.until(() => document.querySelector('main.fc-shell').dataset.saveState === 'saved', 60000));
	  return true;
	})()`, vc.long.ReadoutID, vc.len16, vc.spans, vc.ins, vc.dels))
	downs := eval[int](tb, 10*time.Second, `__fcb.downs.length`)
	tb.click(`form[data-form="version"] button[data-action="add-version"]`)
	type done struct{ TC, Marker float64 }
	end := eval[done](tb, 70*time.Second, `__fcb.versionDone`)
	if end.TC < 0 {
		diag := eval[string](tb, 10*time.Second, fmt.Sprintf(`(() => {
		  const el = document.querySelector('[data-readout-id=%[1]q]');
		  const ins = CSS.highlights.get('fc-diff-ins');
		  const sum = document.querySelector('[data-version-summary=%[1]q]');
		  return JSON.stringify({ len: el && el.textContent.length, spans: __fcb.highlightCount(), ins: ins && ins.size,
		    dels: el && el.querySelectorAll('.fc-diff-del[data-diff-del]').length, summary: sum && sum.textContent });
		})()`, vc.long.ReadoutID))
		t.Fatalf("the new version was not painted within 60 s: page %s; want len %d, spans %d, ins %d, dels %d", diag, vc.len16, vc.spans, vc.ins, vc.dels)
	}
	down := eval[float64](tb, 10*time.Second, fmt.Sprintf(`__fcb.downs[%d]`, downs))
	stored := eval[float64](tb, 70*time.Second, `__fcb.versionSaved`)
	if stored < 0 {
		t.Fatal("the new version was not stored within 60 s")
	}
	time.Sleep(200 * time.Millisecond) // Long Animation Frame entries are delivered later
	frameEnd := eval[float64](tb, 10*time.Second, fmt.Sprintf(`(() => {
	  const e = __fcb.loafs.find((e) => e.s <= %[1]f && %[1]f <= e.s + e.d);
	  return e ? e.s + e.d : -1;
	})()`, end.TC))
	if frameEnd < 0 {
		frameEnd = end.Marker
	}
	return frameEnd - down, end.Marker - down, stored - down
}

// undoVersion takes the version back (Undo) and waits for the old text to
// be painted and stored, so that every run starts from the same state.
func undoVersion(t *testing.T, tb *tab, long *benchWorkspace) {
	t.Helper()
	tb.click(`button[data-action="undo"]`)
	if p := eval[float64](tb, 70*time.Second, fmt.Sprintf(`__fcb.until(() => __fcb.painted(%q, %d, %d) && !(document.querySelector('[data-version-summary=%q]') || {}).textContent, 60000)`,
		long.ReadoutID, long.TextLen16, long.Spans, long.ReadoutID)); p < 0 {
		t.Fatal("undo: the old text was not painted within 60 s")
	}
	time.Sleep(2 * time.Second) // let the autosave finish outside the timed part
}

// TestBenchVersion measures, in Chromium, adding a new version of the long
// readout (100,000 code points, 2,000 annotations) with 1% of its words
// edited: from the mousedown on Add version to the frame in which the new
// text, the re-anchored highlights and the change marks are painted. This
// is the whole path: form values, diff, re-anchoring, validation, go-app's
// update and the repaint. Figures only, never pass/fail.
func TestBenchVersion(t *testing.T) {
	if os.Getenv("FRAMECHECK_BENCH") != "1" {
		t.Skip("benchmark: set FRAMECHECK_BENCH=1 (make bench) to run it")
	}
	if os.Getenv("FRAMECHECK_BENCH_QUICK") == "1" {
		versionRuns = 2
	}
	chromium := findChromium()
	if chromium == "" {
		t.Fatal("Chromium not found (apt-get install -y chromium, or set FRAMECHECK_CHROMIUM)")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	loadBefore := loadavg()
	srv := startServer(t, filepath.Join(root, "bin", "framecheck"), filepath.Join(root, "web"))
	long := longReadout(t)
	var cases []*versionCase
	for run := 0; run <= versionRuns; run++ {
		cases = append(cases, newVersionCase(t, long, uint64(14+run)))
	}
	tb := newTab(t, chromium, instrumentation(`main.fc-shell[data-ready="1"]`, ""))
	defer tb.close()
	openLong(t, tb, srv.url, long)

	var times, markers, saves []float64
	var ins, dels, spans, orphans []float64
	for run, vc := range cases {
		ins, dels = append(ins, float64(vc.ins)), append(dels, float64(vc.dels))
		spans, orphans = append(spans, float64(vc.spans)), append(orphans, float64(vc.orphans))
		ms, marker, saved := addVersion(t, tb, vc)
		t.Logf("version run %d: painted after %.0f ms (end marker %.0f ms), stored after %.0f ms", run, ms, marker, saved)
		if run > 0 {
			times, markers, saves = append(times, ms), append(markers, marker), append(saves, saved)
		}
		undoVersion(t, tb, long)
	}
	s, mk, sv := summarize(times), summarize(markers), summarize(saves)
	fmt.Printf("new version of the long readout (100,000 code points, 2,000 annotations, 1%% of words edited; median %.0f passages with insertions, %.0f with removals, %.0f spans placed, %.0f orphans): Add version -> painted: p50 %.0f ms, p95 %.0f ms, min %.0f, max %.0f (n=%d, target <= 300 ms); end marker p50 %.0f ms, p95 %.0f ms; -> stored (autosave done): p50 %.0f ms, p95 %.0f ms; load %s before, %s after; %s\n",
		summarize(ins).Median, summarize(dels).Median, summarize(spans).Median, summarize(orphans).Median, s.Median, s.P95, s.Min, s.Max, s.N, mk.Median, mk.P95, sv.Median, sv.P95, loadBefore, loadavg(), tb.version())
}

// BenchmarkAddVersion is TestBenchVersion's model work without the
// browser, natively: the same long readout and edits, AddVersion alone
// (diff, re-anchoring, validation), so that a change to the anchoring core
// can be measured away from Chromium's noise.
func BenchmarkAddVersion(b *testing.B) {
	long := longReadout(b)
	var cases []*versionCase
	for i := range 8 {
		cases = append(cases, newVersionCase(b, long, uint64(100+i)))
	}
	i := 0
	for b.Loop() {
		b.StopTimer()
		w, err := fcjson.Decode(long.JSON)
		if err != nil {
			b.Fatal(err)
		}
		vc := cases[i%len(cases)]
		i++
		b.StartTimer()
		if _, err := w.Do(workspace.AddVersion{ReadoutID: long.ReadoutID, Text: vc.text}, benchT0); err != nil {
			b.Fatal(err)
		}
	}
}

// TestProfileVersion (FRAMECHECK_PROFILE=1, after make build) is the
// profiling companion of TestBenchVersion: a V8 CPU profile (wasm with
// its function names) of adding the new version, twice, and of the undo
// between. Figures only, never pass/fail.
func TestProfileVersion(t *testing.T) {
	if os.Getenv("FRAMECHECK_PROFILE") != "1" {
		t.Skip("profiling: set FRAMECHECK_PROFILE=1, after make build")
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
	dir := symbolWeb(t, root, bin)
	srv := startServer(t, bin, dir)
	long := longReadout(t)
	tb := newTab(t, chromium, instrumentation(`main.fc-shell[data-ready="1"]`, ""))
	defer tb.close()
	openLong(t, tb, srv.url, long)
	enableProfiler(t, tb)
	for run := range 2 {
		vc := newVersionCase(t, long, uint64(14+run))
		startProfile(t, tb)
		tr := startTrace(t, tb)
		ms, _, saved := addVersion(t, tb, vc)
		stopProfile(t, tb, fmt.Sprintf("add version, run %d (painted after %.0f ms, stored after %.0f ms)", run, ms, saved))
		traceSummary(t, tb, tr)
		undoVersion(t, tb, long)
	}
}

// symbolWeb returns a copy of web/ whose app.wasm keeps its function names
// (built without -s -w), precompressed, as TestProfile serves.
func symbolWeb(t *testing.T, root, bin string) string {
	t.Helper()
	dir := buildFloor(t, root, filepath.Join(root, "web"), bin) // a copy of web/; its wasm is replaced below
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
	return dir
}

// enableProfiler turns the V8 profiler on with a 200 µs sampling interval,
// as TestProfile does.
func enableProfiler(t *testing.T, tb *tab) {
	t.Helper()
	tb.do(30*time.Second, "enable the profiler", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, profiler.Enable, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 200})
		return err
	}))
}
