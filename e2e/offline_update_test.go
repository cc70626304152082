package main

// Browser end-to-end test of issue #10 item 4: an update whose download
// fails must not take the offline copy away. Version 1 is served, used and
// cached; version 2 is then served with app.wasm cut off mid-download; with
// the network gone afterwards, version 1 must still load, with the work made
// under it.
//
// One origin (a small proxy on a fixed loopback port, started here) stands in
// front of two real servers (bin/framecheck on two web directories that
// differ by one file, so two versions). The proxy can switch between them,
// cut app.wasm's body, or refuse every request (the server gone). Every
// identifier declared here starts with e2eOU: the package is shared.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// e2eOUProxy forwards every request to the current backend, or fails it.
type e2eOUProxy struct {
	mu      sync.Mutex
	backend *url.URL
	cutWasm bool // send half of app.wasm's body, then drop the connection
	down    bool // drop every connection without an answer
	cuts    int  // app.wasm responses cut so far
}

func (p *e2eOUProxy) set(backend string, cutWasm, down bool) {
	u, err := url.Parse(backend)
	if err != nil {
		panic(err)
	}
	p.mu.Lock()
	p.backend, p.cutWasm, p.down = u, cutWasm, down
	p.mu.Unlock()
}

func (p *e2eOUProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	backend, cut, down := p.backend, p.cutWasm, p.down
	p.mu.Unlock()
	if down {
		// No response at all: the browser sees a network error, as when
		// the server is gone.
		panic(http.ErrAbortHandler)
	}
	rp := httputil.NewSingleHostReverseProxy(backend)
	// Accept-Encoding goes through untouched, so app.wasm comes brotli.
	rp.Transport = &http.Transport{DisableCompression: true}
	rp.ErrorLog = log.New(io.Discard, "", 0) // the cut is on purpose
	if cut && strings.HasSuffix(r.URL.Path, "app.wasm") {
		rp.ModifyResponse = func(resp *http.Response) error {
			if resp.StatusCode != http.StatusOK || resp.ContentLength <= 0 {
				return nil
			}
			p.mu.Lock()
			p.cuts++
			p.mu.Unlock()
			// The headers (with the full Content-Length) and half the body
			// go out; then the read fails and the reverse proxy aborts the
			// connection.
			resp.Body = &e2eOUCutBody{r: resp.Body, left: resp.ContentLength / 2, closer: resp.Body}
			return nil
		}
	}
	rp.ServeHTTP(w, r)
}

type e2eOUCutBody struct {
	r      io.Reader
	left   int64
	closer io.Closer
}

func (b *e2eOUCutBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, errors.New("e2e: app.wasm cut mid-download")
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *e2eOUCutBody) Close() error { return b.closer.Close() }

// e2eOUCopyWeb copies web/ into a new directory and returns it. With
// release set, app.wasm gets a custom section naming it (still a valid
// module, but other bytes, as in a real release) and its stale .br/.gz are
// dropped (the server compresses it in memory).
func e2eOUCopyWeb(t *testing.T, release string, extra map[string]string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "web")
	if err := os.CopyFS(dst, os.DirFS("web")); err != nil {
		t.Fatalf("copying web/: %v", err)
	}
	if release != "" {
		const name = "e2e-release"
		payload := append([]byte{byte(len(name))}, name+release...)
		if len(payload) > 127 {
			t.Fatal("test setup: release name too long for a one-byte LEB128 size")
		}
		section := append([]byte{0, byte(len(payload))}, payload...)
		f, err := os.OpenFile(filepath.Join(dst, "app.wasm"), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(section); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(dst, "app.wasm.br"))
		os.Remove(filepath.Join(dst, "app.wasm.gz"))
	}
	for name, data := range extra {
		if err := os.WriteFile(filepath.Join(dst, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// e2eOUVersion asks a server for its app version (from app.js).
func e2eOUVersion(t *testing.T, base string) string {
	t.Helper()
	resp, err := http.Get(base + "/app.js")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	m := regexp.MustCompile(`"GOAPP_VERSION":"([^"]+)"`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("%s/app.js carries no GOAPP_VERSION", base)
	}
	return string(m[1])
}

// e2eOUNavigate opens u in the tab and waits until the app is ready with a
// readout's text painted.
func e2eOUNavigate(e *e2eEnv, u string) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, e2eLoadTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		e.e2eFatalf("navigating to %s: %v", u, err)
	}
	e.e2eWait("the app to be ready", e2ePReadyJS, e2eLoadTimeout,
		`(document.getElementById('app-wasm-loader') || {}).textContent`)
}

// e2eOUWaitAsync polls an expression whose value is a promise (e2eWait
// would take the promise itself as truthy) until it resolves truthy.
func e2eOUWaitAsync(e *e2eEnv, what, promise string, timeout time.Duration, detail string) {
	e.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, err := e2eEvalErr[bool](e, `(async () => !!(await (`+promise+`)))()`)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			d, _ := e2eEvalErr[string](e, detail)
			e.e2eFatalf("timed out after %v waiting for %s (last error: %v); %s", timeout, what, err, d)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// e2eOUWaitControlled waits until a service worker is active and controls
// the page (the first visit installs it; one reload may be needed).
func e2eOUWaitControlled(e *e2eEnv) {
	e.t.Helper()
	e2eOUWaitAsync(e, "a service worker to be activated", `navigator.serviceWorker.getRegistration().then(r => !!(r && r.active && r.active.state === 'activated'))`, e2ePSWTimeout, `''`)
	if !e2ePPoll(e, `!!navigator.serviceWorker.controller`, 2*time.Second) {
		e2ePReload(e)
		e.e2eWait("the service worker to control the page after one reload", `!!navigator.serviceWorker.controller`, e2eStepTimeout)
	}
}

// e2eOUCaches lists cache name and path of everything in the page's caches.
func e2eOUCaches(e *e2eEnv) []string {
	e.t.Helper()
	out, _ := e2eEvalErr[[]string](e, `(async () => {
      const out = [];
      for (const k of await caches.keys()) {
        const c = await caches.open(k);
        for (const r of await c.keys()) out.push(k + ' ' + new URL(r.url).pathname);
      }
      return out;
    })()`)
	return out
}

// e2eOUOffline switches the tab and its service worker offline (on top of
// the proxy refusing everything), or back online.
func e2eOUOffline(e *e2eEnv, offline bool) {
	e.t.Helper()
	e.e2eDo(fmt.Sprintf("switch the network offline=%v", offline), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			EmulateOfflineServiceWorker: new(offline),
			MatchedNetworkConditions:    []*network.Conditions{{URLPattern: "", Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}},
		}); err != nil {
			return fmt.Errorf("Network.emulateNetworkConditionsByRule: %w", err)
		}
		_, err := cdp.Call(ctx, tg, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))
}

