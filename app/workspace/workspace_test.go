package workspace

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)

// snapshot prints every exported field of w, so that two states of a
// workspace can be compared (the readouts' position caches do not count).
func snapshot(w *Workspace) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ws %q %q %v %v\n", w.ID, w.Title, w.CreatedAt, w.UpdatedAt)
	for _, r := range w.Readouts {
		fmt.Fprintf(&b, "r %q %q %q %q %q %q %q\n", r.ID, r.Title, r.Source, r.URL, r.PublishedAt, r.Language, r.Text)
	}
	for _, a := range w.Annotations {
		fmt.Fprintf(&b, "a %q %q %q %d %d %q %q %q %q %q %q %+v %v %v\n", a.ID, a.ReadoutID, a.Tag, a.Start, a.End,
			a.Exact, a.Prefix, a.Suffix, a.Note, a.Author, a.OmittedBy, a.Links, a.CreatedAt, a.UpdatedAt)
	}
	return b.String()
}

func sample(t *testing.T) *Workspace {
	t.Helper()
	w, err := Sample(t0)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestSample(t *testing.T) {
	w := sample(t)
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(w.Readouts) != 2 || len(w.Annotations) != 8 {
		t.Fatalf("%d readouts, %d annotations", len(w.Readouts), len(w.Annotations))
	}
	sorted := slices.Clone(w.Annotations)
	w.Sort()
	if !slices.Equal(sorted, w.Annotations) {
		t.Error("Sample's annotations are not in canonical order")
	}
	tags := map[Tag]int{}
	points, omittedBy := 0, 0
	for _, a := range w.Annotations {
		tags[a.Tag]++
		if a.IsPoint() {
			points++
		}
		if len(a.OmittedBy) > 0 {
			omittedBy++
		}
		if a.Author == "" || a.Note == "" || !a.CreatedAt.Equal(t0) {
			t.Errorf("annotation %q: author %q, note %q, created %v", a.Exact, a.Author, a.Note, a.CreatedAt)
		}
		p, e, s, err := w.Readout(a.ReadoutID).Positions().Quote(a.Start, a.End, ContextLen)
		if err != nil || p != a.Prefix || e != a.Exact || s != a.Suffix {
			t.Errorf("annotation %q: quote (%q, %q, %q), want (%q, %q, %q)", a.Exact, a.Prefix, a.Exact, a.Suffix, p, e, s)
		}
	}
	if tags[Fact] == 0 || tags[Framing] == 0 || tags[Omission] == 0 || points != 2 || omittedBy != 1 {
		t.Errorf("tags %v, %d points, %d with omittedBy", tags, points, omittedBy)
	}
	if w.Readouts[0].Language != "ru" || !strings.HasPrefix(w.Readouts[0].Text, "🇷🇺🇺🇸") {
		t.Error("the first readout should be the Russian one with flags")
	}
	// Two samples differ only in their ids.
	w2 := sample(t)
	if w.ID == w2.ID || w.Readouts[0].ID == w2.Readouts[0].ID {
		t.Error("Sample reuses ids")
	}
}

func TestValidateMessages(t *testing.T) {
	cases := []struct {
		name   string
		change func(w *Workspace)
		want   string
	}{
		{"workspace id", func(w *Workspace) { w.ID = "x" }, `workspace.id: "x" is not a UUID`},
		{"workspace id missing", func(w *Workspace) { w.ID = "" }, "workspace.id: missing id"},
		{"title", func(w *Workspace) { w.Title = " \t" }, "workspace.title: must not be empty"},
		{"readout id twice", func(w *Workspace) { w.Readouts[1].ID = w.Readouts[0].ID },
			"readouts[1].id: id " + "%R0" + " is already used by readouts[0].id"},
		{"annotation id = workspace id", func(w *Workspace) { w.Annotations[2].ID = w.ID }, "annotations[2].id: id %W is already used by workspace.id"},
		{"readout title", func(w *Workspace) { w.Readouts[1].Title = "" }, "readouts[1].title: must not be empty"},
		{"readout text", func(w *Workspace) { w.Readouts[1].Text = "" }, "readouts[1].text: must not be empty"},
		{"readout CR", func(w *Workspace) { w.Readouts[1].Text = "a\r\nb" }, "readouts[1].text: contains a carriage return"},
		{"readout too long", func(w *Workspace) { w.Readouts[1].Text = strings.Repeat("ж", MaxTextLen+1) },
			fmt.Sprintf("readouts[1].text: %d characters is more than the limit of %d", MaxTextLen+1, MaxTextLen)},
		{"unknown readout", func(w *Workspace) { w.Annotations[0].ReadoutID = w.ID }, `annotations[0].readoutId: "%W" is not a readout of this workspace`},
		{"tag", func(w *Workspace) { w.Annotations[0].Tag = "opinion" }, `annotations[0].tag: "opinion" is not one of fact, framing, omission`},
		{"negative", func(w *Workspace) { w.Annotations[0].Start = -1 }, "annotations[0].start: -1 is negative"},
		{"past end", func(w *Workspace) { w.Annotations[0].End = 9999 }, `annotations[0].end: 9999 is past the end of readout "Kremlin readout" (`},
		{"reversed", func(w *Workspace) { a := w.Annotations[0]; a.Start, a.End = a.End, a.Start }, "annotations[0].end: "},
		{"point fact", func(w *Workspace) { a := w.Annotations[0]; a.End = a.Start; a.Exact = "" }, "only an omission may be a point"},
		{"exact", func(w *Workspace) { w.Annotations[0].Exact = "x" }, `annotations[0].exact: "x" does not match the text at`},
		{"omittedBy on fact", func(w *Workspace) { w.Annotations[0].OmittedBy = []string{w.Readouts[1].ID} }, "annotations[0].omittedBy: only omissions"},
		{"omittedBy own", func(w *Workspace) {
			a := omissionWithOmittedBy(w)
			a.OmittedBy = []string{a.ReadoutID}
		}, ".omittedBy[0]: names the annotation's own readout"},
		{"omittedBy unknown", func(w *Workspace) { omissionWithOmittedBy(w).OmittedBy = []string{"nope"} }, `.omittedBy[0]: "nope" is not a readout of this workspace`},
		{"omittedBy twice", func(w *Workspace) {
			a := omissionWithOmittedBy(w)
			a.OmittedBy = []string{a.OmittedBy[0], a.OmittedBy[0]}
		}, ".omittedBy[1]: "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := sample(t)
			want := strings.NewReplacer("%R0", w.Readouts[0].ID, "%W", w.ID).Replace(c.want)
			c.change(w)
			err := w.Validate()
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Validate = %v, want %q", err, want)
			}
		})
	}
}

