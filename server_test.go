package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// These tests use a temporary web directory with a small fake app.wasm, so
// they need no wasm build and no browser. Helper names carry an "st" prefix to
// stay clear of other test files of package main.

// stFakeWasm returns a compressible fake wasm module body; seed varies it.
func stFakeWasm(seed string) []byte {
	var b bytes.Buffer
	b.WriteString("\x00asm\x01\x00\x00\x00")
	for i := range 3000 {
		fmt.Fprintf(&b, "framecheck fake wasm %s line %d\n", seed, i)
	}
	return b.Bytes()
}

const stCSS = `/* test stylesheet */
body { margin: 0; font-family: system-ui, sans-serif; color: #1f2a44; }
.fc-fact { background: #e6f4ea; } .fc-framing { background: #fff4d6; } .fc-omission { background: #fde7e9; }
.fc-shell { max-width: 72rem; margin: 0 auto; padding: 1rem; }
`

const stSecret = "TOP-SECRET-OUTSIDE-WEB"

// stWebDir creates <tmp>/web with a fake app.wasm and the usual assets, and
// <tmp>/secret.txt outside it. It returns the web directory.
func stWebDir(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	web := filepath.Join(root, "web")
	files := map[string][]byte{
		"app.wasm":                         stFakeWasm("v1"),
		"framecheck.css":                   []byte(stCSS),
		"icon-192.png":                     []byte("\x89PNG\r\n\x1a\nfake-192"),
		"icon-512.png":                     []byte("\x89PNG\r\n\x1a\nfake-512"),
		"icon.svg":                         []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>`),
		"schema/framecheck-v1.schema.json": []byte(`{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"framecheck v1"}`),
		"extra.webmanifest":                []byte(`{"name":"x"}`),
		"script.js":                        []byte(`console.log("x");`),
		".hidden":                          []byte("dotfile"),
		"app.wasm.sha256":                  []byte("not served"),
		"sub/dir/nested.txt":               []byte("nested"),
	}
	for name, data := range files {
		stWrite(t, filepath.Join(web, filepath.FromSlash(name)), data)
	}
	stWrite(t, filepath.Join(root, "secret.txt"), []byte(stSecret))
	stWrite(t, filepath.Join(root, "go.mod"), []byte("module "+stSecret))
	return web
}

func stWrite(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// stLogs collects log lines, safe for concurrent use.
type stLogs struct {
	mu    sync.Mutex
	lines []string
}

func (l *stLogs) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *stLogs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, strings.Split(strings.TrimRight(string(p), "\n"), "\n")...)
	return len(p), nil
}

func (l *stLogs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

func (l *stLogs) count(substr string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, line := range l.lines {
		if strings.Contains(line, substr) {
			n++
		}
	}
	return n
}

func stSite(t *testing.T, web string) (*site, *stLogs) {
	t.Helper()
	logs := &stLogs{}
	s, err := newSite(web, logs.logf)
	if err != nil {
		t.Fatal(err)
	}
	return s, logs
}

// stServer starts a real HTTP server for the site and returns its base URL.
func stServer(t *testing.T, s *site) string {
	t.Helper()
	ts := httptest.NewServer(s.handler(nil))
	t.Cleanup(ts.Close)
	return ts.URL
}

// stClient never adds or decodes Accept-Encoding itself.
var stClient = &http.Client{Transport: &http.Transport{DisableCompression: true}}

type stResp struct {
	status int
	header http.Header
	body   []byte
}

func stDo(t *testing.T, method, url string, header map[string]string) stResp {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := stClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return stResp{res.StatusCode, res.Header, body}
}

func stGet(t *testing.T, url string) stResp { return stDo(t, http.MethodGet, url, nil) }

// stRaw sends target verbatim in the request line (no client-side cleaning
// or re-encoding) and returns the response.
func stRaw(t *testing.T, base, target string) stResp {
	t.Helper()
	host := strings.TrimPrefix(base, "http://")
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, host)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return stResp{res.StatusCode, res.Header, body}
}

func stDecode(t *testing.T, coding string, body []byte) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(body)
	switch coding {
	case "":
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		r = zr
	default:
		t.Fatalf("unexpected Content-Encoding %q", coding)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decoding %s: %v", coding, err)
	}
	return out
}

func TestWasmNegotiation(t *testing.T) {
	web := stWebDir(t)
	s, _ := stSite(t, web)
	base := stServer(t, s)
	raw := stFakeWasm("v1")
	if s.wasm.br == nil || s.wasm.gz == nil {
		t.Fatal("fake wasm should have brotli and gzip encodings")
	}

	cases := []struct {
		accept *string
		want   string
	}{
		{nil, ""},
		{ptr(""), ""},
		{ptr("gzip, deflate, br, zstd"), "br"},
		{ptr("br"), "br"},
		{ptr("gzip"), "gzip"},
		{ptr("x-gzip"), "gzip"},
		{ptr("BR;Q=1"), "br"},
		{ptr("br;q=0, gzip"), "gzip"},
		{ptr("br; q=0.0, gzip; q=0.5"), "gzip"},
		{ptr("br;q=0.000, gzip;q=0.001"), "gzip"},
		{ptr("br;q=0.5, gzip;q=0.8"), "gzip"},
		{ptr("gzip;q=1, br;q=1"), "br"},
		{ptr("gzip;q=0, br;q=0"), ""},
		{ptr("gzip;q=0, br;q=0, identity;q=0"), ""}, // nothing acceptable: identity anyway
		{ptr("*"), "br"},
		{ptr("*;q=0"), ""},
		{ptr("*;q=0, gzip"), "gzip"},
		{ptr("*, br;q=0"), "gzip"},
		{ptr("identity"), ""},
		{ptr("identity;q=1, br;q=0.9"), ""},
		{ptr("deflate, zstd"), ""},
		{ptr("br;q=bogus, gzip"), "gzip"},
		{ptr("br;q=2, gzip;q=0.1"), "gzip"},
	}
	paths := []string{"/web/app.wasm", "/app.wasm", "/goapp.wasm", "/" + s.version + "/web/app.wasm"}
	for _, path := range paths {
		for _, c := range cases {
			name := "none"
			if c.accept != nil {
				name = strconv.Quote(*c.accept)
			}
			t.Run(path+" "+name, func(t *testing.T) {
				var h map[string]string
				if c.accept != nil {
					h = map[string]string{"Accept-Encoding": *c.accept}
				}
				res := stDo(t, http.MethodGet, base+path, h)
				body := res.body
				if res.status != 200 {
					t.Fatalf("status %d", res.status)
				}
				if got := res.header.Get("Content-Type"); got != "application/wasm" {
					t.Errorf("Content-Type %q", got)
				}
				if got := res.header.Get("Vary"); !strings.Contains(got, "Accept-Encoding") {
					t.Errorf("Vary %q", got)
				}
				if got := res.header.Get("Content-Encoding"); got != c.want {
					t.Errorf("Content-Encoding %q, want %q", got, c.want)
				}
				if cl := res.header.Get("Content-Length"); cl != strconv.Itoa(len(body)) {
					t.Errorf("Content-Length %s, body %d bytes", cl, len(body))
				}
				switch c.want {
				case "":
					if !bytes.Equal(body, raw) {
						t.Error("identity body differs from app.wasm")
					}
				default:
					if len(body) >= len(raw) {
						t.Errorf("%s body (%d) not smaller than raw (%d)", c.want, len(body), len(raw))
					}
				}
				if got := stDecode(t, res.header.Get("Content-Encoding"), body); !bytes.Equal(got, raw) {
					t.Error("decoded body differs from app.wasm")
				}
			})
		}
	}

	t.Run("HEAD", func(t *testing.T) {
		for coding, want := range map[string][]byte{"br": s.wasm.br, "gzip": s.wasm.gz, "identity": raw} {
			r := stDo(t, http.MethodHead, base+"/web/app.wasm", map[string]string{"Accept-Encoding": coding})
			if r.status != 200 || len(r.body) != 0 {
				t.Errorf("%s: status %d, %d body bytes", coding, r.status, len(r.body))
			}
			if r.header.Get("Content-Length") != strconv.Itoa(len(want)) {
				t.Errorf("%s: Content-Length %s, want %d", coding, r.header.Get("Content-Length"), len(want))
			}
		}
	})
}

func ptr(s string) *string { return &s }

func TestConditionalRequests(t *testing.T) {
	s, _ := stSite(t, stWebDir(t))
	base := stServer(t, s)
	br := stDo(t, "GET", base+"/web/app.wasm", map[string]string{"Accept-Encoding": "br"})
	id := stDo(t, "GET", base+"/web/app.wasm", map[string]string{"Accept-Encoding": "identity"})
	etag := br.header.Get("ETag")
	if etag == "" || etag == id.header.Get("ETag") {
		t.Fatalf("ETags must exist and differ per coding: br %q identity %q", etag, id.header.Get("ETag"))
	}
	r := stDo(t, "GET", base+"/web/app.wasm", map[string]string{"Accept-Encoding": "br", "If-None-Match": etag})
	if r.status != http.StatusNotModified || len(r.body) != 0 {
		t.Errorf("revalidation: status %d, %d bytes", r.status, len(r.body))
	}
	r = stDo(t, "GET", base+"/web/app.wasm", map[string]string{"Accept-Encoding": "gzip", "If-None-Match": etag})
	if r.status != 200 {
		t.Errorf("other coding with br ETag: status %d, want 200", r.status)
	}
}

func TestMIMETypes(t *testing.T) {
	s, _ := stSite(t, stWebDir(t))
	base := stServer(t, s)
	cases := map[string]string{
		"/web/app.wasm":                         "application/wasm",
		"/web/framecheck.css":                   "text/css; charset=utf-8",
		"/web/script.js":                        "text/javascript; charset=utf-8",
		"/web/schema/framecheck-v1.schema.json": "application/json",
		"/web/icon.svg":                         "image/svg+xml",
		"/web/icon-192.png":                     "image/png",
		"/web/extra.webmanifest":                "application/manifest+json",
		"/web/sub/dir/nested.txt":               "text/plain; charset=utf-8",
		"/manifest.webmanifest":                 "application/manifest+json",
		"/app.js":                               "application/javascript",
		"/wasm_exec.js":                         "application/javascript",
		"/":                                     "text/html",
	}
	for path, want := range cases {
		r := stGet(t, base+path)
		if r.status != 200 {
			t.Errorf("%s: status %d", path, r.status)
			continue
		}
		if got := r.header.Get("Content-Type"); got != want {
			t.Errorf("%s: Content-Type %q, want %q", path, got, want)
		}
	}
	// Text assets are compressed too, and decode to the file.
	r := stDo(t, "GET", base+"/web/framecheck.css", map[string]string{"Accept-Encoding": "gzip, br"})
	if r.header.Get("Content-Encoding") != "br" || string(stDecode(t, "br", r.body)) != stCSS {
		t.Errorf("css: Content-Encoding %q", r.header.Get("Content-Encoding"))
	}
	// PNGs are not recompressed.
	r = stDo(t, "GET", base+"/web/icon-512.png", map[string]string{"Accept-Encoding": "gzip, br"})
	if r.header.Get("Content-Encoding") != "" {
		t.Errorf("png: Content-Encoding %q", r.header.Get("Content-Encoding"))
	}
}

func stCheckSecurityHeaders(t *testing.T, what string, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	directives := map[string]string{}
	for d := range strings.SplitSeq(csp, ";") {
		f := strings.Fields(d)
		if len(f) > 0 {
			directives[f[0]] = strings.Join(f[1:], " ")
		}
	}
	want := map[string]string{
		"default-src":     "'self'",
		"script-src":      "'self' 'wasm-unsafe-eval'",
		"style-src":       "'self' 'unsafe-inline'",
		"img-src":         "'self' data: blob:",
		"connect-src":     "'self'",
		"worker-src":      "'self'",
		"manifest-src":    "'self'",
		"object-src":      "'none'",
		"base-uri":        "'none'",
		"form-action":     "'none'",
		"frame-ancestors": "'none'",
	}
	for k, v := range want {
		if directives[k] != v {
			t.Errorf("%s: CSP %s = %q, want %q (CSP %q)", what, k, directives[k], v, csp)
		}
	}
	if len(directives) != len(want) {
		t.Errorf("%s: CSP has unexpected directives: %q", what, csp)
	}
	if strings.Contains(csp, "unsafe-eval'") && !strings.Contains(csp, "wasm-unsafe-eval") {
		t.Errorf("%s: CSP allows eval", what)
	}
	if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options %q", what, got)
	}
	if got := h.Get("Referrer-Policy"); got != "no-referrer" {
		t.Errorf("%s: Referrer-Policy %q", what, got)
	}
}

func TestSecurityHeaders(t *testing.T) {
	s, _ := stSite(t, stWebDir(t))
	base := stServer(t, s)
	for _, path := range []string{
		"/", "/app.js", "/app-worker.js", "/wasm_exec.js", "/manifest.webmanifest", "/app.css",
		"/web/framecheck.css", "/web/app.wasm", "/app.wasm", "/web/icon.svg",
		"/web/missing.css", "/missing-page", "/web/", "/robots.txt",
	} {
		r := stGet(t, base+path)
		stCheckSecurityHeaders(t, fmt.Sprintf("GET %s (%d)", path, r.status), r.header)
	}
	r := stRaw(t, base, "/web/../go.mod")
	stCheckSecurityHeaders(t, "escape", r.header)
	r = stDo(t, http.MethodPost, base+"/", nil)
	stCheckSecurityHeaders(t, "POST", r.header)
	if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST /: status %d, Allow %q", r.status, r.header.Get("Allow"))
	}
	etag := stGet(t, base+"/web/framecheck.css").header.Get("ETag")
	r = stDo(t, "GET", base+"/web/framecheck.css", map[string]string{"If-None-Match": etag})
	if r.status != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d", r.status)
	}
	stCheckSecurityHeaders(t, "304", r.header)
}

func TestNotFoundAndNoListings(t *testing.T) {
	s, _ := stSite(t, stWebDir(t))
	base := stServer(t, s)
	for _, path := range []string{
		"/web/missing.css", "/web/schema/missing.json", "/web", "/web/", "/web/schema", "/web/schema/",
		"/web/sub", "/web/sub/dir/", "/web/.hidden", "/web/app.wasm.br", "/web/app.wasm.gz",
		"/web/app.wasm.sha256", "/no-such-page", "/robots.txt", "/sitemap.xml",
		"/" + s.version + "/web/missing.css",
	} {
		r := stGet(t, base+path)
		if r.status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, r.status)
		}
		if bytes.Contains(r.body, []byte("app.js")) || bytes.Contains(r.body, []byte("framecheck.css")) {
			t.Errorf("%s: 404 body looks like the app page or a listing: %q", path, r.body)
		}
	}
	// The same paths exist when they should: the test can fail.
	for _, path := range []string{"/web/schema/framecheck-v1.schema.json", "/web/sub/dir/nested.txt", "/"} {
		if r := stGet(t, base+path); r.status != 200 {
			t.Errorf("%s: status %d, want 200", path, r.status)
		}
	}
}

func TestRobotsFromWeb(t *testing.T) {
	web := stWebDir(t)
	stWrite(t, filepath.Join(web, "robots.txt"), []byte("User-agent: *\nDisallow:\n"))
	s, _ := stSite(t, web)
	base := stServer(t, s)
	// A hostile Host header must not make the server fetch anything.
	r := stRaw(t, base, "/robots.txt")
	if r.status != 200 || string(r.body) != "User-agent: *\nDisallow:\n" {
		t.Errorf("robots.txt: %d %q", r.status, r.body)
	}
}

func TestPathEscapes(t *testing.T) {
	web := stWebDir(t)
	root := filepath.Dir(web)
	// Symlinks out of web/: a file and a directory.
	if err := os.Symlink(filepath.Join(root, "secret.txt"), filepath.Join(web, "leak.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(root, filepath.Join(web, "up")); err != nil {
		t.Fatal(err)
	}
	// A symlink inside web/ to a file inside web/ is fine.
	if err := os.Symlink("framecheck.css", filepath.Join(web, "alias.css")); err != nil {
		t.Fatal(err)
	}
	s, logs := stSite(t, web)
	base := stServer(t, s)

	if logs.count("outside the web directory") == 0 {
		t.Errorf("no log line about the outside symlink: %s", logs)
	}
	if r := stGet(t, base+"/web/alias.css"); r.status != 200 || string(r.body) != stCSS {
		t.Errorf("inside symlink: status %d", r.status)
	}

	targets := []string{
		"/web/../go.mod",
		"/web/../secret.txt",
		"/web/../../go.mod",
		"/web/%2e%2e/secret.txt",
		"/web/%2E%2E/secret.txt",
		"/web/..%2fsecret.txt",
		"/web/..%2Fsecret.txt",
		"/web/%2e%2e%2fsecret.txt",
		"/web/..%5csecret.txt",
		"/web/..\\secret.txt",
		"/web/%5c..%5csecret.txt",
		"/web/schema/../../secret.txt",
		"/web/./framecheck.css",
		"/web//framecheck.css",
		"/web/%252e%252e/secret.txt",
		"/web/leak.txt",
		"/web/up/secret.txt",
		"/web/up/go.mod",
		"/web/%00framecheck.css",
		"/web/framecheck.css%00.png",
		"/../secret.txt",
		"/%2e%2e/secret.txt",
		"/" + s.version + "/web/../secret.txt",
		"/web/C:/secret.txt",
	}
	for _, target := range targets {
		r := stRaw(t, base, target)
		if r.status != http.StatusNotFound && r.status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 404 or 400", target, r.status)
		}
		if bytes.Contains(r.body, []byte(stSecret)) {
			t.Errorf("%s: leaked the file outside web/", target)
		}
	}
	// Sanity: the raw requester reaches real files, so the 4xx above are real.
	if r := stRaw(t, base, "/web/framecheck.css"); r.status != 200 || string(r.body) != stCSS {
		t.Errorf("raw GET /web/framecheck.css: %d", r.status)
	}
}

// stVersion computes what the version used to be, a hash of web/ alone:
// sha256 of the sha256sum-style listing of the served files, sorted by path.
func stVersion(t *testing.T, web string) string {
	t.Helper()
	sums := map[string]string{}
	err := filepath.Walk(web, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(web, p)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(filepath.Base(p), ".") || strings.HasPrefix(rel, "app.wasm.") || fi.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sums[rel] = fmt.Sprintf("%x  %s\n", sha256.Sum256(data), rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(sums))
	for name := range sums {
		names = append(names, name)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		io.WriteString(h, sums[name])
	}
	sum := h.Sum(nil)
	return hex.EncodeToString(sum[:])[:32]
}

func TestVersion(t *testing.T) {
	web := stWebDir(t)
	s1, _ := stSite(t, web)
	// Not web/ alone: the headers and the page's configuration are served
	// too (TestVersionCoversServedConfig).
	if webOnly := stVersion(t, web); s1.version == webOnly {
		t.Fatalf("version %q is the hash of web/ alone", s1.version)
	}
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(s1.version) {
		t.Fatalf("version %q is not 32 hex digits", s1.version)
	}
	time.Sleep(10 * time.Millisecond)
	s2, _ := stSite(t, web)
	if s2.version != s1.version {
		t.Fatalf("version not deterministic: %q then %q", s1.version, s2.version)
	}

	base := stServer(t, s1)
	if r := stGet(t, base+"/app.js"); !bytes.Contains(r.body, []byte(`"GOAPP_VERSION":"`+s1.version+`"`)) {
		t.Error("app.js does not carry the version")
	}
	if r := stGet(t, base+"/app-worker.js"); !bytes.Contains(r.body, []byte(`"app-" + "`+s1.version+`"`)) {
		t.Error("app-worker.js does not carry the version")
	}
	if r := stGet(t, base+"/"); r.header.Get("ETag") != `"`+s1.version+`"` {
		t.Errorf("page ETag %q", r.header.Get("ETag"))
	}

	stWrite(t, filepath.Join(web, "app.wasm"), stFakeWasm("v2"))
	s3, _ := stSite(t, web)
	if s3.version == s1.version {
		t.Error("version unchanged after app.wasm changed")
	}

	stWrite(t, filepath.Join(web, "framecheck.css"), []byte(stCSS+"p{}"))
	s4, _ := stSite(t, web)
	if s4.version == s3.version {
		t.Error("version unchanged after framecheck.css changed")
	}
	// Compressed siblings are not part of the version.
	stWrite(t, filepath.Join(web, "app.wasm.gz"), []byte("junk"))
	s5, _ := stSite(t, web)
	if s5.version != s4.version {
		t.Error("version changed because of app.wasm.gz")
	}
}

func TestWasmContentLengthInAppJS(t *testing.T) {
	s, _ := stSite(t, stWebDir(t))
	base := stServer(t, s)
	raw := len(stFakeWasm("v1"))
	js := stGet(t, base+"/app.js").body
	m := regexp.MustCompile(`const goappWasmContentLength = "(\d*)";`).FindSubmatch(js)
	if m == nil {
		t.Fatal("goappWasmContentLength not found in app.js")
	}
	if got, _ := strconv.Atoi(string(m[1])); got != raw {
		t.Errorf("WasmContentLength %s, want raw size %d (br %d, gzip %d)", m[1], raw, len(s.wasm.br), len(s.wasm.gz))
	}
	// The loader uses it instead of the encoded Content-Length.
	if !bytes.Contains(js, []byte("let contentLength = goappWasmContentLength;")) {
		t.Error("app.js loader changed: re-check how it computes progress")
	}
}

func TestServiceWorkerResources(t *testing.T) {
	s, _ := stSite(t, stWebDir(t))
	base := stServer(t, s)
	worker := string(stGet(t, base+"/app-worker.js").body)
	m := regexp.MustCompile(`const resourcesToCache = (\[.*\]);`).FindStringSubmatch(worker)
	if m == nil {
		t.Fatal("resourcesToCache not found")
	}
	for _, want := range []string{
		"/web/framecheck.css", "/web/icon.svg", "/web/icon-192.png", "/web/icon-512.png",
		"/web/schema/framecheck-v1.schema.json", "/web/app.wasm", "/app.js", "/wasm_exec.js", `"/"`,
	} {
		if !strings.Contains(m[1], strings.Trim(want, `"`)) {
			t.Errorf("service worker does not cache %s: %s", want, m[1])
		}
	}
	for _, bad := range []string{"app.wasm.br", "app.wasm.gz", ".hidden", "raw.githubusercontent.com"} {
		if strings.Contains(m[1], bad) {
			t.Errorf("service worker caches %s", bad)
		}
	}
	// Every listed resource exists on this server.
	for _, u := range regexp.MustCompile(`"([^"]+)"`).FindAllStringSubmatch(m[1], -1) {
		if r := stGet(t, base+u[1]); r.status != 200 {
			t.Errorf("cached resource %s: status %d", u[1], r.status)
		}
	}
}

