package e2e

// Harness for the browser end-to-end tests.
//
// The tests drive the real thing: the server binary bin/framecheck (built by
// `make build`) serving the real web/app.wasm, in a real headless Chromium,
// through the Chrome DevTools Protocol (chromedp). Every test gets its own
// server process and its own browser with a fresh temporary profile, so
// nothing (localStorage, IndexedDB, service worker caches) leaks between
// tests. Finding and starting Chromium is internal/browsertest's, shared
// with the benchmarks.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"framecheck/internal/browsertest"
)

// TestMain runs the tests from the repository root, where bin/framecheck,
// web/ and the build's inputs are: every path below is relative to it.
func TestMain(m *testing.M) {
	dir, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(2)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			fmt.Fprintln(os.Stderr, "e2e: no go.mod above the test's directory")
			os.Exit(2)
		}
		dir = parent
	}
	if err := os.Chdir(dir); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

// Time limits. Every wait in the tests is bounded by one of these.
const (
	loadTimeout   = 60 * time.Second // first load: the wasm is ~7 MB
	stepTimeout   = 10 * time.Second // one UI step
	callTimeout   = 10 * time.Second // one CDP command
	serverTimeout = 20 * time.Second // server start and stop
	buildTimeout  = 6 * time.Minute  // make build, only when stale
	testTimeout   = 150 * time.Second
	pollInterval  = 50 * time.Millisecond
)

// appRootSel is the root element of the app, and readySel the same element
// once the workspace is loaded and rendered.
const (
	appRootSel = `main.fc-shell`
	readySel   = `main.fc-shell[data-ready="1"]`
)

// ---------------------------------------------------------------------------
// Building the real parts

var (
	buildOnce sync.Once
	buildErr  error
)

// ensureBuilt runs `make build` once per test binary when bin/framecheck or
// web/app.wasm is missing or older than the Go sources. Normally `make test`
// has built them already and this does nothing.
func ensureBuilt(t *testing.T) {
	t.Helper()
	buildOnce.Do(func() {
		stale, why := buildStale()
		if !stale {
			return
		}
		fmt.Fprintf(os.Stderr, "e2e: %s; running make build\n", why)
		// Bounded, and in its own process group so that a timeout stops
		// the go and precompress children too.
		limit := buildTimeout
		if d, ok := t.Deadline(); ok && time.Until(d)-2*time.Minute < limit {
			limit = max(time.Until(d)-2*time.Minute, 10*time.Second)
		}
		ctx, cancel := context.WithTimeout(context.Background(), limit)
		defer cancel()
		var cmd *exec.Cmd
		if _, err := os.Stat("Makefile"); err == nil {
			cmd = exec.CommandContext(ctx, "make", "build")
		} else {
			// No Makefile: the equivalent go build commands.
			cmd = exec.CommandContext(ctx, "sh", "-c",
				"GOOS=js GOARCH=wasm go build -o web/app.wasm ./wasm && go build -o bin/framecheck .")
		}
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
		cmd.WaitDelay = 5 * time.Second
		var out bytes.Buffer
		cmd.Stdout = io.MultiWriter(&out, os.Stderr)
		cmd.Stderr = cmd.Stdout
		if err := cmd.Run(); err != nil {
			if ctx.Err() != nil {
				err = fmt.Errorf("%w (stopped after %v)", err, limit)
			}
			buildErr = fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out.Bytes())
			return
		}
		if stale, why := buildStale(); stale {
			// Sources can change while we build (others are editing).
			fmt.Fprintf(os.Stderr, "e2e: warning: %s succeeded but the build looks stale again: %s\n", strings.Join(cmd.Args, " "), why)
		}
	})
	if buildErr != nil {
		t.Fatalf("building the app: %v", buildErr)
	}
}

// stale reports whether bin/framecheck, web/app.wasm or its brotli copy
// is missing or older than an input of the build: the non-test Go files of
// the root package, every non-test file under app/ and wasm/ (go:embed'ed
// files count), go.mod and go.sum. It mirrors the Makefile's inputs.
func buildStale() (bool, string) {
	var newest time.Time
	var newestName string
	consider := func(path string) {
		if info, err := os.Stat(path); err == nil && info.ModTime().After(newest) {
			newest, newestName = info.ModTime(), path
		}
	}
	consider("go.mod")
	consider("go.sum")
	if root, err := filepath.Glob("*.go"); err == nil {
		for _, f := range root {
			if !strings.HasSuffix(f, "_test.go") {
				consider(f)
			}
		}
	}
	for _, dir := range []string{"app", "wasm"} {
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if d.Name() == "testdata" {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(d.Name(), "_test.go") {
				consider(path)
			}
			return nil
		})
	}
	outs := []string{"bin/framecheck", "web/app.wasm"}
	if _, err := os.Stat("Makefile"); err == nil {
		outs = append(outs, "web/app.wasm.br")
	}
	for _, out := range outs {
		info, err := os.Stat(out)
		if err != nil {
			return true, out + " is missing"
		}
		if info.ModTime().Before(newest) {
			return true, fmt.Sprintf("%s is older than %s", out, newestName)
		}
	}
	return false, ""
}