func omissionWithOmittedBy(w *Workspace) *Annotation {
	for _, a := range w.Annotations {
		if len(a.OmittedBy) > 0 {
			return a
		}
	}
	panic("no omission with omittedBy in the sample")
}

func TestNewReadout(t *testing.T) {
	r, err := NewReadout("  Title ", " src ", " https://x ", " 2026 ", " ru ", "line 1\r\nline 2\rline 3")
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "Title" || r.Source != "src" || r.URL != "https://x" || r.PublishedAt != "2026" || r.Language != "ru" {
		t.Errorf("fields not trimmed: %+v", r)
	}
	if r.Text != "line 1\nline 2\nline 3" {
		t.Errorf("text %q: line breaks not normalised", r.Text)
	}
	if err := checkID(r.ID); err != nil {
		t.Error(err)
	}
	if _, err := NewReadout("T", "", "", "", "", " \n\t "); err == nil || !strings.HasPrefix(err.Error(), "text: ") {
		t.Errorf("blank text: %v", err)
	}
	if _, err := NewReadout(" ", "", "", "", "", "text"); err == nil || !strings.HasPrefix(err.Error(), "title: ") {
		t.Errorf("blank title: %v", err)
	}
}

func newWS(t *testing.T, text string) (*Workspace, *Readout) {
	t.Helper()
	w := New("Test", t0)
	r, err := NewReadout("R", "", "", "", "", text)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Do(AddReadout{Readout: r, Index: -1}, t0); err != nil {
		t.Fatal(err)
	}
	return w, r
}

