package w3c

import (
	"os"
	"strings"
	"testing"

	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

// Texts of the third-party tests, by source IRI.
const (
	srcA  = "https://example.org/readout-a"
	srcB  = "https://example.org/readout-b"
	textX = "The leaders spoke. 🇺🇦 Ukraine was discussed. The leaders agreed. Ukraine was discussed again."
	textY = "A second readout that leaves things out."
)

var texts = map[string]string{srcA: textX, srcB: textY}

// one decodes data with texts and returns its only annotation.
func one(t *testing.T, data string) (*workspace.Workspace, *workspace.Annotation) {
	t.Helper()
	w, err := DecodeWithTexts([]byte(data), texts)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	fc(t, w) // it exports as framecheck v1
	if len(w.Annotations) != 1 {
		t.Fatalf("%d annotations", len(w.Annotations))
	}
	return w, w.Annotations[0]
}

func cp(s, sub string, nth int) int {
	b := -1
	for range nth + 1 {
		b += 1 + strings.Index(s[b+1:], sub)
	}
	return len([]rune(s[:b]))
}

func TestThirdParty(t *testing.T) {
	second := cp(textX, "Ukraine was discussed", 1)
	for name, tc := range map[string]struct {
		data        string
		start, end  int
		tag         workspace.Tag
		note        string
		author      string
		readoutURL  string
		omittedByIn int
	}{
		"quote only": {
			data: `{"@context":"http://www.w3.org/ns/anno.jsonld","id":"http://example.org/anno1","type":"Annotation",
				"body":{"type":"TextualBody","value":"fact","purpose":"tagging"},
				"target":{"source":"` + srcA + `","selector":{"type":"TextQuoteSelector","exact":"leaders agreed"}}}`,
			start: cp(textX, "leaders agreed", 0), end: cp(textX, "leaders agreed", 0) + 14, tag: workspace.Fact, readoutURL: srcA,
		},
		"quote among repeats, by prefix and suffix": {
			data: `{"type":"Annotation","target":{"source":"` + srcA + `","selector":{"type":"TextQuoteSelector",
				"exact":"Ukraine was discussed","prefix":"agreed. ","suffix":" again"}},"body":{"purpose":"tagging","value":"Framing"}}`,
			start: second, end: second + 21, tag: workspace.Framing,
		},
		"position only, code points after a flag": {
			data: `{"type":"Annotation","motivation":"highlighting","target":{"source":"` + srcA + `","selector":
				{"type":"TextPositionSelector","start":` + itoa(cp(textX, "Ukraine", 0)) + `,"end":` + itoa(cp(textX, "Ukraine", 0)+7) + `}}}`,
			start: cp(textX, "Ukraine", 0), end: cp(textX, "Ukraine", 0) + 7, tag: workspace.Framing, note: "tag: none",
		},
		"string target is the whole text": {
			data:  `{"type":"Annotation","body":"http://example.org/comment/1","target":"` + srcB + `"}`,
			start: 0, end: len([]rune(textY)), tag: workspace.Framing, note: "body: http://example.org/comment/1\ntag: none",
		},
		"unknown tag becomes a note": {
			data: `{"type":"Annotation","motivation":["tagging","commenting"],"creator":"Jane",
				"body":[{"type":"TextualBody","purpose":"commenting","value":"Spin."},{"type":"TextualBody","purpose":"tagging","value":"misleading"}],
				"target":{"source":"` + srcA + `","selector":{"type":"TextQuoteSelector","exact":"The leaders spoke."}}}`,
			start: 0, end: 18, tag: workspace.Framing, note: "Spin.\n\ntag: misleading", author: "Jane",
		},
		"both selectors, position in UTF-16 units falls back to the quote": {
			// Hypothesis-style: a RangeSelector (skipped), a position counted
			// in UTF-16 (the flag is 4 units, 2 code points) and the quote.
			data: `{"@id":"urn:x:1","@type":"Annotation","motivation":"commenting","bodyValue":"Check this.",
				"creator":{"type":"Person","nickname":"jd"},
				"target":[{"source":"` + srcA + `","selector":[
				{"type":"RangeSelector","startSelector":{"type":"XPathSelector","value":"/p[1]"}},
				{"type":"TextPositionSelector","start":` + itoa(cp(textX, "Ukraine", 0)+2) + `,"end":` + itoa(cp(textX, "Ukraine", 0)+23) + `},
				{"type":"TextQuoteSelector","exact":"Ukraine was discussed","prefix":"spoke. 🇺🇦 ","suffix":". The"}]}]}`,
			start: cp(textX, "Ukraine", 0), end: cp(textX, "Ukraine", 0) + 21, tag: workspace.Framing, note: "Check this.\n\ntag: none", author: "jd",
		},
		"point by prefix and suffix, omitted by another readout": {
			data: `{"type":"Annotation","motivation":"classifying","body":{"type":"TextualBody","purpose":"tagging","value":"omission"},
				"target":[{"type":"SpecificResource","source":"` + srcA + `","selector":{"type":"TextQuoteSelector","exact":"","prefix":"spoke.","suffix":" 🇺🇦"}},"` + srcB + `"]}`,
			start: cp(textX, " 🇺🇦", 0), end: cp(textX, " 🇺🇦", 0), tag: workspace.Omission, omittedByIn: 1,
		},
		"sole tagging motivation makes a plain body a tag; other motivations are noted": {
			data: `{"type":"Annotation","motivation":"tagging","body":{"type":"TextualBody","value":"omission"},
				"target":{"source":"` + srcA + `","selector":{"type":"TextQuoteSelector","exact":"again"}}}`,
			start: cp(textX, "again", 0), end: cp(textX, "again", 0) + 5, tag: workspace.Omission,
		},
		"questioning, Choice body": {
			data: `{"type":"Annotation","motivation":"questioning","body":{"type":"Choice","items":[{"type":"TextualBody","value":"Really?"},{"type":"TextualBody","value":"Vraiment ?"}]},
				"target":{"source":"` + srcA + `","selector":{"type":"TextQuoteSelector","exact":"agreed"}}}`,
			start: cp(textX, "agreed", 0), end: cp(textX, "agreed", 0) + 6, tag: workspace.Framing, note: "Really?\n\nmotivation: questioning\ntag: none",
		},
	} {
		t.Run(name, func(t *testing.T) {
			w, a := one(t, tc.data)
			if a.Start != tc.start || a.End != tc.end || a.Tag != tc.tag || a.Note != tc.note || a.Author != tc.author {
				t.Fatalf("got %d-%d %s note %q author %q, want %d-%d %s note %q author %q",
					a.Start, a.End, a.Tag, a.Note, a.Author, tc.start, tc.end, tc.tag, tc.note, tc.author)
			}
			r := w.Readout(a.ReadoutID)
			if tc.readoutURL != "" && (r.URL != tc.readoutURL || r.Title != tc.readoutURL) {
				t.Errorf("readout %+v", r)
			}
			if len(a.OmittedBy) != tc.omittedByIn {
				t.Errorf("omittedBy %v", a.OmittedBy)
			}
			if len(w.Readouts) != 1+tc.omittedByIn {
				t.Errorf("%d readouts: only those annotations refer to are made", len(w.Readouts))
			}
			if w.Title != defaultTitle {
				t.Errorf("title %q", w.Title)
			}
		})
	}
}

// Arrays of annotations and pages are read; ids and times are kept; a
// workspace without its own times takes its annotations'.
func TestThirdPartyContainers(t *testing.T) {
	ann := func(id, exact, created string) string {
		return `{"id":"` + id + `","type":"Annotation","created":"` + created + `","target":{"source":"` + srcA +
			`","selector":{"type":"TextQuoteSelector","exact":"` + exact + `"}}}`
	}
	items := ann("urn:uuid:"+fixture.AnnID(1), "agreed", "2026-07-01T10:00:00+02:00") + "," + ann("https://h.example/a/2", "spoke", "2026-07-02T10:00:00.75")
	for name, data := range map[string]string{
		"array": "[" + items + "]",
		"page":  `{"type":"AnnotationPage","items":[` + items + `]}`,
		"collection with two embedded pages": `{"type":"AnnotationCollection","label":"Mine","total":2,"first":{"type":"AnnotationPage","items":[` +
			ann("urn:uuid:"+fixture.AnnID(1), "agreed", "2026-07-01T10:00:00+02:00") + `],"next":{"type":"AnnotationPage","items":[` +
			ann("https://h.example/a/2", "spoke", "2026-07-02T10:00:00.75") + `]}}}`,
	} {
		t.Run(name, func(t *testing.T) {
			w, err := DecodeWithTexts([]byte(data), texts)
			if err != nil {
				t.Fatal(err)
			}
			if len(w.Annotations) != 2 || w.Annotation(fixture.AnnID(1)) == nil || w.Annotation(derivedUUID("https://h.example/a/2")) == nil {
				t.Fatalf("annotations %v", w.Annotations)
			}
			if got := w.Annotation(fixture.AnnID(1)).CreatedAt.Format(timeLayout); got != "2026-07-01T08:00:00Z" {
				t.Errorf("created %s", got)
			}
			if !w.CreatedAt.Equal(w.Annotation(fixture.AnnID(1)).CreatedAt) || w.UpdatedAt.Format(timeLayout) != "2026-07-02T10:00:00Z" {
				t.Errorf("workspace times %v %v", w.CreatedAt, w.UpdatedAt)
			}
			// The same file gives the same workspace.
			w2, _ := DecodeWithTexts([]byte(data), texts)
			if fc(t, w) != fc(t, w2) {
				t.Error("decoding is not deterministic")
			}
		})
	}
}

// A framecheck export opened by another tool, re-tagged there, and read
// back: the other tool's tags and notes are kept.
func TestDecodeOwnFileFromTexts(t *testing.T) {
	// Without framecheck:readouts the texts come from the map, keyed by
	// the readout IRIs.
	data, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	s = s[:strings.Index(s, `,
  "framecheck:readouts"`)] + "\n}\n"
	_, err = Decode([]byte(s))
	if e := asError(t, err); e.Path != "first.items[0].target.source" || !strings.Contains(e.Msg, `the file does not carry the text of readout "`+urlKR+`"`) {
		t.Fatalf("got %v", err)
	}
	g := golden(t)
	m := map[string]string{urlKR: fixture.GoldenTextK, "urn:uuid:" + fixture.AR: fixture.TextA, "urn:uuid:" + fixture.EN: fixture.GoldenTextE}
	w, err := DecodeWithTexts([]byte(s), m)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Annotations) != len(g.Annotations) || w.Annotation(fixture.AnnID(4)) == nil || len(w.Annotation(fixture.AnnID(4)).OmittedBy) != 2 {
		t.Fatalf("got %d annotations", len(w.Annotations))
	}
	if r := w.Readout(fixture.AR); r == nil || r.Text != fixture.TextA {
		t.Fatal("urn:uuid readout ids are kept")
	}
}

