package merge

import (
	"testing"

	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

// A check changed in the file is merged (it is a change to the
// annotation), and a verdict of a rating this workspace lacks brings the
// rating along.
func TestMergeChecks(t *testing.T) {
	cur := fixture.Workspace(t)
	in := fixture.Checked(t).Clone()
	satire := workspace.Rating{ID: "0b7e4c1a-2f3d-4e5a-8b6c-7d8e9f0a1b2c", Name: "Satire", Color: "#8250df", Symbol: "☺", Unscored: true}
	in.RatingScale = append(workspace.DefaultScale(), satire)
	in.Annotation(fixture.AnnID(8)).Check.Verdict = satire.ID
	for _, a := range in.Annotations {
		if a.Check != nil {
			a.UpdatedAt = fixture.T0.Add(60e9)
		}
	}
	out, rep, err := Merge(cur, in, fixture.T0.Add(120e9))
	if err != nil {
		t.Fatal(err)
	}
	if rep.AnnotationsUpdated != 4 {
		t.Errorf("report %+v", rep)
	}
	if out.Publisher != in.Publisher {
		t.Errorf("publisher %+v", out.Publisher)
	}
	c := out.Annotation(fixture.AnnID(8)).Check
	r, ok := out.Scale().Rating(c.Verdict)
	if !ok || r.Name != "Satire" {
		t.Errorf("verdict %q not on the merged scale %v", c.Verdict, out.Scale())
	}
	if !out.Annotation(fixture.AnnID(1)).Check.Equal(in.Annotation(fixture.AnnID(1)).Check) {
		t.Error("check 1 not merged")
	}
	// Merging the same file again changes nothing.
	_, rep, err = Merge(out, in, fixture.T0.Add(180e9))
	if err != nil || rep.Changed() {
		t.Errorf("second merge: %v %+v", err, rep)
	}
}
