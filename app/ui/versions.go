package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"framecheck/app/anchor"
	"framecheck/app/browser"
	"framecheck/app/workspace"
)

// This file holds what the session does for versions of a readout: add
// one, show what changed, place and count orphans.

// versionState is the session's state for versions.
type versionState struct {
	formFor string // the readout whose "new version" form is open
	// diffs caches the difference between each readout's last earlier
	// version and its text, by readout id.
	diffs map[string]cachedDiff
	// picked is the removal marker last clicked: its readout and passage.
	pickedReadout string
	picked        int
	// pickedIns: the pick is an inserted passage (a caret click in it),
	// not a removal marker.
	pickedIns bool
	// shown is, per readout, the two versions the menu compares (indexes
	// into Versions; len(Versions) is the current text). Unset: the last
	// earlier version and the current text.
	shown map[string][2]int
}

// versionTexts returns every text of r, oldest first: its versions, then
// its current text.
func versionTexts(r *workspace.Readout) []string {
	out := make([]string, 0, len(r.Versions)+1)
	for _, v := range r.Versions {
		out = append(out, v.Text)
	}
	return append(out, r.Text)
}

// shownPair returns the versions the menu compares for r, clamped.
func (s *session) shownPair(r *workspace.Readout) (from, to int) {
	n := len(r.Versions)
	from, to = n-1, n
	if p, ok := s.versions.shown[r.ID]; ok {
		from, to = p[0], p[1]
	}
	clamp := func(i int) int { return min(max(i, 0), n) }
	return clamp(from), clamp(to)
}

// diffBetween returns the difference between two texts of r (cached for
// the pair shown last).
func (s *session) diffBetween(r *workspace.Readout, from, to int) *anchor.Diff {
	ts := versionTexts(r)
	old, cur := ts[from], ts[to]
	key := r.ID + "#" + itoa(from) + "-" + itoa(to)
	if c, ok := s.versions.diffs[key]; ok && c.old == old && c.cur == cur {
		return c.d
	}
	d := anchor.Compute(old, cur)
	s.cacheDiff(r, from, to, d)
	return d
}

// cacheDiff keeps d as the difference between texts from and to of r.
func (s *session) cacheDiff(r *workspace.Readout, from, to int, d *anchor.Diff) {
	ts := versionTexts(r)
	if s.versions.diffs == nil {
		s.versions.diffs = map[string]cachedDiff{}
	}
	s.versions.diffs[r.ID+"#"+itoa(from)+"-"+itoa(to)] = cachedDiff{old: ts[from], cur: ts[to], d: d}
}

type cachedDiff struct {
	old, cur string // compared by pointer and length first: cheap
	d        *anchor.Diff
}

// addVersion replaces a readout's text by a new version (one undo step)
// and says what changed.
func (s *session) addVersion(readoutID, text, url string) error {
	var res workspace.VersionResult
	if err := s.apply(workspace.AddVersion{ReadoutID: readoutID, Text: text, URL: url, Result: &res}); err != nil {
		return err
	}
	s.versions.formFor = ""
	delete(s.versions.shown, readoutID) // show the changes of the new version
	// The diff AddVersion computed is the one the readout paints: keep it
	// rather than compute it again on the next render.
	if r := s.ws.Readout(readoutID); r != nil && len(r.Versions) > 0 && res.Diff != nil {
		s.cacheDiff(r, len(r.Versions)-1, len(r.Versions), res.Diff)
	}
	if a := s.ws.Annotation(s.selected); a != nil && a.Orphan {
		s.selected = ""
	}
	s.notice("New version added: " + versionSummary(res.Diff.Summary(), res.Orphans()))
	return nil
}

// versionDiff returns what changed between r's last earlier version and
// its text, or nil when r has no earlier version.
//
// The version menu picks the earlier version ("from"); the readout shows
// the current text, so the painted changes are from that version to it.
func (s *session) versionDiff(r *workspace.Readout) *anchor.Diff {
	if len(r.Versions) == 0 {
		return nil
	}
	from, _ := s.shownPair(r)
	if from == len(r.Versions) {
		return nil // the current text against itself
	}
	return s.diffBetween(r, from, len(r.Versions))
}

// versionSummary is the summary line: "3 passages changed, 41 characters
// removed, 12 added", with the orphans.
func versionSummary(sum anchor.Summary, orphans int) string {
	msg := plural(sum.Passages, "passage", "passages") + " changed, " +
		plural(sum.Removed, "character", "characters") + " removed, " + itoa(sum.Added) + " added"
	if orphans > 0 {
		msg += "; " + plural(orphans, "orphan", "orphans") + " (see the list)"
	}
	return msg
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(n) + " " + many
}

// removedText returns the text a new version removed at passage n of r's
// diff ("" if there is none).
func (s *session) removedText(r *workspace.Readout, n int) string {
	d := s.versionDiff(r)
	if d == nil || n < 0 || n >= len(d.Passages()) {
		return ""
	}
	p := d.Passages()[n]
	from, _ := s.shownPair(r)
	old := r.Versions[from].Positions()
	txt, _ := old.Slice(p.OldStart, p.OldEnd)
	return txt
}