func TestNewAnnotation(t *testing.T) {
	// "a 👩🏽‍💻 e\u0301 b": the emoji is 4 code points (2-6), é is 2 (7-9).
	w, r := newWS(t, "a 👩🏽‍💻 e\u0301 b")
	cases := []struct {
		name       string
		tag        Tag
		start, end int
		want       [2]int
		err        string
	}{
		{"inside an emoji widens to it", Fact, 3, 4, [2]int{2, 6}, ""},
		{"reversed", Fact, 4, 3, [2]int{2, 6}, ""},
		{"trailing space trimmed", Framing, 2, 7, [2]int{2, 6}, ""},
		{"leading and trailing space trimmed", Framing, 1, 7, [2]int{2, 6}, ""},
		{"combining mark kept with its letter", Fact, 7, 8, [2]int{7, 9}, ""},
		{"only the mark", Fact, 8, 9, [2]int{7, 9}, ""},
		{"white space only is kept", Fact, 1, 2, [2]int{1, 2}, ""},
		{"point omission", Omission, 4, 4, [2]int{2, 2}, ""},
		{"point at the end", Omission, 11, 11, [2]int{11, 11}, ""},
		{"point fact", Fact, 4, 4, [2]int{}, "only an omission can be a point"},
		{"out of range", Fact, 0, 12, [2]int{}, "outside readout"},
		{"negative", Fact, -1, 2, [2]int{}, "outside readout"},
		{"bad tag", "opinion", 0, 1, [2]int{}, "is not a tag"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, err := w.NewAnnotation(r.ID, c.tag, c.start, c.end, " Анна ", t0.Add(500*time.Millisecond))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err = %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := [2]int{a.Start, a.End}; got != c.want {
				t.Errorf("span %v, want %v", got, c.want)
			}
			p, e, s, _ := r.Positions().Quote(a.Start, a.End, ContextLen)
			if a.Prefix != p || a.Exact != e || a.Suffix != s {
				t.Errorf("quote (%q, %q, %q), want (%q, %q, %q)", a.Prefix, a.Exact, a.Suffix, p, e, s)
			}
			if a.Author != "Анна" || !a.CreatedAt.Equal(t0) || a.ReadoutID != r.ID || a.Tag != c.tag {
				t.Errorf("got %+v", a)
			}
			if _, err := w.Do(AddAnnotation{Annotation: a}, t0); err != nil {
				t.Errorf("the new annotation does not go in: %v", err)
			}
		})
	}
	if _, err := w.NewAnnotation("nope", Fact, 0, 1, "", t0); err == nil {
		t.Error("unknown readout accepted")
	}
	if err := w.Validate(); err != nil {
		t.Error(err)
	}
}

