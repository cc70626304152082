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
// headers for hosts that read it. The site must be served from the root of
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
	h := s.newAppHandler()
	metaCSP := strings.TrimSuffix(contentSecurityPolicy, "; frame-ancestors 'none'")
	h.RawHeaders = append(h.RawHeaders, `<meta http-equiv="Content-Security-Policy" content="`+metaCSP+`">`)
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	if err := app.GenerateStaticWebsite(outDir, h); err != nil {
		return fmt.Errorf("generating static website: %w", err)
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

	var hdr strings.Builder
	hdr.WriteString("/*\n")
	for _, kv := range securityHeaders {
		fmt.Fprintf(&hdr, "  %s: %s\n", kv[0], kv[1])
	}
	hdr.WriteString("/web/app.wasm\n  Content-Type: application/wasm\n")
	if err := write("_headers", []byte(hdr.String())); err != nil {
		return err
	}
	logf("wrote static site (version %s) to %s", s.version, outDir)
	return nil
}
