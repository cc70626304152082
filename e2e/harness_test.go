package main

// Harness for the browser end-to-end tests in e2e_test.go.
//
// The tests drive the real thing: the server binary bin/framecheck (built by
// `make build`) serving the real web/app.wasm, in a real headless Chromium,
// through the Chrome DevTools Protocol (chromedp). Every test gets its own
// server process and its own browser with a fresh temporary profile, so
// nothing (localStorage, IndexedDB, service worker caches) leaks between
// tests.
//
// Every identifier here starts with e2e: the package is shared with the
// server's own code and tests.

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

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Time limits. Every wait in the tests is bounded by one of these.
const (
	e2eLoadTimeout   = 60 * time.Second // first load: the wasm is ~7 MB
	e2eStepTimeout   = 10 * time.Second // one UI step
	e2eCallTimeout   = 10 * time.Second // one CDP command
	e2eServerTimeout = 20 * time.Second // server start and stop
	e2eBuildTimeout  = 6 * time.Minute  // make build, only when stale
	e2eTestTimeout   = 150 * time.Second
	e2ePollInterval  = 50 * time.Millisecond
)

// e2eAppRoot is the root element of the app, and e2eReady the same element
// once the workspace is loaded and rendered.
const (
	e2eAppRoot = `main.fc-shell`
	e2eReady   = `main.fc-shell[data-ready="1"]`
)

// ---------------------------------------------------------------------------
// Browser discovery

// e2eFindChromium returns the path of a Chromium binary, or "".
func e2eFindChromium() string {
	if p := os.Getenv("FRAMECHECK_CHROMIUM"); p != "" {
		if p, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	for _, name := range []string{"chromium", "/usr/bin/chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

var e2eBannerOnce sync.Once

// e2eRequireChromium returns the browser path, or skips the test with a loud
// banner on stderr. With CI set, a missing browser fails the test instead:
// a CI run must not go green without having run the browser tests.
func e2eRequireChromium(t *testing.T) string {
	t.Helper()
	p := e2eFindChromium()
	if p != "" {
		return p
	}
	const msg = "BROWSER TESTS SKIPPED: Chromium not found; install it with apt-get install -y chromium"
	e2eBannerOnce.Do(func() {
		bar := strings.Repeat("!", len(msg)+8)
		banner := fmt.Sprintf("\n%s\n!!! %s !!!\n%s\n\n", bar, msg, bar)
		fmt.Fprint(os.Stderr, banner)
		// `go test ./...` hides the output of a package that passes, so
		// also tell the person at the terminal, if there is one.
		if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
			fmt.Fprint(tty, banner)
			tty.Close()
		}
	})
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set and Chromium was not found (looked for chromium, /usr/bin/chromium, chromium-browser): the browser tests must run in CI")
	}
	t.Skip(msg)
	return ""
}

// ---------------------------------------------------------------------------
// Building the real parts

var (
	e2eBuildOnce sync.Once
	e2eBuildErr  error
)

// e2eEnsureBuilt runs `make build` once per test binary when bin/framecheck or
// web/app.wasm is missing or older than the Go sources. Normally `make test`
// has built them already and this does nothing.
func e2eEnsureBuilt(t *testing.T) {
	t.Helper()
	e2eBuildOnce.Do(func() {
		stale, why := e2eStale()
		if !stale {
			return
		}
		fmt.Fprintf(os.Stderr, "e2e: %s; running make build\n", why)
		// Bounded, and in its own process group so that a timeout stops
		// the go and precompress children too.
		limit := e2eBuildTimeout
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
			e2eBuildErr = fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out.Bytes())
			return
		}
		if stale, why := e2eStale(); stale {
			// Sources can change while we build (others are editing).
			fmt.Fprintf(os.Stderr, "e2e: warning: %s succeeded but the build looks stale again: %s\n", strings.Join(cmd.Args, " "), why)
		}
	})
	if e2eBuildErr != nil {
		t.Fatalf("building the app: %v", e2eBuildErr)
	}
}

