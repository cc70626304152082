package ui

import (
	"fmt"
	"slices"

	"framecheck/app/align"
	"framecheck/app/browser"
	"framecheck/app/compare"
	"framecheck/app/workspace"
)

// compareState is what the compare view adds to a session: the two
// readouts side by side, where the user moved ghost markers, and the
// alignment suggestions. Ghost moves and suggestions are never saved:
// they are aids, not annotations.
type compareState struct {
	on          bool
	left, right string
	rev         int            // moves when anything below changes: the views repaint
	moved       map[string]int // omission id -> code point in the other readout
	summary     bool

	suggest *suggestions
}

// suggestions is one run of the aligner over the two columns.
type suggestions struct {
	a, b         string // readout ids, left and right when it ran
	textA, textB string // the texts it ran on: an edit makes it stale
	res          align.Result
	busy         bool
	focus        string // key of the suggestion in focus ("p3", "a0", "b2")
}

// columns returns the two readouts side by side, or false when the view
// is off or one of them is gone.
func (s *session) columns() (string, string, bool) {
	c := &s.cmp
	if !c.on || s.ws.Readout(c.left) == nil || s.ws.Readout(c.right) == nil || c.left == c.right {
		return "", "", false
	}
	return c.left, c.right, true
}

// otherColumn is the readout beside id in the compare view; outside it,
// the other readout when the workspace has exactly two.
func (s *session) otherColumn(id string) string {
	if l, r, ok := s.columns(); ok {
		switch id {
		case l:
			return r
		case r:
			return l
		}
		return ""
	}
	if len(s.ws.Readouts) == 2 {
		for _, r := range s.ws.Readouts {
			if r.ID != id {
				return r.ID
			}
		}
	}
	return ""
}

// toggleCompare opens the compare view on the active readout and the next
// one, or closes it.
func (s *session) toggleCompare() {
	c := &s.cmp
	if c.on {
		c.on, c.summary = false, false
		c.rev++
		return
	}
	if len(s.ws.Readouts) < 2 {
		s.fail(fmt.Errorf("compare needs two readouts: add another with New readout (N)"))
		return
	}
	i := max(s.ws.ReadoutIndex(s.activeReadout), 0)
	l, r := s.ws.Readouts[i].ID, s.ws.Readouts[(i+1)%len(s.ws.Readouts)].ID
	// Keep the pair the user chose last time when it still exists.
	if s.ws.Readout(c.left) != nil && s.ws.Readout(c.right) != nil && c.left != c.right {
		l, r = c.left, c.right
	}
	c.on, c.left, c.right = true, l, r
	if s.activeReadout != l && s.activeReadout != r {
		s.activeReadout = l
	}
	c.rev++
}

// setColumn puts readout id in one column; choosing the readout of the
// other column swaps the two.
func (s *session) setColumn(side, id string) {
	c := &s.cmp
	if s.ws.Readout(id) == nil {
		return
	}
	if side == "left" {
		if id == c.right {
			c.right = c.left
		}
		c.left = id
	} else {
		if id == c.left {
			c.left = c.right
		}
		c.right = id
	}
	if s.activeReadout != c.left && s.activeReadout != c.right {
		s.activeReadout = c.left
	}
	c.summary = c.summary && c.left != c.right
	c.rev++
}

// ghostsIn returns the ghost markers to show in readout id: the omissions
// of the readout beside it that name id in "omitted by".
func (s *session) ghostsIn(id string) []compare.Ghost {
	l, r, ok := s.columns()
	if !ok || (id != l && id != r) {
		return nil
	}
	return compare.Ghosts(s.ws, s.otherColumn(id), id, s.cmp.moved)
}

// ghostOf is the ghost of omission om in the readout beside it.
func (s *session) ghostOf(om *workspace.Annotation) (compare.Ghost, bool) {
	in := s.otherColumn(om.ReadoutID)
	if in == "" {
		return compare.Ghost{}, false
	}
	for _, g := range compare.Ghosts(s.ws, om.ReadoutID, in, s.cmp.moved) {
		if g.OmissionID == om.ID {
			return g, true
		}
	}
	return compare.Ghost{}, false
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
	other := s.otherColumn(a.ReadoutID)
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
	g, has := s.ghostOf(a)
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
	if s.cmp.moved == nil {
		s.cmp.moved = map[string]int{}
	}
	s.cmp.moved[a.ID] = cp
	s.cmp.rev++
	s.notice("Marker moved. It is a guide only; Mark the place makes it an omission point that is saved.")
}

