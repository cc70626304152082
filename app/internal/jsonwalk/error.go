// Package jsonwalk holds what the framecheck importers (fcjson, w3c,
// doccano, labelstudio) share to read JSON strictly and refuse it
// precisely: the *Error they all return, with the JSON path of what is
// wrong; a walker over checked JSON bytes that matches keys exactly,
// refuses duplicate keys and never recurses on the input's nesting; typed
// readers for raw values and for trees decoded with json.Decoder.UseNumber;
// syntax errors with line and column; and small checks (UTF-8, RFC 3339
// years, UUIDs) whose messages must read the same in every format.
//
// Every message here is part of the importers' behaviour: their tests
// compare refusals byte for byte, so change a message only with them.
package jsonwalk

import (
	"fmt"
	"strconv"
	"strings"
)

// Error is a refusal with the place it concerns, so the UI can show both.
// Path is a JSON path like `annotations[3].end` or `workspace.title`; it is
// empty when the whole file is concerned (empty, not JSON).
//
// fcjson.Error is this type.
type Error struct {
	Path string
	Msg  string
}

func (e *Error) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Errorf returns a refusal at path with a formatted message.
func Errorf(path, format string, args ...any) *Error {
	return &Error{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// Key extends a path with an object key: Key("first", "items") is
// "first.items", Key("", "items") is "items".
func Key(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

// Index extends a path with an array index: Index("items", 3) is
// "items[3]".
func Index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// Malformed is the refusal of bytes that are not JSON after all. The
// walker only meets it on input json.Valid did not accept; each call
// returns a new *Error, so that a caller may complete its path.
func Malformed() *Error { return &Error{Msg: "the file is not JSON"} }

// ModelError turns an error of workspace.Validate, which reads
// "path: message", into an *Error with that path; any other error becomes
// an *Error without a path.
func ModelError(err error) *Error {
	s := err.Error()
	if i := strings.Index(s, ": "); i > 0 && !strings.ContainsAny(s[:i], " \"") {
		return &Error{Path: s[:i], Msg: s[i+2:]}
	}
	return &Error{Msg: s}
}