// e2eStale reports whether bin/framecheck, web/app.wasm or its brotli copy
// is missing or older than an input of the build: the non-test Go files of
// the root package, every non-test file under app/ and wasm/ (go:embed'ed
// files count), go.mod and go.sum. It mirrors the Makefile's inputs.
func e2eStale() (bool, string) {
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

// e2eLockedBuffer collects the server's output from two pipes.
type e2eLockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *e2eLockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *e2eLockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type e2eServer struct {
	cmd  *exec.Cmd
	url  string // http://127.0.0.1:port
	log  *e2eLockedBuffer
	done chan struct{}
	err  error // of cmd.Wait, valid after done is closed
}

// e2eFreeAddr returns a loopback address with a port that was free a moment
// ago.
func e2eFreeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free port: %v", err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// e2eStartServer runs bin/framecheck on a free port and waits until it
// answers. The caller stops it with e2eStop.
func e2eStartServer(t *testing.T) *e2eServer {
	t.Helper()
	return e2eStartServerWeb(t, "web")
}

// e2eStartServerWeb is e2eStartServer serving another web directory.
func e2eStartServerWeb(t *testing.T, web string) *e2eServer {
	t.Helper()
	bin, err := filepath.Abs("bin/framecheck")
	if err != nil {
		t.Fatal(err)
	}
	addr := e2eFreeAddr(t)
	s := &e2eServer{url: "http://" + addr, log: &e2eLockedBuffer{}, done: make(chan struct{})}
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
	deadline := time.Now().Add(e2eServerTimeout)
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
			t.Fatalf("server did not answer within %v: %v\nserver log:\n%s", e2eServerTimeout, err, s.log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// e2eStop sends SIGTERM and checks that the server exits cleanly and in time.
func (s *e2eServer) e2eStop(t *testing.T) {
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
	case <-time.After(e2eServerTimeout):
		s.cmd.Process.Kill()
		<-s.done
		t.Errorf("server did not exit within %v of SIGTERM\nserver log:\n%s", e2eServerTimeout, s.log)
	}
}

// ---------------------------------------------------------------------------
// One test's environment: server, browser, tab and what they recorded

type e2eEnv struct {
	t      *testing.T
	srv    *e2eServer
	ctx    context.Context // the tab
	cancel context.CancelFunc

	downloads string // download directory

	mu         sync.Mutex
	console    []chromedp.ConsoleMessage
	responses  []*network.Response
	dialogs    []string
	contentLog []string // strings the server must never log
}

// e2eInitScript runs in every document before the app. It records calls of
// alert/confirm/prompt (without blocking), CSP violations and elements
// added to the document that could come from readout or note content.
const e2eInitScript = `(() => {
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

// e2eStart builds (if needed), starts the server and a fresh browser, and
// opens a tab with the recorders installed. It does not load the app: call
// e2eLoad. Everything is stopped and checked at the end of the test.
func e2eStart(t *testing.T) *e2eEnv {
	t.Helper()
	chromium := e2eRequireChromium(t)
	e2eEnsureBuilt(t)

	e := &e2eEnv{t: t}
	e.srv = e2eStartServer(t)
	// Cleanups run last-in first-out: the browser closes first, then the
	// server is stopped and its log checked.
	t.Cleanup(func() {
		e.srv.e2eStop(t)
		e.e2eCheckServerLog()
	})

	profile, err := os.MkdirTemp("", "framecheck-e2e-profile-")
	if err != nil {
		t.Fatal(err)
	}
	e.downloads = t.TempDir()

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
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	e.ctx, e.cancel = ctx, cancel
	t.Cleanup(func() {
		cancel()
		allocCancel()
		// Chrome's helpers can write into the profile for a moment after
		// the browser stops.
		for range 50 {
			if os.RemoveAll(profile) == nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	})

	// Start the browser and the tab, with no deadline on this context: a
	// deadline on the first run would end the browser with it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium %s: %v", chromium, err)
	}
	// A hard limit for the whole test.
	stop := time.AfterFunc(e2eTestTimeout, func() {
		t.Errorf("test exceeded %v; closing the browser", e2eTestTimeout)
		cancel()
	})
	t.Cleanup(func() { stop.Stop() })

	e.e2eRecord()

	// Whatever a test checked, a crash of the app or an uncaught exception
	// fails it.
	t.Cleanup(func() {
		if c := e.e2eCrash(); c != "" {
			t.Errorf("the app crashed during the test: %s (the full trace is in the console dump of the first failure)", c)
			return
		}
		for _, m := range e.e2eConsole() {
			if m.IsException() {
				t.Errorf("uncaught exception in the page: %s (%s:%d)", m.Text, m.URL, m.Line+1)
			}
		}
	})

	e.e2eDo("set the download behaviour", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior:         browser.SetDownloadBehaviorBehaviorAllowAndName,
			BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
			DownloadPath:     e.downloads,
			EventsEnabled:    new(true),
		})
		return err
	}))
	return e
}

// e2eRecord starts recording the tab's console messages, network responses
// and JS dialogs (leaving the page when asked, dismissing anything else),
// and installs e2eInitScript for every document the tab loads. e2eStart and
// a test's second tab share it.
func (e *e2eEnv) e2eRecord() {
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
			cctx, ccancel := context.WithTimeout(e.ctx, e2eCallTimeout)
			chromedp.Call(cctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: accept})
			ccancel()
		}
	}()

	e.e2eDo("install the init script", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: e2eInitScript})
		return err
	}))
}

// e2eContent registers strings that are user content: the server must never
// log any of them. Short strings are ignored (they could occur by chance).
func (e *e2eEnv) e2eContent(ss ...string) {
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

// e2eCheckServerLog fails the test if the server logged any registered
// content string.
func (e *e2eEnv) e2eCheckServerLog() {
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

// e2eDo runs CDP actions with the step timeout, failing the test with a dump
// on error.
func (e *e2eEnv) e2eDo(what string, steps ...chromedp.Action[chromedp.Void]) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, e2eCallTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		e.e2eFatalf("%s: %v", what, err)
	}
}

// e2eEvalErr evaluates a JS expression and decodes its JSON value into T.
func e2eEvalErr[T any](e *e2eEnv, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(e.ctx, e2eCallTimeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// e2eEval is e2eEvalErr that fails the test on error.
func e2eEval[T any](e *e2eEnv, expr string) T {
	e.t.Helper()
	v, err := e2eEvalErr[T](e, expr)
	if err != nil {
		e.e2eFatalf("evaluating %s: %v", e2eClip(expr, 300), err)
	}
	return v
}

// e2eJS builds the call of a JS function expression with JSON arguments.
func e2eJS(fn string, args ...any) string {
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

// e2eWait polls a JS predicate until it is truthy. On timeout it fails the
// test, with the value of the optional JS detail expression (evaluated at
// that moment) and the dump.
func (e *e2eEnv) e2eWait(what, predicate string, timeout time.Duration, detail ...string) {
	e.t.Helper()
	deadline := time.Now().Add(timeout)
	var lastErr error
	for {
		ok, err := e2eEvalErr[bool](e, "!!("+predicate+")")
		if err == nil && ok {
			return
		}
		if err != nil {
			lastErr = err
		}
		crash := e.e2eCrash()
		if crash != "" || e.ctx.Err() != nil || time.Now().After(deadline) {
			msg := fmt.Sprintf("timed out after %v waiting for %s", timeout, what)
			if crash != "" {
				msg = fmt.Sprintf("the app crashed (%s) while waiting for %s", crash, what)
			}
			if lastErr != nil {
				msg += fmt.Sprintf(" (last error: %v)", lastErr)
			}
			for _, d := range detail {
				v, err := e2eEvalErr[any](e, d)
				msg += fmt.Sprintf("\n  %s = %v (err %v)", e2eClip(d, 120), e2eClip(fmt.Sprint(v), 2000), err)
			}
			e.e2eFatalf("%s", msg)
		}
		time.Sleep(e2ePollInterval)
	}
}

// e2eFatalf fails the test with the message and a dump of the page.
func (e *e2eEnv) e2eFatalf(format string, args ...any) {
	e.t.Helper()
	e.t.Fatalf(format+"\n%s", append(args, e.e2eDump())...)
}

// e2eErrorf records a failure with a dump and lets the test go on.
func (e *e2eEnv) e2eErrorf(format string, args ...any) {
	e.t.Helper()
	e.t.Errorf(format+"\n%s", append(args, e.e2eDump())...)
}

var e2eDumpCount int

// e2eDump collects what helps to understand a failure: a screenshot (its
// path), the console messages and exceptions, dialogs, the outerHTML of the
// app root and the server log.
func (e *e2eEnv) e2eDump() string {
	var b strings.Builder
	b.WriteString("---- e2e dump ----\n")
	if e.ctx.Err() == nil {
		ctx, cancel := context.WithTimeout(e.ctx, 5*time.Second)
		defer cancel()
		if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err != nil {
			fmt.Fprintf(&b, "screenshot: failed: %v\n", err)
		} else {
			f, err := os.CreateTemp("", "framecheck-e2e-"+e2eSafeName(e.t.Name())+"-*.png")
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
		fmt.Fprintf(&b, "page recorders (alerts, CSP violations, added elements): %s %v\n", e2eClip(rec, 2000), e2eErrOrNil(err))
		html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('`+e2eAppRoot+`') || document.body || document.documentElement).outerHTML`))
		if err != nil {
			fmt.Fprintf(&b, "app root outerHTML: failed: %v\n", err)
		} else {
			f, ferr := os.CreateTemp("", "framecheck-e2e-"+e2eSafeName(e.t.Name())+"-*.html")
			if ferr == nil {
				f.WriteString(html)
				f.Close()
				fmt.Fprintf(&b, "app root outerHTML (full copy in %s):\n%s\n", f.Name(), e2eClip(html, 6000))
			} else {
				fmt.Fprintf(&b, "app root outerHTML:\n%s\n", e2eClip(html, 6000))
			}
		}
	} else {
		fmt.Fprintf(&b, "(browser context ended: %v; no screenshot)\n", e.ctx.Err())
	}
	e.mu.Lock()
	fmt.Fprintf(&b, "console messages and exceptions (%d):\n", len(e.console))
	for _, m := range e.console {
		fmt.Fprintf(&b, "  [%s] %s (%s:%d)\n", m.Type, e2eClip(m.Text, 500), m.URL, m.Line+1)
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
	fmt.Fprintf(&b, "server log:\n%s", e2eClip(e.srv.log.String(), 4000))
	b.WriteString("---- end of dump ----")
	return b.String()
}

