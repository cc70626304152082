package ui

import (
	"strings"
	"testing"
	"time"

	"framecheck/app/browser"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func testSession(t *testing.T) *session {
	t.Helper()
	now := time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)
	ws, err := workspace.Sample(now)
	if err != nil {
		t.Fatal(err)
	}
	s := newSession(ws)
	s.now = func() time.Time { return now }
	s.author = "Tester"
	return s
}

// utf16 returns the UTF-16 offset of code point cp in a readout, the way the
// DOM would report it.
func utf16Of(t *testing.T, r *workspace.Readout, cp int) int {
	t.Helper()
	u, err := r.Positions().CodePointToUTF16(cp)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestTagSelectionConvertsUTF16AndSigns(t *testing.T) {
	s := testSession(t)
	kr := s.ws.Readouts[0]
	// "Телефонный" follows two flag emoji (4 code points, 8 UTF-16 units)
	// and a space: a code point / UTF-16 mix-up would shift the span.
	quote := "Телефонный"
	starts := kr.Positions().Find(quote)
	if len(starts) != 1 {
		t.Fatalf("quote found %d times", len(starts))
	}
	cs, ce := starts[0], starts[0]+len([]rune(quote))
	sel := browser.Selection{ReadoutID: kr.ID, Start: utf16Of(t, kr, cs), End: utf16Of(t, kr, ce)}
	if sel.Start == cs {
		t.Fatalf("test text must have astral characters before the quote")
	}
	before := len(s.ws.Annotations)
	s.tagSelection(workspace.Fact, sel, true)
	if s.isError {
		t.Fatalf("unexpected error: %s", s.message)
	}
	if len(s.ws.Annotations) != before+1 {
		t.Fatalf("annotations: got %d, want %d", len(s.ws.Annotations), before+1)
	}
	a := s.ws.Annotation(s.selected)
	if a == nil || a.Exact != quote || a.Start != cs || a.End != ce || a.Author != "Tester" || a.Tag != workspace.Fact {
		t.Fatalf("got %+v", a)
	}
	if s.annRevs[kr.ID] == 0 {
		t.Fatal("readout revision did not move")
	}
}

func TestTagSelectionRefusals(t *testing.T) {
	s := testSession(t)
	kr := s.ws.Readouts[0]
	n := len(s.ws.Annotations)
	s.tagSelection(workspace.Fact, browser.Selection{}, false)
	if !s.isError || !strings.Contains(s.message, "select a passage") {
		t.Fatalf("no selection: %q", s.message)
	}
	s.tagSelection(workspace.Framing, browser.Selection{ReadoutID: kr.ID, Start: 10, End: 10}, true)
	if !s.isError || !strings.Contains(s.message, "Omission") {
		t.Fatalf("caret framing: %q", s.message)
	}
	s.tagSelection(workspace.Fact, browser.Selection{ReadoutID: kr.ID, Start: 0, End: 1 << 30}, true)
	if !s.isError {
		t.Fatal("out of range selection accepted")
	}
	if len(s.ws.Annotations) != n {
		t.Fatal("a refused selection changed the workspace")
	}
	// A caret with Omission makes a point.
	s.tagSelection(workspace.Omission, browser.Selection{ReadoutID: kr.ID, Start: 10, End: 10}, true)
	a := s.ws.Annotation(s.selected)
	if s.isError || a == nil || !a.IsPoint() || a.Exact != "" {
		t.Fatalf("point: %q %+v", s.message, a)
	}
}

func TestSelectAtPicksInnermostAndCycles(t *testing.T) {
	s := testSession(t)
	wh := s.ws.Readouts[1]
	if err := s.annotate(wh.ID, workspace.Framing, 0, 40); err != nil {
		t.Fatal(err)
	}
	outer := s.selected
	if err := s.annotate(wh.ID, workspace.Fact, 10, 20); err != nil {
		t.Fatal(err)
	}
	inner := s.selected
	s.selected = ""
	if !s.selectAt(wh.ID, 15) || s.selected != inner {
		t.Fatalf("first click: got %s, want inner %s", s.selected, inner)
	}
	if !s.selectAt(wh.ID, 15) || s.selected != outer {
		t.Fatalf("second click: got %s, want outer %s", s.selected, outer)
	}
	if s.selectAt(wh.ID, len([]rune(wh.Text))) {
		t.Fatal("selected something past the end")
	}
}

func TestUndoRedoDeleteAndRetag(t *testing.T) {
	s := testSession(t)
	wh := s.ws.Readouts[1]
	if err := s.annotate(wh.ID, workspace.Fact, 0, 7); err != nil {
		t.Fatal(err)
	}
	id := s.selected
	s.retag(workspace.Framing)
	if got := s.ws.Annotation(id).Tag; got != workspace.Framing {
		t.Fatalf("retag: %s", got)
	}
	s.deleteSelected()
	if s.ws.Annotation(id) != nil || s.selected != "" {
		t.Fatal("delete did not delete")
	}
	if !s.undoLast() || s.ws.Annotation(id) == nil || s.ws.Annotation(id).Tag != workspace.Framing {
		t.Fatal("undo delete did not restore the re-tagged annotation")
	}
	if !s.undoLast() || s.ws.Annotation(id).Tag != workspace.Fact {
		t.Fatal("undo retag")
	}
	if !s.undoLast() || s.ws.Annotation(id) != nil {
		t.Fatal("undo add")
	}
	if !s.redoLast() || s.ws.Annotation(id) == nil {
		t.Fatal("redo add")
	}
	if err := s.ws.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestMoveSelectionWraps(t *testing.T) {
	s := testSession(t)
	list := s.ws.AnnotationsOf(s.activeReadout)
	if len(list) < 2 {
		t.Fatal("sample needs annotations")
	}
	s.moveSelection(1)
	if s.selected != list[0].ID {
		t.Fatal("J from nothing should select the first")
	}
	s.moveSelection(-1)
	if s.selected != list[len(list)-1].ID {
		t.Fatal("K from the first should wrap to the last")
	}
}

func TestLinkFlow(t *testing.T) {
	s := testSession(t)
	kr, wh := s.ws.Readouts[0], s.ws.Readouts[1]
	a, b := s.ws.AnnotationsOf(kr.ID)[0], s.ws.AnnotationsOf(wh.ID)[0]
	same := s.ws.AnnotationsOf(kr.ID)[1]
	s.startLink()
	if !s.isError {
		t.Fatal("L with nothing selected should say what to do")
	}
	s.choose(a.ID)
	s.startLink()
	s.choose(same.ID)
	if !s.isError || len(a.Links) != 0 {
		t.Fatal("a counterpart in the same readout must be refused")
	}
	s.choose(b.ID)
	if _, ok := a.LinkTo(b.ID); !ok {
		t.Fatalf("not linked: %q", s.message)
	}
	if _, ok := b.LinkTo(a.ID); !ok {
		t.Fatal("link not written on both ends")
	}
	if s.linkFrom != "" {
		t.Fatal("link mode should end after linking")
	}
	// Deleting one end removes the link from the other; undo restores both.
	s.selected = a.ID
	s.deleteSelected()
	if len(b.Links) != 0 {
		t.Fatal("deleting an end left a dangling link")
	}
	s.undoLast()
	if _, ok := b.LinkTo(a.ID); !ok {
		t.Fatal("undo did not restore the link")
	}
	if err := s.ws.Validate(); err != nil {
		t.Fatal(err)
	}
	html := app.HTMLString(newAnnotationPanel(s, a.ID, s.rev))
	if !strings.Contains(html, `data-link="`+b.ID+`"`) || !strings.Contains(html, `data-action="unlink"`) {
		t.Fatal("panel does not list the counterpart")
	}
}
