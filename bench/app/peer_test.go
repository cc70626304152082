package appbench

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// TestPeer measures Recogito's text annotator (@recogito/text-annotator,
// pinned in bench/peer/package-lock.json, installed by make bench with npm
// ci) on the same generated long readout and spans as TestBench, in the same
// Chromium, with the same end marker (page_test.go's afterPaint after
// setTimeout polling). When TestBench ran first in the same `go test`
// (make bench), framecheck's figures of that run are printed beside the
// peer's with their ratio, and the JSON report is written again with a
// "peer" section. Recogito has no key binding for "annotate", so its add and
// delete go through its API (addAnnotation, removeAnnotation); framecheck's
// go through a key press and are timed from the key event.

// PeerRenderer is one renderer's figures.
type PeerRenderer struct {
	Renderer    string  `json:"renderer"`
	Error       string  `json:"error,omitempty"`
	Open        Summary `json:"openDataToPaintedMs"` // data in memory -> text + highlights in view painted
	InView      int     `json:"highlightsInViewAfterOpen"`
	PaintedOpen int     `json:"highlightsPaintedAfterOpen"`
	Add         Summary `json:"addApiToPaintedMs"`
	Delete      Summary `json:"deleteApiToGoneMs"`
	Failed      int     `json:"failedRounds"`
	JSHeapUsed  float64 `json:"jsHeapUsedBytes"`
	Embedder    float64 `json:"embedderHeapUsedBytes"`
	DOMNodes    int     `json:"domNodes"`
}

type PeerReport struct {
	Package   string             `json:"package"`
	Installed bool               `json:"installed"`
	Note      string             `json:"note,omitempty"`
	Spans     int                `json:"spans"`
	Renderers []*PeerRenderer    `json:"renderers"`
	Ratios    map[string]float64 `json:"ratiosFramecheckToPeer,omitempty"`
}

// lastBench is TestBench's report when it ran earlier in this process.
var lastBench *Report

const peerPackage = "@recogito/text-annotator@4.1.1"

func TestPeer(t *testing.T) {
	if os.Getenv("FRAMECHECK_BENCH") != "1" {
		t.Skip("benchmark: set FRAMECHECK_BENCH=1 (make bench) to run it")
	}
	rounds := interactions
	runs := openRuns
	if os.Getenv("FRAMECHECK_BENCH_QUICK") == "1" {
		rounds, runs = 24, 1
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	peerDir := filepath.Join(root, "bench", "peer")
	dist := filepath.Join(peerDir, "node_modules", "@recogito", "text-annotator", "dist")
	long := genWorkspace(t, 'a', "Long readout", 7, 100_000, 2_000)
	rep := &PeerReport{Package: peerPackage, Spans: long.Spans}
	if v := installedVersion(filepath.Join(peerDir, "node_modules", "@recogito", "text-annotator", "package.json")); v != "4.1.1" {
		rep.Note = fmt.Sprintf("not installed (bench/peer/node_modules has %q): npm is missing or `npm ci` in bench/peer failed; make bench runs it", v)
	} else {
		rep.Installed = true
		chromium := findChromium()
		if chromium == "" {
			t.Fatal("Chromium not found (apt-get install -y chromium, or set FRAMECHECK_CHROMIUM)")
		}
		data, spans16 := peerData(t, long)
		url := servePeer(t, peerDir, dist, data)
		for _, r := range []string{"SPANS", "CSS_HIGHLIGHTS"} {
			rep.Renderers = append(rep.Renderers, measurePeer(t, chromium, url, r, runs, rounds, spans16))
		}
	}
	if lastBench != nil {
		rep.Ratios = peerRatios(lastBench, rep)
	}
	printPeer(os.Stdout, lastBench, rep)
	// With TestBench (make bench): its JSON again, with the peer section.
	// Alone: a file of its own, so as not to replace TestBench's.
	path := os.Getenv("BENCH_JSON")
	var out any = rep
	if lastBench != nil {
		lastBench.Peer = rep
		out = lastBench
		if path == "" {
			path = filepath.Join(root, "bench-results.json")
		}
	} else {
		path = filepath.Join(root, "bench-peer-results.json")
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		t.Errorf("peer JSON: %v", err)
	} else {
		t.Logf("peer figures written to %s", path)
	}
}

func installedVersion(pkgJSON string) string {
	b, err := os.ReadFile(pkgJSON)
	if err != nil {
		return "nothing"
	}
	var p struct{ Version string }
	if json.Unmarshal(b, &p) != nil {
		return "an unreadable package.json"
	}
	return p.Version
}

// peerData is the long readout's text and spans (not the omission points:
// Recogito has no point annotations) with UTF-16 offsets, Recogito's unit,
// and the add/delete spans of TestBench's rounds (same seed, same code
// point ranges) in UTF-16.
func peerData(t *testing.T, w *benchWorkspace) ([]byte, [][2]int) {
	text := w.WS.Readouts[0].Text
	// u16[i] = UTF-16 offset of code point i
	u16 := []int{0}
	for _, r := range text {
		u16 = append(u16, u16[len(u16)-1]+len(utf16.Encode([]rune{r})))
	}
	type span struct {
		ID         string `json:"id"`
		Start, End int    `json:"-"`
		S          int    `json:"start"`
		E          int    `json:"end"`
		Tag        string `json:"tag"`
	}
	var spans []span
	for _, a := range w.WS.Annotations {
		if a.IsPoint() {
			continue
		}
		spans = append(spans, span{ID: a.ID, S: u16[a.Start], E: u16[a.End], Tag: string(a.Tag)})
	}
	b, err := json.Marshal(map[string]any{"text": text, "len16": w.TextLen16, "annotations": spans})
	if err != nil {
		t.Fatal(err)
	}
	// TestBench's selections: rng PCG(99, 100), s in [0, 100000-80), e = s+5+[0,56)
	rng := rand.New(rand.NewPCG(99, 100))
	var rounds [][2]int
	for range 1000 {
		s := rng.IntN(100_000 - 80)
		e := s + 5 + rng.IntN(56)
		rounds = append(rounds, [2]int{u16[s], u16[e]})
	}
	return b, rounds
}

// servePeer serves the peer page, the package's browser bundle and CSS
// and the data on a free loopback port.
func servePeer(t *testing.T, peerDir, dist string, data []byte) string {
	mux := http.NewServeMux()
	file := func(path, name, ctype string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			b, err := os.ReadFile(name)
			if err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			w.Header().Set("Content-Type", ctype)
			w.Header().Set("Cache-Control", "no-store")
			w.Write(b)
		})
	}
	file("/{$}", filepath.Join(peerDir, "peer.html"), "text/html; charset=utf-8")
	file("/recogito.umd.js", filepath.Join(dist, "text-annotator.umd.js"), "text/javascript")
	file("/recogito.css", filepath.Join(dist, "text-annotator.css"), "text/css")
	mux.HandleFunc("/data.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(data)
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return "http://" + l.Addr().String() + "/"
}

