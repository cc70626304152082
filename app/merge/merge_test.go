package merge

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"framecheck/app/fcjson"
	"framecheck/app/workspace"
)

// The fixed clock of the tests: t0 made the sample; cur and in are edited
// at other times.
var (
	t0  = time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)
	t1  = t0.Add(time.Hour)
	t2  = t0.Add(2 * time.Hour)
	now = t0.Add(24 * time.Hour)
)

func sample(t *testing.T) *workspace.Workspace {
	t.Helper()
	w, err := workspace.Sample(t0)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func encode(t *testing.T, w *workspace.Workspace) []byte {
	t.Helper()
	b, err := fcjson.Encode(w, t0)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func do(t *testing.T, w *workspace.Workspace, op workspace.Op, at time.Time) {
	t.Helper()
	if _, err := w.Do(op, at); err != nil {
		t.Fatalf("%s: %v", op.Describe(), err)
	}
}

func setNote(t *testing.T, w *workspace.Workspace, id, note string, at time.Time) {
	t.Helper()
	do(t, w, workspace.UpdateAnnotation{ID: id, Note: &note}, at)
}

// annotate adds an annotation on the first occurrence of quote.
func annotate(t *testing.T, w *workspace.Workspace, r *workspace.Readout, tag workspace.Tag, quote string, at time.Time) *workspace.Annotation {
	t.Helper()
	occ := r.Positions().Find(quote)
	if len(occ) == 0 {
		t.Fatalf("%q not in %q", quote, r.Title)
	}
	a, err := w.NewAnnotation(r.ID, tag, occ[0], occ[0]+len([]rune(quote)), "tester", at)
	if err != nil {
		t.Fatal(err)
	}
	do(t, w, workspace.AddAnnotation{Annotation: a}, at)
	return a
}

func addReadout(t *testing.T, w *workspace.Workspace, title, text string, at time.Time) *workspace.Readout {
	t.Helper()
	r, err := workspace.NewReadout(title, "", "", "", "en", text)
	if err != nil {
		t.Fatal(err)
	}
	do(t, w, workspace.AddReadout{Readout: r, Index: -1}, at)
	return r
}

// fork returns two copies of the sample: the workspace here and the one
// in a file exported from it.
func fork(t *testing.T) (base, cur, in *workspace.Workspace) {
	t.Helper()
	base = sample(t)
	return base, base.Clone(), base.Clone()
}

func TestMerge(t *testing.T) {
	cases := []struct {
		name string
		// edit changes the workspace here and the file's.
		edit  func(t *testing.T, cur, in *workspace.Workspace)
		want  Report
		str   string
		check func(t *testing.T, cur, in, got *workspace.Workspace)
	}{
		{name: "the same file", want: Report{AnnotationsUnchanged: 8},
			str:  "Nothing to merge: everything in the file is already here.",
			edit: func(t *testing.T, cur, in *workspace.Workspace) {},
			check: func(t *testing.T, cur, in, got *workspace.Workspace) {
				if !bytes.Equal(encode(t, cur), encode(t, got)) {
					t.Error("merging the same file changed the workspace")
				}
			}},
		{name: "everything at once",
			want: Report{ReadoutsAdded: 1, AnnotationsAdded: 3, AnnotationsUpdated: 2, AnnotationsKept: 1, AnnotationsUnchanged: 5},
			str:  "Merged 3 new annotations, updated 2, kept 1 of yours that was newer; added 1 readout.",
			edit: func(t *testing.T, cur, in *workspace.Workspace) {
				setNote(t, in, in.Annotations[0].ID, "newer in the file", t2)
				setNote(t, cur, cur.Annotations[0].ID, "older here", t1)
				setNote(t, in, in.Annotations[5].ID, "only in the file", t1)
				setNote(t, cur, cur.Annotations[6].ID, "newer here", t2)
				setNote(t, in, in.Annotations[6].ID, "older in the file", t1)
				annotate(t, in, in.Readouts[0], workspace.Fact, "250-летием", t1)
				annotate(t, in, in.Readouts[1], workspace.Framing, "No agreements were reached.", t1)
				r := addReadout(t, in, "Kyiv readout", "President Zelenskyy was briefed on the call.", t1)
				annotate(t, in, r, workspace.Fact, "briefed", t1)
			},
			check: func(t *testing.T, cur, in, got *workspace.Workspace) {
				if a := got.Annotation(in.Annotations[0].ID); a.Note != "newer in the file" {
					t.Errorf("the newer version in the file was not taken: %q", a.Note)
				}
				if a := got.Annotation(cur.Annotations[6].ID); a.Note != "newer here" {
					t.Errorf("the newer version here was not kept: %q", a.Note)
				}
				if len(got.Readouts) != 3 || got.Readouts[2].Title != "Kyiv readout" {
					t.Errorf("readouts %v", titles(got))
				}
			}},
		{name: "tie keeps the version here", want: Report{AnnotationsTied: 1, AnnotationsUnchanged: 7},
			str: "Kept yours of 1 annotation changed at the same time in both.",
			edit: func(t *testing.T, cur, in *workspace.Workspace) {
				setNote(t, cur, cur.Annotations[2].ID, "here", t1)
				setNote(t, in, in.Annotations[2].ID, "there", t1)
			},
			check: func(t *testing.T, cur, in, got *workspace.Workspace) {
				if a := got.Annotation(cur.Annotations[2].ID); a.Note != "here" {
					t.Errorf("tie: note %q, want the one here", a.Note)
				}
				if !got.UpdatedAt.Equal(cur.UpdatedAt) {
					t.Errorf("nothing changed, yet updatedAt %v", got.UpdatedAt)
				}
			}},
		{name: "newer tag and omittedBy", want: Report{AnnotationsUpdated: 1, AnnotationsUnchanged: 7},
			str: "Updated 1 annotation.",
			edit: func(t *testing.T, cur, in *workspace.Workspace) {
				framing := workspace.Framing
				do(t, in, workspace.UpdateAnnotation{ID: in.Annotations[0].ID, Tag: &framing}, t1)
			},
			check: func(t *testing.T, cur, in, got *workspace.Workspace) {
				if a := got.Annotation(in.Annotations[0].ID); a.Tag != workspace.Framing || !a.UpdatedAt.Equal(t1) {
					t.Errorf("got %+v", a)
				}
			}},
		{name: "omittedBy names a readout only in the file",
			want: Report{ReadoutsAdded: 1, AnnotationsAdded: 1, AnnotationsUpdated: 1, AnnotationsUnchanged: 7},
			str:  "Merged 1 new annotation, updated 1; added 1 readout.",
			edit: func(t *testing.T, cur, in *workspace.Workspace) {
				r := addReadout(t, in, "Kyiv readout", "President Zelenskyy was briefed on the call.", t1)
				om := omission(in)
				ids := append(slices.Clone(om.OmittedBy), r.ID)
				do(t, in, workspace.UpdateAnnotation{ID: om.ID, OmittedBy: &ids}, t1)
				a := annotate(t, in, in.Readouts[0], workspace.Omission, "250-летием", t1)
				ids = []string{r.ID}
				do(t, in, workspace.UpdateAnnotation{ID: a.ID, OmittedBy: &ids}, t1)
			},
			check: func(t *testing.T, cur, in, got *workspace.Workspace) {
				kyiv := got.Readouts[2].ID
				n := 0
				for _, a := range got.Annotations {
					if slices.Contains(a.OmittedBy, kyiv) {
						n++
					}
				}
				if n != 2 {
					t.Errorf("%d annotations omitted by the new readout, want 2", n)
				}
			}},
		{name: "readout details from a newer file", want: Report{ReadoutsUpdated: 1, AnnotationsUnchanged: 8},
			str: "Updated the details of 1 readout.",
			edit: func(t *testing.T, cur, in *workspace.Workspace) {
				r := in.Readouts[1]
				do(t, in, workspace.EditReadout{ID: r.ID, Title: "WH readout", Source: "whitehouse.gov", URL: "https://example.org", PublishedAt: "2026-07-06", Language: "en-US"}, t1)
			},
			check: func(t *testing.T, cur, in, got *workspace.Workspace) {
				if r := got.Readouts[1]; r.Title != "WH readout" || r.Source != "whitehouse.gov" || r.URL != "https://example.org" || r.PublishedAt != "2026-07-06" || r.Language != "en-US" {
					t.Errorf("got %+v", *r)
				}
				if got.Title != cur.Title {
					t.Errorf("workspace title %q, want the one here", got.Title)
				}
			}},
		{name: "readout details from an older file are not taken", want: Report{AnnotationsUnchanged: 8},
			str: "Nothing to merge: everything in the file is already here.",
			edit: func(t *testing.T, cur, in *workspace.Workspace) {
				r := in.Readouts[1]
				do(t, in, workspace.EditReadout{ID: r.ID, Title: "WH readout"}, t1)
				do(t, in, workspace.RenameWorkspace{Title: "Their title"}, t1)
				do(t, cur, workspace.RenameWorkspace{Title: "My title"}, t2)
			},
			check: func(t *testing.T, cur, in, got *workspace.Workspace) {
				if got.Readouts[1].Title != "White House readout" || got.Title != "My title" {
					t.Errorf("titles %q, %v", got.Title, titles(got))
				}
			}},
		{name: "deleted here or there: nothing is deleted",
			want: Report{AnnotationsAdded: 1, AnnotationsUnchanged: 6},
			str:  "Merged 1 new annotation.",
			edit: func(t *testing.T, cur, in *workspace.Workspace) {
				do(t, cur, workspace.DeleteAnnotation{ID: cur.Annotations[3].ID}, t1)
				do(t, in, workspace.DeleteAnnotation{ID: in.Annotations[5].ID}, t1)
			},
			check: func(t *testing.T, cur, in, got *workspace.Workspace) {
				if len(got.Annotations) != 8 {
					t.Errorf("%d annotations, want all 8", len(got.Annotations))
				}
			}},
		{name: "a readout only here stays", want: Report{AnnotationsUnchanged: 8},
			str: "Nothing to merge: everything in the file is already here.",
			edit: func(t *testing.T, cur, in *workspace.Workspace) {
				addReadout(t, cur, "Mine", "Only here.", t1)
			},
			check: func(t *testing.T, cur, in, got *workspace.Workspace) {
				if len(got.Readouts) != 3 {
					t.Errorf("readouts %v", titles(got))
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, cur, in := fork(t)
			c.edit(t, cur, in)
			curBytes, inBytes := encode(t, cur), encode(t, in)
			got, rep, err := Merge(cur, in, now)
			if err != nil {
				t.Fatal(err)
			}
			if rep != c.want {
				t.Errorf("report %+v, want %+v", rep, c.want)
			}
			if s := rep.String(); s != c.str {
				t.Errorf("String() = %q, want %q", s, c.str)
			}
			if err := got.Validate(); err != nil {
				t.Fatalf("merged workspace does not validate: %v", err)
			}
			sorted := &workspace.Workspace{Readouts: got.Readouts, Annotations: slices.Clone(got.Annotations)}
			sorted.Sort()
			if !slices.Equal(sorted.Annotations, got.Annotations) {
				t.Error("annotations not in canonical order")
			}
			if got.ID != cur.ID || got.Title != cur.Title || !got.CreatedAt.Equal(cur.CreatedAt) {
				t.Errorf("workspace header %q %q %v, want the one here", got.ID, got.Title, got.CreatedAt)
			}
			if wantAt := map[bool]time.Time{true: now, false: cur.UpdatedAt}[rep.Changed()]; !got.UpdatedAt.Equal(wantAt) {
				t.Errorf("updatedAt %v, want %v", got.UpdatedAt, wantAt)
			}
			if !bytes.Equal(encode(t, cur), curBytes) || !bytes.Equal(encode(t, in), inBytes) {
				t.Error("Merge changed its arguments")
			}
			if c.check != nil {
				c.check(t, cur, in, got)
			}
			// The merge exports and opens again.
			if _, err := fcjson.Decode(encode(t, got)); err != nil {
				t.Errorf("the merged workspace does not reopen: %v", err)
			}
			// It shares nothing with cur or in.
			for _, a := range got.Annotations {
				a.Note = "changed after the merge"
				a.OmittedBy = append(a.OmittedBy[:len(a.OmittedBy):len(a.OmittedBy)], "x")
			}
			for _, r := range got.Readouts {
				r.Title = "changed after the merge"
			}
			if !bytes.Equal(encode(t, cur), curBytes) || !bytes.Equal(encode(t, in), inBytes) {
				t.Error("the merged workspace shares data with Merge's arguments")
			}
		})
	}
}

// Merging a merge again changes nothing.
func TestMergeIdempotent(t *testing.T) {
	_, cur, in := fork(t)
	setNote(t, in, in.Annotations[1].ID, "newer", t1)
	addReadout(t, in, "Kyiv readout", "Briefed.", t1)
	once, _, err := Merge(cur, in, now)
	if err != nil {
		t.Fatal(err)
	}
	twice, rep, err := Merge(once, in, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Changed() || rep.AnnotationsUnchanged != 8 {
		t.Errorf("second merge: %+v", rep)
	}
	if !bytes.Equal(encode(t, once), encode(t, twice)) {
		t.Error("merging the same file twice changed the workspace twice")
	}
}

func TestMergeRefusals(t *testing.T) {
	cases := []struct {
		name string
		// edit breaks cur or in; it may return an id for %ID in want.
		edit func(t *testing.T, cur, in *workspace.Workspace) string
		want string
	}{
		{"readout text differs", func(t *testing.T, cur, in *workspace.Workspace) string {
			in.Readouts[0].Text = strings.Replace(in.Readouts[0].Text, "1 час 25 минут", "1 час 30 минут", 1)
			// Keep the file valid: its annotations still fit the new text.
			for _, a := range in.Annotations {
				if a.ReadoutID == in.Readouts[0].ID {
					p, e, s, _ := in.Readouts[0].Positions().Quote(a.Start, a.End, workspace.ContextLen)
					a.Prefix, a.Exact, a.Suffix = p, e, s
				}
			}
			return ""
		}, `readout "Kremlin readout" has another text in the file than here (from offset 249 on), so the file's annotations would not fit it; open the file as a new workspace instead`},
		{"readout text longer", func(t *testing.T, cur, in *workspace.Workspace) string {
			in.Readouts[1].Text += " More."
			return ""
		}, `readout "White House readout" has another text in the file than here (548 characters in the file, 542 here)`},
		{"annotation on another readout", func(t *testing.T, cur, in *workspace.Workspace) string {
			a := annotate(t, in, in.Readouts[1], workspace.Fact, "ninety minutes", t1)
			b := annotate(t, cur, cur.Readouts[0], workspace.Fact, "1 час", t1)
			b.ID = a.ID
			return a.ID
		}, `annotation %ID ("1 час") is on readout "Kremlin readout" here but on readout "White House readout" in the file`},
		{"readout id of an annotation here", func(t *testing.T, cur, in *workspace.Workspace) string {
			mine := annotate(t, cur, cur.Readouts[1], workspace.Fact, "ninety minutes", t1)
			addReadout(t, in, "Kyiv readout", "Briefed.", t1).ID = mine.ID
			return mine.ID
		}, `readout "Kyiv readout" in the file has the id %ID, which here is an annotation`},
		{"annotation id of a readout here", func(t *testing.T, cur, in *workspace.Workspace) string {
			mine := addReadout(t, cur, "Mine", "Only here.", t1)
			annotate(t, in, in.Readouts[1], workspace.Fact, "ninety minutes", t1).ID = mine.ID
			return mine.ID
		}, `an annotation in the file has the id %ID, which here is a readout`},
		{"annotation id of the workspace here", func(t *testing.T, cur, in *workspace.Workspace) string {
			in.ID = workspace.New("other", t0).ID
			annotate(t, in, in.Readouts[1], workspace.Fact, "ninety minutes", t1).ID = cur.ID
			return cur.ID
		}, `an annotation in the file has the id %ID, which here is the workspace`},
		{"invalid file", func(t *testing.T, cur, in *workspace.Workspace) string { in.Annotations[0].Exact = "x"; return "" },
			`the imported workspace is not valid: annotations[0].exact: "x" does not match`},
		{"invalid workspace here", func(t *testing.T, cur, in *workspace.Workspace) string { cur.Title = ""; return "" },
			`this workspace is not valid: workspace.title: must not be empty`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, cur, in := fork(t)
			want := strings.ReplaceAll(c.want, "%ID", c.edit(t, cur, in))
			if c.name != "invalid file" && c.name != "invalid workspace here" {
				if err := cur.Validate(); err != nil {
					t.Fatalf("the case broke the workspace here: %v", err)
				}
				if err := in.Validate(); err != nil {
					t.Fatalf("the case broke the file: %v", err)
				}
			}
			before, inBefore := snapshot(t, cur), snapshot(t, in)
			got, rep, err := Merge(cur, in, now)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("err = %v\nwant %q", err, want)
			}
			if got != nil || rep != (Report{}) {
				t.Errorf("a refusal returned %v, %+v", got, rep)
			}
			if snapshot(t, cur) != before || snapshot(t, in) != inBefore {
				t.Error("a refused merge changed its arguments")
			}
		})
	}
}

// snapshot is the export of w, or (for a workspace that does not export)
// a dump of its fields.
func snapshot(t *testing.T, w *workspace.Workspace) string {
	if b, err := fcjson.Encode(w, t0); err == nil {
		return string(b)
	}
	var sb strings.Builder
	sb.WriteString(w.ID + w.Title + w.UpdatedAt.String())
	for _, r := range w.Readouts {
		sb.WriteString(r.ID + r.Title + r.Text)
	}
	for _, a := range w.Annotations {
		sb.WriteString(a.ID + a.ReadoutID + a.Exact + a.Note + strings.Join(a.OmittedBy, ","))
	}
	return sb.String()
}

func TestReportString(t *testing.T) {
	cases := []struct {
		r    Report
		want string
	}{
		{Report{}, "Nothing to merge: everything in the file is already here."},
		{Report{AnnotationsUnchanged: 4}, "Nothing to merge: everything in the file is already here."},
		{Report{AnnotationsAdded: 3, AnnotationsUpdated: 2, AnnotationsKept: 1, ReadoutsAdded: 1}, "Merged 3 new annotations, updated 2, kept 1 of yours that was newer; added 1 readout."},
		{Report{AnnotationsAdded: 1, AnnotationsKept: 2}, "Merged 1 new annotation, kept 2 of yours that were newer."},
		{Report{AnnotationsUpdated: 2}, "Updated 2 annotations."},
		{Report{AnnotationsUpdated: 1, AnnotationsKept: 3}, "Updated 1 annotation, kept 3 of yours that were newer."},
		{Report{AnnotationsKept: 2}, "Kept 2 of your annotations that were newer."},
		{Report{ReadoutsAdded: 2, ReadoutsUpdated: 1}, "Added 2 readouts, updated the details of 1 readout."},
		{Report{AnnotationsAdded: 5, ReadoutsAdded: 2, ReadoutsUpdated: 2}, "Merged 5 new annotations; added 2 readouts, updated the details of 2 readouts."},
	}
	for _, c := range cases {
		if got := c.r.String(); got != c.want {
			t.Errorf("%+v:\n got %q\nwant %q", c.r, got, c.want)
		}
	}
}

func TestAsNew(t *testing.T) {
	w := sample(t)
	before := encode(t, w)
	none := func(string) bool { return false }
	for name, existing := range map[string]func(string) bool{"not here": none, "nil": nil, "other ids here": func(id string) bool { return id == w.Readouts[0].ID }} {
		got := AsNew(w, existing, now)
		if !bytes.Equal(encode(t, got), before) {
			t.Errorf("%s: ids or data changed", name)
		}
		if got == w || got.Readouts[0] == w.Readouts[0] || got.Annotations[0] == w.Annotations[0] {
			t.Errorf("%s: AsNew shares data with its argument", name)
		}
	}

	got := AsNew(w, func(id string) bool { return id == w.ID }, now)
	if !bytes.Equal(encode(t, w), before) {
		t.Fatal("AsNew changed its argument")
	}
	if err := got.Validate(); err != nil {
		t.Fatal(err)
	}
	old := map[string]bool{w.ID: true}
	for _, r := range w.Readouts {
		old[r.ID] = true
	}
	for _, a := range w.Annotations {
		old[a.ID] = true
	}
	ids := []string{got.ID}
	for _, r := range got.Readouts {
		ids = append(ids, r.ID)
	}
	for _, a := range got.Annotations {
		ids = append(ids, a.ID)
		ids = append(ids, a.OmittedBy...)
	}
	for _, id := range ids {
		if old[id] {
			t.Errorf("id %s kept", id)
		}
	}
	if got.Title != w.Title || !got.CreatedAt.Equal(now) || !got.UpdatedAt.Equal(now) {
		t.Errorf("header %q %v %v", got.Title, got.CreatedAt, got.UpdatedAt)
	}
	// The same readouts, annotations and omittedBy, under new ids.
	title := func(w *workspace.Workspace, id string) string { return w.Readout(id).Title }
	for i, a := range got.Annotations {
		o := w.Annotations[i]
		if title(got, a.ReadoutID) != title(w, o.ReadoutID) || a.Exact != o.Exact || a.Start != o.Start || a.Note != o.Note {
			t.Errorf("annotations[%d] %+v, was %+v", i, a, o)
		}
		if len(a.OmittedBy) != len(o.OmittedBy) {
			t.Fatalf("annotations[%d].omittedBy %v, was %v", i, a.OmittedBy, o.OmittedBy)
		}
		for j := range a.OmittedBy {
			if title(got, a.OmittedBy[j]) != title(w, o.OmittedBy[j]) {
				t.Errorf("annotations[%d].omittedBy[%d] names %q, was %q", i, j, title(got, a.OmittedBy[j]), title(w, o.OmittedBy[j]))
			}
		}
	}
}

// Opening an export as a new workspace changes nothing in it: exported
// again at the same time, it gives the same bytes.
func TestRoundTripAsNew(t *testing.T) {
	exportedAt := t0.Add(3 * time.Hour)
	_, _, in := fork(t)
	addReadout(t, in, "Kyiv readout", "President Zelenskyy was briefed 🇺🇦 on the call.", t1)
	om := omission(in)
	ids := append(slices.Clone(om.OmittedBy), in.Readouts[2].ID)
	do(t, in, workspace.UpdateAnnotation{ID: om.ID, OmittedBy: &ids}, t1)
	for name, w := range map[string]*workspace.Workspace{"sample": sample(t), "edited": in} {
		b1, err := fcjson.Encode(w, exportedAt)
		if err != nil {
			t.Fatal(err)
		}
		d, err := fcjson.Decode(b1)
		if err != nil {
			t.Fatal(err)
		}
		b2, err := fcjson.Encode(AsNew(d, func(string) bool { return false }, now), exportedAt)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b1, b2) {
			t.Errorf("%s: Encode → Decode → AsNew → Encode differs:\n%s\n---\n%s", name, b1, b2)
		}
	}
}

// Import end to end: a file exported from this workspace, edited elsewhere
// and sent back, merges in.
func TestDecodeThenMerge(t *testing.T) {
	_, cur, in := fork(t)
	setNote(t, in, in.Annotations[3].ID, "edited by a colleague", t1)
	r := addReadout(t, in, "Kyiv readout", "President Zelenskyy was briefed on the call.", t1)
	annotate(t, in, r, workspace.Fact, "briefed", t1)
	data := encode(t, in)
	file, rep, err := fcjson.DecodeWith(data, fcjson.Options{})
	if err != nil || len(rep.Reanchored) != 0 {
		t.Fatal(rep, err)
	}
	got, mrep, err := Merge(cur, file, now)
	if err != nil {
		t.Fatal(err)
	}
	if s := mrep.String(); s != "Merged 1 new annotation, updated 1; added 1 readout." {
		t.Errorf("report %q", s)
	}
	in.UpdatedAt = now // the merge's time; everything else is the file's
	in.Title = cur.Title
	if !bytes.Equal(encode(t, got), encode(t, in)) {
		t.Error("the merge is not the edited workspace")
	}
}

func omission(w *workspace.Workspace) *workspace.Annotation {
	for _, a := range w.Annotations {
		if a.Tag == workspace.Omission && !a.IsPoint() {
			return a
		}
	}
	panic("no span omission in the sample")
}

func titles(w *workspace.Workspace) []string {
	var out []string
	for _, r := range w.Readouts {
		out = append(out, r.Title)
	}
	return out
}

func TestMergeNil(t *testing.T) {
	w := sample(t)
	for _, pair := range [][2]*workspace.Workspace{{nil, w}, {w, nil}, {nil, nil}} {
		if got, _, err := Merge(pair[0], pair[1], now); err == nil || got != nil {
			t.Errorf("Merge(%v, %v) = %v, %v", pair[0] != nil, pair[1] != nil, got, err)
		}
	}
}
