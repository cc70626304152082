// Package docs holds no code, only tests that keep the documentation honest:
// every relative link and anchor in the repository's Markdown resolves, and
// the package map in architecture.md names every Go package directory (and
// only directories that exist), so neither can go stale unnoticed.
package docs

import (
	"io/fs"
	"net/url"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
)

// repo is the repository root as seen from this package's directory.
func repo() fs.FS { return os.DirFS("..") }

func TestRelativeLinksResolve(t *testing.T) {
	fsys := repo()
	files, err := markdownFiles(fsys)
	if err != nil {
		t.Fatal(err)
	}
	// The pages the brief names must be among those checked.
	for _, want := range []string{"README.md", "bench/README.md", "docs/architecture.md"} {
		if !slices.Contains(files, want) {
			t.Fatalf("%s not found among the Markdown files %v", want, files)
		}
	}
	for _, p := range checkLinks(fsys, files) {
		t.Error(p)
	}
}

func TestPackageMapNamesEveryPackage(t *testing.T) {
	fsys := repo()
	for _, p := range checkPackageMap(fsys, "docs/architecture.md") {
		t.Error(p)
	}
}

// The checkers themselves, on a small tree with known faults: each fault is
// reported once, and what is fine (code, external links, a second heading of
// the same name) is not.
func TestLinkCheckerReportsBrokenLinks(t *testing.T) {
	fsys := fstest.MapFS{
		"README.md": {Data: []byte("# Top\n\n## Two commands\n\n## Two commands\n\n" +
			"[ok](docs/a.md) [ok](docs/a.md#the-export-format-framecheck-v1) [ok](#two-commands-1)\n" +
			"[ok](https://example.org/nowhere) [ok](<https://example.org>) ![ok](docs/pic.png)\n" +
			"`[code](missing.md)` and ``[code `x`](missing.md)``\n\n" +
			"```\n[block](missing.md)\n## Not a heading\n```\n\n" +
			"[gone](docs/gone.md) [bad anchor](docs/a.md#nope) [self](#not-a-heading)\n" +
			"[up](../outside.md) [anchor on png](docs/pic.png#x)\n" +
			"[ref]: docs/gone-too.md\n")},
		"docs/a.md":    {Data: []byte("# The export format (framecheck v1)\n\n[back](../README.md#top)\n")},
		"docs/pic.png": {Data: []byte{0}},
	}
	files, err := markdownFiles(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"README.md", "docs/a.md"}; !slices.Equal(files, want) {
		t.Fatalf("files = %v, want %v", files, want)
	}
	got := checkLinks(fsys, files)
	want := []string{
		`README.md: link "docs/gone.md": docs/gone.md does not exist`,
		`README.md: link "docs/a.md#nope": no heading with anchor #nope in docs/a.md`,
		`README.md: link "#not-a-heading": no heading with anchor #not-a-heading in README.md`,
		`README.md: link "../outside.md": leaves the repository`,
		`README.md: link "docs/pic.png#x": an anchor into docs/pic.png, which is not Markdown`,
		`README.md: link "docs/gone-too.md": docs/gone-too.md does not exist`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSlugFollowsGitHub(t *testing.T) {
	for _, c := range []struct{ heading, want string }{
		{"Two commands", "two-commands"},
		{"The export format (framecheck v1)", "the-export-format-framecheck-v1"},
		{"When a readout changes: versions", "when-a-readout-changes-versions"},
		{"Your work is safe: saving, storage, import, undo", "your-work-is-safe-saving-storage-import-undo"},
		{"The app in Chromium (`bench/app`, `TestBench`)", "the-app-in-chromium-benchapp-testbench"},
		{"What makes app.wasm larger than the floor (`bench/wasmsize`)", "what-makes-appwasm-larger-than-the-floor-benchwasmsize"},
		{"go-app traps", "go-app-traps"},
		{"Links: [the page](x.md) and **bold**", "links-the-page-and-bold"},
		{"Écrire — en français", "écrire--en-français"},
		{"snake_case stays", "snake_case-stays"},
	} {
		if got := slug(c.heading); got != c.want {
			t.Errorf("slug(%q) = %q, want %q", c.heading, got, c.want)
		}
	}
}

func TestPackageMapCheckerReportsGaps(t *testing.T) {
	fsys := fstest.MapFS{
		"main.go":                      {},
		"app/a/a.go":                   {},
		"app/b/b_test.go":              {}, // a test-only package is a package
		"app/c/c.go":                   {},
		"app/c/testdata/x/x.go":        {}, // testdata is not a package of the module
		"bench/peer/node_modules/m.go": {},
		".git/hooks/h.go":              {},
		"web/app.js":                   {},
		"docs/architecture.md": {Data: []byte("# A\n\n## Package map\n\n" +
			"| directory | owns |\n|---|---|\n" +
			"| `.` | root |\n| `app/a`, `app/gone` | two |\n| `web` | assets, no Go: fine |\n" +
			"| `app/c` is named in prose | not a map entry |\n\n" +
			"## Decisions\n\n| `app/b` | a table outside the map does not count |\n")},
	}
	got := checkPackageMap(fsys, "docs/architecture.md")
	want := []string{
		"docs/architecture.md package map: app/gone does not exist",
		"docs/architecture.md package map: app/b is a Go package directory missing from the map",
		"docs/architecture.md package map: app/c is a Go package directory missing from the map",
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// skipDir reports whether a directory is outside what the checks cover:
// version control and tool directories, installed npm packages, build
// outputs, and testdata (which go ignores).
func skipDir(name string) bool {
	return (strings.HasPrefix(name, ".") && name != ".") || name == "node_modules" ||
		name == "testdata" || name == "bin" || name == "dist"
}

// markdownFiles lists every .md file of fsys, sorted.
func markdownFiles(fsys fs.FS) ([]string, error) {
	var out []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if skipDir(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".md") {
			out = append(out, p)
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}

var (
	fenceRE   = regexp.MustCompile("^ {0,3}(```|~~~)")
	headingRE = regexp.MustCompile(`^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$`)
	// An inline link or image: [text](target "title"); the text may hold
	// one level of brackets, as in [![alt](img)](target).
	linkRE    = regexp.MustCompile(`!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^>]*>|[^\s()]+)(?:\s+"[^"]*")?\s*\)`)
	refDefRE  = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:\s*(\S+)`)
	htmlIDRE  = regexp.MustCompile(`<a\s+(?:id|name)="([^"]+)"`)
	schemeRE  = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
	mdLinkRE  = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mapCellRE = regexp.MustCompile("`([^`]+)`")
)

// prose returns the lines of a Markdown text outside fenced code blocks, so
// that examples are never taken for links or headings.
func prose(text string) []string {
	var out []string
	inFence, fence := false, ""
	for _, line := range strings.Split(text, "\n") {
		if m := fenceRE.FindStringSubmatch(line); m != nil {
			switch {
			case !inFence:
				inFence, fence = true, m[1]
				continue
			case m[1] == fence:
				inFence = false
				continue
			}
		}
		if inFence {
			continue
		}
		out = append(out, line)
	}
	return out
}

// stripCode removes inline code spans: a run of n backticks up to the next
// run of exactly n.
func stripCode(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		if line[i] != '`' {
			b.WriteByte(line[i])
			i++
			continue
		}
		n := 0
		for i+n < len(line) && line[i+n] == '`' {
			n++
		}
		end := -1
		for j := i + n; j < len(line); {
			if line[j] != '`' {
				j++
				continue
			}
			m := 0
			for j+m < len(line) && line[j+m] == '`' {
				m++
			}
			if m == n {
				end = j + m
				break
			}
			j += m
		}
		if end < 0 { // an unmatched run is literal text
			b.WriteString(line[i : i+n])
			i += n
			continue
		}
		i = end
	}
	return b.String()
}

// slug is GitHub's anchor for a heading (github-slugger): the heading's text
// lower-cased, without anything but letters, marks, numbers, connector
// punctuation, spaces and hyphens, spaces turned into hyphens.
func slug(heading string) string {
	text := mdLinkRE.ReplaceAllString(heading, "$1")
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r) || unicode.Is(unicode.Pc, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// anchors returns the anchors of a Markdown text: its headings' slugs, a
// repeated one numbered -1, -2… as GitHub does, and explicit <a id>/<a name>.
func anchors(text string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	for _, line := range prose(text) {
		for _, m := range htmlIDRE.FindAllStringSubmatch(line, -1) {
			out[m[1]] = true
		}
		m := headingRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		s := slug(m[1])
		if n := seen[s]; n > 0 {
			out[s+"-"+strconv.Itoa(n)] = true
		} else {
			out[s] = true
		}
		seen[s]++
	}
	return out
}

// links returns the link targets of a Markdown text, in order.
func links(text string) []string {
	var out []string
	for _, line := range prose(text) {
		line = stripCode(line) // `[x](y)` in code is an example
		for _, m := range linkRE.FindAllStringSubmatch(line, -1) {
			out = append(out, strings.Trim(m[1], "<>"))
		}
		if m := refDefRE.FindStringSubmatch(line); m != nil {
			out = append(out, strings.Trim(m[1], "<>"))
		}
	}
	return out
}

// checkLinks reports every relative link of files (paths in fsys) whose
// file does not exist, that leaves the tree, or whose anchor is not a
// heading of its Markdown target.
func checkLinks(fsys fs.FS, files []string) []string {
	var problems []string
	cache := map[string]map[string]bool{}
	anchorsOf := func(p string) (map[string]bool, error) {
		if a, ok := cache[p]; ok {
			return a, nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		cache[p] = anchors(string(data))
		return cache[p], nil
	}
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			problems = append(problems, f+": "+err.Error())
			continue
		}
		for _, target := range links(string(data)) {
			if schemeRE.MatchString(target) || strings.HasPrefix(target, "//") {
				continue // external: not checked offline
			}
			bad := func(why string) { problems = append(problems, f+": link "+quote(target)+": "+why) }
			file, frag, _ := strings.Cut(target, "#")
			dest := f
			if file != "" {
				unescaped, err := url.PathUnescape(file)
				if err != nil {
					bad(err.Error())
					continue
				}
				dest = path.Join(path.Dir(f), unescaped)
				if dest == ".." || strings.HasPrefix(dest, "../") {
					bad("leaves the repository")
					continue
				}
				if _, err := fs.Stat(fsys, dest); err != nil {
					bad(dest + " does not exist")
					continue
				}
			}
			if frag == "" {
				continue
			}
			if !strings.HasSuffix(dest, ".md") {
				bad("an anchor into " + dest + ", which is not Markdown")
				continue
			}
			a, err := anchorsOf(dest)
			if err != nil {
				bad(err.Error())
				continue
			}
			if !a[frag] {
				bad("no heading with anchor #" + frag + " in " + dest)
			}
		}
	}
	return problems
}

func quote(s string) string { return `"` + s + `"` }

// mapEntries returns the directories the package map names: the code spans
// of the first cell of each row of the tables under the heading "Package
// map", up to the next heading of the same or a higher level.
func mapEntries(text string) []string {
	var out []string
	in := false
	for _, line := range strings.Split(text, "\n") {
		if m := headingRE.FindStringSubmatch(line); m != nil && strings.HasPrefix(strings.TrimSpace(line), "## ") {
			in = slug(m[1]) == "package-map"
			continue
		}
		if !in || !strings.HasPrefix(strings.TrimSpace(line), "|") {
			continue
		}
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		first := strings.TrimSpace(cells[0])
		// The cell must consist of code spans only (a list of directories),
		// so a header row or a sentence that mentions a path is no entry.
		rest := strings.TrimSpace(strings.NewReplacer(",", "", " ", "").Replace(mapCellRE.ReplaceAllString(first, "")))
		if rest != "" {
			continue
		}
		for _, m := range mapCellRE.FindAllStringSubmatch(first, -1) {
			out = append(out, strings.TrimSuffix(m[1], "/"))
		}
	}
	return out
}

// goPackageDirs lists the directories of fsys that hold .go files (test-only
// packages included), outside skipped directories, sorted.
func goPackageDirs(fsys fs.FS) ([]string, error) {
	var out []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && skipDir(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if dir := path.Dir(p); strings.HasSuffix(p, ".go") && !slices.Contains(out, dir) {
			out = append(out, dir)
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}

// checkPackageMap reports entries of the package map in mapFile that are not
// directories, and Go package directories the map does not name.
func checkPackageMap(fsys fs.FS, mapFile string) []string {
	data, err := fs.ReadFile(fsys, mapFile)
	if err != nil {
		return []string{err.Error()}
	}
	prefix := mapFile + " package map: "
	entries := mapEntries(string(data))
	if len(entries) == 0 {
		return []string{prefix + "no table under a heading \"Package map\""}
	}
	var problems []string
	for _, e := range entries {
		if st, err := fs.Stat(fsys, e); err != nil || !st.IsDir() {
			problems = append(problems, prefix+e+" does not exist")
		}
	}
	dirs, err := goPackageDirs(fsys)
	if err != nil {
		return append(problems, err.Error())
	}
	for _, d := range dirs {
		if !slices.Contains(entries, d) {
			problems = append(problems, prefix+d+" is a Go package directory missing from the map")
		}
	}
	return problems
}
