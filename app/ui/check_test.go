package ui

import (
	"testing"
	"time"

	"framecheck/app/workspace"
)

// A check or a scale change re-renders the lists that show verdict badges:
// the check's readout, and every readout for the scale.
func TestCheckOpsBumpRevisions(t *testing.T) {
	now := time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)
	w, err := workspace.Sample(now)
	if err != nil {
		t.Fatal(err)
	}
	s := newSession(w)
	s.now = func() time.Time { return now }
	a := w.Annotations[0]
	other := w.Readouts[1].ID
	if a.ReadoutID == other {
		other = w.Readouts[0].ID
	}
	mine, theirs := s.annRevs[a.ReadoutID], s.annRevs[other]
	if err := s.apply(workspace.SetCheck{ID: a.ID, Check: &workspace.Check{Verdict: workspace.DefaultRatingID("False")}}); err != nil {
		t.Fatal(err)
	}
	if s.annRevs[a.ReadoutID] == mine || s.annRevs[other] != theirs {
		t.Errorf("SetCheck: revisions %d→%d (its readout), %d→%d (the other)", mine, s.annRevs[a.ReadoutID], theirs, s.annRevs[other])
	}
	theirs = s.annRevs[other]
	if err := s.apply(workspace.SetRatingScale{Scale: workspace.DefaultScale().Renamed(5, "Wrong")}); err != nil {
		t.Fatal(err)
	}
	if s.annRevs[other] == theirs {
		t.Error("SetRatingScale did not re-render every readout's list")
	}
	if !needsPublisher(w) {
		t.Error("a workspace without publisher does not ask for one")
	}
	w.Publisher = workspace.Publisher{Name: "Desk", URL: "https://desk.example/", ArticleURL: "https://desk.example/a"}
	if !needsPublisher(w) || len(readoutsLacking(w)) != 1 {
		t.Error("a rated claim on a readout without URL does not ask for the URL")
	}
	w.Readout(a.ReadoutID).URL = "https://example.org/r"
	if needsPublisher(w) {
		t.Error("asks again with everything known")
	}
}
