package fcjson

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

// A workspace of one 100,000-code-point readout and 10,000 annotations:
// the size the browser must export in well under 100 ms.
func BenchmarkEncode10k(b *testing.B) {
	w := big(b, 100_000, 10_000)
	out, err := Encode(w, fixture.T0)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(out)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(w, fixture.T0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode10k(b *testing.B) {
	data, err := Encode(big(b, 100_000, 10_000), fixture.T0)
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
	w := &workspace.Workspace{ID: fixture.WS, Title: "many", CreatedAt: fixture.T0, UpdatedAt: fixture.T0}
	for i := range n {
		w.Readouts = append(w.Readouts, &workspace.Readout{ID: fmt.Sprintf("c0000000-0000-4000-8000-%012d", i), Title: "r", Text: "ab"})
	}
	var ob []string
	for _, r := range w.Readouts[1:] {
		ob = append(ob, r.ID)
	}
	w.Annotations = append(w.Annotations, &workspace.Annotation{ID: "d0000000-0000-4000-8000-000000000000",
		ReadoutID: w.Readouts[0].ID, Tag: workspace.Omission, Start: 1, End: 1, OmittedBy: ob, CreatedAt: fixture.T0, UpdatedAt: fixture.T0})
	for i := range n {
		w.Annotations = append(w.Annotations, &workspace.Annotation{ID: fmt.Sprintf("e0000000-0000-4000-8000-%012d", i),
			ReadoutID: w.Readouts[n-1-i].ID, Tag: workspace.Fact, Start: 0, End: 1, Exact: "a", CreatedAt: fixture.T0, UpdatedAt: fixture.T0})
	}
	data, err := Encode(w, fixture.T0)
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

// A file from a tool that counted UTF-16 units: 2,000 annotations on a
// 100,000-code-point readout with emoji throughout, nearly all of them
// displaced, each found by a search of the whole text.
func BenchmarkDecodeReanchor2k(b *testing.B) {
	words := strings.Fields("Президенты обсудили ситуацию 🇺🇦 and the wider <Middle East> & Iran, включая торгово-экономическое сотрудничество 👩🏽‍💻 talks ceasefire Kyiv Москва Washington")
	rng := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	for n := 0; n < 100_000; {
		w := words[rng.IntN(len(words))]
		sb.WriteString(w)
		sb.WriteByte(' ')
		n += utf8.RuneCountInString(w) + 1
	}
	r := &workspace.Readout{ID: "5e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7", Title: "Big readout", Text: sb.String()}
	w := &workspace.Workspace{ID: fixture.WS, Title: "Big", CreatedAt: fixture.T0, UpdatedAt: fixture.T0, Readouts: []*workspace.Readout{r}}
	t := r.Positions()
	for i := range 2000 {
		start := rng.IntN(t.Len() - 100)
		end := start + 20 + rng.IntN(30)
		start, end = t.SnapSpan(start, end)
		prefix, exact, suffix, _ := t.Quote(start, end, workspace.ContextLen)
		// UTF-16 offsets, as another tool would write them.
		us, _ := t.CodePointToUTF16(start)
		ue, _ := t.CodePointToUTF16(end)
		w.Annotations = append(w.Annotations, &workspace.Annotation{
			ID: fmt.Sprintf("b0000000-0000-4000-8000-%012d", i), ReadoutID: r.ID, Tag: workspace.Fact,
			Start: us, End: ue, Exact: exact, Prefix: prefix, Suffix: suffix, CreatedAt: fixture.T0, UpdatedAt: fixture.T0,
		})
	}
	// Encode checks exact against the offsets: write the file by hand from
	// a valid export.
	for _, a := range w.Annotations {
		a.Start, _ = t.UTF16ToCodePoint(a.Start)
		a.End, _ = t.UTF16ToCodePoint(a.End)
	}
	data, err := Encode(w, fixture.T0)
	if err != nil {
		b.Fatal(err)
	}
	var f map[string]any
	if err := json.Unmarshal(data, &f); err != nil {
		b.Fatal(err)
	}
	for _, x := range f["annotations"].([]any) {
		a := x.(map[string]any)
		for _, k := range []string{"start", "end"} {
			a[k], _ = t.CodePointToUTF16(int(a[k].(float64)))
		}
	}
	if data, err = json.Marshal(f); err != nil {
		b.Fatal(err)
	}
	_, rep, err := DecodeWith(data, Options{Reanchor: true})
	if err != nil {
		b.Fatal(err)
	}
	if len(rep.Reanchored) < 1900 {
		b.Fatalf("only %d of 2000 annotations moved", len(rep.Reanchored))
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, err := DecodeWith(data, Options{Reanchor: true}); err != nil {
			b.Fatal(err)
		}
	}
}
