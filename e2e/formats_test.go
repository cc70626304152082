package e2e

// Browser end-to-end tests of the "Other formats" of README.md: every entry
// of the "Export as…" menu is clicked in the real app and its download is
// parsed and checked down to the code point offsets, and every importable
// format is imported back through the Import button, opened as a new
// workspace and compared with the original; hostile files are refused with
// a message that says where, and change nothing.
//
// Like annotate_test.go these tests drive the real server (bin/framecheck)
// and the real web/app.wasm in headless Chromium through the harness of
// harness_test.go, and use only the UI's test hooks.

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// codePointOfUTF16 turns a UTF-16 code unit offset of s into a code
// point offset; ok is false out of range or inside a surrogate pair.
func codePointOfUTF16(s string, u int) (int, bool) {
	n := 0
	for i, r := range []rune(s) {
		if n == u {
			return i, true
		}
		if n > u {
			return 0, false
		}
		n += utf16.RuneLen(r)
	}
	return utf8.RuneCountInString(s), n == u
}

// formatCase is one entry of the "Export as…" menu, as README.md and
// app/formats describe it.
type formatCase struct {
	ID, Name, Ext string
	Import        bool
}

// formatCases are the formats in menu order.
var formatCases = []formatCase{
	{"framecheck", "framecheck JSON", "framecheck.json", true},
	{"w3c", "W3C Web Annotation (JSON-LD)", "w3c.jsonld", true},
	{"doccano", "doccano JSONL", "doccano.jsonl", true},
	{"labelstudio", "Label Studio JSON", "labelstudio.json", true},
	{"csv", "CSV (spreadsheet)", "csv", false},
	{"markdown", "Markdown report", "md", false},
	{"html", "HTML report", "html", false},
}

// The annotation the tests add to the sample's Kremlin readout: its start
// sits between the two flags 🇷🇺 and 🇺🇸 that open the text, so any mix-up of
// code points and UTF-16 units (each flag is 2 code points, 4 UTF-16 units)
// moves it. Its note is hostile to spreadsheets (starts with =) and to HTML.
const (
	fixStart = 2
	fixEnd   = 15
	fixExact = "🇺🇸 Телефонный"
	fixNote  = `=HYPERLINK("http://evil.example","x") <script>alert(1)</script> <b>bold</b> & 🇷🇺🇺🇸 flags`
)

// fixture is the workspace the tests start from.
type fixture struct {
	kremlinID string
	annID     string
	doc       *exportDoc // the framecheck export (Export JSON)
	raw       []byte
	name      string // its file name
}

// setupFormats loads the sample workspace, tags the fact next to the flags,
// writes its note and exports the workspace with Export JSON.
func setupFormats(t *testing.T) (*env, *fixture) {
	t.Helper()
	e := start(t)
	e.content(fixNote)
	e.load()

	tabs := e.tabs()
	if len(tabs) != 2 || !strings.Contains(tabs[0].Text, "Kremlin readout") {
		e.fatalf("want the sample's two tabs, the Kremlin readout first; got %+v", tabs)
	}
	f := &fixture{kremlinID: tabs[0].ID}
	if active := e.activeReadout(); active != f.kremlinID {
		e.fatalf("the active readout should be the Kremlin readout %s, is %s", f.kremlinID, active)
	}
	text := e.readoutText(f.kremlinID)
	if got := cpSlice(text, fixStart, fixEnd); got != fixExact {
		e.fatalf("test setup: code points %d-%d of the Kremlin readout are %q, want %q (text starts %q)", fixStart, fixEnd, got, fixExact, clip(text, 30))
	}

	before := idsOf(e.list())
	if sel := e.selectRange(f.kremlinID, fixStart, fixEnd); sel != fixExact {
		e.fatalf("test harness: selected %q, want %q", sel, fixExact)
	}
	e.pressKey("1")
	f.annID = e.waitNewAnnotation(before, "fact", "selecting the span right after the first flag and pressing 1")
	e.waitPanelQuote(fixExact, "a new annotation becomes the selected one")

	const note = `[data-panel="annotation"] textarea[name="note"]`
	e.click(note)
	e.typeText(note, fixNote)
	e.click(`[data-panel="annotation"] [data-field="quote"]`) // blur: the note is saved on change
	e.wait("the saved note to show in the annotation's list entry", js(`(id, note) => {
      const el = document.querySelector('[data-annotation-list] [data-annotation-id="' + CSS.escape(id) + '"]');
      return el && el.textContent.includes(note);
    }`, f.annID, fixNote), stepTimeout,
		`(document.querySelector('[data-annotation-list]') || {}).textContent`)

	settleSave(e)
	f.doc, f.raw, f.name = e.export()
	checkExport(t, f.doc, f.name)
	a := findAnn(f.doc, f.annID)
	if a == nil {
		t.Fatalf("the framecheck export has no annotation %s (the one just made)", f.annID)
	}
	if a.ReadoutID != f.kremlinID || a.Tag != "fact" || a.Start != fixStart || a.End != fixEnd || a.Exact != fixExact || a.Note != fixNote {
		t.Errorf("the new annotation in the framecheck export: got %s %s %d-%d %q note %q, want %s fact %d-%d %q note %q (UTF-16 offsets would be %d-%d)",
			a.ReadoutID, a.Tag, a.Start, a.End, a.Exact, a.Note, f.kremlinID, fixStart, fixEnd, fixExact, fixNote,
			utf16Of(text, fixStart), utf16Of(text, fixEnd))
	}
	if len(f.doc.Annotations) != 9 || len(f.doc.Readouts) != 2 {
		t.Fatalf("the export has %d readouts and %d annotations, want the sample's 2 and 8 + 1", len(f.doc.Readouts), len(f.doc.Annotations))
	}
	return e, f
}

