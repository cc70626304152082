package fcjson

import (
	"fmt"
	"testing"

	"framecheck/app/workspace"
)

// A workspace of one 100,000-code-point readout and 10,000 annotations:
// the size the browser must export in well under 100 ms.
func BenchmarkEncode10k(b *testing.B) {
	w := big(b, 100_000, 10_000)
	out, err := Encode(w, t0)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(out)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(w, t0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode10k(b *testing.B) {
	data, err := Encode(big(b, 100_000, 10_000), t0)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

// Many tiny readouts, each named in one omission's omittedBy and each with
// an annotation: the shape that made validation quadratic (readouts ×
// annotations) before workspace.Validate indexed readouts by id. A 50 MB
// file of this shape must open in seconds, not minutes.
func BenchmarkDecodeManyReadouts(b *testing.B) {
	const n = 5000
	w := &workspace.Workspace{ID: idWS, Title: "many", CreatedAt: t0, UpdatedAt: t0}
	for i := range n {
		w.Readouts = append(w.Readouts, &workspace.Readout{ID: fmt.Sprintf("c0000000-0000-4000-8000-%012d", i), Title: "r", Text: "ab"})
	}
	var ob []string
	for _, r := range w.Readouts[1:] {
		ob = append(ob, r.ID)
	}
	w.Annotations = append(w.Annotations, &workspace.Annotation{ID: "d0000000-0000-4000-8000-000000000000",
		ReadoutID: w.Readouts[0].ID, Tag: workspace.Omission, Start: 1, End: 1, OmittedBy: ob, CreatedAt: t0, UpdatedAt: t0})
	for i := range n {
		w.Annotations = append(w.Annotations, &workspace.Annotation{ID: fmt.Sprintf("e0000000-0000-4000-8000-%012d", i),
			ReadoutID: w.Readouts[n-1-i].ID, Tag: workspace.Fact, Start: 0, End: 1, Exact: "a", CreatedAt: t0, UpdatedAt: t0})
	}
	data, err := Encode(w, t0)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}
