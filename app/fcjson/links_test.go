package fcjson

import (
	"errors"
	"strings"
	"testing"
	"time"

	"framecheck/app/workspace"
)

// Counterpart links travel in the optional "links" field, on both ends, and
// survive a round trip; a link written on one end only is refused with its
// path.
func TestLinksRoundTrip(t *testing.T) {
	now := time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)
	w, err := workspace.Sample(now)
	if err != nil {
		t.Fatal(err)
	}
	kr, wh := w.AnnotationsOf(w.Readouts[0].ID)[0], w.AnnotationsOf(w.Readouts[1].ID)[0]
	if _, err := w.Do(workspace.LinkAnnotations{A: kr.ID, B: wh.ID, Note: "same duration"}, now); err != nil {
		t.Fatal(err)
	}
	data, err := Encode(w, now)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), `"kind": "counterpart", "note": "same duration"`); n != 2 {
		t.Fatalf("links written %d times, want on both ends:\n%s", n, data)
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if l, ok := got.Annotation(kr.ID).LinkTo(wh.ID); !ok || l.Kind != workspace.Counterpart || l.Note != "same duration" {
		t.Fatalf("link lost: %+v", got.Annotation(kr.ID).Links)
	}
	again, err := Encode(got, now)
	if err != nil || string(again) != string(data) {
		t.Fatalf("round trip changed the bytes (%v)", err)
	}
	// One end removed by hand: refused, naming where.
	i := strings.Index(string(data), `"links"`)
	j := strings.Index(string(data)[i:], "]") + i + 1
	broken := string(data[:i-len(",\n      ")]) + string(data[j:])
	_, err = Decode([]byte(broken))
	var fe *Error
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "links[0]") || !strings.Contains(err.Error(), "both ends") {
		t.Fatalf("one-sided link: got %v", err)
	}
	// Unknown kind.
	bad := strings.Replace(string(data), `"kind": "counterpart"`, `"kind": "rebuttal"`, 1)
	if _, err := Decode([]byte(bad)); err == nil || !strings.Contains(err.Error(), "kind") {
		t.Fatalf("unknown kind: %v", err)
	}
}