func measurePeer(t *testing.T, chromium, url, renderer string, runs, rounds int, spans [][2]int) *PeerRenderer {
	pr := &PeerRenderer{Renderer: renderer}
	tb := newTab(t, chromium, quietJS) // __quiet for P.settle, as framecheck's rounds settle
	defer tb.close()
	page := url + "?renderer=" + renderer
	var open []float64
	for run := range runs + 1 { // the first open is a warm-up, dropped
		tb.navigate(page)
		tb.waitJS("the peer page", `window.__peer && window.RecogitoJS`, 60*time.Second)
		r := eval[[]float64](tb, 90*time.Second, `__peer.open()`)
		if r[1] < 0 {
			pr.Error = "open: the highlights were not painted within 60 s"
			t.Logf("peer %s: %s", renderer, pr.Error)
			return pr
		}
		if run > 0 {
			open = append(open, r[1]-r[0])
		}
		t.Logf("peer %s open run %d: %.0f ms", renderer, run, r[1]-r[0])
	}
	pr.Open = summarize(open)
	time.Sleep(500 * time.Millisecond)
	pr.InView = eval[int](tb, 10*time.Second, `__peer.inView()`)
	pr.PaintedOpen = eval[int](tb, 10*time.Second, `__peer.paintedIDs().length`)
	time.Sleep(time.Second)
	h := heapUsed(t, tb)
	pr.JSHeapUsed, pr.Embedder = h.JSUsed, h.Embedder
	pr.DOMNodes = eval[int](tb, 10*time.Second, `document.getElementsByTagName('*').length`)

	var add, del []float64
	for i := range rounds {
		r := eval[[]float64](tb, 90*time.Second, fmt.Sprintf(`__peer.round(%d, %d, %d)`, i, spans[i][0], spans[i][1]))
		if r[0] < 0 || r[1] < 0 {
			pr.Failed++
			continue
		}
		add, del = append(add, r[0]), append(del, r[1])
		if i%50 == 49 {
			t.Logf("peer %s: %d rounds", renderer, i+1)
		}
	}
	pr.Add, pr.Delete = summarizeRanks(add), summarizeRanks(del)
	return pr
}

// framecheck's memory with the long readout open: wasm linear memory + JS
// heap + Blink's heap; the peer's: JS heap + Blink's heap.
func fcMemory(r *Report) float64 {
	lr := r.LongReadout
	return lr.WasmMemory + lr.JSHeapUsed + lr.EmbedderHeap
}

