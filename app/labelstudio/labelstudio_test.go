package labelstudio

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"strings"
	"testing"

	"framecheck/app/fcjson"
	"framecheck/app/internal/fixture"
	"framecheck/app/internal/refusal"
	"framecheck/app/workspace"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	fixture.Golden(t, "testdata/"+name, got, *update)
}

func fc(t *testing.T, w *workspace.Workspace) string {
	t.Helper()
	b, err := fcjson.Encode(w, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestGolden(t *testing.T) {
	got, err := Encode(fixture.Workspace(t))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "fixture.labelstudio.json", got)
	golden(t, "labeling-config.xml", []byte(LabelingConfig))
}

// framecheck → Label Studio → framecheck keeps everything (extras carry
// what Label Studio cannot: authors, times, omittedBy, points, details).
func TestRoundTrip(t *testing.T) {
	w := fixture.Workspace(t)
	data, err := Encode(w)
	if err != nil {
		t.Fatal(err)
	}
	got, info, err := Decode(data, ImportOptions{Now: fixture.T0.AddDate(0, 0, 1), NewID: fixture.SeqIDs()})
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Notes) != 0 || info.Unit != CodePoint {
		t.Errorf("info: %+v", info)
	}
	if a, b := fc(t, w), fc(t, got); a != b {
		t.Errorf("round trip differs:\n%s\nvs\n%s", a, b)
	}
}

// Without the extras (a task list made in Label Studio from the text and
// the regions), spans, tags, notes and ids survive: region ids are the
// annotation ids and notes are per-region text areas. Authors, times,
// omittedBy, readout details and omission points cannot be carried.
func TestPlainKeepsSpansTagsNotes(t *testing.T) {
	w := fixture.Workspace(t)
	data, _ := Encode(w)
	var tasks []map[string]any
	json.Unmarshal(data, &tasks)
	for _, tk := range tasks {
		delete(tk["data"].(map[string]any), "framecheck")
	}
	plain, _ := json.Marshal(tasks)
	got, _, err := Decode(plain, ImportOptions{Now: fixture.T0, NewID: fixture.SeqIDs()})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range w.Annotations {
		if a.IsPoint() {
			continue
		}
		n++
		b := got.Annotation(a.ID)
		if b == nil || b.Tag != a.Tag || b.Start != a.Start || b.End != a.End || b.Note != a.Note || b.Exact != a.Exact {
			t.Errorf("%s: %+v, want %+v", a.ID, b, a)
		}
	}
	if len(got.Annotations) != n {
		t.Errorf("%d annotations, want %d spans", len(got.Annotations), n)
	}
	if got.Readouts[1].Title != w.Readouts[1].Title { // data.title
		t.Errorf("title %q", got.Readouts[1].Title)
	}
}