// exportAll exports the workspace in every format of the menu.
func exportAll(e *env, fx *fixture) (map[string][]byte, map[string]string) {
	e.t.Helper()
	t := e.t
	ids := eval[[]string](e, `[...document.querySelectorAll('details[data-menu="export"] button[data-export]')].map(b => b.dataset.export)`)
	var want []string
	for _, f := range formatCases {
		want = append(want, f.ID)
		if f.ID == "doccano" { // UTF-16 by default, then the other units
			want = append(want, "doccano-codepoints", "doccano-graphemes")
		}
	}
	// ClaimReview needs checks, which this fixture has none of; its
	// entries are tested in verdicts_test.go.
	want = append(want, "claimreview", "claimreview-html")
	if !slices.Equal(ids, want) {
		t.Errorf("the Export as… menu lists %q, want %q", ids, want)
	}
	base := strings.TrimSuffix(fx.name, ".framecheck.json")
	out, names := map[string][]byte{}, map[string]string{}
	for _, f := range formatCases {
		raw, name := exportAs(e, f.ID)
		names[f.ID] = name
		if !strings.HasSuffix(name, "."+f.Ext) || name != base+"."+f.Ext {
			t.Errorf("%s: the download is named %q, want %q (ending in .%s)", f.ID, name, base+"."+f.Ext, f.Ext)
		}
		out[f.ID] = raw
	}
	return out, names
}

// ---------------------------------------------------------------------------
// Checks of each format against the framecheck export

// canonWithoutExportedAt returns a framecheck export without exportedAt, as
// canonical JSON.
func canonWithoutExportedAt(t *testing.T, raw []byte) string {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("a framecheck export is not JSON: %v", err)
	}
	delete(m, "exportedAt")
	b, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// firstByteDiff shows where two strings first differ.
func firstByteDiff(a, b string) string {
	if a == b {
		return "(equal)"
	}
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-120)
	return fmt.Sprintf("first difference at byte %d:\n  was: …%s…\n  now: …%s…", i, clip(a[from:], 240), clip(b[from:], 240))
}

func checkFramecheck(t *testing.T, fx *fixture, raw []byte, name string) {
	t.Helper()
	var doc exportDoc
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Errorf("framecheck (menu): not framecheck v1 JSON: %v", err)
		return
	}
	checkExport(t, &doc, name) // also checks each exact against the text at its offsets
	if x, y := canonWithoutExportedAt(t, fx.raw), canonWithoutExportedAt(t, raw); x != y {
		t.Errorf("framecheck (menu) differs from Export JSON apart from exportedAt: %s", firstByteDiff(x, y))
	}
}

// W3C shapes (only what is checked).
type w3cDoc struct {
	Context json.RawMessage `json:"@context"`
	ID      string          `json:"id"`
	Type    string          `json:"type"`
	Label   string          `json:"label"`
	Total   int             `json:"total"`
	First   *struct {
		Type  string      `json:"type"`
		Items []w3cAnnRaw `json:"items"`
	} `json:"first"`
	Readouts []struct {
		ID         string `json:"id"`
		Type       string `json:"type"`
		ReadoutID  string `json:"framecheck:readoutId"`
		Label      string `json:"label"`
		TextSha256 string `json:"framecheck:textSha256"`
		Value      string `json:"value"`
	} `json:"framecheck:readouts"`
}

type w3cAnnRaw struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	Motivation string `json:"motivation"`
	Created    string `json:"created"`
	Modified   string `json:"modified"`
	Creator    *struct {
		Name string `json:"name"`
	} `json:"creator"`
	Body []struct {
		Type    string `json:"type"`
		Purpose string `json:"purpose"`
		Value   string `json:"value"`
	} `json:"body"`
	Target json.RawMessage `json:"target"`
}

type w3cTarget struct {
	Source   string `json:"source"`
	Selector []struct {
		Type   string  `json:"type"`
		Exact  *string `json:"exact"`
		Prefix string  `json:"prefix"`
		Suffix string  `json:"suffix"`
		Start  *int    `json:"start"`
		End    *int    `json:"end"`
	} `json:"selector"`
}

