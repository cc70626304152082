// Package labelstudio reads and writes Label Studio's JSON task format
// (https://labelstud.io), so that framecheck annotations can be reviewed in
// Label Studio and Label Studio projects opened in framecheck.
//
// # What a file holds
//
// A JSON array of tasks, one per readout:
//
//	{"id": 1,
//	 "data": {"text": "…", "title": "…", "framecheck": {…}},
//	 "annotations": [{"result": [
//	   {"id": "<annotation id>", "from_name": "label", "to_name": "text", "type": "labels",
//	    "value": {"start": 208, "end": 222, "text": "1 час 25 минут", "labels": ["fact"]}},
//	   {"id": "<annotation id>", "from_name": "note", "to_name": "text", "type": "textarea",
//	    "value": {"start": 208, "end": 222, "text": ["Both sides agree…"]}}]}]}
//
// Each span is a region whose id is the framecheck annotation id; its note
// is a per-region TextArea result with the same id (Label Studio's
// convention for perRegion="true"). Use LabelingConfig as the project's
// labeling configuration. data.framecheck holds what Label Studio has no
// place for: the workspace, the readout's id and details, and one entry
// per annotation (id, tag, offsets, note, author, omittedBy, links,
// times), omission points included: Label Studio cannot make a zero-width
// region. Label Studio keeps data fields as they are, so a file that goes
// framecheck → Label Studio → framecheck keeps every span, tag, note and
// link.
// What Label Studio itself shows and edits: text, regions with their tag,
// and notes.
//
// On import, the regions are the truth for spans and tags and the TextArea
// results for notes (so edits made in Label Studio are kept); the extras
// add ids, authors, times, omittedBy and the points. A region whose label
// is not fact, framing or omission becomes a framing annotation whose note
// starts with "label: <label>", as in package doccano: never an error,
// nothing lost. Label Studio relations and results of other kinds
// (choices, ratings…) are left out; Info says so.
//
// # Counterpart links
//
// Links between annotations (counterparts: the same claim told in two
// readouts) travel only in data.framecheck: each annotation entry has
// "links": [{"annotationId", "kind", "note"}], on both ends, as in
// framecheck JSON. Label Studio's relations ({"type": "relation",
// "from_id", "to_id"}) join regions of one task, and a task is one
// readout, while counterparts are always in different readouts: Label
// Studio cannot show or hold them, and Encode writes no relation results.
// A round trip keeps every link as long as both regions stay.
//
// Decode reads links from the extras and keeps those that hold in the
// imported workspace; an entry whose other annotation is not in the file
// (its region was deleted in Label Studio, say), that is not written back
// on the other end with the same kind and note, that joins two annotations
// of one readout or that has an unknown kind is left out, and Info says
// so, naming the first few by path
// ("[1].data.framecheck.annotations[0].links[0]"). The file is not refused
// for them: the workspace imported always validates. A "links" of the
// wrong shape (not an array of objects with string "annotationId" and
// "kind") is refused with its path.
//
// # Offsets
//
// Encode writes code points, which Label Studio's Text tag has stored
// since its frontend fix of 2022 (label-studio-frontend #308, checked by
// its "NER - Emoji - Text" tests; Python slices of the text agree).
// Earlier versions computed offsets from JavaScript string indices, which
// count UTF-16 code units: an emoji or a flag counts twice. Decode takes
// ImportOptions{Unit}: CodePoint, UTF16, or Auto (the zero value), which
// reads code points unless the regions' own "text" values show that the
// file counts UTF-16 units. With CodePoint or UTF16, a region whose text
// is not the text at its offsets is refused with a hint.
package labelstudio

import (
	"bytes"
	"encoding/json"
	"fmt"

	"framecheck/app/internal/interchange"
	"framecheck/app/internal/refusal"
	"framecheck/app/workspace"
)

// LabelingConfig is the labeling interface to create the Label Studio
// project with: a Text named "text", Labels "label" with the three tags,
// and a per-region TextArea "note".
const LabelingConfig = `<View>
  <Labels name="label" toName="text">
    <Label value="fact" background="#2563eb"/>
    <Label value="framing" background="#ea580c"/>
    <Label value="omission" background="#c026d3"/>
  </Labels>
  <Text name="text" value="$text"/>
  <TextArea name="note" toName="text" perRegion="true" editable="true" rows="3" placeholder="Note"/>
</View>
`

// Version of the "framecheck" extras this package writes and the newest it
// reads.
const Version = 1

// MaxFileSize is the largest file Decode reads, as for framecheck files.
const MaxFileSize = refusal.MaxFileSize

// Names of the labeling config's tags, as results refer to them.
const (
	labelName = "label"
	noteName  = "note"
	textName  = "text"
)

type task struct {
	ID          int          `json:"id"`
	Data        taskData     `json:"data"`
	Annotations []annotation `json:"annotations"`
}

type taskData struct {
	Text       string             `json:"text"`
	Title      string             `json:"title"`
	Framecheck interchange.Extras `json:"framecheck"`
}

type annotation struct {
	Result []any `json:"result"`
}

type regionResult struct {
	ID       string      `json:"id"`
	FromName string      `json:"from_name"`
	ToName   string      `json:"to_name"`
	Type     string      `json:"type"`
	Value    regionValue `json:"value"`
}

type regionValue struct {
	Start  int      `json:"start"`
	End    int      `json:"end"`
	Text   string   `json:"text"`
	Labels []string `json:"labels"`
}

type noteResult struct {
	ID       string    `json:"id"`
	FromName string    `json:"from_name"`
	ToName   string    `json:"to_name"`
	Type     string    `json:"type"`
	Value    noteValue `json:"value"`
}

type noteValue struct {
	Start int      `json:"start"`
	End   int      `json:"end"`
	Text  []string `json:"text"`
}

// Encode writes w as a Label Studio task list (2-space indented JSON with a
// trailing newline), one task per readout in workspace order. Offsets are
// code points. The same workspace gives the same bytes. Links are written
// in data.framecheck only (see the package documentation).
func Encode(w *workspace.Workspace) ([]byte, error) {
	if err := refusal.Exportable(w); err != nil {
		return nil, err
	}
	ws := interchange.NewWSExtras(w)
	tasks := make([]task, 0, len(w.Readouts))
	for i, r := range w.Readouts {
		x := interchange.NewExtras(Version, ws, r)
		result := []any{}
		for _, a := range w.AnnotationsOf(r.ID) {
			x.Annotations = append(x.Annotations, interchange.NewAnnExtras(a))
			if a.IsPoint() {
				continue // no zero-width regions in Label Studio
			}
			result = append(result, regionResult{ID: a.ID, FromName: labelName, ToName: textName, Type: "labels",
				Value: regionValue{Start: a.Start, End: a.End, Text: a.Exact, Labels: []string{string(a.Tag)}}})
			if a.Note != "" {
				result = append(result, noteResult{ID: a.ID, FromName: noteName, ToName: textName, Type: "textarea",
					Value: noteValue{Start: a.Start, End: a.End, Text: []string{a.Note}}})
			}
		}
		tasks = append(tasks, task{ID: i + 1, Data: taskData{Text: r.Text, Title: r.Title, Framecheck: x},
			Annotations: []annotation{{Result: result}}})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(tasks); err != nil {
		return nil, &refusal.Error{Msg: fmt.Sprintf("cannot write the tasks: %v", err)}
	}
	return buf.Bytes(), nil
}
