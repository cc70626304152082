package fcjson

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"framecheck/app/internal/jsonwalk"
	"framecheck/app/textpos"
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
	if !jsonwalk.Valid(data) {
		return nil, nil, jsonwalk.SyntaxError(data)
	}
	if !utf8.Valid(data) {
		line, col := jsonwalk.Position(data, invalidUTF8(data))
		return nil, nil, &Error{Msg: fmt.Sprintf("the file is not UTF-8 text (line %d, column %d); save it as UTF-8", line, col)}
	}
	w, err := decodeFile(bytes.TrimSpace(data), opt)
	if err != nil {
		return nil, nil, err
	}
	// Notes and details get LF line breaks; the text stays byte for byte
	// (textSha256 and the offsets are over it).
	workspace.NormalizeLineBreaks(w)
	moves, cerr := check(w, opt)
	if cerr != nil {
		return nil, nil, cerr
	}
	return w, &Report{Reanchored: moves}, nil
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
	fileKeys = []string{"format", "version", "offsetUnit", "exportedAt", "workspace", "readouts", "annotations", "assignment", "submittedBy", "submittedAt"}
	asgKeys  = []string{"id", "title", "instructions", "createdAt", "student"}
	wsKeys   = []string{"id", "title", "createdAt", "updatedAt", "ratingScale", "claimReview"}
	roKeys   = []string{"id", "title", "source", "url", "publishedAt", "language", "text", "textSha256", "versions"}
	anKeys   = []string{"id", "readoutId", "tag", "start", "end", "exact", "prefix", "suffix", "note", "author", "omittedBy", "links", "createdAt", "updatedAt", "check", "anchoredTo", "orphan", "previousExact"}
	verKeys  = []string{"text", "textSha256", "addedAt", "url"}
	linkKeys = []string{"annotationId", "kind", "note"}
)

const (
	fFormat = iota
	fVersion
	fOffsetUnit
	fExportedAt
	fWorkspace
	fReadouts
	fAnnotations
	fAssignment
	fSubmittedBy
	fSubmittedAt
)

const (
	wID = iota
	wTitle
	wCreatedAt
	wUpdatedAt
	wRatingScale
	wClaimReview
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
	rVersions
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
	aLinks
	aCreatedAt
	aUpdatedAt
	aCheck
	aAnchoredTo
	aOrphan
	aPreviousExact
)

