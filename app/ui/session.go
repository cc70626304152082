package ui

import (
	"fmt"
	"strings"
	"time"

	"framecheck/app/browser"
	"framecheck/app/workspace"
)

// session is the state of one open workspace in the page: the model plus
// what the user is looking at. Components hold a pointer to it (an
// unexported field, so go-app never deep-compares it) and receive small
// revision numbers as props, so a change re-renders only the components
// whose revision moved.
type session struct {
	ws *workspace.Workspace

	activeReadout string // id of the readout on screen
	selected      string // id of the selected annotation
	author        string // signs new annotations; remembered per browser

	rev     int            // any change to the workspace
	annRevs map[string]int // per readout: its annotations changed

	undo, redo []step
	now        func() time.Time

	// message is the last error or notice for the status line.
	message string
	isError bool

	// epoch moves when the whole workspace is replaced (another tab's save,
	// a switch of workspace): views keyed by it start afresh.
	epoch int
	// onChange is told about every change, for autosave.
	onChange func()
	// onPainted is told when a readout's text and highlights are on screen.
	onPainted func()

	// linkFrom is the annotation waiting for its counterpart (after L): the
	// next annotation chosen in another readout is linked to it.
	linkFrom string

	// cmp is the compare view's state.
	cmp compareState
	// versions is the state of readout versions (versions.go).
	versions versionState
	// askName is set when a student tried to annotate before giving their
	// name: the assignment panel focuses its name field.
	askName bool
}

// step is one undoable change.
type step struct {
	inverse workspace.Op
	label   string
}

func newSession(ws *workspace.Workspace) *session {
	s := &session{annRevs: map[string]int{}, now: time.Now}
	s.reset(ws)
	return s
}

// reset puts another workspace (or another state of this one) in the
// session. Components keep their pointer to the session, so the session
// itself is never replaced. Revisions only grow, so every view updates;
// undo history belonged to the old state and is dropped.
func (s *session) reset(ws *workspace.Workspace) {
	sameWS := s.ws != nil && s.ws.ID == ws.ID
	s.ws = ws
	s.epoch++
	s.rev++
	// Every readout of the new state moves, including those no view has
	// seen change yet (their entry may not exist).
	for id := range s.annRevs {
		s.annRevs[id]++
	}
	for _, r := range ws.Readouts {
		if _, seen := s.annRevs[r.ID]; !seen {
			s.annRevs[r.ID] = s.rev
		}
	}
	s.undo, s.redo = nil, nil
	if !sameWS || ws.Readout(s.activeReadout) == nil {
		s.activeReadout = ""
		if len(ws.Readouts) > 0 {
			s.activeReadout = ws.Readouts[0].ID
		}
	}
	if ws.Annotation(s.selected) == nil || !sameWS {
		s.selected = ""
	}
	if !sameWS {
		s.cmp = compareState{}
	}
	s.cmp.rev++
}

// apply runs an operation, records its inverse for undo and bumps the
// revisions of what it touched.
func (s *session) apply(op workspace.Op) error {
	before := s.touched(op)
	inv, err := s.ws.Do(op, s.now())
	if err != nil {
		s.fail(err)
		return err
	}
	s.undo = append(s.undo, step{inverse: inv, label: op.Describe()})
	s.redo = nil
	s.bump(before, s.touched(op))
	s.message, s.isError = "", false
	s.changed()
	return nil
}

// undoLast reverts the last change; redoLast puts it back.
func (s *session) undoLast() bool { return s.replay(&s.undo, &s.redo) }
func (s *session) redoLast() bool { return s.replay(&s.redo, &s.undo) }

func (s *session) replay(from, to *[]step) bool {
	if len(*from) == 0 {
		return false
	}
	st := (*from)[len(*from)-1]
	*from = (*from)[:len(*from)-1]
	before := s.touched(st.inverse)
	inv, err := s.ws.Do(st.inverse, s.now())
	if err != nil {
		s.fail(fmt.Errorf("cannot undo %q: %w", st.label, err))
		return false
	}
	*to = append(*to, step{inverse: inv, label: st.label})
	s.bump(before, s.touched(st.inverse))
	s.changed()
	if s.ws.Annotation(s.selected) == nil {
		s.selected = ""
	}
	if s.ws.Readout(s.activeReadout) == nil && len(s.ws.Readouts) > 0 {
		s.activeReadout = s.ws.Readouts[0].ID
	}
	return true
}

