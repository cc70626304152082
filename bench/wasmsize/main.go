// Command wasmsize shows which Go packages carry app.wasm's size over the
// go-app floor (bench/app/testdata/floor). `go tool nm` does not read wasm,
// so it reads the module itself: it builds both unstripped (GOOS=js
// GOARCH=wasm, -trimpath, no -s -w), takes each function body's size from
// the code section and its name from the "name" custom section, and groups
// them by package (the symbol's text before the first dot after its last
// slash, which the name section spells with "_" for "/", "-" and other
// non-identifier characters, so names are matched against the mangled
// import paths of `go list -deps`). Data segments (rodata, type data, pclntab) carry no names and are
// one row. The figures are raw bytes, before compression.
//
//	go run ./bench/wasmsize [-top 15]
package main

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	top := flag.Int("top", 15, "packages to list")
	match := flag.String("funcs", "", "list instead every function of app.wasm whose name contains this (name-section spelling), largest first")
	flag.Parse()
	dir, err := os.MkdirTemp("", "wasmsize-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	sizes := map[string]map[string]int{}
	funcs := map[string]map[string]int{}
	totals := map[string]int{}
	for _, b := range []struct{ name, pkg string }{{"app", "./wasm"}, {"floor", "./bench/app/testdata/floor"}} {
		out := filepath.Join(dir, b.name+".wasm")
		cmd := exec.Command("go", "build", "-trimpath", "-o", out, b.pkg)
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			fail(fmt.Errorf("building %s: %w", b.pkg, err))
		}
		data, err := os.ReadFile(out)
		if err != nil {
			fail(err)
		}
		pkgs, err := deps(b.pkg)
		if err != nil {
			fail(err)
		}
		s, fs, err := bySymbolPackage(data, pkgs)
		if err != nil {
			fail(fmt.Errorf("%s: %w", b.pkg, err))
		}
		sizes[b.name] = s
		funcs[b.name] = fs
		totals[b.name] = len(data)
	}
	if *match != "" {
		listFuncs(funcs["app"], funcs["floor"], *match)
		return
	}
	app, floor := sizes["app"], sizes["floor"]
	type row struct {
		pkg        string
		app, floor int
		extra      int
	}
	var rows []row
	extra := 0
	for p, n := range app {
		r := row{p, n, floor[p], n - floor[p]}
		rows = append(rows, r)
		extra += r.extra
	}
	for p, n := range floor {
		if _, ok := app[p]; !ok {
			rows = append(rows, row{p, 0, n, -n})
			extra -= n
		}
	}
	slices.SortFunc(rows, func(a, b row) int { return cmp.Compare(b.extra, a.extra) })
	fmt.Printf("unstripped app.wasm %s, floor %s: %s more (functions by package, plus data)\n\n",
		kib(totals["app"]), kib(totals["floor"]), kib(totals["app"]-totals["floor"]))
	fmt.Printf("| package | app.wasm | floor | extra | share of extra |\n|---|---:|---:|---:|---:|\n")
	shown := 0
	for _, r := range rows[:min(*top, len(rows))] {
		fmt.Printf("| %s | %s | %s | %s | %.1f%% |\n", r.pkg, kib(r.app), kib(r.floor), kib(r.extra), 100*float64(r.extra)/float64(extra))
		shown += r.extra
	}
	fmt.Printf("| (%d other packages) | | | %s | %.1f%% |\n", len(rows)-min(*top, len(rows)), kib(extra-shown), 100*float64(extra-shown)/float64(extra))

	// The largest functions that the floor does not have.
	type fn struct {
		name string
		size int
	}
	var fns []fn
	for n, sz := range funcs["app"] {
		if _, ok := funcs["floor"][n]; !ok {
			fns = append(fns, fn{n, sz})
		}
	}
	slices.SortFunc(fns, func(a, b fn) int { return cmp.Compare(b.size, a.size) })
	fmt.Printf("\n| largest functions not in the floor (name-section spelling) | size |\n|---|---:|\n")
	for _, f := range fns[:min(*top, len(fns))] {
		fmt.Printf("| %s | %s |\n", f.name, kib(f.size))
	}
}

// listFuncs prints app.wasm's functions whose name contains match, with
// their size in the floor when it has them too: how a package's generic
// instances or a type's methods add up.
func listFuncs(app, floor map[string]int, match string) {
	type fn struct {
		name string
		size int
	}
	var fns []fn
	sum := 0
	for n, sz := range app {
		if strings.Contains(n, match) {
			fns = append(fns, fn{n, sz})
			sum += sz
		}
	}
	slices.SortFunc(fns, func(a, b fn) int { return cmp.Compare(b.size, a.size) })
	fmt.Printf("%d functions of app.wasm contain %q: %s\n\n| function | app.wasm | floor |\n|---|---:|---:|\n", len(fns), match, kib(sum))
	for _, f := range fns {
		fl := "-"
		if n, ok := floor[f.name]; ok {
			fl = kib(n)
		}
		fmt.Printf("| %s | %s | %s |\n", f.name, kib(f.size), fl)
	}
}

