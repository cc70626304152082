package fcjson

import (
	"errors"
	"strings"
	"testing"
	"time"

	"framecheck/app/workspace"
)

// handIn is the Sample workspace as a student's hand-in of a pack.
func handIn(t *testing.T, now time.Time) *workspace.Workspace {
	t.Helper()
	w, err := workspace.Sample(now)
	if err != nil {
		t.Fatal(err)
	}
	w.Assignment = &workspace.Assignment{ID: "5a0c7e1b-2f3d-4e5a-9b6c-7d8e9f0a1b2c", Title: "Two readouts, one call",
		Instructions: "Read both.\n\nTag what each leaves out.", CreatedAt: now.Add(-time.Hour), Student: "Ана Мария"}
	w.SubmittedBy = "Ана Мария"
	w.SubmittedAt = now
	return w
}

// The class fields travel in the file, survive a round trip byte for byte,
// satisfy the schema, and keep textSha256 on every readout.
func TestAssignmentRoundTrip(t *testing.T) {
	now := time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)
	w := handIn(t, now)
	data, err := Encode(w, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"assignment": {`, `"id": "5a0c7e1b-2f3d-4e5a-9b6c-7d8e9f0a1b2c"`, `"instructions": "Read both.\n\nTag what each leaves out."`,
		`"student": "Ана Мария"`, `"submittedBy": "Ана Мария"`, `"submittedAt": "2026-07-05T07:47:00Z"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("file lacks %s:\n%s", want, data)
		}
	}
	if n := strings.Count(string(data), `"textSha256"`); n != len(w.Readouts) {
		t.Errorf("%d textSha256 for %d readouts", n, len(w.Readouts))
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if *got.Assignment != *w.Assignment || got.SubmittedBy != w.SubmittedBy || !got.SubmittedAt.Equal(w.SubmittedAt) {
		t.Fatalf("decoded %+v %q %v", got.Assignment, got.SubmittedBy, got.SubmittedAt)
	}
	again, err := Encode(got, now)
	if err != nil || string(again) != string(data) {
		t.Fatalf("round trip changed the bytes (%v)", err)
	}
	if errs := validate(t, loadSchema(t), data, true); len(errs) > 0 {
		t.Errorf("hand-in does not satisfy the schema:\n%s", strings.Join(errs, "\n"))
	}
	// A pack: assignment without the stamp.
	w.SubmittedBy, w.SubmittedAt, w.Assignment.Student = "", time.Time{}, ""
	pack, err := Encode(w, now)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(pack), "submitted") || strings.Contains(string(pack), `"student"`) {
		t.Errorf("pack carries hand-in fields:\n%s", pack)
	}
	if p, err := Decode(pack); err != nil || p.Assignment == nil || p.SubmittedBy != "" {
		t.Fatalf("pack: %v %+v", err, p)
	}
	// A file of before classes has none of it.
	w.Assignment = nil
	plain, err := Encode(w, now)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(plain), "assignment") {
		t.Errorf("plain workspace writes an assignment")
	}
	if p, err := Decode(plain); err != nil || p.Assignment != nil {
		t.Fatalf("plain: %v", err)
	}
}

// Broken class fields are refused with their path, by Decode and, where it
// can say so, the schema.
func TestAssignmentRefusals(t *testing.T) {
	now := time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)
	data, err := Encode(handIn(t, now), now)
	if err != nil {
		t.Fatal(err)
	}
	schema := loadSchema(t)
	for name, c := range map[string]struct{ old, new, path string }{
		"id not a uuid":    {`"id": "5a0c7e1b-2f3d-4e5a-9b6c-7d8e9f0a1b2c"`, `"id": "pack-1"`, "assignment.id"},
		"title empty":      {`"title": "Two readouts, one call"`, `"title": " "`, "assignment.title"},
		"createdAt broken": {`"createdAt": "2026-07-05T06:47:00Z",` + "\n    \"student\"", `"createdAt": "yesterday",` + "\n    \"student\"", "assignment.createdAt"},
		"submittedAt gone": {`,` + "\n" + `  "submittedAt": "2026-07-05T07:47:00Z"`, ``, "submittedAt"},
		"submittedBy type": {`"submittedBy": "Ана Мария"`, `"submittedBy": 7`, "submittedBy"},
	} {
		bad := strings.Replace(string(data), c.old, c.new, 1)
		if bad == string(data) {
			t.Fatalf("%s: replacement did not apply", name)
		}
		_, err := Decode([]byte(bad))
		var fe *Error
		if !errors.As(err, &fe) || fe.Path != c.path {
			t.Errorf("%s: got %v, want a refusal at %s", name, err, c.path)
		}
		if name != "submittedAt gone" && len(validate(t, schema, []byte(bad), false)) == 0 {
			t.Errorf("%s: the schema accepts it", name)
		}
	}
	// A stamp without an assignment is not a hand-in of anything.
	w := handIn(t, now)
	w.Assignment = nil
	if _, err := Encode(w, now); err == nil || !strings.Contains(err.Error(), "submittedBy") {
		t.Errorf("stamp without assignment: %v", err)
	}
}
