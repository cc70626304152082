// Package formats is the registry of the file formats framecheck exports
// and imports, for the UI: what there is (All), what a file is (Detect, by
// its content, never its name), and one call to export (Export) or import
// (Import, ImportWith) in any of them.
//
//	id           export                           import
//	framecheck   <title>-<date>.framecheck.json   yes (fcjson; re-anchoring offered)
//	w3c          <title>-<date>.w3c.jsonld        yes (app/w3c)
//	doccano      <title>-<date>.doccano.jsonl     yes (app/doccano)
//	labelstudio  <title>-<date>.labelstudio.json  yes (app/labelstudio)
//	csv          <title>-<date>.csv               no  (app/csvexport, with a BOM)
//	markdown     <title>-<date>.md                no  (app/report)
//	html         <title>-<date>.html              no  (app/report)
//	claimreview  <title>-<date>.claimreview.jsonld no (app/claimreview)
//	claimreview-html <title>-<date>.claimreview.html no (app/claimreview: the snippet)
package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"framecheck/app/claimreview"
	"framecheck/app/csvexport"
	"framecheck/app/doccano"
	"framecheck/app/fcjson"
	"framecheck/app/internal/jsonwalk"
	"framecheck/app/labelstudio"
	"framecheck/app/report"
	"framecheck/app/workspace"
)

// Format describes one file format.
type Format struct {
	ID   string // stable key: "framecheck", "w3c", …
	Name string // for people
	Ext  string // file name ending, without the leading dot
	MIME string
	// Import reports whether framecheck can open files of this format.
	Import bool
}

// The format ids.
const (
	Framecheck  = "framecheck"
	W3C         = "w3c"
	Doccano     = "doccano"
	LabelStudio = "labelstudio"
	CSV         = "csv"
	Markdown    = "markdown"
	HTML        = "html"
	// ClaimReview is schema.org ClaimReview JSON-LD, one per checked
	// claim; ClaimReviewHTML the same as a snippet of script elements.
	ClaimReview     = "claimreview"
	ClaimReviewHTML = "claimreview-html"
)

var all = []Format{
	{Framecheck, "framecheck JSON", "framecheck.json", "application/json", true},
	{W3C, "W3C Web Annotation (JSON-LD)", "w3c.jsonld", `application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"`, true},
	{Doccano, "doccano JSONL", "doccano.jsonl", "application/jsonl", true},
	{LabelStudio, "Label Studio JSON", "labelstudio.json", "application/json", true},
	{CSV, "CSV (spreadsheet)", "csv", "text/csv; charset=utf-8", false},
	{Markdown, "Markdown report", "md", "text/markdown; charset=utf-8", false},
	{HTML, "HTML report", "html", "text/html; charset=utf-8", false},
	{ClaimReview, "ClaimReview (JSON-LD)", "claimreview.jsonld", "application/ld+json", false},
	{ClaimReviewHTML, "ClaimReview HTML snippet", "claimreview.html", "text/html; charset=utf-8", false},
}

// All lists the formats in menu order.
func All() []Format { return append([]Format(nil), all...) }

// ByID returns the format with id.
func ByID(id string) (Format, bool) {
	for _, f := range all {
		if f.ID == id {
			return f, true
		}
	}
	return Format{}, false
}

// MaxFileSize is the largest file Detect and Import read (50 MB).
const MaxFileSize = fcjson.MaxFileSize

// Filename is `<title>-<YYYY-MM-DD>.<ext>`, with the title made safe for
// file systems as fcjson.Filename does it.
func Filename(f Format, title string, day time.Time) string {
	name := strings.TrimSuffix(fcjson.Filename(title, day), ".framecheck.json")
	return name + "." + f.Ext
}

// Export writes w in the format id. now is the export time (the date of
// the file name, exportedAt, the report's date); pass local time for the
// user's day.
func Export(id string, w *workspace.Workspace, now time.Time) (data []byte, filename, mime string, err error) {
	return ExportWith(id, w, now, ExportOptions{})
}

// ExportOptions changes how ExportWith writes a file.
type ExportOptions struct {
	// DoccanoUnit is how a doccano file counts label offsets; the zero
	// value is UTF-16 code units, as doccano does.
	DoccanoUnit doccano.Unit
}