func checkW3C(t *testing.T, fx *fixture, raw []byte) {
	t.Helper()
	var doc w3cDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Errorf("w3c: not JSON of the expected shape: %v\n%s", err, clip(string(raw), 1500))
		return
	}
	if !strings.Contains(string(doc.Context), "http://www.w3.org/ns/anno.jsonld") || doc.Type != "AnnotationCollection" {
		t.Errorf("w3c: @context %s, type %q: want the anno.jsonld context and an AnnotationCollection", doc.Context, doc.Type)
	}
	if doc.ID != "urn:uuid:"+fx.doc.Workspace.ID || doc.Label != fx.doc.Workspace.Title {
		t.Errorf("w3c: collection id %q label %q, want urn:uuid:%s and %q", doc.ID, doc.Label, fx.doc.Workspace.ID, fx.doc.Workspace.Title)
	}
	// Readouts by IRI.
	texts := map[string]string{}   // IRI -> text
	readout := map[string]string{} // IRI -> framecheck readout id
	iriOf := map[string]string{}   // framecheck readout id -> IRI
	if len(doc.Readouts) != len(fx.doc.Readouts) {
		t.Errorf("w3c: framecheck:readouts has %d readouts, want %d", len(doc.Readouts), len(fx.doc.Readouts))
	}
	for i, r := range doc.Readouts {
		texts[r.ID] = r.Value
		id := strings.TrimPrefix(r.ReadoutID, "urn:uuid:")
		readout[r.ID] = id
		iriOf[id] = r.ID
		if i < len(fx.doc.Readouts) {
			want := fx.doc.Readouts[i]
			if id != want.ID || r.Value != want.Text || r.Label != want.Title || r.TextSha256 != want.TextSha256 {
				t.Errorf("w3c: framecheck:readouts[%d] is %s %q (text %q…), want %s %q (text %q…)", i, id, r.Label, clip(r.Value, 20), want.ID, want.Title, clip(want.Text, 20))
			}
		}
	}
	if doc.First == nil {
		t.Errorf("w3c: the collection has no embedded first page")
		return
	}
	items := doc.First.Items
	if len(items) != len(fx.doc.Annotations) || doc.Total != len(fx.doc.Annotations) {
		t.Errorf("w3c: %d items, total %d; want %d annotations", len(items), doc.Total, len(fx.doc.Annotations))
	}
	seen := map[string]bool{}
	for i, it := range items {
		where := fmt.Sprintf("w3c: first.items[%d] (%s)", i, it.ID)
		a := findAnn(fx.doc, strings.TrimPrefix(it.ID, "urn:uuid:"))
		if a == nil || !strings.HasPrefix(it.ID, "urn:uuid:") {
			t.Errorf("%s: the id is not urn:uuid: of an exported annotation", where)
			continue
		}
		seen[a.ID] = true
		// Bodies.
		var tags, notes []string
		for _, b := range it.Body {
			switch b.Purpose {
			case "tagging", "classifying":
				tags = append(tags, b.Value)
			case "commenting":
				notes = append(notes, b.Value)
			}
		}
		wantNotes := []string(nil)
		if a.Note != "" {
			wantNotes = []string{a.Note}
		}
		if !slices.Equal(tags, []string{a.Tag}) || !slices.Equal(notes, wantNotes) {
			t.Errorf("%s: tagging bodies %q and commenting bodies %q, want [%s] and %q", where, tags, notes, a.Tag, wantNotes)
		}
		if it.Creator == nil && a.Author != "" || it.Creator != nil && it.Creator.Name != a.Author {
			t.Errorf("%s: creator %+v, want the author %q", where, it.Creator, a.Author)
		}
		// Targets: one object with selectors, then the omitting readouts'
		// IRIs.
		var parts []json.RawMessage
		if bytes.HasPrefix(bytes.TrimSpace(it.Target), []byte("[")) {
			if err := json.Unmarshal(it.Target, &parts); err != nil {
				t.Errorf("%s: target: %v", where, err)
				continue
			}
		} else {
			parts = []json.RawMessage{it.Target}
		}
		var anchored []w3cTarget
		var bare []string
		for _, p := range parts {
			var s string
			if json.Unmarshal(p, &s) == nil {
				bare = append(bare, s)
				continue
			}
			var tg w3cTarget
			if err := json.Unmarshal(p, &tg); err != nil {
				t.Errorf("%s: a target is neither an IRI nor an object of the expected shape: %v", where, err)
				continue
			}
			anchored = append(anchored, tg)
		}
		if len(anchored) != 1 {
			t.Errorf("%s: %d anchored targets, want 1", where, len(anchored))
			continue
		}
		var wantBare []string
		for _, o := range a.OmittedBy {
			wantBare = append(wantBare, iriOf[o])
		}
		if !slices.Equal(bare, wantBare) {
			t.Errorf("%s: whole-readout targets %q, want the omitting readouts %q", where, bare, wantBare)
		}
		tg := anchored[0]
		text, ok := texts[tg.Source]
		if !ok {
			t.Errorf("%s: the target's source %q is not a readout of framecheck:readouts", where, tg.Source)
			continue
		}
		if readout[tg.Source] != a.ReadoutID {
			t.Errorf("%s: the target's source %q is readout %s, want %s", where, tg.Source, readout[tg.Source], a.ReadoutID)
		}
		var exact *string
		var prefix, suffix string
		var start, end *int
		for _, s := range tg.Selector {
			switch s.Type {
			case "TextQuoteSelector":
				exact, prefix, suffix = s.Exact, s.Prefix, s.Suffix
			case "TextPositionSelector":
				start, end = s.Start, s.End
			}
		}
		if exact == nil || start == nil || end == nil {
			t.Errorf("%s: want a TextQuoteSelector with exact and a TextPositionSelector with start and end; selectors %+v", where, tg.Selector)
			continue
		}
		got, ok := cpSpan(text, *start, *end)
		if !ok || got != *exact {
			t.Errorf("%s: TextPositionSelector %d-%d (code points) holds %q of the readout text, but the TextQuoteSelector's exact is %q (ok=%v; UTF-16 would be %d-%d)",
				where, *start, *end, got, *exact, ok, utf16Of(text, a.Start), utf16Of(text, a.End))
		}
		if *start != a.Start || *end != a.End || *exact != a.Exact || prefix != a.Prefix || suffix != a.Suffix {
			t.Errorf("%s: selectors %d-%d %q (prefix %q suffix %q), want the framecheck export's %d-%d %q (prefix %q suffix %q)",
				where, *start, *end, *exact, prefix, suffix, a.Start, a.End, a.Exact, a.Prefix, a.Suffix)
		}
	}
	for _, a := range fx.doc.Annotations {
		if !seen[a.ID] {
			t.Errorf("w3c: the annotation %s (%s %d-%d %q) is missing", a.ID, a.Tag, a.Start, a.End, a.Exact)
		}
	}
}

