package appbench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/chromedp"

	"framecheck/app/class"
	"framecheck/app/fcjson"
	"framecheck/app/workspace"
)

// classRuns: loads of the class, after one dropped warm-up.
var classRuns = 5

// classFiles writes the class: 30 hand-ins of a pack with 2
// readouts of 5,000 code points, 40 annotations per student and readout.
func classFiles(t *testing.T) []string {
	now := time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)
	w := workspace.New("Bench class", now)
	for i := range 2 {
		r, err := workspace.NewReadout(fmt.Sprintf("Readout %d", i+1), "", "", "", "", genText(uint64(40+i), 5000))
		if err != nil {
			t.Fatal(err)
		}
		w.Readouts = append(w.Readouts, r)
	}
	pack, err := class.MakePack(w, "Bench class", "", false, now)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	dir := t.TempDir()
	var paths []string
	for s := range 30 {
		name := fmt.Sprintf("Student %02d", s+1)
		sw := pack.Clone()
		if _, err := sw.Do(workspace.SetStudent{Name: name}, now); err != nil {
			t.Fatal(err)
		}
		for _, r := range sw.Readouts {
			for range 40 {
				tag := workspace.Tags[rng.IntN(3)]
				a := rng.IntN(4900)
				e := a + 5 + rng.IntN(80)
				if tag == workspace.Omission && rng.IntN(2) == 0 {
					e = a
				}
				an, err := sw.NewAnnotation(r.ID, tag, a, e, name, now)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := sw.Do(workspace.AddAnnotation{Annotation: an}, now); err != nil {
					t.Fatal(err)
				}
			}
		}
		h, err := class.HandIn(sw, now)
		if err != nil {
			t.Fatal(err)
		}
		data, err := fcjson.Encode(h, now)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, class.HandInName(h.Assignment.Title, name))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// TestBenchClass measures the class view in Chromium: from the change
// event of input[name="class-files"] (30 hand-ins chosen) to the frame in
// which the overlay and the agreement figures are painted. Figures only.
func TestBenchClass(t *testing.T) {
	if os.Getenv("FRAMECHECK_BENCH") != "1" {
		t.Skip("benchmark: set FRAMECHECK_BENCH=1 (make bench) to run it")
	}
	if os.Getenv("FRAMECHECK_BENCH_QUICK") == "1" {
		classRuns = 1
	}
	chromium := findChromium()
	if chromium == "" {
		t.Fatal("Chromium not found (apt-get install -y chromium, or set FRAMECHECK_CHROMIUM)")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, filepath.Join(root, "bin", "framecheck"), filepath.Join(root, "web"))
	paths := classFiles(t)
	tb := newTab(t, chromium, instrumentation(`main.fc-shell[data-ready="1"]`, ""))
	defer tb.close()
	tb.navigate(srv.url + "/")
	tb.waitJS("the app to be ready", `document.querySelector('main.fc-shell[data-ready="1"]')`, 120*time.Second)
	eval[bool](tb, 10*time.Second, `(document.querySelector('button[data-action="class-view"]').click(), true)`)
	tb.waitJS("the class view", `document.querySelector('input[name="class-files"]')`, 30*time.Second)

	var times []float64
	first := 0.0 // the first load in the page, which also runs code for the first time
	// The passages are listed after the frame that shows the overlay and
	// the figures: when, from the same change event.
	var lists []float64
	firstList := 0.0
	for run := 0; run <= classRuns; run++ {
		// Armed before the files are chosen: the load must be seen to
		// start ("Reading …"), then the overlay and figures of the new
		// class painted.
		eval[bool](tb, 10*time.Second, `(() => {
		  const B = __fcb;
		  B.classStarted = false;
		  const mo = new MutationObserver(() => {
		    const m = document.querySelector('[data-class-message]');
		    if (m && m.textContent.startsWith('Reading')) { B.classStarted = true; mo.disconnect(); }
		  });
		  mo.observe(document, { childList: true, subtree: true, characterData: true });
		  B.classDone = B.until(() => B.classStarted &&
		    document.querySelectorAll('[data-class-text] .fc-seg').length > 1 &&
		    !!document.querySelector('[data-panel="agreement"] [data-agreement="alpha-u"][data-tag="all"]') &&
		    document.querySelector('[data-class-message]').textContent.startsWith('30 hand-ins'), 60000);
		  B.passagesDone = B.until(() => B.classStarted &&
		    !!document.querySelector('[data-panel="passages"] li[data-passage]') &&
		    document.querySelector('[data-class-message]').textContent.startsWith('30 hand-ins'), 60000);
		  return true;
		})()`)
		changes := eval[int](tb, 10*time.Second, `__fcb.changes.length`)
		ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
		err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			doc, err := cdp.Call(ctx, tg, dom.GetDocument, dom.GetDocumentParams{})
			if err != nil {
				return err
			}
			q, err := cdp.Call(ctx, tg, dom.QuerySelector, dom.QuerySelectorParams{NodeID: doc.Root.NodeID, Selector: `input[name="class-files"]`})
			if err != nil {
				return err
			}
			_, err = cdp.Call(ctx, tg, dom.SetFileInputFiles, dom.SetFileInputFilesParams{Files: paths, NodeID: q.NodeID})
			return err
		}))
		cancel()
		if err != nil {
			t.Fatalf("choosing the files: %v", err)
		}
		end := eval[float64](tb, 70*time.Second, `__fcb.classDone`)
		if end < 0 {
			t.Fatalf("run %d: the class was not painted within 60 s", run)
		}
		listed := eval[float64](tb, 70*time.Second, `__fcb.passagesDone`)
		if listed < 0 {
			t.Fatalf("run %d: the passages were not listed within 60 s", run)
		}
		start := eval[float64](tb, 10*time.Second, fmt.Sprintf(`__fcb.changes[%d]`, changes))
		if run > 0 {
			times = append(times, end-start)
			lists = append(lists, listed-start)
		} else {
			first, firstList = end-start, listed-start
		}
		t.Logf("class run %d: %.0f ms, passages listed %.0f ms", run, end-start, listed-start)
	}
	slices.Sort(times)
	slices.Sort(lists)
	s, l := summarize(times), summarize(lists)
	fmt.Printf("class view, 30 students x 2 readouts of 5,000 code points x 40 annotations: files chosen -> overlay and figures painted: median %.0f ms, p95 %.0f ms (n=%d); first load in the page %.0f ms; passages listed: median %.0f ms, p95 %.0f ms, first load %.0f ms; load average %s\n", s.Median, s.P95, s.N, first, l.Median, l.P95, firstList, loadavg())
}
