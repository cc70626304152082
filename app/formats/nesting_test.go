package formats

import (
	"strings"
	"testing"

	"framecheck/app/doccano"
	"framecheck/app/fcjson"
	"framecheck/app/labelstudio"
	"framecheck/app/w3c"
)

// A file nested deeper than JSON readers go (10,000 levels, as
// encoding/json) is valid JSON in principle: the message says how it is
// wrong ("nested deeper than 10000 levels"), not that it is not JSON.
func TestNestedTooDeep(t *testing.T) {
	deep := strings.Repeat("[", 10001) + strings.Repeat("]", 10001)
	files := map[string]string{
		"framecheck":  `{"format": "framecheck", "version": 1, "x": ` + deep + `}`,
		"w3c":         `{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "x": ` + deep + `}`,
		"doccano":     `{"text": "ab", "label": [], "x": ` + deep + `}`,
		"labelstudio": `[{"data": {"text": "ab"}, "annotations": [], "x": ` + deep + `}]`,
		// Pretty-printed: the first line, "{", is not a whole JSON value,
		// so detection must not take the file for JSONL and its first line
		// for broken JSON.
		"framecheck pretty": "{\n  \"format\": \"framecheck\",\n  \"version\": 1,\n  \"x\": " + deep + "\n}\n",
		"doccano pretty":    "{\n  \"text\": \"ab\",\n  \"label\": " + deep + "\n}\n",
	}
	const want = "nested deeper than 10000 levels"
	check := func(what string, err error) {
		t.Helper()
		if err == nil {
			t.Errorf("%s: accepted", what)
			return
		}
		if !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "not JSON") {
			t.Errorf("%s: %q, want %q and not \"not JSON\"", what, err, want)
		}
	}
	for name, in := range files {
		_, _, err := Import([]byte(in))
		check("Import "+name, err)
	}
	_, err := fcjson.Decode([]byte(files["framecheck"]))
	check("fcjson", err)
	_, err = w3c.Decode([]byte(files["w3c"]))
	check("w3c", err)
	_, _, err = doccano.Decode([]byte(files["doccano"]), doccano.ImportOptions{})
	check("doccano", err)
	_, _, err = labelstudio.Decode([]byte(files["labelstudio"]), labelstudio.ImportOptions{})
	check("labelstudio", err)
	// A JSONL file whose first line is broken is still "not JSON", however
	// deep a later line nests.
	jsonl := "{\"text\": x}\n{\"text\": \"ab\", \"label\": " + deep + "}\n"
	if _, _, err := Import([]byte(jsonl)); err == nil || !strings.Contains(err.Error(), "not JSON") {
		t.Errorf("broken first line, deep second: %v, want \"not JSON\"", err)
	}
	// 10,000 levels are still read.
	ok := `{"text": "ab", "label": [], "x": ` + strings.Repeat("[", 9998) + strings.Repeat("]", 9998) + `}`
	if _, _, err := doccano.Decode([]byte(ok), doccano.ImportOptions{}); err != nil {
		t.Errorf("10,000 levels refused: %v", err)
	}
}