// Every operation, applied and then undone by its inverse, leaves the
// workspace as it was (apart from its UpdatedAt); and the inverse of the
// inverse redoes it.
func TestOpsAndInverses(t *testing.T) {
	type opFor func(w *Workspace) Op
	fact, omission := Fact, Omission
	note := "new note"
	cases := []struct {
		name string
		op   opFor
		// check, when set, looks at the workspace after the op.
		check func(t *testing.T, w *Workspace)
	}{
		{"add readout", func(w *Workspace) Op {
			r, _ := NewReadout("Third", "", "", "", "", "Third text.")
			return AddReadout{Readout: r, Index: -1}
		}, func(t *testing.T, w *Workspace) {
			if len(w.Readouts) != 3 || w.Readouts[2].Title != "Third" {
				t.Error("not appended")
			}
		}},
		{"insert readout first", func(w *Workspace) Op {
			r, _ := NewReadout("Zeroth", "", "", "", "", "Zeroth text.")
			return AddReadout{Readout: r, Index: 0}
		}, func(t *testing.T, w *Workspace) {
			if w.Readouts[0].Title != "Zeroth" {
				t.Error("not inserted first")
			}
		}},
		{"delete readout named in omittedBy", func(w *Workspace) Op { return DeleteReadout{ID: w.Readouts[0].ID} },
			func(t *testing.T, w *Workspace) {
				if len(w.Readouts) != 1 {
					t.Error("not deleted")
				}
				for _, a := range w.Annotations {
					if a.ReadoutID != w.Readouts[0].ID || len(a.OmittedBy) != 0 {
						t.Errorf("left behind: %+v", a)
					}
				}
			}},
		{"delete other readout", func(w *Workspace) Op { return DeleteReadout{ID: w.Readouts[1].ID} }, nil},
		{"edit readout", func(w *Workspace) Op {
			return EditReadout{ID: w.Readouts[1].ID, Title: " New title ", Source: "s", URL: "u", PublishedAt: "p", Language: "l"}
		}, func(t *testing.T, w *Workspace) {
			if r := w.Readouts[1]; r.Title != "New title" || r.Source != "s" || r.Language != "l" {
				t.Errorf("got %+v", r)
			}
		}},
		{"rename", func(w *Workspace) Op { return RenameWorkspace{Title: " Renamed "} }, func(t *testing.T, w *Workspace) {
			if w.Title != "Renamed" {
				t.Errorf("title %q", w.Title)
			}
		}},
		{"add annotation", func(w *Workspace) Op {
			a, err := w.NewAnnotation(w.Readouts[1].ID, Fact, 0, 7, "", t0)
			if err != nil {
				panic(err)
			}
			return AddAnnotation{Annotation: a}
		}, func(t *testing.T, w *Workspace) {
			got := slices.Clone(w.Annotations)
			w.Sort()
			if !slices.Equal(got, w.Annotations) {
				t.Error("annotations not kept in canonical order")
			}
		}},
		{"delete annotation", func(w *Workspace) Op { return DeleteAnnotation{ID: w.Annotations[3].ID} }, nil},
		{"retag omission with omittedBy as fact", func(w *Workspace) Op {
			return UpdateAnnotation{ID: omissionWithOmittedBy(w).ID, Tag: &fact}
		}, func(t *testing.T, w *Workspace) {
			for _, a := range w.Annotations {
				if a.Tag == Fact && len(a.OmittedBy) > 0 {
					t.Error("omittedBy kept on a fact")
				}
			}
		}},
		{"retag fact as omission", func(w *Workspace) Op { return UpdateAnnotation{ID: w.Annotations[0].ID, Tag: &omission} }, nil},
		{"edit note", func(w *Workspace) Op { return UpdateAnnotation{ID: w.Annotations[0].ID, Note: &note} }, nil},
		{"change omittedBy", func(w *Workspace) Op {
			a := omissionWithOmittedBy(w)
			empty := []string{}
			return UpdateAnnotation{ID: a.ID, OmittedBy: &empty}
		}, func(t *testing.T, w *Workspace) {
			for _, a := range w.Annotations {
				if a.OmittedBy != nil {
					t.Errorf("empty omittedBy stored as %#v", a.OmittedBy)
				}
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkRoundTrip(t, sample(t), c.op, c.check) })
	}
}

// checkRoundTrip applies op to w, then its inverse (which must restore w
// apart from UpdatedAt), then the inverse's inverse (which must redo it).
func checkRoundTrip(t *testing.T, w *Workspace, opFor func(w *Workspace) Op, check func(t *testing.T, w *Workspace)) {
	t.Helper()
	later := t0.Add(time.Hour)
	before := snapshot(w)
	op := opFor(w)
	inv, err := w.Do(op, later)
	if err != nil {
		t.Fatal(err)
	}
	if op.Describe() == "" || inv.Describe() == "" {
		t.Error("an op without a description")
	}
	if err := w.Validate(); err != nil {
		t.Fatalf("after %s: %v", op.Describe(), err)
	}
	if !w.UpdatedAt.Equal(later) {
		t.Errorf("UpdatedAt %v, want %v", w.UpdatedAt, later)
	}
	if check != nil {
		check(t, w)
	}
	after := snapshot(w)
	if after == before {
		t.Error("the op changed nothing")
	}
	redo, err := w.Do(inv, later.Add(time.Minute))
	if err != nil {
		t.Fatalf("undo: %v", err)
	}
	w.UpdatedAt = t0
	if got := snapshot(w); got != before {
		t.Errorf("undo did not restore the workspace:\n got %s\nwant %s", got, before)
	}
	if _, err := w.Do(redo, later); err != nil {
		t.Fatalf("redo: %v", err)
	}
	if got := snapshot(w); got != after {
		t.Errorf("redo did not repeat the op:\n got %s\nwant %s", got, after)
	}
}

// A refused op leaves the workspace exactly as it was.
func TestOpsRefused(t *testing.T) {
	blank := ""
	framing := Framing
	cases := []struct {
		name string
		op   func(w *Workspace) Op
		want string
	}{
		{"add nil readout", func(w *Workspace) Op { return AddReadout{Index: -1} }, "no readout"},
		{"add readout twice", func(w *Workspace) Op { return AddReadout{Readout: w.Readouts[0], Index: -1} }, "already exists"},
		{"add readout with bad id", func(w *Workspace) Op {
			return AddReadout{Readout: &Readout{ID: "x", Title: "T", Text: "t"}, Index: -1}
		}, "is not a UUID"},
		{"add empty readout", func(w *Workspace) Op {
			return AddReadout{Readout: &Readout{ID: w.Readouts[0].ID, Title: "T"}, Index: -1}
		}, "text: must not be empty"},
		{"delete unknown readout", func(w *Workspace) Op { return DeleteReadout{ID: "x"} }, "no readout"},
		{"edit unknown readout", func(w *Workspace) Op { return EditReadout{ID: "x", Title: "T"} }, "no readout"},
		{"edit readout blank title", func(w *Workspace) Op { return EditReadout{ID: w.Readouts[0].ID, Title: " "} }, "title: must not be empty"},
		{"rename blank", func(w *Workspace) Op { return RenameWorkspace{Title: "  "} }, "title: must not be empty"},
		{"add nil annotation", func(w *Workspace) Op { return AddAnnotation{} }, "none given"},
		{"add annotation twice", func(w *Workspace) Op { return AddAnnotation{Annotation: w.Annotations[0]} }, "already exists"},
		{"add bad annotation", func(w *Workspace) Op {
			a := *w.Annotations[0]
			a.ID = "0b7f3c1e-6d2a-4c59-9e1b-2f8a7d6c5b40"
			a.Exact = "wrong"
			return AddAnnotation{Annotation: &a}
		}, "exact: "},
		{"delete unknown annotation", func(w *Workspace) Op { return DeleteAnnotation{ID: "x"} }, "no annotation"},
		{"update unknown annotation", func(w *Workspace) Op { return UpdateAnnotation{ID: "x", Note: &blank} }, "no annotation"},
		{"point stops being an omission", func(w *Workspace) Op {
			for _, a := range w.Annotations {
				if a.IsPoint() {
					return UpdateAnnotation{ID: a.ID, Tag: &framing}
				}
			}
			panic("no point in the sample")
		}, "only an omission may be a point"},
		{"omittedBy on a fact", func(w *Workspace) Op {
			ids := []string{w.Readouts[1].ID}
			return UpdateAnnotation{ID: w.Annotations[0].ID, OmittedBy: &ids}
		}, "only omissions"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := sample(t)
			before := snapshot(w)
			inv, err := w.Do(c.op(w), t0.Add(time.Hour))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
			if inv != nil {
				t.Error("an inverse for a refused op")
			}
			if got := snapshot(w); got != before {
				t.Errorf("a refused op changed the workspace:\n got %s\nwant %s", got, before)
			}
		})
	}
}