// The framecheck extras of doccano and Label Studio files.
type extras struct {
	Version     int    `json:"version"`
	ID          string `json:"id"`
	Title       string `json:"title"`
	Annotations []struct {
		ID        string   `json:"id"`
		Tag       string   `json:"tag"`
		Start     int      `json:"start"`
		End       int      `json:"end"`
		Note      string   `json:"note"`
		Author    string   `json:"author"`
		OmittedBy []string `json:"omittedBy"`
		CreatedAt string   `json:"createdAt"`
		UpdatedAt string   `json:"updatedAt"`
	} `json:"annotations"`
}

// checkExtras compares the extras of one readout with the framecheck
// export.
func checkExtras(t *testing.T, where string, x extras, fx *fixture, readoutID string) {
	t.Helper()
	got := map[string]string{}
	for _, a := range x.Annotations {
		got[a.ID] = fmt.Sprintf("%s %d-%d note=%q author=%q omittedBy=%q created=%s updated=%s", a.Tag, a.Start, a.End, a.Note, a.Author, a.OmittedBy, a.CreatedAt, a.UpdatedAt)
	}
	want := map[string]string{}
	for _, a := range annotationsOf(fx.doc, readoutID) {
		want[a.ID] = fmt.Sprintf("%s %d-%d note=%q author=%q omittedBy=%q created=%s updated=%s", a.Tag, a.Start, a.End, a.Note, a.Author, a.OmittedBy, a.CreatedAt, a.UpdatedAt)
	}
	if len(got) != len(x.Annotations) {
		t.Errorf("%s: framecheck.annotations repeats an id", where)
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: framecheck.annotations entry %s is %q, want the framecheck export's %q", where, id, got[id], w)
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			t.Errorf("%s: framecheck.annotations has %s, which the readout does not have", where, id)
		}
	}
}

func checkDoccano(t *testing.T, fx *fixture, raw []byte) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	if len(lines) != len(fx.doc.Readouts) {
		t.Errorf("doccano: %d lines, want one per readout (%d)", len(lines), len(fx.doc.Readouts))
	}
	for i, l := range lines {
		where := fmt.Sprintf("doccano: line %d", i+1)
		var line struct {
			ID         int             `json:"id"`
			Text       string          `json:"text"`
			Label      [][]any         `json:"label"`
			Framecheck extras          `json:"framecheck"`
			Entities   json.RawMessage `json:"entities"`
		}
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Errorf("%s: not a JSON object of the expected shape: %v\n%s", where, err, clip(l, 500))
			continue
		}
		if i >= len(fx.doc.Readouts) {
			continue
		}
		r := fx.doc.Readouts[i]
		if line.Framecheck.ID != r.ID || line.Text != r.Text || line.Framecheck.Title != r.Title {
			t.Errorf("%s: readout %s %q (text %q…), want %s %q (text %q…) in workspace order", where, line.Framecheck.ID, line.Framecheck.Title, clip(line.Text, 20), r.ID, r.Title, clip(r.Text, 20))
			continue
		}
		// Labels: exactly the readout's spans (points cannot be labels).
		var want []string
		for _, a := range annotationsOf(fx.doc, r.ID) {
			if a.Start != a.End {
				want = append(want, fmt.Sprintf("%d-%d %s %q", a.Start, a.End, a.Tag, a.Exact))
			}
		}
		var got []string
		for j, lb := range line.Label {
			if len(lb) != 3 {
				t.Errorf("%s: label[%d] = %v, want [start, end, tag]", where, j, lb)
				continue
			}
			s, ok1 := lb[0].(float64)
			en, ok2 := lb[1].(float64)
			tag, ok3 := lb[2].(string)
			if !ok1 || !ok2 || !ok3 || s != float64(int(s)) || en != float64(int(en)) {
				t.Errorf("%s: label[%d] = %v, want [int, int, string]", where, j, lb)
				continue
			}
			// doccano counts UTF-16 code units (app/doccano.Unit): compare
			// in code points.
			cs, ok1 := codePointOfUTF16(line.Text, int(s))
			ce, ok2 := codePointOfUTF16(line.Text, int(en))
			exact, ok := cpSpan(line.Text, cs, ce)
			if !ok1 || !ok2 || !ok || exact == "" {
				t.Errorf("%s: label[%d] %v is not a non-empty span of the line's text (%d UTF-16 code units)", where, j, lb, len(utf16.Encode([]rune(line.Text))))
				continue
			}
			got = append(got, fmt.Sprintf("%d-%d %s %q", cs, ce, tag, exact))
		}
		sort.Strings(got)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: labels (code points, with the text they slice):\n got %q\nwant %q (the framecheck export's spans)", where, got, want)
		}
		checkExtras(t, where, line.Framecheck, fx, r.ID)
	}
}

