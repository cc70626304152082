package class

import (
	"slices"
	"strings"
	"testing"
	"time"

	"framecheck/app/workspace"
)

// Every file is checked alone: a foreign, a tampered, a plain workspace, an
// export that is not a hand-in and a broken file are listed with their
// reason and do not block the good ones; a student's two hand-ins keep the
// newest and say so.
func TestLoadChecksEachFile(t *testing.T) {
	pack := newPack(t, "Readouts")
	ana := student(t, pack, "Ana", ann{0, workspace.Framing, 0, 10, "soft"}, ann{1, workspace.Fact, 4, 11, ""})
	ben := student(t, pack, "Ben", ann{0, workspace.Framing, 2, 12, ""}, ann{0, workspace.Omission, 20, 20, "no date"})
	benOld := student(t, pack, "Ben", ann{0, workspace.Fact, 1, 3, ""})
	other := student(t, newPack(t, "Another task"), "Cleo", ann{0, workspace.Fact, 0, 5, ""})
	// Tampered with its hash recomputed: only the class sees it.
	tampered := student(t, pack, "Dan")
	edited := *tampered.Readouts[0]
	edited.Text = strings.Replace(edited.Text, "Конец", "Начало", 1)
	tampered.Readouts = []*workspace.Readout{&edited, tampered.Readouts[1]}
	// Tampered by hand: the text no longer matches its hash.
	stale := strings.Replace(string(handIn(t, student(t, pack, "Eve"), t0)), "Конец", "Начало", 1)
	plain := student(t, pack, "Fay")
	plain.Assignment = nil
	files := []File{
		{"ana.json", handIn(t, ana, t0.Add(time.Hour))},
		{"ben-old.json", handIn(t, benOld, t0.Add(time.Hour))},
		{"ben.json", handIn(t, ben, t0.Add(2*time.Hour))},
		{"cleo.json", handIn(t, other, t0)},
		{"dan.json", handIn(t, tampered, t0)},
		{"eve.json", []byte(stale)},
		{"fay.json", encode(t, plain)},
		{"gil.json", encode(t, student(t, pack, "Gil"))},
		{"broken.json", []byte(`{"format": "framecheck", `)},
		{"notes.json", []byte(`[1, 2]`)},
	}
	c := Load(files, Options{})
	if got := names(c); got != "Ana,Ben" {
		t.Fatalf("students %q, want Ana,Ben\n%s", got, refusals(c))
	}
	if c.Assignment.ID != pack.Assignment.ID || len(c.Readouts) != 2 {
		t.Fatalf("assignment %+v, %d readouts", c.Assignment, len(c.Readouts))
	}
	for file, want := range map[string]string{
		"ben-old.json": "older hand-in of Ben",
		"cleo.json":    `another assignment ("Another task"`,
		"dan.json":     "changed text: readout 1",
		"eve.json":     "changed text",
		"fay.json":     "not a hand-in: an ordinary",
		"gil.json":     "Gil's work saved with Export",
		"broken.json":  "broken:",
		"notes.json":   "broken:",
	} {
		if got := refusedFor(c, file); !strings.Contains(got, want) {
			t.Errorf("%s: reason %q, want it to contain %q", file, got, want)
		}
	}
	if len(c.Refused) != 8 {
		t.Errorf("%d refusals, want 8:\n%s", len(c.Refused), refusals(c))
	}
	if !strings.Contains(strings.Join(c.Notes, "\n"), "Ben handed in twice: kept ben.json") {
		t.Errorf("notes %q do not say which of Ben's hand-ins was kept", c.Notes)
	}
	// Ben's newer work is the one used, signed and on the class's readouts.
	var b *Student
	for _, s := range c.Students {
		if s.Name == "Ben" {
			b = s
		}
	}
	if len(b.Annotations[0]) != 2 || b.Annotations[0][1].Tag != workspace.Omission || b.Annotations[0][1].ReadoutID != c.Readouts[0].ID {
		t.Fatalf("Ben's annotations: %+v", b.Annotations[0])
	}
	// Order does not matter: the newer hand-in first gives the same class.
	files[1], files[2] = files[2], files[1]
	if c2 := Load(files, Options{}); names(c2) != "Ana,Ben" || len(c2.Students[1].Annotations[0]) != 2 {
		t.Fatalf("order changed the result: %s", names(c2))
	}
}

