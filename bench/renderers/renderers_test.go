package renderers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/memory"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// ---------- browser and server ----------

// findChromium returns the browser to drive: $FRAMECHECK_CHROMIUM,
// /usr/bin/chromium, or chromium (and the usual aliases) on PATH.
func findChromium() string {
	if p := os.Getenv("FRAMECHECK_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// requireChromium skips the test loudly when no browser is installed, and
// fails it when the CI variable is set: CI must not pass by skipping.
func requireChromium(t *testing.T) string {
	t.Helper()
	p := findChromium()
	if p == "" {
		msg := "\n\n*** CHROMIUM NOT FOUND (/usr/bin/chromium, chromium on PATH, or $FRAMECHECK_CHROMIUM) ***\n" +
			"*** the renderer checks in bench/renderers did NOT run ***\n"
		if os.Getenv("CI") != "" {
			t.Fatal(msg + "CI is set, so a missing browser is a failure")
		}
		t.Skip(msg)
	}
	return p
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

// newBrowser starts headless Chromium with a fresh profile. The machine has no
// network; the flags keep the browser from trying.
func newBrowser(t *testing.T, execPath string) context.Context {
	t.Helper()
	dir := t.TempDir() // registered first, so it is removed after the browser exits
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 900),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); acancel() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", execPath, err)
	}
	return ctx
}

func browserVersion(ctx context.Context) string {
	v, err := chromedp.CallBrowser(ctx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	return v.Product
}

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
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`window.fcReady === true`, chromedp.WithPollingTimeout(10*time.Second)))
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
	Marks struct {
		TextContentEqual             bool        `json:"textContentEqual"`
		TextContentEqualAfterEdits   bool        `json:"textContentEqualAfterEdits"`
		SegmentsMatchModel           any         `json:"segmentsMatchModel"`
		SegmentsMatchModelAfterEdits any         `json:"segmentsMatchModelAfterEdits"`
		Caret                        caretResult `json:"caret"`
	} `json:"marks"`
	Highlight struct {
		TextContentEqual           bool        `json:"textContentEqual"`
		TextContentEqualAfterEdits bool        `json:"textContentEqualAfterEdits"`
		ChildNodes                 int         `json:"childNodes"`
		HighlightSizes             []int       `json:"highlightSizes"`
		ExpectedSizes              []int       `json:"expectedSizes"`
		RangesMatchModel           bool        `json:"rangesMatchModel"`
		Caret                      caretResult `json:"caret"`
	} `json:"highlight"`
}

