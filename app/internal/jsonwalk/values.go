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
	"unicode/utf16"
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
	s, ok := unquote(body)
	if !ok {
		return "", &Error{Path: path, Msg: "is not a valid JSON string"}
	}
	return s, nil
}

// unquote decodes the body of a JSON string with escapes exactly as
// encoding/json.Unmarshal does (a lone surrogate and invalid UTF-8 become
// U+FFFD), without its reflection and second scan: a readout's text is
// hundreds of kilobytes with a \n in every paragraph. FuzzStr checks it
// against encoding/json.
func unquote(body []byte) (string, bool) {
	b := make([]byte, 0, len(body)+2*utf8.UTFMax)
	for r := 0; r < len(body); {
		c := body[r]
		switch {
		case c == '\\':
			if r+1 >= len(body) {
				return "", false
			}
			switch e := body[r+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
				r += 2
			case 'b':
				b = append(b, '\b')
				r += 2
			case 'f':
				b = append(b, '\f')
				r += 2
			case 'n':
				b = append(b, '\n')
				r += 2
			case 'r':
				b = append(b, '\r')
				r += 2
			case 't':
				b = append(b, '\t')
				r += 2
			case 'u':
				rr := hex4(body[r:])
				if rr < 0 {
					return "", false
				}
				r += 6
				if utf16.IsSurrogate(rr) {
					if dec := utf16.DecodeRune(rr, hex4(body[r:])); dec != utf8.RuneError {
						r += 6
						b = utf8.AppendRune(b, dec)
						break
					}
					rr = utf8.RuneError
				}
				b = utf8.AppendRune(b, rr)
			default:
				return "", false
			}
		case c == '"' || c < ' ':
			return "", false
		case c < utf8.RuneSelf:
			// Copy the run of plain bytes up to the next escape at once.
			j := r + 1
			for j < len(body) && body[j] >= ' ' && body[j] < utf8.RuneSelf && body[j] != '\\' && body[j] != '"' {
				j++
			}
			b = append(b, body[r:j]...)
			r = j
		default:
			rr, size := utf8.DecodeRune(body[r:])
			if rr == utf8.RuneError && size == 1 {
				b = append(b, "\uFFFD"...)
			} else {
				b = append(b, body[r:r+size]...)
			}
			r += size
		}
	}
	return string(b), true
}

// hex4 reads `\uXXXX` at the start of s as a code unit, or returns -1.
func hex4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
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
	if e := DepthError("", data); e != nil {
		return e
	}
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