func checkLabelStudio(t *testing.T, fx *fixture, raw []byte) {
	t.Helper()
	var tasks []struct {
		ID   int `json:"id"`
		Data struct {
			Text       string `json:"text"`
			Title      string `json:"title"`
			Framecheck extras `json:"framecheck"`
		} `json:"data"`
		Annotations []struct {
			Result []struct {
				ID       string          `json:"id"`
				FromName string          `json:"from_name"`
				ToName   string          `json:"to_name"`
				Type     string          `json:"type"`
				Value    json.RawMessage `json:"value"`
			} `json:"result"`
		} `json:"annotations"`
	}
	if err := json.Unmarshal(raw, &tasks); err != nil {
		t.Errorf("labelstudio: not a JSON task array of the expected shape: %v\n%s", err, clip(string(raw), 1500))
		return
	}
	if len(tasks) != len(fx.doc.Readouts) {
		t.Errorf("labelstudio: %d tasks, want one per readout (%d)", len(tasks), len(fx.doc.Readouts))
	}
	for i, tk := range tasks {
		where := fmt.Sprintf("labelstudio: [%d]", i)
		if i >= len(fx.doc.Readouts) {
			continue
		}
		r := fx.doc.Readouts[i]
		if tk.Data.Framecheck.ID != r.ID || tk.Data.Text != r.Text || tk.Data.Title != r.Title {
			t.Errorf("%s: readout %s %q (text %q…), want %s %q in workspace order", where, tk.Data.Framecheck.ID, tk.Data.Title, clip(tk.Data.Text, 20), r.ID, r.Title)
			continue
		}
		if len(tk.Annotations) != 1 {
			t.Errorf("%s: %d annotations, want 1", where, len(tk.Annotations))
			continue
		}
		var want, got, wantNotes, gotNotes []string
		for _, a := range annotationsOf(fx.doc, r.ID) {
			if a.Start != a.End {
				want = append(want, fmt.Sprintf("%s %d-%d %s %q", a.ID, a.Start, a.End, a.Tag, a.Exact))
				if a.Note != "" {
					wantNotes = append(wantNotes, fmt.Sprintf("%s %d-%d %q", a.ID, a.Start, a.End, a.Note))
				}
			}
		}
		for j, res := range tk.Annotations[0].Result {
			rw := fmt.Sprintf("%s.annotations[0].result[%d]", where, j)
			switch res.Type {
			case "labels":
				var v struct {
					Start  int      `json:"start"`
					End    int      `json:"end"`
					Text   string   `json:"text"`
					Labels []string `json:"labels"`
				}
				if err := json.Unmarshal(res.Value, &v); err != nil {
					t.Errorf("%s.value: %v", rw, err)
					continue
				}
				if s, ok := cpSpan(tk.Data.Text, v.Start, v.End); !ok || s != v.Text {
					t.Errorf("%s: value %d-%d slices data.text (code points) to %q (ok=%v), but value.text is %q", rw, v.Start, v.End, s, ok, v.Text)
				}
				if len(v.Labels) != 1 {
					t.Errorf("%s: labels %q, want one tag", rw, v.Labels)
					continue
				}
				got = append(got, fmt.Sprintf("%s %d-%d %s %q", res.ID, v.Start, v.End, v.Labels[0], v.Text))
			case "textarea":
				var v struct {
					Start int      `json:"start"`
					End   int      `json:"end"`
					Text  []string `json:"text"`
				}
				if err := json.Unmarshal(res.Value, &v); err != nil {
					t.Errorf("%s.value: %v", rw, err)
					continue
				}
				gotNotes = append(gotNotes, fmt.Sprintf("%s %d-%d %q", res.ID, v.Start, v.End, strings.Join(v.Text, "\n")))
			default:
				t.Errorf("%s: unexpected result type %q", rw, res.Type)
			}
		}
		for _, l := range [][]string{want, got, wantNotes, gotNotes} {
			sort.Strings(l)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: label regions (code points):\n got %q\nwant %q (the framecheck export's spans)", where, got, want)
		}
		if !slices.Equal(gotNotes, wantNotes) {
			t.Errorf("%s: note results:\n got %q\nwant %q", where, gotNotes, wantNotes)
		}
		checkExtras(t, where, tk.Data.Framecheck, fx, r.ID)
	}
}

// defuse is what the CSV export must do to a cell a spreadsheet could
// run as a formula.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func checkCSV(t *testing.T, fx *fixture, raw []byte) {
	t.Helper()
	body, hadBOM := bytes.CutPrefix(raw, []byte("\uFEFF"))
	if !hadBOM {
		t.Errorf("csv: the file does not start with a UTF-8 byte order mark")
	}
	if !bytes.HasSuffix(body, []byte("\r\n")) || bytes.Count(body, []byte("\r\n")) < len(fx.doc.Annotations)+1 {
		t.Errorf("csv: rows should end in CRLF")
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Errorf("csv: encoding/csv cannot read it: %v\n%s", err, clip(string(body), 1500))
		return
	}
	header := []string{"readout", "tag", "start", "end", "quote", "note", "author", "omitted by", "created",
		"verdict", "claim", "claimant", "sources"} // the check columns: empty here, no checks

	if len(rows) == 0 || !slices.Equal(rows[0], header) {
		t.Errorf("csv: header %q, want %q", rows[:min(1, len(rows))], header)
		return
	}
	rows = rows[1:]
	if len(rows) != len(fx.doc.Annotations) {
		t.Errorf("csv: %d rows, want one per annotation (%d)", len(rows), len(fx.doc.Annotations))
	}
	titles := map[string]string{}
	texts := map[string]string{}
	for _, r := range fx.doc.Readouts {
		titles[r.ID], texts[r.ID] = r.Title, r.Text
	}
	for i, row := range rows {
		where := fmt.Sprintf("csv: row %d", i+2)
		if len(row) != len(header) || i >= len(fx.doc.Annotations) {
			continue
		}
		a := fx.doc.Annotations[i] // both in canonical order
		start, err1 := strconv.Atoi(row[2])
		end, err2 := strconv.Atoi(row[3])
		if err1 != nil || err2 != nil {
			t.Errorf("%s: start %q end %q are not numbers", where, row[2], row[3])
			continue
		}
		// The quote column, defused, is the readout's text at start-end.
		slice, ok := cpSpan(texts[a.ReadoutID], start, end)
		if !ok || row[4] != defuse(slice) {
			t.Errorf("%s: start-end %d-%d slices the readout text (code points) to %q (ok=%v), the quote column is %q", where, start, end, slice, ok, row[4])
		}
		var omitted []string
		for _, o := range a.OmittedBy {
			omitted = append(omitted, titles[o])
		}
		want := []string{defuse(titles[a.ReadoutID]), a.Tag, strconv.Itoa(a.Start), strconv.Itoa(a.End), defuse(a.Exact),
			defuse(a.Note), defuse(a.Author), defuse(strings.Join(omitted, "; ")), a.CreatedAt, "", "", "", ""}
		if !slices.Equal(row, want) {
			t.Errorf("%s:\n got %q\nwant %q", where, row, want)
		}
	}
	if !bytes.Contains(body, []byte(`'=HYPERLINK(`)) {
		t.Errorf("csv: the note starting with = is not defused with a leading '")
	}
}

