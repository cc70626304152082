// Package formats is the registry of the file formats framecheck exports
// and imports, for the UI: what there is (All), what a file is (Detect, by
// its content, never its name), and one call to export (Export) or import
// (Import, ImportWith) in any of them.
//
// Each format is one Format value in one table (registry.go): its name,
// file name ending and MIME type, how it is written, how a file of it is
// recognised and how it is read. Export, Detect, Import and the "Export
// as…" menu are derived from that table.
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
//
// Every refusal is a *refusal.Error (fcjson.Error is the same type), but
// for the *fcjson.ReanchorError of a framecheck file that can be
// re-anchored.
package formats

import (
	"fmt"
	"strings"
	"time"

	"framecheck/app/claimreview"
	"framecheck/app/doccano"
	"framecheck/app/fcjson"
	"framecheck/app/internal/refusal"
	"framecheck/app/labelstudio"
	"framecheck/app/workspace"
)

// Format describes one file format: what the UI shows of it, and how
// framecheck writes, recognises and reads it.
type Format struct {
	ID   string // stable key: "framecheck", "w3c", …
	Name string // for people
	Ext  string // file name ending, without the leading dot
	MIME string
	// Import reports whether framecheck can open files of this format
	// (it has a decoder; see register).
	Import bool

	// encode writes a workspace; it refuses a nil or invalid one (with
	// refusal.Exportable), as every encoder does.
	encode func(w *workspace.Workspace, now time.Time, opt ExportOptions) ([]byte, error)
	// sniff recognises a file of the format by its content; the zero
	// value recognises nothing (export-only formats).
	sniff sniffer
	// decode reads a file that sniff recognised into out; nil for the
	// formats framecheck only writes.
	decode func(data []byte, opt ImportOptions, out *Imported) error
	// choices lists the format's entries of the "Export as…" menu; nil
	// means one entry, the format with default options.
	choices func(f Format) []Choice
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

// register completes the table: a format imports exactly when it has a
// decoder, so the flag cannot disagree with the dispatch.
func register(fs ...Format) []Format {
	for i := range fs {
		fs[i].Import = fs[i].decode != nil
	}
	return fs
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
const MaxFileSize = refusal.MaxFileSize

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
	// The encoder refuses a nil workspace before w.Title is read below.
	data, err = f.encode(w, now, opt)
	if err != nil {
		return nil, "", "", err
	}
	return data, Filename(f, w.Title, now), f.MIME, nil
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

// label is what the "Export as…" menu calls f by default.
func (f Format) label() string { return f.Name + " (." + f.Ext + ")" }

// ExportChoices lists the entries of the "Export as…" menu: every format
// in table order, with the entries its choices give (doccano: one per
// unit, the default, UTF-16 as doccano counts, first).
func ExportChoices() []Choice {
	var out []Choice
	for _, f := range all {
		if f.choices == nil {
			out = append(out, Choice{Key: f.ID, Label: f.label(), Format: f.ID})
			continue
		}
		out = append(out, f.choices(f)...)
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
// call ImportWith with Reanchor). Every other refusal is a *refusal.Error.
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
	if f.decode == nil { // Detect recognises only formats that decode (TestRegistryComplete)
		return nil, f, &refusal.Error{Msg: "framecheck cannot import " + f.Name}
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	out := &Imported{Format: f}
	if err := f.decode(data, opt, out); err != nil {
		return nil, f, err
	}
	return out, f, nil
}