func peerRatios(r *Report, p *PeerReport) map[string]float64 {
	out := map[string]float64{}
	ratio := func(a, b float64) float64 {
		if a == 0 || b == 0 {
			return 0
		}
		return math.Round(a/b*1000) / 1000
	}
	for _, pr := range p.Renderers {
		k := strings.ToLower(pr.Renderer)
		out["open/"+k] = ratio(r.LongReadout.OpenPainted.Median, pr.Open.Median)
		out["addP50/"+k] = ratio(r.Annotate.KeyToPaint.Median, pr.Add.Median)
		out["addP95/"+k] = ratio(r.Annotate.KeyToPaint.P95, pr.Add.P95)
		out["deleteP50/"+k] = ratio(r.Delete.KeyToPaint.Median, pr.Delete.Median)
		out["deleteP95/"+k] = ratio(r.Delete.KeyToPaint.P95, pr.Delete.P95)
		out["memory/"+k] = ratio(fcMemory(r), pr.JSHeapUsed+pr.Embedder)
	}
	return out
}

func printPeer(w io.Writer, r *Report, p *PeerReport) {
	var b strings.Builder
	pf := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	pf("\nPeer: %s on the long readout (%d spans, 100,000 code points), same Chromium, same end marker.\n", p.Package, p.Spans)
	if !p.Installed {
		pf("%s\n", p.Note)
	}
	cols := []string{"framecheck"}
	for _, pr := range p.Renderers {
		cols = append(cols, "Recogito "+strings.ToLower(pr.Renderer), "ratio")
	}
	if !p.Installed {
		cols = append(cols, "Recogito (not installed)")
	}
	pf("%-44s", "figure")
	for _, c := range cols {
		pf(" | %-22s", c)
	}
	pf("\n%s\n", strings.Repeat("-", 44+25*len(cols)))
	fc := func(f func(*Report) string) string {
		if r == nil {
			return "not run (TestBench)"
		}
		return f(r)
	}
	row := func(name string, fcv string, peer func(*PeerRenderer) string, ratioKey string) {
		pf("%-44s | %-22s", name, fcv)
		for _, pr := range p.Renderers {
			v := peer(pr)
			if pr.Error != "" {
				v = "failed"
			}
			rs := ""
			if x := p.Ratios[ratioKey+"/"+strings.ToLower(pr.Renderer)]; x > 0 {
				rs = fmt.Sprintf("%.2f×", x)
			}
			pf(" | %-22s | %-22s", v, rs)
		}
		if !p.Installed {
			pf(" | %-22s", "not installed")
		}
		pf("\n")
	}
	ms := func(s Summary) string {
		if s.N == 0 {
			return "n/a"
		}
		return fmt.Sprintf("%.0f [%.0f–%.0f]", s.Median, s.Min, s.Max)
	}
	pq := func(s Summary) string {
		if s.N == 0 {
			return "n/a"
		}
		return fmt.Sprintf("%.0f / %.0f", s.Median, s.P95)
	}
	row("open -> text + highlights painted, ms", fc(func(r *Report) string { return ms(r.LongReadout.OpenPainted) }), func(pr *PeerRenderer) string { return ms(pr.Open) }, "open")
	row("add one span -> painted, p50 / p95 ms", fc(func(r *Report) string { return pq(r.Annotate.KeyToPaint) }), func(pr *PeerRenderer) string { return pq(pr.Add) }, "addP95")
	row("delete -> gone, p50 / p95 ms", fc(func(r *Report) string { return pq(r.Delete.KeyToPaint) }), func(pr *PeerRenderer) string { return pq(pr.Delete) }, "deleteP95")
	row("memory, readout open (wasm+JS+Blink heap)", fc(func(r *Report) string { return fmtBytes(fcMemory(r)) }), func(pr *PeerRenderer) string { return fmtBytes(pr.JSHeapUsed + pr.Embedder) }, "memory")
	row("highlights painted after open", fc(func(r *Report) string {
		return fmt.Sprintf("%d (registered: %d)", r.LongReadout.Spans, r.LongReadout.Registered)
	}), func(pr *PeerRenderer) string {
		return fmt.Sprintf("%d (in view: %d)", pr.PaintedOpen, pr.InView)
	}, "")
	row("DOM elements, readout open", fc(func(r *Report) string { return fmt.Sprint(r.LongReadout.DOMNodes) }), func(pr *PeerRenderer) string { return fmt.Sprint(pr.DOMNodes) }, "")
	for _, pr := range p.Renderers {
		if pr.Failed > 0 || pr.Error != "" {
			pf("Recogito %s: %d failed rounds %s\n", pr.Renderer, pr.Failed, pr.Error)
		}
	}
	pf("ratio = framecheck / Recogito (add and delete: of p95). framecheck: open = Workspaces > Open click -> painted (IndexedDB read and decode included);\n")
	pf("add/delete = key event -> painted (Event Timing's timeStamp). Recogito: open = data.json parsed in memory -> text set, annotator created,\n")
	pf("setAnnotations -> its first redraw painted; add/delete = addAnnotation/removeAnnotation call -> painted/gone. Recogito paints only the\n")
	pf("annotations in the viewport (both renderers); framecheck makes a range for every span and registers those within two screens of the\n")
	pf("viewport (\"registered\"). Omission points (no Recogito equivalent) are left out of its data.\n")
	io.WriteString(w, b.String())
}