// ---------------------------------------------------------------------------
// The server process

// lockedBuffer collects the server's output from two pipes.
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

type server struct {
	cmd  *exec.Cmd
	url  string // http://127.0.0.1:port
	log  *lockedBuffer
	done chan struct{}
	err  error // of cmd.Wait, valid after done is closed
}

// freeAddr returns a loopback address with a port that was free a moment
// ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free port: %v", err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// startServer runs bin/framecheck on a free port and waits until it
// answers. The caller stops it with stop.
func startServer(t *testing.T) *server {
	t.Helper()
	return startServerWeb(t, "web")
}

// startServerWeb is startServer serving another web directory.
func startServerWeb(t *testing.T, web string) *server {
	t.Helper()
	bin, err := filepath.Abs("bin/framecheck")
	if err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	s := &server{url: "http://" + addr, log: &lockedBuffer{}, done: make(chan struct{})}
	s.cmd = exec.Command(bin, "-addr", addr, "-web", web)
	s.cmd.Stdout = s.log
	s.cmd.Stderr = s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.done)
	}()

	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(serverTimeout)
	for {
		select {
		case <-s.done:
			t.Fatalf("server exited before answering: %v\nserver log:\n%s", s.err, s.log)
		default:
		}
		resp, err := client.Get(s.url + "/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
			err = fmt.Errorf("GET / answered %s", resp.Status)
		}
		if time.Now().After(deadline) {
			s.cmd.Process.Kill()
			<-s.done
			t.Fatalf("server did not answer within %v: %v\nserver log:\n%s", serverTimeout, err, s.log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop sends SIGTERM and checks that the server exits cleanly and in time.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		select {
		case <-s.done:
			t.Errorf("server had already exited before SIGTERM: %v\nserver log:\n%s", s.err, s.log)
			return
		default:
		}
		t.Errorf("sending SIGTERM to the server: %v", err)
	}
	select {
	case <-s.done:
		if s.err != nil {
			t.Errorf("server did not exit cleanly on SIGTERM: %v\nserver log:\n%s", s.err, s.log)
		}
	case <-time.After(serverTimeout):
		s.cmd.Process.Kill()
		<-s.done
		t.Errorf("server did not exit within %v of SIGTERM\nserver log:\n%s", serverTimeout, s.log)
	}
}

// ---------------------------------------------------------------------------
// One test's environment: server, browser, tab and what they recorded

type env struct {
	t      *testing.T
	srv    *server
	ctx    context.Context // the tab
	cancel context.CancelFunc

	downloads string // download directory

	mu         sync.Mutex
	console    []chromedp.ConsoleMessage
	responses  []*network.Response
	dialogs    []string
	contentLog []string // strings the server must never log
}

// initScript runs in every document before the app. It records calls of
// alert/confirm/prompt (without blocking), CSP violations and elements
// added to the document that could come from readout or note content.
const initScript = `(() => {
  const rec = { alerts: [], violations: [], added: [] };
  Object.defineProperty(window, '__e2e', { value: rec });
  for (const name of ['alert', 'confirm', 'prompt']) {
    window[name] = function (...args) { rec.alerts.push(name + '(' + args.map(String).join(',') + ')'); return name === 'confirm' ? false : null; };
  }
  document.addEventListener('securitypolicyviolation', (e) => {
    rec.violations.push(e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber + ' ' + (e.sample || ''));
  }, true);
  const watch = (root) => new MutationObserver((muts) => {
    for (const m of muts) for (const n of m.addedNodes) {
      if (n.nodeType !== 1) continue;
      const all = [n, ...n.querySelectorAll('img,b,script,iframe,svg,object,embed')];
      for (const el of all) {
        if (/^(IMG|B|SCRIPT|IFRAME|SVG|OBJECT|EMBED)$/i.test(el.tagName)) rec.added.push(el.outerHTML.slice(0, 200));
      }
    }
  }).observe(root, { childList: true, subtree: true });
  watch(document);
})();`

// start builds (if needed), starts the server and a fresh browser, and
// opens a tab with the recorders installed. It does not load the app: call
// load. Everything is stopped and checked at the end of the test.
func start(t *testing.T) *env {
	t.Helper()
	chromium := browsertest.Require(t, "BROWSER TESTS")
	ensureBuilt(t)

	e := &env{t: t}
	e.srv = startServer(t)
	// Cleanups run last-in first-out: the browser closes first, then the
	// server is stopped and its log checked.
	t.Cleanup(func() {
		e.srv.stop(t)
		e.checkServerLog()
	})

	e.downloads = t.TempDir()
	// Beyond browsertest's flags: no keychain or password prompts, and
	// an English UI whatever the machine's locale.
	ctx, stopBrowser := browsertest.Start(t, chromium,
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.Flag("lang", "en-US"),
	)
	e.ctx, e.cancel = ctx, stopBrowser
	// A hard limit for the whole test.
	stop := time.AfterFunc(testTimeout, func() {
		t.Errorf("test exceeded %v; closing the browser", testTimeout)
		stopBrowser()
	})
	t.Cleanup(func() { stop.Stop() })

	e.record()

	// Whatever a test checked, a crash of the app or an uncaught exception
	// fails it.
	t.Cleanup(func() {
		if c := e.crash(); c != "" {
			t.Errorf("the app crashed during the test: %s (the full trace is in the console dump of the first failure)", c)
			return
		}
		for _, m := range e.consoleLog() {
			if m.IsException() {
				t.Errorf("uncaught exception in the page: %s (%s:%d)", m.Text, m.URL, m.Line+1)
			}
		}
	})

	if err := browsertest.AllowDownloads(e.ctx, e.downloads); err != nil {
		e.fatalf("set the download behaviour: %v", err)
	}
	return e
}

// record starts recording the tab's console messages, network responses
// and JS dialogs (leaving the page when asked, dismissing anything else),
// and installs initScript for every document the tab loads. start and
// a test's second tab share it.
func (e *env) record() {
	e.t.Helper()
	messages := chromedp.Console(e.ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			e.mu.Lock()
			e.console = append(e.console, m)
			e.mu.Unlock()
		}
	}()
	responses := chromedp.Events(e.ctx, network.ResponseReceived)
	go func() {
		for ev, err := range responses {
			if err != nil {
				return
			}
			e.mu.Lock()
			e.responses = append(e.responses, ev.Response)
			e.mu.Unlock()
		}
	}()
	dialogs := chromedp.Events(e.ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			e.mu.Lock()
			e.dialogs = append(e.dialogs, string(ev.Type)+": "+ev.Message)
			e.mu.Unlock()
			// Leave the page when asked (beforeunload: a reload in a test),
			// dismiss anything else.
			accept := ev.Type == page.DialogTypeBeforeunload
			cctx, ccancel := context.WithTimeout(e.ctx, callTimeout)
			chromedp.Call(cctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: accept})
			ccancel()
		}
	}()

	e.act("install the init script", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: initScript})
		return err
	}))
}

