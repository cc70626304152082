package appbench

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"framecheck/internal/browsertest"
)

// ---------------------------------------------------------------------------
// The server: the real bin/framecheck, on a free loopback port.

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *lockedBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}

type server struct {
	cmd  *exec.Cmd
	url  string
	log  *lockedBuffer
	done chan struct{}
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startServer runs bin -addr <free port> -web webDir and waits for GET /.
func startServer(t *testing.T, bin, webDir string) *server {
	t.Helper()
	addr := freeAddr(t)
	s := &server{url: "http://" + addr, log: &lockedBuffer{}, done: make(chan struct{})}
	s.cmd = exec.Command(bin, "-addr", addr, "-web", webDir)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	go func() { s.cmd.Wait(); close(s.done) }()
	t.Cleanup(func() {
		s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(15 * time.Second):
			s.cmd.Process.Kill()
			<-s.done
		}
	})
	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := client.Get(s.url + "/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s
			}
		}
		select {
		case <-s.done:
			t.Fatalf("server exited: %s", s.log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not answer: %v\n%s", err, s.log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

var accessLine = regexp.MustCompile(`(GET|HEAD) "([^"]*)" (\d+) (\d+)B`)

// servedSince sums the body bytes of the responses the server logged after
// log offset from (its access log: method, path, status, size, duration).
// Unlike the page's network events it includes the service worker's fetches.
func (s *server) servedSince(from int) (bytes int64, requests int) {
	l := s.log.String()
	if from > len(l) {
		return 0, 0
	}
	for _, m := range accessLine.FindAllStringSubmatch(l[from:], -1) {
		n, _ := strconv.ParseInt(m[4], 10, 64)
		bytes += n
		requests++
	}
	return bytes, requests
}

// ---------------------------------------------------------------------------
// The browser: headless Chromium, a fresh profile per browser.

type tab struct {
	t      *testing.T
	ctx    context.Context
	cancel context.CancelFunc
	dl     string // download directory
}

// findChromium is browsertest's lookup; the benchmark fails without a
// browser (make bench asked for figures) rather than skipping.
func findChromium() string { return browsertest.Find() }

// newTab starts a headless Chromium with browsertest's flags and a fresh
// profile, and opens one tab in it, downloads going to tb.dl.
func newTab(t *testing.T, chromium, initScript string) *tab {
	t.Helper()
	ctx, stop := browsertest.Start(t, chromium)
	tb := &tab{t: t, ctx: ctx, cancel: stop, dl: t.TempDir()}
	sctx, scancel := context.WithTimeout(ctx, 60*time.Second)
	defer scancel()
	if err := chromedp.Do(sctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: initScript})
		return err
	})); err != nil {
		tb.cancel()
		t.Fatalf("starting Chromium: %v", err)
	}
	if err := browsertest.AllowDownloads(sctx, tb.dl); err != nil {
		tb.cancel()
		t.Fatalf("starting Chromium: %v", err)
	}
	// Leave the page when asked (beforeunload), dismiss anything else.
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			cctx, ccancel := context.WithTimeout(ctx, 10*time.Second)
			chromedp.Call(cctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: ev.Type == page.DialogTypeBeforeunload})
			ccancel()
		}
	}()
	return tb
}

func (tb *tab) close() { tb.cancel() }

func (tb *tab) version() string { return browsertest.Version(tb.ctx) }

// eval evaluates a JS expression (awaiting a promise) into T.
func eval[T any](tb *tab, timeout time.Duration, expr string) T {
	tb.t.Helper()
	v, err := evalErr[T](tb, timeout, expr)
	if err != nil {
		tb.t.Fatalf("evaluating %s: %v", clip(expr, 300), err)
	}
	return v
}

func evalErr[T any](tb *tab, timeout time.Duration, expr string) (T, error) {
	return browsertest.Eval[T](tb.ctx, timeout, expr)
}

// js builds the call of a JS function expression with JSON arguments.
func js(fn string, args ...any) string { return browsertest.JS(fn, args...) }

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func (tb *tab) do(timeout time.Duration, what string, steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, timeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
}

func (tb *tab) navigate(url string) {
	tb.t.Helper()
	tb.do(120*time.Second, "navigate to "+url, chromedp.Navigate(url))
}

// waitJS polls a JS predicate from Go (setup steps only, never timed).
func (tb *tab) waitJS(what, pred string, timeout time.Duration) {
	tb.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, err := evalErr[bool](tb, 10*time.Second, "!!("+pred+")")
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("timed out after %v waiting for %s (last error %v)", timeout, what, err)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// press sends a real key press (keydown, with text a keypress, keyup)
// through Input.dispatchKeyEvent.
func (tb *tab) press(name string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	if err := browsertest.Press(ctx, name, 0); err != nil {
		tb.t.Fatalf("press %s: %v", name, err)
	}
}

// click clicks the centre of the first element matching selector with a
// real mouse (move, press, release), scrolling it into view first. It
// returns the Go time just before the press was sent.
func (tb *tab) click(selector string) time.Time {
	tb.t.Helper()
	type point struct {
		X, Y  float64
		Error string
	}
	p := eval[point](tb, 30*time.Second, js(`(sel) => {
      const el = document.querySelector(sel);
      if (!el) return { X: 0, Y: 0, Error: 'no element matches ' + sel };
      const r0 = el.getBoundingClientRect();
      if (r0.top < 0 || r0.left < 0 || r0.bottom > innerHeight || r0.right > innerWidth) el.scrollIntoView({ block: 'center' });
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return { X: 0, Y: 0, Error: sel + ' has an empty box' };
      return { X: r.left + r.width / 2, Y: r.top + r.height / 2, Error: '' };
    }`, selector))
	if p.Error != "" {
		tb.t.Fatalf("click: %s", p.Error)
	}
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	t0, err := browsertest.ClickAt(ctx, p.X, p.Y)
	if err != nil {
		tb.t.Fatalf("click %s: %v", selector, err)
	}
	return t0
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

func fmtBytes(n float64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.2f MiB", n/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", n/(1<<10))
	}
	return fmt.Sprintf("%.0f B", n)
}
