package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"framecheck/app/ui"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// contentSecurityPolicy is sent with every response.
//
//   - script-src: go-app's page loads only /wasm_exec.js, /app.js and our
//     /web/framecheck.js (no inline script; none of them uses eval or new
//     Function). 'wasm-unsafe-eval' is
//     what WebAssembly.instantiateStreaming needs.
//   - style-src 'unsafe-inline': go-app renders Style() as style="..."
//     attributes, on the server and through setAttribute in the browser.
//   - img-src data: blob: for generated images and previews; downloads are
//     <a href="blob:..." download> navigations, which this policy allows.
//   - connect-src 'self': the app fetches only its own files (schema, wasm)
//     and the service worker only caches same-origin resources.
const contentSecurityPolicy = "default-src 'self'; " +
	"script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; " +
	"connect-src 'self'; " +
	"worker-src 'self'; " +
	"manifest-src 'self'; " +
	"object-src 'none'; " +
	"base-uri 'none'; " +
	"form-action 'none'; " +
	"frame-ancestors 'none'"

// securityHeaders are set on every response, errors and 304s included.
var securityHeaders = [][2]string{
	{"Content-Security-Policy", contentSecurityPolicy},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "no-referrer"},
	{"X-Frame-Options", "DENY"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"Cross-Origin-Resource-Policy", "same-origin"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
}

const (
	appName        = "framecheck"
	appDescription = "Read official accounts critically: annotate readouts as fact, framing or omission"
	appColor       = "#1f2a44"
)

var registerOnce sync.Once

// registerRoutes declares the go-app routes once per process: the server
// prerenders the same components the browser will run.
func registerRoutes() { registerOnce.Do(ui.Register) }

// site is the server's whole state, read-only after newSite: a snapshot of
// web/ (with compressed encodings), the version derived from it and the go-app
// handler. Nothing is ever written, and no request content is kept or logged.
type site struct {
	assets  map[string]*asset // by path relative to web/
	wasm    *asset
	version string
	app     *app.Handler
}

func newSite(webDir string, logf func(string, ...any)) (*site, error) {
	registerRoutes()
	assets, err := loadWeb(webDir, logf)
	if err != nil {
		return nil, err
	}
	wasm, ok := assets[wasmName]
	if !ok {
		return nil, fmt.Errorf("%s/%s not found: build it first (make build)", webDir, wasmName)
	}
	if err := loadWasmEncodings(webDir, wasm, logf); err != nil {
		return nil, err
	}
	s := &site{assets: assets, wasm: wasm}
	s.version = computeVersion(assets, s.servedConfig(false))
	s.app = s.newAppHandler()
	return s, nil
}

// cacheControl is sent with every file, as go-app's handler does for its
// own: the browser may keep a copy but must revalidate it (ETag) before each
// use. The service worker, not the HTTP cache, is what keeps the app
// offline; an HTTP max-age would only let an old file into a new version's
// precache or hide a new worker.
const cacheControl = "no-cache"

// versionPlaceholder stands for the version in the go-app files that
// servedConfig hashes (the version cannot depend on itself).
const versionPlaceholder = "framecheck-version"

// goappFiles are the files go-app's handler generates from its settings.
var goappFiles = []string{"/app.js", "/app-worker.js", "/manifest.webmanifest", "/wasm_exec.js", "/app.css"}

