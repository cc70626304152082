package ui

import (
	"fmt"
	"slices"

	"framecheck/app/align"
	"framecheck/app/browser"
	"framecheck/app/workspace"
)

// The session's operations in the compare view: what changes the
// workspace or the selection there. The compare state itself
// (comparestate.go) only reads the workspace.

// toggleCompare opens the compare view on the active readout and the next
// one, or closes it.
func (s *session) toggleCompare() {
	active, err := s.cmp.toggle(s.ws, s.activeReadout)
	if err != nil {
		s.fail(err)
		return
	}
	s.activeReadout = active
}

// setColumn puts readout id in one column; choosing the readout of the
// other column swaps the two.
func (s *session) setColumn(side, id string) {
	s.activeReadout = s.cmp.setColumn(s.ws, side, id, s.activeReadout)
}

// toggleOmittedBy adds the readout beside the selected omission span to its
// "omitted by", or takes it out: the one keystroke (O) of the compare view.
func (s *session) toggleOmittedBy() {
	a := s.ws.Annotation(s.selected)
	switch {
	case a == nil:
		s.fail(fmt.Errorf("select an omission span first, then press O to say the other readout leaves it out"))
		return
	case a.Tag != workspace.Omission || a.IsPoint():
		s.fail(fmt.Errorf("only an omission span can be omitted by another readout: tag the passage with 3 first"))
		return
	}
	other := s.cmp.otherColumn(s.ws, a.ReadoutID)
	if other == "" {
		s.fail(fmt.Errorf("open the compare view (C) to choose the other readout, or tick it under Omitted by in the panel"))
		return
	}
	list := slices.Clone(a.OmittedBy)
	title := s.ws.Readout(other).Title
	msg := "Omitted by " + title + " (Ctrl+Z to undo)"
	if slices.Contains(list, other) {
		list = slices.DeleteFunc(list, func(id string) bool { return id == other })
		msg = "No longer omitted by " + title
	} else {
		list = append(list, other)
	}
	ordered := s.inReadoutOrder(list)
	if s.apply(workspace.UpdateAnnotation{ID: a.ID, OmittedBy: &ordered}) == nil {
		s.notice(msg)
		s.cmp.rev++
	}
}

// inReadoutOrder returns the readout ids of list in the workspace's order,
// so an export never depends on the order of clicks.
func (s *session) inReadoutOrder(list []string) []string {
	var ordered []string
	for _, r := range s.ws.Readouts {
		if slices.Contains(list, r.ID) {
			ordered = append(ordered, r.ID)
		}
	}
	return ordered
}

// moveGhost moves the ghost of the selected omission to the caret in the
// readout beside it.
func (s *session) moveGhost(sel browser.Selection, ok bool) {
	a := s.ws.Annotation(s.selected)
	if a == nil {
		s.fail(fmt.Errorf("select an omission first (click it or its dashed marker)"))
		return
	}
	g, has := s.cmp.ghostOf(s.ws, a)
	if !has {
		s.fail(fmt.Errorf("this annotation has no marker in the other column: it must be an omission span omitted by that readout"))
		return
	}
	if !ok || sel.ReadoutID != g.In {
		s.fail(fmt.Errorf("put the caret where the missing passage would go in %s, then press M", s.ws.Readout(g.In).Title))
		return
	}
	cp, err := s.ws.Readout(g.In).Positions().UTF16ToCodePoint(sel.Start)
	if err != nil {
		s.fail(fmt.Errorf("caret: %w", err))
		return
	}
	s.cmp.moveGhost(a.ID, cp)
	s.notice("Marker moved. It is a guide only; Mark the place makes it an omission point that is saved.")
}

// placeGhost turns the ghost of the selected omission into a real omission
// point in the other readout, linked to the omission, in one undoable step.
func (s *session) placeGhost() {
	a := s.ws.Annotation(s.selected)
	if a == nil {
		return
	}
	g, has := s.cmp.ghostOf(s.ws, a)
	if !has {
		s.fail(fmt.Errorf("this annotation has no marker in the other column"))
		return
	}
	p, err := s.ws.NewAnnotation(g.In, workspace.Omission, g.At, g.At, s.author, s.now())
	if err != nil {
		s.fail(err)
		return
	}
	p.Note = "Left out here; " + s.ws.Readout(a.ReadoutID).Title + " tells it: “" + clip(a.Exact, 120) + "”"
	op := workspace.Batch{Label: "Mark the place of an omission", Ops: []workspace.Op{
		workspace.AddAnnotation{Annotation: p},
		workspace.LinkAnnotations{A: a.ID, B: p.ID},
	}}
	if s.apply(op) == nil {
		delete(s.cmp.moved, a.ID)
		s.cmp.rev++
		s.notice("Omission point added in " + s.ws.Readout(g.In).Title + " (Ctrl+Z to undo)")
	}
}