// ExportWith is Export with options.
func ExportWith(id string, w *workspace.Workspace, now time.Time, opt ExportOptions) (data []byte, filename, mime string, err error) {
	f, ok := ByID(id)
	if !ok {
		return nil, "", "", fmt.Errorf("formats: no format %q", id)
	}
	if w == nil {
		return nil, "", "", &fcjson.Error{Msg: "no workspace to export"}
	}
	switch id {
	case Framecheck:
		data, err = fcjson.Encode(w, now)
	case W3C:
		data, err = w3cEncode(w, now)
	case Doccano:
		data, err = doccano.EncodeWith(w, opt.DoccanoUnit)
	case LabelStudio:
		data, err = labelstudio.Encode(w)
	case CSV:
		data, err = csvexport.Encode(w, csvexport.Options{BOM: true})
	case Markdown:
		data, err = report.Markdown(w, now)
	case HTML:
		data, err = report.HTML(w, now)
	case ClaimReview, ClaimReviewHTML:
		data, err = exportClaimReview(id, w)
	}
	if err != nil {
		return nil, "", "", err
	}
	return data, Filename(f, w.Title, now), f.MIME, nil
}

// exportClaimReview writes the checked claims that can be published
// (none makes an empty list or snippet: every workspace exports in every
// format). The UI lists the claims left out, with what they lack, from
// claimreview.Build, and says so when nothing could be written.
func exportClaimReview(id string, w *workspace.Workspace) ([]byte, error) {
	if err := w.Validate(); err != nil {
		return nil, jsonwalk.ModelError(err)
	}
	res := claimreview.Build(w)
	if id == ClaimReviewHTML {
		return res.HTML()
	}
	return res.JSON()
}

// MissingSummary lists the first few claims left out of a ClaimReview
// export with what they lack.
func MissingSummary(m []claimreview.Missing) string {
	const shown = 3
	var parts []string
	for _, x := range m[:min(len(m), shown)] {
		parts = append(parts, x.String())
	}
	s := strings.Join(parts, "; ")
	if len(m) > shown {
		s += fmt.Sprintf("; and %d more", len(m)-shown)
	}
	return s
}

// Choice is one entry of the "Export as…" menu: a format, with options.
type Choice struct {
	Key     string // names the entry (data-export): the format id for its default
	Label   string // says what the entry writes, the unit of offsets included
	Format  string
	Options ExportOptions
}

// ExportChoices lists the entries of the "Export as…" menu: every format,
// and doccano once per unit, the default (UTF-16, as doccano counts) first.
func ExportChoices() []Choice {
	var out []Choice
	for _, f := range all {
		label := f.Name + " (." + f.Ext + ")"
		if f.ID != Doccano {
			out = append(out, Choice{Key: f.ID, Label: label, Format: f.ID})
			continue
		}
		for _, u := range doccano.Units() {
			c := Choice{Key: f.ID, Label: label + ", offsets in " + u.String(), Format: f.ID, Options: ExportOptions{DoccanoUnit: u}}
			switch u {
			case doccano.UTF16:
				c.Label += " as doccano counts them"
			case doccano.CodePoint:
				c.Key, c.Label = f.ID+"-codepoints", c.Label+" (for Python scripts)"
			case doccano.Grapheme:
				c.Key, c.Label = f.ID+"-graphemes", c.Label+" (for doccano's grapheme mode)"
			}
			out = append(out, c)
		}
	}
	return out
}

// ExportChoice finds an entry of ExportChoices by its key.
func ExportChoice(key string) (Choice, bool) {
	for _, c := range ExportChoices() {
		if c.Key == key {
			return c, true
		}
	}
	return Choice{}, false
}

// errUnknown is the message for a file of no known format.
const errUnknown = "framecheck cannot tell what this file is: it opens framecheck JSON, W3C Web Annotation (JSON-LD), Label Studio JSON exports and doccano JSONL"

