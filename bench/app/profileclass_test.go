package appbench

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// TestProfileClass (FRAMECHECK_PROFILE=1 or =trace, after make build) is the
// profiling companion of TestBenchClass: the same class of 30 hand-ins,
// loaded three times in one page (the first load also pays for code that
// runs for the first time), each under a V8 CPU profile and a trace of the
// main thread. app.wasm is built with its function names, so the profile
// names Go functions. Figures only, never pass/fail.
func TestProfileClass(t *testing.T) {
	mode := os.Getenv("FRAMECHECK_PROFILE")
	if mode != "1" && mode != "trace" {
		t.Skip("profiling: set FRAMECHECK_PROFILE=1 (CPU profiles and a trace) or =trace (the trace alone), after make build")
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
	dir := copyWeb(t, filepath.Join(root, "web"))
	cmd := exec.Command(goTool(), "build", "-trimpath", "-o", filepath.Join(dir, "app.wasm"), "./wasm")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building app.wasm with symbols: %v\n%s", err, out)
	}
	// No precompressed copies: the server then compresses in memory with a
	// fast level, which takes seconds instead of minutes.
	srv := startServer(t, bin, dir)
	paths := classFiles(t)

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
	tb.navigate(srv.url + "/")
	tb.waitJS("the app to be ready", `document.querySelector('main.fc-shell[data-ready="1"]')`, 120*time.Second)
	eval[bool](tb, 10*time.Second, `(document.querySelector('button[data-action="class-view"]').click(), true)`)
	tb.waitJS("the class view", `document.querySelector('input[name="class-files"]')`, 30*time.Second)
	for run := range 3 {
		time.Sleep(500 * time.Millisecond)
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
		  return true;
		})()`)
		changes := eval[int](tb, 10*time.Second, `__fcb.changes.length`)
		startProfile(t, tb)
		tr := startTrace(t, tb)
		tb.do(30*time.Second, "choose the files", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
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
		end := eval[float64](tb, 70*time.Second, `__fcb.classDone`)
		if end < 0 {
			t.Fatalf("run %d: the class was not painted within 60 s", run)
		}
		start := eval[float64](tb, 10*time.Second, fmt.Sprintf(`__fcb.changes[%d]`, changes))
		stopProfile(t, tb, fmt.Sprintf("class load %d (painted %.0f ms after the change event, load %s)", run, end-start, loadavg()))
		traceSummary(t, tb, tr)
	}
}

// copyWeb copies web/ without app.wasm and its compressed copies into a
// temporary directory.
func copyWeb(t *testing.T, web string) string {
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
	return dir
}