// normText collapses white space (no-break spaces included).
func normText(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

var mdEscape = regexp.MustCompile("\\\\([!-/:-@\\[-`{-~])")

// mdPlain undoes Markdown's backslash escapes and hard breaks.
func mdPlain(md string) string {
	md = strings.ReplaceAll(md, "\\\n", "\n")
	return mdEscape.ReplaceAllString(md, "$1")
}

func checkMarkdown(t *testing.T, fx *fixture, raw []byte) {
	t.Helper()
	md := string(raw)
	plain := normText(mdPlain(md))
	if !strings.Contains(plain, normText(fx.doc.Workspace.Title)) {
		t.Errorf("markdown: the workspace title %q is missing", fx.doc.Workspace.Title)
	}
	for _, a := range fx.doc.Annotations {
		if a.Exact != "" && !strings.Contains(plain, "“"+normText(a.Exact)+"”") {
			t.Errorf("markdown: the quote of %s %s (“%s”) is missing", a.Tag, a.ID, a.Exact)
		}
		if a.Note != "" && !strings.Contains(plain, normText(a.Note)) {
			t.Errorf("markdown: the note of %s %s (%q) is missing", a.Tag, a.ID, a.Note)
		}
	}
	// No HTML of a note may reach a Markdown renderer: every < is escaped
	// (autolinks aside).
	for _, m := range regexp.MustCompile(`(^|[^\\])<[^>\n]{0,40}`).FindAllString(md, -1) {
		if !regexp.MustCompile(`<https?://`).MatchString(m) {
			t.Errorf("markdown: an unescaped < in %q", m)
		}
	}
}

var (
	htmlTag   = regexp.MustCompile(`(?s)<[^>]*>`)
	htmlQuote = regexp.MustCompile(`(?s)<q[^>]*>(.*?)</q>`)
)

func checkHTML(t *testing.T, fx *fixture, raw []byte) {
	t.Helper()
	page := string(raw)
	if regexp.MustCompile(`(?i)<script`).MatchString(page) {
		t.Errorf("html: the report has a <script> element")
	}
	if regexp.MustCompile(`(?i)\son[a-z]+\s*=`).MatchString(strings.Join(htmlTag.FindAllString(page, -1), " ")) {
		t.Errorf("html: the report has an event handler attribute")
	}
	for _, bad := range []string{"<b>bold", "<script>alert"} {
		if strings.Contains(page, bad) {
			t.Errorf("html: %q of the note is not escaped", bad)
		}
	}
	plain := normText(html.UnescapeString(htmlTag.ReplaceAllString(page, "")))
	quotes := map[string]bool{}
	for _, m := range htmlQuote.FindAllStringSubmatch(page, -1) {
		quotes[normText(html.UnescapeString(htmlTag.ReplaceAllString(m[1], "")))] = true
	}
	for _, a := range fx.doc.Annotations {
		if a.Exact != "" && !quotes[normText(a.Exact)] {
			t.Errorf("html: the quote of %s %s (%q) is not quoted in a <q>", a.Tag, a.ID, a.Exact)
		}
		if a.Note != "" && !strings.Contains(plain, normText(a.Note)) {
			t.Errorf("html: the note of %s %s (%q) is missing from the page's text", a.Tag, a.ID, a.Note)
		}
	}
}

// ---------------------------------------------------------------------------

// TestEveryFormatExportsTheWorkspace exports the sample, with an annotation whose
// start sits between two flag emoji, in every format of the "Export as…"
// menu and checks each file against the texts, code point by code point.
func TestEveryFormatExportsTheWorkspace(t *testing.T) {
	e, fx := setupFormats(t)
	files, names := exportAll(e, fx)
	for _, f := range formatCases {
		raw := files[f.ID]
		if len(raw) == 0 {
			t.Errorf("%s: the download is empty", f.ID)
			continue
		}
		if !utf8.Valid(raw) {
			t.Errorf("%s: the file is not UTF-8", f.ID)
		}
		switch f.ID {
		case "framecheck":
			checkFramecheck(t, fx, raw, names[f.ID])
		case "w3c":
			checkW3C(t, fx, raw)
		case "doccano":
			checkDoccano(t, fx, raw)
		case "labelstudio":
			checkLabelStudio(t, fx, raw)
		case "csv":
			checkCSV(t, fx, raw)
		case "markdown":
			checkMarkdown(t, fx, raw)
		case "html":
			checkHTML(t, fx, raw)
		}
	}
	if t.Failed() {
		for _, f := range formatCases {
			p := filepath.Join(os.TempDir(), "framecheck-e2eF-"+f.ID+"."+f.Ext)
			if os.WriteFile(p, files[f.ID], 0o644) == nil {
				t.Logf("the %s export is kept in %s", f.ID, p)
			}
		}
	}
}

// ---------------------------------------------------------------------------
// Import

// roundTrip imports a file the browser exported, checks that the
// dialog names its format, opens it as a new workspace and compares that
// workspace's framecheck export with the original's.
func roundTrip(e *env, fx *fixture, f formatCase, path string) {
	t := e.t
	t.Helper()
	oldTabs := tabIDs(e)
	importPath(e, path)
	e.wait("the import dialog to show [data-import-summary] for the "+f.ID+" file",
		`document.querySelector('[data-panel="import"] [data-import-summary]') || document.querySelector('[data-panel="import"] [data-import-error]')`,
		stepTimeout, importPanel)
	if msg := eval[string](e, importErrJS); msg != "" {
		e.fatalf("%s: the app refused its own %s export: %s", f.ID, f.Name, msg)
	}
	if got := eval[string](e, `document.querySelector('[data-panel="import"] [data-import-summary]').getAttribute('data-format')`); got != f.Name {
		t.Errorf("%s: the import summary's data-format is %q, want %q (dialog: %s)", f.ID, got, f.Name, eval[string](e, importPanel))
	}
	if summary := eval[string](e, `document.querySelector('[data-panel="import"] [data-import-summary]').textContent`); !strings.Contains(summary, f.Name) {
		t.Errorf("%s: the import summary should name the format %q for the user; it says %q", f.ID, f.Name, summary)
	}
	clickSettled(e, `[data-panel="import"] button[data-action="import-new"]`)
	e.wait("the imported "+f.ID+" workspace to open (readout tabs with new ids, dialog closed)", js(`(old) => {
      const ids = [...document.querySelectorAll('button[data-readout-tab]')].map(b => b.getAttribute('data-readout-tab'));
      return ids.length === old.length && ids.every(id => !old.includes(id)) && !document.querySelector('[data-panel="import"]');
    }`, oldTabs), stepTimeout,
		`[...document.querySelectorAll('button[data-readout-tab]')].map(b => b.getAttribute('data-readout-tab') + ' ' + b.textContent).join(' | ')`, importPanel)
	e.activeReadout()
	settleSave(e)
	doc, _, _ := e.export()
	if doc.Workspace.ID == fx.doc.Workspace.ID {
		t.Errorf("%s: the imported workspace kept the id of the workspace already in this browser", f.ID)
	}
	t1, t2 := fx.doc.Workspace.Title, doc.Workspace.Title
	r1, a1 := canon(fx.doc)
	r2, a2 := canon(doc)
	if t1 != t2 {
		t.Errorf("%s round trip: workspace title %q, want %q", f.ID, t2, t1)
	}
	if !slices.Equal(r1, r2) {
		t.Errorf("%s round trip: readouts differ (ids aside):\n got %+v\nwant %+v", f.ID, r2, r1)
	}
	if !slices.Equal(a1, a2) {
		var diff []string
		for _, x := range a2 {
			if !slices.Contains(a1, x) {
				diff = append(diff, fmt.Sprintf("  got  %+v", x))
			}
		}
		for _, x := range a1 {
			if !slices.Contains(a2, x) {
				diff = append(diff, fmt.Sprintf("  want %+v", x))
			}
		}
		t.Errorf("%s round trip: annotations differ from the original export (ids aside; %d vs %d):\n%s", f.ID, len(a2), len(a1), strings.Join(diff, "\n"))
	}
}

// decodeJSON decodes JSON keeping numbers as they are.
func decodeJSON(t *testing.T, raw []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decoding an export to make a hostile file: %v", err)
	}
}

