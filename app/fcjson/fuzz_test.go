package fcjson

import (
	"bytes"
	"os"
	"testing"

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
	sample, err := workspace.Sample(t0)
	if err != nil {
		f.Fatal(err)
	}
	s, err := Encode(sample, t0)
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
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %T is not an *Error", err)
			}
			return
		}
		if err := w.Validate(); err != nil {
			t.Fatalf("decoded workspace does not validate: %v", err)
		}
		b1, err := Encode(w, t0)
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
		b2, err := Encode(w2, t0)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b1, b2) {
			t.Fatal("the export of a decoded export differs")
		}
	})
}
