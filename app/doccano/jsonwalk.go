package doccano

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"framecheck/app/fcjson"
	"framecheck/app/textpos"
	"framecheck/app/workspace"
)

// This file holds the small JSON and text helpers of the importer. They
// work on trees decoded with json.Decoder.UseNumber, so that every value
// can be checked with the path where it was found.

// errAt returns a refusal at path.
func errAt(path, format string, args ...any) *fcjson.Error {
	return &fcjson.Error{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// kind names the JSON kind of v, with its article.
func kind(v any) string {
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

// parseJSON decodes one JSON value, numbers kept as json.Number.
func parseJSON(data []byte) (any, error) {
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

// maxOffset bounds offsets: far above any readout (workspace.MaxTextLen)
// and exact in an int on every platform.
const maxOffset = 1 << 40

// offsetValue reads a non-negative whole number.
func offsetValue(path string, v any) (int, *fcjson.Error) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, errAt(path, "must be a whole number, not %s", kind(v))
	}
	f, err := strconv.ParseFloat(string(n), 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange):
		return 0, errAt(path, "%s is not a number", clip(string(n)))
	case math.Abs(f) > maxOffset: // includes ±Inf
		return 0, errAt(path, "%s is too large", clip(string(n)))
	case f != math.Trunc(f):
		return 0, errAt(path, "%s is not a whole number", clip(string(n)))
	case f < 0:
		return 0, errAt(path, "%s is negative", clip(string(n)))
	}
	return int(f), nil
}

// optString reads an optional string (absent or null is "").
func optString(path string, m map[string]any, key string) (string, *fcjson.Error) {
	v, ok := m[key]
	if !ok || v == nil {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", errAt(path+key, "must be a string, not %s", kind(v))
	}
	return s, nil
}

// optTime reads an optional RFC 3339 time; absent gives def.
func optTime(path string, m map[string]any, key string, def time.Time) (time.Time, *fcjson.Error) {
	s, err := optString(path, m, key)
	if err != nil || s == "" {
		return def, err
	}
	t, perr := time.Parse(time.RFC3339, s)
	if perr != nil {
		return def, errAt(path+key, "%q is not an RFC 3339 time like %q", clip(s), "2026-07-05T07:47:00Z")
	}
	if y := t.UTC().Year(); y < 0 || y > 9999 {
		return def, errAt(path+key, "year %d cannot be written in RFC 3339", y)
	}
	return t.UTC().Truncate(time.Second), nil
}

// timeString writes t as framecheck does: UTC RFC 3339, whole seconds.
func timeString(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hex = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hex[c>>4], hex[c&0xf])
	}
	return string(out)
}

// isUUID reports whether s is a UUID in the canonical 36-character form.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
		default:
			return false
		}
	}
	return true
}

// clip shortens s for a message.
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

// lineText is a text as found in a file and as the model keeps it: line
// breaks normalised to LF. Offsets of the file (counted in the original,
// in the file's unit) are turned into code points of the normalised text.
type lineText struct {
	orig *textpos.Text
	text string // normalised
	// dropped lists, in order, the code point offsets in orig of the LFs
	// that followed a CR and were dropped with it.
	dropped []int
	// graphemes[i] is the code point offset of the i-th grapheme cluster
	// boundary of orig; built on first use.
	graphemes []int
}

func newLineText(s string) *lineText {
	lt := &lineText{orig: textpos.New(s), text: textpos.NormalizeNewlines(s)}
	if strings.IndexByte(s, '\r') >= 0 {
		cp, prevCR := 0, false
		for _, r := range s {
			if r == '\n' && prevCR {
				lt.dropped = append(lt.dropped, cp)
			}
			prevCR = r == '\r'
			cp++
		}
	}
	return lt
}

// normalise maps a code point offset of the original text to one of the
// normalised text. An offset between a CR and its LF lands after them.
func (lt *lineText) normalise(cp int) int {
	n, _ := slices.BinarySearch(lt.dropped, cp)
	return cp - n
}

// Unit is how a file counts offsets.
type Unit int

const (
	// CodePoint counts Unicode code points: Python str indices, doccano's
	// default.
	CodePoint Unit = iota
	// Grapheme counts extended grapheme clusters (user-perceived
	// characters), as doccano's "grapheme mode" projects do.
	Grapheme
)

func (u Unit) String() string {
	if u == Grapheme {
		return "grapheme clusters"
	}
	return "code points"
}

// toCodePoint converts an offset of the file (in unit, in the original
// text) to a code point offset of the normalised text.
func (lt *lineText) toCodePoint(unit Unit, off int) (int, bool) {
	switch unit {
	case Grapheme:
		if lt.graphemes == nil {
			n := lt.orig.Len()
			lt.graphemes = make([]int, 0, n+1)
			for cp := 0; cp <= n; cp++ {
				if lt.orig.IsBoundary(cp) {
					lt.graphemes = append(lt.graphemes, cp)
				}
			}
		}
		if off < 0 || off >= len(lt.graphemes) {
			return 0, false
		}
		return lt.normalise(lt.graphemes[off]), true
	default:
		if off < 0 || off > lt.orig.Len() {
			return 0, false
		}
		return lt.normalise(off), true
	}
}

// length is the length of the original text in unit.
func (lt *lineText) length(unit Unit) int {
	if unit == Grapheme {
		lt.toCodePoint(Grapheme, 0)
		return len(lt.graphemes) - 1
	}
	return lt.orig.Len()
}

// quote fills the exact text and the context of a from the readout.
func quote(r *workspace.Readout, a *workspace.Annotation) error {
	p, e, s, err := r.Positions().Quote(a.Start, a.End, workspace.ContextLen)
	a.Prefix, a.Exact, a.Suffix = p, e, s
	return err
}

// checkUTF8 refuses a line that is not UTF-8 (JSON must be).
func checkUTF8(path string, b []byte) *fcjson.Error {
	if utf8.Valid(b) {
		return nil
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return errAt(path, "is not UTF-8 text (byte %d); save the file as UTF-8", i+1)
		}
		i += n
	}
	return nil
}
