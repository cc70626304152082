package appbench

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
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
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Repetitions: kept small so that `make bench` stays under ~10 minutes on
// two shared cores. FRAMECHECK_BENCH_QUICK=1 runs each part once or a few
// times, to check the harness.
var (
	loadRuns     = 5   // cold + warm loads per app, after one dropped warm-up
	openRuns     = 5   // opening the long readout from the workspace list
	reloadRuns   = 5   // reloading with the long readout open
	interactions = 200 // annotate (and delete) on the long readout
	importRuns   = 3   // import of the 10k workspace
	exportRuns   = 5   // export of the 10k workspace
)

// Summary of a sample (nearest-rank p95).
type Summary struct {
	N      int     `json:"n"`
	Min    float64 `json:"min"`
	Median float64 `json:"median"`
	P95    float64 `json:"p95"`
	Max    float64 `json:"max"`
}

// summarizeRanks is summarize with a nearest-rank median, for samples where
// 0 stands for "below the Event Timing threshold": the median is then a
// measured value or 0, never the mean of the two.
func summarizeRanks(xs []float64) Summary {
	s := summarize(xs)
	if len(xs) > 0 {
		c := slices.Clone(xs)
		slices.Sort(c)
		s.Median = math.Round(c[max(0, int(math.Ceil(0.5*float64(len(c))))-1)]*100) / 100
	}
	return s
}

