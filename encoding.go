package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

const (
	brotliBest = 11 // build time (-precompress) and small assets
	brotliFast = 5  // startup fallback for app.wasm when no fresh .br exists
)

// Content codings the server can send, in order of preference when the client
// weights them equally.
const (
	codingBrotli = "br"
	codingGzip   = "gzip"
)

func brotliEncode(data []byte, quality int) ([]byte, error) {
	var b bytes.Buffer
	opts := brotli.WriterOptions{Quality: quality}
	if quality == brotliBest {
		opts.LGWin = 24 // the largest window browsers accept
	}
	w := brotli.NewWriterOptions(&b, opts)
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func gzipEncode(data []byte) ([]byte, error) {
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// decodesTo reports whether enc, decoded with the given coding, is exactly
// want. Reading stops one byte past len(want), so a corrupt or hostile file
// cannot make us inflate without bound.
func decodesTo(coding string, enc, want []byte) bool {
	var r io.Reader
	switch coding {
	case codingBrotli:
		r = brotli.NewReader(bytes.NewReader(enc))
	case codingGzip:
		zr, err := gzip.NewReader(bytes.NewReader(enc))
		if err != nil {
			return false
		}
		defer zr.Close()
		r = zr
	default:
		return false
	}
	got, err := io.ReadAll(io.LimitReader(r, int64(len(want))+1))
	return err == nil && bytes.Equal(got, want)
}

// wasmVariant is one precompressed sibling of app.wasm on disk.
type wasmVariant struct {
	coding string
	ext    string
	encode func([]byte) ([]byte, error)
}

var wasmVariants = []wasmVariant{
	{codingBrotli, ".br", func(b []byte) ([]byte, error) { return brotliEncode(b, brotliBest) }},
	{codingGzip, ".gz", gzipEncode},
}

// loadWasmEncodings attaches app.wasm's brotli and gzip bodies. It uses
// web/app.wasm.br and web/app.wasm.gz (written by -precompress at build time)
// when they decode to exactly the current app.wasm; the check decodes them
// rather than trusting names, timestamps or a sidecar hash, so a stale or
// corrupt file is never served. Otherwise it compresses in memory, once, with
// a faster brotli level, and logs one line saying so. Never per request.
func loadWasmEncodings(webDir string, a *asset, logf func(string, ...any)) error {
	enc := make(map[string][]byte)
	var missing []string
	for _, v := range wasmVariants {
		data, err := os.ReadFile(filepath.Join(webDir, wasmName+v.ext))
		if err == nil && decodesTo(v.coding, data, a.raw) {
			enc[v.coding] = data
			continue
		}
		missing = append(missing, wasmName+v.ext)
	}
	if len(missing) > 0 {
		logf("%s missing or stale for the current app.wasm: compressing in memory (run make build, or framecheck -precompress, to precompress at build time)",
			strings.Join(missing, ", "))
		var (
			wg             sync.WaitGroup
			br, gz         []byte
			errBr, errGzip error
		)
		if enc[codingBrotli] == nil {
			wg.Go(func() { br, errBr = brotliEncode(a.raw, brotliFast) })
		}
		if enc[codingGzip] == nil {
			wg.Go(func() { gz, errGzip = gzipEncode(a.raw) })
		}
		wg.Wait()
		if errBr != nil {
			return errBr
		}
		if errGzip != nil {
			return errGzip
		}
		if br != nil {
			enc[codingBrotli] = br
		}
		if gz != nil {
			enc[codingGzip] = gz
		}
	}
	a.setEncodings(enc[codingBrotli], enc[codingGzip])
	return nil
}

// precompressWasm writes web/app.wasm.br (brotli quality 11) and
// web/app.wasm.gz (gzip best) for the current web/app.wasm. A sibling that
// already decodes to the current app.wasm is left alone. Files are written
// atomically (temporary file, then rename).
func precompressWasm(webDir string, logf func(string, ...any)) error {
	raw, err := os.ReadFile(filepath.Join(webDir, wasmName))
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	errs := make([]error, len(wasmVariants))
	for i, v := range wasmVariants {
		path := filepath.Join(webDir, wasmName+v.ext)
		if old, err := os.ReadFile(path); err == nil && decodesTo(v.coding, old, raw) {
			logf("%s is up to date", path)
			continue
		}
		wg.Go(func() {
			data, err := v.encode(raw)
			if err == nil {
				err = writeFileAtomic(path, data)
			}
			if err != nil {
				errs[i] = fmt.Errorf("writing %s: %w", path, err)
				return
			}
			logf("wrote %s: %d -> %d bytes (%.1f%%)", path, len(raw), len(data), 100*float64(len(data))/float64(len(raw)))
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// chooseCoding picks the content coding for a response from the request's
// Accept-Encoding header values (RFC 9110, section 12.5.3): "br" or "gzip"
// when available and acceptable, "" for identity. The highest q-value wins;
// equal q-values prefer br, then gzip, then identity. q=0 means "not
// acceptable"; "*" covers codings not listed; x-gzip is gzip. Identity is
// acceptable unless excluded by "identity;q=0" or by "*;q=0" without an
// identity entry, and it ranks below any coding the client listed. With no
// Accept-Encoding header the response is identity. If nothing available is
// acceptable the response is identity too, as the RFC recommends, rather than
// a 406 error.
func chooseCoding(header []string, haveBr, haveGzip bool) string {
	if len(header) == 0 {
		return ""
	}
	q := make(map[string]float64)
	for _, value := range header {
		for part := range strings.SplitSeq(value, ",") {
			coding, params, _ := strings.Cut(part, ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			if coding == "" {
				continue
			}
			if coding == "x-gzip" {
				coding = codingGzip
			}
			weight, ok := 1.0, true
			for param := range strings.SplitSeq(params, ";") {
				k, v, _ := strings.Cut(param, "=")
				if strings.EqualFold(strings.TrimSpace(k), "q") {
					weight, ok = parseQ(strings.TrimSpace(v))
				}
			}
			if !ok {
				continue // malformed q: ignore the entry
			}
			if _, seen := q[coding]; !seen {
				q[coding] = weight
			}
		}
	}
	weight := func(coding string) float64 {
		if w, ok := q[coding]; ok {
			return w
		}
		if w, ok := q["*"]; ok {
			return w
		}
		if coding == "identity" {
			return 0.0001 // acceptable by default, below anything listed
		}
		return 0
	}

	best, bestQ := "", 0.0
	if haveBr && weight(codingBrotli) > bestQ {
		best, bestQ = codingBrotli, weight(codingBrotli)
	}
	if haveGzip && weight(codingGzip) > bestQ {
		best, bestQ = codingGzip, weight(codingGzip)
	}
	if w := weight("identity"); w > bestQ {
		best = ""
	}
	return best
}

// parseQ parses a qvalue: 0 to 1 with at most three decimals.
func parseQ(s string) (float64, bool) {
	if s == "" || len(s) > 5 || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 1 {
		return 0, false
	}
	return f, true
}