// touched names the readouts an operation affects (before and after it runs,
// since a delete forgets where the annotation was).
func (s *session) touched(op workspace.Op) []string {
	switch o := op.(type) {
	case workspace.AddAnnotation:
		return []string{o.Annotation.ReadoutID}
	case workspace.DeleteAnnotation:
		if a := s.ws.Annotation(o.ID); a != nil {
			return []string{a.ReadoutID}
		}
	case workspace.UpdateAnnotation:
		if a := s.ws.Annotation(o.ID); a != nil {
			return []string{a.ReadoutID}
		}
	case workspace.AddReadout:
		return []string{o.Readout.ID}
	case workspace.LinkAnnotations:
		return s.readoutsOf(o.A, o.B)
	case workspace.UnlinkAnnotations:
		return s.readoutsOf(o.A, o.B)
	case workspace.SetLinkNote:
		return s.readoutsOf(o.A, o.B)
	case workspace.SetCheck:
		return s.readoutsOf(o.ID)
	case workspace.Batch:
		var ids []string
		for _, x := range o.Ops {
			ids = append(ids, s.touched(x)...)
		}
		return ids
	case workspace.AddVersion:
		return []string{o.ReadoutID}
	case workspace.PlaceOrphan:
		return s.readoutsOf(o.ID)
	}
	// Every readout: DeleteReadout, EditReadout, ReplaceContent, and the
	// inverses the workspace keeps to itself (undoing a new version).
	ids := make([]string, 0, len(s.ws.Readouts))
	for _, r := range s.ws.Readouts {
		ids = append(ids, r.ID)
	}
	return ids
}

// readoutsOf names the readouts of the annotations that exist.
func (s *session) readoutsOf(ids ...string) []string {
	var out []string
	for _, id := range ids {
		if a := s.ws.Annotation(id); a != nil {
			out = append(out, a.ReadoutID)
		}
	}
	return out
}

func (s *session) changed() {
	if s.onChange != nil {
		s.onChange()
	}
}

func (s *session) bump(lists ...[]string) {
	s.rev++
	for _, ids := range lists {
		for _, id := range ids {
			s.annRevs[id]++
		}
	}
}

func (s *session) fail(err error) {
	s.message, s.isError = err.Error(), true
}

func (s *session) notice(msg string) {
	s.message, s.isError = msg, false
}

// annotate creates an annotation over a code point range of a readout and
// selects it.
func (s *session) annotate(readoutID string, tag workspace.Tag, start, end int) error {
	author := s.author
	if asg := s.ws.Assignment; asg != nil {
		// A student's name signs every annotation: asked before the first.
		if asg.Student == "" {
			err := fmt.Errorf("enter your name first (above the readouts): it signs your work")
			s.fail(err)
			s.askName = true
			return err
		}
		author = asg.Student
	}
	a, err := s.ws.NewAnnotation(readoutID, tag, start, end, author, s.now())
	if err != nil {
		s.fail(err)
		return err
	}
	if err := s.apply(workspace.AddAnnotation{Annotation: a}); err != nil {
		return err
	}
	paintNow(s.ws.Readout(readoutID), a)
	// In link mode a new span in another readout is the counterpart the
	// user was looking for: tagging it links it.
	if from := s.ws.Annotation(s.linkFrom); from != nil && from.ReadoutID != readoutID {
		s.choose(a.ID)
		return nil
	}
	s.selected = a.ID
	return nil
}

// paintNow paints a new span's highlight at once, in the event that made
// it, instead of in go-app's next update (browser.PaintSpan); the readout
// view's repaint then finds it painted. A point changes the text's markers
// and waits for the repaint.
func paintNow(r *workspace.Readout, a *workspace.Annotation) {
	if r == nil || a.IsPoint() {
		return
	}
	t := r.Positions()
	if sp, ok := span16(t, a.ID, string(a.Tag), a.Start, a.End); ok {
		browser.PaintSpan(r.ID, t.UTF16Len(), sp)
	}
}