// Detect tells the format of data by its content:
//
//   - framecheck: a JSON object with "format": "framecheck";
//   - W3C: a JSON object whose "@context" names anno.jsonld, or whose
//     "type" is Annotation, AnnotationCollection or AnnotationPage;
//   - Label Studio: a JSON array whose first item has "data" and
//     "annotations" or "predictions";
//   - doccano: JSONL whose first non-empty line is an object with "text"
//     and "label", "labels" or "entities".
//
// Anything else is an *fcjson.Error that says what the file seems to be.
func Detect(data []byte) (Format, error) {
	if len(data) > MaxFileSize {
		return Format{}, &fcjson.Error{Msg: fmt.Sprintf("the file is %d bytes; framecheck opens files of up to %d MB", len(data), MaxFileSize>>20)}
	}
	data = bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\uFEFF")))
	if len(data) == 0 {
		return Format{}, &fcjson.Error{Msg: "the file is empty"}
	}
	id, why := detect(data)
	if id == "" {
		return Format{}, &fcjson.Error{Msg: why}
	}
	f, _ := ByID(id)
	return f, nil
}

func detect(data []byte) (id, why string) {
	switch data[0] {
	case '{':
		if jsonwalk.Valid(data) {
			top, ok := topMembers(data)
			if !ok {
				return "", errUnknown
			}
			if isString(top["format"], "framecheck") {
				return Framecheck, ""
			}
			if isW3C(top) {
				return W3C, ""
			}
			if isDoccanoLine(top) {
				return Doccano, ""
			}
			if _, ok := top["format"]; ok {
				return "", errUnknown + `; this JSON object has a "format" that is not "framecheck"`
			}
			return "", errUnknown + "; this is a JSON object of another kind"
		}
		// Several objects, one a line: JSONL.
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line = bytes.TrimSpace(data[:i])
		}
		var top map[string]json.RawMessage
		if err := json.Unmarshal(line, &top); err != nil {
			// A first line that ends before its value does ("{" of a
			// pretty-printed file) is no JSONL line: the file is one
			// value, so its depth is the whole file's.
			deep := line
			var se *json.SyntaxError
			if errors.As(err, &se) && se.Offset >= int64(len(line)) {
				deep = data
			}
			if e := jsonwalk.DepthError("", deep); e != nil {
				return "", e.Error()
			}
			return "", errUnknown + "; this file starts like JSON but is not JSON (" + strings.TrimPrefix(err.Error(), "json: ") + ")"
		}
		if isDoccanoLine(top) {
			return Doccano, ""
		}
		return "", errUnknown + `; its first line is a JSON object without "text" and "label" or "entities"`
	case '[':
		// Only the first item matters: check the array in place rather
		// than copy a Label Studio export of megabytes into raw messages.
		if !jsonwalk.Valid(data) {
			if e := jsonwalk.DepthError("", data); e != nil {
				return "", e.Error()
			}
			var items []json.RawMessage
			err := json.Unmarshal(data, &items) // not nil: for encoding/json's message
			return "", errUnknown + "; this file starts like a JSON array but is not JSON (" + strings.TrimPrefix(err.Error(), "json: ") + ")"
		}
		i := jsonwalk.SkipSpace(data, 1)
		if data[i] == ']' {
			return "", "the file is an empty JSON array: there is nothing to import"
		}
		if first, ok := topMembers(data[i:jsonwalk.ValueEnd(data, i)]); ok {
			if _, ok := first["data"]; ok {
				_, a := first["annotations"]
				_, p := first["predictions"]
				if a || p {
					return LabelStudio, ""
				}
			}
			if isW3C(first) {
				return "", "this is an array of W3C annotations; framecheck opens a W3C AnnotationCollection or a single Annotation"
			}
		}
		return "", errUnknown + `; this JSON array's items are not Label Studio tasks (objects with "data" and "annotations")`
	}
	return "", errUnknown + "; this file is not JSON"
}

// topMembers splits a valid JSON object into its members, as
// json.Unmarshal into a map of raw messages would (a repeated key keeps its
// last value), but without copying the values: a framecheck file is
// megabytes of readout text and annotations, and only the top keys matter
// here.
func topMembers(data []byte) (map[string]json.RawMessage, bool) {
	o, err := jsonwalk.ParseObject("", bytes.TrimSpace(data))
	if err != nil {
		return nil, false
	}
	top := make(map[string]json.RawMessage, len(o.Members))
	for _, m := range o.Members {
		top[m.Key] = m.Val
	}
	return top, true
}

func isString(raw json.RawMessage, want string) bool {
	var s string
	return raw != nil && json.Unmarshal(raw, &s) == nil && s == want
}

// stringsOf reads a string or an array of strings (JSON-LD allows both).
func stringsOf(raw json.RawMessage) []string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []string{s}
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return nil
	}
	var out []string
	for _, x := range list {
		if json.Unmarshal(x, &s) == nil {
			out = append(out, s)
		}
	}
	return out
}