func e2eErrOrNil(err error) string {
	if err == nil {
		return ""
	}
	return "(" + err.Error() + ")"
}

func e2eSafeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, s)
}

func e2eClip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + fmt.Sprintf("… (%d more characters)", len(r)-n)
}

// e2eCrash returns the first line of a Go panic or a wasm exit the page
// logged, or "".
func (e *e2eEnv) e2eCrash() string {
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

// e2eConsole returns a copy of the recorded console messages.
func (e *e2eEnv) e2eConsole() []chromedp.ConsoleMessage {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]chromedp.ConsoleMessage(nil), e.console...)
}

// e2eResponses returns a copy of the recorded network responses.
func (e *e2eEnv) e2eResponses() []*network.Response {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]*network.Response(nil), e.responses...)
}

// e2eDialogs returns the JS dialogs that opened.
func (e *e2eEnv) e2eDialogs() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.dialogs...)
}

// ---------------------------------------------------------------------------
// Loading the app

// e2eLoad opens the app and waits until it says it is ready.
func (e *e2eEnv) e2eLoad() {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, e2eLoadTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.url+"/")); err != nil {
		e.e2eFatalf("navigating to %s: %v", e.srv.url, err)
	}
	e.e2eWait("the app to be ready ("+e2eReady+")", `document.querySelector('`+e2eReady+`')`, e2eLoadTimeout,
		`(document.getElementById('app-wasm-loader') || {}).textContent`,
		`!!document.querySelector('`+e2eAppRoot+`')`)
	// Ready means rendered: the active readout's text is in the page.
	if state := e2eEval[string](e, `(() => {
      const els = [...document.querySelectorAll('[data-readout-id]')];
      return els.some(el => el.textContent !== '') ? '' : JSON.stringify(els.map(el => el.outerHTML.slice(0, 200)));
    })()`); state != "" {
		e.e2eErrorf("contract: %s is set but no [data-readout-id] element holds its text yet (ready must mean rendered); readout elements at that moment: %s", e2eReady, state)
	}
}

