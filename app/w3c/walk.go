package w3c

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"framecheck/app/fcjson"
)

// The JSON walker. Like fcjson's decoder (whose unexported helpers these
// are adapted from: skipSpace, valueEnd, stringEnd, str, integer, kind,
// clip, syntaxError, position), it walks the checked bytes itself instead
// of unmarshalling, because encoding/json matches keys case-insensitively,
// lets a duplicate key win silently and cannot say where a wrong value is,
// while every refusal here names the exact place. It never recurses on the
// input's nesting and only runs after json.Valid has accepted the whole
// input (which bounds nesting at 10,000), yet still checks its bounds so
// that it cannot panic.

// errAt builds a refusal at path.
func errAt(path, format string, args ...any) *fcjson.Error {
	return &fcjson.Error{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// key and index extend a path: key("first", "items") is "first.items",
// index("items", 3) is "items[3]".
func key(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

var errMalformed = &fcjson.Error{Msg: "the file is not JSON"}

// member is one key of an object with its raw value (no surrounding space).
type member struct {
	key string
	val []byte
}

// object is a JSON object of the file, with its path.
type object struct {
	path string
	m    []member
}

// parseObject splits the object v (which must start with '{') into its
// members, in order.
func parseObject(path string, v []byte) (object, *fcjson.Error) {
	if err := need(path, v, '{'); err != nil {
		return object{}, err
	}
	o := object{path: path}
	i := skipSpace(v, 1)
	if i < len(v) && v[i] == '}' {
		return o, nil
	}
	for i < len(v) {
		ke := stringEnd(v, i)
		if ke < 0 {
			return object{}, errMalformed
		}
		k, err := str(path, v[i:ke])
		if err != nil {
			return object{}, err
		}
		i = skipSpace(v, ke)
		if i >= len(v) || v[i] != ':' {
			return object{}, errMalformed
		}
		vs := skipSpace(v, i+1)
		ve := valueEnd(v, vs)
		if ve < 0 {
			return object{}, errMalformed
		}
		o.m = append(o.m, member{k, v[vs:ve]})
		i = skipSpace(v, ve)
		if i >= len(v) {
			return object{}, errMalformed
		}
		switch v[i] {
		case ',':
			i = skipSpace(v, i+1)
		case '}':
			return o, nil
		default:
			return object{}, errMalformed
		}
	}
	return object{}, errMalformed
}

// get returns the value of the first of names present (names are aliases,
// like "id" and JSON-LD's "@id"), the name it was found under and its path.
// A key given twice, or under two aliases, is refused: JSON readers
// disagree about which one wins. v is nil when none is present.
func (o object) get(names ...string) (v []byte, path string, err *fcjson.Error) {
	found := ""
	for _, m := range o.m {
		for _, n := range names {
			if m.key != n {
				continue
			}
			if v != nil {
				if found == n {
					return nil, "", errAt(key(o.path, n), "appears twice in the same object")
				}
				return nil, "", errAt(key(o.path, n), "given twice, as %q and %q", found, n)
			}
			v, found = m.val, n
		}
	}
	if v == nil {
		return nil, key(o.path, names[0]), nil
	}
	return v, key(o.path, found), nil
}

// has reports whether any of names is a key of o.
func (o object) has(names ...string) bool {
	for _, m := range o.m {
		for _, n := range names {
			if m.key == n {
				return true
			}
		}
	}
	return false
}

// optString reads an optional string member.
func (o object) optString(names ...string) (string, string, *fcjson.Error) {
	v, p, err := o.get(names...)
	if err != nil || v == nil {
		return "", p, err
	}
	s, err := str(p, v)
	return s, p, err
}

// eachItem calls item for each element of the array v, in order, and stops
// at the first error.
func eachItem(path string, v []byte, item func(i int, raw []byte) *fcjson.Error) *fcjson.Error {
	if err := need(path, v, '['); err != nil {
		return err
	}
	i := skipSpace(v, 1)
	if i < len(v) && v[i] == ']' {
		return nil
	}
	for n := 0; i < len(v); n++ {
		e := valueEnd(v, i)
		if e < 0 {
			return errMalformed
		}
		if err := item(n, v[i:e]); err != nil {
			return err
		}
		i = skipSpace(v, e)
		if i >= len(v) {
			return errMalformed
		}
		switch v[i] {
		case ',':
			i = skipSpace(v, i+1)
		case ']':
			return nil
		default:
			return errMalformed
		}
	}
	return errMalformed
}

// oneOrMany calls item for v itself, or for each element when v is an
// array: JSON-LD lets a single value stand for an array of one. Paths of
// elements get their index; a single value keeps path.
func oneOrMany(path string, v []byte, item func(path string, raw []byte) *fcjson.Error) *fcjson.Error {
	if len(v) > 0 && v[0] == '[' {
		return eachItem(path, v, func(i int, raw []byte) *fcjson.Error { return item(index(path, i), raw) })
	}
	return item(path, v)
}

// strings reads a string or an array of strings.
func stringList(path string, v []byte) ([]string, *fcjson.Error) {
	var out []string
	err := oneOrMany(path, v, func(p string, raw []byte) *fcjson.Error {
		s, err := str(p, raw)
		if err == nil {
			out = append(out, s)
		}
		return err
	})
	return out, err
}

func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// valueEnd returns the offset just after the value starting at b[i], or -1.
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				e := stringEnd(b, i)
				if e < 0 {
					return -1
				}
				i = e
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return -1
	}
	for j := i; j < len(b); j++ {
		switch b[j] {
		case ',', ']', '}', ' ', '\t', '\n', '\r':
			return j
		}
	}
	return len(b)
}

// stringEnd returns the offset just after the string starting at b[i], or -1.
func stringEnd(b []byte, i int) int {
	if i >= len(b) || b[i] != '"' {
		return -1
	}
	for j := i + 1; j < len(b); {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			return -1
		}
		q := j + k
		n := 0 // backslashes just before the quote
		for p := q - 1; p > i && b[p] == '\\'; p-- {
			n++
		}
		if n%2 == 0 {
			return q + 1
		}
		j = q + 1
	}
	return -1
}

