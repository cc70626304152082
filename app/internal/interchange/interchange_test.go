package interchange

import (
	"encoding/json"
	"fmt"
	"strconv"
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
		if len(xs[i].Links) != len(a.Links) {
			t.Errorf("entry %d: %d links, want %d", i, len(xs[i].Links), len(a.Links))
		}
		for j, l := range xs[i].Links {
			if l.Link != a.Links[j] || l.Path != "fc.annotations["+strconv.Itoa(i)+"].links["+strconv.Itoa(j)+"]" {
				t.Errorf("entry %d link %d: %+v, want %+v", i, j, l, a.Links[j])
			}
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
		`{"annotations": [{"tag": "fact", "start": 1, "end": 1, "omittedBy": [7]}]}`:                                                   "p[0].omittedBy[0]: must be a string, not a number",
		`{"annotations": [{"tag": "fact", "start": 1, "end": 1, "omittedBy": "x"}]}`:                                                   "p[0].omittedBy: must be an array of readout ids, not a string",
		`{"annotations": [{"tag": "fact", "start": 1, "end": 1, "links": {}}]}`:                                                        "p[0].links: must be an array of links {annotationId, kind, note}, not an object",
		`{"annotations": [{"tag": "fact", "start": 1, "end": 1, "links": [{"annotationId": "x", "kind": "counterpart", "note": 1}]}]}`: "p[0].links[0].note: must be a string, not a number",
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

// ResolveLinks keeps the links that hold on both ends and names every
// entry it leaves out.
func TestResolveLinks(t *testing.T) {
	a := &workspace.Annotation{ID: "a", ReadoutID: "r1"}
	b := &workspace.Annotation{ID: "b", ReadoutID: "r2"}
	c := &workspace.Annotation{ID: "c", ReadoutID: "r2"}
	d := &workspace.Annotation{ID: "d", ReadoutID: "r1"}
	l := func(path, to, note string) XLink {
		return XLink{Path: path, Link: workspace.Link{AnnotationID: to, Kind: workspace.Counterpart, Note: note}}
	}
	lost := ResolveLinks([]*workspace.Annotation{a, b, c, d}, map[*workspace.Annotation][]XLink{
		a: {l("a0", "c", "n"), l("a1", "b", ""), l("a2", "gone", ""), l("a3", "d", "")},
		b: {l("b0", "a", "")},
		c: {l("c0", "a", "other")},
		d: {l("d0", "a", "")},
	})
	if len(a.Links) != 1 || a.Links[0].AnnotationID != "b" || len(b.Links) != 1 || c.Links != nil || d.Links != nil {
		t.Errorf("links %+v %+v %+v %+v", a.Links, b.Links, c.Links, d.Links)
	}
	want := []string{
		"a0: annotation c does not link back with the same kind and note (links are kept on both ends)",
		`a2: annotation "gone" is not in the file`,
		"a3: annotation d is in the same readout; counterparts are in different readouts",
		"c0: annotation a does not link back with the same kind and note (links are kept on both ends)",
		"d0: annotation a is in the same readout; counterparts are in different readouts",
	}
	if strings.Join(lost, "\n") != strings.Join(want, "\n") {
		t.Errorf("lost:\n%s", strings.Join(lost, "\n"))
	}
	if n := LostLinksNote(lost); !strings.HasPrefix(n, "5 counterpart link entries") || !strings.HasSuffix(n, "; and 2 more.") {
		t.Errorf("note %q", n)
	}
	if LostLinksNote(nil) != "" {
		t.Error("note without lost links")
	}
}

func TestQuotedCounts(t *testing.T) {
	counts := map[string]int{"b": 2, "a": 1, "c": 4}
	if list, total := QuotedCounts(counts, 0); list != `"a", "b", "c"` || total != 7 {
		t.Errorf("QuotedCounts(all) = %s, %d", list, total)
	}
	if list, total := QuotedCounts(counts, 2); list != `"a", "b", …` || total != 7 {
		t.Errorf("QuotedCounts(2) = %s, %d", list, total)
	}
}

// Point: a span entry is left out, a point must be an omission within the
// text, and it keeps the entry's note, author, times and (UUID) id.
func TestPoint(t *testing.T) {
	r := &workspace.Readout{ID: "r", Text: "ab🇺🇦"}
	t1 := fixture.T0.Add(time.Hour)
	if a, err := (&XAnn{Tag: workspace.Fact, Start: 0, End: 1}).Point(r); a != nil || err != nil {
		t.Errorf("span: %+v, %v", a, err)
	}
	if _, err := (&XAnn{Path: "p", Tag: workspace.Fact, Start: 1, End: 1}).Point(r); err == nil || err.Path != "p.end" {
		t.Errorf("fact point: %v", err)
	}
	if _, err := (&XAnn{Path: "p", Tag: workspace.Omission, Start: 5, End: 5}).Point(r); err == nil || err.Path != "p.start" || !strings.Contains(err.Msg, "(4 code points)") {
		t.Errorf("past the end: %v", err)
	}
	for _, id := range []string{fixture.AnnID(1), "not-a-uuid"} {
		x := &XAnn{ID: id, Tag: workspace.Omission, Start: 4, End: 4, Note: "n", Author: "A", Created: fixture.T0, Updated: t1}
		a, err := x.Point(r)
		want := ""
		if id != "not-a-uuid" {
			want = id
		}
		if err != nil || a == nil || a.ID != want || a.ReadoutID != "r" || a.Tag != workspace.Omission || a.Start != 4 || a.End != 4 ||
			a.Note != "n" || a.Author != "A" || !a.CreatedAt.Equal(fixture.T0) || !a.UpdatedAt.Equal(t1) {
			t.Errorf("%s: %+v, %v", id, a, err)
		}
	}
}

// One annotation linked to 300,000 others (each naming it back) resolves in
// linear time: looking each link's other end up by scanning lists would be
// 10^11 steps, past the test timeout.
func TestResolveLinksMany(t *testing.T) {
	if testing.Short() {
		t.Skip("large: skipped with -short")
	}
	const n = 300_000
	hub := &workspace.Annotation{ID: "d0000000-0000-4000-8000-100000000000", ReadoutID: "r1"}
	anns := []*workspace.Annotation{hub}
	links := map[*workspace.Annotation][]XLink{}
	for i := range n {
		b := &workspace.Annotation{ID: fmt.Sprintf("d0000000-0000-4000-8000-%012d", i), ReadoutID: "r2"}
		anns = append(anns, b)
		links[b] = []XLink{{Path: "b", Link: workspace.Link{AnnotationID: hub.ID, Kind: workspace.Counterpart}}}
		links[hub] = append(links[hub], XLink{Path: "hub", Link: workspace.Link{AnnotationID: b.ID, Kind: workspace.Counterpart}})
	}
	// One entry twice, and one not named back: both are lost.
	links[hub] = append(links[hub], links[hub][7])
	links[anns[9]][0].Note = "other"
	lost := ResolveLinks(anns, links)
	if len(lost) != 3 || len(hub.Links) != n-1 || len(anns[9].Links) != 0 {
		t.Errorf("lost %q, hub has %d links", lost, len(hub.Links))
	}
}
