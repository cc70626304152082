package doccano

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"strconv"
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
	golden(t, "fixture.doccano.jsonl", got)
	if n := bytes.Count(got, []byte("\n")); n != 3 {
		t.Errorf("%d lines, want one per readout (3)", n)
	}
	// Every line is doccano's sequence labeling shape.
	for i, line := range bytes.Split(bytes.TrimSpace(got), []byte("\n")) {
		var l struct {
			ID    int
			Text  string
			Label [][]any
		}
		if err := json.Unmarshal(line, &l); err != nil || l.ID != i+1 || l.Text == "" {
			t.Errorf("line %d: %v %+v", i+1, err, l)
		}
	}
	if !bytes.Contains(got, []byte(fixture.Hostile)) {
		t.Error("HTML should be written as it is, not escaped")
	}
}

// framecheck → doccano → framecheck keeps everything: the extras carry what
// doccano cannot (notes, authors, times, omittedBy, points, readout
// details, the workspace). Prefix and suffix are taken afresh from the text
// (32 code points), which the fixture has already.
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
	if len(info.Notes) != 0 {
		t.Errorf("notes: %q", info.Notes)
	}
	if a, b := fc(t, w), fc(t, got); a != b {
		t.Errorf("round trip differs:\n%s\nvs\n%s", a, b)
	}
}

// doccano keeps unknown fields as metadata and exports them again after
// "id" and "text", with labels sorted and a "Comments" list; such a file
// still comes back whole.
func TestThroughDoccano(t *testing.T) {
	w := fixture.Workspace(t)
	data, _ := Encode(w)
	var out bytes.Buffer
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatal(err)
		}
		m["id"] = 100 + m["id"].(float64)
		m["Comments"] = []any{}
		b, _ := json.Marshal(m) // sorted keys, HTML escaped: as Python may write it
		out.Write(b)
		out.WriteString("\r\n")
	}
	got, _, err := Decode(out.Bytes(), ImportOptions{Now: fixture.T0, NewID: fixture.SeqIDs()})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := fc(t, w), fc(t, got); a != b {
		t.Errorf("differs:\n%s\nvs\n%s", a, b)
	}
}

// Plain doccano (no extras) keeps only text and labels: spans and tags
// come back; notes, authors, times, omittedBy, ids, readout details and
// omission points cannot be carried.
func TestPlainKeepsSpansAndTags(t *testing.T) {
	w := fixture.Workspace(t)
	data, _ := Encode(w)
	var plain bytes.Buffer
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var m map[string]any
		json.Unmarshal(line, &m)
		delete(m, "framecheck")
		b, _ := json.Marshal(m)
		plain.Write(b)
		plain.WriteByte('\n')
	}
	got, _, err := Decode(plain.Bytes(), ImportOptions{Now: fixture.T0, NewID: fixture.SeqIDs()})
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "doccano import" || got.Readouts[0].Title != "doccano #1" {
		t.Errorf("titles %q, %q", got.Title, got.Readouts[0].Title)
	}
	type key struct {
		readout    int
		tag        workspace.Tag
		start, end int
	}
	keys := func(w *workspace.Workspace) map[key]int {
		m := map[key]int{}
		for _, a := range w.Annotations {
			if !a.IsPoint() {
				m[key{w.ReadoutIndex(a.ReadoutID), a.Tag, a.Start, a.End}]++
			}
		}
		return m
	}
	want, have := keys(w), keys(got)
	if len(want) != len(have) {
		t.Fatalf("spans: %v vs %v", want, have)
	}
	for k, n := range want {
		if have[k] != n {
			t.Errorf("span %+v: %d vs %d", k, have[k], n)
		}
	}
	for _, a := range got.Annotations {
		if a.Note != "" || a.Author != "" || !a.CreatedAt.Equal(fixture.T0) || a.IsPoint() {
			t.Errorf("plain import invents %+v", a)
		}
	}
}

