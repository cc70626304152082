package doccano

import (
	"strings"
	"testing"

	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

// TestChecksRoundTrip: checks, the workspace's own scale and the publisher
// travel in the framecheck extras and come back field for field.
func TestChecksRoundTrip(t *testing.T) {
	w := fixture.Checked(t)
	w.RatingScale = workspace.DefaultScale().Renamed(0, "Accurate").Moved(6, -6)
	data, err := Encode(w)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\"ratingScale\"") || !strings.Contains(string(data), "\"check\"") {
		t.Fatal("the extras do not carry the checks")
	}
	got, info, err := Decode(data, ImportOptions{Now: fixture.T0.AddDate(0, 0, 1), NewID: fixture.SeqIDs()})
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Notes) != 0 {
		t.Errorf("notes: %q", info.Notes)
	}
	if a, b := fc(t, w), fc(t, got); a != b {
		t.Errorf("round trip differs:\n%s\nvs\n%s", a, b)
	}
}

// TestForeignVerdictIsNoted: a verdict naming a rating the scale does not
// have is cleared with a note, its check kept.
func TestForeignVerdictIsNoted(t *testing.T) {
	w := fixture.Checked(t)
	data, err := Encode(w)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), workspace.DefaultRatingID("Mostly false"), "9b2e4c1a-2f3d-4e5a-8b6c-7d8e9f0a1b2c", 1)
	got, info, err := Decode([]byte(bad), ImportOptions{Now: fixture.T0.AddDate(0, 0, 1), NewID: fixture.SeqIDs()})
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Notes) != 1 || !strings.Contains(info.Notes[0], "1 verdicts") {
		t.Errorf("notes: %q", info.Notes)
	}
	if c := got.Annotation(fixture.AnnID(1)).Check; c == nil || c.Verdict != "" || c.Claim != fixture.HostileClaim {
		t.Errorf("check %+v", c)
	}
}
