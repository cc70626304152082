package e2e

// Browser end-to-end test of issue #10 item 4: an update whose download
// fails must not take the offline copy away. Version 1 is served, used and
// cached; version 2 is then served with app.wasm cut off mid-download; with
// the network gone afterwards, version 1 must still load, with the work made
// under it.
//
// One origin (a small proxy on a fixed loopback port, started here) stands in
// front of two real servers (bin/framecheck on two web directories that
// differ by one file, so two versions). The proxy can switch between them,
// cut app.wasm's body, or refuse every request (the server gone).

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

// updateProxy forwards every request to the current backend, or fails it.
type updateProxy struct {
	mu      sync.Mutex
	backend *url.URL
	cutWasm bool // send half of app.wasm's body, then drop the connection
	down    bool // drop every connection without an answer
	cuts    int  // app.wasm responses cut so far
}

func (p *updateProxy) set(backend string, cutWasm, down bool) {
	u, err := url.Parse(backend)
	if err != nil {
		panic(err)
	}
	p.mu.Lock()
	p.backend, p.cutWasm, p.down = u, cutWasm, down
	p.mu.Unlock()
}

func (p *updateProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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
			resp.Body = &cutBody{r: resp.Body, left: resp.ContentLength / 2, closer: resp.Body}
			return nil
		}
	}
	rp.ServeHTTP(w, r)
}

type cutBody struct {
	r      io.Reader
	left   int64
	closer io.Closer
}