func runChecks(t *testing.T, ctx context.Context, url string) checkResult {
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

	r := runChecks(t, tctx, url)
	t.Logf("text %d UTF-16 units, %d paragraphs, %d annotations, stats %+v", r.TextLen, r.Chunks, r.Anns, r.Stats)
	if r.TextLen != 100000 || r.Anns != 2000 {
		t.Errorf("generated text/annotations: got %d units / %d annotations, want 100000 / 2000", r.TextLen, r.Anns)
	}
	if !r.HasHighlightAPI {
		t.Fatal("CSS Custom Highlight API (CSS.highlights, Highlight) is missing")
	}
	// (c) textContent equals the original text, before and after edits
	if !r.Marks.TextContentEqual || !r.Marks.TextContentEqualAfterEdits {
		t.Errorf("marks: textContent differs from the text (initial %v, after edits %v)", r.Marks.TextContentEqual, r.Marks.TextContentEqualAfterEdits)
	}
	if !r.Highlight.TextContentEqual || !r.Highlight.TextContentEqualAfterEdits {
		t.Errorf("highlight: textContent differs from the text (initial %v, after edits %v)", r.Highlight.TextContentEqual, r.Highlight.TextContentEqualAfterEdits)
	}
	if r.Highlight.ChildNodes != 1 {
		t.Errorf("highlight: container has %d child nodes, want 1 text node", r.Highlight.ChildNodes)
	}
	// the segments / ranges paint exactly the tags of the model, per character
	if r.Marks.SegmentsMatchModel != true || r.Marks.SegmentsMatchModelAfterEdits != true {
		t.Errorf("marks: per-character tags differ from the model: initial %v, after edits %v", r.Marks.SegmentsMatchModel, r.Marks.SegmentsMatchModelAfterEdits)
	}
	if !slices.Equal(r.Highlight.HighlightSizes, r.Highlight.ExpectedSizes) || !r.Highlight.RangesMatchModel {
		t.Errorf("highlight: sizes %v want %v, ranges match model %v", r.Highlight.HighlightSizes, r.Highlight.ExpectedSizes, r.Highlight.RangesMatchModel)
	}
	// (b) click-to-select: caretPositionFromPoint on a highlighted character
	for _, c := range []struct {
		name string
		c    caretResult
	}{{"marks", r.Marks.Caret}, {"highlight", r.Highlight.Caret}} {
		t.Logf("%s caret: %d tried, caretPositionFromPoint %d ok, caretRangeFromPoint %d ok, highlightsFromPoint %v (%d/%d)",
			c.name, c.c.Tried, c.c.CPFPOK, c.c.CRFPOK, c.c.HasHighlightsFromPoint, c.c.HighlightsFromPoint.OK, c.c.HighlightsFromPoint.Tried)
		if !c.c.HasCaretPositionFromPoint {
			t.Errorf("%s: document.caretPositionFromPoint is missing", c.name)
		}
		if c.c.Tried < 30 || c.c.CPFPOK != c.c.Tried {
			t.Errorf("%s: caretPositionFromPoint gave the wrong node/offset: %d of %d ok; failures %v", c.name, c.c.CPFPOK, c.c.Tried, c.c.Failures)
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

// Summary is min / median / max (or p50 / p95) of a sample in milliseconds.
type Summary struct {
	N      int     `json:"n"`
	Min    float64 `json:"min"`
	Median float64 `json:"median"`
	P95    float64 `json:"p95"`
	Max    float64 `json:"max"`
}

func summarize(xs []float64) Summary {
	if len(xs) == 0 {
		return Summary{Min: math.NaN(), Median: math.NaN(), P95: math.NaN(), Max: math.NaN()}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	q := func(p float64) float64 { // nearest-rank
		i := int(math.Ceil(p*float64(len(s)))) - 1
		return s[max(0, min(len(s)-1, i))]
	}
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return Summary{N: len(s), Min: s[0], Median: med, P95: q(0.95), Max: s[len(s)-1]}
}

// ModeFigures are the figures of one renderer.
type ModeFigures struct {
	Mode string `json:"mode"`
	// initial paint, ms
	InitialJS        Summary            `json:"initialJS"`                     // build() alone
	InitialFrame     Summary            `json:"initialFrame"`                  // build start -> after the frame's paint (rAF + MessageChannel)
	InitialPresented Summary            `json:"initialPresented"`              // build start -> Element Timing presentation time
	LoafRender       Summary            `json:"loafRender"`                    // LoAF: style+layout+paint+commit after rAF callbacks
	TraceMain        *float64           `json:"traceMainToCommitMs,omitempty"` // median of traceRuns traced builds
	TracePhases      map[string]float64 `json:"tracePhasesMs,omitempty"`
	TraceOpMain      *float64           `json:"traceOpMainMs,omitempty"` // median over 40 traced ops (20 adds, 20 removes)
	TraceOpPhases    map[string]float64 `json:"traceOpPhasesMs,omitempty"`
	// incremental, ms
	AddJS       Summary `json:"addJS"`
	AddFrame    Summary `json:"addFrame"`
	RemoveJS    Summary `json:"removeJS"`
	RemoveFrame Summary `json:"removeFrame"`
	IncTextOK   bool    `json:"incTextOK"`
	// size after initial paint
	Nodes           int     `json:"containerNodes"`
	MarkElements    int     `json:"markElements"`
	TextNodes       int     `json:"textNodes"`
	DOMNodesDelta   int64   `json:"domNodesDelta"`       // Memory.getDOMCounters after GC, minus before build
	JSHeapDeltaMB   float64 `json:"jsHeapDeltaMB"`       // Runtime.getHeapUsage usedSize after GC, minus before build
	EmbedderDeltaMB float64 `json:"embedderHeapDeltaMB"` // Blink GC heap (DOM nodes, Ranges)
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
	// other work on the machine skews timings; /proc/loadavg says how much
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

var benchModes = []string{"marks", "highlight", "highlight-static"}

const (
	initialRuns = 7
	traceRuns   = 3
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
	tctx, cancel := context.WithTimeout(ctx, 8*time.Minute)
	defer cancel()

	rep := &Report{Browser: browserVersion(ctx), CPUs: numCPU(), When: time.Now().UTC().Format(time.RFC3339), Runs: initialRuns, IncOps: incOps, LoadBefore: loadavg()}
	figs := map[string]*ModeFigures{}
	for _, m := range benchModes {
		figs[m] = &ModeFigures{Mode: m}
		rep.Modes = append(rep.Modes, figs[m])
	}

	// text statistics
	if err := navigate(tctx, url+"?stats"); err != nil {
		t.Fatal(err)
	}
	stats, err := eval[map[string]any](tctx, `(() => { const s = fc.setup(); return { len: s.text.length, paragraphs: s.chunks.length, annotations: s.anns.length, setupMs: s.setupMs, ...fc.annStats() }; })()`)
	if err != nil {
		t.Fatal(err)
	}
	rep.Text = stats

	// 1 + 4: initial paint and size. One fresh page per run and renderer; run 0
	// warms the font caches and is dropped; the order of the renderers rotates.
	samples := map[string][]initialResult{}
	heapsBefore, heapsAfter := map[string][]heapInfo{}, map[string][]heapInfo{}
	for run := 0; run <= initialRuns; run++ {
		for k := range benchModes {
			m := benchModes[(run+k)%len(benchModes)]
			if err := navigate(tctx, url+"?initial"); err != nil {
				t.Fatal(err)
			}
			hb, err := heap(tctx)
			if err != nil {
				t.Fatal(err)
			}
			r, err := eval[initialResult](tctx, fmt.Sprintf(`fc.measureInitial(%q)`, m))
			if err != nil {
				t.Fatal(err)
			}
			ha, err := heap(tctx)
			if err != nil {
				t.Fatal(err)
			}
			if run == 0 {
				continue
			}
			samples[m] = append(samples[m], r)
			heapsBefore[m] = append(heapsBefore[m], hb)
			heapsAfter[m] = append(heapsAfter[m], ha)
		}
	}
	for _, m := range benchModes {
		f := figs[m]
		var js, fr, pr, lo, dn, jh, eh, ja, ea []float64
		for i, r := range samples[m] {
			js = append(js, r.JS)
			fr = append(fr, r.Frame)
			if r.Presented != nil {
				pr = append(pr, *r.Presented)
			}
			if r.Loaf != nil {
				lo = append(lo, r.Loaf.StyleLayoutPaint)
			}
			hb, ha := heapsBefore[m][i], heapsAfter[m][i]
			dn = append(dn, float64(ha.DOMNodes-hb.DOMNodes))
			jh = append(jh, (ha.JSUsed-hb.JSUsed)/1e6)
			eh = append(eh, (ha.EmbedderUsed-hb.EmbedderUsed)/1e6)
			ja = append(ja, ha.JSUsed/1e6)
			ea = append(ea, ha.EmbedderUsed/1e6)
			f.Nodes, f.MarkElements, f.TextNodes = r.Nodes, r.Marks, r.TextNodes
		}
		f.InitialJS, f.InitialFrame, f.InitialPresented, f.LoafRender = summarize(js), summarize(fr), summarize(pr), summarize(lo)
		f.DOMNodesDelta = int64(summarize(dn).Median)
		f.JSHeapDeltaMB, f.EmbedderDeltaMB = summarize(jh).Median, summarize(eh).Median
		f.JSHeapAfterMB, f.EmbedderAfterMB = summarize(ja).Median, summarize(ea).Median
	}

	// 1b: traced runs (tracing costs time, so these are extra runs): the
	// main-thread task of the build frame, with its phases, from a CDP trace;
	// and the same for 20 incremental adds.
	for _, m := range benchModes {
		var fts []frameTrace
		for range traceRuns {
			ft, err := traceRun(tctx, url, m+"-initial", fmt.Sprintf(`fc.measureInitial(%q)`, m), "fc-build-start")
			if err != nil {
				t.Logf("trace %s: %v", m, err)
				break
			}
			fts = append(fts, ft...)
		}
		if len(fts) > 0 {
			total, phases := medianTrace(fts)
			figs[m].TraceMain, figs[m].TracePhases = &total, phases
		}
		ft, err := traceRun(tctx, url, m+"-add", fmt.Sprintf(`fc.measureIncremental(%q, 20).then(r => r.textOK)`, m), "fc-op")
		if err != nil {
			t.Logf("trace %s incremental: %v", m, err)
			continue
		}
		total, phases := medianTrace(ft)
		figs[m].TraceOpMain, figs[m].TraceOpPhases = &total, phases
	}

	// 2 + 3: incremental add / remove, one fresh page per renderer
	for _, m := range benchModes {
		if err := navigate(tctx, url+"?inc"); err != nil {
			t.Fatal(err)
		}
		r, err := eval[incResult](tctx, fmt.Sprintf(`fc.measureIncremental(%q, %d)`, m, incOps))
		if err != nil {
			t.Fatal(err)
		}
		f := figs[m]
		f.AddJS, f.AddFrame = summarize(r.Add.JS), summarize(r.Add.Frame)
		f.RemoveJS, f.RemoveFrame = summarize(r.Remove.JS), summarize(r.Remove.Frame)
		f.IncTextOK = r.TextOK
		if !r.TextOK {
			t.Errorf("%s: textContent changed after the edits", m)
		}
	}

	// 5a: screenshots of a small overlapping example, and the ::highlight probes
	probes, shots, err := screenshots(tctx, url)
	if err != nil {
		t.Errorf("screenshots: %v", err)
	}
	rep.Probes, rep.Shots = probes, shots

	rep.ElapsedS = time.Since(start).Seconds()
	rep.LoadAfter = loadavg()
	printReport(t, rep)
	if p := os.Getenv("BENCH_JSON"); p != "" {
		b, _ := json.MarshalIndent(rep, "", "  ")
		if err := os.WriteFile(p, append(b, '\n'), 0o644); err != nil {
			t.Errorf("BENCH_JSON: %v", err)
		} else {
			abs, _ := filepath.Abs(p)
			t.Logf("figures written to %s", abs)
		}
	}
}

func numCPU() int { return goruntime.NumCPU() }

func printReport(t *testing.T, rep *Report) {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s, %d CPUs; text %v units, %v paragraphs, %v annotations\n", rep.Browser, rep.CPUs, rep.Text["len"], rep.Text["paragraphs"], rep.Text["annotations"])
	fmt.Fprintf(&b, "initial paint: median of %d runs [min..max], ms\n", rep.Runs)
	fmt.Fprintf(&b, "%-17s %-22s %-22s %-22s %-22s %s\n", "renderer", "build JS", "to after-paint", "to presented (ET)", "LoAF style..commit", "trace main→commit")
	mm := func(s Summary) string {
		return fmt.Sprintf("%7.1f [%.1f..%.1f]", s.Median, s.Min, s.Max)
	}
	for _, f := range rep.Modes {
		tr := "-"
		if f.TraceMain != nil {
			tr = fmt.Sprintf("%.1f", *f.TraceMain)
		}
		fmt.Fprintf(&b, "%-17s %-22s %-22s %-22s %-22s %s\n", f.Mode, mm(f.InitialJS), mm(f.InitialFrame), mm(f.InitialPresented), mm(f.LoafRender), tr)
	}
	fmt.Fprintf(&b, "incremental: %d ops each, p50 / p95 [max], ms\n", rep.IncOps)
	fmt.Fprintf(&b, "%-17s %-22s %-22s %-22s %-22s\n", "renderer", "add JS", "add to after-paint", "remove JS", "remove to after-paint")
	pp := func(s Summary) string { return fmt.Sprintf("%.2f / %.2f [%.1f]", s.Median, s.P95, s.Max) }
	for _, f := range rep.Modes {
		fmt.Fprintf(&b, "%-17s %-22s %-22s %-22s %-22s\n", f.Mode, pp(f.AddJS), pp(f.AddFrame), pp(f.RemoveJS), pp(f.RemoveFrame))
	}
	fmt.Fprintf(&b, "size after initial paint (median; heap after GC)\n")
	fmt.Fprintf(&b, "%-17s %8s %8s %8s %10s %12s %12s %12s\n", "renderer", "nodes", "marks", "texts", "ΔDOMnodes", "JS heap MB", "ΔJS MB", "Δblink MB")
	for _, f := range rep.Modes {
		fmt.Fprintf(&b, "%-17s %8d %8d %8d %10d %12.2f %12.2f %12.2f\n", f.Mode, f.Nodes, f.MarkElements, f.TextNodes, f.DOMNodesDelta, f.JSHeapAfterMB, f.JSHeapDeltaMB, f.EmbedderDeltaMB)
	}
	phases := func(name string, total *float64, ph map[string]float64) {
		if total == nil {
			return
		}
		keys := make([]string, 0, len(ph))
		for k := range ph {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		fmt.Fprintf(&b, "%-26s total=%.1f", name, *total)
		for _, k := range keys {
			fmt.Fprintf(&b, " %s=%.1f", k, ph[k])
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "CDP trace, main thread, ms (medians; initial: %d traced builds; op: 20 adds + 20 removes)\n", traceRuns)
	for _, f := range rep.Modes {
		phases(f.Mode+" initial", f.TraceMain, f.TracePhases)
		phases(f.Mode+" op", f.TraceOpMain, f.TraceOpPhases)
	}
	fmt.Fprintf(&b, "load average before / after: %s / %s\n", rep.LoadBefore, rep.LoadAfter)
	pj, _ := json.MarshalIndent(rep.Probes, "", "  ")
	fmt.Fprintf(&b, "probes: %s\nscreenshots: %v\nelapsed %.0fs\n", pj, rep.Shots, rep.ElapsedS)
	fmt.Print(b.String())
	t.Log("report printed above")
}

// ---------- CDP trace ----------

type traceEvent struct {
	Name string         `json:"name"`
	Cat  string         `json:"cat"`
	Ph   string         `json:"ph"`
	Ts   float64        `json:"ts"`
	Dur  float64        `json:"dur"`
	Pid  int            `json:"pid"`
	Tid  int            `json:"tid"`
	Args map[string]any `json:"args"`
}

// tracer collects Tracing.dataCollected events of a tab. One listener per
// tab; Listen keeps the order, so tracingComplete comes after the data.
type tracer struct {
	mu     sync.Mutex
	events []json.RawMessage
	done   chan struct{}
}

var tracers sync.Map // *chromedp.Target -> *tracer

func getTracer(ctx context.Context) (*tracer, error) {
	c := chromedp.FromContext(ctx)
	if v, ok := tracers.Load(c.Target); ok {
		return v.(*tracer), nil
	}
	tr := &tracer{}
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *tracing.EventDataCollected:
			tr.mu.Lock()
			for _, v := range ev.Value {
				tr.events = append(tr.events, json.RawMessage(slices.Clone([]byte(v))))
			}
			tr.mu.Unlock()
		case *tracing.EventTracingComplete:
			tr.mu.Lock()
			if tr.done != nil {
				close(tr.done)
				tr.done = nil
			}
			tr.mu.Unlock()
		}
	})
	if err != nil {
		return nil, err
	}
	tracers.Store(c.Target, tr)
	return tr, nil
}

// frameTrace is the main-thread cost of one frame in a CDP trace: the
// top-level task that holds a user-timing mark (the BeginMainFrame task that
// runs the rAF callback, then style, layout, paint and commit).
type frameTrace struct {
	Total  float64            // ms from the mark to the end of that task
	Phases map[string]float64 // ms per phase inside the window
}

// traceRun evaluates expr with tracing on and returns one frameTrace per
// user-timing mark called markName.
func traceRun(ctx context.Context, url, tag, expr, markName string) ([]frameTrace, error) {
	if err := navigate(ctx, url+"?trace"); err != nil {
		return nil, err
	}
	if _, err := chromedp.Call(ctx, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
		return nil, err
	}
	tr, err := getTracer(ctx)
	if err != nil {
		return nil, err
	}
	done := make(chan struct{})
	tr.mu.Lock()
	tr.events, tr.done = nil, done
	tr.mu.Unlock()
	_, err = chromedp.Call(ctx, tracing.Start, tracing.StartParams{
		TransferMode: tracing.StartTransferModeReportEvents,
		TraceConfig: &tracing.TraceConfig{IncludedCategories: []string{
			"devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "toplevel",
		}},
	})
	if err != nil {
		return nil, err
	}
	if _, err := eval[json.RawMessage](ctx, expr); err != nil {
		return nil, err
	}
	if _, err := chromedp.Call(ctx, tracing.End, cdp.Empty{}); err != nil {
		return nil, err
	}
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		return nil, fmt.Errorf("no tracingComplete")
	}
	tr.mu.Lock()
	raw := tr.events
	tr.events = nil
	tr.mu.Unlock()
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
	return analyzeTrace(evs, markName)
}

var tracePhase = map[string]string{
	"FunctionCall": "script", "UpdateLayoutTree": "style", "Layout": "layout",
	"PrePaint": "prepaint", "Paint": "paint", "Layerize": "layerize", "Commit": "commit",
	"MajorGC": "gc", "MinorGC": "gc",
}

func analyzeTrace(evs []traceEvent, markName string) ([]frameTrace, error) {
	var out []frameTrace
	for mi := range evs {
		mark := &evs[mi]
		if mark.Name != markName || !strings.Contains(mark.Cat, "user_timing") {
			continue
		}
		pid, tid := mark.Pid, mark.Tid
		var task *traceEvent
		for i := range evs {
			e := &evs[i]
			if e.Pid == pid && e.Tid == tid && e.Ph == "X" && e.Name == "RunTask" && e.Ts <= mark.Ts && e.Ts+e.Dur >= mark.Ts {
				if task == nil || e.Dur > task.Dur {
					task = e
				}
			}
		}
		if task == nil {
			continue
		}
		end := task.Ts + task.Dur
		ft := frameTrace{Total: (end - mark.Ts) / 1000, Phases: map[string]float64{}}
		for _, e := range evs {
			if e.Pid != pid || e.Tid != tid || e.Ph != "X" || e.Ts < mark.Ts || e.Ts+e.Dur > end {
				continue
			}
			if k, ok := tracePhase[e.Name]; ok {
				ft.Phases[k] += e.Dur / 1000
			}
		}
		out = append(out, ft)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no %q mark inside a main-thread task in %d events", markName, len(evs))
	}
	return out, nil
}

// medianTrace is the per-field median of several frame traces.
func medianTrace(fs []frameTrace) (float64, map[string]float64) {
	var tot []float64
	ph := map[string][]float64{}
	for _, f := range fs {
		tot = append(tot, f.Total)
		for k := range tracePhase {
			k = tracePhase[k]
			if _, seen := ph[k]; !seen {
				ph[k] = nil
			}
		}
		for k := range ph {
			ph[k] = append(ph[k], f.Phases[k])
		}
	}
	m := map[string]float64{}
	for k, v := range ph {
		if med := summarize(v).Median; med > 0 {
			m[k] = math.Round(med*100) / 100
		}
	}
	return summarize(tot).Median, m
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