// placeOrphan anchors an orphan on the passage selected in its readout.
func (s *session) placeOrphan(id string, sel browser.Selection, ok bool) {
	a := s.ws.Annotation(id)
	if a == nil {
		return
	}
	if !ok || sel.ReadoutID != a.ReadoutID {
		s.fail(fmt.Errorf("select the passage in the readout first, then press Place here"))
		return
	}
	t := s.ws.Readout(a.ReadoutID).Positions()
	start, err1 := t.UTF16ToCodePoint(sel.Start)
	end, err2 := t.UTF16ToCodePoint(sel.End)
	if err1 != nil || err2 != nil {
		s.fail(fmt.Errorf("the selection is outside the text"))
		return
	}
	if err := s.apply(workspace.PlaceOrphan{ID: id, Start: start, End: end}); err != nil {
		return
	}
	s.selected = id
	browser.CollapseSelection()
	s.notice("Placed: “" + clip(strings.TrimSpace(s.ws.Annotation(id).Exact), 60) + "”")
}

// atoi reads a number written by itoa; anything else is -1.
func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// tagChange tags passage n of the changes painted on the readout in one
// step (see changeAnnotation): a removal as an omission point, with
// inserted, the inserted text as a framing span.
func (s *session) tagChange(readoutID string, n int, inserted bool) error {
	r := s.ws.Readout(readoutID)
	d := (*anchor.Diff)(nil)
	if r != nil {
		d = s.versionDiff(r)
	}
	if d == nil || n < 0 || n >= len(d.Passages()) {
		return fmt.Errorf("tag this change: no such change")
	}
	a, err := changeAnnotation(s.ws, r, d, n, s.removedText(r, n), inserted, s.author, s.now())
	if err != nil {
		s.fail(err)
		return err
	}
	if err := s.apply(workspace.AddAnnotation{Annotation: a}); err != nil {
		return err
	}
	s.selected, s.versions.pickedReadout, s.versions.pickedIns = a.ID, "", false
	return nil
}

// changeAnnotation is the annotation "Tag this change" makes for passage n
// of d, the changes painted on r (removed is the text it removed):
//
//   - a removal: an omission point where the text was, the removed text in
//     its note, since what a new version drops is what a fact-checker
//     reports as left out;
//   - an insertion (inserted): a framing span over the inserted text, with
//     the text it replaced, if any, in the note. A silent addition changes
//     how the account reads, which is framing; when the added sentence is
//     a checkable claim, the user re-tags it as a fact (Alt+1).
func changeAnnotation(w *workspace.Workspace, r *workspace.Readout, d *anchor.Diff, n int, removed string, inserted bool, author string, now time.Time) (*workspace.Annotation, error) {
	ps := d.Passages()
	if n < 0 || n >= len(ps) {
		return nil, fmt.Errorf("tag this change: no such change")
	}
	p := ps[n]
	if !inserted {
		a, err := w.NewAnnotation(r.ID, workspace.Omission, p.NewStart, p.NewStart, author, now)
		if err != nil {
			return nil, err
		}
		a.Note = "Removed in the new version: “" + removed + "”"
		return a, nil
	}
	if p.NewEnd == p.NewStart {
		return nil, fmt.Errorf("tag this change: this change inserted no text")
	}
	a, err := w.NewAnnotation(r.ID, workspace.Framing, p.NewStart, p.NewEnd, author, now)
	if err != nil {
		return nil, fmt.Errorf("tag this change: %w", err)
	}
	a.Note = "Added in the new version."
	if removed != "" {
		a.Note = "Changed in the new version; it read: “" + removed + "”"
	}
	return a, nil
}

// insertionAt returns the passage of d whose inserted text holds code point
// p (its end included, for a caret just after it), or -1.
func insertionAt(d *anchor.Diff, p int) int {
	if d == nil {
		return -1
	}
	for i, g := range d.Passages() {
		if g.NewEnd > g.NewStart && g.NewStart <= p && p <= g.NewEnd {
			return i
		}
	}
	return -1
}

// pickInsertion remembers the inserted passage under a caret click, so that
// "Tag this change" offers it, and forgets an earlier one elsewhere. It
// reports whether it changed what is picked.
func (s *session) pickInsertion(r *workspace.Readout, sel browser.Selection) bool {
	n := -1
	if sel.Collapsed() {
		if p, err := r.Positions().UTF16ToCodePoint(sel.Start); err == nil {
			n = insertionAt(s.versionDiff(r), p)
		}
	}
	vs := &s.versions
	if n < 0 {
		if !vs.pickedIns || vs.pickedReadout != r.ID {
			return false
		}
		vs.pickedReadout, vs.pickedIns = "", false
		return true
	}
	vs.pickedReadout, vs.picked, vs.pickedIns = r.ID, n, true
	p := s.versionDiff(r).Passages()[n]
	added, _ := r.Positions().Slice(p.NewStart, p.NewEnd)
	s.notice("Added in the new version: “" + clip(added, 500) + "”")
	return true
}

// sameReadout returns the id of a readout of w with r's title and source
// (ignoring case and surrounding space), or "".
func sameReadout(w *workspace.Workspace, r *workspace.Readout) string {
	norm := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	for _, x := range w.Readouts {
		if norm(x.Title) == norm(r.Title) && norm(x.Source) == norm(r.Source) {
			return x.ID
		}
	}
	return ""
}
