package ui

import (
	"fmt"
	"strings"

	"framecheck/app/browser"
	"framecheck/app/class"
	"framecheck/app/fcjson"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// This file holds the student's side of a class assignment: the name that
// signs their work, and Hand in. The pack itself is made by packForm.

// assignmentKey is the localStorage key that remembers which workspace of
// this browser holds the work on an assignment, so that opening the same
// pack again offers to continue it.
func assignmentKey(id string) string { return "framecheck.assignment." + id }

// isPack reports whether an imported workspace is a class pack (an
// assignment no student has begun).
func isPack(w *workspace.Workspace) bool {
	return w != nil && w.Assignment != nil && w.Assignment.Student == "" && w.SubmittedBy == ""
}

// setStudent records the student's name; it signs every annotation.
func (s *session) setStudent(name string) bool {
	name = strings.TrimSpace(name)
	if name == "" {
		s.fail(fmt.Errorf("your name: write the name your teacher knows you by"))
		return false
	}
	if err := s.apply(workspace.SetStudent{Name: name}); err != nil {
		return false
	}
	s.askName = false
	s.notice("Your annotations are signed " + name)
	return true
}

// handIn downloads the student's work stamped with their name and the
// time. The workspace itself is not changed: the student may work on and
// hand in again.
func (s *session) handIn() {
	h, err := class.HandIn(s.ws, s.now())
	if err != nil {
		s.fail(fmt.Errorf("hand in: %w", err))
		if s.ws.Assignment != nil && s.ws.Assignment.Student == "" {
			s.askName = true
		}
		return
	}
	data, err := fcjson.Encode(h, h.SubmittedAt)
	if err != nil {
		s.fail(fmt.Errorf("hand in: %w", err))
		return
	}
	name := class.HandInName(h.Assignment.Title, h.SubmittedBy)
	if err := browser.Download(name, "application/json", data); err != nil {
		s.fail(fmt.Errorf("hand in: %w", err))
		return
	}
	s.notice("Handed in as " + name + ": give this file to your teacher. You can keep working and hand in again.")
}

func (s *shell) onHandIn(ctx app.Context, e app.Event) { s.sess.handIn() }

func (s *shell) onMakePack(ctx app.Context, e app.Event) {
	s.showPack = !s.showPack
	if s.showPack {
		ctx.Defer(func(app.Context) { browser.Focus(`[data-form="pack"] input[name="pack-title"]`) })
	}
}

func (s *shell) onPackDone(ctx app.Context) { s.showPack = false }

func (s *shell) onClassView(ctx app.Context, e app.Event) {
	s.classOn = !s.classOn
	if s.classOn && s.sess.cmp.on {
		s.sess.toggleCompare()
	}
}