// content registers strings that are user content: the server must never
// log any of them. Short strings are ignored (they could occur by chance).
func (e *env) content(ss ...string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, s := range ss {
		for _, line := range strings.Split(s, "\n") {
			line = strings.TrimSpace(line)
			if len([]rune(line)) >= 8 {
				e.contentLog = append(e.contentLog, line)
			}
		}
	}
}

// checkServerLog fails the test if the server logged any registered
// content string.
func (e *env) checkServerLog() {
	e.t.Helper()
	log := e.srv.log.String()
	e.mu.Lock()
	content := append([]string(nil), e.contentLog...)
	e.mu.Unlock()
	for _, s := range content {
		if strings.Contains(log, s) {
			e.t.Errorf("the server logged user content %q; the server must log no content\nserver log:\n%s", s, log)
			return
		}
	}
}

// ---------------------------------------------------------------------------
// Running steps, waiting, failing with diagnostics

// act runs CDP actions with the step timeout, failing the test with a dump
// on error.
func (e *env) act(what string, steps ...chromedp.Action[chromedp.Void]) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, callTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		e.fatalf("%s: %v", what, err)
	}
}

// evalErr evaluates a JS expression and decodes its JSON value into T.
func evalErr[T any](e *env, expr string) (T, error) {
	return browsertest.Eval[T](e.ctx, callTimeout, expr)
}