func TestUnknownLabelsAndTitles(t *testing.T) {
	in := `{"id": 7, "text": "Alice met Bob in Paris.", "label": [[0, 5, "PER"], [10, 13, "Fact"], [17, 22, "LOC"], [0, 22, " FRAMING "]]}
{"text": "Second", "label": [], "meta": {"title": "From meta"}, "Comments": ["a comment"]}
{"text": "Third", "title": "Top-level title"}
`
	w, info, err := Decode([]byte(in), ImportOptions{Now: fixture.T0, NewID: fixture.SeqIDs()})
	if err != nil {
		t.Fatal(err)
	}
	titles := []string{w.Readouts[0].Title, w.Readouts[1].Title, w.Readouts[2].Title}
	if strings.Join(titles, "|") != "doccano #7|From meta|Top-level title" {
		t.Errorf("titles %q", titles)
	}
	got := map[string]string{}
	for _, a := range w.Annotations {
		got[a.Exact] = string(a.Tag) + ":" + a.Note
	}
	want := map[string]string{"Alice": "framing:label: PER", "Bob": "fact:", "Paris": "framing:label: LOC", "Alice met Bob in Paris": "framing:"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%q: %q, want %q", k, got[k], v)
		}
	}
	s := info.String()
	for _, want := range []string{`2 labels are not fact`, `"LOC", "PER"`, "1 doccano comments"} {
		if !strings.Contains(s, want) {
			t.Errorf("info %q lacks %q", s, want)
		}
	}
}

// Offsets in grapheme clusters (doccano's grapheme mode): a family emoji
// (ZWJ), a flag, a skin tone and a combining mark each count one.
func TestGraphemeUnit(t *testing.T) {
	text := "👨‍👩‍👧 🇺🇦 👍🏽 cafe\u0301 ok"
	// clusters: 0 family, 1 sp, 2 flag, 3 sp, 4 thumbs, 5 sp, 6 c,7 a,8 f,9 é, 10 sp, 11 o, 12 k
	in := `{"text": "` + text + `", "label": [[0, 1, "fact"], [2, 3, "framing"], [4, 5, "fact"], [6, 10, "fact"], [11, 13, "fact"]]}`
	w, _, err := Decode([]byte(in), ImportOptions{Unit: Grapheme, Now: fixture.T0, NewID: fixture.SeqIDs()})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range w.Annotations {
		got = append(got, a.Exact)
	}
	want := []string{"👨‍👩‍👧", "🇺🇦", "👍🏽", "cafe\u0301", "ok"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
	// The same file read as code points lands elsewhere or out of range.
	if _, _, err := Decode([]byte(`{"text": "`+text+`", "label": [[11, 20, "fact"]]}`), ImportOptions{Unit: Grapheme}); err == nil ||
		!strings.Contains(err.Error(), "line 1: label[0]: 11-20 is past the end of the text (13 grapheme clusters)") {
		t.Errorf("err = %v", err)
	}
}

// CRLF line breaks become LF and the offsets after them move with them.
func TestCRLF(t *testing.T) {
	in := `{"text": "a\r\nb\rc\r\nde", "label": [[3, 4, "fact"], [8, 10, "framing"], [1, 3, "fact"]]}`
	w, _, err := Decode([]byte(in), ImportOptions{Now: fixture.T0, NewID: fixture.SeqIDs()})
	if err != nil {
		t.Fatal(err)
	}
	if w.Readouts[0].Text != "a\nb\nc\nde" {
		t.Fatalf("text %q", w.Readouts[0].Text)
	}
	var got []string
	for _, a := range w.Annotations {
		got = append(got, a.Exact)
	}
	if strings.Join(got, "|") != "\n|b|de" {
		t.Errorf("got %q", got)
	}
	// A span of only the LF of a CRLF is empty once the pair is one LF.
	if _, _, err := Decode([]byte(`{"text": "a\r\nb", "label": [[2, 3, "fact"]]}`), ImportOptions{}); err == nil ||
		!strings.Contains(err.Error(), "2-3 is empty") {
		t.Errorf("err = %v", err)
	}
}

// doccano projects with relations export "entities" and "relations"
// instead of "label". Such a file (made here from Encode's output, as
// doccano would export it, with a relation inside one line) comes back
// whole, counterpart links included (they are in the extras); the doccano
// relation itself is left out, and Info says so.
func TestRelationShape(t *testing.T) {
	w := fixture.Workspace(t)
	data, err := Encode(w)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	eid := 0
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatal(err)
		}
		var ents []any
		for _, l := range m["label"].([]any) {
			t := l.([]any)
			eid++
			ents = append(ents, map[string]any{"id": eid, "label": t[2], "start_offset": t[0], "end_offset": t[1]})
		}
		delete(m, "label")
		m["entities"] = ents
		m["relations"] = []any{}
		if len(ents) >= 2 && m["id"].(float64) == 1 {
			m["relations"] = []any{map[string]any{"id": 1, "from_id": 1, "to_id": 2, "type": "overlaps"}}
		}
		b, _ := json.Marshal(m)
		out.Write(b)
		out.WriteByte('\n')
	}
	got, info, err := Decode(out.Bytes(), ImportOptions{Now: fixture.T0, NewID: fixture.SeqIDs()})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := fc(t, w), fc(t, got); a != b {
		t.Errorf("relation shape round trip differs:\n%s", b)
	}
	if s := info.String(); !strings.Contains(s, "1 doccano relations were left out: they join entities of one line") || len(info.Notes) != 1 {
		t.Errorf("info %q", info)
	}
}