func TestPage(t *testing.T) {
	s, _ := stSite(t, stWebDir(t))
	base := stServer(t, s)
	r := stGet(t, base+"/")
	page := string(r.body)
	for _, want := range []string{
		`<html lang="en"`, `src="/wasm_exec.js"`, `src="/app.js"`, `href="/web/framecheck.css"`,
		`href="/web/icon.svg"`, `content="#1f2a44"`, "Loading framecheck… 0%", appDescription,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if regexp.MustCompile(`<script>|<script [^>]*>[^<]`).MatchString(page) {
		t.Error("page has an inline script; the CSP would block it")
	}
	manifest := string(stGet(t, base+"/manifest.webmanifest").body)
	for _, want := range []string{`"name":"framecheck"`, `"/web/icon-512.png"`, `"/web/icon.svg"`, `"theme_color":"#1f2a44"`} {
		if !strings.Contains(manifest, want) {
			t.Errorf("manifest lacks %s: %s", want, manifest)
		}
	}
}

// The page loads web/framecheck.js only when the web directory has it: a
// reference to a missing file would also break the service worker's
// precache.
func TestPageBulkScript(t *testing.T) {
	for _, present := range []bool{false, true} {
		web := stWebDir(t)
		if present {
			stWrite(t, filepath.Join(web, bulkScript), []byte(`"use strict";`))
		}
		s, _ := stSite(t, web)
		base := stServer(t, s)
		page := string(stGet(t, base+"/").body)
		if got := strings.Contains(page, `src="/web/`+bulkScript+`"`); got != present {
			t.Errorf("with %s present=%v, the page references it: %v", bulkScript, present, got)
		}
		worker := string(stGet(t, base+"/app-worker.js").body)
		if got := strings.Contains(worker, "/web/"+bulkScript); got != present {
			t.Errorf("with %s present=%v, the service worker caches it: %v", bulkScript, present, got)
		}
	}
}

func TestPrecompress(t *testing.T) {
	web := stWebDir(t)
	raw := stFakeWasm("v1")

	// No precompressed files: compress in memory, one log line.
	s, logs := stSite(t, web)
	if n := logs.count("compressing in memory"); n != 1 {
		t.Errorf("%d 'compressing in memory' lines, want 1: %s", n, logs)
	}
	if !bytes.Equal(stDecode(t, "br", s.wasm.br), raw) || !bytes.Equal(stDecode(t, "gzip", s.wasm.gz), raw) {
		t.Fatal("in-memory encodings do not decode to app.wasm")
	}

	plogs := &stLogs{}
	if err := precompressWasm(web, plogs.logf); err != nil {
		t.Fatal(err)
	}
	br, err := os.ReadFile(filepath.Join(web, "app.wasm.br"))
	if err != nil {
		t.Fatal(err)
	}
	gz, err := os.ReadFile(filepath.Join(web, "app.wasm.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stDecode(t, "br", br), raw) || !bytes.Equal(stDecode(t, "gzip", gz), raw) {
		t.Fatal("precompressed files do not decode to app.wasm")
	}
	if len(br) > len(s.wasm.br) {
		t.Errorf("quality 11 brotli (%d) larger than the fast fallback (%d)", len(br), len(s.wasm.br))
	}

	// Fresh files are used as they are, without recompressing.
	s, logs = stSite(t, web)
	if logs.count("compressing in memory") != 0 {
		t.Errorf("recompressed although fresh files exist: %s", logs)
	}
	base := stServer(t, s)
	if r := stDo(t, "GET", base+"/web/app.wasm", map[string]string{"Accept-Encoding": "br"}); !bytes.Equal(r.body, br) {
		t.Error("served brotli body is not web/app.wasm.br")
	}
	if r := stDo(t, "GET", base+"/web/app.wasm", map[string]string{"Accept-Encoding": "gzip"}); !bytes.Equal(r.body, gz) {
		t.Error("served gzip body is not web/app.wasm.gz")
	}

	// Second run leaves up-to-date files alone.
	plogs = &stLogs{}
	if err := precompressWasm(web, plogs.logf); err != nil {
		t.Fatal(err)
	}
	if plogs.count("up to date") != 2 {
		t.Errorf("second precompress: %s", plogs)
	}

	// app.wasm changes: stale siblings are ignored, never served.
	raw2 := stFakeWasm("v2")
	stWrite(t, filepath.Join(web, "app.wasm"), raw2)
	s, logs = stSite(t, web)
	if n := logs.count("compressing in memory"); n != 1 {
		t.Errorf("stale files: %d 'compressing in memory' lines: %s", n, logs)
	}
	base = stServer(t, s)
	for _, coding := range []string{"br", "gzip"} {
		r := stDo(t, "GET", base+"/web/app.wasm", map[string]string{"Accept-Encoding": coding})
		if !bytes.Equal(stDecode(t, r.header.Get("Content-Encoding"), r.body), raw2) {
			t.Errorf("%s: served a stale app.wasm", coding)
		}
	}

	// A corrupt sibling is ignored as well.
	if err := precompressWasm(web, plogs.logf); err != nil {
		t.Fatal(err)
	}
	stWrite(t, filepath.Join(web, "app.wasm.gz"), []byte("corrupt"))
	s, logs = stSite(t, web)
	if !strings.Contains(logs.String(), "app.wasm.gz missing or stale") || strings.Contains(logs.String(), "app.wasm.br,") {
		t.Errorf("corrupt gz: %s", logs)
	}
	if !bytes.Equal(stDecode(t, "gzip", s.wasm.gz), raw2) {
		t.Error("corrupt gz served")
	}
}

func TestAccessLog(t *testing.T) {
	s, _ := stSite(t, stWebDir(t))
	logs := &stLogs{}
	ts := httptest.NewServer(s.handler(log.New(logs, "", 0)))
	defer ts.Close()
	stGet(t, ts.URL+"/web/framecheck.css?text=SECRET-QUERY")
	stGet(t, ts.URL+"/web/nope.css")
	out := logs.String()
	if strings.Contains(out, "SECRET-QUERY") || strings.Contains(out, "?") {
		t.Errorf("access log contains the query string: %s", out)
	}
	if !strings.Contains(out, `GET "/web/framecheck.css" 200`) || !strings.Contains(out, `GET "/web/nope.css" 404`) {
		t.Errorf("access log: %s", out)
	}
}

func TestRunServeAndShutdown(t *testing.T) {
	web := stWebDir(t)
	logs := &stLogs{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-web", web}, logs) }()

	re := regexp.MustCompile(`serving .* on (http://127\.0\.0\.1:\d+)/`)
	var base string
	for deadline := time.Now().Add(20 * time.Second); base == "" && time.Now().Before(deadline); {
		if m := re.FindStringSubmatch(logs.String()); m != nil {
			base = m[1]
		} else {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("server did not start: %s", logs)
	}
	r := stGet(t, base+"/web/app.wasm")
	if r.status != 200 || r.header.Get("Content-Type") != "application/wasm" {
		t.Errorf("GET /web/app.wasm: %d %q", r.status, r.header.Get("Content-Type"))
	}
	stCheckSecurityHeaders(t, "run", r.header)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no shutdown")
	}
	if _, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), time.Second); err == nil {
		t.Error("still listening after shutdown")
	}
}

func TestRunFlags(t *testing.T) {
	var out stLogs
	if err := run(context.Background(), []string{"-web", filepath.Join(t.TempDir(), "none")}, &out); err == nil {
		t.Error("missing web dir: no error")
	}
	empty := t.TempDir()
	if err := run(context.Background(), []string{"-web", empty, "-addr", "127.0.0.1:0"}, &out); err == nil || !strings.Contains(err.Error(), "app.wasm") {
		t.Errorf("web dir without app.wasm: %v", err)
	}
	if err := run(context.Background(), []string{"-bogus"}, &out); err == nil {
		t.Error("unknown flag: no error")
	}
	web := stWebDir(t)
	if err := run(context.Background(), []string{"-web", web, "-precompress"}, &out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(web, "app.wasm.br")); err != nil {
		t.Error("-precompress wrote no app.wasm.br")
	}
}

func TestStatic(t *testing.T) {
	web := stWebDir(t)
	dist := filepath.Join(t.TempDir(), "dist")
	var out stLogs
	if err := run(context.Background(), []string{"-web", web, "-static", dist}, &out); err != nil {
		t.Fatal(err)
	}
	s, _ := stSite(t, web)
	raw := stFakeWasm("v1")

	ts := httptest.NewServer(http.FileServer(http.Dir(dist)))
	defer ts.Close()

	page := stGet(t, ts.URL+"/")
	if page.status != 200 || !strings.HasPrefix(page.header.Get("Content-Type"), "text/html") {
		t.Fatalf("/: %d %q", page.status, page.header.Get("Content-Type"))
	}
	for _, want := range []string{`src="/app.js"`, `src="/wasm_exec.js"`, `href="/web/framecheck.css"`, `http-equiv="Content-Security-Policy"`, `'wasm-unsafe-eval'`} {
		if !bytes.Contains(page.body, []byte(want)) {
			t.Errorf("static index.html lacks %s", want)
		}
	}
	if bytes.Contains(page.body, []byte("frame-ancestors")) {
		t.Error("meta CSP contains frame-ancestors (ignored in <meta>)")
	}

	wasm := stGet(t, ts.URL+"/web/app.wasm")
	if wasm.status != 200 || wasm.header.Get("Content-Type") != "application/wasm" || !bytes.Equal(wasm.body, raw) {
		t.Errorf("/web/app.wasm: %d %q, %d bytes", wasm.status, wasm.header.Get("Content-Type"), len(wasm.body))
	}
	js := stGet(t, ts.URL+"/app.js")
	if js.status != 200 ||
		!bytes.Contains(js.body, []byte(`const goappWasmContentLength = "`+strconv.Itoa(len(raw))+`"`)) ||
		!bytes.Contains(js.body, []byte(`"GOAPP_VERSION":"`)) || bytes.Contains(js.body, []byte(s.version)) {
		t.Errorf("/app.js: %d, lacks the wasm size or a version, or carries the server's version (the static page differs)", js.status)
	}
	for _, path := range []string{
		"/wasm_exec.js", "/app-worker.js", "/manifest.webmanifest", "/app.css",
		"/web/framecheck.css", "/web/icon.svg", "/web/icon-192.png", "/web/schema/framecheck-v1.schema.json",
	} {
		if r := stGet(t, ts.URL+path); r.status != 200 || len(r.body) == 0 {
			t.Errorf("%s: status %d", path, r.status)
		}
	}
	for _, sib := range []struct{ name, coding string }{{"app.wasm.br", "br"}, {"app.wasm.gz", "gzip"}} {
		data, err := os.ReadFile(filepath.Join(dist, "web", sib.name))
		if err != nil || !bytes.Equal(stDecode(t, sib.coding, data), raw) {
			t.Errorf("dist/web/%s missing or wrong: %v", sib.name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dist, "web", ".hidden")); err == nil {
		t.Error("dotfile copied to dist")
	}
	hdr, err := os.ReadFile(filepath.Join(dist, "_headers"))
	if err != nil || !bytes.Contains(hdr, []byte("Content-Security-Policy: default-src 'self'")) {
		t.Errorf("_headers: %v %q", err, hdr)
	}

	// Never writes into a non-empty directory.
	if err := run(context.Background(), []string{"-web", web, "-static", dist}, &out); err == nil {
		t.Error("-static into a non-empty directory: no error")
	}
}

func TestChooseCodingMultipleHeaders(t *testing.T) {
	if got := chooseCoding([]string{"gzip;q=0.5", "br;q=0.9"}, true, true); got != "br" {
		t.Errorf("got %q", got)
	}
	if got := chooseCoding([]string{"br"}, false, true); got != "" {
		t.Errorf("br unavailable: got %q", got)
	}
	if got := chooseCoding([]string{"br, gzip"}, false, true); got != "gzip" {
		t.Errorf("only gzip available: got %q", got)
	}
}
