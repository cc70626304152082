package jsonwalk

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Readers of raw values, as the walker hands them out: a JSON value
// without surrounding white space, nil when the key is absent.

// Str reads a JSON string value; a nil v is "missing".
func Str(path string, v []byte) (string, *Error) {
	if err := Need(path, v, '"'); err != nil {
		return "", err
	}
	if len(v) < 2 {
		return "", Malformed()
	}
	body := v[1 : len(v)-1]
	if bytes.IndexByte(body, '\\') < 0 {
		return string(body), nil // checked: no control characters, valid UTF-8
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", &Error{Path: path, Msg: "is not a valid JSON string"}
	}
	return s, nil
}

// MaxInt bounds the integers Integer accepts: far above any offset a
// readout allows, and exact in a float64.
const MaxInt = 1 << 40

// Integer reads a JSON number that is a whole number, in any of the forms
// JSON Schema's "integer" accepts (12, 12.0, 1.2e1), of at most MaxInt in
// size; a nil v is "missing".
func Integer(path string, v []byte) (int, *Error) {
	if v == nil {
		return 0, &Error{Path: path, Msg: "missing"}
	}
	if c := v[0]; c != '-' && (c < '0' || c > '9') {
		return 0, Errorf(path, "must be an integer, not %s", Kind(v))
	}
	f, err := strconv.ParseFloat(string(v), 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange):
		return 0, Errorf(path, "%s is not a number", Clip(string(v)))
	case f != math.Trunc(f):
		return 0, Errorf(path, "%s is not an integer", Clip(string(v)))
	case math.Abs(f) > MaxInt: // includes ±Inf from ErrRange
		return 0, Errorf(path, "%s is too large", Clip(string(v)))
	}
	return int(f), nil
}

// Need checks that v is present ("missing" if not) and of the JSON kind
// that starts with c ('{', '[' or '"').
func Need(path string, v []byte, c byte) *Error {
	if v == nil {
		return &Error{Path: path, Msg: "missing"}
	}
	if len(v) == 0 || v[0] != c {
		return Errorf(path, "must be %s, not %s", Kind([]byte{c}), Kind(v))
	}
	return nil
}

// Kind names the JSON kind of the raw value v, with its article: "an
// object", "a number", "null", ...
func Kind(v []byte) string {
	if len(v) == 0 {
		return "nothing"
	}
	switch v[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// Clip shortens s for an error message, to 40 code points and "…".
func Clip(s string) string {
	const max = 40
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// SyntaxError describes why data is not JSON, with the line and column:
// "the file is not JSON: <reason> at line 3, column 7".
func SyntaxError(data []byte) *Error {
	var raw json.RawMessage
	err := json.Unmarshal(data, &raw)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return &Error{Msg: "the file is not JSON"}
	}
	off := int(se.Offset)
	if off > 0 && !strings.Contains(se.Error(), "unexpected end") {
		off-- // Offset counts the bytes read, including the offending one
	}
	line, col := Position(data, off)
	return &Error{Msg: fmt.Sprintf("the file is not JSON: %s at line %d, column %d", se.Error(), line, col)}
}

// Position turns a byte offset of data into a 1-based line and column; the
// column counts characters, not bytes. off is clamped to data.
func Position(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte("\n"))
	if i := bytes.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	return line, 1 + utf8.RuneCount(before)
}

// CheckUTF8 refuses a string of the model that is not valid UTF-8, so
// that it cannot be written to JSON.
func CheckUTF8(path, s string) *Error {
	if utf8.ValidString(s) {
		return nil
	}
	return &Error{Path: path, Msg: "is not valid UTF-8"}
}

// CheckTime refuses times that RFC 3339 cannot write (years outside 0-9999).
func CheckTime(path string, t time.Time) *Error {
	if y := t.UTC().Year(); y < 0 || y > 9999 {
		return Errorf(path, "year %d cannot be written in RFC 3339", y)
	}
	return nil
}
