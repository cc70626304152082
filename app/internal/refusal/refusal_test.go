package refusal

import (
	"errors"
	"testing"
	"time"

	"framecheck/app/workspace"
)

func TestErrorAndModelError(t *testing.T) {
	if got := Errorf("a[1].b", "%d is bad", 3).Error(); got != "a[1].b: 3 is bad" {
		t.Errorf("Error() = %q", got)
	}
	if got := (&Error{Msg: "the file is empty"}).Error(); got != "the file is empty" {
		t.Errorf("Error() without path = %q", got)
	}
	for in, want := range map[string]string{
		"annotations[3].end: 5 is bad": "annotations[3].end|5 is bad",
		"two words: no path":           "|two words: no path",
		`"q": no path`:                 `|"q": no path`,
		"no colon":                     "|no colon",
	} {
		e := ModelError(errors.New(in))
		if got := e.Path + "|" + e.Msg; got != want {
			t.Errorf("ModelError(%q) = %q, want %q", in, got, want)
		}
		if e.Error() != in {
			t.Errorf("ModelError(%q).Error() = %q, want the message unchanged", in, e.Error())
		}
	}
}

func TestExportable(t *testing.T) {
	var fe *Error
	if err := Exportable(nil); !errors.As(err, &fe) || err.Error() != "no workspace to export" {
		t.Errorf("Exportable(nil) = %v", err)
	}
	now := time.Date(2026, 7, 6, 9, 0, 0, 0, time.UTC)
	w := workspace.New("call", now)
	if err := Exportable(w); err != nil {
		t.Errorf("Exportable(valid) = %v", err)
	}
	w.ID = "not a uuid"
	err := Exportable(w)
	if !errors.As(err, &fe) || fe.Path == "" || err.Error() != w.Validate().Error() {
		t.Errorf("Exportable(invalid) = %#v, want Validate's message %q with its path", err, w.Validate())
	}
}
