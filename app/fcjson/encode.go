package fcjson

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"framecheck/app/internal/jsonwalk"
	sortorder "framecheck/app/internal/order"
	"framecheck/app/internal/refusal"
	"framecheck/app/workspace"
)

// Encode writes w as a version 1 file: 2-space indented JSON with the fields
// in the documented order, annotations in canonical order (readout, start,
// end, id) and a trailing newline, so that the same workspace always gives
// the same bytes apart from exportedAt. <, > and & are written as they are:
// readout texts quote HTML and must stay readable in the file.
//
// Encode refuses (with an *Error naming the place in w) a workspace that
// Decode would refuse, so every file it writes opens again. w is not
// changed; in particular its annotation order is left alone.
//
// The JSON is written by hand rather than through encoding/json's
// reflection: exporting 10,000 annotations in the browser has to stay well
// under 100 ms. TestEncodeMatchesEncodingJSON checks the bytes against
// encoding/json.
func Encode(w *workspace.Workspace, exportedAt time.Time) ([]byte, error) {
	if err := refusal.Exportable(w); err != nil {
		return nil, err
	}
	if err := checkEncodable(w, exportedAt); err != nil {
		return nil, err
	}
	annotations := Canonical(w)
	readouts := readoutMap(w)

	b := make([]byte, 0, sizeHint(w))
	b = append(b, "{\n  \"format\": \""+formatName+"\",\n  \"version\": "+strconv.Itoa(Version)+
		",\n  \"offsetUnit\": \""+offsetUnit+"\",\n  \"exportedAt\": "...)
	b = appendTime(b, exportedAt)

	b = append(b, ",\n  \"workspace\": {\n    \"id\": "...)
	b = appendString(b, w.ID)
	b = member(b, "    ", "title", w.Title)
	b = append(b, ",\n    \"createdAt\": "...)
	b = appendTime(b, w.CreatedAt)
	b = append(b, ",\n    \"updatedAt\": "...)
	b = appendTime(b, w.UpdatedAt)
	b = appendScale(b, w)
	b = append(b, "\n  }"...)
	b = appendAssignment(b, w)
	b = append(b, ",\n  \"readouts\": ["...)

	const in = "      " // members of array elements
	for i, r := range w.Readouts {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n    {\n"+in+"\"id\": "...)
		b = appendString(b, r.ID)
		b = member(b, in, "title", r.Title)
		b = optMember(b, in, "source", r.Source)
		b = optMember(b, in, "url", r.URL)
		b = optMember(b, in, "publishedAt", r.PublishedAt)
		b = optMember(b, in, "language", r.Language)
		b = member(b, in, "text", r.Text)
		b = append(b, ",\n"+in+"\"textSha256\": \""+r.TextSum()+"\""...)
		if len(r.Versions) > 0 {
			b = append(b, ",\n"+in+"\"versions\": ["...)
			for j, v := range r.Versions {
				if j > 0 {
					b = append(b, ',')
				}
				b = append(b, "\n"+in+"  {\"text\": "...)
				b = appendString(b, v.Text)
				b = append(b, ", \"textSha256\": \""+v.Sum()+"\", \"addedAt\": "...)
				b = appendTime(b, v.AddedAt)
				if v.URL != "" {
					b = append(b, ", \"url\": "...)
					b = appendString(b, v.URL)
				}
				b = append(b, '}')
			}
			b = append(b, "\n"+in+"]"...)
		}
		b = append(b, "\n    }"...)
	}
	b = closeArray(b, len(w.Readouts))

	b = append(b, ",\n  \"annotations\": ["...)
	for i, a := range annotations {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n    {\n"+in+"\"id\": "...)
		b = appendString(b, a.ID)
		b = member(b, in, "readoutId", a.ReadoutID)
		b = member(b, in, "tag", string(a.Tag))
		b = append(b, ",\n"+in+"\"start\": "...)
		b = strconv.AppendInt(b, int64(a.Start), 10)
		b = append(b, ",\n"+in+"\"end\": "...)
		b = strconv.AppendInt(b, int64(a.End), 10)
		b = member(b, in, "exact", a.Exact)
		b = optMember(b, in, "prefix", a.Prefix)
		b = optMember(b, in, "suffix", a.Suffix)
		b = optMember(b, in, "note", a.Note)
		b = optMember(b, in, "author", a.Author)
		if len(a.OmittedBy) > 0 {
			b = append(b, ",\n"+in+"\"omittedBy\": ["...)
			for j, id := range a.OmittedBy {
				if j > 0 {
					b = append(b, ',')
				}
				b = append(b, "\n"+in+"  "...)
				b = appendString(b, id)
			}
			b = append(b, "\n"+in+"]"...)
		}
		if len(a.Links) > 0 {
			b = append(b, ",\n"+in+"\"links\": ["...)
			for j, l := range a.Links {
				if j > 0 {
					b = append(b, ',')
				}
				b = append(b, "\n"+in+"  {\"annotationId\": "...)
				b = appendString(b, l.AnnotationID)
				b = append(b, ", \"kind\": "...)
				b = appendString(b, string(l.Kind))
				if l.Note != "" {
					b = append(b, ", \"note\": "...)
					b = appendString(b, l.Note)
				}
				b = append(b, '}')
			}
			b = append(b, "\n"+in+"]"...)
		}
		b = appendCheck(b, a.Check)
		b = append(b, ",\n"+in+"\"createdAt\": "...)
		b = appendTime(b, a.CreatedAt)
		b = append(b, ",\n"+in+"\"updatedAt\": "...)
		b = appendTime(b, a.UpdatedAt)
		// anchoredTo on every annotation of a readout with versions, so
		// that the file says which text each one's offsets refer to.
		if a.Orphan {
			b = member(b, in, "anchoredTo", a.AnchoredTo)
			b = append(b, ",\n"+in+"\"orphan\": true"...)
		} else if r := readouts[a.ReadoutID]; r != nil && len(r.Versions) > 0 {
			b = member(b, in, "anchoredTo", r.TextSum())
		}
		b = optMember(b, in, "previousExact", a.PreviousExact)
		b = append(b, "\n    }"...)
	}
	b = closeArray(b, len(annotations))
	return append(b, "\n}\n"...), nil
}

