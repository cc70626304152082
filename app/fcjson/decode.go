package fcjson

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"framecheck/app/workspace"
)

// Decode reads a version 1 file. It checks the whole file before it returns
// anything, so the workspace it returns passes Validate and every annotation
// sits on the text it quotes; annotations come back in canonical order.
// Every refusal is an *Error that says what is wrong and where, for example
// `annotations[3].end: 912 is past the end of readout "Kremlin readout" (880
// code points)`, or a *ReanchorError (which wraps one) when the only fault
// of the file is annotations that DecodeWith could re-anchor by their
// quotes. Indexes in paths count from 0 in the order of the file.
//
// Decode is DecodeWith(data, Options{}) without the report. It never panics
// and does not keep or change data.
func Decode(data []byte) (*workspace.Workspace, error) {
	w, _, err := DecodeWith(data, Options{})
	return w, err
}

// DecodeWith is Decode with options; with Options{Reanchor: true} it moves
// the annotations Decode would refuse with a *ReanchorError to their quotes
// and lists them in the report. The report is nil exactly when the error is
// not. See the package documentation on re-anchoring.
func DecodeWith(data []byte, opt Options) (*workspace.Workspace, *Report, error) {
	if len(data) > MaxFileSize {
		return nil, nil, &Error{Msg: fmt.Sprintf("the file is %d bytes; framecheck opens files of up to %d MB (%d bytes)", len(data), MaxFileSize>>20, MaxFileSize)}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // a byte order mark some editors add
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, &Error{Msg: "the file is empty"}
	}
	if !json.Valid(data) {
		return nil, nil, syntaxError(data)
	}
	if !utf8.Valid(data) {
		line, col := position(data, invalidUTF8(data))
		return nil, nil, &Error{Msg: fmt.Sprintf("the file is not UTF-8 text (line %d, column %d); save it as UTF-8", line, col)}
	}
	w, err := decodeFile(bytes.TrimSpace(data))
	if err != nil {
		return nil, nil, err
	}
	moves, cerr := check(w, opt)
	if cerr != nil {
		return nil, nil, cerr
	}
	return w, &Report{Reanchored: moves}, nil
}

// syntaxError describes why data is not JSON, with the line and column.
func syntaxError(data []byte) *Error {
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
	line, col := position(data, off)
	return &Error{Msg: fmt.Sprintf("the file is not JSON: %s at line %d, column %d", se.Error(), line, col)}
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

// invalidUTF8 returns the offset of the first byte that is not UTF-8.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(data)
}

// decodeFile and the functions below turn checked JSON into a workspace.
// They walk the bytes themselves rather than unmarshal into structs, because
// encoding/json matches keys case-insensitively, lets a duplicate key win
// silently and reports type errors without the array index, while a
// framecheck refusal must name the exact place. Walking once is also faster
// than unmarshalling level by level.

// Keys of each object, in format order; the constants index them.
var (
	fileKeys = []string{"format", "version", "offsetUnit", "exportedAt", "workspace", "readouts", "annotations"}
	wsKeys   = []string{"id", "title", "createdAt", "updatedAt"}
	roKeys   = []string{"id", "title", "source", "url", "publishedAt", "language", "text", "textSha256"}
	anKeys   = []string{"id", "readoutId", "tag", "start", "end", "exact", "prefix", "suffix", "note", "author", "omittedBy", "createdAt", "updatedAt"}
)

const (
	fFormat = iota
	fVersion
	fOffsetUnit
	fExportedAt
	fWorkspace
	fReadouts
	fAnnotations
)

const (
	wID = iota
	wTitle
	wCreatedAt
	wUpdatedAt
)

const (
	rID = iota
	rTitle
	rSource
	rURL
	rPublishedAt
	rLanguage
	rText
	rTextSha256
)

const (
	aID = iota
	aReadoutID
	aTag
	aStart
	aEnd
	aExact
	aPrefix
	aSuffix
	aNote
	aAuthor
	aOmittedBy
	aCreatedAt
	aUpdatedAt
)