// eval is evalErr that fails the test on error.
func eval[T any](e *env, expr string) T {
	e.t.Helper()
	v, err := evalErr[T](e, expr)
	if err != nil {
		e.fatalf("evaluating %s: %v", clip(expr, 300), err)
	}
	return v
}

// js builds the call of a JS function expression with JSON arguments.
func js(fn string, args ...any) string { return browsertest.JS(fn, args...) }

// wait polls a JS predicate until it is truthy. On timeout it fails the
// test, with the value of the optional JS detail expression (evaluated at
// that moment) and the dump.
func (e *env) wait(what, predicate string, timeout time.Duration, detail ...string) {
	e.t.Helper()
	deadline := time.Now().Add(timeout)
	var lastErr error
	for {
		ok, err := evalErr[bool](e, "!!("+predicate+")")
		if err == nil && ok {
			return
		}
		if err != nil {
			lastErr = err
		}
		crash := e.crash()
		if crash != "" || e.ctx.Err() != nil || time.Now().After(deadline) {
			msg := fmt.Sprintf("timed out after %v waiting for %s", timeout, what)
			if crash != "" {
				msg = fmt.Sprintf("the app crashed (%s) while waiting for %s", crash, what)
			}
			if lastErr != nil {
				msg += fmt.Sprintf(" (last error: %v)", lastErr)
			}
			for _, d := range detail {
				v, err := evalErr[any](e, d)
				msg += fmt.Sprintf("\n  %s = %v (err %v)", clip(d, 120), clip(fmt.Sprint(v), 2000), err)
			}
			e.fatalf("%s", msg)
		}
		time.Sleep(pollInterval)
	}
}

// fatalf fails the test with the message and a dump of the page.
func (e *env) fatalf(format string, args ...any) {
	e.t.Helper()
	e.t.Fatalf(format+"\n%s", append(args, e.dump())...)
}

// errorf records a failure with a dump and lets the test go on.
func (e *env) errorf(format string, args ...any) {
	e.t.Helper()
	e.t.Errorf(format+"\n%s", append(args, e.dump())...)
}

var dumpCount int

// dump collects what helps to understand a failure: a screenshot (its
// path), the console messages and exceptions, dialogs, the outerHTML of the
// app root and the server log.
func (e *env) dump() string {
	var b strings.Builder
	b.WriteString("---- e2e dump ----\n")
	if e.ctx.Err() == nil {
		ctx, cancel := context.WithTimeout(e.ctx, 5*time.Second)
		defer cancel()
		if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err != nil {
			fmt.Fprintf(&b, "screenshot: failed: %v\n", err)
		} else {
			f, err := os.CreateTemp("", "framecheck-e2e-"+safeName(e.t.Name())+"-*.png")
			if err == nil {
				f.Write(png)
				f.Close()
				fmt.Fprintf(&b, "screenshot: %s\n", f.Name())
			} else {
				fmt.Fprintf(&b, "screenshot: cannot save: %v\n", err)
			}
		}
		if loc, err := chromedp.Run(ctx, chromedp.Location()); err == nil {
			fmt.Fprintf(&b, "location: %s\n", loc)
		}
		rec, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(window.__e2e || null)`))
		fmt.Fprintf(&b, "page recorders (alerts, CSP violations, added elements): %s %v\n", clip(rec, 2000), errOrNil(err))
		html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('`+appRootSel+`') || document.body || document.documentElement).outerHTML`))
		if err != nil {
			fmt.Fprintf(&b, "app root outerHTML: failed: %v\n", err)
		} else {
			f, ferr := os.CreateTemp("", "framecheck-e2e-"+safeName(e.t.Name())+"-*.html")
			if ferr == nil {
				f.WriteString(html)
				f.Close()
				fmt.Fprintf(&b, "app root outerHTML (full copy in %s):\n%s\n", f.Name(), clip(html, 6000))
			} else {
				fmt.Fprintf(&b, "app root outerHTML:\n%s\n", clip(html, 6000))
			}
		}
	} else {
		fmt.Fprintf(&b, "(browser context ended: %v; no screenshot)\n", e.ctx.Err())
	}
	e.mu.Lock()
	fmt.Fprintf(&b, "console messages and exceptions (%d):\n", len(e.console))
	for _, m := range e.console {
		fmt.Fprintf(&b, "  [%s] %s (%s:%d)\n", m.Type, clip(m.Text, 500), m.URL, m.Line+1)
		if m.Exception != nil && m.Stack != nil {
			for _, f := range m.Stack.CallFrames {
				fmt.Fprintf(&b, "      at %s (%s:%d)\n", f.FunctionName, f.URL, f.LineNumber+1)
			}
		}
	}
	if len(e.dialogs) > 0 {
		fmt.Fprintf(&b, "JS dialogs: %q\n", e.dialogs)
	}
	e.mu.Unlock()
	fmt.Fprintf(&b, "server log:\n%s", clip(e.srv.log.String(), 4000))
	b.WriteString("---- end of dump ----")
	return b.String()
}