// appendAssignment writes the optional class fields after the workspace
// object: "assignment" (a pack or a student's work) and the hand-in stamp
// "submittedBy" and "submittedAt".
func appendAssignment(b []byte, w *workspace.Workspace) []byte {
	if a := w.Assignment; a != nil {
		b = append(b, ",\n  \"assignment\": {\n    \"id\": "...)
		b = appendString(b, a.ID)
		b = member(b, "    ", "title", a.Title)
		b = optMember(b, "    ", "instructions", a.Instructions)
		b = append(b, ",\n    \"createdAt\": "...)
		b = appendTime(b, a.CreatedAt)
		b = optMember(b, "    ", "student", a.Student)
		b = append(b, "\n  }"...)
	}
	if w.SubmittedBy != "" {
		b = member(b, "  ", "submittedBy", w.SubmittedBy)
		b = append(b, ",\n  \"submittedAt\": "...)
		b = appendTime(b, w.SubmittedAt)
	}
	return b
}

// Canonical returns w's annotations in the order of workspace.Sort
// (readout, start, end, id), leaving w alone. The model keeps them in that
// order already, so this is usually one pass that finds them sorted. The
// other canonical exports (app/w3c) share it. w must have unique
// annotation ids (Validate) for the order to be total.
func Canonical(w *workspace.Workspace) []*workspace.Annotation {
	type keyed struct {
		readout int
		a       *workspace.Annotation
	}
	order := make(map[string]int, len(w.Readouts))
	for i, r := range w.Readouts {
		order[r.ID] = i
	}
	ks := make([]keyed, len(w.Annotations))
	for i, a := range w.Annotations {
		ks[i] = keyed{order[a.ReadoutID], a}
	}
	cmp := func(x, y keyed) int {
		if x.readout != y.readout {
			return x.readout - y.readout
		}
		if x.a.Start != y.a.Start {
			return x.a.Start - y.a.Start
		}
		if x.a.End != y.a.End {
			return x.a.End - y.a.End
		}
		return strings.Compare(x.a.ID, y.a.ID)
	}
	if !slices.IsSortedFunc(ks, cmp) {
		sortorder.Func(ks, cmp) // ids are unique (Validate), so the order is total
	}
	out := make([]*workspace.Annotation, len(ks))
	for i, k := range ks {
		out[i] = k.a
	}
	return out
}