// placeGhost turns the ghost of the selected omission into a real omission
// point in the other readout, linked to the omission, in one undoable step.
func (s *session) placeGhost() {
	a := s.ws.Annotation(s.selected)
	if a == nil {
		return
	}
	g, has := s.ghostOf(a)
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

// openSuggestions returns the suggestions still to act on, or false when there are
// none to show (not run, running, or stale after an edit).
func (s *session) openSuggestions() (compare.Suggestions, bool) {
	sg := s.cmp.suggest
	if sg == nil || sg.busy {
		return compare.Suggestions{}, false
	}
	ra, rb := s.ws.Readout(sg.a), s.ws.Readout(sg.b)
	if ra == nil || rb == nil || ra.Text != sg.textA || rb.Text != sg.textB {
		return compare.Suggestions{}, false
	}
	return compare.Open(s.ws, sg.a, sg.b, sg.res), true
}

// suggestionsShown reports whether the suggestions belong to the columns
// on screen.
func (s *session) suggestionsShown() bool {
	l, r, ok := s.columns()
	sg := s.cmp.suggest
	return ok && sg != nil && sg.a == l && sg.b == r
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

// pairKey and gapKey name a suggestion by where it starts, so a key stays
// the same while other suggestions are accepted.
func pairKey(p align.Pair) string { return "p" + itoa(p.A.Start) + "-" + itoa(p.B.Start) }

func gapKey(side string, g align.Span) string { return side + itoa(g.Start) }

// startSuggest marks the suggestions of the columns as being computed and
// returns the texts to align (false when there are no two columns).
func (s *session) startSuggest() (string, string, bool) {
	l, r, ok := s.columns()
	if !ok {
		s.fail(fmt.Errorf("open the compare view with two readouts first"))
		return "", "", false
	}
	ta, tb := s.ws.Readout(l).Text, s.ws.Readout(r).Text
	s.cmp.suggest = &suggestions{a: l, b: r, textA: ta, textB: tb, busy: true}
	s.cmp.rev++
	return ta, tb, true
}

// finishSuggest stores an alignment, unless the columns or texts changed
// while it ran.
func (s *session) finishSuggest(textA, textB string, res align.Result) {
	sg := s.cmp.suggest
	if sg == nil || sg.textA != textA || sg.textB != textB {
		return
	}
	sg.res, sg.busy = res, false
	s.cmp.rev++
	if open, ok := s.openSuggestions(); ok {
		s.notice(itoa(len(open.Pairs)) + " likely counterparts, " + itoa(len(open.OnlyA)+len(open.OnlyB)) + " sentences without one, " + itoa(len(open.RestA)+len(open.RestB)) + " clauses told only on one side. Nothing is saved until you click.")
	}
}

// closeSuggest hides the suggestions.
func (s *session) closeSuggest() {
	s.cmp.suggest = nil
	s.cmp.rev++
}

// focusSuggestion puts a suggestion in focus: both columns scroll to it.
func (s *session) focusSuggestion(key string) {
	if s.cmp.suggest != nil {
		s.cmp.suggest.focus = key
		s.cmp.rev++
	}
}

// focusSuggestionAt focuses the suggestion whose sentence holds the caret.
func (s *session) focusSuggestionAt(sel browser.Selection) bool {
	open, ok := s.openSuggestions()
	if !ok || !s.suggestionsShown() {
		return false
	}
	r := s.ws.Readout(sel.ReadoutID)
	if r == nil {
		return false
	}
	cp, err := r.Positions().UTF16ToCodePoint(sel.Start)
	if err != nil {
		return false
	}
	sg := s.cmp.suggest
	in := func(sp align.Span) bool { return sp.Start <= cp && cp < sp.End }
	for _, g := range open.RestA {
		if r.ID == sg.a && in(g) {
			s.focusSuggestion(gapKey("ra", g))
			return true
		}
	}
	for _, g := range open.RestB {
		if r.ID == sg.b && in(g) {
			s.focusSuggestion(gapKey("rb", g))
			return true
		}
	}
	for _, g := range open.OnlyA {
		if r.ID == sg.a && in(g) {
			s.focusSuggestion(gapKey("a", g))
			return true
		}
	}
	for _, g := range open.OnlyB {
		if r.ID == sg.b && in(g) {
			s.focusSuggestion(gapKey("b", g))
			return true
		}
	}
	for _, p := range open.Pairs { // after the clauses, which sit inside paired sentences
		if (r.ID == sg.a && in(p.A)) || (r.ID == sg.b && in(p.B)) {
			s.focusSuggestion(pairKey(p))
			return true
		}
	}
	return false
}

// acceptSuggestion acts on the suggestion with this key: a pair becomes a
// link, a sentence without counterpart an omission.
func (s *session) acceptSuggestion(key string) {
	open, ok := s.openSuggestions()
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