func isW3C(top map[string]json.RawMessage) bool {
	for _, c := range stringsOf(top["@context"]) {
		if strings.Contains(c, "anno.jsonld") {
			return true
		}
	}
	for _, t := range stringsOf(top["type"]) {
		switch t {
		case "Annotation", "AnnotationCollection", "AnnotationPage":
			return true
		}
	}
	return false
}

func isDoccanoLine(top map[string]json.RawMessage) bool {
	if _, ok := top["text"]; !ok {
		return false
	}
	for _, k := range []string{"label", "labels", "entities"} {
		if _, ok := top[k]; ok {
			return true
		}
	}
	return false
}

// ImportOptions changes how ImportWith reads a file.
type ImportOptions struct {
	// Now is the time of import; zero means time.Now().
	Now time.Time
	// Reanchor opens a framecheck file whose annotations can be
	// re-anchored by their quotes (see fcjson); ask the user first.
	Reanchor bool
	// DoccanoUnit and LabelStudioUnit are how those files count offsets;
	// the zero values are UTF-16 code units for doccano (as its screen
	// counts) and auto for Label Studio.
	DoccanoUnit     doccano.Unit
	LabelStudioUnit labelstudio.Unit
	// NewID makes ids for what a file does not identify (nil: random).
	NewID func() string
	// Tick, when set, is called once per item read (annotation, line,
	// task): the browser yields to the page there, shows progress, and
	// returns false to cancel the import.
	Tick func() bool
}

// Imported is the result of ImportWith.
type Imported struct {
	Workspace *workspace.Workspace
	Format    Format
	// Notes say what the import changed or left out, for the user.
	Notes []string
	// Report is fcjson's report for a framecheck file (re-anchoring).
	Report *fcjson.Report
	// Unit names the unit offsets were read in, for a doccano file (the
	// import dialog shows it and lets the user choose another).
	Unit string
}

// Import detects the format of data and decodes it. A framecheck file
// whose annotations can be re-anchored is refused with fcjson's
// *ReanchorError, unchanged, so that the UI can offer re-anchoring (then
// call ImportWith with Reanchor). Every other refusal is an *fcjson.Error.
func Import(data []byte) (*workspace.Workspace, Format, error) {
	r, f, err := importWith(data, ImportOptions{})
	if err != nil {
		return nil, f, err
	}
	return r.Workspace, r.Format, nil
}

// ImportWith is Import with options and notes.
func ImportWith(data []byte, opt ImportOptions) (*Imported, error) {
	r, _, err := importWith(data, opt)
	return r, err
}

// importWith is ImportWith that also returns the format detected when the
// import fails, so that Import need not detect it a second time.
func importWith(data []byte, opt ImportOptions) (*Imported, Format, error) {
	f, err := Detect(data)
	if err != nil {
		return nil, f, err
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	out := &Imported{Format: f}
	switch f.ID {
	case Framecheck:
		w, rep, err := fcjson.DecodeWith(data, fcjson.Options{Reanchor: opt.Reanchor, Tick: opt.Tick})
		if err != nil {
			return nil, f, err
		}
		out.Workspace, out.Report = w, rep
		if s := rep.String(); s != "" {
			out.Notes = append(out.Notes, s)
		}
	case W3C:
		w, err := w3cTick(data, nil, opt.Tick)
		if err != nil {
			return nil, f, err
		}
		out.Workspace = w
	case Doccano:
		w, info, err := doccano.Decode(data, doccano.ImportOptions{Unit: opt.DoccanoUnit, Now: opt.Now, NewID: opt.NewID, Tick: opt.Tick})
		if err != nil {
			return nil, f, err
		}
		out.Workspace, out.Notes, out.Unit = w, info.Notes, opt.DoccanoUnit.String()
	case LabelStudio:
		w, info, err := labelstudio.Decode(data, labelstudio.ImportOptions{Unit: opt.LabelStudioUnit, Now: opt.Now, NewID: opt.NewID, Tick: opt.Tick})
		if err != nil {
			return nil, f, err
		}
		out.Workspace, out.Notes = w, info.Notes
	default:
		return nil, f, errors.New("formats: cannot import " + f.Name)
	}
	return out, f, nil
}