// spanOrExisting returns the annotation to use for a suggested sentence:
// an existing non-point annotation with exactly its span, or a new one.
func (s *session) spanOrExisting(readoutID string, sp align.Span, tag workspace.Tag) (*workspace.Annotation, bool, error) {
	for _, x := range s.ws.AnnotationsOf(readoutID) {
		if x.Start == sp.Start && x.End == sp.End && !x.IsPoint() {
			return x, false, nil
		}
	}
	a, err := s.ws.NewAnnotation(readoutID, tag, sp.Start, sp.End, s.author, s.now())
	return a, true, err
}

// acceptPair makes a suggested pair a counterpart link: the two sentences
// become annotations (Fact, unless one exists with that exact span) and are
// linked, in one undoable step.
func (s *session) acceptPair(p align.Pair) {
	sg := s.cmp.suggest
	if sg == nil {
		return
	}
	x, newX, err := s.spanOrExisting(sg.a, p.A, workspace.Fact)
	if err != nil {
		s.fail(err)
		return
	}
	y, newY, err := s.spanOrExisting(sg.b, p.B, workspace.Fact)
	if err != nil {
		s.fail(err)
		return
	}
	var ops []workspace.Op
	if newX {
		ops = append(ops, workspace.AddAnnotation{Annotation: x})
	}
	if newY {
		ops = append(ops, workspace.AddAnnotation{Annotation: y})
	}
	ops = append(ops, workspace.LinkAnnotations{A: x.ID, B: y.ID})
	if s.apply(workspace.Batch{Label: "Link suggested counterparts", Ops: ops}) == nil {
		s.selected = x.ID
		s.activeReadout = x.ReadoutID
		s.cmp.rev++
		s.notice("Linked as counterparts, tagged Fact (Alt+2 makes one Framing; Ctrl+Z undoes)")
	}
}

// acceptGap makes a sentence with no counterpart an omission span of its
// readout, omitted by the other column.
func (s *session) acceptGap(in, other string, sp align.Span) {
	a, err := s.ws.NewAnnotation(in, workspace.Omission, sp.Start, sp.End, s.author, s.now())
	if err != nil {
		s.fail(err)
		return
	}
	a.OmittedBy = []string{other}
	if s.apply(workspace.AddAnnotation{Annotation: a}) == nil {
		s.selected = a.ID
		s.activeReadout = in
		s.cmp.rev++
		s.notice("Omission added, omitted by " + s.ws.Readout(other).Title + " (Ctrl+Z to undo)")
	}
}

// startSuggest marks the suggestions of the columns as being computed and
// returns the texts to align (false when there are no two columns).
func (s *session) startSuggest() (string, string, bool) {
	ta, tb, ok := s.cmp.startSuggest(s.ws)
	if !ok {
		s.fail(fmt.Errorf("open the compare view with two readouts first"))
	}
	return ta, tb, ok
}

// finishSuggest stores an alignment, unless the columns or texts changed
// while it ran, and says what it found.
func (s *session) finishSuggest(textA, textB string, res align.Result) {
	if !s.cmp.finishSuggest(textA, textB, res) {
		return
	}
	if open, ok := s.cmp.openSuggestions(s.ws); ok {
		s.notice(itoa(len(open.Pairs)) + " likely counterparts, " + itoa(len(open.OnlyA)+len(open.OnlyB)) + " sentences without one, " + itoa(len(open.RestA)+len(open.RestB)) + " clauses told only on one side. Nothing is saved until you click.")
	}
}

// focusSuggestionAt focuses the suggestion whose sentence holds the caret.
func (s *session) focusSuggestionAt(sel browser.Selection) bool {
	key, ok := s.cmp.suggestionAt(s.ws, sel)
	if ok {
		s.cmp.focusSuggestion(key)
	}
	return ok
}

// acceptSuggestion acts on the suggestion with this key: a pair becomes a
// link, a sentence without counterpart an omission.
func (s *session) acceptSuggestion(key string) {
	open, ok := s.cmp.openSuggestions(s.ws)
	sg := s.cmp.suggest
	if !ok {
		s.fail(fmt.Errorf("the suggestions are out of date: press Suggest again"))
		return
	}
	for _, p := range open.Pairs {
		if pairKey(p) == key {
			s.acceptPair(p)
			return
		}
	}
	for _, g := range open.OnlyA {
		if gapKey("a", g) == key {
			s.acceptGap(sg.a, sg.b, g)
			return
		}
	}
	for _, g := range open.OnlyB {
		if gapKey("b", g) == key {
			s.acceptGap(sg.b, sg.a, g)
			return
		}
	}
	for _, g := range open.RestA {
		if gapKey("ra", g) == key {
			s.acceptGap(sg.a, sg.b, g)
			return
		}
	}
	for _, g := range open.RestB {
		if gapKey("rb", g) == key {
			s.acceptGap(sg.b, sg.a, g)
			return
		}
	}
	s.fail(fmt.Errorf("that suggestion is no longer open"))
}
