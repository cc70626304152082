package w3c

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"framecheck/app/fcjson"
	"framecheck/app/internal/fixture"
	"framecheck/app/internal/refusal"
	"framecheck/app/workspace"
)

// FuzzDecode: DecodeWithTexts never panics; a refusal is a *refusal.Error
// with nothing else; what it accepts is a real workspace that validates,
// exports as framecheck v1 and as W3C, and whose W3C export opens to the
// same workspace.
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
	f.Add(bytes.Replace(g, []byte(`"start": 43,`), []byte(`"start": 44,`), 1))
	f.Add(g[:len(g)/3])
	for _, seed := range []string{
		"", "{}", "[]", "null", `{"type":"Annotation"}`, "\uFEFF[]",
		`{"type":"Annotation","target":"` + srcA + `"}`,
		`{"type":"Annotation","body":[{"type":"TextualBody","purpose":"tagging","value":"misleading"},"urn:b"],"target":{"source":"` + srcA + `","selector":{"type":"TextQuoteSelector","exact":"agreed"}}}`,
		`[{"type":"Annotation","motivation":"tagging","body":{"value":"omission"},"target":[{"source":"` + srcA + `","selector":[{"type":"TextPositionSelector","start":3,"end":3},{"type":"TextQuoteSelector","exact":"","prefix":"The","suffix":" leaders"}]},"` + srcB + `"]}]`,
		`{"type":"AnnotationPage","items":[{"@type":"Annotation","@id":"urn:uuid:a1000000-0000-4000-8000-000000000001","creator":[{"name":"A"},"B"],"target":{"source":{"id":"` + srcB + `"},"selector":{"type":"TextPositionSelector","start":0,"end":1}}}],"next":{"type":"AnnotationPage","items":[]}}`,
		`{"type":"AnnotationCollection","total":0,"framecheck:readouts":[{"id":"urn:r","value":"text"}]}`,
		`[{"type":"Annotation","motivation":"linking","body":[{"purpose":"tagging","value":"counterpart"},{"value":"n"}],"target":["urn:a",{"id":"urn:b"}]},{"type":"Annotation","id":"urn:a","target":{"source":"` + srcA + `","selector":{"type":"TextQuoteSelector","exact":"spoke"}}},{"type":"Annotation","id":"urn:b","target":"` + srcB + `"}]`,
		`{"type":"Annotation","body":{"type":"Choice","items":[{"value":"x"}]},"target":{"source":"` + srcA + `","selector":{"type":"TextQuoteSelector","exact":"Ukraine","prefix":"agreed. "}}}`,
	} {
		f.Add([]byte(seed))
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := DecodeWithTexts(data, texts)
		if err != nil {
			if w != nil {
				t.Fatal("a workspace with an error")
			}
			var fe *refusal.Error
			if !errors.As(err, &fe) {
				t.Fatalf("error %T is not a *refusal.Error", err)
			}
			return
		}
		if err := w.Validate(); err != nil {
			t.Fatalf("decoded workspace does not validate: %v", err)
		}
		want, err := fcjson.Encode(w, fixture.T0)
		if err != nil {
			t.Fatalf("fcjson.Encode(Decode(x)): %v", err)
		}
		b, err := Encode(w, fixture.T0)
		if err != nil {
			t.Fatalf("Encode(Decode(x)): %v", err)
		}
		if v := conform(b); len(v) > 0 {
			t.Fatalf("Encode(Decode(x)) does not conform: %v", v)
		}
		w2, err := Decode(b)
		if err != nil {
			t.Fatalf("Decode(Encode(Decode(x))): %v", err)
		}
		got, err := fcjson.Encode(w2, fixture.T0)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("the W3C round trip changed the workspace (%v)", err)
		}
	})
}
