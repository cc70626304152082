package formats

import (
	"errors"
	"testing"

	"framecheck/app/fcjson"
	"framecheck/app/internal/fixture"
)

// FuzzImport: Import never panics; what it accepts validates and exports
// in every format; what it refuses it refuses with an error and no
// workspace.
func FuzzImport(f *testing.F) {
	w := fixture.Workspace(f)
	for _, fm := range All() {
		if !fm.Import {
			continue
		}
		data, _, _, err := Export(fm.ID, w, fixture.T0)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"", "{}", "[]", "null", "\uFEFF{}", "{\"text\":\"a\",\"label\":[[0,1,\"x\"]]}",
		"{\"text\":\"a\\r\\nb\",\"label\":[[1,3,\"fact\"],[0,1,\"omission\"]],\"framecheck\":{\"annotations\":[{\"tag\":\"omission\",\"start\":1,\"end\":1}]}}",
		"{\"text\":\"🇷🇺 x\",\"entities\":[{\"start_offset\":0,\"end_offset\":2,\"label\":\"fact\"}],\"relations\":[{}]}",
		`[{"data":{"text":"🇷🇺 x"},"annotations":[{"result":[{"id":"a","type":"labels","value":{"start":0,"end":4,"text":"🇷🇺","labels":["fact","LOC"]}},{"id":"a","type":"textarea","value":{"text":["n"]}}]}]}]`,
		`{"@context":"http://www.w3.org/ns/anno.jsonld","type":"AnnotationCollection","first":{"type":"AnnotationPage","items":[]}}`,
		`{"format":"framecheck","version":1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ws, fm, err := Import(data)
		if err != nil {
			if ws != nil {
				t.Fatal("workspace with an error")
			}
			var fe *fcjson.Error
			var re *fcjson.ReanchorError
			if fm.ID != W3C && !errors.As(err, &fe) && !errors.As(err, &re) {
				t.Fatalf("%s: error %T is not an *fcjson.Error: %v", fm.ID, err, err)
			}
			return
		}
		if err := ws.Validate(); err != nil {
			t.Fatalf("%s import does not validate: %v", fm.ID, err)
		}
		for _, out := range All() {
			if _, _, _, err := Export(out.ID, ws, fixture.T0); err != nil {
				t.Fatalf("%s import does not export as %s: %v", fm.ID, out.ID, err)
			}
		}
	})
}
