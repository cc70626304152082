package w3c

import (
	"bytes"
	"strings"
	"testing"

	"framecheck/app/fcjson"
	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

// TestChecksRoundTrip: a workspace with checks, its own scale and a
// publisher comes back from the W3C file field for field (compared as
// framecheck v1 exports, byte for byte).
func TestChecksRoundTrip(t *testing.T) {
	w := fixture.Checked(t)
	w.RatingScale = workspace.DefaultScale().Renamed(1, "Largely true").Moved(6, -3)
	w.RatingScale = append(w.RatingScale, workspace.Rating{ID: "0b7e4c1a-2f3d-4e5a-8b6c-7d8e9f0a1b2c", Name: "Satire", Color: "#8250df", Symbol: "☺", Unscored: true})
	w.Annotation(fixture.AnnID(8)).Check.Verdict = "0b7e4c1a-2f3d-4e5a-8b6c-7d8e9f0a1b2c"
	data, err := Encode(w, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"purpose": "assessing"`, `"value": "Mostly false"`, `"purpose": "linking"`,
		`"type": "SpecificResource"`, `"source": "https://example.org/transcript?a=1&b=2"`, `"framecheck:ratingScale"`, `"framecheck:publisher"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("W3C export lacks %s", want)
		}
	}
	back, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := fcjson.Encode(w, fixture.T0)
	got, err := fcjson.Encode(back, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("round trip differs:\n%s\nwant\n%s", got, want)
	}
}

// TestForeignAssessing: another tool's "assessing" body names a verdict by
// its text; a known name maps to that rating, an unknown one becomes a new
// rating outside the numeric order rather than being dropped, and linking
// bodies become evidence.
func TestForeignAssessing(t *testing.T) {
	doc := `{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "total": 2,
	"first": {"type": "AnnotationPage", "items": [
	{"type": "Annotation", "motivation": "assessing",
	 "body": [{"type": "TextualBody", "purpose": "assessing", "value": "mostly FALSE"},
	          {"type": "SpecificResource", "purpose": "linking", "source": "https://example.org/src"}],
	 "target": {"source": "https://example.org/r", "selector": {"type": "TextQuoteSelector", "exact": "spoke"}}},
	{"type": "Annotation", "motivation": "assessing",
	 "body": {"type": "TextualBody", "purpose": "assessing", "value": "Pants on fire"},
	 "target": {"source": "https://example.org/r", "selector": {"type": "TextQuoteSelector", "exact": "hour"}}}]}}`
	w, err := DecodeWithTexts([]byte(doc), map[string]string{"https://example.org/r": "The leaders spoke for an hour."})
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Annotations) != 2 {
		t.Fatalf("%d annotations", len(w.Annotations))
	}
	a, b := w.Annotations[0], w.Annotations[1]
	if a.Check == nil || a.Check.Verdict != workspace.DefaultRatingID("Mostly false") || len(a.Check.Evidence) != 1 || a.Check.Evidence[0].URL != "https://example.org/src" {
		t.Errorf("known verdict: %+v", a.Check)
	}
	r, ok := w.Scale().Rating(b.Check.Verdict)
	if !ok || r.Name != "Pants on fire" || !r.Unscored || len(w.Scale()) != 8 {
		t.Errorf("unknown verdict: %+v in %v", r, w.Scale())
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
}
