package align

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The gold set lives in testdata/gold, one readout pair a file; the format
// is described in testdata/gold/README.md.

// goldKind is what a gold pair says about its two sentences.
type goldKind int

const (
	kindFull     goldKind = iota // the same claim
	kindPartial                  // one sentence carries a clause the other lacks
	kindOpposite                 // same topic, opposite claim (one side negated)
)

type goldPair struct {
	a, b string
	kind goldKind
}

type goldDoc struct {
	name, langs string
	a, b        string
	pairs       []goldPair
	// onlyA and onlyB are clauses told only in that readout inside a
	// sentence that has a (partial) counterpart.
	onlyA, onlyB []string
	// neutralA and neutralB are sentences that are neither a counterpart
	// nor an omission (two titles sharing only names): no suggestion about
	// them is right, so a pair with them is wrong and a one-sided
	// suggestion of them is not counted.
	neutralA, neutralB []string
}

// loadGold reads every file of testdata/gold.
func loadGold(t testing.TB) []goldDoc {
	t.Helper()
	return loadGoldDir(t, "gold")
}

// loadGoldDir reads every file of testdata/<dir> (gold, or heldout: pairs
// written in the same format and never used to choose the rules).
func loadGoldDir(t testing.TB, dir string) []goldDoc {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no gold files: %v", err)
	}
	slices.Sort(files)
	var out []goldDoc
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := parseGold(string(raw))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if d.name == "" {
			d.name = strings.TrimSuffix(filepath.Base(f), ".txt")
		}
		out = append(out, d)
	}
	return out
}

func parseGold(raw string) (goldDoc, error) {
	var d goldDoc
	var a, b []string
	section := ""
	for n, line := range strings.Split(raw, "\n") {
		switch {
		case line == "== a" || line == "== b" || line == "== gold":
			section = line[3:]
			continue
		case section == "a":
			a = append(a, line)
			continue
		case section == "b":
			b = append(b, line)
			continue
		case strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "":
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			return d, fmt.Errorf("line %d: want \"key: value\", got %q", n+1, line)
		}
		val = strings.TrimSpace(val)
		switch key {
		case "name":
			d.name = val
		case "langs":
			d.langs = val
		case "pair", "partial", "opposite":
			x, y, ok := strings.Cut(val, " => ")
			if !ok {
				return d, fmt.Errorf("line %d: want \"quote => quote\"", n+1)
			}
			k := map[string]goldKind{"pair": kindFull, "partial": kindPartial, "opposite": kindOpposite}[key]
			d.pairs = append(d.pairs, goldPair{strings.TrimSpace(x), strings.TrimSpace(y), k})
		case "only a":
			d.onlyA = append(d.onlyA, val)
		case "only b":
			d.onlyB = append(d.onlyB, val)
		case "neutral a":
			d.neutralA = append(d.neutralA, val)
		case "neutral b":
			d.neutralB = append(d.neutralB, val)
		default:
			return d, fmt.Errorf("line %d: unknown key %q", n+1, key)
		}
	}
	d.a = strings.TrimSpace(strings.Join(a, "\n"))
	d.b = strings.TrimSpace(strings.Join(b, "\n"))
	if d.a == "" || d.b == "" || d.langs == "" {
		return d, fmt.Errorf("want langs and both texts")
	}
	return d, nil
}

// goldByLangs returns the documents of one language pair.
func goldByLangs(docs []goldDoc, langs string) []goldDoc {
	var out []goldDoc
	for _, d := range docs {
		if d.langs == langs {
			out = append(out, d)
		}
	}
	return out
}

func goldDocNamed(t testing.TB, name string) goldDoc {
	t.Helper()
	for _, d := range loadGold(t) {
		if d.name == name {
			return d
		}
	}
	t.Fatalf("no gold document %q", name)
	return goldDoc{}
}