// manyReadouts is a workspace of n readouts and n annotations, one of them
// an omission omitted by every other readout.
func manyReadouts(n int) *Workspace {
	w := New("many", t0)
	for i := range n {
		w.Readouts = append(w.Readouts, &Readout{ID: fmt.Sprintf("c0000000-0000-4000-8000-%012d", i), Title: "r", Text: "ab"})
	}
	var all []string
	for _, r := range w.Readouts[1:] {
		all = append(all, r.ID)
	}
	w.Annotations = append(w.Annotations, &Annotation{ID: "d0000000-0000-4000-8000-000000000000", ReadoutID: w.Readouts[0].ID,
		Tag: Omission, Start: 1, End: 1, OmittedBy: all})
	for i := range n {
		w.Annotations = append(w.Annotations, &Annotation{ID: fmt.Sprintf("e0000000-0000-4000-8000-%012d", i),
			ReadoutID: w.Readouts[n-1-i].ID, Tag: Fact, Start: 0, End: 1, Exact: "a"})
	}
	return w
}

// A long omittedBy is checked to its end. (How fast Validate is on many
// readouts is BenchmarkValidateManyReadouts: timings are not pass/fail.)
func TestValidateManyReadouts(t *testing.T) {
	const n = 20000
	w := manyReadouts(n)
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	w.Annotations[0].OmittedBy = append(w.Annotations[0].OmittedBy, w.Readouts[5].ID)
	if err := w.Validate(); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("omittedBy[%d]: %q is listed twice", n-1, w.Readouts[5].ID)) {
		t.Errorf("duplicate at the end of a long omittedBy: %v", err)
	}
}