func (b *cutBody) Read(p []byte) (int, error) {
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

func (b *cutBody) Close() error { return b.closer.Close() }

// copyWeb copies web/ into a new directory and returns it. With
// release set, app.wasm gets a custom section naming it (still a valid
// module, but other bytes, as in a real release) and its stale .br/.gz are
// dropped (the server compresses it in memory).
func copyWeb(t *testing.T, release string, extra map[string]string) string {
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

// servedVersion asks a server for its app version (from app.js).
func servedVersion(t *testing.T, base string) string {
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

// navigate opens u in the tab and waits until the app is ready with a
// readout's text painted.
func navigate(e *env, u string) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, loadTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		e.fatalf("navigating to %s: %v", u, err)
	}
	e.wait("the app to be ready", readyJS, loadTimeout,
		`(document.getElementById('app-wasm-loader') || {}).textContent`)
}

// waitAsync polls an expression whose value is a promise (wait
// would take the promise itself as truthy) until it resolves truthy.
func waitAsync(e *env, what, promise string, timeout time.Duration, detail string) {
	e.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, err := evalErr[bool](e, `(async () => !!(await (`+promise+`)))()`)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			d, _ := evalErr[string](e, detail)
			e.fatalf("timed out after %v waiting for %s (last error: %v); %s", timeout, what, err, d)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// waitControlled waits until a service worker is active and controls
// the page (the first visit installs it; one reload may be needed).
func waitControlled(e *env) {
	e.t.Helper()
	waitActivated(e, "a service worker to be activated")
	if !poll(e, `!!navigator.serviceWorker.controller`, 2*time.Second) {
		reload(e)
		e.wait("the service worker to control the page after one reload", `!!navigator.serviceWorker.controller`, stepTimeout)
	}
}

// waitActivated waits until the page's registration has an activated
// worker.
func waitActivated(e *env, what string) {
	e.t.Helper()
	waitAsync(e, what, `navigator.serviceWorker.getRegistration().then(r => !!(r && r.active && r.active.state === 'activated'))`, swTimeout, `''`)
}

// cacheNames lists cache name and path of everything in the page's caches.
func cacheNames(e *env) []string {
	e.t.Helper()
	out, _ := evalErr[[]string](e, `(async () => {
      const out = [];
      for (const k of await caches.keys()) {
        const c = await caches.open(k);
        for (const r of await c.keys()) out.push(k + ' ' + new URL(r.url).pathname);
      }
      return out;
    })()`)
	return out
}

// setOffline switches the tab and its service worker offline (on top of
// the proxy refusing everything), or back online.
func setOffline(e *env, offline bool) {
	e.t.Helper()
	e.act(fmt.Sprintf("switch the network offline=%v", offline), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
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

func TestInterruptedUpdateKeepsTheOldVersion(t *testing.T) {
	e := start(t)
	web1 := copyWeb(t, "", nil)
	web2 := copyWeb(t, "2", map[string]string{"e2e-release.txt": "version 2\n"})
	s1 := startServerWeb(t, web1)
	t.Cleanup(func() { s1.stop(t) })
	s2 := startServerWeb(t, web2)
	t.Cleanup(func() { s2.stop(t) })
	v1, v2 := servedVersion(t, s1.url), servedVersion(t, s2.url)
	if v1 == v2 {
		t.Fatalf("test setup: both servers have version %s", v1)
	}

	proxy := &updateProxy{}
	proxy.set(s1.url, false, false)
	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)
	nl := recordNet(e)

	// Version 1: load, let the worker take over, make some work.
	navigate(e, front.URL+"/")
	waitControlled(e)
	if got := eval[string](e, `goappEnv.GOAPP_VERSION`); got != v1 {
		t.Fatalf("test setup: the page runs version %q, want %q", got, v1)
	}
	rid := e.activeReadout()
	const exact = "Ближнем Востоке"
	id := annotate(e, rid, exact, "1", "fact")
	waitSaved(e, "after an annotation under version 1")
	cachedV1 := cacheNames(e)

	// Offline under version 1 works.
	proxy.set(s1.url, false, true)
	nl.reset()
	if err := tryReload(e); err != nil {
		e.fatalf("version 1, server unreachable: the reload did not load from the service worker: %v\nfailed requests:\n  %s\ncaches: %q", err, nl.failures(), cachedV1)
	}
	e.wait("the annotation after the offline reload", entryJS(id), stepTimeout, saveDetail...)

	// Version 2 is published, and its app.wasm breaks off mid-download.
	// The app is closed and opened again, online: the page comes from the
	// worker and the browser checks for a new worker, which tries (and fails)
	// to precache version 2.
	proxy.set(s2.url, true, false)
	e.act("close the app", chromedp.Navigate("about:blank"))
	navigate(e, front.URL+"/")
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
		e.fatalf("watching the update to version 2: %v", err)
	}
	proxy.mu.Lock()
	cuts := proxy.cuts
	proxy.mu.Unlock()
	if cuts == 0 {
		t.Fatalf("test setup: no app.wasm download of version 2 was cut (the new worker's outcome: %+v)", got)
	}
	t.Logf("version 2's worker: %+v; app.wasm downloads cut: %d; caches now: %q", got, cuts, cacheNames(e))

	// Closed again (a worker left waiting takes over once no page uses the
	// old one), then opened offline and reloaded: version 1 must still
	// load, with the work.
	e.act("close the app", chromedp.Navigate("about:blank"))
	time.Sleep(2 * time.Second)
	proxy.set(s2.url, true, true)
	setOffline(e, true)
	nl.reset()
	ctx, cancel = context.WithTimeout(e.ctx, loadTimeout)
	err = chromedp.Do(ctx, chromedp.Navigate(front.URL+"/"))
	cancel()
	if err == nil && !poll(e, readyJS, loadTimeout) {
		err = errors.New("the app did not become ready")
	}
	if err == nil {
		err = tryReload(e)
	}
	if err != nil {
		e.fatalf("after an interrupted update to version 2, opened offline, the app did not load: %v\nthe new worker: %+v\nfailed requests:\n  %s\ncaches: %q (before the update: %q)", err, got, nl.failures(), cacheNames(e), cachedV1)
	}
	if v := eval[string](e, `goappEnv.GOAPP_VERSION`); v != v1 {
		t.Errorf("offline after the interrupted update, the page runs version %q, want version 1 %q", v, v1)
	}
	e.wait("the annotation made under version 1, offline after the interrupted update", entryJS(id), stepTimeout, saveDetail...)
	if got.Outcome != "redundant" {
		t.Errorf("version 2's worker, whose precache could not complete, ended %q; want \"redundant\" (install failed, version 1 kept)", got.Outcome)
	}

	// Once version 2 downloads whole, it takes over: its worker activates,
	// its cache is complete and version 1's is gone.
	// The page is opened while version 1 is still published, so that
	// app.js listens for updates before the check (the browser's own check
	// at navigation can beat app.js's listener); then version 2 is
	// published and the page checks.
	setOffline(e, false)
	proxy.set(s1.url, false, false)
	e.act("close the app", chromedp.Navigate("about:blank"))
	navigate(e, front.URL+"/")
	proxy.set(s2.url, false, false)
	if _, err := evalErr[bool](e, `navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => true)`); err != nil {
		e.fatalf("checking for version 2: %v", err)
	}
	// The page open while version 2 installed (served by version 1's
	// worker) is told: go-app's update banner.
	e.wait("the update banner in the page open during the update", `document.querySelector('[data-banner="update"]')`, swTimeout,
		`(async () => { const r = await navigator.serviceWorker.getRegistration(); return JSON.stringify({active: r.active && (r.active.state + ' ' + r.active.scriptURL), waiting: r.waiting && r.waiting.state, installing: r.installing && r.installing.state, ctl: !!navigator.serviceWorker.controller, keys: await caches.keys(), page: goappEnv.GOAPP_VERSION}); })()`)
	waitAsync(e, "version 2's worker to be active with its cache alone", js(`(v) => navigator.serviceWorker.getRegistration().then(async (r) =>
        !r.installing && !r.waiting && r.active && r.active.state === 'activated' && (await caches.keys()).join(' ') === 'app-' + v)`, v2),
		swTimeout, `caches.keys().then(k => k.join(' '))`)
	reload(e)
	if v := eval[string](e, `goappEnv.GOAPP_VERSION`); v != v2 {
		dbg, _ := evalErr[string](e, `(async () => { const r = await navigator.serviceWorker.getRegistration(); const a = await (await fetch('/app.js')).text(); return JSON.stringify({active: r.active && r.active.state, waiting: !!r.waiting, installing: !!r.installing, ctl: !!navigator.serviceWorker.controller, keys: await caches.keys(), appjs: a.match(/GOAPP_VERSION":"[^"]*/)[0], html: document.documentElement.outerHTML.slice(0, 300)}); })()`)
		t.Errorf("after a complete update, the page runs version %q, want version 2 %q; %s", v, v2, dbg)
	}
	e.wait("the annotation made under version 1, under version 2", entryJS(id), stepTimeout, saveDetail...)
}

// A first visit installs the service worker, and its activation takes over
// the open page (clients.claim): that is not an update of a version the
// page was running, so the page must not say "Update available". go-app's
// app.js calls it one whenever a worker reaches "activated" while the page
// has a controller, which the claim has just given it.
func TestFirstVisitSaysNoUpdate(t *testing.T) {
	e := start(t)
	e.load()
	waitActivated(e, "the first visit's service worker to be activated")
	e.wait("the worker to control the first page (its activation claims it)", `!!navigator.serviceWorker.controller`, stepTimeout)
	holds(e, "no update banner after the first visit's worker took over",
		`!document.querySelector('[data-banner="update"]')`, 2*time.Second)
}

// A first visit downloads app.wasm once, and its service worker precaches
// only after the page has started: it waits for the page's word
// (framecheck.started, a second after the first readout is painted), then
// asks the server to confirm the copy the page has loaded (cache:
// "no-cache"), which the server does with a 304 (worker.go). Before, the
// worker downloaded app.wasm a second time while the page was starting.
func TestFirstVisitDownloadsTheAppOnce(t *testing.T) {
	e := start(t)
	e.load()
	// A request the server logs, to tell what came after the page was ready.
	const mark = "/e2e-page-was-ready"
	eval[bool](e, `fetch('`+mark+`').then(() => true, () => true)`)
	waitActivated(e, "the first visit's service worker to be activated")
	var full, confirmed, before []string
	ready := false
	for _, line := range strings.Split(e.srv.log.String(), "\n") {
		if strings.Contains(line, `"`+mark+`"`) {
			ready = true
		}
		if !strings.Contains(line, `GET "/web/app.wasm" `) {
			continue
		}
		switch {
		case strings.Contains(line, `" 200 `):
			full = append(full, line)
		case strings.Contains(line, `" 304 `):
			confirmed = append(confirmed, line)
			if !ready {
				before = append(before, line)
			}
		}
	}
	if len(full) != 1 || len(confirmed) != 1 {
		t.Errorf("app.wasm was served in full %d times and confirmed (304) %d times; want once each (the page's download, the worker's revalidation):\n%s",
			len(full), len(confirmed), strings.Join(append(full, confirmed...), "\n"))
	}
	if len(before) > 0 {
		t.Errorf("the worker asked for app.wasm before the page was ready: %q", before)
	}
}
