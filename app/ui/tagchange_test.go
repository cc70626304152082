package ui

import (
	"strings"
	"testing"

	"framecheck/app/browser"
	"framecheck/app/workspace"
)

// TestTagChange: a removal becomes an omission point with the removed text
// in its note; an inserted passage, picked by a caret in it, becomes a
// framing span over exactly the added text, noting what it replaced.
func TestTagChange(t *testing.T) {
	s := testSession(t)
	r := s.ws.Readouts[0]
	// Long unchanged stretches keep the three changes apart.
	keep1 := "The presidents spoke by telephone on Tuesday about the situation in the region."
	keep2 := "They reviewed the state of bilateral relations and the prospects for trade."
	old := keep1 + " The talks lasted ninety minutes. " + keep2 + " Both sides agreed to continue contacts. " + keep1 + " " + keep2
	neu := keep1 + " The talks lasted eighty minutes. " + keep2 + " " + keep1 + " " + keep2 + " A joint statement will follow."
	if err := s.apply(workspace.AddVersion{ReadoutID: r.ID, Text: old}); err != nil {
		t.Fatal(err)
	}
	if err := s.addVersion(r.ID, neu, ""); err != nil {
		t.Fatal(err)
	}
	d := s.versionDiff(r)
	var removal, added, replaced = -1, -1, -1
	for i, p := range d.Passages() {
		switch {
		case p.NewEnd == p.NewStart:
			removal = i
		case p.OldEnd == p.OldStart && strings.Contains(neu[p.NewStart:p.NewEnd], "joint"):
			added = i
		case p.OldEnd > p.OldStart:
			replaced = i
		}
	}
	if removal < 0 || added < 0 || replaced < 0 {
		t.Fatalf("test text: want a removal, an insertion and a replacement among %+v", d.Passages())
	}

	// A removal: an omission point, removed text in the note.
	if err := s.tagChange(r.ID, removal, false); err != nil {
		t.Fatal(err)
	}
	a := s.ws.Annotation(s.selected)
	if a.Tag != workspace.Omission || !a.IsPoint() || !strings.Contains(a.Note, "agreed to continue") {
		t.Errorf("removal tagged as %s %d-%d, note %q", a.Tag, a.Start, a.End, a.Note)
	}

	// An insertion: a caret in it picks it, then one step.
	p := d.Passages()[added]
	if !s.pickInsertion(r, browser.Selection{ReadoutID: r.ID, Start: utf16Of(t, r, p.NewStart+3), End: utf16Of(t, r, p.NewStart+3)}) ||
		!s.versions.pickedIns || s.versions.picked != added {
		t.Fatalf("a caret in the inserted sentence did not pick it: %+v", s.versions)
	}
	before := len(s.ws.Annotations)
	if err := s.tagChange(r.ID, s.versions.picked, s.versions.pickedIns); err != nil {
		t.Fatal(err)
	}
	a = s.ws.Annotation(s.selected)
	if len(s.ws.Annotations) != before+1 || a.Tag != workspace.Framing || a.Exact != "A joint statement will follow." || a.Note != "Added in the new version." {
		t.Errorf("insertion tagged as %s %q, note %q", a.Tag, a.Exact, a.Note)
	}
	if s.versions.pickedReadout != "" || s.versions.pickedIns {
		t.Errorf("the pick outlived the tag: %+v", s.versions)
	}

	// A replacement: the note says what it read before.
	q := d.Passages()[replaced] // "nine" -> "eigh": changes are refined to characters
	ra, err := changeAnnotation(s.ws, r, d, replaced, s.removedText(r, replaced), true, "Tester", s.now())
	if err != nil {
		t.Fatal(err)
	}
	if ra.Tag != workspace.Framing || ra.Exact != neu[q.NewStart:q.NewEnd] || ra.Note != "Changed in the new version; it read: “"+old[q.OldStart:q.OldEnd]+"”" {
		t.Errorf("replacement tagged as %s %q, note %q", ra.Tag, ra.Exact, ra.Note)
	}

	// A caret outside any insertion forgets an inserted pick.
	s.pickInsertion(r, browser.Selection{ReadoutID: r.ID, Start: utf16Of(t, r, p.NewStart+3), End: utf16Of(t, r, p.NewStart+3)})
	if !s.pickInsertion(r, browser.Selection{ReadoutID: r.ID}) || s.versions.pickedReadout != "" {
		t.Errorf("a caret at the start did not forget the pick: %+v", s.versions)
	}
	// A point cannot be made a span: an insertion is asked for where there is none.
	if _, err := changeAnnotation(s.ws, r, d, removal, "x", true, "Tester", s.now()); err == nil {
		t.Error("tagging a pure removal as an insertion did not fail")
	}
}