// Counterpart links travel in the extras of both lines (doccano relations
// cannot join two lines), on both ends, and come back as they were.
func TestLinksInExtras(t *testing.T) {
	w := fixture.Workspace(t)
	data, err := Encode(w)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(`"relations"`)) {
		t.Error("links written as doccano relations")
	}
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	ends := 0
	for _, p := range fixture.LinkedPairs {
		for _, end := range [][2]int{{p.A, p.B}, {p.B, p.A}} {
			want := `{"annotationId":"` + fixture.AnnID(end[1]) + `","kind":"counterpart"`
			if p.Note != "" {
				b, _ := json.Marshal(p.Note)
				want += `,"note":` + strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(string(b), `\u003c`, "<"), `\u003e`, ">"), `\u0026`, "&")
			}
			want += "}"
			line := lines[w.ReadoutIndex(w.Annotation(fixture.AnnID(end[0])).ReadoutID)]
			if !bytes.Contains(line, []byte(want)) {
				t.Errorf("line of %d lacks the link to %d: %s", end[0], end[1], want)
			}
			ends++
		}
	}
	if n := bytes.Count(data, []byte(`"kind":"counterpart"`)); n != ends {
		t.Errorf("%d link entries, want %d", n, ends)
	}
	got, info, err := Decode(data, ImportOptions{Now: fixture.T0, NewID: fixture.SeqIDs()})
	if err != nil || len(info.Notes) != 0 {
		t.Fatalf("%v %q", err, info)
	}
	for _, p := range fixture.LinkedPairs {
		for _, end := range [][2]int{{p.A, p.B}, {p.B, p.A}} {
			l, ok := got.Annotation(fixture.AnnID(end[0])).LinkTo(fixture.AnnID(end[1]))
			if !ok || l.Kind != workspace.Counterpart || l.Note != p.Note {
				t.Errorf("link %d→%d: %+v %v", end[0], end[1], l, ok)
			}
		}
	}
}