// selectAt picks the annotation under a caret at code point cp: the
// innermost (shortest) one covering it; repeated clicks on the same spot
// cycle through nested ones.
func (s *session) selectAt(readoutID string, cp int) bool {
	var covering []*workspace.Annotation
	for _, a := range s.ws.AnnotationsOf(readoutID) {
		if a.Start <= cp && cp < a.End {
			covering = append(covering, a)
		}
	}
	if len(covering) == 0 {
		return false
	}
	best := 0
	for i, a := range covering {
		if a.End-a.Start < covering[best].End-covering[best].Start {
			best = i
		}
	}
	// Cycle when the innermost is already selected.
	for i, a := range covering {
		if a.ID == s.selected {
			best = (i + 1) % len(covering)
			if covering[best].ID == s.selected {
				return true
			}
			break
		}
	}
	s.choose(covering[best].ID)
	return true
}

// withTag keeps the annotations with the tag (all of them for "").
func withTag(anns []*workspace.Annotation, tag workspace.Tag) []*workspace.Annotation {
	if tag == "" {
		return anns
	}
	out := anns[:0:0]
	for _, a := range anns {
		if a.Tag == tag {
			out = append(out, a)
		}
	}
	return out
}

// countTags counts annotations per tag.
func countTags(anns []*workspace.Annotation) map[workspace.Tag]int {
	c := map[workspace.Tag]int{}
	for _, a := range anns {
		c[a.Tag]++
	}
	return c
}

// moveSelection selects the next (delta 1) or previous (-1) annotation of
// the active readout in text order.
func (s *session) moveSelection(delta int) bool {
	list := s.ws.AnnotationsOf(s.activeReadout)
	if len(list) == 0 {
		return false
	}
	i := -1
	for j, a := range list {
		if a.ID == s.selected {
			i = j
		}
	}
	switch {
	case i < 0 && delta > 0:
		i = 0
	case i < 0:
		i = len(list) - 1
	default:
		i = (i + delta + len(list)) % len(list)
	}
	s.choose(list[i].ID)
	return true
}

// readoutLabel names a readout for lists and messages.
func readoutLabel(r *workspace.Readout) string {
	if r.Source != "" && !strings.Contains(r.Title, r.Source) {
		return r.Title + " (" + r.Source + ")"
	}
	return r.Title
}

// choose selects an annotation the user picked (click, list, J / K). In
// link mode, picking one in another readout links the two.
func (s *session) choose(id string) {
	s.selected = id
	// In the compare view the list and J / K follow the column picked from.
	if a := s.ws.Annotation(id); a != nil {
		if l, r, ok := s.cmp.columns(s.ws); ok && (a.ReadoutID == l || a.ReadoutID == r) {
			s.activeReadout = a.ReadoutID
		}
	}
	if s.linkFrom == "" || id == s.linkFrom {
		return
	}
	from, to := s.ws.Annotation(s.linkFrom), s.ws.Annotation(id)
	if from == nil || to == nil {
		s.linkFrom = ""
		return
	}
	if from.ReadoutID == to.ReadoutID {
		s.fail(fmt.Errorf("a counterpart is in another readout: switch readouts ([ or ]) and pick it there, or press Escape"))
		return
	}
	s.linkFrom = ""
	if s.apply(workspace.LinkAnnotations{A: from.ID, B: to.ID}) == nil {
		s.notice("Linked as counterparts (Ctrl+Z to undo)")
	}
}

// startLink puts the selected annotation in link mode.
func (s *session) startLink() {
	if s.selected == "" {
		s.fail(fmt.Errorf("select an annotation first, then press L to link it to its counterpart"))
		return
	}
	s.linkFrom = s.selected
	s.notice("Now pick its counterpart in another readout (switch with [ or ], click a highlight or a list entry); Escape cancels.")
}
