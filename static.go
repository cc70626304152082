package main

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// generateStatic writes a static copy of the app into outDir for hosts that
// serve plain files: go-app's pages and scripts (app.GenerateStaticWebsite with
// the server's own handler settings, so the same version and wasm size) plus
// the web/ snapshot, including the raw app.wasm; a static host cannot do our
// Accept-Encoding negotiation, so the raw file is what it serves, and the
// .br/.gz siblings are copied for hosts that can serve precompressed files.
//
// Static hosts rarely let us set headers, so the page also carries the CSP in
// a <meta> element (without frame-ancestors, which browsers ignore there), and
// a _headers file (Netlify / Cloudflare Pages syntax) repeats all security
// headers and the Cache-Control for hosts that read it. The copy has its own
// version (its page and headers differ from the server's). The site must be served from the root of
// its origin: go-app's page uses absolute paths.
//
// outDir must not exist or be empty: it is never cleaned here, to make
// "-static ." or a typo harmless.
func generateStatic(webDir, outDir string, logf func(string, ...any)) error {
	if entries, err := os.ReadDir(outDir); err == nil && len(entries) > 0 {
		return fmt.Errorf("static output directory %s is not empty", outDir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	s, err := newSite(webDir, logf)
	if err != nil {
		return err
	}
	// Its own version: the page and the headers differ from the server's.
	s.version = computeVersion(s.assets, s.servedConfig(true))
	h := s.newAppHandler()
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	if err := app.GenerateStaticWebsite(outDir, h); err != nil {
		return fmt.Errorf("generating static website: %w", err)
	}
	if err := insertMetaCSP(outDir); err != nil {
		return err
	}

	write := func(name string, data []byte) error {
		path := filepath.Join(outDir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		return os.WriteFile(path, data, 0o644)
	}
	for _, name := range slices.Sorted(maps.Keys(s.assets)) {
		if err := write("web/"+name, s.assets[name].raw); err != nil {
			return err
		}
	}
	if s.wasm.br != nil {
		if err := write("web/"+wasmName+".br", s.wasm.br); err != nil {
			return err
		}
	}
	if s.wasm.gz != nil {
		if err := write("web/"+wasmName+".gz", s.wasm.gz); err != nil {
			return err
		}
	}

	if err := write("_headers", []byte(staticHeaders())); err != nil {
		return err
	}
	logf("wrote static site (version %s) to %s", s.version, outDir)
	return nil
}

// staticMetaCSP is the page's CSP as a <meta> element, without
// frame-ancestors (which browsers ignore there).
func staticMetaCSP() string {
	csp := strings.TrimSuffix(contentSecurityPolicy, "; frame-ancestors 'none'")
	return `<meta http-equiv="Content-Security-Policy" content="` + csp + `">`
}

// charsetMeta is how go-app's page head begins; the CSP goes right after it.
const charsetMeta = `<meta charset="UTF-8">`

// insertMetaCSP puts the meta CSP into every page of the static copy, right
// after the charset: a meta CSP governs only what follows it, and go-app
// writes its RawHeaders after the styles and scripts.
func insertMetaCSP(outDir string) error {
	pages, err := filepath.Glob(filepath.Join(outDir, "*.html"))
	if err != nil {
		return err
	}
	if len(pages) == 0 {
		return fmt.Errorf("static copy: go-app wrote no page into %s", outDir)
	}
	for _, p := range pages {
		html, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		before, after, ok := strings.Cut(string(html), charsetMeta)
		if !ok {
			return fmt.Errorf("static copy: %s has no %s to put the CSP after (go-app's page changed?)", p, charsetMeta)
		}
		out := before + charsetMeta + "\n    " + staticMetaCSP() + after
		if err := os.WriteFile(p, []byte(out), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// staticHeaders is the static copy's _headers file (Netlify and Cloudflare
// Pages syntax; a request matching several patterns gets all their headers).
func staticHeaders() string {
	var b strings.Builder
	b.WriteString("# framecheck: headers for hosts that read _headers (Netlify, Cloudflare Pages).\n")
	b.WriteString("# Cache-Control no-cache: revalidate every file before use, as the framecheck\n")
	b.WriteString("# server does. The service worker keeps the app offline; a max-age here would\n")
	b.WriteString("# let old files into a new version's offline copy.\n")
	b.WriteString("/*\n")
	fmt.Fprintf(&b, "  Cache-Control: %s\n", cacheControl)
	for _, kv := range securityHeaders {
		fmt.Fprintf(&b, "  %s: %s\n", kv[0], kv[1])
	}
	b.WriteString("/web/app.wasm\n  Content-Type: application/wasm\n")
	return b.String()
}