// decodeFile reads the file into a workspace, in the order of the file,
// checking types and the format's own rules; check validates the result.
func decodeFile(data []byte) (*workspace.Workspace, *Error) {
	if data[0] != '{' {
		return nil, &Error{Msg: fmt.Sprintf("this is JSON but not a framecheck file: it holds %s, not an object", kind(data))}
	}
	top, err := fields(data, fileKeys)
	if err != nil {
		return nil, err
	}
	// The header first: a file of another kind or version is refused as
	// such, not for the first field it lacks.
	notOurs := "; this is JSON but not a framecheck file"
	switch v := top[fFormat]; {
	case v == nil:
		return nil, &Error{Path: "format", Msg: "missing" + notOurs}
	case v[0] != '"':
		return nil, &Error{Path: "format", Msg: fmt.Sprintf("%s is not %q%s", clipRaw(v), formatName, notOurs)}
	default:
		if s, _ := str("format", v); s != formatName {
			return nil, &Error{Path: "format", Msg: fmt.Sprintf("%q is not %q%s", clip(s), formatName, notOurs)}
		}
	}
	if err := version(top[fVersion]); err != nil {
		return nil, err
	}
	unit, err := reqString("offsetUnit", top[fOffsetUnit])
	if err != nil {
		return nil, err
	}
	if unit != offsetUnit {
		return nil, &Error{Path: "offsetUnit", Msg: fmt.Sprintf("%q is not supported; framecheck counts offsets in %q", clip(unit), offsetUnit)}
	}
	d := decoder{strs: map[string]string{}, times: map[string]time.Time{}}
	if _, err := d.time("exportedAt", top[fExportedAt]); err != nil {
		return nil, err
	}
	w, err := d.workspace(top[fWorkspace])
	if err != nil {
		return nil, within("workspace", err)
	}
	if w.Readouts, err = decodeArray(top[fReadouts], "readouts", -1, "", d.readout); err != nil {
		return nil, err
	}
	d.readouts = len(w.Readouts)
	if w.Annotations, err = decodeArray(top[fAnnotations], "annotations", -1, "", d.annotation); err != nil {
		return nil, err
	}
	// The model's invariants and the context are checked by check, which
	// may re-anchor annotations first.
	return w, nil
}

// within puts the path of an object before the path of an error found in it.
func within(path string, e *Error) *Error {
	switch {
	case e.Path == "":
		e.Path = path
	case e.Path[0] == '[':
		e.Path = path + e.Path
	default:
		e.Path = path + "." + e.Path
	}
	return e
}

// version accepts 1 and explains anything else.
func version(v []byte) *Error {
	if v == nil {
		return &Error{Path: "version", Msg: fmt.Sprintf("missing; this framecheck reads version %d", Version)}
	}
	n, err := integer("version", v)
	if err != nil {
		return err
	}
	switch {
	case n > Version:
		return &Error{Path: "version", Msg: fmt.Sprintf("made by a newer framecheck (version %d); this one reads version %d", n, Version)}
	case n < 1:
		return &Error{Path: "version", Msg: fmt.Sprintf("%d is not a version; this framecheck reads version %d", n, Version)}
	}
	return nil
}

// decoder holds what repeats across a file: readout ids, tags and authors
// come back as one shared string each, and equal times are parsed once.
// Paths in its errors are relative to the object being decoded; within
// completes them, so that no path is built unless it is needed.
type decoder struct {
	strs     map[string]string
	times    map[string]time.Time
	readouts int // how many the file has
}

// shared reads a string that is likely to repeat.
func (d *decoder) shared(key string, v []byte) (string, *Error) {
	if v != nil && v[0] == '"' {
		if s, ok := d.strs[string(v)]; ok { // no allocation for the lookup
			return s, nil
		}
	}
	s, err := optString(key, v)
	if err == nil && len(d.strs) < 1000 {
		d.strs[string(v)] = s
	}
	return s, err
}

