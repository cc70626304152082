package class

import (
	"encoding/csv"
	"strings"
	"testing"

	"framecheck/app/agreement"
	"framecheck/app/fcjson"
	"framecheck/app/workspace"
)

// linked makes a's annotation i and j counterparts (different readouts).
func linked(t *testing.T, w *workspace.Workspace, i, j int, note string) {
	t.Helper()
	if _, err := w.Do(workspace.LinkAnnotations{A: w.Annotations[i].ID, B: w.Annotations[j].ID, Note: note}, t0); err != nil {
		t.Fatal(err)
	}
}

// The class export holds every student's annotations with author = the
// student and ids kept, keeps every link (also to a pack example, also
// when a copied file repeats ids), and opens again.
func TestClassWorkspaceRoundTrip(t *testing.T) {
	pack := newPack(t, "Readouts")
	ex := student(t, pack, "T", ann{1, workspace.Fact, 0, 3, "example"})
	ex.Annotations[0].Author = "Teacher"
	pack.Annotations = ex.Annotations
	exID := pack.Annotations[0].ID
	ana := student(t, pack, "Ana", ann{0, workspace.Framing, 0, 10, "soft"}, ann{1, workspace.Fact, 4, 11, ""})
	linked(t, ana, 0, 2, "same claim") // Ana's two spans (r0 0-10; r1 4-11 after the example r1 0-3)
	ben := student(t, pack, "Ben", ann{0, workspace.Fact, 2, 12, ""})
	benNew := ben.Annotations[0].ID
	if ben.Annotations[0].ReadoutID != ben.Readouts[0].ID {
		t.Fatal("setup: Ben's annotation is not on readout 0")
	}
	linked(t, ben, 0, 1, "") // Ben to the example
	// Cid copied Ana's file and signed it as his.
	cid := student(t, pack, "Cid")
	cid.Annotations = nil
	for _, a := range ana.Annotations {
		if a.Author != "Ana" {
			cid.Annotations = append(cid.Annotations, a)
			continue
		}
		cp := *a
		cp.Author = "Cid"
		cp.Links = append([]workspace.Link(nil), a.Links...)
		cid.Annotations = append(cid.Annotations, &cp)
	}
	if err := cid.Validate(); err != nil {
		t.Fatal(err)
	}
	c := Load([]File{{"a", handIn(t, ana, t0)}, {"b", handIn(t, ben, t0)}, {"c", handIn(t, cid, t0)}}, Options{})
	if names(c) != "Ana,Ben,Cid" {
		t.Fatalf("%s\n%s", names(c), refusals(c))
	}
	w, notes, err := c.Workspace(t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Annotations) != 1+2+1+2 || len(notes) != 2 {
		t.Fatalf("%d annotations, notes %q", len(w.Annotations), notes)
	}
	by := map[string]int{}
	for _, a := range w.Annotations {
		by[a.Author]++
	}
	if by["Ana"] != 2 || by["Ben"] != 1 || by["Cid"] != 2 || by["Teacher"] != 1 {
		t.Fatalf("authors %v", by)
	}
	for _, a := range ana.Annotations {
		if a.Author != "Ana" {
			continue
		}
		if got := w.Annotation(a.ID); got == nil || got.Author != "Ana" {
			t.Errorf("Ana's %s lost its id", a.ID)
		}
	}
	if l, ok := w.Annotation(benNew).LinkTo(exID); !ok || w.Annotation(exID) == nil {
		t.Errorf("Ben's link to the example is lost: %+v", l)
	}
	links := 0
	for _, a := range w.Annotations {
		if a.Author == "Cid" {
			links += len(a.Links)
			if ana.Annotation(a.ID) != nil {
				t.Errorf("Cid's copy kept Ana's id %s", a.ID)
			}
		}
	}
	if links != 2 {
		t.Errorf("Cid's link lost in the renaming: %d ends", links)
	}
	data, err := fcjson.Encode(w, t0)
	if err != nil {
		t.Fatal(err)
	}
	back, err := fcjson.Decode(data)
	if err != nil || len(back.Annotations) != len(w.Annotations) || back.Assignment != nil {
		t.Fatalf("round trip: %v", err)
	}
}

// The CSV has a row per student and readout with counts per tag, and with
// a key the figures agreement.AgainstKey gives, three decimals, empty when
// undefined; names that look like formulas are defused.
func TestCSV(t *testing.T) {
	pack := newPack(t, "Readouts")
	c := Load([]File{
		{"a", handIn(t, student(t, pack, "=Ana", ann{0, workspace.Framing, 0, 10, ""}, ann{0, workspace.Framing, 12, 14, ""}, ann{1, workspace.Fact, 4, 11, ""}), t0)},
		{"b", handIn(t, student(t, pack, "Ben", ann{0, workspace.Omission, 5, 5, ""}), t0)},
	}, Options{})
	data, err := c.CSV()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"student", "readout", "fact", "framing", "omission"},
		{"'=Ana", "Kremlin", "0", "2", "0"}, {"'=Ana", "Presidency", "1", "0", "0"},
		{"Ben", "Kremlin", "0", "0", "1"}, {"Ben", "Presidency", "0", "0", "0"}}
	if len(rows) != len(want) {
		t.Fatalf("rows %q", rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: %q, want %q", i, rows[i], want[i])
		}
	}
	// With a key.
	key := student(t, pack, "T", ann{0, workspace.Framing, 0, 10, ""})
	key.Assignment = nil
	c = Load([]File{{"a", handIn(t, student(t, pack, "Ana", ann{0, workspace.Framing, 0, 10, ""}, ann{0, workspace.Fact, 12, 14, ""}), t0)}}, Options{Key: key})
	data, err = c.CSV()
	if err != nil {
		t.Fatal(err)
	}
	rows, _ = csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\uFEFF"))).ReadAll()
	if len(rows[0]) != 5+12 || rows[0][5] != "fact precision" || rows[0][16] != "all F1" {
		t.Fatalf("header %q", rows[0])
	}
	mine := c.Spans(0, nil)
	for k, cat := range Cats() {
		s := agreement.AgainstKey(c.KeySpans(0), mine, cat)
		for j, f := range []agreement.Figure{s.Precision, s.Recall, s.F1} {
			if got := rows[1][5+3*k+j]; got != Format(f) {
				t.Errorf("%s column %d: %q, want %q", cat, j, got, Format(f))
			}
		}
	}
}