// servedConfig describes everything besides web/ that decides what the
// browser gets, for the version: the response headers, the page's settings
// and go-app's generated files (app.js, the service worker, the manifest,
// ...) rendered with a placeholder version, and for the static copy its
// page addition and _headers. The page body is prerendered by the same code
// as app.wasm, which web/ covers.
func (s *site) servedConfig(static bool) []byte {
	var b bytes.Buffer
	for _, kv := range securityHeaders {
		fmt.Fprintf(&b, "header %s: %s\n", kv[0], kv[1])
	}
	fmt.Fprintf(&b, "header Cache-Control: %s\n", cacheControl)
	h := s.newAppHandlerFor(versionPlaceholder)
	fmt.Fprintf(&b, "page %q\n", []string{h.Name, h.ShortName, h.Title, h.Description, h.Lang,
		h.ThemeColor, h.BackgroundColor, h.LoadingLabel, h.WasmContentLength})
	fmt.Fprintf(&b, "icon %q\nstyles %q\nscripts %q\nraw headers %q\n",
		[]string{h.Icon.Default, h.Icon.Large, h.Icon.Maskable, h.Icon.SVG}, h.Styles, h.Scripts, h.RawHeaders)
	for _, path := range goappFiles {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		fmt.Fprintf(&b, "%s %d %x\n", path, rec.Code, sha256.Sum256(rec.Body.Bytes()))
	}
	if static {
		fmt.Fprintf(&b, "static page %s\n_headers\n%s", staticMetaCSP(), staticHeaders())
	}
	return b.Bytes()
}

// resolverOnly exposes only the Resolve method of go-app's LocalDir(""), so
// the resolved URLs are exactly go-app's defaults ("/web/...") but go-app sees
// no http.Handler and therefore never serves files itself: /web/... and the
// /app.wasm aliases are answered by site.ServeHTTP before the go-app handler
// is reached, from the in-memory snapshot with precompressed encodings. (A
// LocalDir is an http.FileServer, with directory listings, and go-app's
// /robots.txt proxy would fetch http://<request Host>/web/robots.txt.)
type resolverOnly struct{ r app.ResourceResolver }

func (r resolverOnly) Resolve(location string) string { return r.r.Resolve(location) }

// newAppHandler returns a fresh go-app handler (go-app mutates its handler on
// first use, so the server and the static generator each get their own).
func (s *site) newAppHandler() *app.Handler { return s.newAppHandlerFor(s.version) }

func (s *site) newAppHandlerFor(version string) *app.Handler {
	return &app.Handler{
		Name:            appName,
		ShortName:       appName,
		Title:           appName,
		Description:     appDescription,
		Lang:            "en",
		ThemeColor:      appColor,
		BackgroundColor: appColor,
		LoadingLabel:    "Loading framecheck… {progress}%",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			Maskable: "/web/icon-512.png", // the check mark sits inside the safe zone
			SVG:      "/web/icon.svg",
		},
		Styles:             []string{"/web/framecheck.css"},
		Scripts:            s.scripts(),
		CacheableResources: s.cacheableResources(),
		Resources:          resolverOnly{app.LocalDir("")},
		Version:            version,
		// Our own worker: go-app's default can lose the offline copy on
		// an interrupted update (worker.go).
		ServiceWorkerTemplate: serviceWorkerJS,
		// app.js's loader counts the bytes read from fetch()'s body stream,
		// which the browser has already decoded (br/gzip), and only falls
		// back to the Content-Length header (the *encoded* size) when this
		// is empty. The raw size makes progress end at exactly 100%.
		WasmContentLength: strconv.Itoa(len(s.wasm.raw)),
	}
}

// bulkScript is the page's one script of its own (web/framecheck.js: bulk
// DOM work for app/browser). The app works without it, so a web directory
// without it (tests, an older build) gets a page without it rather than a
// reference to a missing file, which would also break the service worker's
// precache.
const bulkScript = "framecheck.js"

func (s *site) scripts() []string {
	if _, ok := s.assets[bulkScript]; ok {
		return []string{"/web/" + bulkScript}
	}
	return nil
}