// Offsets in UTF-16 code units (Label Studio before 1.6, or JavaScript):
// Auto notices from the regions' texts; UTF16 converts; CodePoint refuses
// with a hint.
func TestUTF16(t *testing.T) {
	text := "🇷🇺 Кремль 👩🏽‍💻 said: «нет»."
	// UTF-16: flag 4 units, space, Кремль 6..12, space, woman-laptop-tone 13..20 (7 units), ...
	in := `[{"id": 5, "data": {"text": "` + text + `"}, "annotations": [{"result": [
		{"id": "r1", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 5, "end": 11, "text": "Кремль", "labels": ["Fact"]}},
		{"id": "r2", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 12, "end": 19, "text": "👩🏽‍💻", "labels": ["framing"]}},
		{"id": "r2", "from_name": "note", "to_name": "text", "type": "textarea", "value": {"start": 12, "end": 19, "text": ["a note", "second"]}},
		{"id": "r3", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 27, "end": 30, "text": "нет", "labels": ["PERSON"]}},
		{"from_id": "r1", "to_id": "r2", "type": "relation", "direction": "right", "labels": []},
		{"id": "c", "from_name": "x", "to_name": "text", "type": "choices", "value": {"choices": ["a"]}}
	]}]}]`
	check := func(w *workspace.Workspace) {
		t.Helper()
		var got []string
		for _, a := range w.Annotations {
			got = append(got, string(a.Tag)+":"+a.Exact+":"+a.Note)
		}
		want := "fact:Кремль:|framing:👩🏽‍💻:a note\nsecond|framing:нет:label: PERSON"
		if strings.Join(got, "|") != want {
			t.Errorf("got %q", strings.Join(got, "|"))
		}
		if w.Readouts[0].Title != "Label Studio task #5" {
			t.Errorf("title %q", w.Readouts[0].Title)
		}
	}
	w, info, err := Decode([]byte(in), ImportOptions{Now: fixture.T0, NewID: fixture.SeqIDs()})
	if err != nil {
		t.Fatal(err)
	}
	check(w)
	s := info.String()
	for _, want := range []string{"count UTF-16 code units", `1 region labels are not fact`, "1 relations were left out", `1 results of other kinds ("choices")`} {
		if !strings.Contains(s, want) {
			t.Errorf("info %q lacks %q", s, want)
		}
	}
	w, _, err = Decode([]byte(in), ImportOptions{Unit: UTF16, Now: fixture.T0, NewID: fixture.SeqIDs()})
	if err != nil {
		t.Fatal(err)
	}
	check(w)
	_, _, err = Decode([]byte(in), ImportOptions{Unit: CodePoint})
	if err == nil || !strings.Contains(err.Error(), `[0].annotations[0].result[0].value.text: "Кремль" is not the text at 5-11 ("емль 👩") counted in code points; if the file counts UTF-16 code units`) {
		t.Errorf("err = %v", err)
	}
	// In the middle of a surrogate pair.
	bad := `[{"data": {"text": "🇷🇺 x"}, "annotations": [{"result": [{"id": "a", "type": "labels", "value": {"start": 1, "end": 6, "labels": ["fact"]}}]}]}]`
	if _, _, err := Decode([]byte(bad), ImportOptions{Unit: UTF16}); err == nil || !strings.Contains(err.Error(), "cuts a character in two") {
		t.Errorf("err = %v", err)
	}
}

// Cyrillic and Arabic are in the Basic Multilingual Plane: both units agree.
func TestUnitsAgreeOnBMP(t *testing.T) {
	in := `[{"data": {"text": "Беседа: المُحادَثة"}, "annotations": [{"result": [{"id": "a", "type": "labels", "value": {"start": 8, "end": 18, "text": "المُحادَثة", "labels": ["fact"]}}]}]}]`
	for _, u := range []Unit{Auto, CodePoint, UTF16} {
		w, _, err := Decode([]byte(in), ImportOptions{Unit: u})
		if err != nil || w.Annotations[0].Exact != "المُحادَثة" {
			t.Errorf("%v: %v", u, err)
		}
	}
}

