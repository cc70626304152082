package ui

import (
	"fmt"
	"strconv"
	"strings"

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
	if a := s.ws.Annotation(s.selected); a != nil && a.Orphan {
		s.selected = ""
	}
	s.notice("New version added: " + versionSummary(res.Diff.Summary(), res.Orphans()))
	return nil
}

// versionDiff returns what changed between r's last earlier version and
// its text, or nil when r has no earlier version.
func (s *session) versionDiff(r *workspace.Readout) *anchor.Diff {
	if len(r.Versions) == 0 {
		return nil
	}
	old := r.Versions[len(r.Versions)-1].Text
	if c, ok := s.versions.diffs[r.ID]; ok && c.old == old && c.cur == r.Text {
		return c.d
	}
	d := anchor.Compute(old, r.Text)
	if s.versions.diffs == nil {
		s.versions.diffs = map[string]cachedDiff{}
	}
	s.versions.diffs[r.ID] = cachedDiff{old: old, cur: r.Text, d: d}
	return d
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
	old := r.Versions[len(r.Versions)-1].Positions()
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

// tagChange makes an omission point where passage n of the readout's last
// version removed text, with the removed text in its note: one step.
func (s *session) tagChange(readoutID string, n int) error {
	r := s.ws.Readout(readoutID)
	d := (*anchor.Diff)(nil)
	if r != nil {
		d = s.versionDiff(r)
	}
	if d == nil || n < 0 || n >= len(d.Passages()) {
		return fmt.Errorf("tag this change: no such change")
	}
	p := d.Passages()[n]
	a, err := s.ws.NewAnnotation(readoutID, workspace.Omission, p.NewStart, p.NewStart, s.author, s.now())
	if err != nil {
		s.fail(err)
		return err
	}
	a.Note = "Removed in the new version: “" + s.removedText(r, n) + "”"
	if err := s.apply(workspace.AddAnnotation{Annotation: a}); err != nil {
		return err
	}
	s.selected, s.versions.pickedReadout = a.ID, ""
	return nil
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