func summarize(xs []float64) Summary {
	if len(xs) == 0 {
		return Summary{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	i95 := max(0, int(math.Ceil(0.95*float64(len(s))))-1)
	r := func(x float64) float64 { return math.Round(x*100) / 100 }
	return Summary{N: len(s), Min: r(s[0]), Median: r(med), P95: r(s[i95]), Max: r(s[len(s)-1])}
}

// Interaction figures from Event Timing. Interactions whose duration was
// under the API's smallest threshold (16 ms) produce no entry; they count as
// 0 in the percentiles ("<16" in the table) and are counted in Unreported.
type InteractionFigures struct {
	Count      int     `json:"count"`
	Unreported int     `json:"unreportedUnder16ms"`
	Failed     int     `json:"failed"`
	Duration   Summary `json:"durationMs"`
	Processing Summary `json:"processingMs"`
	Delay      Summary `json:"inputDelayMs"`
	// Next-paint end, measured as the end marker after the DOM change was
	// seen (setTimeout polling + rAF/MessageChannel), minus the keydown
	// timeStamp: a cross-check of the Event Timing duration.
	KeyToPaint Summary `json:"keyToPaintMs"`
}

type AppLoad struct {
	Name            string  `json:"name"`
	WasmRaw         int64   `json:"wasmRawBytes"`
	WasmGzip        int64   `json:"wasmGzipBytes"`
	WasmBrotli      int64   `json:"wasmBrotliBytes"`
	ColdWireBytes   Summary `json:"coldWireBytes"`   // page's Network.loadingFinished encodedDataLength
	ColdServerBytes Summary `json:"coldServerBytes"` // server access log body bytes, incl. service worker fetches
	ColdRequests    Summary `json:"coldRequests"`
	WarmWireBytes   Summary `json:"warmWireBytes"`
	WarmServerBytes Summary `json:"warmServerBytes"`
	ColdLoaderGone  Summary `json:"coldLoaderGoneMs"`
	ColdReady       Summary `json:"coldReadyMs"`
	ColdInteractive Summary `json:"coldInteractiveMs"`
	WarmLoaderGone  Summary `json:"warmLoaderGoneMs"`
	WarmReady       Summary `json:"warmReadyMs"`
	WarmInteractive Summary `json:"warmInteractiveMs"`
	WasmMemory      Summary `json:"wasmMemoryBytes"` // after the cold load
	JSHeap          Summary `json:"jsHeapBytes"`     // after the cold load and a GC
}

type Report struct {
	When        string   `json:"when"`
	Browser     string   `json:"browser"`
	CPUs        int      `json:"cpus"`
	CPUModel    string   `json:"cpuModel"`
	GoVersion   string   `json:"goVersion"`
	LoadBefore  string   `json:"loadavgBefore"`
	LoadAfter   string   `json:"loadavgAfter"`
	ElapsedS    float64  `json:"elapsedSeconds"`
	Notes       []string `json:"notes"`
	App, Floor  *AppLoad `json:"-"`
	Apps        []*AppLoad
	Ratios      map[string]float64 `json:"ratiosToFloor"`
	LongReadout struct {
		TextCodePoints int     `json:"textCodePoints"`
		TextUTF16      int     `json:"textUTF16"`
		Annotations    int     `json:"annotations"`
		Spans          int     `json:"spans"`
		Points         int     `json:"points"`
		Nested         int     `json:"nested"`
		Crossing       int     `json:"crossing"`
		JSONBytes      int     `json:"jsonBytes"`
		OpenPainted    Summary `json:"openClickToPaintedMs"`  // Workspaces > Open click -> text + highlights painted
		OpenList       Summary `json:"openClickToListMs"`     // ... -> all list entries painted
		ReloadPainted  Summary `json:"reloadNavToPaintedMs"`  // reload (warm, SW) -> text + highlights painted
		ReloadList     Summary `json:"reloadNavToListMs"`     // ... -> all list entries painted
		WasmMemory     float64 `json:"wasmMemoryBytes"`       // after the long readout is open
		JSHeapUsed     float64 `json:"jsHeapUsedBytes"`       // Runtime.getHeapUsage after a GC
		EmbedderHeap   float64 `json:"embedderHeapUsedBytes"` // Blink's GC heap (DOM, Ranges)
		JSHeapTotal    float64 `json:"jsHeapTotalBytes"`      //
		DOMNodes       int     `json:"domNodes"`              // document.getElementsByTagName('*').length
		Registered     int     `json:"registeredSpans"`       // ranges in CSS.highlights (near the viewport), -1 without framecheck.held
	} `json:"longReadout"`
	Annotate InteractionFigures `json:"annotate"`
	Delete   InteractionFigures `json:"delete"`
	// DeleteRightAfter: Delete pressed as soon as the add is painted, not
	// after the page settled (framecheck only; the peer's rounds settle).
	DeleteRightAfter InteractionFigures `json:"deleteRightAfterAdd"`
	Profile          map[string]float64 `json:"annotateTraceMainThreadMsPerInteraction,omitempty"`
	Peer             *PeerReport        `json:"peer,omitempty"` // TestPeer, when it runs after TestBench
	Big              struct {
		Annotations     int     `json:"annotations"`
		JSONBytes       int     `json:"jsonBytes"`
		ExportClickFile Summary `json:"exportClickToFileMs"` // Go clock: mouse press sent -> download completed
		ExportClickBlob Summary `json:"exportClickToBlobMs"` // page clock: mousedown -> download anchor clicked
		ImportValidate  Summary `json:"importFileToSummaryMs"`
		ImportOpen      Summary `json:"importClickToPaintedMs"`
		ImportList      Summary `json:"importClickToListMs"`
		ImportTotal     Summary `json:"importFileToListMs"`
	} `json:"tenThousand"`
}

func TestBench(t *testing.T) {
	if os.Getenv("FRAMECHECK_BENCH") != "1" {
		t.Skip("benchmark: set FRAMECHECK_BENCH=1 (make bench) to run it")
	}
	if os.Getenv("FRAMECHECK_BENCH_QUICK") == "1" {
		loadRuns, openRuns, reloadRuns, interactions, importRuns, exportRuns = 1, 1, 1, 24, 1, 1
	}
	chromium := findChromium()
	if chromium == "" {
		t.Fatal("Chromium not found (apt-get install -y chromium, or set FRAMECHECK_CHROMIUM)")
	}
	start := time.Now()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(root, "bin", "framecheck")
	web := filepath.Join(root, "web")
	for _, f := range []string{bin, filepath.Join(web, "app.wasm"), filepath.Join(web, "app.wasm.br"), filepath.Join(web, "app.wasm.gz")} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("%s is missing: run make build first (make bench does)", f)
		}
	}
	rep := &Report{When: time.Now().UTC().Format(time.RFC3339), CPUs: goruntime.NumCPU(), CPUModel: cpuModel(), GoVersion: goruntime.Version(), LoadBefore: loadavg()}
	rep.Notes = append(rep.Notes,
		"times in ms from the page's clock (performance.now / event timeStamps; navigation start = 0) unless noted",
		"painted = end marker (one rAF + MessageChannel message, after that frame's paint) once the condition was seen by setTimeout(4 ms) polling or a MutationObserver",
		"floor = go-app hello world (bench/app/testdata/floor), same build flags, served by bin/framecheck -web <its own web dir>")

	// 2. The floor, built now with the same flags as framecheck's app.wasm,
	// in a web directory that holds the same other assets. It is served by
	// the same bin/framecheck (-web floorDir): the same page shell, headers,
	// precompressed app.wasm and service worker, so the two differ only in
	// their wasm. (The shell's prerendered body is framecheck's "Loading…",
	// which the floor replaces with its hello world; the floor's wire bytes
	// therefore include framecheck.css and icons, about 20 KB.)
	floorWeb := buildFloor(t, root, web, bin)

	rep.App = &AppLoad{Name: "framecheck"}
	rep.Floor = &AppLoad{Name: "floor (go-app hello world)"}
	rep.Apps = []*AppLoad{rep.App, rep.Floor}
	for _, a := range []struct {
		l   *AppLoad
		dir string
	}{{rep.App, web}, {rep.Floor, floorWeb}} {
		a.l.WasmRaw = fileSize(t, filepath.Join(a.dir, "app.wasm"))
		a.l.WasmGzip = fileSize(t, filepath.Join(a.dir, "app.wasm.gz"))
		a.l.WasmBrotli = fileSize(t, filepath.Join(a.dir, "app.wasm.br"))
	}

	appSrv := startServer(t, bin, web)
	floorSrv := startServer(t, bin, floorWeb)

	// 1 + 3. Loads.
	apps := []loadTarget{
		{l: rep.App, srv: appSrv, ready: `main.fc-shell[data-ready="1"]`, answer: `[data-panel="help"]`},
		{l: rep.Floor, srv: floorSrv, ready: `main[data-ready="1"]`, answer: `main[data-keys="1"]`},
	}
	samples := map[*AppLoad][]loadSample{}
	for run := 0; run <= loadRuns; run++ {
		for k := range apps {
			a := apps[(run+k)%len(apps)]
			s := measureLoad(t, chromium, a, &rep.Browser)
			if run > 0 {
				samples[a.l] = append(samples[a.l], s)
			}
			t.Logf("load run %d %s: cold interactive %.0f ms, warm %.0f ms, %d wire bytes", run, a.l.Name, s.cold.interactive, s.warm.interactive, int64(s.cold.wire))
		}
	}
	for _, a := range apps {
		var f [13][]float64
		for _, s := range samples[a.l] {
			for i, v := range []float64{s.cold.wire, s.cold.server, s.cold.requests, s.warm.wire, s.warm.server,
				s.cold.loaderGone, s.cold.ready, s.cold.interactive, s.warm.loaderGone, s.warm.ready, s.warm.interactive, s.wasmMem, s.jsHeap} {
				f[i] = append(f[i], v)
			}
		}
		l := a.l
		l.ColdWireBytes, l.ColdServerBytes, l.ColdRequests = summarize(f[0]), summarize(f[1]), summarize(f[2])
		l.WarmWireBytes, l.WarmServerBytes = summarize(f[3]), summarize(f[4])
		l.ColdLoaderGone, l.ColdReady, l.ColdInteractive = summarize(f[5]), summarize(f[6]), summarize(f[7])
		l.WarmLoaderGone, l.WarmReady, l.WarmInteractive = summarize(f[8]), summarize(f[9]), summarize(f[10])
		l.WasmMemory, l.JSHeap = summarize(f[11]), summarize(f[12])
	}
	ratio := func(a, b float64) float64 {
		if b == 0 {
			return 0
		}
		return math.Round(a/b*1000) / 1000
	}
	A, F := rep.App, rep.Floor
	rep.Ratios = map[string]float64{
		"wasmRaw":         ratio(float64(A.WasmRaw), float64(F.WasmRaw)),
		"wasmGzip":        ratio(float64(A.WasmGzip), float64(F.WasmGzip)),
		"wasmBrotli":      ratio(float64(A.WasmBrotli), float64(F.WasmBrotli)),
		"coldWireBytes":   ratio(A.ColdWireBytes.Median, F.ColdWireBytes.Median),
		"coldServerBytes": ratio(A.ColdServerBytes.Median, F.ColdServerBytes.Median),
		"coldInteractive": ratio(A.ColdInteractive.Median, F.ColdInteractive.Median),
		"warmInteractive": ratio(A.WarmInteractive.Median, F.WarmInteractive.Median),
		"coldReady":       ratio(A.ColdReady.Median, F.ColdReady.Median),
		"warmReady":       ratio(A.WarmReady.Median, F.WarmReady.Median),
		"wasmMemory":      ratio(A.WasmMemory.Median, F.WasmMemory.Median),
	}
	t.Logf("loads done at %.0fs", time.Since(start).Seconds())

	// 4-7 in one browser on framecheck.
	longWS := genWorkspace(t, 'a', "Long readout", 7, 100_000, 2_000)
	bigWS := genWorkspace(t, 'c', "Ten thousand", 11, 100_000, 10_000)
	measureApp(t, chromium, appSrv, rep, longWS, bigWS, start)

	rep.ElapsedS = math.Round(time.Since(start).Seconds())
	rep.LoadAfter = loadavg()
	printReport(os.Stdout, rep)
	lastBench = rep // TestPeer prints its figures beside framecheck's
	path := os.Getenv("BENCH_JSON")
	if path == "" {
		path = filepath.Join(root, "bench-results.json")
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		t.Errorf("BENCH_JSON: %v", err)
	} else {
		t.Logf("figures written to %s", path)
	}
}