func marshalJSON(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// hostileFile is a broken file and what its refusal must name.
type hostileFile struct {
	format string
	name   string
	data   []byte
	want   []string // substrings of the message
}

func hostileFiles(t *testing.T, fx *fixture, files map[string][]byte) []hostileFile {
	t.Helper()
	kr := fx.doc.Readouts[0]
	n := utf8.RuneCountInString(kr.Text)
	n16 := len(utf16.Encode([]rune(kr.Text)))
	var out []hostileFile

	// framecheck: a tag that is not one of the three.
	{
		var m map[string]any
		decodeJSON(t, files["framecheck"], &m)
		m["annotations"].([]any)[1].(map[string]any)["tag"] = "rumour"
		out = append(out, hostileFile{"framecheck", "hostile.framecheck.json", marshalJSON(t, m),
			[]string{"annotations[1].tag", "rumour"}})
	}
	// W3C: the first annotation loses its TextQuoteSelector and its
	// TextPositionSelector ends past the text.
	{
		var m map[string]any
		decodeJSON(t, files["w3c"], &m)
		item := m["first"].(map[string]any)["items"].([]any)[0].(map[string]any)
		target, ok := item["target"].(map[string]any)
		if !ok {
			t.Fatalf("test setup: the first W3C annotation's target is not an object: %v", item["target"])
		}
		var sels []any
		for _, s := range target["selector"].([]any) {
			s := s.(map[string]any)
			if s["type"] == "TextPositionSelector" {
				s["end"] = n + 10
				sels = append(sels, s)
			}
		}
		if len(sels) != 1 {
			t.Fatalf("test setup: the first W3C annotation has %d TextPositionSelectors", len(sels))
		}
		target["selector"] = sels
		out = append(out, hostileFile{"w3c", "hostile.w3c.jsonld", marshalJSON(t, m),
			[]string{"first.items[0]", "selector[0].end", strconv.Itoa(n + 10), kr.Title}})
	}
	// doccano: a label whose end is before its start.
	{
		lines := strings.SplitAfter(string(files["doccano"]), "\n")
		var m map[string]any
		decodeJSON(t, []byte(lines[0]), &m)
		labels := m["label"].([]any)
		k := len(labels)
		m["label"] = append(labels, []any{5, 2, "fact"})
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		lines[0] = string(b) + "\n"
		out = append(out, hostileFile{"doccano", "hostile.doccano.jsonl", []byte(strings.Join(lines, "")),
			[]string{"line 1", fmt.Sprintf("label[%d]", k)}})
	}
	// Label Studio: a region whose end is past the text, in code points
	// and in UTF-16 units.
	{
		var tasks []any
		decodeJSON(t, files["labelstudio"], &tasks)
		result := tasks[0].(map[string]any)["annotations"].([]any)[0].(map[string]any)["result"].([]any)
		j := -1
		for i, r := range result {
			if r.(map[string]any)["type"] == "labels" {
				j = i
				break
			}
		}
		if j < 0 {
			t.Fatal("test setup: the first Label Studio task has no labels region")
		}
		result[j].(map[string]any)["value"].(map[string]any)["end"] = n16 + 10
		out = append(out, hostileFile{"labelstudio", "hostile.labelstudio.json", marshalJSON(t, tasks),
			[]string{fmt.Sprintf("[0].annotations[0].result[%d].value.end", j), strconv.Itoa(n16 + 10)}})
	}
	return out
}

// TestEveryFormatImportsBack imports the browser's own exports in every
// importable format through the Import button, and checks that the dialog
// names the format and that the workspace opened from the file is the
// original; then hostile files, which must be refused with a message that
// says where, changing nothing.
func TestEveryFormatImportsBack(t *testing.T) {
	e, fx := setupFormats(t)
	files := map[string][]byte{"framecheck": fx.raw}
	for _, f := range formatCases[1:] {
		if f.Import {
			files[f.ID], _ = exportAs(e, f.ID)
		}
	}
	for _, f := range formatCases {
		if !f.Import {
			continue
		}
		// The files are named as the browser named them; the app must
		// tell them by their content.
		roundTrip(e, fx, f, writeFile(t, "import-"+f.ID+"."+f.Ext, files[f.ID]))
	}

	// Hostile files: each refused, naming the place; nothing changes.
	settleSave(e)
	_, before, _ := e.export()
	tabs := tabIDs(e)
	for _, h := range hostileFiles(t, fx, files) {
		importPath(e, writeFile(t, h.name, h.data))
		e.wait("[data-panel=import] [data-import-error] for "+h.name,
			`document.querySelector('[data-panel="import"] [data-import-error]') || document.querySelector('[data-panel="import"] [data-import-summary], [data-panel="import"] [data-import-reanchor]')`,
			stepTimeout, importPanel)
		msg := eval[string](e, importErrJS)
		if msg == "" {
			t.Errorf("%s: the hostile file %s was not refused; the dialog says %q", h.format, h.name, eval[string](e, importPanel))
		} else {
			t.Logf("%s: %s", h.format, msg)
			for _, w := range h.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%s: the refusal of %s should name %q; it says %q", h.format, h.name, w, msg)
				}
			}
			if eval[bool](e, `!!document.querySelector('[data-panel="import"] button[data-action="import-new"], [data-panel="import"] button[data-action="import-merge"]')`) {
				t.Errorf("%s: a refused file must not be offered for opening or merging", h.format)
			}
		}
		clickSettled(e, `[data-panel="import"] button[data-action="import-close"]`)
		e.wait("the import dialog to close", `!document.querySelector('[data-panel="import"]')`, stepTimeout)
		if got := tabIDs(e); !slices.Equal(got, tabs) {
			t.Errorf("%s: after refusing %s the readout tabs are %q, were %q", h.format, h.name, got, tabs)
		}
		settleSave(e)
		_, after, _ := e.export()
		if x, y := canonWithoutExportedAt(t, before), canonWithoutExportedAt(t, after); x != y {
			t.Errorf("%s: refusing %s changed the workspace: %s", h.format, h.name, firstByteDiff(x, y))
		}
	}
}