func errOrNil(err error) string {
	if err == nil {
		return ""
	}
	return "(" + err.Error() + ")"
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, s)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + fmt.Sprintf("… (%d more characters)", len(r)-n)
}

// crash returns the first line of a Go panic or a wasm exit the page
// logged, or "".
func (e *env) crash() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, m := range e.console {
		if strings.HasPrefix(m.Text, "panic:") || strings.HasPrefix(m.Text, "fatal error:") ||
			strings.Contains(m.Text, "Go program has already exited") || strings.HasPrefix(m.Text, "exit code:") {
			return m.Text
		}
	}
	return ""
}

// consoleLog returns a copy of the recorded console messages.
func (e *env) consoleLog() []chromedp.ConsoleMessage {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]chromedp.ConsoleMessage(nil), e.console...)
}

// responseLog returns a copy of the recorded network responses.
func (e *env) responseLog() []*network.Response {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]*network.Response(nil), e.responses...)
}

// dialogLog returns the JS dialogs that opened.
func (e *env) dialogLog() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.dialogs...)
}

// ---------------------------------------------------------------------------
// Loading the app

// load opens the app and waits until it says it is ready.
func (e *env) load() {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, loadTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.url+"/")); err != nil {
		e.fatalf("navigating to %s: %v", e.srv.url, err)
	}
	e.wait("the app to be ready ("+readySel+")", `document.querySelector('`+readySel+`')`, loadTimeout,
		`(document.getElementById('app-wasm-loader') || {}).textContent`,
		`!!document.querySelector('`+appRootSel+`')`)
	// Ready means rendered: the active readout's text is in the page.
	if state := eval[string](e, `(() => {
      const els = [...document.querySelectorAll('[data-readout-id]')];
      return els.some(el => el.textContent !== '') ? '' : JSON.stringify(els.map(el => el.outerHTML.slice(0, 200)));
    })()`); state != "" {
		e.errorf("contract: %s is set but no [data-readout-id] element holds its text yet (ready must mean rendered); readout elements at that moment: %s", readySel, state)
	}
}

// ---------------------------------------------------------------------------
// Input: selection, keys, mouse, typing

// cpRangeJS defines cpRange(id, startCP, endCP), which builds a DOM Range
// over the code point offsets [startCP, endCP) of the text of the readout
// element. It walks the text nodes and converts code points to UTF-16
// offsets by iterating each string with for...of.
const cpRangeJS = `function cpRange(id, s, t) {
  const root = document.querySelector('[data-readout-id="' + CSS.escape(id) + '"]');
  if (!root) throw new Error('no element [data-readout-id="' + id + '"]');
  const pos = (cp) => {
    const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let n, seen = 0, last = null;
    while ((n = w.nextNode())) {
      last = n;
      let u = 0;
      for (const ch of n.data) {
        if (seen === cp) return [n, u];
        seen++; u += ch.length;
      }
    }
    if (seen === cp && last) return [last, last.data.length];
    if (seen === cp) return [root, 0];
    throw new Error('code point ' + cp + ' is past the end (' + seen + ' code points)');
  };
  const r = document.createRange();
  const [sn, so] = pos(s);
  const [en, eo] = pos(t);
  r.setStart(sn, so);
  r.setEnd(en, eo);
  return r;
}`

// settleText waits until the readout's text element has not changed for
// 300 ms (at most 3 s): a selection made while the app still repaints the
// text would be lost with the replaced text nodes.
func (e *env) settleText(readoutID string) {
	e.t.Helper()
	_, _ = evalErr[bool](e, js(`(id) => new Promise((resolve) => {
      const root = document.querySelector('[data-readout-id="' + CSS.escape(id) + '"]');
      if (!root) return resolve(false);
      let quiet;
      const done = (v) => { obs.disconnect(); clearTimeout(quiet); clearTimeout(cap); resolve(v); };
      const obs = new MutationObserver(() => { clearTimeout(quiet); quiet = setTimeout(() => done(true), 300); });
      obs.observe(root, { childList: true, subtree: true, characterData: true });
      quiet = setTimeout(() => done(true), 300);
      const cap = setTimeout(() => done(false), 3000);
    })`, readoutID))
}