// Broken links in the extras (edited by hand, or an annotation lost in
// doccano) never break the import: the entries are left out, both ends,
// and Info names them by path; the workspace validates. Links of the
// wrong shape are refused with their path.
func TestLinksBroken(t *testing.T) {
	const (
		a1   = "a1000000-0000-4000-8000-000000000001"
		a2   = "a1000000-0000-4000-8000-000000000002"
		a3   = "a1000000-0000-4000-8000-000000000003"
		gone = "a1000000-0000-4000-8000-000000000099"
	)
	line := func(n int, id, links string) string {
		return `{"id": ` + strconv.Itoa(n) + `, "text": "abc", "label": [[0, 1, "fact"]], "framecheck": {"annotations": [{"id": "` + id +
			`", "tag": "fact", "start": 0, "end": 1, "links": ` + links + `}]}}` + "\n"
	}
	link := func(to, note string) string {
		return `{"annotationId": "` + to + `", "kind": "counterpart", "note": "` + note + `"}`
	}
	for _, c := range []struct {
		name, in string
		want     []string // in the note
		kept     int      // link ends kept
	}{
		{"unknown annotation", line(1, a1, "["+link(gone, "")+"]") + line(2, a2, "[]"),
			[]string{"1 counterpart link entries", `line 1: framecheck.annotations[0].links[0]: annotation "` + gone + `" is not in the file`}, 0},
		{"one end only", line(1, a1, "["+link(a2, "x")+"]") + line(2, a2, "[]"),
			[]string{"line 1: framecheck.annotations[0].links[0]: annotation " + a2 + " does not link back"}, 0},
		{"notes differ", line(1, a1, "["+link(a2, "x")+"]") + line(2, a2, "["+link(a1, "y")+"]"),
			[]string{"2 counterpart link entries", "line 1: framecheck.annotations[0].links[0]", "line 2: framecheck.annotations[0].links[0]"}, 0},
		{"unknown kind", line(1, a1, `[{"annotationId": "`+a2+`", "kind": "rebuttal"}]`) + line(2, a2, `[{"annotationId": "`+a1+`", "kind": "rebuttal"}]`),
			[]string{`links[0]: "rebuttal" is not a link kind (counterpart)`}, 0},
		{"itself", line(1, a1, "["+link(a1, "")+"]"),
			[]string{"links[0]: an annotation cannot be its own counterpart"}, 0},
		{"twice", line(1, a1, "["+link(a2, "")+","+link(a2, "")+"]") + line(2, a2, "["+link(a1, "")+"]"),
			[]string{"line 1: framecheck.annotations[0].links[1]: annotation " + a2 + " is linked twice"}, 2},
		{"twice, other note", line(1, a1, "["+link(a2, "x")+","+link(a2, "y")+"]") + line(2, a2, "["+link(a1, "y")+"]"),
			[]string{"1 counterpart link entries", "line 1: framecheck.annotations[0].links[0]: annotation " + a2 + " does not link back"}, 2},
		{"same readout",
			`{"text": "abc", "label": [[0, 1, "fact"], [1, 2, "fact"]], "framecheck": {"annotations": [{"id": "` + a1 + `", "tag": "fact", "start": 0, "end": 1, "links": [` + link(a2, "") +
				`]}, {"id": "` + a2 + `", "tag": "fact", "start": 1, "end": 2, "links": [` + link(a1, "") + `]}]}}`,
			[]string{"2 counterpart link entries", "is in the same readout"}, 0},
		{"label removed in doccano",
			line(1, a1, "["+link(a2, "")+"]") + `{"id": 2, "text": "abc", "label": [], "framecheck": {"annotations": [{"id": "` + a2 + `", "tag": "fact", "start": 0, "end": 1, "links": [` + link(a1, "") + `]}]}}` + "\n",
			[]string{"1 annotations of the framecheck extras no longer have their label", `line 1: framecheck.annotations[0].links[0]: annotation "` + a2 + `" is not in the file`}, 0},
		{"id replaced", line(1, "not-a-uuid", "["+link(a2, "")+"]") + line(2, a2, `[{"annotationId": "not-a-uuid", "kind": "counterpart"}]`),
			[]string{"2 counterpart link entries"}, 0},
		{"many", line(1, a1, "["+link(gone, "")+","+link(gone+"1", "")+","+link(gone+"2", "")+","+link(gone+"3", "")+"]"),
			[]string{"4 counterpart link entries", "; and 1 more."}, 0},
		{"kept", line(1, a1, "["+link(a2, " x ")+"]") + line(2, a2, "["+link(a1, "x")+","+link(a3, "")+"]") + line(3, a3, "["+link(a2, "")+"]"),
			nil, 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			w, info, err := Decode([]byte(c.in), ImportOptions{Now: fixture.T0, NewID: fixture.SeqIDs()})
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Validate(); err != nil {
				t.Fatal(err)
			}
			ends := 0
			for _, a := range w.Annotations {
				ends += len(a.Links)
			}
			if ends != c.kept {
				t.Errorf("%d link ends kept, want %d", ends, c.kept)
			}
			s := info.String()
			if c.want == nil && strings.Contains(s, "link") {
				t.Errorf("info %q", s)
			}
			for _, want := range c.want {
				if !strings.Contains(s, want) {
					t.Errorf("info %q lacks %q", s, want)
				}
			}
		})
	}
	for in, want := range map[string]string{
		`"x"`:                              "line 1: framecheck.annotations[0].links: must be an array of links {annotationId, kind, note}, not a string",
		`[3]`:                              "line 1: framecheck.annotations[0].links[0]: must be an object {annotationId, kind, note}, not a number",
		`[{"kind": "counterpart"}]`:        "line 1: framecheck.annotations[0].links[0].annotationId: missing",
		`[{"annotationId": "` + a2 + `"}]`: "line 1: framecheck.annotations[0].links[0].kind: missing",
		`[{"annotationId": 7, "kind": "counterpart"}]`:                        "line 1: framecheck.annotations[0].links[0].annotationId: must be a string, not a number",
		`[{"annotationId": "` + a2 + `", "kind": "counterpart", "note": []}]`: "line 1: framecheck.annotations[0].links[0].note: must be a string, not an array",
	} {
		w, _, err := Decode([]byte(line(1, a1, in)), ImportOptions{})
		var fe *refusal.Error
		if w != nil || !errors.As(err, &fe) || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("links %s: %v, want %q", in, err, want)
		}
	}
}

