// Package csvexport writes a workspace's annotations as CSV, one row per
// annotation, for spreadsheets and quick counts. It is an export only:
// a CSV row cannot carry the readout texts the offsets refer to.
//
// Columns, after a header row: readout (title), tag, start, end (code
// points, end exclusive), quote (the exact text; empty for an omission
// point), note, author, omitted by (the titles of the readouts that leave
// the passage out, joined with "; "), created (UTC, RFC 3339). Rows come in
// the canonical order of the workspace (readout, start, end, id).
// Then the check, when the annotation has one: verdict (the rating's
// name), claim, claimant, and sources (each "title <url>", or just one of
// them, joined with "; "); empty cells otherwise.
//
// The file follows RFC 4180: fields that hold a comma, a quote or a line
// break are quoted, quotes are doubled, lines end in CRLF (line breaks
// inside a note become CRLF too, which spreadsheets read as one line
// break). Options{BOM: true} starts the file with a UTF-8 byte order mark,
// without which Excel reads UTF-8 as a legacy code page and garbles
// Cyrillic and Arabic.
//
// # Formula injection
//
// Spreadsheet programs run a cell that starts with =, +, -, @ (and, in
// some, tab or carriage return) as a formula, so a readout quoting
// `=HYPERLINK("http://evil.example","click")` could act when the CSV is
// opened. Every text cell (title, quote, note, author, omitted by) that
// starts with one of those characters gets a leading apostrophe ('), the
// defence OWASP recommends: spreadsheets then show it as text. The
// apostrophe is visible in some programs; that is the price of safety, and
// only the CSV cell is changed: the framecheck JSON export keeps the quote
// exactly. Numbers (start, end) and times are written by this package and
// never start with those characters.
package csvexport

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"framecheck/app/internal/refusal"
	"framecheck/app/workspace"
)

// Options changes the file.
type Options struct {
	// BOM starts the file with a UTF-8 byte order mark (EF BB BF), for
	// spreadsheet programs.
	BOM bool
}

// Header is the first row.
var Header = []string{"readout", "tag", "start", "end", "quote", "note", "author", "omitted by", "created",
	"verdict", "claim", "claimant", "sources"}

// Encode writes the annotations of w as CSV. It refuses a workspace that
// does not validate.
func Encode(w *workspace.Workspace, opt Options) ([]byte, error) {
	if err := refusal.Exportable(w); err != nil {
		return nil, err
	}
	titles := make(map[string]string, len(w.Readouts))
	for _, r := range w.Readouts {
		titles[r.ID] = r.Title
	}
	sorted := &workspace.Workspace{Readouts: w.Readouts, Annotations: append([]*workspace.Annotation(nil), w.Annotations...)}
	sorted.Sort()

	var buf bytes.Buffer
	if opt.BOM {
		buf.WriteString("\uFEFF")
	}
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	if err := cw.Write(Header); err != nil {
		return nil, err
	}
	for _, a := range sorted.Annotations {
		omitted := make([]string, len(a.OmittedBy))
		for i, id := range a.OmittedBy {
			omitted[i] = titles[id]
		}
		row := []string{
			Defuse(titles[a.ReadoutID]), string(a.Tag), strconv.Itoa(a.Start), strconv.Itoa(a.End),
			Defuse(a.Exact), Defuse(a.Note), Defuse(a.Author), Defuse(strings.Join(omitted, "; ")),
			a.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"),
		}
		row = append(row, checkCells(w, a.Check)...)
		if err := cw.Write(row); err != nil {
			return nil, fmt.Errorf("csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	return buf.Bytes(), nil
}

// checkCells are the check columns of one row.
func checkCells(w *workspace.Workspace, c *workspace.Check) []string {
	if c == nil {
		return []string{"", "", "", ""}
	}
	verdict := ""
	if r, ok := w.Scale().Rating(c.Verdict); ok {
		verdict = r.Name
	}
	var sources []string
	for _, e := range c.Evidence {
		switch {
		case e.URL == "":
			sources = append(sources, e.Title)
		case e.Title == "":
			sources = append(sources, e.URL)
		default:
			sources = append(sources, e.Title+" <"+e.URL+">")
		}
	}
	return []string{Defuse(verdict), Defuse(c.Claim), Defuse(c.Claimant), Defuse(strings.Join(sources, "; "))}
}

// Defuse returns s with a leading apostrophe if a spreadsheet would take it
// for a formula: when it starts with =, +, -, @, tab or carriage return.
func Defuse(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