// Counterpart links travel in data.framecheck of both tasks (Label Studio
// relations cannot join two tasks), on both ends, and come back as they
// were, also through Label Studio's own export (here: keys re-sorted,
// HTML escaped, task ids changed, a relation between two regions of one
// task added, which is left out with a note).
func TestLinksInExtras(t *testing.T) {
	w := fixture.Workspace(t)
	data, err := Encode(w)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(`"relation"`)) {
		t.Error("links written as Label Studio relations")
	}
	var tasks []map[string]any
	if err := json.Unmarshal(data, &tasks); err != nil {
		t.Fatal(err)
	}
	ends := 0
	for _, p := range fixture.LinkedPairs {
		for _, end := range [][2]int{{p.A, p.B}, {p.B, p.A}} {
			a := w.Annotation(fixture.AnnID(end[0]))
			x := tasks[w.ReadoutIndex(a.ReadoutID)]["data"].(map[string]any)["framecheck"].(map[string]any)
			found := false
			for _, e := range x["annotations"].([]any) {
				e := e.(map[string]any)
				if e["id"] != a.ID {
					continue
				}
				for _, l := range e["links"].([]any) {
					l := l.(map[string]any)
					note, _ := l["note"].(string)
					if l["annotationId"] == fixture.AnnID(end[1]) && l["kind"] == "counterpart" && note == p.Note {
						found = true
					}
				}
			}
			if !found {
				t.Errorf("task of %d lacks the link to %d", end[0], end[1])
			}
			ends++
		}
	}
	if n := bytes.Count(data, []byte(`"kind": "counterpart"`)); n != ends {
		t.Errorf("%d link entries, want %d", n, ends)
	}
	for i, tk := range tasks {
		tk["id"] = 40 + i
	}
	res := tasks[0]["annotations"].([]any)[0].(map[string]any)
	res["result"] = append(res["result"].([]any), map[string]any{"from_id": fixture.AnnID(4), "to_id": fixture.AnnID(5), "type": "relation", "direction": "right"})
	again, _ := json.Marshal(tasks)
	got, info, err := Decode(again, ImportOptions{Now: fixture.T0, NewID: fixture.SeqIDs()})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := fc(t, w), fc(t, got); a != b {
		t.Errorf("round trip differs:\n%s", b)
	}
	if s := info.String(); len(info.Notes) != 1 || !strings.Contains(s, "1 relations were left out: Label Studio relations join regions of one task") {
		t.Errorf("info %q", s)
	}
}

// Broken links in the extras (edited by hand, or a region deleted in Label
// Studio) never break the import: the entries are left out, both ends,
// and Info names them by path; the workspace validates. Links of the
// wrong shape are refused with their path.
func TestLinksBroken(t *testing.T) {
	w := fixture.Workspace(t)
	data, _ := Encode(w)
	var tasks []map[string]any
	json.Unmarshal(data, &tasks)
	// The hostile framing of the White House (annotation 9, linked to 1)
	// deleted in Label Studio: region and note.
	res := tasks[2]["annotations"].([]any)[0].(map[string]any)
	var kept []any
	for _, r := range res["result"].([]any) {
		if r.(map[string]any)["id"] != fixture.AnnID(9) {
			kept = append(kept, r)
		}
	}
	res["result"] = kept
	// Annotation 10 names an annotation that is in no task.
	entries := tasks[2]["data"].(map[string]any)["framecheck"].(map[string]any)["annotations"].([]any)
	e10 := entries[1].(map[string]any)
	if e10["id"] != fixture.AnnID(10) {
		t.Fatalf("fixture changed: %v", e10["id"])
	}
	e10["links"] = append(e10["links"].([]any), map[string]any{"annotationId": "a1000000-0000-4000-8000-000000000099", "kind": "counterpart"})
	broken, _ := json.Marshal(tasks)
	got, info, err := Decode(broken, ImportOptions{Now: fixture.T0, NewID: fixture.SeqIDs()})
	if err != nil {
		t.Fatal(err)
	}
	if err := got.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, ok := got.Annotation(fixture.AnnID(1)).LinkTo(fixture.AnnID(9)); ok || got.Annotation(fixture.AnnID(9)) != nil {
		t.Error("link to a deleted region kept")
	}
	if l, ok := got.Annotation(fixture.AnnID(10)).LinkTo(fixture.AnnID(7)); !ok || l.Note != "=1+1\nsecond line" {
		t.Error("a sound link was lost with a broken one")
	}
	s := info.String()
	for _, want := range []string{
		"1 annotations of the framecheck extras no longer have their region",
		"2 counterpart link entries of the framecheck extras were left out",
		`[0].data.framecheck.annotations[2].links[0]: annotation "` + fixture.AnnID(9) + `" is not in the file`,
		`[2].data.framecheck.annotations[1].links[1]: annotation "a1000000-0000-4000-8000-000000000099" is not in the file`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("info %q lacks %q", s, want)
		}
	}
	for in, want := range map[string]string{
		`{}`:                                 "[0].data.framecheck.annotations[0].links: must be an array of links {annotationId, kind, note}, not an object",
		`[[]]`:                               "[0].data.framecheck.annotations[0].links[0]: must be an object {annotationId, kind, note}, not an array",
		`[{"annotationId": "x", "kind": 1}]`: "[0].data.framecheck.annotations[0].links[0].kind: must be a string, not a number",
	} {
		in := `[{"data": {"text": "abc", "framecheck": {"annotations": [{"tag": "omission", "start": 1, "end": 1, "links": ` + in + `}]}}}]`
		w, _, err := Decode([]byte(in), ImportOptions{})
		var fe *refusal.Error
		if w != nil || !errors.As(err, &fe) || err.Error() != want {
			t.Errorf("%s: %v, want %q", in, err, want)
		}
	}
}