// selectRange selects the code points [startCP, endCP) of the readout's
// text as the document selection, and returns the selected text.
func (e *env) selectRange(readoutID string, startCP, endCP int) string {
	e.t.Helper()
	e.settleText(readoutID)
	return eval[string](e, js(`(id, s, t) => {
      `+cpRangeJS+`
      const r = cpRange(id, s, t);
      const sel = document.getSelection();
      sel.removeAllRanges();
      sel.addRange(r);
      return r.toString();
    }`, readoutID, startCP, endCP))
}

// caret puts a collapsed selection (a caret) at code point cp of the
// readout's text.
func (e *env) caret(readoutID string, cp int) {
	e.t.Helper()
	e.selectRange(readoutID, cp, cp)
	if !eval[bool](e, `document.getSelection().rangeCount === 1 && document.getSelection().isCollapsed`) {
		e.fatalf("caret: the selection is not a collapsed caret")
	}
}

// Modifier bits of Input.dispatchKeyEvent.
const (
	modAlt   = browsertest.Alt
	modCtrl  = browsertest.Ctrl
	modMeta  = browsertest.Meta
	modShift = browsertest.Shift
)

// pressKey sends a real key press (keydown, keypress if the key makes
// text, keyup) through Input.dispatchKeyEvent to the focused element; the
// keys are browsertest.Keys.
func (e *env) pressKey(name string, modifiers ...int64) {
	e.t.Helper()
	var mods int64
	for _, m := range modifiers {
		mods |= m
	}
	ctx, cancel := context.WithTimeout(e.ctx, callTimeout)
	defer cancel()
	if err := browsertest.Press(ctx, name, mods); err != nil {
		e.fatalf("press key %s: %v", name, err)
	}
}

// click clicks the first element that matches the CSS selector with a
// real mouse (move, press, release at the centre of its box), the way a user
// does: focus and selection changes happen as they would.
func (e *env) click(selector string) {
	e.t.Helper()
	type point struct {
		X, Y  float64
		Error string
	}
	// Let pending renders land first (two animation frames), so the box is
	// measured where the user would see it.
	// Best effort: a busy page may skip frames, and the click still has to
	// happen.
	_, _ = evalErr[bool](e, `Promise.race([
      new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))),
      new Promise(r => setTimeout(() => r(false), 1000))])`)
	p := eval[point](e, js(`(sel) => {
      const el = document.querySelector(sel);
      if (!el) return { X: 0, Y: 0, Error: 'no element matches ' + sel };
      const r0 = el.getBoundingClientRect();
      if (r0.top < 0 || r0.left < 0 || r0.bottom > innerHeight || r0.right > innerWidth) {
        el.scrollIntoView({ block: 'center', inline: 'center' });
      }
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return { X: 0, Y: 0, Error: sel + ' has an empty box (hidden?)' };
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      const hit = document.elementFromPoint(x, y);
      if (!hit || !(hit === el || el.contains(hit))) {
        return { X: x, Y: y, Error: sel + ' is covered at its centre by ' + (hit ? hit.outerHTML.slice(0, 200) : 'nothing') };
      }
      return { X: x, Y: y, Error: '' };
    }`, selector))
	if p.Error != "" {
		e.fatalf("click(%s): %s", selector, p.Error)
	}
	e.clickXY(selector, p.X, p.Y)
}

// clickXY clicks with a real mouse at viewport coordinates.
func (e *env) clickXY(what string, x, y float64) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, callTimeout)
	defer cancel()
	if _, err := browsertest.ClickAt(ctx, x, y); err != nil {
		e.fatalf("click %s: %v", what, err)
	}
}

// clickText clicks with a real mouse in the middle of the code points
// [startCP, endCP) of a readout's text (on the first line box of the span).
func (e *env) clickText(readoutID string, startCP, endCP int) {
	e.t.Helper()
	type point struct{ X, Y float64 }
	p := eval[point](e, js(`(id, s, t) => {
      `+cpRangeJS+`
      let r = cpRange(id, s, t);
      let rects = r.getClientRects();
      if (!rects.length) throw new Error('the text span has no box');
      let b = rects[0];
      if (b.top < 0 || b.bottom > innerHeight) {
        r.startContainer.parentElement.scrollIntoView({ block: 'center' });
        b = cpRange(id, s, t).getClientRects()[0];
      }
      return { X: b.left + b.width / 2, Y: b.top + b.height / 2 };
    }`, readoutID, startCP, endCP))
	e.clickXY(fmt.Sprintf("text %d-%d of readout %s", startCP, endCP, readoutID), p.X, p.Y)
}