// Validate looks readouts up by id: 20,000 readouts and annotations take
// milliseconds, where a scan per annotation took seconds.
func BenchmarkValidateManyReadouts(b *testing.B) {
	w := manyReadouts(20000)
	for b.Loop() {
		if err := w.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

// A student's assignment keeps the teacher's texts: readouts cannot be
// added, edited or deleted, while annotations work as always.
func TestAssignmentLocksReadouts(t *testing.T) {
	now := time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)
	w, err := Sample(now)
	if err != nil {
		t.Fatal(err)
	}
	w.Assignment = &Assignment{ID: "5a0c7e1b-2f3d-4e5a-9b6c-7d8e9f0a1b2c", Title: "Pack", CreatedAt: now}
	r := w.Readouts[0]
	nr, err := NewReadout("New", "", "", "", "", "Some text.")
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []Op{AddReadout{Readout: nr}, DeleteReadout{ID: r.ID}} {
		if _, err := w.Do(op, now); err == nil || !strings.Contains(err.Error(), "assignment") {
			t.Errorf("%s: %v, want a refusal", op.Describe(), err)
		}
	}
	if len(w.Readouts) != 2 {
		t.Fatalf("readouts changed: %d", len(w.Readouts))
	}
	a := &Annotation{ID: "a1000000-0000-4000-8000-000000000099", ReadoutID: r.ID, Tag: Fact, Start: 0, End: 3, CreatedAt: now, UpdatedAt: now}
	a.Exact, _ = r.Positions().Slice(0, 3)
	if _, err := w.Do(AddAnnotation{Annotation: a}, now); err != nil {
		t.Fatalf("annotating an assignment: %v", err)
	}
}

// A student's name signs their annotations; changing it re-signs them (not
// the pack's examples), and undo restores the old name and signatures. A
// merge that would change the texts of an assignment is refused.
func TestSetStudent(t *testing.T) {
	now := time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)
	w, err := Sample(now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Do(SetStudent{Name: "Ana"}, now); err == nil {
		t.Fatal("a name on a workspace that is no assignment")
	}
	w.Assignment = &Assignment{ID: "5a0c7e1b-2f3d-4e5a-9b6c-7d8e9f0a1b2c", Title: "Pack", CreatedAt: now}
	shared := w.Assignment
	if _, err := w.Do(SetStudent{Name: " Ana "}, now); err != nil || w.Assignment.Student != "Ana" || shared.Student != "" {
		t.Fatalf("set: %v %+v (shared value changed: %q)", err, w.Assignment, shared.Student)
	}
	w.Annotations[0].Author = "Ana"
	w.Annotations[1].Author = "Example"
	inv, err := w.Do(SetStudent{Name: "Ana Lima"}, now)
	if err != nil || w.Annotations[0].Author != "Ana Lima" || w.Annotations[1].Author != "Example" {
		t.Fatalf("rename: %v %q %q", err, w.Annotations[0].Author, w.Annotations[1].Author)
	}
	if _, err := w.Do(inv, now); err != nil || w.Assignment.Student != "Ana" || w.Annotations[0].Author != "Ana" {
		t.Fatalf("undo: %v %+v", err, w.Assignment)
	}
	more := append(slices.Clone(w.Readouts), &Readout{ID: "5a0c7e1b-2f3d-4e5a-9b6c-7d8e9f0a1b2d", Title: "x", Text: "y"})
	if _, err := w.Do(ReplaceContent{Readouts: more, Annotations: w.Annotations}, now); err == nil {
		t.Fatal("a merge added a readout to an assignment")
	}
	if _, err := w.Do(ReplaceContent{Readouts: w.Readouts, Annotations: w.Annotations[1:]}, now); err != nil {
		t.Fatalf("a merge of annotations only: %v", err)
	}
}
