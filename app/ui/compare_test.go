package ui

import (
	"slices"
	"strings"
	"testing"

	"framecheck/app/align"
	"framecheck/app/browser"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestCompareColumnsAndKeys(t *testing.T) {
	s := testSession(t)
	kr, wh := s.ws.Readouts[0], s.ws.Readouts[1]
	if _, _, ok := s.cmp.columns(s.ws); ok {
		t.Fatal("compare view on before it was asked for")
	}
	s.activeReadout = wh.ID
	s.toggleCompare()
	l, r, ok := s.cmp.columns(s.ws)
	if !ok || l != wh.ID || r != kr.ID {
		t.Fatalf("columns %s %s %v: want the active readout on the left, the next on the right", l, r, ok)
	}
	// Choosing the other column's readout swaps the two.
	s.setColumn("left", kr.ID)
	if l, r, _ := s.cmp.columns(s.ws); l != kr.ID || r != wh.ID {
		t.Fatalf("after choosing the right readout on the left: %s %s", l, r)
	}
	if s.cmp.otherColumn(s.ws, kr.ID) != wh.ID || s.cmp.otherColumn(s.ws, wh.ID) != kr.ID {
		t.Fatal("otherColumn")
	}
	html := app.HTMLString(newCompareView(s, func(app.Context) {}))
	for _, hook := range []string{`data-view="compare"`, `name="compare-left"`, `name="compare-right"`, `data-action="suggest"`, `data-action="summary"`,
		`data-readout-id="` + kr.ID + `"`, `data-readout-id="` + wh.ID + `"`} {
		if !strings.Contains(html, hook) {
			t.Errorf("compare view lacks %s", hook)
		}
	}
	s.toggleCompare()
	if _, _, ok := s.cmp.columns(s.ws); ok {
		t.Fatal("compare view still on after toggling off")
	}

	// One readout: compare is refused with a message.
	one := testSession(t)
	_ = one.apply(workspace.DeleteReadout{ID: one.ws.Readouts[1].ID})
	one.toggleCompare()
	if _, _, ok := one.cmp.columns(one.ws); ok || !one.isError || !strings.Contains(one.message, "two readouts") {
		t.Fatalf("compare with one readout: %q", one.message)
	}
}

func TestCompareOmittedByGhostAndPlace(t *testing.T) {
	s := testSession(t)
	kr, wh := s.ws.Readouts[0], s.ws.Readouts[1]
	s.activeReadout = kr.ID
	s.toggleCompare()
	// A new omission span in the White House column.
	q := "The President will speak with President Zelenskyy in the coming days."
	st := wh.Positions().Find(q)[0]
	if err := s.annotate(wh.ID, workspace.Omission, st, st+len([]rune(q))); err != nil {
		t.Fatal(err)
	}
	om := s.selected
	if len(s.cmp.ghostsIn(s.ws, kr.ID)) != 1 { // the sample's own omission already names the Kremlin
		t.Fatalf("ghosts before O: %+v", s.cmp.ghostsIn(s.ws, kr.ID))
	}
	s.toggleOmittedBy()
	if a := s.ws.Annotation(om); !slices.Equal(a.OmittedBy, []string{kr.ID}) {
		t.Fatalf("O: omitted by %v", a.OmittedBy)
	}
	g, ok := s.cmp.ghostOf(s.ws, s.ws.Annotation(om))
	if !ok || g.In != kr.ID {
		t.Fatalf("no ghost in the Kremlin column: %+v", g)
	}
	html := app.HTMLString(newAnnotationPanel(s, s.selected, s.rev))
	if !strings.Contains(html, `data-action="place-ghost"`) {
		t.Fatal("the panel does not offer to mark the place")
	}
	// M moves it to the caret in the other column, and only there.
	s.moveGhost(browser.Selection{ReadoutID: wh.ID, Start: 3, End: 3}, true)
	if !s.isError {
		t.Fatal("a caret in the omission's own readout moved the ghost")
	}
	caret := utf16Of(t, kr, 20)
	s.moveGhost(browser.Selection{ReadoutID: kr.ID, Start: caret, End: caret}, true)
	if g, _ := s.cmp.ghostOf(s.ws, s.ws.Annotation(om)); g.At != 20 {
		t.Fatalf("moved ghost at %d, want 20", g.At)
	}
	// Mark the place: a linked point where the ghost was, in one undo step.
	n := len(s.ws.Annotations)
	s.placeGhost()
	if len(s.ws.Annotations) != n+1 {
		t.Fatalf("place: %d annotations, want %d (%s)", len(s.ws.Annotations), n+1, s.message)
	}
	if _, ok := s.cmp.ghostOf(s.ws, s.ws.Annotation(om)); ok {
		t.Fatal("the ghost is still there beside its point")
	}
	var pt *workspace.Annotation
	for _, a := range s.ws.AnnotationsOf(kr.ID) {
		if a.IsPoint() && a.Start == 20 {
			pt = a
		}
	}
	if pt == nil || len(pt.Links) != 1 || pt.Links[0].AnnotationID != om {
		t.Fatalf("the point: %+v", pt)
	}
	if err := s.ws.Validate(); err != nil {
		t.Fatal(err)
	}
	s.undoLast()
	if len(s.ws.Annotations) != n || len(s.ws.Annotation(om).Links) != 0 {
		t.Fatal("one undo did not take back the point and its link")
	}
	// O again takes the readout out of "omitted by".
	s.selected = om
	s.toggleOmittedBy()
	if a := s.ws.Annotation(om); len(a.OmittedBy) != 0 {
		t.Fatalf("second O: %v", a.OmittedBy)
	}
	// O on a fact explains itself.
	_ = s.annotate(wh.ID, workspace.Fact, 0, 7)
	s.toggleOmittedBy()
	if !s.isError || !strings.Contains(s.message, "omission span") {
		t.Fatalf("O on a fact: %q", s.message)
	}
}

func TestCompareSuggestionsAcceptAndRevisions(t *testing.T) {
	s := testSession(t)
	kr, wh := s.ws.Readouts[0], s.ws.Readouts[1]
	s.activeReadout = kr.ID
	s.toggleCompare()
	n := len(s.ws.Annotations)
	ta, tb, ok := s.startSuggest()
	if !ok {
		t.Fatal(s.message)
	}
	if _, ok := s.cmp.openSuggestions(s.ws); ok {
		t.Fatal("suggestions shown while the aligner runs")
	}
	s.finishSuggest(ta, tb, align.Align(ta, tb))
	open, ok := s.cmp.openSuggestions(s.ws)
	if !ok || len(open.Pairs) == 0 || len(open.OnlyB) == 0 {
		t.Fatalf("open suggestions: %+v", open)
	}
	html := app.HTMLString(newSuggestPanel(s))
	if c := strings.Count(html, `data-action="accept-suggestion"`); c != open.Len() {
		t.Fatalf("panel offers %d accepts for %d suggestions", c, open.Len())
	}
	if len(s.ws.Annotations) != n {
		t.Fatal("suggesting added annotations")
	}

	// Accept a pair: two annotations and a link, one undo step; both
	// readouts' views must repaint.
	revK, revW := s.annRevs[kr.ID], s.annRevs[wh.ID]
	p := open.Pairs[0]
	s.acceptSuggestion(pairKey(p))
	if len(s.ws.Annotations) != n+2 || s.annRevs[kr.ID] == revK || s.annRevs[wh.ID] == revW {
		t.Fatalf("accept pair: %d annotations (want %d), revisions %d→%d %d→%d; %s", len(s.ws.Annotations), n+2, revK, s.annRevs[kr.ID], revW, s.annRevs[wh.ID], s.message)
	}
	x := s.ws.Annotation(s.selected)
	if x == nil || len(x.Links) != 1 || x.Start != p.A.Start || x.End != p.A.End {
		t.Fatalf("accepted pair: %+v", x)
	}
	if again, _ := s.cmp.openSuggestions(s.ws); len(again.Pairs) != len(open.Pairs)-1 {
		t.Fatal("an accepted pair is still offered")
	}
	s.undoLast()
	if len(s.ws.Annotations) != n {
		t.Fatal("one undo did not take the pair back")
	}

	// Accept a gap of the right column: an omission omitted by the left.
	g := open.OnlyB[0]
	s.acceptSuggestion(gapKey("b", g))
	a := s.ws.Annotation(s.selected)
	if a == nil || a.ReadoutID != wh.ID || a.Tag != workspace.Omission || !slices.Equal(a.OmittedBy, []string{kr.ID}) {
		t.Fatalf("accepted gap: %+v (%s)", a, s.message)
	}
	s.acceptSuggestion("nope")
	if !s.isError {
		t.Fatal("an unknown suggestion was accepted")
	}
	// An edit of a text makes the suggestions stale, not wrong.
	s.cmp.suggest.textA += " "
	if _, ok := s.cmp.openSuggestions(s.ws); ok {
		t.Fatal("stale suggestions shown")
	}
}

func TestSummaryPanelShowsTextNotHTML(t *testing.T) {
	s := testSession(t)
	kr, wh := s.ws.Readouts[0], s.ws.Readouts[1]
	s.activeReadout = kr.ID
	s.toggleCompare()
	x := s.ws.AnnotationsOf(kr.ID)[0]
	y := s.ws.AnnotationsOf(wh.ID)[0]
	if err := s.apply(workspace.LinkAnnotations{A: x.ID, B: y.ID, Note: "<script>alert(1)</script>"}); err != nil {
		t.Fatal(err)
	}
	s.cmp.summary = true
	html := app.HTMLString(newSummaryPanel(s))
	if strings.Contains(html, "<script>") || !strings.Contains(html, "&lt;script&gt;") {
		t.Fatalf("link note not shown as text:\n%s", html)
	}
	for _, hook := range []string{`data-panel="summary"`, `data-table="counts"`, `data-missing="a-not-b"`, `data-missing="b-not-a"`, `data-table="counterparts"`, `data-action="copy-summary"`, `data-action="print-summary"`} {
		if !strings.Contains(html, hook) {
			t.Errorf("summary lacks %s", hook)
		}
	}
}