// The pack, when loaded too, decides the assignment and texts even when
// most files are for another assignment; the examples are not counted.
func TestLoadWithPackAndExamples(t *testing.T) {
	pack := newPack(t, "Readouts")
	ex := student(t, pack, "Teacher", ann{0, workspace.Fact, 0, 4, "example"})
	pack.Annotations = ex.Annotations
	pack.Annotations[0].Author = ""
	other := newPack(t, "Other")
	files := []File{{"pack.json", encode(t, pack)},
		{"x.json", handIn(t, student(t, other, "X"), t0)}, {"y.json", handIn(t, student(t, other, "Y"), t0)},
		{"ana.json", handIn(t, student(t, pack, "Ana", ann{0, workspace.Fact, 0, 4, ""}), t0)}}
	c := Load(files, Options{})
	if names(c) != "Ana" || c.Assignment.Title != "Readouts" {
		t.Fatalf("students %q of %q\n%s", names(c), c.Assignment.Title, refusals(c))
	}
	if len(c.Students[0].Annotations[0]) != 1 || len(c.Examples) != 1 || c.Examples[0].Note != "example" {
		t.Fatalf("Ana has %d annotations, %d examples", len(c.Students[0].Annotations[0]), len(c.Examples))
	}
}

// The teacher's workspace is the key when it has the texts, whatever its
// readout ids; without them there is no key, and Load says so.
func TestLoadKey(t *testing.T) {
	pack := newPack(t, "Readouts")
	files := []File{{"a.json", handIn(t, student(t, pack, "Ana", ann{0, workspace.Fact, 0, 4, ""}), t0)}}
	teacher := workspace.New("Mine", t0)
	r, _ := workspace.NewReadout("K", "", "", "", "", textRU)
	teacher.Readouts = []*workspace.Readout{r}
	teacher.Annotations = []*workspace.Annotation{{ID: "a1000000-0000-4000-8000-000000000001", ReadoutID: r.ID, Tag: workspace.Fact, Start: 0, End: 4, Exact: "Теле", CreatedAt: t0, UpdatedAt: t0}}
	c := Load(files, Options{Key: teacher})
	if c.Key == nil || len(c.Key[0]) != 1 || len(c.Key[1]) != 0 || c.Key[0][0].ReadoutID != c.Readouts[0].ID {
		t.Fatalf("key %+v", c.Key)
	}
	teacher.Readouts[0] = &workspace.Readout{ID: r.ID, Title: "K", Text: "other"}
	if c := Load(files, Options{Key: teacher}); c.Key != nil || !strings.Contains(strings.Join(c.Notes, " "), "no key") {
		t.Fatalf("a workspace without the texts is a key: %v", c.Notes)
	}
}

// 200 hand-ins and a few bad files at once: every good one is in, every bad
// one is listed, nothing else refused.
func TestLoad200Files(t *testing.T) {
	pack := newPack(t, "Readouts")
	var files []File
	for i := range 200 {
		name := "Student " + string(rune('A'+i%26)) + string(rune('a'+i/26))
		w := student(t, pack, name, ann{0, workspace.Tags[i%3], i % 10, 10 + i%20, ""}, ann{1, workspace.Fact, 0, 1 + i%30, ""})
		files = append(files, File{name + ".json", handIn(t, w, t0)})
	}
	files = append(files, File{"foreign.json", handIn(t, student(t, newPack(t, "x"), "Z"), t0)}, File{"junk.json", []byte("hello")})
	c := Load(files, Options{})
	if len(c.Students) != 200 || len(c.Refused) != 2 {
		t.Fatalf("%d students, refused:\n%s", len(c.Students), refusals(c))
	}
	if refusedFor(c, "foreign.json") == "" || refusedFor(c, "junk.json") == "" {
		t.Fatalf("bad files not listed:\n%s", refusals(c))
	}
}

// TestLoadNoHandIn: files of which none is a hand-in say so; no files
// say nothing.
func TestLoadNoHandIn(t *testing.T) {
	pack := newPack(t, "Readouts")
	plain := student(t, pack, "Fay")
	plain.Assignment = nil
	none := Load([]File{{"fay.json", encode(t, plain)}, {"notes.json", []byte(`[1, 2]`)}}, Options{})
	if !slices.Contains(none.Notes, "No hand-in among the files.") || len(none.Students) != 0 || len(none.Refused) != 2 {
		t.Errorf("no hand-in: notes %q, %d students, refusals %v", none.Notes, len(none.Students), none.Refused)
	}
	if empty := Load(nil, Options{}); len(empty.Notes) != 0 || len(empty.Refused) != 0 {
		t.Errorf("no files: notes %q, refusals %v", empty.Notes, empty.Refused)
	}
	ana := Load([]File{{"ana.json", handIn(t, student(t, pack, "Ana"), t0)}, {"notes.json", []byte(`[1, 2]`)}}, Options{})
	if slices.Contains(ana.Notes, "No hand-in among the files.") {
		t.Errorf("notes %q with a hand-in", ana.Notes)
	}
}