// cacheableResources lists what the service worker precaches besides what
// go-app adds itself (/, /app.js, /app.css, /wasm_exec.js, the manifest,
// /web/app.wasm, the PNG icons and Styles). It is computed from the web/
// snapshot rather than kept by hand: every file the app may fetch at runtime
// (framecheck.css, icon.svg, schema/framecheck-v1.schema.json, ...) is listed,
// and nothing that does not exist is, since one 404 makes the worker's
// cache.addAll fail.
func (s *site) cacheableResources() []string {
	var res []string
	for name := range s.assets {
		if name != wasmName {
			res = append(res, "/web/"+name)
		}
	}
	sort.Strings(res)
	return res
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The server stores nothing: only reads exist, and no body is ever read.
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	// go-app accepts a /<version>/ prefix on every path; so do we.
	if rest, ok := strings.CutPrefix(p, "/"+s.version+"/"); ok {
		p = "/" + rest
	}
	switch {
	case p == "/app.wasm" || p == "/goapp.wasm": // go-app's aliases
		s.serveAsset(w, r, s.wasm)
	case p == "/web" || strings.HasPrefix(p, "/web/"):
		s.serveWeb(w, r, strings.TrimPrefix(p, "/web"))
	case p == "/robots.txt" || p == "/sitemap.xml" || p == "/ads.txt":
		// go-app would proxy these with an HTTP request to the client-given
		// Host; serve them from web/ when present instead.
		if a, ok := s.assets[p[1:]]; ok {
			s.serveAsset(w, r, a)
		} else {
			http.NotFound(w, r)
		}
	default:
		s.app.ServeHTTP(w, r)
	}
}

// serveWeb serves /web/<name>. name is the decoded path after "/web"; it must
// be a canonical relative path of a file of the snapshot. Anything with "..",
// ".", empty segments, backslashes, colons or control characters is a 400;
// anything else not in the snapshot (directories, with or without a trailing
// slash, included) is a 404. Nothing here touches the filesystem.
func (s *site) serveWeb(w http.ResponseWriter, r *http.Request, name string) {
	name, ok := strings.CutPrefix(name, "/")
	if !ok || name == "" {
		http.NotFound(w, r)
		return
	}
	dir, isDir := strings.CutSuffix(name, "/")
	if !validAssetName(dir) {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	a, ok := s.assets[name]
	if !ok || isDir || isWasmSidecar(name) {
		http.NotFound(w, r)
		return
	}
	s.serveAsset(w, r, a)
}

func validAssetName(name string) bool {
	if strings.ContainsAny(name, "\\:") {
		return false
	}
	for _, c := range name {
		if c < 0x20 || c == 0x7f {
			return false
		}
	}
	for seg := range strings.SplitSeq(name, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// serveAsset writes one in-memory asset in the coding chosen from
// Accept-Encoding. Each coding has its own strong ETag; with Cache-Control
// no-cache, browsers revalidate and get a 304 when nothing changed.
func (s *site) serveAsset(w http.ResponseWriter, r *http.Request, a *asset) {
	coding := chooseCoding(r.Header.Values("Accept-Encoding"), a.br != nil, a.gz != nil)
	body := a.raw
	switch coding {
	case codingBrotli:
		body = a.br
	case codingGzip:
		body = a.gz
	}
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Cache-Control", cacheControl)
	h.Set("Vary", "Accept-Encoding")
	etag := a.etag(coding)
	h.Set("ETag", etag)
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		h.Del("Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if coding != "" {
		h.Set("Content-Encoding", coding)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// etagMatches implements If-None-Match's weak comparison.
func etagMatches(header, etag string) bool {
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
			return true
		}
	}
	return false
}

// withSecurityHeaders sets securityHeaders before the handler runs, so they
// are on every response, including go-app's and error responses.
func withSecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, kv := range securityHeaders {
			h.Set(kv[0], kv[1])
		}
		next.ServeHTTP(w, r)
	})
}

// withAccessLog logs one line per request: method, path (never the query
// string), status, bytes sent and duration. No bodies, no headers, no client
// addresses.
func withAccessLog(next http.Handler, logger *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		logger.Printf("%s %q %d %dB %s", r.Method, r.URL.Path, sw.status, sw.bytes, time.Since(start).Round(time.Microsecond))
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// handler is the complete HTTP handler of the server.
func (s *site) handler(accessLog *log.Logger) http.Handler {
	var h http.Handler = s
	h = withSecurityHeaders(h)
	if accessLog != nil {
		h = withAccessLog(h, accessLog)
	}
	return h
}
