package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Tests of issue #10 item 7: the static copy's headers and page, and a
// version that covers everything served. They reuse server_test.go's st
// helpers.

// stStatic writes a static copy of web into a new directory and returns it.
func stStatic(t *testing.T, web string) string {
	t.Helper()
	dist := filepath.Join(t.TempDir(), "dist")
	var out stLogs
	if err := run(context.Background(), []string{"-web", web, "-static", dist}, &out); err != nil {
		t.Fatal(err)
	}
	return dist
}

// stHeaderRules parses a _headers file (Netlify / Cloudflare Pages syntax:
// a path pattern at the start of a line, then indented "Name: value" lines)
// into pattern -> header lines.
func stHeaderRules(t *testing.T, data []byte) map[string][]string {
	t.Helper()
	rules := map[string][]string{}
	var cur string
	for line := range strings.Lines(string(data)) {
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#"):
		case !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "\t"):
			cur = line
			rules[cur] = rules[cur] // present even if empty
		default:
			if cur == "" {
				t.Fatalf("_headers: header line %q before any path", line)
			}
			rules[cur] = append(rules[cur], strings.TrimSpace(line))
		}
	}
	return rules
}

// A host that adds its own max-age would let the browser reuse an old file
// when a new version is precached or its worker checked: every path says
// no-cache (revalidate each time), as the server and go-app's handler do.
func TestStaticHeadersCacheControl(t *testing.T) {
	dist := stStatic(t, stWebDir(t))
	data, err := os.ReadFile(filepath.Join(dist, "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	rules := stHeaderRules(t, data)
	if !slices.Contains(rules["/*"], "Cache-Control: no-cache") {
		t.Errorf("_headers: rule /* lacks Cache-Control: no-cache: %q", rules["/*"])
	}
	for pattern, lines := range rules {
		for _, l := range lines {
			if strings.HasPrefix(strings.ToLower(l), "cache-control:") && (strings.Contains(l, "max-age") || strings.Contains(l, "immutable")) {
				t.Errorf("_headers: %s has %q", pattern, l)
			}
		}
	}
}

// The meta CSP only governs what comes after it: it must precede every
// script and stylesheet of every page of the static copy.
func TestStaticMetaCSPFirst(t *testing.T) {
	web := stWebDir(t)
	stWrite(t, filepath.Join(web, bulkScript), []byte(`"use strict";`))
	dist := stStatic(t, web)
	pages, err := filepath.Glob(filepath.Join(dist, "*.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages in the static copy: %v", err)
	}
	for _, p := range pages {
		html, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		csp := bytes.Index(html, []byte(`<meta http-equiv="Content-Security-Policy"`))
		if csp < 0 {
			t.Errorf("%s: no meta CSP", filepath.Base(p))
			continue
		}
		if n := bytes.Count(html, []byte(`http-equiv="Content-Security-Policy"`)); n != 1 {
			t.Errorf("%s: %d meta CSPs", filepath.Base(p), n)
		}
		for _, loc := range regexp.MustCompile(`<script|<link`).FindAllIndex(html, -1) {
			if loc[0] < csp {
				t.Errorf("%s: %q at byte %d comes before the meta CSP at byte %d", filepath.Base(p), html[loc[0]:min(loc[0]+60, len(html))], loc[0], csp)
			}
		}
	}
}

// The version covers what is served besides web/: the security headers and
// the page's settings; a release that changes only those must reach the
// browsers as an update.
func TestVersionCoversServedConfig(t *testing.T) {
	web := stWebDir(t)
	base, _ := stSite(t, web)

	saved := securityHeaders
	securityHeaders = append(append([][2]string(nil), saved...), [2]string{"X-Test-Release", "2"})
	changed, _ := stSite(t, web)
	securityHeaders = saved
	if changed.version == base.version {
		t.Error("version unchanged after the security headers changed")
	}
	again, _ := stSite(t, web)
	if again.version != base.version {
		t.Errorf("version not deterministic: %q then %q", base.version, again.version)
	}

	// The static copy's page differs (meta CSP) and it has _headers: its
	// own version, carried by its app.js and its worker.
	dist := stStatic(t, web)
	js, err := os.ReadFile(filepath.Join(dist, "app.js"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`"GOAPP_VERSION":"([0-9a-f]{32})"`).FindSubmatch(js)
	if m == nil {
		t.Fatal("static app.js carries no 32-digit version")
	}
	if string(m[1]) == base.version {
		t.Error("the static copy has the server's version, although its page and headers differ")
	}
	worker, err := os.ReadFile(filepath.Join(dist, "app-worker.js"))
	if err != nil || !bytes.Contains(worker, m[1]) {
		t.Errorf("static app-worker.js lacks the version %s: %v", m[1], err)
	}
}

// The server and the static copy serve framecheck's worker (worker.go), not
// go-app's default: the offline copy survives an interrupted update only
// with it (TestE2EOfflineUpdateInterrupted shows the behaviour).
func TestServiceWorkerIsOurs(t *testing.T) {
	web := stWebDir(t)
	s, _ := stSite(t, web)
	served := stGet(t, stServer(t, s)+"/app-worker.js").body
	static, err := os.ReadFile(filepath.Join(stStatic(t, web), "app-worker.js"))
	if err != nil {
		t.Fatal(err)
	}
	for what, js := range map[string][]byte{"served": served, "static": static} {
		for _, want := range []string{"event.waitUntil(", `cache: "no-cache"`, `framecheck === "started"`, "async function complete()", `const resourcesToCache = ["`} {
			if !bytes.Contains(js, []byte(want)) {
				t.Errorf("%s app-worker.js lacks %s", what, want)
			}
		}
		if bytes.Contains(js, []byte("{{.")) {
			t.Errorf("%s app-worker.js has an unfilled placeholder", what)
		}
	}
}