func TestDecodeTextsNormalised(t *testing.T) {
	data := `{"type":"Annotation","body":{"purpose":"tagging","value":"fact"},"target":{"source":"urn:x","selector":{"type":"TextQuoteSelector","exact":"b\r\nc"}}}`
	w, err := DecodeWithTexts([]byte(data), map[string]string{"urn:x": "a\r\nb\r\nc"})
	if err != nil {
		t.Fatal(err)
	}
	if a := w.Annotations[0]; w.Readouts[0].Text != "a\nb\nc" || a.Exact != "b\nc" || a.Start != 2 {
		t.Fatalf("%q %+v", w.Readouts[0].Text, a)
	}
}

// Many quote-only annotations on a long text use the suffix array, and
// agree with the plain search.
func TestManyQuotes(t *testing.T) {
	var text strings.Builder
	for i := range 3000 {
		text.WriteString("Абзац №" + itoa(i) + " 🇺🇦; ")
	}
	var b strings.Builder
	b.WriteString("[")
	const n = 200
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"type":"Annotation","target":{"source":"urn:t","selector":{"type":"TextQuoteSelector","exact":"№` + itoa(i*13) + ` 🇺🇦","prefix":"Абзац "}}}`)
	}
	b.WriteString("]")
	w, err := DecodeWithTexts([]byte(b.String()), map[string]string{"urn:t": text.String()})
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Annotations) != n { // else the loop below checks nothing
		t.Fatalf("%d annotations, want %d", len(w.Annotations), n)
	}
	for _, a := range w.Annotations {
		want := cp(text.String(), "Абзац "+a.Exact, 0) + 6
		if a.Start != want {
			t.Fatalf("%q at %d, want %d", a.Exact, a.Start, want)
		}
	}
}

// Links from another tool: a linking annotation whose two targets are
// annotations of the file (by id, as a string or an object), wherever it
// is in the file, links them as counterparts; a kind framecheck does not
// know, other bodies, motivations and the creator go into the link's
// note. A linking annotation on a passage (the Recommendation's usual
// "this passage links to that page") stays an annotation, as before.
func TestThirdPartyLinks(t *testing.T) {
	ann := func(id, src, exact string) string {
		return `{"type":"Annotation","id":"` + id + `","target":{"source":"` + src + `","selector":{"type":"TextQuoteSelector","exact":"` + exact + `"}}}`
	}
	data := `[
		{"type":"Annotation","id":"https://h.example/links/1","motivation":["linking","commenting"],"creator":{"type":"Person","name":"Jane"},
		 "created":"2026-07-01T10:00:00Z",
		 "body":[{"type":"TextualBody","value":"Same claim."},{"type":"TextualBody","purpose":"tagging","value":"supports"},"https://evidence.example/1"],
		 "target":[{"id":"https://h.example/a/1","type":"Annotation"},"https://h.example/b/1"]},
		` + ann("https://h.example/a/1", srcA, "leaders agreed") + `,
		` + ann("https://h.example/b/1", srcB, "leaves things out") + `,
		` + ann("https://h.example/a/2", srcA, "spoke") + `,
		{"type":"Annotation","motivation":"linking","body":{"purpose":"tagging","value":"Counterpart"},"target":[{"source":"https://h.example/b/1"},"https://h.example/a/2"]},
		{"type":"Annotation","motivation":"linking","body":"https://other.example/page","target":{"source":"` + srcA + `","selector":{"type":"TextQuoteSelector","exact":"again"}}}
	]`
	w, err := DecodeWithTexts([]byte(data), texts)
	if err != nil {
		t.Fatal(err)
	}
	a1, b1, a2 := derivedUUID("https://h.example/a/1"), derivedUUID("https://h.example/b/1"), derivedUUID("https://h.example/a/2")
	if len(w.Annotations) != 4 {
		t.Fatalf("%d annotations, want 4 (the two links are not annotations)", len(w.Annotations))
	}
	l, ok := w.Annotation(a1).LinkTo(b1)
	if !ok || l.Kind != workspace.Counterpart || l.Note != "Same claim.\n\ntag: supports\nbody: https://evidence.example/1\ncreator: Jane" {
		t.Fatalf("link a1-b1: %+v", w.Annotation(a1).Links)
	}
	if l, ok := w.Annotation(a2).LinkTo(b1); !ok || l.Note != "" {
		t.Fatalf("link a2-b1: %+v", w.Annotation(a2).Links)
	}
	if b := w.Annotation(b1); len(b.Links) != 2 || b.Links[0].AnnotationID > b.Links[1].AnnotationID {
		t.Fatalf("b1's links are not both there in canonical order: %+v", b.Links)
	}
	var passage *workspace.Annotation
	for _, a := range w.Annotations {
		if a.Exact == "again" {
			passage = a
		}
	}
	if passage == nil || passage.Note != "body: https://other.example/page\nmotivation: linking\ntag: none" || len(passage.Links) != 0 {
		t.Fatalf("linking annotation on a passage: %+v", passage)
	}
	// framecheck → W3C → framecheck keeps them.
	out, err := Encode(w, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(out)
	if err != nil {
		t.Fatal(err)
	}
	if fc(t, back) != fc(t, w) {
		t.Fatal("re-export changed the links")
	}
}
