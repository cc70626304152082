package fcjson

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"framecheck/app/internal/fixture"
	"framecheck/app/textpos"
	"framecheck/app/workspace"
)

// FuzzDecode: Decode never panics, and what it accepts is a real
// workspace: it validates, exports, and the export decodes to the same
// workspace and the same bytes.
func FuzzDecode(f *testing.F) {
	g, err := os.ReadFile(goldenFile)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(g)
	sample, err := workspace.Sample(fixture.T0)
	if err != nil {
		f.Fatal(err)
	}
	s, err := Encode(sample, fixture.T0)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(s)
	for _, seed := range []string{
		"", "{}", "[]", "null", `"framecheck"`, "\uFEFF{}",
		`{"format":"framecheck","version":1,"offsetUnit":"codepoint","exportedAt":"2026-07-05T07:47:00Z",` +
			`"workspace":{"id":"0b7f3c1e-6d2a-4c59-9e1b-2f8a7d6c5b40","title":"T","createdAt":"2026-07-05T07:47:00Z","updatedAt":"2026-07-05T07:47:00Z"},` +
			`"readouts":[{"id":"1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5","title":"R","text":"ab","textSha256":"fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603"}],` +
			`"annotations":[{"id":"a1000000-0000-4000-8000-000000000001","readoutId":"1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5","tag":"omission","start":1,"end":1,"exact":"","prefix":"a","suffix":"b","createdAt":"2026-07-05T07:47:00+03:00","updatedAt":"2026-07-05T07:47:00.5Z"}]}`,
		`{"format":"framecheck","version":2}`,
		`{"format":"framecheck","version":1.5}`,
		`{"format":"framecheck","version":1,"version":1}`,
		`{"format":"framecheck","version":1,"offsetUnit":"codepoint","exportedAt":"x"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Add(bytes.Replace(g, []byte(`"start": 43`), []byte(`"start": 43.0`), 1))
	f.Add(bytes.Replace(g, []byte(`"end": 55`), []byte(`"end": 912`), 1))
	f.Add(g[:len(g)/3])

	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := Decode(data)
		if err != nil {
			if w != nil {
				t.Fatal("Decode returned a workspace with an error")
			}
			var re *ReanchorError
			if _, ok := err.(*Error); !ok && !errors.As(err, &re) {
				t.Fatalf("error %T is neither an *Error nor a *ReanchorError", err)
			}
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("error %T does not wrap an *Error", err)
			}
			return
		}
		if err := w.Validate(); err != nil {
			t.Fatalf("decoded workspace does not validate: %v", err)
		}
		b1, err := Encode(w, fixture.T0)
		if err != nil {
			t.Fatalf("Encode(Decode(x)): %v", err)
		}
		w2, err := Decode(b1)
		if err != nil {
			t.Fatalf("Decode(Encode(Decode(x))): %v", err)
		}
		if diff := diffWorkspaces(w, w2); diff != "" {
			t.Fatalf("Decode(Encode(w)) != w: %s", diff)
		}
		b2, err := Encode(w2, fixture.T0)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b1, b2) {
			t.Fatal("the export of a decoded export differs")
		}
	})
}

// FuzzDecodeWith: DecodeWith with re-anchoring never panics; it refuses
// only what Decode refuses for another reason than re-anchoring, with a
// plain *Error; it opens exactly what Decode opens or refuses with a
// *ReanchorError, moving exactly the annotations that error lists; and what
// it opens is a real workspace that exports and opens again without
// re-anchoring.
func FuzzDecodeWith(f *testing.F) {
	// A few seeds of FuzzDecode's corpus, and files whose offsets another
	// tool counted in UTF-16 units or bytes.
	for _, name := range []string{"valid-golden", "valid-compact-bom", "valid-escaped-surrogate", "broken-end-past", "broken-text-edited"} {
		f.Add(corpusSeed(f, filepath.Join("testdata/fuzz/FuzzDecode", name)))
	}
	g, err := os.ReadFile(goldenFile)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(bytes.Replace(g, []byte(`"start": 43`), []byte(`"start": 44`), 1))
	for _, count := range []func(*textpos.Text, int) (int, error){utf16Offsets, byteOffsets} {
		for _, w := range []*workspace.Workspace{golden(f), sample(f)} {
			f.Add(recountData(f, w, count))
		}
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		w, rep, err := DecodeWith(data, Options{Reanchor: true})
		w0, err0 := Decode(data)
		var re0 *ReanchorError
		errors.As(err0, &re0)
		if err != nil {
			if w != nil || rep != nil {
				t.Fatal("DecodeWith returned a workspace or report with an error")
			}
			var re *ReanchorError
			var fe *Error
			if errors.As(err, &re) || !errors.As(err, &fe) {
				t.Fatalf("DecodeWith(Reanchor) refused with %T: %v", err, err)
			}
			if err0 == nil || re0 != nil {
				t.Fatalf("DecodeWith(Reanchor) refused what Decode does not refuse for good (%v): %v", err0, err)
			}
			return
		}
		if rep == nil {
			t.Fatal("no report")
		}
		switch {
		case err0 == nil:
			if len(rep.Reanchored) > 0 {
				t.Fatalf("re-anchored %v in a file Decode opens", rep.Reanchored)
			}
			if diff := diffWorkspaces(w0, w); diff != "" {
				t.Fatalf("DecodeWith(Reanchor) != Decode: %s", diff)
			}
		case re0 == nil:
			t.Fatalf("DecodeWith(Reanchor) opened what Decode refuses for another reason: %v", err0)
		case fmt.Sprint(re0.Moves) != fmt.Sprint(rep.Reanchored) || len(rep.Reanchored) == 0:
			t.Fatalf("moved %v, the error listed %v", rep.Reanchored, re0.Moves)
		}
		if err := w.Validate(); err != nil {
			t.Fatalf("re-anchored workspace does not validate: %v", err)
		}
		for _, m := range rep.Reanchored {
			a := w.Annotation(m.ID)
			if a == nil || a.Start != m.NewStart || a.End != m.NewEnd || a.Exact != m.Exact {
				t.Fatalf("move %v: annotation %+v", m, a)
			}
		}
		b1, err := Encode(w, fixture.T0)
		if err != nil {
			t.Fatalf("Encode(DecodeWith(x)): %v", err)
		}
		w2, err := Decode(b1)
		if err != nil {
			t.Fatalf("Decode(Encode(DecodeWith(x))): %v", err)
		}
		if diff := diffWorkspaces(w, w2); diff != "" {
			t.Fatalf("Decode(Encode(w)) != w: %s", diff)
		}
	})
}

// corpusSeed reads the value of a file in Go's fuzz corpus format.
func corpusSeed(tb testing.TB, path string) []byte {
	tb.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	s, ok := strings.CutPrefix(string(raw), "go test fuzz v1\n[]byte(")
	if !ok {
		tb.Fatalf("%s: not a corpus file of one []byte", path)
	}
	s, _, _ = strings.Cut(strings.TrimSpace(s), ")\n")
	v, err := strconv.Unquote(strings.TrimSuffix(s, ")"))
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return []byte(v)
}