func TestHostile(t *testing.T) {
	big := bytes.Repeat([]byte(" "), MaxFileSize+1)
	for _, c := range []struct{ name, in, want string }{
		{"empty", "\n\n  \n", "the file is empty"},
		{"not json", "hello", "line 1: is not JSON"},
		{"array", `[1,2]`, "line 1: must be a JSON object"},
		{"no text", `{"label": []}`, `line 1: text: missing`},
		{"text number", `{"text": 5}`, `line 1: text: must be a string, not a number`},
		{"empty text", `{"text": "  "}`, `line 1: text: is empty`},
		{"label object", `{"text": "abc", "label": {}}`, `line 1: label: must be an array`},
		{"classification", `{"text": "abc", "label": ["positive"]}`, `line 1: label[0]: is a category, not a span`},
		{"short triple", `{"text": "abc", "label": [[0, 1]]}`, `line 1: label[0]: must be [start, end, label], not an array of 2 items`},
		{"past end", "\n" + `{"text": "abc", "label": [[0, 9, "fact"]]}`, `line 2: label[0]: 0-9 is past the end of the text (3 UTF-16 code units)`},
		{"reversed", `{"text": "abc", "label": [[2, 1, "fact"]]}`, `line 1: label[0]: end 1 is before start 2`},
		{"negative", `{"text": "abc", "label": [[-1, 1, "fact"]]}`, `line 1: label[0][0]: -1 is negative`},
		{"fraction", `{"text": "abc", "label": [[0.5, 1, "fact"]]}`, `line 1: label[0][0]: 0.5 is not a whole number`},
		{"huge", `{"text": "abc", "label": [[0, 1e300, "fact"]]}`, `line 1: label[0][1]: 1e300 is too large`},
		{"string offset", `{"text": "abc", "label": [["0", 1, "fact"]]}`, `line 1: label[0][0]: must be a whole number, not a string`},
		{"label number", `{"text": "abc", "label": [[0, 1, 3]]}`, `line 1: label[0][2]: must be a string (the label), not a number`},
		{"empty span", `{"text": "abc", "label": [[1, 1, "fact"]]}`, `line 1: label[0]: 1-1 is empty; only an omission can be a point`},
		{"entity", `{"text": "abc", "entities": [{"start_offset": 0, "end_offset": "x", "label": "fact"}]}`, `line 1: entities[0].end_offset: must be a whole number, not a string`},
		{"extras type", `{"text": "abc", "framecheck": []}`, `line 1: framecheck: must be an object, not an array`},
		{"extras tag", `{"text": "abc", "framecheck": {"annotations": [{"tag": "fiction", "start": 0, "end": 0}]}}`, `line 1: framecheck.annotations[0].tag: "fiction" is not one of`},
		{"extras point", `{"text": "abc", "framecheck": {"annotations": [{"tag": "fact", "start": 1, "end": 1}]}}`, `line 1: framecheck.annotations[0].end: equals start (1)`},
		{"extras time", `{"text": "abc", "framecheck": {"annotations": [{"tag": "omission", "start": 1, "end": 1, "createdAt": "yesterday"}]}}`, `framecheck.annotations[0].createdAt: "yesterday" is not an RFC 3339 time`},
		{"newer", `{"text": "abc", "framecheck": {"version": 2}}`, `line 1: framecheck.version: made by a newer framecheck`},
		{"not utf8", "{\"text\": \"a\xff\"}", `line 1: is not UTF-8 text`},
		{"second line bad", `{"text": "abc"}` + "\n{", `line 2: is not JSON`},
		{"too big", string(big), "framecheck opens files of up to 50 MB"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w, info, err := Decode([]byte(c.in), ImportOptions{})
			if err == nil {
				t.Fatalf("accepted: %+v", w)
			}
			if w != nil || info != nil {
				t.Error("returned a result with the error")
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
