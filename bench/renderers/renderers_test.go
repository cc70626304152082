package renderers

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"maps"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/memory"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"framecheck/internal/browsertest"
)

// ---------- browser and server ----------

// requireChromium is browsertest's: it skips the test loudly when no
// browser is installed, and fails it when the CI variable is set.
func requireChromium(t *testing.T) string {
	t.Helper()
	return browsertest.Require(t, "the renderer checks in bench/renderers")
}

// serve serves this folder on loopback (httptest listens on 127.0.0.1).
func serve(t *testing.T) string {
	t.Helper()
	fs := http.FileServer(http.Dir("."))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		fs.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/renderers.html"
}

// newBrowser starts headless Chromium with browsertest's flags and a fresh
// profile. chromedp's defaults come on top, as when the figures in
// RESULTS.md were measured (they differ from browsertest's in
// force-color-profile=srgb, which the screenshot checks read, and in the
// features they disable).
func newBrowser(t *testing.T, execPath string) context.Context {
	t.Helper()
	ctx, _ := browsertest.Start(t, execPath, chromedp.DefaultExecAllocatorOptions[:]...)
	return ctx
}

func browserVersion(ctx context.Context) string { return browsertest.Version(ctx) }

// eval runs a JS expression (awaiting a promise) and decodes its JSON value.
func eval[T any](ctx context.Context, expr string) (T, error) {
	var v T
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return v, fmt.Errorf("%s: %w", expr, err)
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, fmt.Errorf("%s: decode %s: %w", expr, clip(raw), err)
	}
	return v, nil
}

func clip(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}