// str reads a JSON string value.
func str(path string, v []byte) (string, *fcjson.Error) {
	if err := need(path, v, '"'); err != nil {
		return "", err
	}
	if len(v) < 2 {
		return "", errMalformed
	}
	body := v[1 : len(v)-1]
	if bytes.IndexByte(body, '\\') < 0 {
		return string(body), nil // checked: no control characters, valid UTF-8
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", errAt(path, "is not a valid JSON string")
	}
	return s, nil
}

// maxInt bounds the integers Decode accepts: far above any offset a readout
// allows, and exact in a float64.
const maxInt = 1 << 40

// integer reads a JSON number that is a whole number (12, 12.0, 1.2e1).
func integer(path string, v []byte) (int, *fcjson.Error) {
	if v == nil {
		return 0, errAt(path, "missing")
	}
	if c := v[0]; c != '-' && (c < '0' || c > '9') {
		return 0, errAt(path, "must be an integer, not %s", kind(v))
	}
	f, err := strconv.ParseFloat(string(v), 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange):
		return 0, errAt(path, "%s is not a number", clip(string(v)))
	case f != math.Trunc(f):
		return 0, errAt(path, "%s is not an integer", clip(string(v)))
	case math.Abs(f) > maxInt: // includes ±Inf from ErrRange
		return 0, errAt(path, "%s is too large", clip(string(v)))
	}
	return int(f), nil
}

// need checks that v is present and of the JSON kind that starts with c.
func need(path string, v []byte, c byte) *fcjson.Error {
	if v == nil {
		return errAt(path, "missing")
	}
	if len(v) == 0 || v[0] != c {
		return errAt(path, "must be %s, not %s", kind([]byte{c}), kind(v))
	}
	return nil
}

// kind names the JSON kind of v, with its article.
func kind(v []byte) string {
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

// clip shortens s for an error message.
func clip(s string) string {
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

// syntaxError describes why data is not JSON, with the line and column.
func syntaxError(data []byte) *fcjson.Error {
	var raw json.RawMessage
	err := json.Unmarshal(data, &raw)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return &fcjson.Error{Msg: "the file is not JSON"}
	}
	off := int(se.Offset)
	if off > 0 && !strings.Contains(se.Error(), "unexpected end") {
		off-- // Offset counts the bytes read, including the offending one
	}
	line, col := position(data, off)
	return &fcjson.Error{Msg: fmt.Sprintf("the file is not JSON: %s at line %d, column %d", se.Error(), line, col)}
}

// position turns a byte offset into a 1-based line and column; the column
// counts characters, not bytes.
func position(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte("\n"))
	if i := bytes.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	return line, 1 + utf8.RuneCount(before)
}
