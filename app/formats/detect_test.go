package formats

import (
	"encoding/json"
	"maps"
	"testing"
)

// topMembers must see the top-level keys exactly as json.Unmarshal into a
// map of raw messages does: escaped keys unescaped, a repeated key keeps its
// last value.
func TestTopMembersMatchesUnmarshal(t *testing.T) {
	for _, doc := range []string{
		`{}`,
		`{"format": "framecheck", "version": 1}`,
		`{"format": "w3c", "format": "framecheck"}`,
		`{"form\u0061t": "framecheck", "x": {"format": "nested"}}`,
		` {"@context": ["a", "http://www.w3.org/ns/anno.jsonld"], "type": "AnnotationCollection"} `,
		`{"text": "a\nb", "label": [[0, 1, "x"]]}`,
	} {
		got, ok := topMembers([]byte(doc))
		var want map[string]json.RawMessage
		if err := json.Unmarshal([]byte(doc), &want); err != nil || !ok {
			t.Fatalf("%s: ok %v, encoding/json %v", doc, ok, err)
		}
		eq := maps.EqualFunc(got, want, func(a, b json.RawMessage) bool { return string(a) == string(b) })
		if !eq {
			t.Errorf("%s: topMembers = %q, encoding/json = %q", doc, got, want)
		}
	}
}
