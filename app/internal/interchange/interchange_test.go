package interchange

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"framecheck/app/internal/fixture"
	"framecheck/app/internal/jsonwalk"
	"framecheck/app/workspace"
)

func TestLineText(t *testing.T) {
	lt := NewLineText("a\r\nb\rc👍🏽\r\n")
	if lt.Text != "a\nb\nc👍🏽\n" {
		t.Fatalf("Text = %q", lt.Text)
	}
	// Original code points: a \r \n b \r c 👍 🏽 \r \n (10).
	for _, tc := range []struct{ off, want int }{{0, 0}, {1, 1}, {2, 2}, {3, 2}, {5, 4}, {10, 8}} {
		if got, ok := lt.FromCodePoint(tc.off); !ok || got != tc.want {
			t.Errorf("FromCodePoint(%d) = %d %v, want %d", tc.off, got, ok, tc.want)
		}
	}
	if _, ok := lt.FromCodePoint(11); ok {
		t.Error("FromCodePoint past the end is ok")
	}
	// UTF-16: the emoji and its modifier are two units each.
	if got, ok := lt.FromUTF16(10); !ok || got != 7 {
		t.Errorf("FromUTF16(10) = %d %v", got, ok)
	}
	if _, ok := lt.FromUTF16(7); ok {
		t.Error("FromUTF16 inside a surrogate pair is ok")
	}
	if got, ok := lt.OrigFromUTF16(10); !ok || got != 8 {
		t.Errorf("OrigFromUTF16(10) = %d %v", got, ok)
	}
	// Graphemes: a, CRLF, b, CR, c, 👍🏽, CRLF.
	if n := lt.GraphemeLen(); n != 7 {
		t.Errorf("GraphemeLen = %d", n)
	}
	if got, ok := lt.FromGrapheme(6); !ok || got != 7 {
		t.Errorf("FromGrapheme(6) = %d %v", got, ok)
	}
	if _, ok := lt.FromGrapheme(8); ok {
		t.Error("FromGrapheme past the end is ok")
	}
}

func TestExtrasRoundTrip(t *testing.T) {
	w := fixture.Workspace(t)
	r := w.Readouts[0]
	x := NewExtras(1, NewWSExtras(w), r)
	for _, a := range w.AnnotationsOf(r.ID) {
		x.Annotations = append(x.Annotations, NewAnnExtras(a))
	}
	b, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonwalk.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	m := v.(map[string]any)
	var got workspace.Readout
	var wsID string
	rerr := ReadReadout("fc.", m, 1, &got, func(p string, wm map[string]any) *jsonwalk.Error {
		id, _, created, updated, err := WorkspaceFields(p, wm, time.Time{})
		if !created.Equal(w.CreatedAt) || !updated.Equal(w.UpdatedAt) {
			t.Errorf("workspace times %v %v", created, updated)
		}
		wsID = id
		return err
	})
	if rerr != nil || wsID != w.ID || got.ID != r.ID || got.Title != r.Title || got.URL != r.URL || got.Language != r.Language {
		t.Fatalf("ReadReadout = %+v, %q, %v", got, wsID, rerr)
	}
	xs, xerr := ReadAnnotations("fc.annotations", m, fixture.T0)
	if xerr != nil || len(xs) != len(w.AnnotationsOf(r.ID)) {
		t.Fatalf("ReadAnnotations = %d, %v", len(xs), xerr)
	}
	for i, a := range w.AnnotationsOf(r.ID) {
		if !xs[i].Matches(a) {
			t.Errorf("entry %d does not match %s", i, a.ID)
		}
		c := &workspace.Annotation{}
		xs[i].Apply(c)
		if c.ID != a.ID || c.Note != a.Note || c.Author != a.Author || !c.CreatedAt.Equal(a.CreatedAt) {
			t.Errorf("Apply gave %+v for %+v", c, a)
		}
	}
	m["version"] = json.Number("2")
	if err := ReadReadout("fc.", m, 1, &got, nil); err == nil || err.Error() != "fc.version: made by a newer framecheck (version 2); this one reads version 1" {
		t.Errorf("newer version: %v", err)
	}
}

func TestReadAnnotationsRefusals(t *testing.T) {
	for in, want := range map[string]string{
		`{"annotations": 3}`:                                       "p: must be an array, not a number",
		`{"annotations": [3]}`:                                     "p[0]: must be an object, not a number",
		`{"annotations": [{"tag": "x"}]}`:                          `p[0].tag: "x" is not one of fact, framing, omission`,
		`{"annotations": [{"tag": "fact", "start": 2, "end": 1}]}`: "p[0].end: 1 is before start 2",
		`{"annotations": [{"tag": "fact", "start": 1, "end": 1, "omittedBy": [7]}]}`: "p[0].omittedBy[0]: must be a string, not a number",
		`{"annotations": [{"tag": "fact", "start": 1, "end": 1, "omittedBy": "x"}]}`: "p[0].omittedBy: must be an array of readout ids, not a string",
	} {
		v, err := jsonwalk.Parse([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ReadAnnotations("p", v.(map[string]any), fixture.T0); err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %q", in, err, want)
		}
	}
	if xs, err := ReadAnnotations("p", nil, fixture.T0); xs != nil || err != nil {
		t.Errorf("nil extras: %v %v", xs, err)
	}
}

func TestResolveOmittedBy(t *testing.T) {
	om := &workspace.Annotation{ReadoutID: "r1", Tag: workspace.Omission}
	fact := &workspace.Annotation{ReadoutID: "r1", Tag: workspace.Fact}
	omitted := map[*workspace.Annotation][]string{om: {"r2", "r1", "r2", "gone"}, fact: {"r2"}}
	lost := ResolveOmittedBy([]*workspace.Annotation{om, fact}, omitted, map[string]int{"r1": 1, "r2": 2})
	if lost != 4 || strings.Join(om.OmittedBy, ",") != "r2" || fact.OmittedBy != nil {
		t.Errorf("lost %d, omittedBy %q %q", lost, om.OmittedBy, fact.OmittedBy)
	}
}
