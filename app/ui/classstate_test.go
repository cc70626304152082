package ui

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"framecheck/app/agreement"
	"framecheck/app/class"
	"framecheck/app/fcjson"
	"framecheck/app/workspace"
)

// smallClass is a class of three students over two readouts.
func smallClass(t *testing.T) *class.Class {
	t.Helper()
	now := time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)
	w := workspace.New("Cache", now)
	for _, text := range []string{"Стороны обсудили вопросы и договорились о встрече.", "The two sides discussed trade and agreed to meet again."} {
		r, err := workspace.NewReadout("R", "", "", "", "", text)
		if err != nil {
			t.Fatal(err)
		}
		w.Readouts = append(w.Readouts, r)
	}
	pack, err := class.MakePack(w, "Cache", "", false, now)
	if err != nil {
		t.Fatal(err)
	}
	var files []class.File
	for s, name := range []string{"Ana", "Ben", "Cleo"} {
		sw := pack.Clone()
		if _, err := sw.Do(workspace.SetStudent{Name: name}, now); err != nil {
			t.Fatal(err)
		}
		for i, r := range sw.Readouts {
			a, err := sw.NewAnnotation(r.ID, workspace.Tags[(s+i)%3], 3*s, 12+5*i+2*s, name, now)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sw.Do(workspace.AddAnnotation{Annotation: a}, now); err != nil {
				t.Fatal(err)
			}
		}
		h, err := class.HandIn(sw, now)
		if err != nil {
			t.Fatal(err)
		}
		data, err := fcjson.Encode(h, now)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, class.File{Name: name + ".framecheck.json", Data: data})
	}
	c := class.Load(files, class.Options{})
	if len(c.Students) != 3 || len(c.Readouts) != 2 {
		t.Fatalf("test setup: %d students, %d readouts, refused %+v", len(c.Students), len(c.Readouts), c.Refused)
	}
	return c
}

// The figures kept per readout are those of the readout and students
// shown, across switches of readout and of students.
func TestClassFiguresCache(t *testing.T) {
	cs := newClassState()
	cs.c = smallClass(t)
	check := func(step string, cached int) {
		t.Helper()
		got, want := fmt.Sprintf("%+v", cs.figures()), fmt.Sprintf("%+v", cs.c.Figures(cs.readout, cs.on))
		if got != want {
			t.Errorf("%s: figures\n%s\nwant\n%s", step, got, want)
		}
		if len(cs.figs) != cached {
			t.Errorf("%s: %d readouts' figures kept, want %d", step, len(cs.figs), cached)
		}
	}
	check("readout 0", 1)
	cs.readout = 1
	check("readout 1", 2)
	cs.readout = 0
	check("back to readout 0", 2)
	cs.off["Ben"] = true
	check("Ben off", 1)
	cs.readout = 1
	check("Ben off, readout 1", 2)
	delete(cs.off, "Ben")
	check("Ben on again", 1)
}

// The sorted passages kept are those of the readout, students and order
// shown.
func TestClassPassagesCache(t *testing.T) {
	cs := newClassState()
	cs.c = smallClass(t)
	check := func(step string) {
		t.Helper()
		want := slices.Clone(cs.c.Figures(cs.readout, cs.on).Passages)
		if cs.sort == "agreement" {
			agreement.SortByAgreement(want)
		}
		got := cs.passages()
		if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
			t.Errorf("%s: passages\n%+v\nwant\n%+v", step, got, want)
		}
		if again := cs.passages(); len(got) > 0 && &again[0] != &got[0] {
			t.Errorf("%s: passages sorted again although nothing changed", step)
		}
	}
	check("readout 0, by agreement")
	cs.sort = "position"
	check("readout 0, by position")
	cs.readout = 1
	check("readout 1, by position")
	cs.off["Cleo"] = true
	check("Cleo off")
	cs.sort = "agreement"
	check("Cleo off, by agreement")
}
