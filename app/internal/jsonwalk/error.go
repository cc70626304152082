// Package jsonwalk holds what the framecheck importers (fcjson, w3c,
// doccano, labelstudio) share to read JSON strictly and refuse it
// precisely: the *Error they all return (app/internal/refusal's), with the
// JSON path of what is wrong; a walker over checked JSON bytes that matches keys exactly,
// refuses duplicate keys and never recurses on the input's nesting; typed
// readers for raw values and for trees decoded with json.Decoder.UseNumber;
// syntax errors with line and column; and small checks (UTF-8, RFC 3339
// years, UUIDs) whose messages must read the same in every format.
//
// Every message here is part of the importers' behaviour: their tests
// compare refusals byte for byte, so change a message only with them.
package jsonwalk

import (
	"strconv"

	"framecheck/app/internal/refusal"
)

// Error is the refusal every format returns, with a JSON path like
// `annotations[3].end` or `workspace.title` (see app/internal/refusal).
type Error = refusal.Error

// Errorf returns a refusal at path with a formatted message.
func Errorf(path, format string, args ...any) *Error {
	return refusal.Errorf(path, format, args...)
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