// ---------------------------------------------------------------------------
// Input: selection, keys, mouse, typing

// e2eRangeJS defines e2eRange(id, startCP, endCP), which builds a DOM Range
// over the code point offsets [startCP, endCP) of the text of the readout
// element. It walks the text nodes and converts code points to UTF-16
// offsets by iterating each string with for...of.
const e2eRangeJS = `function e2eRange(id, s, t) {
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

// e2eSettle waits until the readout's text element has not changed for
// 300 ms (at most 3 s): a selection made while the app still repaints the
// text would be lost with the replaced text nodes.
func (e *e2eEnv) e2eSettle(readoutID string) {
	e.t.Helper()
	_, _ = e2eEvalErr[bool](e, e2eJS(`(id) => new Promise((resolve) => {
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

// e2eSelectRange selects the code points [startCP, endCP) of the readout's
// text as the document selection, and returns the selected text.
func (e *e2eEnv) e2eSelectRange(readoutID string, startCP, endCP int) string {
	e.t.Helper()
	e.e2eSettle(readoutID)
	return e2eEval[string](e, e2eJS(`(id, s, t) => {
      `+e2eRangeJS+`
      const r = e2eRange(id, s, t);
      const sel = document.getSelection();
      sel.removeAllRanges();
      sel.addRange(r);
      return r.toString();
    }`, readoutID, startCP, endCP))
}

// e2eCaret puts a collapsed selection (a caret) at code point cp of the
// readout's text.
func (e *e2eEnv) e2eCaret(readoutID string, cp int) {
	e.t.Helper()
	e.e2eSelectRange(readoutID, cp, cp)
	if !e2eEval[bool](e, `document.getSelection().rangeCount === 1 && document.getSelection().isCollapsed`) {
		e.e2eFatalf("e2eCaret: the selection is not a collapsed caret")
	}
}

// e2eKey describes one key of a US keyboard.
type e2eKey struct {
	key, code string
	vk        int64
	text      string
	shift     bool
}

var e2eKeys = map[string]e2eKey{
	"1":         {"1", "Digit1", 49, "1", false},
	"2":         {"2", "Digit2", 50, "2", false},
	"3":         {"3", "Digit3", 51, "3", false},
	"n":         {"n", "KeyN", 78, "n", false},
	"l":         {"l", "KeyL", 76, "l", false},
	"o":         {"o", "KeyO", 79, "o", false},
	"c":         {"c", "KeyC", 67, "c", false},
	"m":         {"m", "KeyM", 77, "m", false},
	"z":         {"z", "KeyZ", 90, "z", false},
	"j":         {"j", "KeyJ", 74, "j", false},
	"v":         {"v", "KeyV", 86, "v", false},
	"]":         {"]", "BracketRight", 221, "]", false},
	"?":         {"?", "Slash", 191, "?", true},
	"Delete":    {"Delete", "Delete", 46, "", false},
	"Backspace": {"Backspace", "Backspace", 8, "", false},
	"Enter":     {"Enter", "Enter", 13, "\r", false},
	"Escape":    {"Escape", "Escape", 27, "", false},
	"Tab":       {"Tab", "Tab", 9, "", false},
}

// Modifier bits of Input.dispatchKeyEvent.
const (
	e2eAlt   = 1
	e2eCtrl  = 2
	e2eMeta  = 4
	e2eShift = 8
)

// e2ePressKey sends a real key press (keydown, keypress if the key makes
// text, keyup) through Input.dispatchKeyEvent to the focused element.
func (e *e2eEnv) e2ePressKey(name string, modifiers ...int64) {
	e.t.Helper()
	k, ok := e2eKeys[name]
	if !ok {
		e.t.Fatalf("e2ePressKey: unknown key %q", name)
	}
	var mods int64
	for _, m := range modifiers {
		mods |= m
	}
	key, text := k.key, k.text
	if k.shift {
		mods |= e2eShift
	} else if mods&e2eShift != 0 && len(key) == 1 {
		// Shift held with a letter, as on a real keyboard: Ctrl+Shift+Z
		// sends key "Z" (named keys such as Tab keep their name).
		key, text = strings.ToUpper(key), strings.ToUpper(text)
	}
	if mods&(e2eCtrl|e2eAlt|e2eMeta) != 0 {
		text = "" // no character with a shortcut modifier
	}
	down := input.DispatchKeyEventTypeRawKeyDown
	if text != "" {
		down = input.DispatchKeyEventTypeKeyDown
	}
	e.e2eDo("press key "+name, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, p := range []input.DispatchKeyEventParams{
			{Type: down, Modifiers: mods, Key: key, Code: k.code, Text: text, UnmodifiedText: text,
				WindowsVirtualKeyCode: k.vk, NativeVirtualKeyCode: k.vk},
			{Type: input.DispatchKeyEventTypeKeyUp, Modifiers: mods, Key: key, Code: k.code,
				WindowsVirtualKeyCode: k.vk, NativeVirtualKeyCode: k.vk},
		} {
			if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, p); err != nil {
				return err
			}
		}
		return nil
	}))
}

