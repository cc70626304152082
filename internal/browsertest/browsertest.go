// Package browsertest is what every browser test of framecheck shares: the
// end-to-end tests (e2e), the browser benchmark (bench/app) and the renderer
// comparison (bench/renderers). It finds Chromium (one lookup order), starts
// it headless with the flags this machine needs and a fresh profile, lets it
// download into a directory and captures a download, records a CDP trace,
// and evaluates and waits on JavaScript.
//
// It is imported only by tests, so app.wasm and the server never link it.
package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// EnvChromium names the environment variable that picks the browser.
const EnvChromium = "FRAMECHECK_CHROMIUM"

// candidates are looked up in this order when $FRAMECHECK_CHROMIUM is unset:
// Debian's package first (its name on PATH, then its usual path, for a PATH
// without /usr/bin), then the usual other names.
var candidates = []string{"chromium", "/usr/bin/chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// Find returns the path of the browser to drive, or "". When
// $FRAMECHECK_CHROMIUM is set, only that one is considered (a name or path
// that is not found counts as absent), so a run never silently measures
// another browser than the one asked for.
func Find() string {
	if p := os.Getenv(EnvChromium); p != "" {
		if p, err := exec.LookPath(p); err == nil {
			return p
		}
		return ""
	}
	for _, name := range candidates {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

var bannerOnce sync.Once

// Require returns the browser's path. Without one it skips the test with a
// banner on stderr (and on the terminal, since `go test ./...` hides the
// output of a package that passes); with the CI variable set it fails the
// test instead: CI must not go green without having run the browser tests.
// what names the tests, for the banner.
func Require(t testing.TB, what string) string {
	t.Helper()
	if p := Find(); p != "" {
		return p
	}
	msg := fmt.Sprintf("%s SKIPPED: Chromium not found (looked for $%s, else %s); install it with apt-get install -y chromium",
		what, EnvChromium, strings.Join(candidates, ", "))
	bannerOnce.Do(func() {
		bar := strings.Repeat("!", len(msg)+8)
		banner := fmt.Sprintf("\n%s\n!!! %s !!!\n%s\n\n", bar, msg, bar)
		fmt.Fprint(os.Stderr, banner)
		if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
			fmt.Fprint(tty, banner)
			tty.Close()
		}
	})
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set and Chromium was not found: %s", msg)
	}
	t.Skip(msg)
	return ""
}

// Flags are the options every browser test starts Chromium with: headless,
// no sandbox (containers), no GPU, and nothing that reaches the network on
// its own (the machine may have none, and a background fetch would skew
// timings), plus a fixed window so layouts and timings compare.
func Flags() []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
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
}

// Start starts Chromium at execPath with Flags, then extra (which may
// override them), and a fresh profile directory, and returns its first tab.
// The browser stops, and its profile is removed, when stop is called or
// at the end of the test, whichever comes first.
func Start(t testing.TB, execPath string, extra ...chromedp.ExecAllocatorOption) (ctx context.Context, stop func()) {
	t.Helper()
	profile, err := os.MkdirTemp("", "framecheck-browser-profile-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(Flags(), extra...)
	opts = append(opts, chromedp.ExecPath(execPath), chromedp.UserDataDir(profile))
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			acancel()
			// Chrome's helpers can write into the profile for a moment
			// after the browser stops.
			for range 50 {
				if os.RemoveAll(profile) == nil {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
		})
	}
	t.Cleanup(stop)
	// The first run starts the browser and ties it to its context: no
	// deadline here, or the browser would end with it.
	if err := chromedp.Do(ctx); err != nil {
		stop()
		t.Fatalf("starting Chromium %s: %v", execPath, err)
	}
	return ctx, stop
}

// Version returns the browser's product string, e.g. "HeadlessChrome/131.0".
func Version(ctx context.Context) string {
	v, err := chromedp.CallBrowser(ctx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	return v.Product
}

// ---------------------------------------------------------------------------
// JavaScript

// JS builds the call of a JS function expression with JSON arguments.
func JS(fn string, args ...any) string {
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

// Eval evaluates a JS expression in the tab (awaiting a promise) and decodes
// its JSON value into T, within timeout.
func Eval[T any](ctx context.Context, timeout time.Duration, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// Poll evaluates a JS predicate every interval until it is truthy (nil) or
// timeout passes (the last evaluation error, or one that says it timed out).
func Poll(ctx context.Context, predicate string, timeout, interval time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		ok, err := Eval[bool](ctx, 10*time.Second, "!!("+predicate+")")
		if err == nil && ok {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = fmt.Errorf("still false after %v", timeout)
			}
			return err
		}
		time.Sleep(interval)
	}
}

// ---------------------------------------------------------------------------
// Input

// Key is one key of a US keyboard, as Input.dispatchKeyEvent wants it.
type Key struct {
	Key, Code string
	VK        int64
	Text      string
	Shift     bool // typed with Shift (e.g. "?")
}

// Keys are the keys the tests press, by name.
var Keys = map[string]Key{
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
	Alt   = 1
	Ctrl  = 2
	Meta  = 4
	Shift = 8
)

// Press sends a real key press (keydown, with text a keypress, keyup) to the
// focused element of the tab.
func Press(ctx context.Context, name string, modifiers int64) error {
	k, ok := Keys[name]
	if !ok {
		return fmt.Errorf("unknown key %q", name)
	}
	key, text := k.Key, k.Text
	if k.Shift {
		modifiers |= Shift
	} else if modifiers&Shift != 0 && len(key) == 1 {
		// Shift held with a letter, as on a real keyboard: Ctrl+Shift+Z
		// sends key "Z" (named keys such as Tab keep their name).
		key, text = strings.ToUpper(key), strings.ToUpper(text)
	}
	if modifiers&(Ctrl|Alt|Meta) != 0 {
		text = "" // no character with a shortcut modifier
	}
	down := input.DispatchKeyEventTypeRawKeyDown
	if text != "" {
		down = input.DispatchKeyEventTypeKeyDown
	}
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, p := range []input.DispatchKeyEventParams{
			{Type: down, Modifiers: modifiers, Key: key, Code: k.Code, Text: text, UnmodifiedText: text,
				WindowsVirtualKeyCode: k.VK, NativeVirtualKeyCode: k.VK},
			{Type: input.DispatchKeyEventTypeKeyUp, Modifiers: modifiers, Key: key, Code: k.Code,
				WindowsVirtualKeyCode: k.VK, NativeVirtualKeyCode: k.VK},
		} {
			if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, p); err != nil {
				return err
			}
		}
		return nil
	}))
}