// decodeFile reads the file into a workspace, in the order of the file,
// checking types and the format's own rules; check validates the result.
func decodeFile(data []byte, opt Options) (*workspace.Workspace, *Error) {
	if data[0] != '{' {
		return nil, &Error{Msg: fmt.Sprintf("this is JSON but not a framecheck file: it holds %s, not an object", jsonwalk.Kind(data))}
	}
	top, err := jsonwalk.Fields(data, fileKeys)
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
		return nil, &Error{Path: "format", Msg: fmt.Sprintf("%s is not %q%s", jsonwalk.Clip(string(v)), formatName, notOurs)}
	default:
		if s, _ := jsonwalk.Str("format", v); s != formatName {
			return nil, &Error{Path: "format", Msg: fmt.Sprintf("%q is not %q%s", jsonwalk.Clip(s), formatName, notOurs)}
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
		return nil, &Error{Path: "offsetUnit", Msg: fmt.Sprintf("%q is not supported; framecheck counts offsets in %q", jsonwalk.Clip(unit), offsetUnit)}
	}
	d := decoder{strs: map[string]string{}, times: map[string]time.Time{}, tick: opt.Tick, texts: opt.Texts}
	if _, err := d.time("exportedAt", top[fExportedAt]); err != nil {
		return nil, err
	}
	w, err := d.workspace(top[fWorkspace])
	if err != nil {
		return nil, within("workspace", err)
	}
	if w.Readouts, err = decodeArray(top[fReadouts], "readouts", -1, "", ticking(&d, d.readout)); err != nil {
		return nil, err
	}
	d.readouts = len(w.Readouts)
	if w.Annotations, err = decodeArray(top[fAnnotations], "annotations", -1, "", ticking(&d, d.annotation)); err != nil {
		return nil, err
	}
	if err := d.assignment(w, top); err != nil {
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
	n, err := jsonwalk.Integer("version", v)
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
	tick     func() bool
	texts    *Texts
	// annFields is the fields of the annotation being read (annotation).
	annFields [][]byte
}

// Texts remembers readout texts for Options.Texts. The zero value is ready
// to use; a Texts is not safe for concurrent use. It keeps up to
// textsMaxCount texts of textsMaxBytes in all: more are read as if new.
type Texts struct {
	seen  map[string]*seenText // by the text's JSON string, as in the file
	bytes int
}

const (
	textsMaxCount = 16
	textsMaxBytes = 16 << 20
)

type seenText struct {
	text string
	sum  string // the SHA-256 of text in lowercase hex
	pos  *textpos.Text
}

// text reads a readout's text (the JSON string v) with its SHA-256 in
// lowercase hex and, when d.texts is set, its index, from d.texts when v
// was read before.
func (d *decoder) text(v []byte) (text, sum string, pos *textpos.Text, err *Error) {
	if d.texts != nil && v != nil {
		if s, ok := d.texts.seen[string(v)]; ok { // no allocation for the lookup
			return s.text, s.sum, s.pos, nil
		}
	}
	if text, err = reqString("text", v); err != nil || text == "" {
		return text, "", nil, err
	}
	h := sha256.Sum256([]byte(text))
	sum = hex.EncodeToString(h[:])
	if t := d.texts; t != nil && len(t.seen) < textsMaxCount && t.bytes+len(v)+len(text) <= textsMaxBytes {
		pos = textpos.New(text)
		if t.seen == nil {
			t.seen = map[string]*seenText{}
		}
		t.seen[string(v)] = &seenText{text, sum, pos}
		t.bytes += len(v) + len(text)
	}
	return text, sum, pos, nil
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

// errCanceled ends an import the user canceled (Options.Tick).
var errCanceled = &Error{Msg: "the import was canceled"}

// ticking calls d.tick before each item of a top-level array.
func ticking[T any](d *decoder, item func([]byte) (T, *Error)) func([]byte) (T, *Error) {
	if d.tick == nil {
		return item
	}
	return func(raw []byte) (T, *Error) {
		if !d.tick() {
			var zero T
			return zero, errCanceled
		}
		return item(raw)
	}
}

// decodeArray decodes the array v at path with item, stopping at limit
// elements (when limit >= 0) with tooMany as the message.
func decodeArray[T any](v []byte, path string, limit int, tooMany string, item func([]byte) (T, *Error)) ([]T, *Error) {
	out := []T{}
	err := jsonwalk.EachItem(path, v, func(i int, raw []byte) *Error {
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
	if err := jsonwalk.Need("", v, '{'); err != nil {
		return nil, err
	}
	f, err := jsonwalk.Fields(v, wsKeys)
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
	if f[wRatingScale] != nil {
		if w.RatingScale, err = d.ratingScale(f[wRatingScale]); err != nil {
			return nil, err
		}
	}
	if f[wClaimReview] != nil {
		if w.Publisher, err = publisher(f[wClaimReview]); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// assignment reads the optional class fields of a file: "assignment" (a
// class pack, or a student's work) and the hand-in stamp "submittedBy" and
// "submittedAt". Files without them (every file before classes) stay valid.
func (d *decoder) assignment(w *workspace.Workspace, top [][]byte) *Error {
	if v := top[fAssignment]; v != nil {
		if err := jsonwalk.Need("assignment", v, '{'); err != nil {
			return err
		}
		f, err := jsonwalk.Fields(v, asgKeys)
		if err != nil {
			return within("assignment", err)
		}
		a := &workspace.Assignment{}
		if a.ID, err = reqString("id", f[0]); err != nil {
			return within("assignment", err)
		}
		if a.Title, err = reqString("title", f[1]); err != nil {
			return within("assignment", err)
		}
		if a.Instructions, err = optString("instructions", f[2]); err != nil {
			return within("assignment", err)
		}
		if a.CreatedAt, err = d.time("createdAt", f[3]); err != nil {
			return within("assignment", err)
		}
		if a.Student, err = optString("student", f[4]); err != nil {
			return within("assignment", err)
		}
		w.Assignment = a
	}
	var err *Error
	if w.SubmittedBy, err = optString("submittedBy", top[fSubmittedBy]); err != nil {
		return err
	}
	if top[fSubmittedAt] != nil || w.SubmittedBy != "" {
		if w.SubmittedAt, err = d.time("submittedAt", top[fSubmittedAt]); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) readout(v []byte) (*workspace.Readout, *Error) {
	if err := jsonwalk.Need("", v, '{'); err != nil {
		return nil, err
	}
	f, err := jsonwalk.Fields(v, roKeys)
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
	text, textSum, pos, err := d.text(f[rText])
	if err != nil {
		return nil, err
	}
	if r.Text = text; r.Text == "" {
		return nil, &Error{Path: "text", Msg: "must not be empty"}
	}
	sum, err := reqString("textSha256", f[rTextSha256])
	if err != nil {
		return nil, err
	}
	if len(sum) != 64 || strings.Trim(sum, hexDigits) != "" {
		return nil, &Error{Path: "textSha256", Msg: fmt.Sprintf("%q is not a SHA-256 in lowercase hex (64 digits)", jsonwalk.Clip(sum))}
	}
	if textSum != sum {
		return nil, &Error{Path: "textSha256", Msg: fmt.Sprintf("the text of readout %q does not match its SHA-256: it was changed after export, so its annotations cannot be trusted", jsonwalk.Clip(r.Title))}
	}
	r.Share(pos, textSum)
	if v := f[rVersions]; v != nil {
		// Earlier texts (optional, added in version 1 without a version
		// change: files without them stay valid).
		vs, err := decodeArray(v, "versions", -1, "", d.version)
		if err != nil {
			return nil, err
		}
		if len(vs) > 0 {
			r.Versions = vs
		}
	}
	return r, nil
}

// version reads one earlier text of a readout.
func (d *decoder) version(v []byte) (*workspace.Version, *Error) {
	if err := jsonwalk.Need("", v, '{'); err != nil {
		return nil, err
	}
	f, err := jsonwalk.Fields(v, verKeys)
	if err != nil {
		return nil, err
	}
	ver := &workspace.Version{}
	if ver.Text, err = reqString("text", f[0]); err != nil {
		return nil, err
	}
	sum, err := reqString("textSha256", f[1])
	if err != nil {
		return nil, err
	}
	if workspace.TextSHA256(ver.Text) != sum {
		return nil, &Error{Path: "textSha256", Msg: "the text of this version does not match its SHA-256: it was changed after export"}
	}
	if ver.AddedAt, err = d.time("addedAt", f[2]); err != nil {
		return nil, err
	}
	if ver.URL, err = optString("url", f[3]); err != nil {
		return nil, err
	}
	return ver, nil
}

func (d *decoder) annotation(v []byte) (*workspace.Annotation, *Error) {
	if err := jsonwalk.Need("", v, '{'); err != nil {
		return nil, err
	}
	// One slice for the fields of every annotation: a file has thousands,
	// and nothing below keeps it.
	f, err := jsonwalk.FieldsInto(d.annFields, v, anKeys)
	if err != nil {
		return nil, err
	}
	d.annFields = f
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
	if v := f[aLinks]; v != nil {
		// Links (optional, added in version 1 without a version change:
		// files without them stay valid). A link names another annotation
		// once; the model checks the other end.
		links, err := decodeArray(v, "links", -1, "", d.link)
		if err != nil {
			return nil, err
		}
		if len(links) > 0 {
			// Canonical order, as the model keeps it.
			workspace.SortLinks(links)
			a.Links = links
		}
	}
	if a.CreatedAt, err = d.time("createdAt", f[aCreatedAt]); err != nil {
		return nil, err
	}
	if a.UpdatedAt, err = d.time("updatedAt", f[aUpdatedAt]); err != nil {
		return nil, err
	}
	if f[aCheck] != nil {
		if a.Check, err = d.check(f[aCheck]); err != nil {
			return nil, within("check", err)
		}
	}
	// Versions (optional, additive): which text the offsets refer to,
	// whether a new version left the annotation an orphan, and its quote
	// before a new version changed it.
	if a.AnchoredTo, err = optString("anchoredTo", f[aAnchoredTo]); err != nil {
		return nil, err
	}
	if v := f[aOrphan]; v != nil {
		switch string(v) {
		case "true":
			a.Orphan = true
		case "false":
		default:
			return nil, &Error{Path: "orphan", Msg: fmt.Sprintf("%s is not true or false", jsonwalk.Clip(string(v)))}
		}
	}
	if a.PreviousExact, err = optString("previousExact", f[aPreviousExact]); err != nil {
		return nil, err
	}
	return a, nil
}

// link reads one link of an annotation.
func (d *decoder) link(v []byte) (workspace.Link, *Error) {
	var l workspace.Link
	if err := jsonwalk.Need("", v, '{'); err != nil {
		return l, err
	}
	f, err := jsonwalk.Fields(v, linkKeys)
	if err != nil {
		return l, err
	}
	if l.AnnotationID, err = reqString("annotationId", f[0]); err != nil {
		return l, err
	}
	kind, err := reqString("kind", f[1])
	if err != nil {
		return l, err
	}
	l.Kind = workspace.LinkKind(kind)
	if l.Note, err = optString("note", f[2]); err != nil {
		return l, err
	}
	return l, nil
}

// Typed values. v is a JSON value checked by jsonwalk.Valid, without
// surrounding white space, or nil when the key is absent.

func reqString(path string, v []byte) (string, *Error) {
	if v == nil {
		return "", &Error{Path: path, Msg: "missing"}
	}
	return jsonwalk.Str(path, v)
}

func optString(path string, v []byte) (string, *Error) {
	if v == nil {
		return "", nil
	}
	return jsonwalk.Str(path, v)
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
		return time.Time{}, &Error{Path: path, Msg: fmt.Sprintf("%q is not an RFC 3339 time like %q", jsonwalk.Clip(s), "2026-07-05T07:47:00Z")}
	}
	t = t.UTC().Truncate(time.Second)
	if err := jsonwalk.CheckTime(path, t); err != nil {
		return time.Time{}, err
	}
	return t, nil
}

// offset reads a code point offset: a non-negative integer.
func offset(path string, v []byte) (int, *Error) {
	if v == nil {
		return 0, &Error{Path: path, Msg: "missing"}
	}
	n, err := jsonwalk.Integer(path, v)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, &Error{Path: path, Msg: fmt.Sprintf("%d is negative", n)}
	}
	return n, nil
}