// e2eClick clicks the first element that matches the CSS selector with a
// real mouse (move, press, release at the centre of its box), the way a user
// does: focus and selection changes happen as they would.
func (e *e2eEnv) e2eClick(selector string) {
	e.t.Helper()
	type point struct {
		X, Y  float64
		Error string
	}
	// Let pending renders land first (two animation frames), so the box is
	// measured where the user would see it.
	// Best effort: a busy page may skip frames, and the click still has to
	// happen.
	_, _ = e2eEvalErr[bool](e, `Promise.race([
      new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))),
      new Promise(r => setTimeout(() => r(false), 1000))])`)
	p := e2eEval[point](e, e2eJS(`(sel) => {
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
		e.e2eFatalf("e2eClick(%s): %s", selector, p.Error)
	}
	e.e2eClickXY(selector, p.X, p.Y)
}

// e2eClickXY clicks with a real mouse at viewport coordinates.
func (e *e2eEnv) e2eClickXY(what string, x, y float64) {
	e.t.Helper()
	e.e2eDo("click "+what, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, p := range []input.DispatchMouseEventParams{
			{Type: input.DispatchMouseEventTypeMouseMoved, X: x, Y: y},
			{Type: input.DispatchMouseEventTypeMousePressed, X: x, Y: y, Button: input.MouseButtonLeft, Buttons: 1, ClickCount: 1},
			{Type: input.DispatchMouseEventTypeMouseReleased, X: x, Y: y, Button: input.MouseButtonLeft, Buttons: 0, ClickCount: 1},
		} {
			if _, err := cdp.Call(ctx, tg, input.DispatchMouseEvent, p); err != nil {
				return err
			}
		}
		return nil
	}))
}

// e2eClickText clicks with a real mouse in the middle of the code points
// [startCP, endCP) of a readout's text (on the first line box of the span).
func (e *e2eEnv) e2eClickText(readoutID string, startCP, endCP int) {
	e.t.Helper()
	type point struct{ X, Y float64 }
	p := e2eEval[point](e, e2eJS(`(id, s, t) => {
      `+e2eRangeJS+`
      let r = e2eRange(id, s, t);
      let rects = r.getClientRects();
      if (!rects.length) throw new Error('the text span has no box');
      let b = rects[0];
      if (b.top < 0 || b.bottom > innerHeight) {
        r.startContainer.parentElement.scrollIntoView({ block: 'center' });
        b = e2eRange(id, s, t).getClientRects()[0];
      }
      return { X: b.left + b.width / 2, Y: b.top + b.height / 2 };
    }`, readoutID, startCP, endCP))
	e.e2eClickXY(fmt.Sprintf("text %d-%d of readout %s", startCP, endCP, readoutID), p.X, p.Y)
}

// e2eType focuses the input or textarea, selects what it holds and types
// the text over it with Input.insertText (as an IME or a paste would).
func (e *e2eEnv) e2eType(selector, text string) {
	e.t.Helper()
	if msg := e2eEval[string](e, e2eJS(`(sel) => {
      const el = document.querySelector(sel);
      if (!el) return 'no element matches ' + sel;
      el.focus();
      if (document.activeElement !== el) return sel + ' did not take the focus';
      if (typeof el.select === 'function') el.select();
      return '';
    }`, selector)); msg != "" {
		e.e2eFatalf("e2eType(%s): %s", selector, msg)
	}
	e.e2eDo("type into "+selector, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, input.InsertText, input.InsertTextParams{Text: text})
		return err
	}))
}

// e2eSetSelect sets a <select> to a value and fires input and change, as a
// user's choice does.
func (e *e2eEnv) e2eSetSelect(selector, value string) {
	e.t.Helper()
	if msg := e.e2eTrySetSelect(selector, value, -1); msg != "" {
		e.e2eFatalf("e2eSetSelect(%s): %s", selector, msg)
	}
}

// e2eTrySetSelect is e2eSetSelect that reports a missing option instead of
// failing; with index >= 0 it then chooses the option at that index (so a
// test can record the discrepancy and go on).
func (e *e2eEnv) e2eTrySetSelect(selector, value string, index int) string {
	e.t.Helper()
	return e2eEval[string](e, e2eJS(`(sel, v, index) => {
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

// e2eExportDoc is the framecheck v1 export format.
type e2eExportDoc struct {
	Format      string                `json:"format"`
	Version     int                   `json:"version"`
	OffsetUnit  string                `json:"offsetUnit"`
	ExportedAt  string                `json:"exportedAt"`
	Workspace   e2eExportWorkspace    `json:"workspace"`
	Readouts    []e2eExportReadout    `json:"readouts"`
	Annotations []e2eExportAnnotation `json:"annotations"`
}

type e2eExportWorkspace struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	CreatedAt string `json:"createdAt"`
	UpdatedAt string `json:"updatedAt"`
}

type e2eExportReadout struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Source      string `json:"source,omitempty"`
	URL         string `json:"url,omitempty"`
	PublishedAt string `json:"publishedAt,omitempty"`
	Language    string `json:"language,omitempty"`
	Text        string `json:"text"`
	TextSha256  string `json:"textSha256"`
	// Versions (earlier texts), kept as raw JSON so the struct stays comparable.
	Versions e2eRawJSON `json:"versions,omitempty"`
}

// e2eRawJSON keeps a JSON value as its text.
type e2eRawJSON string

func (r *e2eRawJSON) UnmarshalJSON(b []byte) error { *r = e2eRawJSON(b); return nil }

type e2eExportAnnotation struct {
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

// e2eExport clicks the export button and captures the download the app makes
// in the browser. It returns the parsed document, the raw bytes and the
// suggested file name.
func (e *e2eEnv) e2eExport() (*e2eExportDoc, []byte, string) {
	e.t.Helper()
	raw, name := e.e2eDownload("export", func() { e.e2eClick(`button[data-action="export-json"]`) })
	return e2eParseExport(e.t, "export", raw, name), raw, name
}

// e2eParseExport decodes a downloaded framecheck v1 file strictly (unknown
// fields and trailing data are refused), failing the test otherwise.
func e2eParseExport(t *testing.T, what string, raw []byte, name string) *e2eExportDoc {
	t.Helper()
	var doc e2eExportDoc
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%s: the file %s is not framecheck v1 JSON (unknown fields are refused): %v\n%s", what, name, err, e2eClip(string(raw), 3000))
	}
	if dec.More() {
		t.Fatalf("%s: trailing data after the JSON document in %s", what, name)
	}
	return &doc
}

// e2eDownload runs click (which must make the app download one file) and
// captures the download. It returns the bytes and the suggested file name.
func (e *e2eEnv) e2eDownload(what string, click func()) ([]byte, string) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, e2eStepTimeout)
	defer cancel()
	// Subscribe before the click, so no event is lost.
	begins := chromedp.BrowserEvents(ctx, browser.DownloadWillBegin)
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	click()
	var begin browser.EventDownloadWillBegin
	for ev, err := range begins {
		if err != nil {
			e.e2eFatalf("%s: no download began within %v: %v\n  status: %s", what, e2eStepTimeout, err,
				e2eEval[string](e, `[...document.querySelectorAll('[role="status"], [role="alert"]')].map(el => el.textContent).join(' | ')`))
		}
		begin = ev
		break
	}
	var done browser.EventDownloadProgress
	for ev, err := range progress {
		if err != nil {
			e.e2eFatalf("%s: download %s (%s) did not complete within %v: %v (last state %q)", what, begin.GUID, begin.SuggestedFilename, e2eStepTimeout, err, done.State)
		}
		if ev.GUID != begin.GUID {
			continue
		}
		done = ev
		if ev.State == browser.DownloadProgressStateCompleted {
			break
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			e.e2eFatalf("%s: download %s (%s) was canceled", what, begin.GUID, begin.SuggestedFilename)
		}
	}
	path := filepath.Join(e.downloads, begin.GUID)
	if done.FilePath != "" {
		if _, err := os.Stat(done.FilePath); err == nil {
			path = done.FilePath
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		e.e2eFatalf("%s: reading the downloaded file: %v", what, err)
	}
	return raw, begin.SuggestedFilename
}

// e2eCanonAnn is an annotation without ids: its readout by index.
type e2eCanonAnn struct {
	Readout                             int
	Tag                                 string
	Start, End                          int
	Exact, Prefix, Suffix, Note, Author string
	OmittedBy                           string
	CreatedAt, UpdatedAt                string
}

// e2eCanon describes an export without ids, workspace and export times:
// readouts in order, and the annotations with their readout's index.
func e2eCanon(doc *e2eExportDoc) ([]e2eExportReadout, []e2eCanonAnn) {
	idx := map[string]int{}
	var rs []e2eExportReadout
	for i, r := range doc.Readouts {
		idx[r.ID] = i
		r.ID = ""
		rs = append(rs, r)
	}
	var as []e2eCanonAnn
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
		as = append(as, e2eCanonAnn{ri, a.Tag, a.Start, a.End, a.Exact, a.Prefix, a.Suffix, a.Note, a.Author, strings.Join(om, ","), a.CreatedAt, a.UpdatedAt})
	}
	sort.Slice(as, func(i, j int) bool { return fmt.Sprintf("%+v", as[i]) < fmt.Sprintf("%+v", as[j]) })
	return rs, as
}