// typeText focuses the input or textarea, selects what it holds and types
// the text over it with Input.insertText (as an IME or a paste would).
func (e *env) typeText(selector, text string) {
	e.t.Helper()
	if msg := eval[string](e, js(`(sel) => {
      const el = document.querySelector(sel);
      if (!el) return 'no element matches ' + sel;
      el.focus();
      if (document.activeElement !== el) return sel + ' did not take the focus';
      if (typeof el.select === 'function') el.select();
      return '';
    }`, selector)); msg != "" {
		e.fatalf("typeText(%s): %s", selector, msg)
	}
	e.act("type into "+selector, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, input.InsertText, input.InsertTextParams{Text: text})
		return err
	}))
}

// setSelect sets a <select> to a value and fires input and change, as a
// user's choice does.
func (e *env) setSelect(selector, value string) {
	e.t.Helper()
	if msg := e.trySetSelect(selector, value, -1); msg != "" {
		e.fatalf("setSelect(%s): %s", selector, msg)
	}
}

// trySetSelect is setSelect that reports a missing option instead of
// failing; with index >= 0 it then chooses the option at that index (so a
// test can record the discrepancy and go on).
func (e *env) trySetSelect(selector, value string, index int) string {
	e.t.Helper()
	return eval[string](e, js(`(sel, v, index) => {
      const el = document.querySelector(sel);
      if (!el) return 'no element matches ' + sel;
      const values = [...el.options].map(o => o.value);
      let msg = '';
      if (!values.includes(v)) {
        msg = sel + ' has no option with value ' + JSON.stringify(v) + '; its option values are ' + JSON.stringify(values);
        if (index < 0) return msg;
      }
      el.focus();
      if (msg) el.selectedIndex = index; else el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
      el.blur();
      return msg;
    }`, selector, value, index))
}

// ---------------------------------------------------------------------------
// Export

// exportDoc is the framecheck v1 export format.
type exportDoc struct {
	Format      string             `json:"format"`
	Version     int                `json:"version"`
	OffsetUnit  string             `json:"offsetUnit"`
	ExportedAt  string             `json:"exportedAt"`
	Workspace   exportWorkspace    `json:"workspace"`
	Readouts    []exportReadout    `json:"readouts"`
	Annotations []exportAnnotation `json:"annotations"`
}

type exportWorkspace struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	CreatedAt string `json:"createdAt"`
	UpdatedAt string `json:"updatedAt"`
}

type exportReadout struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Source      string `json:"source,omitempty"`
	URL         string `json:"url,omitempty"`
	PublishedAt string `json:"publishedAt,omitempty"`
	Language    string `json:"language,omitempty"`
	Text        string `json:"text"`
	TextSha256  string `json:"textSha256"`
	// Versions (earlier texts), kept as raw JSON so the struct stays comparable.
	Versions rawJSON `json:"versions,omitempty"`
}

// rawJSON keeps a JSON value as its text.
type rawJSON string

func (r *rawJSON) UnmarshalJSON(b []byte) error { *r = rawJSON(b); return nil }

type exportAnnotation struct {
	ID        string   `json:"id"`
	ReadoutID string   `json:"readoutId"`
	Tag       string   `json:"tag"`
	Start     int      `json:"start"`
	End       int      `json:"end"`
	Exact     string   `json:"exact"`
	Prefix    string   `json:"prefix,omitempty"`
	Suffix    string   `json:"suffix,omitempty"`
	Note      string   `json:"note,omitempty"`
	Author    string   `json:"author,omitempty"`
	OmittedBy []string `json:"omittedBy,omitempty"`
	Links     []struct {
		AnnotationID string `json:"annotationId"`
		Kind         string `json:"kind"`
		Note         string `json:"note,omitempty"`
	} `json:"links,omitempty"`
	CreatedAt string `json:"createdAt"`
	UpdatedAt string `json:"updatedAt"`
	// Versions of a readout: which text the offsets refer to, orphans, and
	// the quote before a new version changed it.
	AnchoredTo    string `json:"anchoredTo,omitempty"`
	Orphan        bool   `json:"orphan,omitempty"`
	PreviousExact string `json:"previousExact,omitempty"`
}

