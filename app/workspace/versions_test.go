package workspace

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"framecheck/app/anchor"
)

// vsnapshot is snapshot with the versions and anchoring fields.
func vsnapshot(w *Workspace) string {
	var b strings.Builder
	b.WriteString(snapshot(w))
	for _, r := range w.Readouts {
		for _, v := range r.Versions {
			fmt.Fprintf(&b, "v %q %q %v %q\n", r.ID, v.Text, v.AddedAt, v.URL)
		}
	}
	for _, a := range w.Annotations {
		fmt.Fprintf(&b, "o %q %v %q %q\n", a.ID, a.Orphan, a.AnchoredTo, a.PreviousExact)
	}
	return b.String()
}

// TestAddVersion: a new White House text (a sentence removed, a figure
// changed, a sentence appended): annotations follow, the one on the removed
// sentence becomes an orphan, links and notes stay, and one undo restores
// everything.
func TestAddVersion(t *testing.T) {
	w := sample(t)
	wh := w.Readouts[1]
	// Link two annotations across readouts, to see links survive.
	var onWH, onKR *Annotation
	for _, a := range w.Annotations {
		switch {
		case a.ReadoutID == wh.ID && a.Exact == "for ninety minutes":
			onWH = a
		case a.ReadoutID != wh.ID && a.Exact == "1 час 25 минут":
			onKR = a
		}
	}
	if _, err := w.Do(LinkAnnotations{A: onWH.ID, B: onKR.ID, Note: "same length"}, t0); err != nil {
		t.Fatal(err)
	}
	before := vsnapshot(w)
	oldText := wh.Text
	neu := strings.Replace(oldText, " The President made clear that the killing in Ukraine has to stop and that the United States expects serious steps toward a ceasefire.", "", 1)
	neu = strings.Replace(neu, "ninety minutes", "eighty minutes", 1)
	neu += "\n\nThe White House will provide further updates."
	later := t0.Add(time.Hour)
	var res VersionResult
	inv, err := w.Do(AddVersion{ReadoutID: wh.ID, Text: strings.ReplaceAll(neu, "\n", "\r\n"), URL: "https://example.org/v2", Result: &res}, later)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	if wh.Text != neu || len(wh.Versions) != 1 || wh.Versions[0].Text != oldText || !wh.Versions[0].AddedAt.Equal(later) || wh.URL != "https://example.org/v2" {
		t.Fatalf("readout after the version: %q, versions %+v, url %q", wh.Text, wh.Versions, wh.URL)
	}
	want := map[string]anchor.Method{
		"for ninety minutes":                 anchor.Fuzzy, // now "for eighty minutes"
		"the killing in Ukraine has to stop": anchor.Orphan,
		"any settlement must involve Ukraine and America's European partners": anchor.Mapped,
	}
	seen := 0
	for _, a := range w.Annotations {
		if a.ReadoutID != wh.ID {
			continue
		}
		m, ok := res.Methods[a.ID]
		if !ok {
			t.Errorf("%q: no result", a.Exact)
		}
		key := a.Exact
		if a.PreviousExact != "" {
			key = a.PreviousExact
		}
		if w, ok := want[key]; ok {
			seen++
			if m != w {
				t.Errorf("%q: %s, want %s", key, m, w)
			}
		}
		switch {
		case a.Orphan:
			if a.AnchoredTo != TextSHA256(oldText) || m != anchor.Orphan {
				t.Errorf("orphan %q anchored to %q (%s)", a.Exact, a.AnchoredTo, m)
			}
			if got, _ := wh.TextOf(a).Slice(a.Start, a.End); got != a.Exact {
				t.Errorf("orphan %q: old text holds %q", a.Exact, got)
			}
		default:
			if got, _ := wh.Positions().Slice(a.Start, a.End); got != a.Exact {
				t.Errorf("%q: new text holds %q", a.Exact, got)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("%d of the %d expected annotations seen", seen, len(want))
	}
	if onWH.Exact != "for eighty minutes" || onWH.PreviousExact != "for ninety minutes" || !onWH.UpdatedAt.Equal(later) {
		t.Errorf("changed quote: %q (was %q), updated %v", onWH.Exact, onWH.PreviousExact, onWH.UpdatedAt)
	}
	if l, ok := onWH.LinkTo(onKR.ID); !ok || l.Note != "same length" || onWH.Note == "" {
		t.Error("the moved annotation lost its link or note")
	}
	if res.Orphans() != 1 || res.Diff.Summary().Passages != 3 {
		var orphans []string
		for _, a := range w.Annotations {
			if a.Orphan {
				orphans = append(orphans, fmt.Sprintf("%q+%q", a.Exact, a.Prefix))
			}
		}
		t.Errorf("orphans %v, summary %+v", orphans, res.Diff.Summary())
	}

	// Place the orphan on the new sentence; undo that, then the version.
	var orphan *Annotation
	for _, a := range w.Annotations {
		if a.Orphan {
			orphan = a
		}
	}
	mid := vsnapshot(w)
	at := strings.Index(neu, "The White House will")
	start := len([]rune(neu[:at]))
	inv2, err := w.Do(PlaceOrphan{ID: orphan.ID, Start: start, End: start + len("The White House")}, later)
	if err != nil {
		t.Fatal(err)
	}
	if orphan.Orphan || orphan.Exact != "The White House" || orphan.PreviousExact != "the killing in Ukraine has to stop" || orphan.AnchoredTo != "" {
		t.Errorf("placed orphan: %+v", orphan)
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	redo2, err := w.Do(inv2, later)
	if err != nil {
		t.Fatal(err)
	}
	if got := vsnapshot(w); got != mid {
		t.Errorf("undo of place orphan:\n got %s\nwant %s", got, mid)
	}
	if _, err := w.Do(redo2, later); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Do(inv2, later); err != nil {
		t.Fatal(err)
	}
	redo, err := w.Do(inv, later)
	if err != nil {
		t.Fatal(err)
	}
	// UpdatedAt of the workspace moves on with every Do; compare the rest.
	w.UpdatedAt = t0
	if got := vsnapshot(w); got != before {
		t.Errorf("undo of the version:\n got %s\nwant %s", got, before)
	}
	if _, err := w.Do(redo, later); err != nil {
		t.Fatal(err)
	}
	if got := vsnapshot(w); got != mid {
		t.Errorf("redo of the version:\n got %s\nwant %s", got, mid)
	}
}

func TestAddVersionRefused(t *testing.T) {
	w := sample(t)
	r := w.Readouts[0]
	before := vsnapshot(w)
	for name, op := range map[string]AddVersion{
		"same text":  {ReadoutID: r.ID, Text: r.Text},
		"empty":      {ReadoutID: r.ID, Text: " \n "},
		"no readout": {ReadoutID: "x", Text: "text"},
		"too long":   {ReadoutID: r.ID, Text: strings.Repeat("a", MaxTextLen+1)},
	} {
		if _, err := w.Do(op, t0); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := w.Do(PlaceOrphan{ID: w.Annotations[0].ID, Start: 0, End: 3}, t0); err == nil {
		t.Error("PlaceOrphan accepted an annotation that is not an orphan")
	}
	if vsnapshot(w) != before {
		t.Error("a refused op changed the workspace")
	}
}

// An orphan's offsets are checked against its version; AnchoredTo must
// name one.
func TestValidateOrphans(t *testing.T) {
	w := sample(t)
	r := w.Readouts[1]
	if _, err := w.Do(AddVersion{ReadoutID: r.ID, Text: "Entirely different text now."}, t0); err != nil {
		t.Fatal(err)
	}
	var o *Annotation
	for _, a := range w.Annotations {
		if a.Orphan {
			o = a
			break
		}
	}
	if o == nil {
		t.Fatal("no orphan")
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		mut  func(a *Annotation)
		want string
	}{
		"no anchoredTo":    {func(a *Annotation) { a.AnchoredTo = "" }, "anchoredTo: an orphan must name"},
		"unknown version":  {func(a *Annotation) { a.AnchoredTo = TextSHA256("nope") }, "is not an earlier version"},
		"offsets past old": {func(a *Annotation) { a.End = 10_000 }, "past the end"},
		"not an orphan":    {func(a *Annotation) { a.Orphan = false }, "names another text"},
	} {
		save := *o
		c.mut(o)
		if err := w.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
		*o = save
	}
}

// TestTextSumFollowsTheText: the remembered sums are those of the text as
// it is now, also after the text is replaced (AddVersion, undo, a copy).
func TestTextSumFollowsTheText(t *testing.T) {
	r := &Readout{Text: "first text"}
	if r.TextSum() != TextSHA256("first text") {
		t.Fatal("TextSum is not the text's SHA-256")
	}
	r.Text = "second text"
	if r.TextSum() != TextSHA256("second text") {
		t.Fatal("TextSum kept the sum of the old text")
	}
	c := *r
	c.Text = "a copy's text"
	if c.TextSum() != TextSHA256("a copy's text") || r.TextSum() != TextSHA256("second text") {
		t.Fatal("a copy's sum leaked into the original or back")
	}
	v := &Version{Text: "old"}
	if v.Sum() != TextSHA256("old") {
		t.Fatal("Version.Sum is not the text's SHA-256")
	}
	v.Text = "older"
	if v.Sum() != TextSHA256("older") {
		t.Fatal("Version.Sum kept the sum of the old text")
	}
}