// checkEncodable checks what the format needs beyond workspace.Validate:
// valid UTF-8 (JSON cannot carry anything else, and the text hash must be of
// the text as written), times with four-digit years, and prefix/suffix that
// are context of the text. Paths name places in w as given.
func checkEncodable(w *workspace.Workspace, exportedAt time.Time) *Error {
	if err := jsonwalk.CheckTime("exportedAt", exportedAt); err != nil {
		return err
	}
	if err := jsonwalk.CheckUTF8("workspace.title", w.Title); err != nil {
		return err
	}
	if err := jsonwalk.CheckTime("workspace.createdAt", w.CreatedAt); err != nil {
		return err
	}
	if err := jsonwalk.CheckTime("workspace.updatedAt", w.UpdatedAt); err != nil {
		return err
	}
	if a := w.Assignment; a != nil {
		for _, f := range [...]struct{ name, s string }{
			{"assignment.title", a.Title}, {"assignment.instructions", a.Instructions}, {"assignment.student", a.Student},
		} {
			if err := jsonwalk.CheckUTF8(f.name, f.s); err != nil {
				return err
			}
		}
		if err := jsonwalk.CheckTime("assignment.createdAt", a.CreatedAt); err != nil {
			return err
		}
	}
	if w.SubmittedBy != "" {
		if err := jsonwalk.CheckUTF8("submittedBy", w.SubmittedBy); err != nil {
			return err
		}
		if err := jsonwalk.CheckTime("submittedAt", w.SubmittedAt); err != nil {
			return err
		}
	}
	for i, r := range w.Readouts {
		p := "readouts[" + strconv.Itoa(i) + "]."
		for _, f := range [...]struct{ name, s string }{
			{"title", r.Title}, {"source", r.Source}, {"url", r.URL},
			{"publishedAt", r.PublishedAt}, {"language", r.Language}, {"text", r.Text},
		} {
			if err := jsonwalk.CheckUTF8(p+f.name, f.s); err != nil {
				return err
			}
		}
		for j, v := range r.Versions {
			vp := p + "versions[" + strconv.Itoa(j) + "]."
			if err := jsonwalk.CheckUTF8(vp+"text", v.Text); err != nil {
				return err
			}
			if err := jsonwalk.CheckUTF8(vp+"url", v.URL); err != nil {
				return err
			}
			if err := jsonwalk.CheckTime(vp+"addedAt", v.AddedAt); err != nil {
				return err
			}
		}
	}
	for i, r := range w.RatingScale {
		p := "workspace.ratingScale[" + strconv.Itoa(i) + "]."
		for _, f := range [...]struct{ name, s string }{{"name", r.Name}, {"symbol", r.Symbol}} {
			if err := jsonwalk.CheckUTF8(p+f.name, f.s); err != nil {
				return err
			}
		}
	}
	for _, f := range [...]struct{ name, s string }{{"publisherName", w.Publisher.Name}, {"publisherUrl", w.Publisher.URL}, {"articleUrl", w.Publisher.ArticleURL}} {
		if err := jsonwalk.CheckUTF8("workspace.claimReview."+f.name, f.s); err != nil {
			return err
		}
	}
	readouts := readoutMap(w)
	for i, a := range w.Annotations {
		// The path is built only for an error: this loop runs for every
		// annotation of every export.
		err := jsonwalk.CheckUTF8("note", a.Note)
		if err == nil {
			err = jsonwalk.CheckUTF8("author", a.Author)
		}
		if err == nil {
			err = jsonwalk.CheckTime("createdAt", a.CreatedAt)
		}
		if err == nil {
			err = jsonwalk.CheckTime("updatedAt", a.UpdatedAt)
		}
		if err == nil {
			err = jsonwalk.CheckUTF8("previousExact", a.PreviousExact)
		}
		if err == nil {
			err = checkContext("", readouts[a.ReadoutID], a)
		}
		if err == nil {
			err = checkEncodableCheck(a.Check)
		}
		if err != nil {
			err.Path = "annotations[" + strconv.Itoa(i) + "]." + err.Path
			return err
		}
	}
	return nil
}

func readoutMap(w *workspace.Workspace) map[string]*workspace.Readout {
	m := make(map[string]*workspace.Readout, len(w.Readouts))
	for _, r := range w.Readouts {
		m[r.ID] = r
	}
	return m
}

// checkContext checks that a.Prefix and a.Suffix are at most
// workspace.ContextLen code points of r's text just before a.Start and just
// after a.End. a must have passed workspace.Validate, so its offsets are in
// range. path is put before the field name.
func checkContext(path string, r *workspace.Readout, a *workspace.Annotation) *Error {
	t := r.TextOf(a) // an orphan's context is that of its version
	text := t.String()
	bs, err := t.ByteOffset(a.Start)
	be := bs + len(a.Exact) // Validate checked that Exact is the text from Start to End
	if err != nil || be > len(text) || text[bs:be] != a.Exact {
		return &Error{Path: path + "start", Msg: fmt.Sprintf("%d-%d is not a span of readout %q", a.Start, a.End, r.Title)}
	}
	if n := utf8.RuneCountInString(a.Prefix); n > workspace.ContextLen {
		return &Error{Path: path + "prefix", Msg: fmt.Sprintf("%d code points is more than the %d of context a prefix holds", n, workspace.ContextLen)}
	}
	if !utf8.ValidString(a.Prefix) || !strings.HasSuffix(text[:bs], a.Prefix) {
		return &Error{Path: path + "prefix", Msg: fmt.Sprintf("%q is not the text just before offset %d of readout %q", jsonwalk.Clip(a.Prefix), a.Start, r.Title)}
	}
	if n := utf8.RuneCountInString(a.Suffix); n > workspace.ContextLen {
		return &Error{Path: path + "suffix", Msg: fmt.Sprintf("%d code points is more than the %d of context a suffix holds", n, workspace.ContextLen)}
	}
	if !utf8.ValidString(a.Suffix) || !strings.HasPrefix(text[be:], a.Suffix) {
		return &Error{Path: path + "suffix", Msg: fmt.Sprintf("%q is not the text just after offset %d of readout %q", jsonwalk.Clip(a.Suffix), a.End, r.Title)}
	}
	return nil
}

