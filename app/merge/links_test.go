package merge

import (
	"strings"
	"testing"
	"time"

	"framecheck/app/workspace"
)

func link(t *testing.T, w *workspace.Workspace, a, b, note string, at time.Time) {
	t.Helper()
	do(t, w, workspace.LinkAnnotations{A: a, B: b, Note: note}, at)
}

// linkedBothEnds fails unless a and b are linked on both ends with note.
func linkedBothEnds(t *testing.T, w *workspace.Workspace, a, b, note string) {
	t.Helper()
	la, okA := w.Annotation(a).LinkTo(b)
	lb, okB := w.Annotation(b).LinkTo(a)
	if !okA || !okB {
		t.Fatalf("link %s–%s: on the first end %v, on the second %v", a, b, okA, okB)
	}
	if la.Note != note || lb.Note != note {
		t.Errorf("link note %q / %q, want %q", la.Note, lb.Note, note)
	}
}

func mustMerge(t *testing.T, cur, in *workspace.Workspace) (*workspace.Workspace, Report) {
	t.Helper()
	got, rep, err := Merge(cur, in, now)
	if err != nil {
		t.Fatalf("merge refused: %v", err)
	}
	if err := got.Validate(); err != nil {
		t.Fatalf("merged workspace does not validate: %v", err)
	}
	return got, rep
}

// Issue #10 (a): the second browser links A to a new annotation C; the first
// merges its file. Here A was edited later than the link, so A's version
// here is kept: the merge must still bring the link, on both ends.
func TestMergeLinkToNewAnnotation(t *testing.T) {
	for _, editedHere := range []bool{false, true} {
		_, cur, in := fork(t)
		a := in.AnnotationsOf(in.Readouts[0].ID)[0]
		c := annotate(t, in, in.Readouts[1], workspace.Fact, "No agreements were reached.", t1)
		link(t, in, a.ID, c.ID, "same claim", t1)
		if editedHere {
			setNote(t, cur, a.ID, "edited here, later", t2)
		}
		got, rep := mustMerge(t, cur, in)
		linkedBothEnds(t, got, a.ID, c.ID, "same claim")
		if rep.AnnotationsAdded != 1 || rep.LinksAdded != 1 {
			t.Errorf("edited here %v: report %+v", editedHere, rep)
		}
		if !strings.Contains(rep.String(), "linked 1 new pair") {
			t.Errorf("status %q does not mention the link", rep.String())
		}
		if editedHere && got.Annotation(a.ID).Note != "edited here, later" {
			t.Errorf("the newer note here was lost: %q", got.Annotation(a.ID).Note)
		}
	}
}

// Issue #10 (b): the first browser links A and B while the second edits both
// notes later; merging the second's file takes both notes and keeps the link.
func TestMergeKeepsLinkMadeHere(t *testing.T) {
	_, cur, in := fork(t)
	a, b := cur.AnnotationsOf(cur.Readouts[0].ID)[0], cur.AnnotationsOf(cur.Readouts[1].ID)[0]
	link(t, cur, a.ID, b.ID, "mine", t1)
	setNote(t, in, a.ID, "note A there", t2)
	setNote(t, in, b.ID, "note B there", t2)
	got, rep := mustMerge(t, cur, in)
	linkedBothEnds(t, got, a.ID, b.ID, "mine")
	if got.Annotation(a.ID).Note != "note A there" || got.Annotation(b.ID).Note != "note B there" {
		t.Errorf("notes %q, %q: the newer ones in the file were not taken", got.Annotation(a.ID).Note, got.Annotation(b.ID).Note)
	}
	if rep.AnnotationsUpdated != 2 || rep.LinksAdded != 0 {
		t.Errorf("report %+v", rep)
	}
	// And the other way round: the second browser merges the first's file.
	back, _ := mustMerge(t, in, cur)
	linkedBothEnds(t, back, a.ID, b.ID, "mine")
}

// Both sides linked the same pair with different notes: the newer note wins
// on both ends; a tie keeps the note here.
func TestMergeLinkNoteNewerWins(t *testing.T) {
	for _, c := range []struct {
		name            string
		hereAt, thereAt time.Time
		want            string
		updated         int
	}{
		{"newer in the file", t1, t2, "there", 1},
		{"newer here", t2, t1, "here", 0},
		{"tie", t1, t1, "here", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, cur, in := fork(t)
			a, b := cur.AnnotationsOf(cur.Readouts[0].ID)[0], cur.AnnotationsOf(cur.Readouts[1].ID)[0]
			link(t, cur, a.ID, b.ID, "here", c.hereAt)
			link(t, in, a.ID, b.ID, "there", c.thereAt)
			got, rep := mustMerge(t, cur, in)
			linkedBothEnds(t, got, a.ID, b.ID, c.want)
			if rep.LinkNotesUpdated != c.updated {
				t.Errorf("report %+v", rep)
			}
		})
	}
}

// A link whose other end exists on one side only still merges: the union of
// links whose two ends are in the result, so unrelated links on each side
// both survive.
func TestMergeUnionOfLinks(t *testing.T) {
	_, cur, in := fork(t)
	kr, wh := cur.AnnotationsOf(cur.Readouts[0].ID), cur.AnnotationsOf(cur.Readouts[1].ID)
	link(t, cur, kr[0].ID, wh[0].ID, "one", t1)
	link(t, in, kr[1].ID, wh[1].ID, "two", t1)
	got, rep := mustMerge(t, cur, in)
	linkedBothEnds(t, got, kr[0].ID, wh[0].ID, "one")
	linkedBothEnds(t, got, kr[1].ID, wh[1].ID, "two")
	if rep.LinksAdded != 1 || !rep.Changed() {
		t.Errorf("report %+v", rep)
	}
	// Merging again changes nothing.
	if _, rep2 := mustMerge(t, got, in); rep2.Changed() {
		t.Errorf("second merge changed: %+v", rep2)
	}
}

// The status line tells a tie (both changed at the same second) from a
// version here that is newer.
func TestReportTellsTiesFromNewer(t *testing.T) {
	_, cur, in := fork(t)
	setNote(t, cur, cur.Annotations[2].ID, "here", t1)
	setNote(t, in, in.Annotations[2].ID, "there", t1)
	setNote(t, cur, cur.Annotations[3].ID, "here, newer", t2)
	setNote(t, in, in.Annotations[3].ID, "there, older", t1)
	_, rep := mustMerge(t, cur, in)
	if rep.AnnotationsKept != 1 || rep.AnnotationsTied != 1 {
		t.Fatalf("report %+v", rep)
	}
	want := "Kept 1 of your annotations that was newer, and yours of 1 changed at the same time in both."
	if s := rep.String(); s != want {
		t.Errorf("String() = %q, want %q", s, want)
	}
}
