package browser

import (
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestTextPlan: the plan cuts its text back into the chunks, its meta into
// the markers' ids and labels, with their kinds, and records the UTF-16
// starts the painter places ranges by.
func TestTextPlan(t *testing.T) {
	chunks := []string{"Hello 😀 world", "", "мир\n", "ok"}
	markers := []Marker{
		{ID: "a1", Label: "Omission: something is missing here"},
		{ID: "3", Removed: true, Label: "Removed in the new version: “<b>x</b> 😀” (click to show)"},
		{ID: "om", Ghost: true, Removed: false, Label: "Left out here?"},
	}
	text, plan, meta, starts, end, ok := textPlan(chunks, markers)
	if !ok {
		t.Fatal("textPlan refused chunks with a marker between each")
	}
	if text != strings.Join(chunks, "") {
		t.Fatalf("text %q", text)
	}
	u := utf16.Encode([]rune(text))
	mu := utf16.Encode([]rune(meta))
	word := func(i int) int { return int(int32(binary.LittleEndian.Uint32(plan[4*i:]))) }
	n, m := word(0), word(1)
	if n != len(chunks) || m != len(markers) || len(plan) != 8+4*n+12*m {
		t.Fatalf("header n=%d m=%d, %d bytes", n, m, len(plan))
	}
	at := 0
	for i := range n {
		e := word(2 + i)
		if starts[i] != at {
			t.Errorf("chunk %d starts at %d, want %d", i, starts[i], at)
		}
		if got := string(utf16.Decode(u[at:e])); got != chunks[i] {
			t.Errorf("chunk %d = %q, want %q", i, got, chunks[i])
		}
		at = e
	}
	if end != len(u) || at != len(u) {
		t.Errorf("end %d, last chunk end %d, text %d UTF-16 units", end, at, len(u))
	}
	mat := 0
	for k, mk := range markers {
		o := 2 + n + 3*k
		kind, idEnd, labelEnd := word(o), word(o+1), word(o+2)
		if kind != int(markerKind(mk)) {
			t.Errorf("marker %d kind %d", k, kind)
		}
		if id, label := string(utf16.Decode(mu[mat:idEnd])), string(utf16.Decode(mu[idEnd:labelEnd])); id != mk.ID || label != mk.Label {
			t.Errorf("marker %d: %q %q", k, id, label)
		}
		mat = labelEnd
	}
	if mat != len(mu) {
		t.Errorf("meta ends at %d, has %d units", mat, len(mu))
	}
	if markerKind(Marker{Removed: true, Ghost: true}) != planRemoved {
		t.Error("a removal marker is made as one even with Ghost set, as markerEl does")
	}
	if _, _, _, _, _, ok := textPlan(chunks, markers[:2]); ok {
		t.Error("textPlan took fewer markers than gaps between chunks")
	}
	if _, _, _, _, _, ok := textPlan(nil, nil); ok {
		t.Error("textPlan took no chunks")
	}
}