func navigate(ctx context.Context, url string) error {
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return err
	}
	var err error
	for range 5 { // the first poll can race the new document's execution context
		if _, err = chromedp.Run(ctx, chromedp.Poll[bool](`window.fcReady === true`, chromedp.WithPollingTimeout(10*time.Second))); err == nil {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return err
}

type heapInfo struct {
	JSUsed       float64 `json:"jsUsedBytes"`
	EmbedderUsed float64 `json:"embedderUsedBytes"` // Blink's garbage-collected heap (DOM, Ranges)
	DOMNodes     int64   `json:"domNodes"`          // Memory.getDOMCounters: live nodes in the renderer
}

func heap(ctx context.Context) (heapInfo, error) {
	if _, err := chromedp.Call(ctx, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
		return heapInfo{}, err
	}
	h, err := chromedp.Call(ctx, runtime.GetHeapUsage, cdp.Empty{})
	if err != nil {
		return heapInfo{}, err
	}
	d, err := chromedp.Call(ctx, memory.GetDOMCounters, cdp.Empty{})
	if err != nil {
		return heapInfo{}, err
	}
	return heapInfo{JSUsed: h.UsedSize, EmbedderUsed: h.EmbedderHeapUsedSize, DOMNodes: d.Nodes}, nil
}

// ---------- correctness (a normal test) ----------

type caretResult struct {
	Tried                     int  `json:"tried"`
	CPFPOK                    int  `json:"cpfpOK"`
	CRFPOK                    int  `json:"crfpOK"`
	HasCaretPositionFromPoint bool `json:"hasCaretPositionFromPoint"`
	HasCaretRangeFromPoint    bool `json:"hasCaretRangeFromPoint"`
	HasHighlightsFromPoint    bool `json:"hasHighlightsFromPoint"`
	HighlightsFromPoint       struct {
		Tried int `json:"tried"`
		OK    int `json:"ok"`
	} `json:"highlightsFromPoint"`
	Failures []map[string]any `json:"failures"`
}

type checkResult struct {
	TextLen         int  `json:"textLen"`
	Chunks          int  `json:"chunks"`
	Anns            int  `json:"anns"`
	HasHighlightAPI bool `json:"hasHighlightAPI"`
	Stats           struct {
		MaxDepth    int     `json:"maxDepth"`
		CoveredFrac float64 `json:"coveredFrac"`
		MultiFrac   float64 `json:"multiFrac"`
		Nested      int     `json:"nested"`
		Overlapping int     `json:"overlapping"`
		MinLen      int     `json:"minLen"`
		MaxLen      int     `json:"maxLen"`
	} `json:"stats"`
	Modes map[string]modeCheck `json:"modes"`
}

type modeCheck struct {
	TextContentEqual             bool        `json:"textContentEqual"`
	TextContentEqualAfterEdits   bool        `json:"textContentEqualAfterEdits"`
	SegmentsMatchModel           any         `json:"segmentsMatchModel"`           // marks
	SegmentsMatchModelAfterEdits any         `json:"segmentsMatchModelAfterEdits"` // marks
	TextNodes                    int         `json:"textNodes"`                    // highlight
	Paragraphs                   int         `json:"paragraphs"`                   // highlight
	HighlightSizes               []int       `json:"highlightSizes"`               // highlight
	ExpectedSizes                []int       `json:"expectedSizes"`                // highlight
	RangesMatchModel             bool        `json:"rangesMatchModel"`             // highlight
	Caret                        caretResult `json:"caret"`
	Height                       float64     `json:"height"` // px of the laid-out readout
}

func runChecks(ctx context.Context, t *testing.T, url string) checkResult {
	t.Helper()
	if err := navigate(ctx, url+"?check"); err != nil {
		t.Fatal(err)
	}
	res, err := eval[checkResult](ctx, `fc.checkAll()`)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestRendererCorrectness(t *testing.T) {
	path := requireChromium(t)
	url := serve(t)
	ctx := newBrowser(t, path)
	tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	t.Logf("browser: %s", browserVersion(ctx))

	r := runChecks(tctx, t, url)
	t.Logf("text %d UTF-16 units, %d paragraphs, %d annotations, stats %+v", r.TextLen, r.Chunks, r.Anns, r.Stats)
	if r.TextLen != 100000 || r.Anns != 2000 {
		t.Errorf("generated text/annotations: got %d units / %d annotations, want 100000 / 2000", r.TextLen, r.Anns)
	}
	if !r.HasHighlightAPI {
		t.Fatal("CSS Custom Highlight API (CSS.highlights, Highlight) is missing")
	}
	for _, mode := range []string{"marks", "highlight", "marks-paras", "highlight-paras"} {
		c, ok := r.Modes[mode]
		if !ok {
			t.Errorf("%s: no check result", mode)
			continue
		}
		// all renderers must lay the text out identically
		if h0 := r.Modes["highlight"].Height; math.Abs(c.Height-h0) > 1 {
			t.Errorf("%s: readout is %.0fpx high, highlight's is %.0fpx: the layouts differ", mode, c.Height, h0)
		}
		// (c) textContent equals the original text, before and after edits
		if !c.TextContentEqual || !c.TextContentEqualAfterEdits {
			t.Errorf("%s: textContent differs from the text (initial %v, after edits %v)", mode, c.TextContentEqual, c.TextContentEqualAfterEdits)
		}
		if strings.HasPrefix(mode, "marks") {
			// the segments paint exactly the tags of the model, per character
			if c.SegmentsMatchModel != true || c.SegmentsMatchModelAfterEdits != true {
				t.Errorf("%s: per-character tags differ from the model: initial %v, after edits %v", mode, c.SegmentsMatchModel, c.SegmentsMatchModelAfterEdits)
			}
		} else {
			want := 1
			if mode == "highlight-paras" {
				want = c.Paragraphs
			}
			if c.TextNodes != want {
				t.Errorf("%s: %d text nodes, want %d", mode, c.TextNodes, want)
			}
			if !slices.Equal(c.HighlightSizes, c.ExpectedSizes) || !c.RangesMatchModel {
				t.Errorf("%s: sizes %v want %v, ranges match the model: %v", mode, c.HighlightSizes, c.ExpectedSizes, c.RangesMatchModel)
			}
		}
		// (b) click-to-select: caretPositionFromPoint on a highlighted character
		// gives the text node and the offset of that character
		t.Logf("%-16s caret: %d tried, caretPositionFromPoint %d ok, caretRangeFromPoint %d ok, highlightsFromPoint available %v (%d/%d found the span's highlight)",
			mode, c.Caret.Tried, c.Caret.CPFPOK, c.Caret.CRFPOK, c.Caret.HasHighlightsFromPoint, c.Caret.HighlightsFromPoint.OK, c.Caret.HighlightsFromPoint.Tried)
		if !c.Caret.HasCaretPositionFromPoint {
			t.Errorf("%s: document.caretPositionFromPoint is missing", mode)
		}
		if c.Caret.Tried < 30 || c.Caret.CPFPOK != c.Caret.Tried {
			t.Errorf("%s: caretPositionFromPoint gave the wrong node/offset: %d of %d ok; failures %v", mode, c.Caret.CPFPOK, c.Caret.Tried, c.Caret.Failures)
		}
	}
}

// ---------- measurement (opt-in) ----------

type initialResult struct {
	Mode      string   `json:"mode"`
	JS        float64  `json:"js"`
	Frame     float64  `json:"frame"`
	Presented *float64 `json:"presented"`
	Loaf      *struct {
		Duration         float64 `json:"duration"`
		StyleLayoutPaint float64 `json:"styleLayoutPaint"`
		RafPhase         float64 `json:"rafPhase"`
	} `json:"loaf"`
	Nodes     int `json:"nodes"`
	Marks     int `json:"marks"`
	TextNodes int `json:"textNodes"`
}

type incResult struct {
	Mode string `json:"mode"`
	Add  struct {
		JS    []float64 `json:"js"`
		Frame []float64 `json:"frame"`
	} `json:"add"`
	Remove struct {
		JS    []float64 `json:"js"`
		Frame []float64 `json:"frame"`
	} `json:"remove"`
	TextOK bool `json:"textOK"`
}

// Summary of a sample in milliseconds (nearest-rank p95).
type Summary struct {
	N      int     `json:"n"`
	Min    float64 `json:"min"`
	Median float64 `json:"median"`
	P95    float64 `json:"p95"`
	Max    float64 `json:"max"`
}

func summarize(xs []float64) Summary {
	if len(xs) == 0 {
		return Summary{} // N == 0: not measured (JSON has no NaN)
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i95 := int(math.Ceil(0.95*float64(len(s)))) - 1
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	r := func(x float64) float64 { return math.Round(x*100) / 100 }
	return Summary{N: len(s), Min: r(s[0]), Median: r(med), P95: r(s[max(0, i95)]), Max: r(s[len(s)-1])}
}

// ModeFigures are the figures of one renderer. Wall times come from the page
// (performance.now, rAF + MessageChannel); CPU times are the thread time of
// the frame's main-thread task in a CDP trace, which other processes on the
// machine do not inflate.
type ModeFigures struct {
	Mode string `json:"mode"`

	InitialJS        Summary            `json:"initialJS"`        // build() alone
	InitialFrame     Summary            `json:"initialFrame"`     // build start -> after the frame's paint
	InitialPresented Summary            `json:"initialPresented"` // build start -> Element Timing presentation
	LoafRender       Summary            `json:"loafRender"`       // LoAF: style .. commit after the rAF callbacks
	InitialCPU       Summary            `json:"initialCPU"`       // trace: thread time of the frame task
	InitialPhases    map[string]float64 `json:"initialPhasesCPU"` // trace: median thread time per phase

	AddJS       Summary            `json:"addJS"`
	AddFrame    Summary            `json:"addFrame"`
	AddCPU      Summary            `json:"addCPU"`
	RemoveJS    Summary            `json:"removeJS"`
	RemoveFrame Summary            `json:"removeFrame"`
	RemoveCPU   Summary            `json:"removeCPU"`
	OpPhases    map[string]float64 `json:"opPhasesCPU"` // median thread time per phase, adds and removes
	IncTextOK   bool               `json:"incTextOK"`

	Nodes           int     `json:"containerNodes"`
	MarkElements    int     `json:"markElements"`
	TextNodes       int     `json:"textNodes"`
	DOMNodesDelta   int64   `json:"domNodesDelta"`       // Memory.getDOMCounters after GC, minus before the build
	JSHeapDeltaMB   float64 `json:"jsHeapDeltaMB"`       // Runtime.getHeapUsage usedSize after GC, minus before
	EmbedderDeltaMB float64 `json:"embedderHeapDeltaMB"` // Blink's GC heap: DOM nodes, Ranges, highlights
	JSHeapAfterMB   float64 `json:"jsHeapAfterMB"`
	EmbedderAfterMB float64 `json:"embedderHeapAfterMB"`
}

// Report is what BENCH_JSON receives.
type Report struct {
	Browser  string         `json:"browser"`
	CPUs     int            `json:"cpus"`
	When     string         `json:"when"`
	Runs     int            `json:"runs"`
	IncOps   int            `json:"incrementalOps"`
	Text     map[string]any `json:"text"`
	Modes    []*ModeFigures `json:"modes"`
	Probes   map[string]any `json:"probes"`
	Shots    []string       `json:"screenshots"`
	ElapsedS float64        `json:"elapsedSeconds"`
	// other work on the machine skews wall times; /proc/loadavg says how much
	LoadBefore string `json:"loadavgBefore"`
	LoadAfter  string `json:"loadavgAfter"`
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

// The two renderers of the brief come first. The -paras variants put each
// paragraph in its own block (and, for highlight, its own Text node), which
// bounds what an edit invalidates. Other sets, e.g. with highlight-static
// (StaticRange): FRAMECHECK_BENCH_MODES=marks,highlight,highlight-static
var defaultBenchModes = []string{"marks", "highlight", "marks-paras", "highlight-paras"}

func benchModes() []string {
	if v := os.Getenv("FRAMECHECK_BENCH_MODES"); v != "" {
		return strings.Split(v, ",")
	}
	return defaultBenchModes
}

const (
	initialRuns = 7
	incOps      = 200
)

func TestRenderers(t *testing.T) {
	if os.Getenv("FRAMECHECK_BENCH") != "1" {
		t.Skip("timing run: set FRAMECHECK_BENCH=1 (and BENCH_JSON=path for the figures)")
	}
	path := requireChromium(t)
	url := serve(t)
	ctx := newBrowser(t, path)
	start := time.Now()
	modes := benchModes()
	tctx, cancel := context.WithTimeout(ctx, 9*time.Minute)
	defer cancel()

	rep := &Report{Browser: browserVersion(ctx), CPUs: goruntime.NumCPU(), When: time.Now().UTC().Format(time.RFC3339),
		Runs: initialRuns, IncOps: incOps, LoadBefore: loadavg()}
	figs := map[string]*ModeFigures{}
	for _, m := range modes {
		figs[m] = &ModeFigures{Mode: m}
		rep.Modes = append(rep.Modes, figs[m])
	}

	if err := navigate(tctx, url+"?stats"); err != nil {
		t.Fatal(err)
	}
	stats, err := eval[map[string]any](tctx, `(() => { const s = fc.setup(); return { len: s.text.length, paragraphs: s.chunks.length, annotations: s.anns.length, setupMs: s.setupMs, ...fc.annStats() }; })()`)
	if err != nil {
		t.Fatal(err)
	}
	rep.Text = stats

	// 1 + 4: initial paint and size. A fresh page per run and renderer, traced;
	// run 0 warms the caches (fonts) and is dropped; the order rotates. "plain"
	// (the text alone, no annotation) is the floor that every renderer pays.
	initialModes := append([]string{"plain"}, modes...)
	figs["plain"] = &ModeFigures{Mode: "plain"}
	rep.Modes = append([]*ModeFigures{figs["plain"]}, rep.Modes...)
	type initialSample struct {
		r      initialResult
		ft     frameTrace
		hb, ha heapInfo
	}
	samples := map[string][]initialSample{}
	for run := 0; run <= initialRuns; run++ {
		for k := range initialModes {
			m := initialModes[(run+k)%len(initialModes)]
			if err := navigate(tctx, url+"?initial"); err != nil {
				t.Fatal(err)
			}
			hb, err := heap(tctx)
			if err != nil {
				t.Fatal(err)
			}
			var r initialResult
			evs, err := traced(tctx, fmt.Sprintf("%s-initial-%d", m, run), func() error {
				r, err = eval[initialResult](tctx, fmt.Sprintf(`fc.measureInitial(%q)`, m))
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			fts := frames(evs, "fc-build-start")
			if len(fts) != 1 {
				t.Fatalf("%s: %d build frames in the trace, want 1", m, len(fts))
			}
			ha, err := heap(tctx)
			if err != nil {
				t.Fatal(err)
			}
			if run > 0 {
				samples[m] = append(samples[m], initialSample{r, fts[0], hb, ha})
			}
		}
	}
	for _, m := range initialModes {
		f := figs[m]
		var js, fr, pr, lo, cpu, dn, jh, eh, ja, ea []float64
		var fts []frameTrace
		for _, s := range samples[m] {
			js, fr, cpu = append(js, s.r.JS), append(fr, s.r.Frame), append(cpu, s.ft.CPU)
			fts = append(fts, s.ft)
			if s.r.Presented != nil {
				pr = append(pr, *s.r.Presented)
			}
			if s.r.Loaf != nil {
				lo = append(lo, s.r.Loaf.StyleLayoutPaint)
			}
			dn = append(dn, float64(s.ha.DOMNodes-s.hb.DOMNodes))
			jh = append(jh, (s.ha.JSUsed-s.hb.JSUsed)/1e6)
			eh = append(eh, (s.ha.EmbedderUsed-s.hb.EmbedderUsed)/1e6)
			ja, ea = append(ja, s.ha.JSUsed/1e6), append(ea, s.ha.EmbedderUsed/1e6)
			f.Nodes, f.MarkElements, f.TextNodes = s.r.Nodes, s.r.Marks, s.r.TextNodes
		}
		f.InitialJS, f.InitialFrame, f.InitialPresented, f.LoafRender = summarize(js), summarize(fr), summarize(pr), summarize(lo)
		f.InitialCPU, f.InitialPhases = summarize(cpu), medianPhases(fts)
		f.DOMNodesDelta = int64(summarize(dn).Median)
		f.JSHeapDeltaMB, f.EmbedderDeltaMB = summarize(jh).Median, summarize(eh).Median
		f.JSHeapAfterMB, f.EmbedderAfterMB = summarize(ja).Median, summarize(ea).Median
	}

	t.Logf("initial runs done at %.0fs", time.Since(start).Seconds())

	// 2 + 3: incremental add, then remove; one frame per operation, traced
	for _, m := range modes {
		if err := navigate(tctx, url+"?inc"); err != nil {
			t.Fatal(err)
		}
		var r incResult
		evs, err := traced(tctx, m+"-inc", func() error {
			r, err = eval[incResult](tctx, fmt.Sprintf(`fc.measureIncremental(%q, %d)`, m, incOps))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		fts := frames(evs, "fc-op")
		if len(fts) != 2*incOps {
			t.Fatalf("%s: %d operation frames in the trace, want %d", m, len(fts), 2*incOps)
		}
		var addCPU, remCPU []float64
		for i, ft := range fts {
			if i < incOps {
				addCPU = append(addCPU, ft.CPU)
			} else {
				remCPU = append(remCPU, ft.CPU)
			}
		}
		f := figs[m]
		f.AddJS, f.AddFrame, f.AddCPU = summarize(r.Add.JS), summarize(r.Add.Frame), summarize(addCPU)
		f.RemoveJS, f.RemoveFrame, f.RemoveCPU = summarize(r.Remove.JS), summarize(r.Remove.Frame), summarize(remCPU)
		f.OpPhases = medianPhases(fts)
		f.IncTextOK = r.TextOK
		if !r.TextOK {
			t.Errorf("%s: textContent changed after the edits", m)
		}
	}

	t.Logf("incremental runs done at %.0fs", time.Since(start).Seconds())

	// 5a: screenshots of a small overlapping example, and the ::highlight probes
	probes, shots, err := screenshots(tctx, url)
	if err != nil {
		t.Errorf("screenshots: %v", err)
	}
	rep.Probes, rep.Shots = probes, shots

	rep.ElapsedS = math.Round(time.Since(start).Seconds())
	rep.LoadAfter = loadavg()
	printReport(rep)
	if p := os.Getenv("BENCH_JSON"); p != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			t.Fatalf("BENCH_JSON: %v", err)
		}
		if err := os.WriteFile(p, append(b, '\n'), 0o644); err != nil {
			t.Errorf("BENCH_JSON: %v", err)
		} else {
			abs, _ := filepath.Abs(p)
			t.Logf("figures written to %s", abs)
		}
	}
}

func printReport(rep *Report) {
	var b strings.Builder
	pr := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	pr("\n%s, %d CPUs, load average %s -> %s; text %v UTF-16 units, %v paragraphs, %v annotations\n",
		rep.Browser, rep.CPUs, rep.LoadBefore, rep.LoadAfter, rep.Text["len"], rep.Text["paragraphs"], rep.Text["annotations"])
	mm := func(s Summary) string { return fmt.Sprintf("%.1f [%.1f..%.1f]", s.Median, s.Min, s.Max) }
	pq := func(s Summary) string { return fmt.Sprintf("%.2f / %.2f", s.Median, s.P95) }
	ph := func(m map[string]float64) string {
		var parts []string
		for _, k := range []string{"script", "style", "layout", "prepaint", "paint", "layerize", "commit", "gc", "raster"} {
			if v, ok := m[k]; ok && v >= 0.05 {
				parts = append(parts, fmt.Sprintf("%s %.1f", k, v))
			}
		}
		return strings.Join(parts, ", ")
	}

	pr("\n1. initial paint, ms: median [min..max] of %d runs\n", rep.Runs)
	pr("%-16s | %-20s | %-22s | %-22s | %-22s | %s\n", "renderer", "build JS", "to after-paint", "to presented (ET)", "main-thread CPU", "CPU by phase (medians)")
	for _, f := range rep.Modes {
		pr("%-16s | %-20s | %-22s | %-22s | %-22s | %s\n", f.Mode, mm(f.InitialJS), mm(f.InitialFrame), mm(f.InitialPresented), mm(f.InitialCPU), ph(f.InitialPhases))
	}
	pr("\n2-3. one annotation, %d adds then %d removes, ms: p50 / p95\n", rep.IncOps, rep.IncOps)
	pr("%-16s | %-13s | %-15s | %-15s | %-13s | %-15s | %-15s | %s\n", "renderer", "add JS", "add to paint", "add CPU", "remove JS", "remove to paint", "remove CPU", "CPU by phase (medians)")
	for _, f := range rep.Modes[1:] {
		pr("%-16s | %-13s | %-15s | %-15s | %-13s | %-15s | %-15s | %s\n", f.Mode, pq(f.AddJS), pq(f.AddFrame), pq(f.AddCPU), pq(f.RemoveJS), pq(f.RemoveFrame), pq(f.RemoveCPU), ph(f.OpPhases))
	}
	pr("\n4. size after the initial paint (heap after a forced GC; medians)\n")
	pr("%-16s | %7s | %6s | %6s | %9s | %10s | %8s | %12s\n", "renderer", "nodes", "marks", "texts", "ΔDOMnodes", "JS heap MB", "ΔJS MB", "Δblink MB")
	for _, f := range rep.Modes {
		pr("%-16s | %7d | %6d | %6d | %9d | %10.2f | %8.2f | %12.2f\n", f.Mode, f.Nodes, f.MarkElements, f.TextNodes, f.DOMNodesDelta, f.JSHeapAfterMB, f.JSHeapDeltaMB, f.EmbedderDeltaMB)
	}
	pj, _ := json.MarshalIndent(rep.Probes, "", "  ")
	pr("\n5a. probes: %s\nscreenshots: %v\nelapsed %.0fs\n", pj, rep.Shots, rep.ElapsedS)
	fmt.Print(b.String())
}

// ---------- CDP trace ----------

type traceEvent struct {
	Name string  `json:"name"`
	Cat  string  `json:"cat"`
	Ph   string  `json:"ph"`
	Ts   float64 `json:"ts"`
	Dur  float64 `json:"dur"`
	Tdur float64 `json:"tdur"` // thread (CPU) time
	Pid  int     `json:"pid"`
	Tid  int     `json:"tid"`
}

var tracers sync.Map // *chromedp.Target -> *browsertest.Tracer

// getTracer returns the tab's tracer, listening once per tab.
func getTracer(ctx context.Context) (*browsertest.Tracer, error) {
	c := chromedp.FromContext(ctx)
	if v, ok := tracers.Load(c.Target); ok {
		return v.(*browsertest.Tracer), nil
	}
	tr, err := browsertest.NewTracer(ctx)
	if err != nil {
		return nil, err
	}
	tracers.Store(c.Target, tr)
	return tr, nil
}

// traced runs f with tracing on and returns the trace events. With
// RENDERERS_TRACE_DIR set, it also writes them to trace-<tag>.json there.
func traced(ctx context.Context, tag string, f func() error) ([]traceEvent, error) {
	tr, err := getTracer(ctx)
	if err != nil {
		return nil, err
	}
	if err := tr.Start(ctx, "devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing"); err != nil {
		return nil, err
	}
	ferr := f()
	raw, err := tr.Stop(ctx, 30*time.Second)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tag, err)
	}
	if ferr != nil {
		return nil, ferr
	}
	if d := os.Getenv("RENDERERS_TRACE_DIR"); d != "" {
		b, _ := json.Marshal(raw)
		_ = os.WriteFile(filepath.Join(d, "trace-"+tag+".json"), b, 0o644)
	}
	evs := make([]traceEvent, 0, len(raw))
	for _, r := range raw {
		var e traceEvent
		if json.Unmarshal(r, &e) == nil {
			evs = append(evs, e)
		}
	}
	return evs, nil
}

// frameTrace is the main-thread cost of one frame: the top-level task that
// holds a user-timing mark set in a rAF callback, i.e. the BeginMainFrame
// task that runs the rAF callbacks, then style, layout, paint and commit.
type frameTrace struct {
	Wall   float64            // ms from the mark to the end of the task
	CPU    float64            // thread ms of the whole task
	Phases map[string]float64 // thread ms per phase in the task
}

var tracePhase = map[string]string{
	"FireAnimationFrame": "script", // the rAF callbacks: the build or the edit
	"UpdateLayoutTree":   "style",
	"Layout":             "layout",
	"PrePaint":           "prepaint",
	"Paint":              "paint",
	"Layerize":           "layerize",
	"Commit":             "commit",
	"MajorGC":            "gc",
	"MinorGC":            "gc",
}

// frames returns one frameTrace per mark called markName, in time order.
// Phase "raster" is the thread time of the RasterTasks of the renderer's
// tile workers after the task, until the next mark (at most 1 s): the
// off-main-thread work before the frame can be presented.
func frames(evs []traceEvent, markName string) []frameTrace {
	var marks, rasters []traceEvent
	tasks := map[[2]int][]traceEvent{} // RunTask events per (pid, tid)
	for _, e := range evs {
		switch {
		case e.Name == markName && strings.Contains(e.Cat, "user_timing"):
			marks = append(marks, e)
		case e.Name == "RunTask" && e.Ph == "X":
			k := [2]int{e.Pid, e.Tid}
			tasks[k] = append(tasks[k], e)
		case e.Name == "RasterTask" && e.Ph == "X":
			rasters = append(rasters, e)
		}
	}
	slices.SortFunc(marks, func(a, b traceEvent) int { return cmp.Compare(a.Ts, b.Ts) })
	var out []frameTrace
	for mi, mark := range marks {
		var task *traceEvent
		ts := tasks[[2]int{mark.Pid, mark.Tid}]
		for i, e := range ts {
			if e.Ts <= mark.Ts && e.Ts+e.Dur >= mark.Ts && (task == nil || e.Dur > task.Dur) {
				task = &ts[i]
			}
		}
		if task == nil {
			continue
		}
		end := task.Ts + task.Dur
		ft := frameTrace{Wall: (end - mark.Ts) / 1000, CPU: task.Tdur / 1000, Phases: map[string]float64{}}
		for _, e := range evs {
			if e.Pid != mark.Pid || e.Tid != mark.Tid || e.Ph != "X" || e.Ts < task.Ts || e.Ts+e.Dur > end {
				continue
			}
			if k, ok := tracePhase[e.Name]; ok {
				ft.Phases[k] += e.Tdur / 1000
			}
		}
		until := end + 1e6
		if mi+1 < len(marks) {
			until = min(until, marks[mi+1].Ts)
		}
		for _, e := range rasters {
			if e.Pid == mark.Pid && e.Ts >= end && e.Ts < until {
				ft.Phases["raster"] += e.Tdur / 1000
			}
		}
		out = append(out, ft)
	}
	return out
}

// medianPhases is the per-phase median over frames.
func medianPhases(fs []frameTrace) map[string]float64 {
	m := map[string]float64{}
	for _, k := range append(slices.Collect(maps.Values(tracePhase)), "raster") {
		var v []float64
		for _, f := range fs {
			v = append(v, f.Phases[k])
		}
		if med := summarize(v).Median; med > 0 {
			m[k] = med
		}
	}
	return m
}

// ---------- screenshots ----------

func screenshots(ctx context.Context, url string) (map[string]any, []string, error) {
	if err := navigate(ctx, url+"?demo"); err != nil {
		return nil, nil, err
	}
	demo, err := eval[map[string]any](ctx, `(async () => { const r = fc.demo(); await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); return r; })()`)
	if err != nil {
		return nil, nil, err
	}
	dir := os.Getenv("RENDERERS_SHOT_DIR")
	if dir == "" {
		dir = "/tmp"
	}
	var shots []string
	for _, id := range []string{"app", "row-hl", "row-hl-nooffset", "row-marks", "row-marks-naive", "row-probes"} {
		buf, err := chromedp.Run(ctx, chromedp.ScreenshotScale(chromedp.ID(id), 2))
		if err != nil {
			return nil, shots, err
		}
		name := "renderers-" + strings.TrimPrefix(id, "row-") + ".png"
		if id == "app" {
			name = "renderers-all.png"
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, buf, 0o644); err != nil {
			return nil, shots, err
		}
		shots = append(shots, p)
	}
	probes := map[string]any{"computedStyle": demo["computed"]}
	// measure the blue underline of each probe in its own screenshot (scale 2)
	lines := map[string]any{}
	for _, id := range []string{"probe-off0", "probe-off10", "probe-th1", "probe-th5"} {
		buf, err := chromedp.Run(ctx, chromedp.ScreenshotScale(chromedp.ID(id), 2))
		if err != nil {
			return probes, shots, err
		}
		top, bottom, err := blueRows(buf)
		if err != nil {
			return probes, shots, err
		}
		lines[id] = map[string]float64{"topCSSpx": float64(top) / 2, "thicknessCSSpx": float64(bottom-top+1) / 2}
	}
	probes["underline"] = lines
	return probes, shots, nil
}

// blueRows returns the first and last pixel rows that hold a run of pure-blue
// underline pixels (the probes draw a #0000ff underline under black text).
func blueRows(pngData []byte) (int, int, error) {
	img, err := png.Decode(bytes.NewReader(pngData))
	if err != nil {
		return 0, 0, err
	}
	bd := img.Bounds()
	top, bottom := -1, -1
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		n := 0
		for x := bd.Min.X; x < bd.Max.X; x++ {
			if isBlue(img, x, y) {
				n++
			}
		}
		if n >= bd.Dx()/6 {
			if top < 0 {
				top = y - bd.Min.Y
			}
			bottom = y - bd.Min.Y
		}
	}
	if top < 0 {
		return 0, 0, fmt.Errorf("no underline found")
	}
	return top, bottom, nil
}

func isBlue(img image.Image, x, y int) bool {
	r, g, b, _ := img.At(x, y).RGBA()
	return b>>8 > 180 && r>>8 < 110 && g>>8 < 110
}