// e2eImportFile runs click (which must open the app's file chooser, the
// hidden input[name="import-file"]), takes the chooser and chooses the file,
// as a user does.
func (e *e2eEnv) e2eImportFile(path string, click func()) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, e2eStepTimeout)
	defer cancel()
	choosers := chromedp.Events(ctx, page.FileChooserOpened)
	e.e2eDo("intercept the file chooser", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.SetInterceptFileChooserDialog, page.SetInterceptFileChooserDialogParams{Enabled: true})
		return err
	}))
	click()
	var node cdp.BackendNodeID
	for ev, err := range choosers {
		if err != nil {
			e.e2eFatalf(`clicking button[data-action="import-json"] opened no file chooser within %v: %v`, e2eStepTimeout, err)
		}
		node = ev.BackendNodeID
		break
	}
	if node == 0 {
		e.e2eFatalf("the file chooser opened by Import JSON is not an <input type=file>")
	}
	// The chooser must be the app's hidden input.
	name := e2eInputName(e, node)
	if name != "import-file" {
		e.e2eErrorf(`the file chooser belongs to an input named %q, want input[name="import-file"]`, name)
	}
	e.e2eDo("choose "+filepath.Base(path), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, dom.SetFileInputFiles, dom.SetFileInputFilesParams{Files: []string{path}, BackendNodeID: node})
		return err
	}))
}

// e2eInputName returns the name attribute of a DOM node.
func e2eInputName(e *e2eEnv, node cdp.BackendNodeID) string {
	ctx, cancel := context.WithTimeout(e.ctx, e2eCallTimeout)
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