// ClickAt clicks with a real mouse (move, press, release) at viewport
// coordinates. It returns the time just before the press was sent, which
// the benchmark measures from.
func ClickAt(ctx context.Context, x, y float64) (time.Time, error) {
	var t0 time.Time
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, input.DispatchMouseEvent, input.DispatchMouseEventParams{Type: input.DispatchMouseEventTypeMouseMoved, X: x, Y: y}); err != nil {
			return err
		}
		t0 = time.Now()
		for _, p := range []input.DispatchMouseEventParams{
			{Type: input.DispatchMouseEventTypeMousePressed, X: x, Y: y, Button: input.MouseButtonLeft, Buttons: 1, ClickCount: 1},
			{Type: input.DispatchMouseEventTypeMouseReleased, X: x, Y: y, Button: input.MouseButtonLeft, Buttons: 0, ClickCount: 1},
		} {
			if _, err := cdp.Call(ctx, tg, input.DispatchMouseEvent, p); err != nil {
				return err
			}
		}
		return nil
	}))
	return t0, err
}

// ---------------------------------------------------------------------------
// Downloads

// AllowDownloads makes the tab's browser context save downloads into dir,
// each under its GUID, and report their progress as events.
func AllowDownloads(ctx context.Context, dir string) error {
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior:         browser.SetDownloadBehaviorBehaviorAllowAndName,
			BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
			DownloadPath:     dir,
			EventsEnabled:    new(true),
		})
		return err
	}))
}

// Download runs click, which must make the page download one file into dir
// (see AllowDownloads), and returns the file's bytes and suggested name once
// the download completes, within timeout.
func Download(ctx context.Context, dir string, timeout time.Duration, click func()) ([]byte, string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// Subscribe before the click, so no event is lost.
	begins := chromedp.BrowserEvents(ctx, browser.DownloadWillBegin)
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	click()
	var begin browser.EventDownloadWillBegin
	for ev, err := range begins {
		if err != nil {
			return nil, "", fmt.Errorf("no download began within %v: %w", timeout, err)
		}
		begin = ev
		break
	}
	var done browser.EventDownloadProgress
	for ev, err := range progress {
		if err != nil {
			return nil, begin.SuggestedFilename, fmt.Errorf("download %s (%s) did not complete within %v: %w (last state %q)", begin.GUID, begin.SuggestedFilename, timeout, err, done.State)
		}
		if ev.GUID != begin.GUID {
			continue
		}
		done = ev
		if ev.State == browser.DownloadProgressStateCompleted {
			break
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			return nil, begin.SuggestedFilename, fmt.Errorf("download %s (%s) was canceled", begin.GUID, begin.SuggestedFilename)
		}
	}
	path := filepath.Join(dir, begin.GUID)
	if done.FilePath != "" {
		if _, err := os.Stat(done.FilePath); err == nil {
			path = done.FilePath
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, begin.SuggestedFilename, fmt.Errorf("reading the downloaded file: %w", err)
	}
	return raw, begin.SuggestedFilename, nil
}

// ---------------------------------------------------------------------------
// Tracing

// Tracer collects the events of CDP traces of one tab. It listens once for
// the tab's life, so one tracer serves many traces.
type Tracer struct {
	mu     sync.Mutex
	events []json.RawMessage
	done   chan struct{}
}

// NewTracer starts listening to the tab's trace events.
func NewTracer(ctx context.Context) (*Tracer, error) {
	tr := &Tracer{}
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
	return tr, nil
}

// Start begins a trace of the given categories, dropping the events of any
// earlier one.
func (tr *Tracer) Start(ctx context.Context, categories ...string) error {
	tr.mu.Lock()
	tr.events, tr.done = nil, make(chan struct{})
	tr.mu.Unlock()
	_, err := chromedp.Call(ctx, tracing.Start, tracing.StartParams{
		TransferMode: tracing.StartTransferModeReportEvents,
		TraceConfig:  &tracing.TraceConfig{IncludedCategories: categories},
	})
	return err
}

// Stop ends the trace and returns its events once the browser has sent them
// all (Tracing.tracingComplete), waiting at most wait.
func (tr *Tracer) Stop(ctx context.Context, wait time.Duration) ([]json.RawMessage, error) {
	tr.mu.Lock()
	done := tr.done
	tr.mu.Unlock()
	if _, err := chromedp.Call(ctx, tracing.End, cdp.Empty{}); err != nil {
		return nil, err
	}
	if done != nil {
		select {
		case <-done:
		case <-time.After(wait):
			return nil, fmt.Errorf("no Tracing.tracingComplete within %v", wait)
		}
	}
	tr.mu.Lock()
	defer tr.mu.Unlock()
	evs := tr.events
	tr.events = nil
	return evs, nil
}
