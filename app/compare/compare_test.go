package compare

import (
	"strings"
	"testing"
	"time"

	"framecheck/app/align"
	"framecheck/app/workspace"
)

var now = time.Date(2026, 7, 5, 9, 0, 0, 0, time.UTC)

const (
	textA = "The call lasted ninety minutes. The leaders discussed Ukraine. A prisoner exchange was agreed. Iran came up briefly."
	textB = "Беседа продолжалась 1 час 30 минут. Обсуждалась Украина. Иран."
)

// pair builds a workspace with readouts A (English) and B (Russian).
func pair(t *testing.T) (*workspace.Workspace, *workspace.Readout, *workspace.Readout) {
	t.Helper()
	w := workspace.New("pair", now)
	a, err := workspace.NewReadout("A | White House", "wh", "", "", "en", textA)
	if err != nil {
		t.Fatal(err)
	}
	b, err := workspace.NewReadout("B", "kremlin", "", "", "ru", textB)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*workspace.Readout{a, b} {
		if _, err := w.Do(workspace.AddReadout{Readout: r, Index: -1}, now); err != nil {
			t.Fatal(err)
		}
	}
	return w, a, b
}

// ann tags the first occurrence of quote in r (a point after it when
// point is set) and returns the annotation.
func ann(t *testing.T, w *workspace.Workspace, r *workspace.Readout, tag workspace.Tag, quote string, point bool) *workspace.Annotation {
	t.Helper()
	hits := r.Positions().Find(quote)
	if len(hits) == 0 {
		t.Fatalf("%q not in %s", quote, r.Title)
	}
	start, end := hits[0], hits[0]+len([]rune(quote))
	if point {
		start = end
	}
	a, err := w.NewAnnotation(r.ID, tag, start, end, "t", now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Do(workspace.AddAnnotation{Annotation: a}, now); err != nil {
		t.Fatal(err)
	}
	return a
}

func do(t *testing.T, w *workspace.Workspace, op workspace.Op) {
	t.Helper()
	if _, err := w.Do(op, now); err != nil {
		t.Fatal(err)
	}
}

func TestGhostPlacement(t *testing.T) {
	w, a, b := pair(t)
	om := ann(t, w, a, workspace.Omission, "A prisoner exchange was agreed.", false)
	if g := Ghosts(w, a.ID, b.ID, nil); len(g) != 0 {
		t.Fatalf("ghost without omitted-by: %+v", g)
	}
	ids := []string{b.ID}
	do(t, w, workspace.UpdateAnnotation{ID: om.ID, OmittedBy: &ids})

	// No landmark yet: the start of B.
	g := Ghosts(w, a.ID, b.ID, nil)
	if len(g) != 1 || g[0].At != 0 || g[0].OmissionID != om.ID || g[0].In != b.ID || g[0].From != a.ID {
		t.Fatalf("no landmark: %+v", g)
	}
	// A linked span before the omission: right after its counterpart.
	dur := ann(t, w, a, workspace.Fact, "ninety minutes", false)
	durB := ann(t, w, b, workspace.Fact, "1 час 30 минут", false)
	do(t, w, workspace.LinkAnnotations{A: dur.ID, B: durB.ID})
	if g := Ghosts(w, a.ID, b.ID, nil); len(g) != 1 || g[0].At != durB.End {
		t.Fatalf("after the duration (%d): %+v", durB.End, g)
	}
	// The nearest preceding landmark wins, not the first one.
	ukr := ann(t, w, a, workspace.Framing, "discussed Ukraine", false)
	ukrB := ann(t, w, b, workspace.Framing, "Обсуждалась Украина", false)
	do(t, w, workspace.LinkAnnotations{A: ukr.ID, B: ukrB.ID})
	if g := Ghosts(w, a.ID, b.ID, nil); len(g) != 1 || g[0].At != ukrB.End {
		t.Fatalf("after Ukraine (%d): %+v", ukrB.End, g)
	}
	// A landmark after the omission does not count.
	iran := ann(t, w, a, workspace.Fact, "Iran", false)
	iranB := ann(t, w, b, workspace.Fact, "Иран", false)
	do(t, w, workspace.LinkAnnotations{A: iran.ID, B: iranB.ID})
	if g := Ghosts(w, a.ID, b.ID, nil); g[0].At != ukrB.End {
		t.Fatalf("a later landmark moved the ghost: %+v", g)
	}
	// The user's move wins while it is in range.
	if g := Ghosts(w, a.ID, b.ID, map[string]int{om.ID: 3}); g[0].At != 3 {
		t.Fatalf("moved: %+v", g)
	}
	if g := Ghosts(w, a.ID, b.ID, map[string]int{om.ID: 10_000}); g[0].At != ukrB.End {
		t.Fatalf("out-of-range move kept: %+v", g)
	}
	// Made real: a point in B linked to the omission replaces the ghost.
	pt, err := w.NewAnnotation(b.ID, workspace.Omission, ukrB.End, ukrB.End, "t", now)
	if err != nil {
		t.Fatal(err)
	}
	do(t, w, workspace.Batch{Ops: []workspace.Op{workspace.AddAnnotation{Annotation: pt}, workspace.LinkAnnotations{A: om.ID, B: pt.ID}}})
	if g := Ghosts(w, a.ID, b.ID, nil); len(g) != 0 {
		t.Fatalf("ghost beside its real point: %+v", g)
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	// Nothing for unknown or equal readouts.
	if Ghosts(w, a.ID, a.ID, nil) != nil || Ghosts(w, a.ID, "nope", nil) != nil {
		t.Fatal("ghosts for a bad pair")
	}
}

func TestOpenSuggestionsDropWhatIsDone(t *testing.T) {
	w, a, b := pair(t)
	res := align.Align(a.Text, b.Text)
	if len(res.Pairs) == 0 || len(res.OnlyA) == 0 {
		t.Fatalf("the aligner found nothing to test with: %+v", res)
	}
	open := Open(w, a.ID, b.ID, res)
	if open.Len() != len(res.Pairs)+len(res.OnlyA)+len(res.OnlyB)+len(res.RestA)+len(res.RestB) {
		t.Fatalf("fresh workspace: %d open of %+v", open.Len(), res)
	}
	// Link the first pair's sentences: that pair is no longer open.
	p := res.Pairs[0]
	x, err := w.NewAnnotation(a.ID, workspace.Fact, p.A.Start, p.A.End, "t", now)
	if err != nil {
		t.Fatal(err)
	}
	y, err := w.NewAnnotation(b.ID, workspace.Fact, p.B.Start, p.B.End, "t", now)
	if err != nil {
		t.Fatal(err)
	}
	do(t, w, workspace.Batch{Ops: []workspace.Op{workspace.AddAnnotation{Annotation: x}, workspace.AddAnnotation{Annotation: y}}})
	if got := Open(w, a.ID, b.ID, res); len(got.Pairs) != len(res.Pairs) {
		t.Fatal("unlinked annotations closed a pair")
	}
	do(t, w, workspace.LinkAnnotations{A: x.ID, B: y.ID})
	got := Open(w, a.ID, b.ID, res)
	if len(got.Pairs) != len(res.Pairs)-1 || (len(got.Pairs) > 0 && got.Pairs[0] == p) {
		t.Fatalf("linked pair still open: %+v", got.Pairs)
	}
	// An omission span over the unpaired sentence, omitted by B, closes it;
	// one not naming B does not.
	g := res.OnlyA[0]
	om, err := w.NewAnnotation(a.ID, workspace.Omission, g.Start, g.End, "t", now)
	if err != nil {
		t.Fatal(err)
	}
	do(t, w, workspace.AddAnnotation{Annotation: om})
	if got := Open(w, a.ID, b.ID, res); len(got.OnlyA) != len(res.OnlyA) {
		t.Fatal("an omission without omitted-by closed the gap")
	}
	ids := []string{b.ID}
	do(t, w, workspace.UpdateAnnotation{ID: om.ID, OmittedBy: &ids})
	if got := Open(w, a.ID, b.ID, res); len(got.OnlyA) != len(res.OnlyA)-1 {
		t.Fatalf("gap still open: %+v", got.OnlyA)
	}
}

func TestSummary(t *testing.T) {
	w, a, b := pair(t)
	if _, err := Summarize(w, a.ID, a.ID); err == nil {
		t.Fatal("a readout compared with itself")
	}
	if _, err := Summarize(w, a.ID, "nope"); err == nil {
		t.Fatal("unknown readout accepted")
	}
	dur := ann(t, w, a, workspace.Fact, "ninety minutes", false)
	durB := ann(t, w, b, workspace.Fact, "1 час 30 минут", false)
	do(t, w, workspace.LinkAnnotations{A: dur.ID, B: durB.ID, Note: "30 vs 25? | check [source](javascript:alert(1))"})
	om := ann(t, w, a, workspace.Omission, "A prisoner exchange was agreed.", false)
	ids := []string{b.ID}
	do(t, w, workspace.UpdateAnnotation{ID: om.ID, OmittedBy: &ids})
	pt, err := w.NewAnnotation(b.ID, workspace.Omission, durB.End+1, durB.End+1, "t", now)
	if err != nil {
		t.Fatal(err)
	}
	do(t, w, workspace.Batch{Ops: []workspace.Op{workspace.AddAnnotation{Annotation: pt}, workspace.LinkAnnotations{A: om.ID, B: pt.ID}}})
	lone := ann(t, w, a, workspace.Omission, "Iran came up briefly.", true) // a bare point in A
	note := "No word on the *sanctions*"
	do(t, w, workspace.UpdateAnnotation{ID: lone.ID, Note: &note})
	ann(t, w, b, workspace.Framing, "Обсуждалась Украина", false)

	s, err := Summarize(w, a.ID, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.CountsA[workspace.Fact] != 1 || s.CountsA[workspace.Omission] != 2 || s.CountsB[workspace.Framing] != 1 || s.CountsB[workspace.Omission] != 1 {
		t.Fatalf("counts A %v B %v", s.CountsA, s.CountsB)
	}
	if s.AnnotationsA != 3 || s.AnnotationsB != 3 || s.PointsA != 1 || s.PointsB != 1 {
		t.Fatalf("totals %+v", s)
	}
	// In A, not in B: the span, with B's point (claimed, not listed again).
	if len(s.InANotB) != 1 || s.InANotB[0].Quote != om.Exact || s.InANotB[0].PointID != pt.ID || !strings.Contains(s.InANotB[0].Context, "‸") {
		t.Fatalf("in A not B: %+v", s.InANotB)
	}
	// In B, not in A: A's bare point, with its note.
	if len(s.InBNotA) != 1 || s.InBNotA[0].PointID != lone.ID || s.InBNotA[0].Quote != "" || s.InBNotA[0].Note != note {
		t.Fatalf("in B not A: %+v", s.InBNotA)
	}
	if len(s.Counterparts) != 1 || s.Counterparts[0].A.ID != dur.ID || s.Counterparts[0].B.ID != durB.ID {
		t.Fatalf("counterparts %+v", s.Counterparts)
	}

	md := s.Markdown()
	for _, want := range []string{
		"# A \\| White House and B compared",
		"| Fact | 1 | 1 |",
		"| Omission | 2 | 1 |",
		"## In A \\| White House, not in B (1)",
		"- “A prisoner exchange was agreed.” — missing at: …",
		"## In B, not in A \\| White House (1)",
		"- (something is missing here) — missing at: …",
		"No word on the \\*sanctions\\*",
		"| “ninety minutes” | “1 час 30 минут” | 30 vs 25? \\| check \\[source\\](javascript:alert(1)) |",
		"## Counterparts (1)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	// Every table row has the same number of unescaped pipes as its header.
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| “") && strings.Count(strings.ReplaceAll(line, "\\|", ""), "|") != 4 {
			t.Errorf("table row broken by a pipe: %s", line)
		}
	}
}

// A landmark whose counterpart became an orphan (its offsets are on an
// earlier text of B) does not place the ghost.
func TestGhostIgnoresOrphanCounterparts(t *testing.T) {
	w, a, b := pair(t)
	om := ann(t, w, a, workspace.Omission, "A prisoner exchange was agreed.", false)
	ids := []string{b.ID}
	do(t, w, workspace.UpdateAnnotation{ID: om.ID, OmittedBy: &ids})
	ukr := ann(t, w, a, workspace.Framing, "discussed Ukraine", false)
	ukrB := ann(t, w, b, workspace.Framing, "Обсуждалась Украина", false)
	do(t, w, workspace.LinkAnnotations{A: ukr.ID, B: ukrB.ID})
	if g := Ghosts(w, a.ID, b.ID, nil); len(g) != 1 || g[0].At != ukrB.End {
		t.Fatalf("before the new version: %+v", g)
	}
	do(t, w, workspace.AddVersion{ReadoutID: b.ID, Text: "Совсем другой текст."})
	if !ukrB.Orphan {
		t.Fatal("test bug: the counterpart is not an orphan")
	}
	if g := Ghosts(w, a.ID, b.ID, nil); len(g) != 1 || g[0].At != 0 {
		t.Fatalf("the ghost follows an orphan's old offsets: %+v", g)
	}
}

// A clause told only in one readout (inside a partial counterpart) is an
// open suggestion until an omission span over it names the other readout.
func TestOpenSuggestionsRestClauses(t *testing.T) {
	w := workspace.New("rest", now)
	a, err := workspace.NewReadout("A", "", "", "", "en", "The two leaders discussed the war in Ukraine and agreed to continue our shared efforts on strategic stability.")
	if err != nil {
		t.Fatal(err)
	}
	b, err := workspace.NewReadout("B", "", "", "", "ru", "Президенты обсудили ситуацию вокруг Украины и подтвердили намерение продолжить совместную работу в интересах обеспечения стратегической стабильности и борьбы с международным терроризмом.")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*workspace.Readout{a, b} {
		do(t, w, workspace.AddReadout{Readout: r, Index: -1})
	}
	res := align.Align(a.Text, b.Text)
	if len(res.RestB) != 1 {
		t.Fatalf("want one clause only in B: %+v", res)
	}
	if got := Open(w, a.ID, b.ID, res); len(got.RestB) != 1 || got.Len() != 2 {
		t.Fatalf("fresh: %+v", got)
	}
	g := res.RestB[0]
	om, err := w.NewAnnotation(b.ID, workspace.Omission, g.Start, g.End, "t", now)
	if err != nil {
		t.Fatal(err)
	}
	om.OmittedBy = []string{a.ID}
	do(t, w, workspace.AddAnnotation{Annotation: om})
	if got := Open(w, a.ID, b.ID, res); len(got.RestB) != 0 || len(got.Pairs) != 1 {
		t.Fatalf("clause still open after its omission: %+v", got)
	}
}
