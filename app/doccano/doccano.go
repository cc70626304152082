// Package doccano reads and writes doccano's JSONL for sequence labeling,
// so that framecheck annotations can be opened in doccano
// (https://github.com/doccano/doccano) and doccano projects in framecheck.
//
// # What a file holds
//
// One line per readout, in the shape doccano imports and exports for a
// sequence labeling project:
//
//	{"id": 1, "text": "…", "label": [[208, 222, "fact"], …], "framecheck": {…}}
//
// "label" lists the spans as [start, end, tag], sorted by start, end and tag
// (the order doccano itself exports). "framecheck" holds what doccano has no
// place for: the workspace (id, title, times), the readout's id, title,
// source, URL, date and language, and one entry per annotation with its id,
// tag, offsets, note, author, omittedBy, links and times. Entries are listed in
// the order of "label", then the omission points, which cannot be labels.
// doccano keeps unknown fields of an imported line as the example's
// metadata and writes them back on export, so a file that goes
// framecheck → doccano → framecheck keeps every span, tag, note and link,
// as long as the labels were not changed in doccano.
//
// What plain doccano keeps, used without the extras: only the text and the
// labels. Notes, authors, times, omittedBy, links and omission points exist only
// in "framecheck": doccano cannot show them, and a zero-width span cannot
// be a doccano label at all.
//
// # Counterpart links
//
// Links between annotations (counterparts: the same claim told in two
// readouts) travel only in the extras: each annotation entry of
// "framecheck" has "links": [{"annotationId", "kind", "note"}], on both
// ends, as in framecheck JSON. doccano's own relations ("relations" with
// from_id/to_id) join entities of one example, and a line is one readout,
// while counterparts are always in different readouts: doccano cannot show
// or hold them, and Encode writes no "relations". A round trip through
// doccano keeps every link as long as both annotations keep their labels.
//
// Decode reads links from the extras and keeps those that hold in the
// imported workspace; an entry whose other annotation is not in the file
// (its label was removed in doccano, say), that is not written back on the
// other end with the same kind and note, that joins two annotations of one
// readout or that has an unknown kind is left out, and Info says so, naming
// the first few by path ("line 2: framecheck.annotations[0].links[0]"). The
// file is not refused for them: the workspace imported always validates.
// A "links" of the wrong shape (not an array of objects with string
// "annotationId" and "kind") is refused with its path. doccano relations of
// a file in the relation shape ("entities" and "relations") are read past,
// and Info counts them.
//
// # Offsets
//
// doccano counts label offsets in UTF-16 code units (JavaScript string
// indices: see Unit for where doccano's source shows it), so Encode
// converts framecheck's code points to UTF-16 and Decode reads UTF-16 by
// default. Files made by Python scripts count code points (str indices):
// EncodeWith and ImportOptions take CodePoint for them. Projects created
// with doccano's "grapheme mode" (SequenceLabelingProject.grapheme_mode)
// count grapheme clusters: Grapheme. The extras always keep code points.
// Cluster boundaries are those of textpos (Unicode extended grapheme
// clusters); a browser's Intl.Segmenter may disagree on emoji newer than
// either. Line breaks CRLF and CR become LF, as in every framecheck readout,
// and offsets after them are moved accordingly.
//
// # Importing a plain doccano file
//
// Each line becomes a readout titled by its "title" (or "meta.title") when
// it has one, else "doccano #<id>". Labels fact, framing and omission
// (in any case) become annotations with that tag. Any other label is never
// an error and never dropped: it becomes a framing annotation (the tag that
// claims least: it says how something is put, not that it is true or
// missing) whose note starts with "label: <label>", so nothing of the file
// is lost and the fact-checker can re-tag it. Authors are empty, times are
// the time of import, ids are new.
package doccano

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"framecheck/app/internal/interchange"
	"framecheck/app/internal/refusal"
	"framecheck/app/workspace"
)

// Version of the "framecheck" extras this package writes and the newest it
// reads.
const Version = 1

// MaxFileSize is the largest file Decode reads, as for framecheck files.
const MaxFileSize = refusal.MaxFileSize

type seqLine struct {
	ID         int                `json:"id"`
	Text       string             `json:"text"`
	Label      [][]any            `json:"label"`
	Framecheck interchange.Extras `json:"framecheck"`
}

// Encode writes w as doccano JSONL, one line per readout in workspace
// order, each ending in "\n", with label offsets in UTF-16 code units, as
// doccano counts them (see Unit). The same workspace gives the same bytes.
// It refuses a workspace that does not validate. Links are written in the
// extras only (see the package documentation).
func Encode(w *workspace.Workspace) ([]byte, error) { return EncodeWith(w, UTF16) }

// EncodeWith is Encode with label offsets in unit. The extras keep code
// points, framecheck's own unit, whatever unit is.
func EncodeWith(w *workspace.Workspace, unit Unit) ([]byte, error) {
	if err := refusal.Exportable(w); err != nil {
		return nil, err
	}
	ws := interchange.NewWSExtras(w)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i, r := range w.Readouts {
		anns := w.AnnotationsOf(r.ID)
		// Spans in doccano's export order (start, end, label), then points.
		spans := slices.DeleteFunc(slices.Clone(anns), (*workspace.Annotation).IsPoint)
		slices.SortStableFunc(spans, func(a, b *workspace.Annotation) int {
			if a.Start != b.Start {
				return a.Start - b.Start
			}
			if a.End != b.End {
				return a.End - b.End
			}
			return strings.Compare(string(a.Tag), string(b.Tag))
		})
		x := interchange.NewExtras(Version, ws, r)
		for _, a := range spans {
			x.Annotations = append(x.Annotations, interchange.NewAnnExtras(a))
		}
		for _, a := range anns {
			if a.IsPoint() {
				x.Annotations = append(x.Annotations, interchange.NewAnnExtras(a))
			}
		}
		l := seqLine{ID: i + 1, Text: r.Text, Label: [][]any{}, Framecheck: x}
		off := newOffsets(r, unit)
		for _, a := range spans {
			start, err := off.of(a.Start)
			if err == nil {
				var end int
				end, err = off.of(a.End)
				if err == nil {
					l.Label = append(l.Label, []any{start, end, string(a.Tag)})
					continue
				}
			}
			return nil, &refusal.Error{Path: fmt.Sprintf("readouts[%d]", i), Msg: fmt.Sprintf("annotation %q: %v", a.Exact, err)}
		}
		err := enc.Encode(l)
		if err != nil {
			return nil, &refusal.Error{Path: fmt.Sprintf("readouts[%d]", i), Msg: err.Error()}
		}
	}
	return buf.Bytes(), nil
}
