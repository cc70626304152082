package workspace

import (
	"fmt"
	"strings"
	"testing"
)

// checkSnapshot adds what snapshot leaves out: the scale, the publisher and
// every check.
func checkSnapshot(w *Workspace) string {
	var b strings.Builder
	b.WriteString(snapshot(w))
	fmt.Fprintf(&b, "scale %+v (own %v)\npublisher %+v\n", w.Scale(), w.RatingScale != nil, w.Publisher)
	for _, a := range w.Annotations {
		if a.Check != nil {
			fmt.Fprintf(&b, "check %s %+v\n", a.ID, *a.Check)
		}
	}
	return b.String()
}

func TestDefaultScale(t *testing.T) {
	s := DefaultScale()
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range s {
		names = append(names, r.Name)
	}
	if got := strings.Join(names, ","); got != "True,Mostly true,Mixed,Misleading,Mostly false,False,Unverifiable" {
		t.Fatalf("default scale %s", got)
	}
	if v, best, ok := s.Value(DefaultRatingID("True")); !ok || v != 6 || best != 6 {
		t.Errorf("True = %d of %d (%v), want 6 of 6", v, best, ok)
	}
	if v, _, ok := s.Value(DefaultRatingID("False")); !ok || v != 1 {
		t.Errorf("False = %d (%v), want 1", v, ok)
	}
	if _, _, ok := s.Value(DefaultRatingID("Unverifiable")); ok {
		t.Error("Unverifiable has a value; it stands outside the numeric order")
	}
	if DefaultRatingID("True") != DefaultScale()[0].ID {
		t.Error("default ids are not stable")
	}
}

func TestScaleCheckRefuses(t *testing.T) {
	good := DefaultScale()
	cases := map[string]struct {
		s    RatingScale
		want string
	}{
		"empty":          {RatingScale{}, "ratingScale: must have at least one"},
		"no name":        {good.Renamed(2, " "), "ratingScale[2].name: must not be empty"},
		"duplicate name": {good.Renamed(3, "mixed"), `ratingScale[3].name: "mixed" is already the name of rating 2`},
		"bad colour":     {func() RatingScale { s := good.Without(99); s[1].Color = "green"; return s }(), "ratingScale[1].color"},
		"no symbol":      {func() RatingScale { s := good.Without(99); s[0].Symbol = ""; return s }(), "ratingScale[0].symbol"},
		"same id":        {func() RatingScale { s := good.Without(99); s[1].ID = s[0].ID; return s }(), "ratingScale[1].id"},
	}
	for name, c := range cases {
		err := c.s.Check()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", name, err, c.want)
		}
	}
}

