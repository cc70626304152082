package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"framecheck/app/internal/jsonwalk"
	"framecheck/app/internal/refusal"
)

// sniffer recognises a format by the top-level members of a JSON object:
// object for a file that is one JSON object, line for the first
// non-empty line of a JSONL file, item for the first item of a JSON array.
// Detect asks the formats of the registry in order; nil asks nothing.
type sniffer struct {
	object, line, item func(top map[string]json.RawMessage) bool
}

// any reports whether the sniffer recognises anything at all.
func (s sniffer) any() bool { return s.object != nil || s.line != nil || s.item != nil }

// errUnknown is the message for a file of no known format. It names every
// format that imports (TestRegistryComplete checks it).
const errUnknown = "framecheck cannot tell what this file is: it opens framecheck JSON, W3C Web Annotation (JSON-LD), Label Studio JSON exports and doccano JSONL"

// Detect tells the format of data by its content:
//
//   - framecheck: a JSON object with "format": "framecheck";
//   - W3C: a JSON object whose "@context" names anno.jsonld, or whose
//     "type" is Annotation, AnnotationCollection or AnnotationPage;
//   - Label Studio: a JSON array whose first item has "data" and
//     "annotations" or "predictions";
//   - doccano: JSONL whose first non-empty line is an object with "text"
//     and "label", "labels" or "entities".
//
// Anything else is a *refusal.Error that says what the file seems to be.
func Detect(data []byte) (Format, error) {
	if len(data) > MaxFileSize {
		return Format{}, &refusal.Error{Msg: fmt.Sprintf("the file is %d bytes; framecheck opens files of up to %d MB", len(data), MaxFileSize>>20)}
	}
	data = bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\uFEFF")))
	if len(data) == 0 {
		return Format{}, &refusal.Error{Msg: "the file is empty"}
	}
	f, why := detect(data)
	if f == nil {
		return Format{}, &refusal.Error{Msg: why}
	}
	return *f, nil
}

// sniff returns the first format of the registry whose probe (chosen by
// probe from its sniffer) recognises top.
func sniff(top map[string]json.RawMessage, probe func(sniffer) func(map[string]json.RawMessage) bool) *Format {
	for i := range all {
		if p := probe(all[i].sniff); p != nil && p(top) {
			return &all[i]
		}
	}
	return nil
}

func objectProbe(s sniffer) func(map[string]json.RawMessage) bool { return s.object }
func lineProbe(s sniffer) func(map[string]json.RawMessage) bool   { return s.line }
func itemProbe(s sniffer) func(map[string]json.RawMessage) bool   { return s.item }

func detect(data []byte) (f *Format, why string) {
	switch data[0] {
	case '{':
		if jsonwalk.Valid(data) {
			top, ok := topMembers(data)
			if !ok {
				return nil, errUnknown
			}
			if f := sniff(top, objectProbe); f != nil {
				return f, ""
			}
			if _, ok := top["format"]; ok {
				return nil, errUnknown + `; this JSON object has a "format" that is not "framecheck"`
			}
			return nil, errUnknown + "; this is a JSON object of another kind"
		}
		// Several objects, one a line: JSONL.
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line = bytes.TrimSpace(data[:i])
		}
		var top map[string]json.RawMessage
		if err := json.Unmarshal(line, &top); err != nil {
			// A first line that ends before its value does ("{" of a
			// pretty-printed file) is no JSONL line: the file is one
			// value, so its depth is the whole file's.
			deep := line
			var se *json.SyntaxError
			if errors.As(err, &se) && se.Offset >= int64(len(line)) {
				deep = data
			}
			if e := jsonwalk.DepthError("", deep); e != nil {
				return nil, e.Error()
			}
			return nil, errUnknown + "; this file starts like JSON but is not JSON (" + strings.TrimPrefix(err.Error(), "json: ") + ")"
		}
		if f := sniff(top, lineProbe); f != nil {
			return f, ""
		}
		return nil, errUnknown + `; its first line is a JSON object without "text" and "label" or "entities"`
	case '[':
		// Only the first item matters: check the array in place rather
		// than copy a Label Studio export of megabytes into raw messages.
		if !jsonwalk.Valid(data) {
			if e := jsonwalk.DepthError("", data); e != nil {
				return nil, e.Error()
			}
			var items []json.RawMessage
			err := json.Unmarshal(data, &items) // not nil: for encoding/json's message
			return nil, errUnknown + "; this file starts like a JSON array but is not JSON (" + strings.TrimPrefix(err.Error(), "json: ") + ")"
		}
		i := jsonwalk.SkipSpace(data, 1)
		if data[i] == ']' {
			return nil, "the file is an empty JSON array: there is nothing to import"
		}
		if first, ok := topMembers(data[i:jsonwalk.ValueEnd(data, i)]); ok {
			if f := sniff(first, itemProbe); f != nil {
				return f, ""
			}
			if isW3C(first) {
				return nil, "this is an array of W3C annotations; framecheck opens a W3C AnnotationCollection or a single Annotation"
			}
		}
		return nil, errUnknown + `; this JSON array's items are not Label Studio tasks (objects with "data" and "annotations")`
	}
	return nil, errUnknown + "; this file is not JSON"
}

// topMembers splits a valid JSON object into its members, as
// json.Unmarshal into a map of raw messages would (a repeated key keeps its
// last value), but without copying the values: a framecheck file is
// megabytes of readout text and annotations, and only the top keys matter
// here.
func topMembers(data []byte) (map[string]json.RawMessage, bool) {
	o, err := jsonwalk.ParseObject("", bytes.TrimSpace(data))
	if err != nil {
		return nil, false
	}
	top := make(map[string]json.RawMessage, len(o.Members))
	for _, m := range o.Members {
		top[m.Key] = m.Val
	}
	return top, true
}

func isString(raw json.RawMessage, want string) bool {
	var s string
	return raw != nil && json.Unmarshal(raw, &s) == nil && s == want
}

// stringsOf reads a string or an array of strings (JSON-LD allows both).
func stringsOf(raw json.RawMessage) []string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []string{s}
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return nil
	}
	var out []string
	for _, x := range list {
		if json.Unmarshal(x, &s) == nil {
			out = append(out, s)
		}
	}
	return out
}

func isFramecheck(top map[string]json.RawMessage) bool {
	return isString(top["format"], "framecheck")
}

func isW3C(top map[string]json.RawMessage) bool {
	for _, c := range stringsOf(top["@context"]) {
		if strings.Contains(c, "anno.jsonld") {
			return true
		}
	}
	for _, t := range stringsOf(top["type"]) {
		switch t {
		case "Annotation", "AnnotationCollection", "AnnotationPage":
			return true
		}
	}
	return false
}

func isDoccanoLine(top map[string]json.RawMessage) bool {
	if _, ok := top["text"]; !ok {
		return false
	}
	for _, k := range []string{"label", "labels", "entities"} {
		if _, ok := top[k]; ok {
			return true
		}
	}
	return false
}

func isLabelStudioTask(first map[string]json.RawMessage) bool {
	if _, ok := first["data"]; !ok {
		return false
	}
	_, a := first["annotations"]
	_, p := first["predictions"]
	return a || p
}