func TestHostile(t *testing.T) {
	task := func(result string) string {
		return `[{"data": {"text": "abc"}, "annotations": [{"result": [` + result + `]}]}]`
	}
	big := bytes.Repeat([]byte(" "), MaxFileSize+1)
	for _, c := range []struct{ name, in, want string }{
		{"empty", " ", "the file is empty"},
		{"not json", "[1,", "the file is not JSON"},
		{"number", "12", "a Label Studio export is a JSON array of tasks, not a number"},
		{"no tasks", "[]", "the file has no tasks"},
		{"task string", `["x"]`, `[0]: must be a task object`},
		{"no data", `[{"annotations": []}]`, `[0].data: missing`},
		{"no text", `[{"data": {"image": "x.png"}}]`, `[0].data.text: missing`},
		{"text array", `[{"data": {"text": ["a"]}}]`, `[0].data.text: must be a string, not an array`},
		{"annotations object", `[{"data": {"text": "abc"}, "annotations": {}}]`, `[0].annotations: must be an array, not an object`},
		{"past end", task(`{"id": "a", "type": "labels", "value": {"start": 0, "end": 9, "labels": ["fact"]}}`), `[0].annotations[0].result[0].value.end: 9 is past the end of the text (3 code points)`},
		{"reversed", task(`{"id": "a", "type": "labels", "value": {"start": 2, "end": 1, "labels": ["fact"]}}`), `[0].annotations[0].result[0].value.end: 1 is before start 2`},
		{"fraction", task(`{"id": "a", "type": "labels", "value": {"start": 0.5, "end": 1, "labels": ["fact"]}}`), `value.start: 0.5 is not a whole number`},
		{"huge", task(`{"id": "a", "type": "labels", "value": {"start": 0, "end": 1e99, "labels": ["fact"]}}`), `value.end: 1e99 is too large`},
		{"string", task(`{"id": "a", "type": "labels", "value": {"start": "0", "end": 1, "labels": ["fact"]}}`), `value.start: must be a whole number, not a string`},
		{"labels string", task(`{"id": "a", "type": "labels", "value": {"start": 0, "end": 1, "labels": "fact"}}`), `value.labels: must be an array of labels, not a string`},
		{"empty region", task(`{"id": "a", "type": "labels", "value": {"start": 1, "end": 1, "labels": ["fact"]}}`), `value: 1-1 is empty`},
		{"textarea", task(`{"id": "a", "type": "textarea", "value": {"text": 3}}`), `value.text: must be an array of strings, not a number`},
		{"extras", `[{"data": {"text": "abc", "framecheck": {"annotations": [{"tag": "omission", "start": 9, "end": 9}]}}}]`, `[0].data.framecheck.annotations[0].start: 9 is past the end of the text`},
		{"newer", `[{"data": {"text": "abc", "framecheck": {"version": 9}}}]`, `[0].data.framecheck.version: made by a newer framecheck`},
		{"too big", string(big), "up to 50 MB"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w, info, err := Decode([]byte(c.in), ImportOptions{})
			if err == nil {
				t.Fatalf("accepted: %+v", w)
			}
			if w != nil || info != nil {
				t.Error("result with the error")
			}
			var fe *refusal.Error
			if !errors.As(err, &fe) {
				t.Errorf("%T is not a *refusal.Error", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q lacks %q", err, c.want)
			}
		})
	}
}