func TestSetCheckAndUndo(t *testing.T) {
	w := sample(t)
	a := w.Annotations[0]
	before := checkSnapshot(w)
	c := &Check{Verdict: DefaultRatingID("Mostly false"), Claim: "  The talks were constructive ", Claimant: "Kremlin",
		Evidence: []Evidence{{URL: " https://example.org/a ", Title: "Transcript"}}}
	inv, err := w.Do(SetCheck{ID: a.ID, Check: c}, t0)
	if err != nil {
		t.Fatal(err)
	}
	got := w.Annotation(a.ID).Check
	if got.Claim != "The talks were constructive" || got.Evidence[0].URL != "https://example.org/a" || !got.CheckedAt.Equal(t0) {
		t.Errorf("check not trimmed and stamped: %+v", got)
	}
	if c.Claim != "  The talks were constructive " {
		t.Error("SetCheck changed the caller's check")
	}
	if n := w.Verdicts(a.ReadoutID)[DefaultRatingID("Mostly false")]; n != 1 {
		t.Errorf("Verdicts counts %d, want 1", n)
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := inv.Apply(w, t0); err != nil {
		t.Fatal(err)
	}
	if after := checkSnapshot(w); after != before {
		t.Errorf("undo did not restore:\n%s\nwant\n%s", after, before)
	}
	if _, err := w.Do(SetCheck{ID: a.ID, Check: &Check{Verdict: "e3b0c442-98fc-1c14-9afb-f4c8996fb924"}}, t0); err == nil ||
		!strings.Contains(err.Error(), "check.verdict") {
		t.Errorf("unknown verdict: %v", err)
	}
	if _, err := w.Do(SetCheck{ID: a.ID, Check: &Check{Evidence: []Evidence{{}}}}, t0); err == nil ||
		!strings.Contains(err.Error(), "check.evidence[0]") {
		t.Errorf("empty evidence: %v", err)
	}
	if after := checkSnapshot(w); after != before {
		t.Error("a refused SetCheck changed the workspace")
	}
}

func TestValidateNamesBadVerdict(t *testing.T) {
	w := sample(t)
	w.Annotations[3].Check = &Check{Verdict: "nope", CheckedAt: t0}
	err := w.Validate()
	if err == nil || !strings.HasPrefix(err.Error(), "annotations[3].check.verdict:") {
		t.Fatalf("got %v", err)
	}
	w.Annotations[3].Check = nil
	w.RatingScale = RatingScale{}
	if err := w.Validate(); err == nil || !strings.HasPrefix(err.Error(), "workspace.ratingScale:") {
		t.Fatalf("empty scale: %v", err)
	}
}

func TestSetRatingScaleRemoveNeedsReplacement(t *testing.T) {
	w := sample(t)
	misleading, mixed := DefaultRatingID("Misleading"), DefaultRatingID("Mixed")
	for _, i := range []int{0, 2} {
		if _, err := w.Do(SetCheck{ID: w.Annotations[i].ID, Check: &Check{Verdict: misleading}}, t0); err != nil {
			t.Fatal(err)
		}
	}
	before := checkSnapshot(w)
	without := DefaultScale().Without(3) // Misleading
	if _, err := w.Do(SetRatingScale{Scale: without}, t0); err == nil || !strings.Contains(err.Error(), `"Misleading" is the verdict of 2`) {
		t.Fatalf("removing a rating in use without replacement: %v", err)
	}
	if checkSnapshot(w) != before {
		t.Fatal("a refused scale change changed the workspace")
	}
	if _, err := w.Do(SetRatingScale{Scale: without, Replace: map[string]string{misleading: misleading}}, t0); err == nil {
		t.Fatal("replacement by the removed rating was accepted")
	}
	inv, err := w.Do(SetRatingScale{Scale: without, Replace: map[string]string{misleading: mixed}}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if w.Annotations[0].Check.Verdict != mixed || w.Annotations[2].Check.Verdict != mixed {
		t.Error("verdicts did not move to the replacement")
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := inv.Apply(w, t0); err != nil {
		t.Fatal(err)
	}
	if w.Annotations[0].Check.Verdict != misleading || w.Annotations[2].Check.Verdict != misleading || w.RatingScale != nil {
		t.Error("undo did not restore the verdicts and the scale")
	}
}

func TestSetRatingScaleRenameReorderAdd(t *testing.T) {
	w := sample(t)
	tr := DefaultRatingID("True")
	if _, err := w.Do(SetCheck{ID: w.Annotations[0].ID, Check: &Check{Verdict: tr}}, t0); err != nil {
		t.Fatal(err)
	}
	s := DefaultScale().Renamed(0, "Correct").Moved(6, -6)
	s = append(s, NewRating("Satire", "#8250df", "☺", true))
	inv, err := w.Do(SetRatingScale{Scale: s}, t0)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := w.Scale().Rating(w.Annotations[0].Check.Verdict)
	if r.Name != "Correct" {
		t.Errorf("renamed rating: verdict shows %q", r.Name)
	}
	if w.Scale()[0].Name != "Unverifiable" || w.Scale()[7].Name != "Satire" {
		t.Errorf("order %v", w.Scale())
	}
	if v, best, _ := w.Scale().Value(tr); v != 6 || best != 6 {
		t.Errorf("value after reorder with unscored first: %d of %d", v, best)
	}
	if _, err := inv.Apply(w, t0); err != nil {
		t.Fatal(err)
	}
	if w.Scale()[0].Name != "True" || w.RatingScale != nil {
		t.Error("undo did not restore the default scale (a workspace without a scale of its own)")
	}
}

func TestSetPublisherUndo(t *testing.T) {
	w := sample(t)
	inv, err := w.Do(SetPublisher{Publisher: Publisher{Name: " Desk ", URL: "https://desk.example", ArticleURL: "https://desk.example/a"}}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if w.Publisher.Name != "Desk" {
		t.Errorf("%+v", w.Publisher)
	}
	if _, err := inv.Apply(w, t0); err != nil || w.Publisher != (Publisher{}) {
		t.Errorf("undo: %v %+v", err, w.Publisher)
	}
}
