package ui

import (
	"fmt"

	"framecheck/app/browser"
	"framecheck/app/claimreview"
	"framecheck/app/fcjson"
	"framecheck/app/formats"
	"framecheck/app/workspace"
)

// This file holds what the session does in the page: the steps that read
// the DOM selection or write a file. They are shared by buttons and keys.

// tagSelection tags the current DOM selection. With a caret and the
// omission tag it makes an omission point.
func (s *session) tagSelection(tag workspace.Tag, sel browser.Selection, ok bool) {
	if !ok {
		s.fail(fmt.Errorf("select a passage in a readout first (mouse, or Tab into the text and Shift+arrows)"))
		return
	}
	r := s.ws.Readout(sel.ReadoutID)
	if r == nil {
		s.fail(fmt.Errorf("the selection is not in a readout of this workspace"))
		return
	}
	t := r.Positions()
	start, err := t.UTF16ToCodePoint(sel.Start)
	if err != nil {
		s.fail(fmt.Errorf("selection start: %w", err))
		return
	}
	end, err := t.UTF16ToCodePoint(sel.End)
	if err != nil {
		s.fail(fmt.Errorf("selection end: %w", err))
		return
	}
	if start == end && tag != workspace.Omission {
		s.fail(fmt.Errorf("select some text to tag it as %s; with only a caret, Omission (3) marks a point", tag.Label()))
		return
	}
	if err := s.annotate(r.ID, tag, start, end); err == nil {
		s.activeReadout = r.ID
		browser.CollapseSelection()
	}
}

// clickAt selects what is under a caret placed by a click.
func (s *session) clickAt(sel browser.Selection) bool {
	r := s.ws.Readout(sel.ReadoutID)
	if r == nil || !sel.Collapsed() {
		return false
	}
	cp, err := r.Positions().UTF16ToCodePoint(sel.Start)
	if err != nil {
		return false
	}
	return s.selectAt(r.ID, cp)
}

// exportJSON downloads the workspace as a framecheck v1 file, made here in
// the browser.
func (s *session) exportJSON() error {
	now := s.now()
	// Unchanged since the last save (the usual case: the autosave runs
	// within a second of each change): the saved bytes, restamped.
	data, ok := savedExport(s.ws, now)
	if !ok {
		var err error
		if data, err = fcjson.Encode(s.ws, now); err != nil {
			s.fail(fmt.Errorf("export: %w", err))
			return err
		}
	}
	name := fcjson.Filename(s.ws.Title, now)
	if err := browser.Download(name, "application/json", data); err != nil {
		s.fail(fmt.Errorf("export: %w", err))
		return err
	}
	s.notice("Exported " + name)
	return nil
}

// exportAs downloads the workspace in another format (W3C, doccano, …),
// as the menu entry key says (formats.ExportChoices).
func (s *session) exportAs(key string) {
	c, ok := formats.ExportChoice(key)
	if !ok {
		s.fail(fmt.Errorf("export: no format %q", key))
		return
	}
	var missing []claimreview.Missing
	if c.Format == formats.ClaimReview || c.Format == formats.ClaimReviewHTML {
		res := claimreview.Build(s.ws)
		missing = res.Missing
		if len(res.Reviews) == 0 {
			if len(missing) == 0 {
				s.fail(fmt.Errorf("export: no checked claims to publish: give a fact or framing annotation a verdict (V) first"))
			} else {
				s.fail(fmt.Errorf("export: no checked claim has what ClaimReview needs: %s", formats.MissingSummary(res.Missing)))
			}
			return
		}
	}
	data, name, mime, err := formats.ExportWith(c.Format, s.ws, s.now(), c.Options)
	if err != nil {
		s.fail(fmt.Errorf("export: %w", err))
		return
	}
	if err := browser.Download(name, mime, data); err != nil {
		s.fail(fmt.Errorf("export: %w", err))
		return
	}
	if len(missing) > 0 {
		s.notice(fmt.Sprintf("Exported %s; %d checked claims left out: %s", name, len(missing), formats.MissingSummary(missing)))
		return
	}
	s.notice("Exported " + name)
}

// retag changes the tag of the selected annotation.
func (s *session) retag(tag workspace.Tag) {
	if s.selected == "" {
		s.fail(fmt.Errorf("select an annotation first (click a highlight, or J / K)"))
		return
	}
	_ = s.apply(workspace.UpdateAnnotation{ID: s.selected, Tag: &tag})
}

// deleteSelected deletes the selected annotation; undo brings it back.
func (s *session) deleteSelected() {
	if s.selected == "" {
		return
	}
	a := s.ws.Annotation(s.selected) // read before it is gone
	if s.apply(workspace.DeleteAnnotation{ID: s.selected}) == nil {
		if a != nil && !a.IsPoint() {
			// Gone at once, not in go-app's next update (see paintNow).
			browser.UnpaintSpan(a.ReadoutID, a.ID)
		}
		s.selected = ""
		s.notice("Annotation deleted (Ctrl+Z to undo)")
	}
}
