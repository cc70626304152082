package appbench

import (
	"bytes"
	"context"
	"encoding/json"
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

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
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

func findChromium() string {
	if p := os.Getenv("FRAMECHECK_CHROMIUM"); p != "" {
		if p, err := exec.LookPath(p); err == nil {
			return p
		}
		return ""
	}
	for _, n := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// newTab starts a headless Chromium with (a subset of) the e2e harness's flags
// and a fixed window, and opens one tab in it.
func newTab(t *testing.T, chromium, initScript string) *tab {
	t.Helper()
	profile, err := os.MkdirTemp("", "framecheck-bench-profile-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.UserDataDir(profile),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.WindowSize(1280, 900),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	tb := &tab{t: t, ctx: ctx, dl: t.TempDir()}
	tb.cancel = func() {
		cancel()
		acancel()
		os.RemoveAll(profile)
	}
	// The first Run starts the browser and ties it to its context: use the
	// tab's own context, not one with a timeout.
	if err := chromedp.Do(ctx); err != nil {
		tb.cancel()
		t.Fatalf("starting Chromium: %v", err)
	}
	sctx, scancel := context.WithTimeout(ctx, 60*time.Second)
	defer scancel()
	if err := chromedp.Do(sctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: initScript}); err != nil {
			return err
		}
		_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior:         browser.SetDownloadBehaviorBehaviorAllowAndName,
			BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
			DownloadPath:     tb.dl,
			EventsEnabled:    new(true),
		})
		return err
	})); err != nil {
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

func (tb *tab) version() string {
	v, err := chromedp.CallBrowser(tb.ctx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		return "unknown"
	}
	return v.Product
}

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
	ctx, cancel := context.WithTimeout(tb.ctx, timeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// js builds the call of a JS function expression with JSON arguments.
func js(fn string, args ...any) string {
	parts := make([]string, len(args))
	for i, a := range args {
		b, err := json.Marshal(a)
		if err != nil {
			panic(err)
		}
		parts[i] = string(b)
	}
	return "(" + fn + ")(" + strings.Join(parts, ", ") + ")"
}

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

type keyDef struct {
	key, code string
	vk        int64
	text      string
	shift     bool
}

var keys = map[string]keyDef{
	"1":      {"1", "Digit1", 49, "1", false},
	"?":      {"?", "Slash", 191, "?", true},
	"Delete": {"Delete", "Delete", 46, "", false},
}

// press sends a real key press (keydown, with text a keypress, keyup)
// through Input.dispatchKeyEvent.
func (tb *tab) press(name string) {
	tb.t.Helper()
	k := keys[name]
	var mods int64
	if k.shift {
		mods = 8
	}
	down := input.DispatchKeyEventTypeRawKeyDown
	if k.text != "" {
		down = input.DispatchKeyEventTypeKeyDown
	}
	tb.do(30*time.Second, "press "+name, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, p := range []input.DispatchKeyEventParams{
			{Type: down, Modifiers: mods, Key: k.key, Code: k.code, Text: k.text, UnmodifiedText: k.text,
				WindowsVirtualKeyCode: k.vk, NativeVirtualKeyCode: k.vk},
			{Type: input.DispatchKeyEventTypeKeyUp, Modifiers: mods, Key: k.key, Code: k.code,
				WindowsVirtualKeyCode: k.vk, NativeVirtualKeyCode: k.vk},
		} {
			if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, p); err != nil {
				return err
			}
		}
		return nil
	}))
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
	var t0 time.Time
	tb.do(60*time.Second, "click "+selector, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, input.DispatchMouseEvent, input.DispatchMouseEventParams{Type: input.DispatchMouseEventTypeMouseMoved, X: p.X, Y: p.Y}); err != nil {
			return err
		}
		t0 = time.Now()
		for _, q := range []input.DispatchMouseEventParams{
			{Type: input.DispatchMouseEventTypeMousePressed, X: p.X, Y: p.Y, Button: input.MouseButtonLeft, Buttons: 1, ClickCount: 1},
			{Type: input.DispatchMouseEventTypeMouseReleased, X: p.X, Y: p.Y, Button: input.MouseButtonLeft, Buttons: 0, ClickCount: 1},
		} {
			if _, err := cdp.Call(ctx, tg, input.DispatchMouseEvent, q); err != nil {
				return err
			}
		}
		return nil
	}))
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