func fileSize(t *testing.T, p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// buildFloor builds testdata/floor into a web directory next to copies of
// web/'s other assets and precompresses it with the server binary itself
// (brotli 11, gzip best: the same as make build).
func buildFloor(t *testing.T, root, web, bin string) string {
	t.Helper()
	dir := t.TempDir()
	err := filepath.WalkDir(web, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(web, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		if strings.HasPrefix(d.Name(), "app.wasm") || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(filepath.Join(dir, rel))
		if err != nil {
			return err
		}
		_, err = io.Copy(out, in)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goTool(), "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(dir, "app.wasm"), "./bench/app/testdata/floor")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the floor: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "-web", dir, "-precompress").CombinedOutput(); err != nil {
		t.Fatalf("precompressing the floor: %v\n%s", err, out)
	}
	return dir
}

// goTool is the go command for the builds of the floor and of the profiled
// app.wasm: $GO when set, else go on PATH, else the toolchain that runs
// this test.
func goTool() string {
	if g := os.Getenv("GO"); g != "" {
		return g
	}
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(goruntime.GOROOT(), "bin", "go")
}

// ---------------------------------------------------------------------------
// Loads

type loadTarget struct {
	l             *AppLoad
	srv           *server
	ready, answer string
}

type loadFigures struct {
	wire, server, requests         float64
	loaderGone, ready, interactive float64
}

type loadSample struct {
	cold, warm      loadFigures
	wasmMem, jsHeap float64
}

// measureLoad opens the app in a new browser with a fresh profile (empty
// cache, no service worker): the cold load. Once the service worker
// controls the page, it navigates again: the warm reload. For each it
// records when go-app's loader was removed, when the app's ready selector
// matched, and "interactive": the end marker of the first frame painted
// after the app answered the probe, a real "?" key press sent as soon as
// both had happened.
func measureLoad(t *testing.T, chromium string, a loadTarget, version *string) loadSample {
	tb := newTab(t, chromium, instrumentation(a.ready, a.answer))
	defer tb.close()
	if *version == "" {
		*version = tb.version()
	}
	var mu sync.Mutex
	var wire, requests float64
	fin := chromedp.Events(tb.ctx, network.LoadingFinished)
	go func() {
		for ev, err := range fin {
			if err != nil {
				return
			}
			mu.Lock()
			wire += ev.EncodedDataLength
			requests++
			mu.Unlock()
		}
	}()
	var s loadSample
	one := func(f *loadFigures) {
		mark := a.srv.log.Len()
		mu.Lock()
		wire, requests = 0, 0
		mu.Unlock()
		tb.navigate(a.srv.url + "/")
		eval[float64](tb, 120*time.Second, `__fcb.whenReady`)
		tb.press("?")
		f.interactive = eval[float64](tb, 60*time.Second, `__fcb.whenAnswered`)
		tm := eval[map[string]float64](tb, 10*time.Second, `__fcb.t`)
		f.loaderGone, f.ready = tm["loaderGone"], tm["ready"]
		// Let the service worker finish installing (it precaches every
		// resource), then count what went over the wire.
		tb.waitJS("the service worker to control the page", `navigator.serviceWorker && navigator.serviceWorker.controller`, 120*time.Second)
		time.Sleep(700 * time.Millisecond)
		mu.Lock()
		f.wire, f.requests = wire, requests
		mu.Unlock()
		b, _ := a.srv.servedSince(mark)
		f.server = float64(b)
	}
	one(&s.cold)
	s.wasmMem = eval[float64](tb, 10*time.Second, `__fcb.wasmMemory()`)
	s.jsHeap = heapUsed(t, tb).JSUsed
	one(&s.warm)
	return s
}

type heapInfo struct {
	JSUsed, JSTotal, Embedder float64
}

func heapUsed(t *testing.T, tb *tab) heapInfo {
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
		t.Fatalf("GC: %v", err)
	}
	h, err := chromedp.Call(ctx, runtime.GetHeapUsage, cdp.Empty{})
	if err != nil {
		t.Fatalf("heap usage: %v", err)
	}
	return heapInfo{JSUsed: h.UsedSize, JSTotal: h.TotalSize, Embedder: h.EmbedderHeapUsedSize}
}

// ---------------------------------------------------------------------------
// The long readout, annotate/delete, export/import, memory

func measureApp(t *testing.T, chromium string, srv *server, rep *Report, long, big *benchWorkspace, start time.Time) {
	tb := newTab(t, chromium, instrumentation(`main.fc-shell[data-ready="1"]`, ""))
	defer tb.close()
	tb.navigate(srv.url + "/")
	tb.waitJS("the app to be ready", `document.querySelector('main.fc-shell[data-ready="1"]')`, 120*time.Second)
	sampleID := eval[string](tb, 10*time.Second, `localStorage.getItem('framecheck.current')`)

	// Inject the long readout through the app's own storage: the records
	// the app writes itself (IndexedDB 'framecheck', stores meta and data).
	lr := &rep.LongReadout
	lr.TextCodePoints, lr.TextUTF16 = 100_000, long.TextLen16
	lr.Annotations, lr.Spans, lr.Points = len(long.WS.Annotations), long.Spans, long.Points
	lr.Nested, lr.Crossing, lr.JSONBytes = long.Nested, long.Crossing, len(long.JSON)
	injectIDB(t, tb, long)

	listDone := func(n int) string { return fmt.Sprintf(`() => __fcb.listShows(%d)`, n) }
	lastDown := func() float64 { return eval[float64](tb, 10*time.Second, `__fcb.downs[__fcb.downs.length - 1]`) }
	untilBoth := func(a, b string, timeout time.Duration) (float64, float64) {
		r := eval[[]float64](tb, timeout+10*time.Second, fmt.Sprintf(`Promise.all([__fcb.until(%s, %d), __fcb.until(%s, %d)])`, a, timeout.Milliseconds(), b, timeout.Milliseconds()))
		if r[0] < 0 || r[1] < 0 {
			t.Fatalf("timed out waiting for %s / %s", a, b)
		}
		return r[0], r[1]
	}

	// 4a. Open it from the workspace list: click -> painted.
	tb.click(`button[data-action="workspaces"]`)
	var open, openList []float64
	for range openRuns {
		row := long.openRow()
		tb.waitJS("the long workspace in the list", fmt.Sprintf(`document.querySelector(%q)`, row), 30*time.Second)
		tb.click(row)
		p, l := untilBoth(long.painted(), listDone(len(long.WS.Annotations)), 60*time.Second)
		d := lastDown()
		open, openList = append(open, p-d), append(openList, l-d)
		// back to the sample, to open the long one afresh
		row = fmt.Sprintf(`[data-workspace-row=%q] button[data-action="open-workspace"]`, sampleID)
		tb.waitJS("the sample in the list", fmt.Sprintf(`document.querySelector(%q)`, row), 30*time.Second)
		tb.click(row)
		tb.waitJS("the sample to open", fmt.Sprintf(`!document.querySelector('[data-readout-id=%q]') && document.querySelector('[data-readout-id]')`, long.ReadoutID), 60*time.Second)
		time.Sleep(300 * time.Millisecond)
	}
	lr.OpenPainted, lr.OpenList = summarize(open), summarize(openList)
	t.Logf("long readout: open %v", lr.OpenPainted)

	// 4b. Reload with it open (the service worker serves the app).
	openAsCurrent(tb, long)
	var reload, reloadList []float64
	for range reloadRuns {
		tb.navigate(srv.url + "/")
		p, l := untilBoth(long.painted(), listDone(len(long.WS.Annotations)), 120*time.Second)
		reload, reloadList = append(reload, p), append(reloadList, l)
	}
	lr.ReloadPainted, lr.ReloadList = summarize(reload), summarize(reloadList)
	t.Logf("long readout: reload %v", lr.ReloadPainted)

	// 7. Memory with the long readout open.
	time.Sleep(time.Second)
	lr.WasmMemory = eval[float64](tb, 10*time.Second, `__fcb.wasmMemory()`)
	h := heapUsed(t, tb)
	lr.JSHeapUsed, lr.JSHeapTotal, lr.EmbedderHeap = h.JSUsed, h.JSTotal, h.Embedder
	lr.DOMNodes = eval[int](tb, 10*time.Second, `document.getElementsByTagName('*').length`)
	lr.Registered = eval[int](tb, 10*time.Second, `self.framecheck && self.framecheck.held ? self.framecheck.held().shown : -1`)
	t.Logf("memory done at %.0fs", time.Since(start).Seconds())

	// 5. Annotate and delete, interleaved: select a range, press 1 (the new
	// annotation is created and selected), wait for it to be painted, press
	// Delete, wait, then wait for the autosave before the next round, as a
	// user's pace would allow. Event Timing entries are matched to the key
	// by the mark set just before it.
	measureInteractions(t, tb, rep, long, start)

	// 6. Import, then export, the 10k workspace.
	measureBig(t, tb, rep, big)
}

func injectIDB(t *testing.T, tb *tab, w *benchWorkspace) {
	meta, err := json.Marshal(w.Meta)
	if err != nil {
		t.Fatal(err)
	}
	ok := eval[bool](tb, 60*time.Second, js(`async (meta, b64) => {
      const bin = atob(b64);
      const data = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i);
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open('framecheck', 1);
        r.onupgradeneeded = () => {
          const d = r.result;
          if (!d.objectStoreNames.contains('meta')) d.createObjectStore('meta', { keyPath: 'id' });
          if (!d.objectStoreNames.contains('data')) d.createObjectStore('data');
        };
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      await new Promise((resolve, reject) => {
        const tx = db.transaction(['meta', 'data'], 'readwrite');
        tx.objectStore('meta').put(meta);
        tx.objectStore('data').put(data, meta.id);
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
      return true;
    }`, json.RawMessage(meta), base64.StdEncoding.EncodeToString(w.JSON)))
	if !ok {
		t.Fatal("injecting the workspace into IndexedDB failed")
	}
}

type etEntry struct {
	Name  string  `json:"name"`
	Start float64 `json:"start"`
	Dur   float64 `json:"dur"`
	PS    float64 `json:"ps"`
	PE    float64 `json:"pe"`
	IID   int64   `json:"iid"`
}

type pageMark struct {
	Label string  `json:"label"`
	T     float64 `json:"t"`
}

// measureInteractions times adding a span (selection + key 1) and deleting
// it (Delete) on w's readout: rounds that settle as the peer's do (its
// Annotate and Delete figures), then rounds that press Delete right after
// the add is painted (DeleteRightAfter).
func measureInteractions(t *testing.T, tb *tab, rep *Report, w *benchWorkspace, start time.Time) {
	rep.Annotate, rep.Delete, rep.Profile = interactionRounds(t, tb, w, interactions, true, start)
	n := max(interactions/2, 12)
	_, rep.DeleteRightAfter, _ = interactionRounds(t, tb, w, n, false, start)
}

// interactionRounds runs n rounds of add then delete (see measureInteractions)
// and sums them up; settled rounds wait for the page to be quiet (__quiet)
// after a scroll and between the add and the delete, as the peer's rounds
// do, others press Delete as soon as the add is painted. The last 20
// settled rounds are traced.
func interactionRounds(t *testing.T, tb *tab, w *benchWorkspace, n int, settled bool, start time.Time) (annotate, del InteractionFigures, profile map[string]float64) {
	base := w.Spans
	rng := rand.New(rand.NewPCG(99, 100))
	eval[bool](tb, 10*time.Second, `(window.fcbRange = `+rangeJS+`, __fcb.entries.length = 0, __fcb.marks.length = 0, true)`)
	type round struct {
		aMark, dMark   float64
		aPaint, dPaint float64
		aOK, dOK       bool
	}
	rounds := make([]round, n)
	traceFrom := n - 20 // the last 20 rounds are traced for a profile
	if !settled {
		traceFrom = -1
	}
	var trace *tracer
	for i := range n {
		if i == traceFrom {
			trace = startTrace(t, tb)
		}
		s := rng.IntN(100_000 - 80)
		e := s + 5 + rng.IntN(56)
		eval[bool](tb, 30*time.Second, js(`async (id, s, e, settle) => {
          const r = fcbRange(id, s, e);
          const b = r.getBoundingClientRect();
          if (b.top < 120 || b.bottom > innerHeight - 60) {
            scrollBy(0, b.top - innerHeight / 3);
            if (settle) await __quiet(100);
          }
          const sel = getSelection();
          sel.removeAllRanges();
          sel.addRange(r);
          await __fcb.afterPaint();
          return true;
        }`, w.ReadoutID, s, e, settled))
		r := &rounds[i]
		// The end condition is polled from before the key, as the peer's
		// is from its API call: polling armed only after the key's CDP
		// round trips would see a highlight painted meanwhile late, and
		// add a frame.
		r.aMark = eval[float64](tb, 10*time.Second, fmt.Sprintf(`(__fcb.mark('annotate'), __fcb.pending = __fcb.until(() => __fcb.highlightCount() === %d, 30000), performance.now())`, base+1))
		tb.press("1")
		r.aPaint = eval[float64](tb, 40*time.Second, `__fcb.pending`)
		r.aOK = r.aPaint >= 0
		if settled {
			eval[float64](tb, 10*time.Second, `__quiet(100)`)
		}
		r.dMark = eval[float64](tb, 10*time.Second, fmt.Sprintf(`(__fcb.mark('delete'), __fcb.pending = __fcb.until(() => __fcb.highlightCount() === %d, 30000), performance.now())`, base))
		tb.press("Delete")
		r.dPaint = eval[float64](tb, 40*time.Second, `__fcb.pending`)
		r.dOK = r.dPaint >= 0
		if !r.aOK || !r.dOK {
			t.Logf("round %d: annotate ok %v, delete ok %v (highlights %v)", i, r.aOK, r.dOK, eval[float64](tb, 10*time.Second, `__fcb.highlightCount()`))
			if !r.dOK && eval[float64](tb, 10*time.Second, `__fcb.highlightCount()`) != float64(base) {
				t.Fatalf("the readout no longer has %d highlights; stopping", base)
			}
		}
		// Autosave: wait until it is stored (a user does not annotate
		// ten times a second; the next round must not pay for this one).
		// The header says "Saving…" only once go-app has rendered the
		// change, which may come after this point: wait for that, then
		// for "saved".
		eval[float64](tb, 40*time.Second, `(() => { let seen = false; return __fcb.until(() => { const m = document.querySelector('main.fc-shell'); if (m && m.dataset.saveState !== 'saved') seen = true; return seen && m.dataset.saveState === 'saved'; }, 30000); })()`)
		if i%50 == 49 {
			t.Logf("interactions: %d rounds at %.0fs", i+1, time.Since(start).Seconds())
		}
	}
	if trace != nil {
		profile = trace.stop(t, tb)
	}
	entries := eval[[]etEntry](tb, 30*time.Second, `__fcb.entries`)
	keyTimes := eval[[]float64](tb, 10*time.Second, `__fcb.keys`)
	marks := eval[[]pageMark](tb, 10*time.Second, `__fcb.marks`)
	// group the key interactions' entries by interaction id
	type inter struct {
		start, dur, proc, delay float64
	}
	byID := map[int64]*inter{}
	var ids []int64
	for _, e := range entries {
		if e.IID == 0 || !strings.HasPrefix(e.Name, "key") {
			continue
		}
		it := byID[e.IID]
		if it == nil {
			it = &inter{start: e.Start, delay: e.PS - e.Start}
			byID[e.IID] = it
			ids = append(ids, e.IID)
		}
		it.start = min(it.start, e.Start)
		it.dur = max(it.dur, e.Dur)
		it.proc = max(it.proc, e.PE-e.PS)
		if e.Name == "keydown" {
			it.delay = e.PS - e.Start
		}
	}
	// assign to marks: an interaction belongs to the last mark before it
	figs := map[string]*struct {
		dur, proc, delay, k2p []float64
		count, unrep, failed  int
	}{"annotate": {}, "delete": {}}
	for i, m := range marks {
		next := math.Inf(1)
		if i+1 < len(marks) {
			next = marks[i+1].T
		}
		f := figs[m.Label]
		f.count++
		ok := rounds[i/2].aOK
		paint := rounds[i/2].aPaint
		if m.Label == "delete" {
			ok, paint = rounds[i/2].dOK, rounds[i/2].dPaint
		}
		if !ok {
			f.failed++
			continue
		}
		var found *inter
		for _, id := range ids {
			if it := byID[id]; it.start >= m.T && it.start < next {
				found = it
				break
			}
		}
		if found == nil {
			f.unrep++
			f.dur, f.proc, f.delay = append(f.dur, 0), append(f.proc, 0), append(f.delay, 0)
		} else {
			f.dur, f.proc, f.delay = append(f.dur, found.dur), append(f.proc, found.proc), append(f.delay, found.delay)
		}
		for _, k := range keyTimes {
			if k >= m.T && k < next {
				f.k2p = append(f.k2p, paint-k)
				break
			}
		}
	}
	for name, dst := range map[string]*InteractionFigures{"annotate": &annotate, "delete": &del} {
		f := figs[name]
		*dst = InteractionFigures{Count: f.count, Unreported: f.unrep, Failed: f.failed,
			Duration: summarizeRanks(f.dur), Processing: summarizeRanks(f.proc), Delay: summarizeRanks(f.delay), KeyToPaint: summarizeRanks(f.k2p)}
	}
	return annotate, del, profile
}

func measureBig(t *testing.T, tb *tab, rep *Report, big *benchWorkspace) {
	b := &rep.Big
	b.Annotations, b.JSONBytes = len(big.WS.Annotations), len(big.JSON)
	file := filepath.Join(t.TempDir(), "ten-thousand.framecheck.json")
	if err := os.WriteFile(file, big.JSON, 0o644); err != nil {
		t.Fatal(err)
	}
	paintedAny := fmt.Sprintf(`() => __fcb.highlightCount() === %d && [...document.querySelectorAll('[data-readout-id]')].some(e => e.textContent.length === %d)`, big.Spans, big.TextLen16)
	listDone := fmt.Sprintf(`() => __fcb.listShows(%d)`, len(big.WS.Annotations))
	var val, open, list, total []float64
	for run := range importRuns {
		// a new, empty workspace first, so that the import is what paints
		if !eval[bool](tb, 10*time.Second, `!!document.querySelector('[data-panel="workspaces"]')`) {
			tb.click(`button[data-action="workspaces"]`)
		}
		tb.waitJS("the workspaces panel", `document.querySelector('button[data-action="new-workspace"]')`, 30*time.Second)
		tb.click(`button[data-action="new-workspace"]`)
		tb.waitJS("an empty workspace", `!document.querySelector('[data-readout-id]') && __fcb.highlightCount() === 0`, 60*time.Second)
		time.Sleep(500 * time.Millisecond)
		nChanges := eval[int](tb, 10*time.Second, `__fcb.changes.length`)
		tb.do(60*time.Second, "choose the file", chromedp.SetUploadFiles(chromedp.CSS(`input[name="import-file"]`), []string{file}))
		summary := eval[float64](tb, 130*time.Second, `__fcb.until(() => document.querySelector('[data-import-summary]'), 120000)`)
		if summary < 0 {
			t.Fatalf("import: no summary: %s", eval[string](tb, 10*time.Second, `(document.querySelector('[data-panel="import"]') || {}).textContent || 'no import panel'`))
		}
		changes := eval[[]float64](tb, 10*time.Second, `__fcb.changes`)
		if len(changes) <= nChanges {
			t.Fatalf("import: no change event was seen")
		}
		chosen := changes[nChanges]
		tb.click(`button[data-action="import-new"]`)
		r := eval[[]float64](tb, 190*time.Second, fmt.Sprintf(`Promise.all([__fcb.until(%s, 180000), __fcb.until(%s, 180000)])`, paintedAny, listDone))
		if r[0] < 0 || r[1] < 0 {
			t.Fatalf("import: the 10k workspace was not painted within 180 s (%v)", r)
		}
		d := eval[float64](tb, 10*time.Second, `__fcb.downs[__fcb.downs.length - 1]`)
		val, open, list, total = append(val, summary-chosen), append(open, r[0]-d), append(list, r[1]-d), append(total, max(r[0], r[1])-chosen)
		t.Logf("import run %d: validate %.0f ms, open %.0f / list %.0f ms", run, summary-chosen, r[0]-d, r[1]-d)
		time.Sleep(time.Second)
	}
	b.ImportValidate, b.ImportOpen, b.ImportList, b.ImportTotal = summarize(val), summarize(open), summarize(list), summarize(total)

	// Export with the 10k workspace open (the last import).
	var file2, blob []float64
	for run := range exportRuns {
		ctx, cancel := context.WithTimeout(tb.ctx, 120*time.Second)
		begins := chromedp.BrowserEvents(ctx, browser.DownloadWillBegin)
		progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
		nd := eval[int](tb, 10*time.Second, `__fcb.downloads.length`)
		t0 := tb.click(`button[data-action="export-json"]`)
		var guid string
		for ev, err := range begins {
			if err != nil {
				cancel()
				t.Fatalf("export: no download began: %v", err)
			}
			guid = ev.GUID
			break
		}
		var done time.Time
		for ev, err := range progress {
			if err != nil {
				cancel()
				t.Fatalf("export: download did not complete: %v", err)
			}
			if ev.GUID == guid && ev.State == browser.DownloadProgressStateCompleted {
				done = time.Now()
				break
			}
		}
		cancel()
		file2 = append(file2, float64(done.Sub(t0).Microseconds())/1000)
		dls := eval[[]float64](tb, 10*time.Second, `__fcb.downloads`)
		d := eval[float64](tb, 10*time.Second, `__fcb.downs[__fcb.downs.length - 1]`)
		if len(dls) > nd {
			blob = append(blob, dls[nd]-d)
		}
		t.Logf("export run %d: %.0f ms to the file", run, file2[len(file2)-1])
		time.Sleep(500 * time.Millisecond)
	}
	b.ExportClickFile, b.ExportClickBlob = summarize(file2), summarize(blob)
}
