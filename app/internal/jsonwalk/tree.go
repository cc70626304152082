package jsonwalk

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Readers of trees decoded by Parse (json.Decoder.UseNumber), for the
// formats whose importers decode a line or a task at a time and check
// every value with the path where it was found.

// Parse decodes one JSON value, numbers kept as json.Number. More than one
// value is an error.
func Parse(data []byte) (any, error) {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("more than one JSON value")
	}
	return v, nil
}

// KindOf names the JSON kind of a value of a tree decoded by Parse, with
// its article (as Kind does for raw values).
func KindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	}
	return "something else"
}

// MaxOffset bounds offsets: far above any readout (workspace.MaxTextLen)
// and exact in an int on every platform.
const MaxOffset = 1 << 40

// Offset reads a non-negative whole number of at most MaxOffset.
func Offset(path string, v any) (int, *Error) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, Errorf(path, "must be a whole number, not %s", KindOf(v))
	}
	f, err := strconv.ParseFloat(string(n), 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange):
		return 0, Errorf(path, "%s is not a number", Clip(string(n)))
	case math.Abs(f) > MaxOffset: // includes ±Inf
		return 0, Errorf(path, "%s is too large", Clip(string(n)))
	case f != math.Trunc(f):
		return 0, Errorf(path, "%s is not a whole number", Clip(string(n)))
	case f < 0:
		return 0, Errorf(path, "%s is negative", Clip(string(n)))
	}
	return int(f), nil
}

// OptString reads the optional string m[key] (absent or null is ""). path
// is the path of m followed by its separator ("line 3: framecheck."); the
// error path is path+key.
func OptString(path string, m map[string]any, key string) (string, *Error) {
	v, ok := m[key]
	if !ok || v == nil {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", Errorf(path+key, "must be a string, not %s", KindOf(v))
	}
	return s, nil
}

// OptTime reads the optional RFC 3339 time m[key] (see OptString for
// path) in UTC, whole seconds; absent, null or "" gives def.
func OptTime(path string, m map[string]any, key string, def time.Time) (time.Time, *Error) {
	s, err := OptString(path, m, key)
	if err != nil || s == "" {
		return def, err
	}
	t, perr := time.Parse(time.RFC3339, s)
	if perr != nil {
		return def, Errorf(path+key, "%q is not an RFC 3339 time like %q", Clip(s), "2026-07-05T07:47:00Z")
	}
	if err := CheckTime(path+key, t); err != nil {
		return def, err
	}
	return t.UTC().Truncate(time.Second), nil
}

// CheckText refuses bytes of a file that are not UTF-8 (JSON must be),
// naming the first bad byte, counted from 1.
func CheckText(path string, b []byte) *Error {
	if utf8.Valid(b) {
		return nil
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return Errorf(path, "is not UTF-8 text (byte %d); save the file as UTF-8", i+1)
		}
		i += n
	}
	return nil
}