// sizeHint estimates the length of the output, to allocate it once.
func sizeHint(w *workspace.Workspace) int {
	n := 1024
	for _, r := range w.Readouts {
		n += 512 + len(r.Title) + len(r.Source) + len(r.URL) + len(r.PublishedAt) + len(r.Language) + len(r.Text)*11/10
	}
	for _, a := range w.Annotations {
		n += 420 + len(a.Exact) + len(a.Prefix) + len(a.Suffix) + len(a.Note) + len(a.Author) + 50*len(a.OmittedBy)
	}
	return n
}

// member appends `,\n<in>"key": "value"`.
func member(b []byte, in, key, value string) []byte {
	b = append(b, ",\n"...)
	b = append(b, in...)
	b = append(b, '"')
	b = append(b, key...)
	b = append(b, "\": "...)
	return appendString(b, value)
}

// optMember is member for an optional field: nothing when value is empty.
func optMember(b []byte, in, key, value string) []byte {
	if value == "" {
		return b
	}
	return member(b, in, key, value)
}

// closeArray ends a top-level array of n objects the way MarshalIndent does:
// `[]` when empty.
func closeArray(b []byte, n int) []byte {
	if n == 0 {
		return append(b, ']')
	}
	return append(b, "\n  ]"...)
}

// appendTime appends t as a quoted UTC RFC 3339 time in whole seconds,
// like t.UTC().Format(timeLayout) but without its cost per call. The year
// must be within 0-9999 (checkTime).
func appendTime(b []byte, t time.Time) []byte {
	t = t.UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return append(b, '"',
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+mo/10), byte('0'+mo%10), '-', byte('0'+d/10), byte('0'+d%10), 'T',
		byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':',
		byte('0'+s/10), byte('0'+s%10), 'Z', '"')
}

const hexDigits = "0123456789abcdef"

// plain marks the bytes appendString copies as they are: printable ASCII
// other than " and \.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendString appends s as a JSON string, escaped exactly as encoding/json
// does with SetEscapeHTML(false): `"` and `\`, control characters (\b, \f,
// \n, \r, \t by name, others as \u00XX), U+2028 and U+2029 (which break
// JavaScript string literals) and invalid UTF-8 as \ufffd. Everything else,
// including <, > and &, is written as it is.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if plain[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		if c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			i += 2 // a valid two-byte sequence: Cyrillic, Arabic, Greek...
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// header is how every file Encode writes begins, up to the exportedAt
// time.
var header = "{\n  \"format\": \"" + formatName + "\",\n  \"version\": " + strconv.Itoa(Version) +
	",\n  \"offsetUnit\": \"" + offsetUnit + "\",\n  \"exportedAt\": "

// Restamp returns a copy of data, a file written by Encode, with its
// exportedAt replaced by exportedAt: the bytes Encode would write for the
// same workspace at that time, since exportedAt is the only part of the
// file that depends on it. The app keeps the bytes of its last save and
// exports them this way instead of encoding the workspace again. ok is
// false (and the result nil) when data does not start as Encode's output
// does or exportedAt cannot be written (see Encode).
func Restamp(data []byte, exportedAt time.Time) (out []byte, ok bool) {
	const stamp = len(`"2006-01-02T15:04:05Z"`)
	if len(data) < len(header)+stamp || string(data[:len(header)]) != header ||
		jsonwalk.CheckTime("exportedAt", exportedAt) != nil {
		return nil, false
	}
	if _, err := time.Parse(`"`+timeLayout+`"`, string(data[len(header):len(header)+stamp])); err != nil {
		return nil, false
	}
	out = make([]byte, 0, len(data))
	out = append(out, data[:len(header)]...)
	out = appendTime(out, exportedAt)
	return append(out, data[len(header)+stamp:]...), true
}