// export clicks the export button and captures the download the app makes
// in the browser. It returns the parsed document, the raw bytes and the
// suggested file name.
func (e *env) export() (*exportDoc, []byte, string) {
	e.t.Helper()
	raw, name := e.download("export", func() { e.click(`button[data-action="export-json"]`) })
	return parseExport(e.t, "export", raw, name), raw, name
}

// parseExport decodes a downloaded framecheck v1 file strictly (unknown
// fields and trailing data are refused), failing the test otherwise.
func parseExport(t *testing.T, what string, raw []byte, name string) *exportDoc {
	t.Helper()
	var doc exportDoc
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%s: the file %s is not framecheck v1 JSON (unknown fields are refused): %v\n%s", what, name, err, clip(string(raw), 3000))
	}
	if dec.More() {
		t.Fatalf("%s: trailing data after the JSON document in %s", what, name)
	}
	return &doc
}

// download runs click (which must make the app download one file) and
// captures the download. It returns the bytes and the suggested file name.
func (e *env) download(what string, click func()) ([]byte, string) {
	e.t.Helper()
	raw, name, err := browsertest.Download(e.ctx, e.downloads, stepTimeout, click)
	if err != nil {
		e.fatalf("%s: %v\n  status: %s", what, err,
			eval[string](e, `[...document.querySelectorAll('[role="status"], [role="alert"]')].map(el => el.textContent).join(' | ')`))
	}
	return raw, name
}

// canonAnn is an annotation without ids: its readout by index.
type canonAnn struct {
	Readout                             int
	Tag                                 string
	Start, End                          int
	Exact, Prefix, Suffix, Note, Author string
	OmittedBy                           string
	CreatedAt, UpdatedAt                string
}

// canon describes an export without ids, workspace and export times:
// readouts in order, and the annotations with their readout's index.
func canon(doc *exportDoc) ([]exportReadout, []canonAnn) {
	idx := map[string]int{}
	var rs []exportReadout
	for i, r := range doc.Readouts {
		idx[r.ID] = i
		r.ID = ""
		rs = append(rs, r)
	}
	var as []canonAnn
	for _, a := range doc.Annotations {
		ri, ok := idx[a.ReadoutID]
		if !ok {
			ri = -1
		}
		var om []string
		for _, o := range a.OmittedBy {
			if i, ok := idx[o]; ok {
				om = append(om, fmt.Sprint(i))
			} else {
				om = append(om, "?"+o)
			}
		}
		as = append(as, canonAnn{ri, a.Tag, a.Start, a.End, a.Exact, a.Prefix, a.Suffix, a.Note, a.Author, strings.Join(om, ","), a.CreatedAt, a.UpdatedAt})
	}
	sort.Slice(as, func(i, j int) bool { return fmt.Sprintf("%+v", as[i]) < fmt.Sprintf("%+v", as[j]) })
	return rs, as
}

// importFile runs click (which must open the app's file chooser, the
// hidden input[name="import-file"]), takes the chooser and chooses the file,
// as a user does.
func (e *env) importFile(path string, click func()) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, stepTimeout)
	defer cancel()
	choosers := chromedp.Events(ctx, page.FileChooserOpened)
	e.act("intercept the file chooser", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.SetInterceptFileChooserDialog, page.SetInterceptFileChooserDialogParams{Enabled: true})
		return err
	}))
	click()
	var node cdp.BackendNodeID
	for ev, err := range choosers {
		if err != nil {
			e.fatalf(`clicking button[data-action="import-json"] opened no file chooser within %v: %v`, stepTimeout, err)
		}
		node = ev.BackendNodeID
		break
	}
	if node == 0 {
		e.fatalf("the file chooser opened by Import JSON is not an <input type=file>")
	}
	// The chooser must be the app's hidden input.
	name := inputName(e, node)
	if name != "import-file" {
		e.errorf(`the file chooser belongs to an input named %q, want input[name="import-file"]`, name)
	}
	e.act("choose "+filepath.Base(path), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, dom.SetFileInputFiles, dom.SetFileInputFilesParams{Files: []string{path}, BackendNodeID: node})
		return err
	}))
}

// inputName returns the name attribute of a DOM node.
func inputName(e *env, node cdp.BackendNodeID) string {
	ctx, cancel := context.WithTimeout(e.ctx, callTimeout)
	defer cancel()
	res, err := chromedp.Call(ctx, dom.DescribeNode, dom.DescribeNodeParams{BackendNodeID: node})
	if err != nil || res.Node == nil {
		return fmt.Sprintf("(DOM.describeNode failed: %v)", err)
	}
	attrs := res.Node.Attributes
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i] == "name" {
			return attrs[i+1]
		}
	}
	return ""
}
