package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"mime"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// wasmName is the WebAssembly binary inside the web directory.
const wasmName = "app.wasm"

// asset is one file of the web directory, held in memory together with its
// compressed encodings. The server reads web/ once at startup and serves only
// these snapshots, so a request can never reach a file that was not listed
// then: no directory listings, no path escapes, no symlinks out of web/.
type asset struct {
	name        string   // slash-separated path relative to web/, e.g. "schema/x.json"
	contentType string   // Content-Type header value
	sum         [32]byte // sha256 of raw
	raw         []byte   // identity body
	br          []byte   // brotli body, nil when unavailable or not smaller
	gz          []byte   // gzip body, nil when unavailable or not smaller
}

// etag returns the strong entity tag of the representation with the given
// content coding ("" for identity): each coding is its own representation.
func (a *asset) etag(coding string) string {
	tag := hex.EncodeToString(a.sum[:12])
	if coding != "" {
		tag += "-" + coding
	}
	return `"` + tag + `"`
}

// setEncodings keeps the compressed bodies that are actually smaller than raw.
func (a *asset) setEncodings(br, gz []byte) {
	a.br, a.gz = nil, nil
	if br != nil && len(br) < len(a.raw) {
		a.br = br
	}
	if gz != nil && len(gz) < len(a.raw) {
		a.gz = gz
	}
}

// contentTypes is fixed here rather than taken from the system's mime.types,
// whose entries vary between machines (.js, .webmanifest, .wasm especially).
var contentTypes = map[string]string{
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".wasm":        "application/wasm",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".ico":         "image/x-icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
	".html":        "text/html; charset=utf-8",
	".xml":         "application/xml",
	".csv":         "text/csv; charset=utf-8",
}

func contentTypeOf(name string) string {
	ext := strings.ToLower(filepath.Ext(name))
	if ct, ok := contentTypes[ext]; ok {
		return ct
	}
	if ct := mime.TypeByExtension(ext); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// compressible reports whether a content type is worth compressing (text and
// wasm; not PNG, fonts or other already-compressed formats).
func compressible(contentType string) bool {
	ct, _, _ := strings.Cut(contentType, ";")
	switch {
	case strings.HasPrefix(ct, "text/"),
		ct == "application/json",
		ct == "application/manifest+json",
		ct == "application/wasm",
		ct == "application/xml",
		ct == "image/svg+xml",
		ct == "image/x-icon":
		return true
	}
	return false
}

// isWasmSidecar reports whether name is a by-product of app.wasm kept next to
// it (app.wasm.br, app.wasm.gz, app.wasm.sha256, ...). Those are never served
// as assets of their own.
func isWasmSidecar(name string) bool {
	return strings.HasPrefix(name, wasmName+".")
}

// loadWeb reads every servable file of dir into memory. Skipped: dotfiles and
// dot-directories, app.wasm sidecars, anything that is not a regular file, and
// symlinks whose target lies outside dir. Text assets other than app.wasm get
// their brotli and gzip encodings computed here, once (they are small);
// app.wasm's encodings are attached by loadWasmEncodings.
func loadWeb(dir string, logf func(string, ...any)) (map[string]*asset, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	root, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("web directory: %w", err)
	}
	if fi, err := os.Stat(root); err != nil {
		return nil, fmt.Errorf("web directory: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("web directory %s is not a directory", dir)
	}

	assets := make(map[string]*asset)
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == root {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		if isWasmSidecar(name) {
			return nil
		}
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			logf("skipping web/%s: %v", name, err)
			return nil
		}
		if !within(root, real) {
			logf("skipping web/%s: symlink points outside the web directory", name)
			return nil
		}
		fi, err := os.Stat(real)
		if err != nil || !fi.Mode().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(real)
		if err != nil {
			return err
		}
		a := &asset{
			name:        name,
			contentType: contentTypeOf(name),
			sum:         sha256.Sum256(data),
			raw:         data,
		}
		if name != wasmName && compressible(a.contentType) && len(data) >= 256 {
			quality := brotliBest
			if len(data) > 1<<20 {
				quality = brotliFast
			}
			br, err := brotliEncode(data, quality)
			if err != nil {
				return err
			}
			gz, err := gzipEncode(data)
			if err != nil {
				return err
			}
			a.setEncodings(br, gz)
		}
		assets[name] = a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading web directory: %w", err)
	}
	return assets, nil
}

// within reports whether path is root or lies below it (both cleaned,
// absolute, symlink-free).
func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return false
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// computeVersion hashes what is served: a sha256sum-style listing of the
// web snapshot ("<hex sha256 of file>  <path>\n" per file, sorted by path)
// followed by the sha256 of config (site.servedConfig: headers, page
// settings, go-app's generated files), first 32 hex digits of the sha256 of
// it all. So any change to the app, its assets, its headers or its page
// yields a new version (and a new service worker); it never depends on the
// time.
func computeVersion(assets map[string]*asset, config []byte) string {
	h := sha256.New()
	for _, name := range slices.Sorted(maps.Keys(assets)) {
		fmt.Fprintf(h, "%x  %s\n", assets[name].sum, name)
	}
	fmt.Fprintf(h, "%x  (served configuration)\n", sha256.Sum256(config))
	return hex.EncodeToString(h.Sum(nil))[:32]
}
