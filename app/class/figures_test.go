package class

import (
	"testing"

	"framecheck/app/agreement"
	"framecheck/app/workspace"
)

// Figures hands app/agreement the students shown (coders, their spans
// only) and the key per student; a student switched off leaves the figures
// as if absent.
func TestFiguresOfStudentsShown(t *testing.T) {
	pack := newPack(t, "R")
	key := student(t, pack, "T", ann{0, workspace.Framing, 0, 10, ""})
	key.Assignment = nil
	c := Load([]File{
		{"a", handIn(t, student(t, pack, "Ana", ann{0, workspace.Framing, 0, 10, ""}, ann{0, workspace.Fact, 20, 30, ""}), t0)},
		{"b", handIn(t, student(t, pack, "Ben", ann{0, workspace.Framing, 1, 10, ""}), t0)},
		{"c", handIn(t, student(t, pack, "Cid", ann{0, workspace.Fact, 40, 50, ""}), t0)},
	}, Options{Key: key})
	length := c.Readouts[0].Positions().Len()
	on := func(n string) bool { return n != "Cid" }
	f := c.Figures(0, on)
	if len(f.Coders) != 2 || f.Coders[0] != "Ana" || f.Coders[1] != "Ben" {
		t.Fatalf("coders %q", f.Coders)
	}
	spans := []agreement.Span{
		{Coder: "Ana", Cat: "framing", Start: 0, End: 10}, {Coder: "Ana", Cat: "fact", Start: 20, End: 30},
		{Coder: "Ben", Cat: "framing", Start: 1, End: 10},
	}
	for _, cat := range Cats() {
		if got, want := f.Alpha[cat], agreement.AlphaU(length, []string{"Ana", "Ben"}, spans, cat); got != want {
			t.Errorf("alpha %q: %+v, want %+v", cat, got, want)
		}
	}
	if p := c.Pairs(0, on); len(p) != 1 || p[0].A != "Ana" || p[0].B != "Ben" || p[0].Exact != agreement.PairwiseF1([]string{"Ana", "Ben"}, spans, "")[0].Exact {
		t.Fatalf("pairs %+v", p)
	}
	if got := f.Key["Ben"]["framing"]; got != agreement.AgainstKey(c.KeySpans(0), spans[2:], "framing") || !got.Recall.Defined || got.Recall.Value != 1 {
		t.Errorf("Ben against the key: %+v", got)
	}
	if _, ok := f.Key["Cid"]; ok {
		t.Error("a student switched off is scored")
	}
	// Passages group Ana's and Ben's framing; Cid's fact is not there.
	if len(f.Passages) != 2 || f.Passages[0].Coders != 2 {
		t.Errorf("passages %+v", f.Passages)
	}
}
