package class

import (
	"strings"
	"testing"
	"time"

	"framecheck/app/fcjson"
	"framecheck/app/workspace"
)

// A pack carries the readouts and a fresh assignment; examples go along
// signed as examples, or stay behind; the teacher's workspace is unchanged.
// A student's work from it hands in as a file the class view takes.
func TestPackAndHandIn(t *testing.T) {
	teacher := student(t, newPack(t, "x"), "Ms Roe", ann{0, workspace.Framing, 0, 10, "see?"})
	teacher.Assignment = nil
	for _, examples := range []bool{true, false} {
		p, err := MakePack(teacher, "  Week 3: readouts ", "Read.\r\n\r\nTag.", examples, t0)
		if err != nil {
			t.Fatal(err)
		}
		if p.Assignment.Title != "Week 3: readouts" || p.Assignment.Instructions != "Read.\n\nTag." || p.ID == teacher.ID {
			t.Fatalf("pack %+v", p.Assignment)
		}
		if examples && (len(p.Annotations) != 1 || p.Annotations[0].Author != ExampleAuthor) || !examples && len(p.Annotations) != 0 {
			t.Fatalf("examples=%v: %d annotations", examples, len(p.Annotations))
		}
		if teacher.Annotations[0].Author != "Ms Roe" {
			t.Fatal("MakePack changed the teacher's workspace")
		}
		data, err := fcjson.Encode(p, t0)
		if err != nil {
			t.Fatal(err)
		}
		back, err := fcjson.Decode(data)
		if err != nil || back.Assignment.ID != p.Assignment.ID {
			t.Fatalf("pack round trip: %v", err)
		}
		// The student's work.
		w := student(t, back, "Ana", ann{0, workspace.Fact, 2, 5, ""})
		if _, err := HandIn(&workspace.Workspace{}, t0); err == nil {
			t.Fatal("hand-in of a non-assignment")
		}
		w.Assignment.Student = ""
		if _, err := HandIn(w, t0); err == nil || !strings.Contains(err.Error(), "name") {
			t.Fatalf("hand-in without a name: %v", err)
		}
		w.Assignment.Student = "Ana"
		h, err := HandIn(w, t0.Add(time.Hour))
		if err != nil || w.SubmittedBy != "" {
			t.Fatalf("hand-in: %v (workspace stamped: %q)", err, w.SubmittedBy)
		}
		c := Load([]File{{HandInName(p.Assignment.Title, "Ana"), encode(t, h)}}, Options{Key: teacher})
		if names(c) != "Ana" || len(c.Students[0].Annotations[0]) != 1 || len(c.Examples) != len(p.Annotations) || c.Key == nil {
			t.Fatalf("class of the hand-in: %q, %d examples\n%s", names(c), len(c.Examples), refusals(c))
		}
	}
	if _, err := MakePack(teacher, " ", "", false, t0); err == nil {
		t.Error("pack without a title")
	}
	if got := HandInName("Week 3: readouts", "Ana/Lima"); got != "Week 3 readouts - Ana Lima.framecheck.json" {
		t.Errorf("hand-in name %q", got)
	}
	if got := PackName("Week 3"); got != "Week 3.pack.framecheck.json" {
		t.Errorf("pack name %q", got)
	}
}