// decodeArray decodes the array v at path with item, stopping at limit
// elements (when limit >= 0) with tooMany as the message.
func decodeArray[T any](v []byte, path string, limit int, tooMany string, item func([]byte) (T, *Error)) ([]T, *Error) {
	out := []T{}
	err := eachItem(path, v, func(i int, raw []byte) *Error {
		if limit >= 0 && i >= limit {
			return &Error{Path: path, Msg: tooMany}
		}
		x, err := item(raw)
		if err != nil {
			return within(path+"["+strconv.Itoa(i)+"]", err)
		}
		out = append(out, x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (d *decoder) workspace(v []byte) (*workspace.Workspace, *Error) {
	if err := need("", v, '{'); err != nil {
		return nil, err
	}
	f, err := fields(v, wsKeys)
	if err != nil {
		return nil, err
	}
	w := &workspace.Workspace{}
	if w.ID, err = reqString("id", f[wID]); err != nil {
		return nil, err
	}
	if w.Title, err = reqString("title", f[wTitle]); err != nil {
		return nil, err
	}
	if w.CreatedAt, err = d.time("createdAt", f[wCreatedAt]); err != nil {
		return nil, err
	}
	if w.UpdatedAt, err = d.time("updatedAt", f[wUpdatedAt]); err != nil {
		return nil, err
	}
	return w, nil
}

func (d *decoder) readout(v []byte) (*workspace.Readout, *Error) {
	if err := need("", v, '{'); err != nil {
		return nil, err
	}
	f, err := fields(v, roKeys)
	if err != nil {
		return nil, err
	}
	r := &workspace.Readout{}
	if r.ID, err = d.shared("id", f[rID]); err != nil {
		return nil, err
	}
	if f[rID] == nil {
		return nil, &Error{Path: "id", Msg: "missing"}
	}
	if r.Title, err = reqString("title", f[rTitle]); err != nil {
		return nil, err
	}
	for _, o := range [...]struct {
		k   int
		dst *string
	}{{rSource, &r.Source}, {rURL, &r.URL}, {rPublishedAt, &r.PublishedAt}, {rLanguage, &r.Language}} {
		if *o.dst, err = optString(roKeys[o.k], f[o.k]); err != nil {
			return nil, err
		}
	}
	if r.Text, err = reqString("text", f[rText]); err != nil {
		return nil, err
	}
	if r.Text == "" {
		return nil, &Error{Path: "text", Msg: "must not be empty"}
	}
	sum, err := reqString("textSha256", f[rTextSha256])
	if err != nil {
		return nil, err
	}
	if len(sum) != 64 || strings.Trim(sum, hexDigits) != "" {
		return nil, &Error{Path: "textSha256", Msg: fmt.Sprintf("%q is not a SHA-256 in lowercase hex (64 digits)", clip(sum))}
	}
	if got := sha256.Sum256([]byte(r.Text)); hex.EncodeToString(got[:]) != sum {
		return nil, &Error{Path: "textSha256", Msg: fmt.Sprintf("the text of readout %q does not match its SHA-256: it was changed after export, so its annotations cannot be trusted", clip(r.Title))}
	}
	return r, nil
}

func (d *decoder) annotation(v []byte) (*workspace.Annotation, *Error) {
	if err := need("", v, '{'); err != nil {
		return nil, err
	}
	f, err := fields(v, anKeys)
	if err != nil {
		return nil, err
	}
	a := &workspace.Annotation{}
	if a.ID, err = reqString("id", f[aID]); err != nil {
		return nil, err
	}
	for _, o := range [...]struct {
		k   int
		dst *string
	}{{aReadoutID, &a.ReadoutID}, {aTag, (*string)(&a.Tag)}} {
		if f[o.k] == nil {
			return nil, &Error{Path: anKeys[o.k], Msg: "missing"}
		}
		if *o.dst, err = d.shared(anKeys[o.k], f[o.k]); err != nil {
			return nil, err
		}
	}
	if a.Start, err = offset("start", f[aStart]); err != nil {
		return nil, err
	}
	if a.End, err = offset("end", f[aEnd]); err != nil {
		return nil, err
	}
	if a.Exact, err = reqString("exact", f[aExact]); err != nil {
		return nil, err
	}
	for _, o := range [...]struct {
		k   int
		dst *string
	}{{aPrefix, &a.Prefix}, {aSuffix, &a.Suffix}, {aNote, &a.Note}} {
		if *o.dst, err = optString(anKeys[o.k], f[o.k]); err != nil {
			return nil, err
		}
	}
	if a.Author, err = d.shared("author", f[aAuthor]); err != nil {
		return nil, err
	}
	if v := f[aOmittedBy]; v != nil {
		// Each entry names another readout, once: a longer list is wrong
		// however it goes on, and is refused before it fills memory.
		others := max(d.readouts-1, 0)
		ids, err := decodeArray(v, "omittedBy", others, fmt.Sprintf("names more readouts than the %d other readouts of the file", others),
			func(item []byte) (string, *Error) { return d.shared("", item) })
		if err != nil {
			return nil, err
		}
		if len(ids) > 0 {
			a.OmittedBy = ids
		}
	}
	if a.CreatedAt, err = d.time("createdAt", f[aCreatedAt]); err != nil {
		return nil, err
	}
	if a.UpdatedAt, err = d.time("updatedAt", f[aUpdatedAt]); err != nil {
		return nil, err
	}
	return a, nil
}

// Typed values. v is a JSON value checked by json.Valid, without
// surrounding white space, or nil when the key is absent.

func reqString(path string, v []byte) (string, *Error) {
	if v == nil {
		return "", &Error{Path: path, Msg: "missing"}
	}
	return str(path, v)
}

func optString(path string, v []byte) (string, *Error) {
	if v == nil {
		return "", nil
	}
	return str(path, v)
}

func str(path string, v []byte) (string, *Error) {
	if err := need(path, v, '"'); err != nil {
		return "", err
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

// time reads a required time; equal times in a file are parsed once.
func (d *decoder) time(path string, v []byte) (time.Time, *Error) {
	if v != nil {
		if t, ok := d.times[string(v)]; ok {
			return t, nil
		}
	}
	t, err := reqTime(path, v)
	if err == nil && len(d.times) < 10000 {
		d.times[string(v)] = t
	}
	return t, err
}

// reqTime reads an RFC 3339 time and returns it in UTC, in whole seconds,
// as the model keeps it.
func reqTime(path string, v []byte) (time.Time, *Error) {
	s, err := reqString(path, v)
	if err != nil {
		return time.Time{}, err
	}
	t, perr := time.Parse(time.RFC3339, s)
	if perr != nil {
		return time.Time{}, &Error{Path: path, Msg: fmt.Sprintf("%q is not an RFC 3339 time like %q", clip(s), "2026-07-05T07:47:00Z")}
	}
	t = t.UTC().Truncate(time.Second)
	if err := checkTime(path, t); err != nil {
		return time.Time{}, err
	}
	return t, nil
}

// offset reads a code point offset: a non-negative integer.
func offset(path string, v []byte) (int, *Error) {
	if v == nil {
		return 0, &Error{Path: path, Msg: "missing"}
	}
	n, err := integer(path, v)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, &Error{Path: path, Msg: fmt.Sprintf("%d is negative", n)}
	}
	return n, nil
}

// maxInt bounds the integers Decode accepts: far above any offset a readout
// allows, and exact in a float64.
const maxInt = 1 << 40

// integer reads a JSON number that is a whole number, in any of the forms
// JSON Schema's "integer" accepts (12, 12.0, 1.2e1).
func integer(path string, v []byte) (int, *Error) {
	if c := v[0]; c != '-' && (c < '0' || c > '9') {
		return 0, &Error{Path: path, Msg: fmt.Sprintf("must be an integer, not %s", kind(v))}
	}
	f, err := strconv.ParseFloat(string(v), 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange):
		return 0, &Error{Path: path, Msg: fmt.Sprintf("%s is not a number", clipRaw(v))}
	case f != math.Trunc(f):
		return 0, &Error{Path: path, Msg: fmt.Sprintf("%s is not an integer", clipRaw(v))}
	case math.Abs(f) > maxInt: // includes ±Inf from ErrRange
		return 0, &Error{Path: path, Msg: fmt.Sprintf("%s is too large", clipRaw(v))}
	}
	return int(f), nil
}

// need checks that v is present and of the JSON kind that starts with c.
func need(path string, v []byte, c byte) *Error {
	if v == nil {
		return &Error{Path: path, Msg: "missing"}
	}
	if v[0] != c {
		return &Error{Path: path, Msg: fmt.Sprintf("must be %s, not %s", kind([]byte{c}), kind(v))}
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

// clipRaw shows a raw JSON value in a message.
func clipRaw(v []byte) string {
	return clip(string(v))
}

// The walker. It relies on json.Valid having accepted the whole input, but
// still checks its bounds, so that it cannot panic whatever it is given.

var errMalformed = &Error{Msg: "the file is not JSON"}

// fields splits the object v into the values of keys (nil when absent).
// Error paths are relative to the object.
// Unknown keys are skipped; a key given twice is refused.
func fields(v []byte, keys []string) ([][]byte, *Error) {
	vals := make([][]byte, len(keys))
	i := skipSpace(v, 1)
	if i < len(v) && v[i] == '}' {
		return vals, nil
	}
	for i < len(v) {
		ke := stringEnd(v, i)
		if ke < 0 {
			return nil, errMalformed
		}
		kv := v[i:ke]
		i = skipSpace(v, ke)
		if i >= len(v) || v[i] != ':' {
			return nil, errMalformed
		}
		vs := skipSpace(v, i+1)
		ve := valueEnd(v, vs)
		if ve < 0 {
			return nil, errMalformed
		}
		if k := keyIndex(kv, keys); k >= 0 {
			if vals[k] != nil {
				return nil, &Error{Path: keys[k], Msg: "appears twice in the same object"}
			}
			vals[k] = v[vs:ve]
		}
		i = skipSpace(v, ve)
		if i >= len(v) {
			return nil, errMalformed
		}
		switch v[i] {
		case ',':
			i = skipSpace(v, i+1)
		case '}':
			return vals, nil
		default:
			return nil, errMalformed
		}
	}
	return nil, errMalformed
}

// keyIndex returns the position in keys of the JSON string kv, or -1. It
// allocates nothing for a key without escapes, so that a file of many
// unknown keys costs no garbage.
func keyIndex(kv []byte, keys []string) int {
	body := kv[1 : len(kv)-1]
	if bytes.IndexByte(body, '\\') >= 0 {
		var key string
		if json.Unmarshal(kv, &key) != nil {
			return -1
		}
		body = []byte(key)
	}
	for k, name := range keys {
		if string(body) == name {
			return k
		}
	}
	return -1
}

// eachItem calls item for each element of the array v, in order, and stops
// at the first error: a long array of wrong things is refused at its first
// element, before it costs memory.
func eachItem(path string, v []byte, item func(i int, raw []byte) *Error) *Error {
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