func kib(n int) string { return fmt.Sprintf("%.1f KiB", float64(n)/1024) }

func fail(err error) {
	fmt.Fprintln(os.Stderr, "wasmsize:", err)
	os.Exit(1)
}

// bySymbolPackage sums function body sizes by package, and the data
// section as "(data segments)".
func bySymbolPackage(b []byte, pkgs map[string]string) (map[string]int, map[string]int, error) {
	if len(b) < 8 || !bytes.Equal(b[:4], []byte("\x00asm")) {
		return nil, nil, errors.New("not a wasm module")
	}
	r := &reader{b: b, p: 8}
	imported := 0
	var bodies []int
	names := map[int]string{}
	out := map[string]int{}
	for r.p < len(b) {
		id := r.byte()
		n := r.uleb()
		end := r.p + n
		if r.err != nil || end > len(b) {
			return nil, nil, errors.New("truncated section")
		}
		sr := &reader{b: b[:end], p: r.p}
		switch id {
		case 2: // imports: functions among them take the first indices
			for range sr.uleb() {
				sr.skip(sr.uleb())
				sr.skip(sr.uleb())
				switch sr.byte() {
				case 0:
					sr.uleb()
					imported++
				case 1: // table: reftype + limits
					sr.byte()
					sr.limits()
				case 2:
					sr.limits()
				case 3:
					sr.byte()
					sr.byte()
				}
			}
		case 10: // code
			for range sr.uleb() {
				sz := sr.uleb()
				bodies = append(bodies, sz)
				sr.skip(sz)
			}
		case 11: // data
			out["(data segments: rodata, types, pclntab)"] += n
		case 0:
			name := string(sr.bytes(sr.uleb()))
			if name == "name" {
				for sr.p < end && sr.err == nil {
					sub := sr.byte()
					sn := sr.uleb()
					if sub != 1 {
						sr.skip(sn)
						continue
					}
					for range sr.uleb() {
						idx := sr.uleb()
						names[idx] = string(sr.bytes(sr.uleb()))
					}
				}
			}
		}
		if sr.err != nil {
			return nil, nil, fmt.Errorf("section %d: %w", id, sr.err)
		}
		r.p = end
	}
	if len(names) == 0 {
		return nil, nil, errors.New("no name section (built with -s?)")
	}
	funcs := map[string]int{}
	for i, sz := range bodies {
		out[pkgOf(names[imported+i], pkgs)] += sz
		funcs[names[imported+i]] += sz
	}
	return out, funcs, nil
}

// deps maps the mangled import path of every package linked into pkg
// (GOOS=js GOARCH=wasm) to the path itself.
func deps(pkg string) (map[string]string, error) {
	cmd := exec.Command("go", "list", "-deps", pkg)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -deps %s: %w", pkg, err)
	}
	m := map[string]string{}
	for _, p := range strings.Fields(string(out)) {
		m[mangle(p)] = p
	}
	return m, nil
}

// mangle spells a path as the wasm name section does: "_" for every
// character other than a letter, digit, "_" or ".".
func mangle(p string) string {
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, p)
}

// pkgOf is the package of a symbol from the name section: the longest
// mangled import path followed by "." ("encoding_json.__decodeState_.object"
// -> "encoding/json"); compiler-made helpers keep their prefix
// ("type_" -> "type:", equality and hash functions).
func pkgOf(sym string, pkgs map[string]string) string {
	if sym == "" {
		return "(unnamed)"
	}
	best := ""
	for i := 0; i < len(sym); i++ {
		if sym[i] == '.' {
			if p, ok := pkgs[sym[:i]]; ok && len(p) > len(best) {
				best = p
			}
		}
	}
	if best != "" {
		return best
	}
	if i := strings.IndexByte(sym, '.'); i > 0 {
		sym = sym[:i]
	}
	if sym == "type_" {
		return "type: (compiler-made eq/hash)"
	}
	return sym
}

type reader struct {
	b   []byte
	p   int
	err error
}

func (r *reader) byte() byte {
	if r.p >= len(r.b) {
		r.err = errors.New("unexpected end")
		return 0
	}
	c := r.b[r.p]
	r.p++
	return c
}

func (r *reader) uleb() int {
	v, n := binary.Uvarint(r.b[min(r.p, len(r.b)):])
	if n <= 0 {
		r.err = errors.New("bad LEB128")
		return 0
	}
	r.p += n
	return int(v)
}

func (r *reader) skip(n int) { r.p += n }

func (r *reader) bytes(n int) []byte {
	if r.p+n > len(r.b) {
		r.err = errors.New("unexpected end")
		return nil
	}
	s := r.b[r.p : r.p+n]
	r.p += n
	return s
}

func (r *reader) limits() {
	if r.byte() == 1 {
		r.uleb()
	}
	r.uleb()
}
