package ui

import (
	"bytes"
	"testing"
	"time"

	"framecheck/app/fcjson"
	"framecheck/app/workspace"
)

// The export of a workspace unchanged since its last save is the saved
// bytes restamped: exactly what fcjson.Encode writes. Any change, or
// another workspace, makes the export encode afresh.
func TestSavedExport(t *testing.T) {
	now := time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)
	w, err := workspace.Sample(now)
	if err != nil {
		t.Fatal(err)
	}
	forgetSaved()
	if _, ok := savedExport(w, now); ok {
		t.Fatal("an export from nothing saved")
	}
	saved, err := fcjson.Encode(w, w.UpdatedAt)
	if err != nil {
		t.Fatal(err)
	}
	keepSaved(w, saved)
	later := now.Add(3 * time.Hour)
	got, ok := savedExport(w, later)
	want, err := fcjson.Encode(w, later)
	if err != nil || !ok || !bytes.Equal(got, want) {
		t.Fatalf("savedExport: ok %v, equal to Encode %v", ok, bytes.Equal(got, want))
	}
	other, _ := workspace.Sample(now)
	if _, ok := savedExport(other, later); ok {
		t.Error("the saved bytes of one workspace exported for another")
	}
	s := newSession(w)
	s.now = func() time.Time { return later }
	r := w.Readouts[0]
	if err := s.annotate(r.ID, workspace.Fact, 0, 5); err != nil {
		t.Fatal(err)
	}
	if _, ok := savedExport(w, later); ok {
		t.Error("a workspace changed since its save exported from the saved bytes")
	}
	keepSaved(w, saved)
	forgetSaved()
	if _, ok := savedExport(w, later); ok {
		t.Error("forgetSaved did not forget")
	}
}