func TestE2EOfflineUpdateInterrupted(t *testing.T) {
	e := e2eStart(t)
	web1 := e2eOUCopyWeb(t, "", nil)
	web2 := e2eOUCopyWeb(t, "2", map[string]string{"e2e-release.txt": "version 2\n"})
	s1 := e2eStartServerWeb(t, web1)
	t.Cleanup(func() { s1.e2eStop(t) })
	s2 := e2eStartServerWeb(t, web2)
	t.Cleanup(func() { s2.e2eStop(t) })
	v1, v2 := e2eOUVersion(t, s1.url), e2eOUVersion(t, s2.url)
	if v1 == v2 {
		t.Fatalf("test setup: both servers have version %s", v1)
	}

	proxy := &e2eOUProxy{}
	proxy.set(s1.url, false, false)
	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)
	nl := e2ePRecordNet(e)

	// Version 1: load, let the worker take over, make some work.
	e2eOUNavigate(e, front.URL+"/")
	e2eOUWaitControlled(e)
	if got := e2eEval[string](e, `goappEnv.GOAPP_VERSION`); got != v1 {
		t.Fatalf("test setup: the page runs version %q, want %q", got, v1)
	}
	rid := e.e2eActiveReadout()
	const exact = "Ближнем Востоке"
	id := e2ePAnnotate(e, rid, exact, "1", "fact")
	e2ePWaitSaved(e, "after an annotation under version 1")
	cachedV1 := e2eOUCaches(e)

	// Offline under version 1 works.
	proxy.set(s1.url, false, true)
	nl.reset()
	if err := e2ePTryReload(e); err != nil {
		e.e2eFatalf("version 1, server unreachable: the reload did not load from the service worker: %v\nfailed requests:\n  %s\ncaches: %q", err, nl.failures(), cachedV1)
	}
	e.e2eWait("the annotation after the offline reload", e2ePEntryJS(id), e2eStepTimeout, e2ePDetail...)

	// Version 2 is published, and its app.wasm breaks off mid-download.
	// The app is closed and opened again, online: the page comes from the
	// worker and the browser checks for a new worker, which tries (and fails)
	// to precache version 2.
	proxy.set(s2.url, true, false)
	e.e2eDo("close the app", chromedp.Navigate("about:blank"))
	e2eOUNavigate(e, front.URL+"/")
	type attempt struct {
		Outcome string
		Active  string
	}
	// The outcome of the new worker: "redundant" when its install failed,
	// "activated" when it took over.
	ctx, cancel := context.WithTimeout(e.ctx, 80*time.Second)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[attempt](`(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      const settle = (w) => new Promise((res) => {
        const done = () => ['redundant', 'activated'].includes(w.state);
        if (done()) return res(w.state);
        w.addEventListener('statechange', () => { if (done()) res(w.state); });
      });
      let w = reg.installing || reg.waiting;
      if (!w) {
        const found = new Promise((res) => reg.addEventListener('updatefound', () => res(reg.installing), { once: true }));
        await reg.update().catch(() => {});
        w = reg.installing || reg.waiting || await Promise.race([found, new Promise((r) => setTimeout(() => r(null), 30000))]);
      }
      const outcome = w ? await Promise.race([settle(w), new Promise((r) => setTimeout(() => r('still ' + w.state), 40000))]) : 'no update found';
      const act = (await navigator.serviceWorker.getRegistration()).active;
      return { Outcome: outcome, Active: act ? act.scriptURL + ' ' + act.state : '' };
    })()`, chromedp.EvalAwaitPromise))
	cancel()
	if err != nil {
		e.e2eFatalf("watching the update to version 2: %v", err)
	}
	proxy.mu.Lock()
	cuts := proxy.cuts
	proxy.mu.Unlock()
	if cuts == 0 {
		t.Fatalf("test setup: no app.wasm download of version 2 was cut (the new worker's outcome: %+v)", got)
	}
	t.Logf("version 2's worker: %+v; app.wasm downloads cut: %d; caches now: %q", got, cuts, e2eOUCaches(e))

	// Closed again (a worker left waiting takes over once no page uses the
	// old one), then opened offline and reloaded: version 1 must still
	// load, with the work.
	e.e2eDo("close the app", chromedp.Navigate("about:blank"))
	time.Sleep(2 * time.Second)
	proxy.set(s2.url, true, true)
	e2eOUOffline(e, true)
	nl.reset()
	ctx, cancel = context.WithTimeout(e.ctx, e2eLoadTimeout)
	err = chromedp.Do(ctx, chromedp.Navigate(front.URL+"/"))
	cancel()
	if err == nil && !e2ePPoll(e, e2ePReadyJS, e2eLoadTimeout) {
		err = errors.New("the app did not become ready")
	}
	if err == nil {
		err = e2ePTryReload(e)
	}
	if err != nil {
		e.e2eFatalf("after an interrupted update to version 2, opened offline, the app did not load: %v\nthe new worker: %+v\nfailed requests:\n  %s\ncaches: %q (before the update: %q)", err, got, nl.failures(), e2eOUCaches(e), cachedV1)
	}
	if v := e2eEval[string](e, `goappEnv.GOAPP_VERSION`); v != v1 {
		t.Errorf("offline after the interrupted update, the page runs version %q, want version 1 %q", v, v1)
	}
	e.e2eWait("the annotation made under version 1, offline after the interrupted update", e2ePEntryJS(id), e2eStepTimeout, e2ePDetail...)
	if got.Outcome != "redundant" {
		t.Errorf("version 2's worker, whose precache could not complete, ended %q; want \"redundant\" (install failed, version 1 kept)", got.Outcome)
	}

	// Once version 2 downloads whole, it takes over: its worker activates,
	// its cache is complete and version 1's is gone.
	// The page is opened while version 1 is still published, so that
	// app.js listens for updates before the check (the browser's own check
	// at navigation can beat app.js's listener); then version 2 is
	// published and the page checks.
	e2eOUOffline(e, false)
	proxy.set(s1.url, false, false)
	e.e2eDo("close the app", chromedp.Navigate("about:blank"))
	e2eOUNavigate(e, front.URL+"/")
	proxy.set(s2.url, false, false)
	if _, err := e2eEvalErr[bool](e, `navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => true)`); err != nil {
		e.e2eFatalf("checking for version 2: %v", err)
	}
	// The page open while version 2 installed (served by version 1's
	// worker) is told: go-app's update banner.
	e.e2eWait("the update banner in the page open during the update", `document.querySelector('[data-banner="update"]')`, e2ePSWTimeout)
	e2eOUWaitAsync(e, "version 2's worker to be active with its cache alone", e2eJS(`(v) => navigator.serviceWorker.getRegistration().then(async (r) =>
        !r.installing && !r.waiting && r.active && r.active.state === 'activated' && (await caches.keys()).join(' ') === 'app-' + v)`, v2),
		e2ePSWTimeout, `caches.keys().then(k => k.join(' '))`)
	e2ePReload(e)
	if v := e2eEval[string](e, `goappEnv.GOAPP_VERSION`); v != v2 {
		dbg, _ := e2eEvalErr[string](e, `(async () => { const r = await navigator.serviceWorker.getRegistration(); const a = await (await fetch('/app.js')).text(); return JSON.stringify({active: r.active && r.active.state, waiting: !!r.waiting, installing: !!r.installing, ctl: !!navigator.serviceWorker.controller, keys: await caches.keys(), appjs: a.match(/GOAPP_VERSION":"[^"]*/)[0], html: document.documentElement.outerHTML.slice(0, 300)}); })()`)
		t.Errorf("after a complete update, the page runs version %q, want version 2 %q; %s", v, v2, dbg)
	}
	e.e2eWait("the annotation made under version 1, under version 2", e2ePEntryJS(id), e2eStepTimeout, e2ePDetail...)
}
