package ui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"framecheck/app/store"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestAnnotationListRendersEntriesCountsAndFilter(t *testing.T) {
	s := testSession(t)
	kr := s.ws.Readouts[0]
	html := app.HTMLString(newAnnotationList(s, kr.ID, 1, "", "", nil))
	anns := s.ws.AnnotationsOf(kr.ID)
	for _, a := range anns {
		if !strings.Contains(html, `data-annotation-id="`+a.ID+`"`) {
			t.Errorf("entry %s missing", a.ID)
		}
	}
	c := countTags(s.ws.AnnotationsOf(kr.ID))
	for _, tag := range workspace.Tags {
		want := `data-count="` + string(tag) + `">` + itoa(c[tag]) + `<`
		if !strings.Contains(html, want) {
			t.Errorf("count for %s: want %s in\n%s", tag, want, html)
		}
	}
	// Text order: each entry appears after the previous one.
	last := -1
	for _, a := range anns {
		i := strings.Index(html, a.ID)
		if i < last {
			t.Fatal("entries are not in text order")
		}
		last = i
	}
	filtered := app.HTMLString(newAnnotationList(s, kr.ID, 1, workspace.Framing, "", nil))
	if n := strings.Count(filtered, `data-tag="framing"`); n != c[workspace.Framing] {
		t.Fatalf("framing filter shows %d entries, want %d", n, c[workspace.Framing])
	}
	if strings.Contains(filtered, `data-tag="fact"`) {
		t.Fatal("filter lets facts through")
	}
}

var valueAttr = regexp.MustCompile(`value="(?:[^"\\]|\\.)*"`)

func TestPanelShowsHostileNoteAsText(t *testing.T) {
	s := testSession(t)
	wh := s.ws.Readouts[1]
	if err := s.annotate(wh.ID, workspace.Fact, 0, 7); err != nil {
		t.Fatal(err)
	}
	note := `<img src=x onerror=alert(1)><b>bold</b>`
	if err := s.apply(workspace.UpdateAnnotation{ID: s.selected, Note: &note}); err != nil {
		t.Fatal(err)
	}
	html := app.HTMLString(newAnnotationPanel(s, s.selected, s.rev))
	// The textarea carries the note in its value (go-app sets it as a DOM
	// property in the browser); nowhere else may it become markup.
	outside := valueAttr.ReplaceAllString(html, "")
	if strings.Contains(outside, "<img") || strings.Contains(outside, "<b>") {
		t.Fatalf("note rendered as HTML:\n%s", html)
	}
	list := app.HTMLString(newAnnotationList(s, wh.ID, s.rev, "", s.selected, nil))
	if strings.Contains(list, "<img") || !strings.Contains(list, "&lt;img src=x onerror=alert(1)&gt;") {
		t.Fatalf("note not shown as text in the list:\n%s", list)
	}
	for _, hook := range []string{`data-panel="annotation"`, `name="note"`, `data-retag="framing"`, `data-action="delete-annotation"`, `name="author"`} {
		if !strings.Contains(html, hook) {
			t.Errorf("panel lacks %s", hook)
		}
	}
}

func TestPanelOffersOmittedByOnlyForOmissions(t *testing.T) {
	s := testSession(t)
	kr, wh := s.ws.Readouts[0], s.ws.Readouts[1]
	if err := s.annotate(wh.ID, workspace.Omission, 0, 7); err != nil {
		t.Fatal(err)
	}
	html := app.HTMLString(newAnnotationPanel(s, s.selected, s.rev))
	if !strings.Contains(html, `value="`+kr.ID+`"`) || strings.Contains(html, `value="`+wh.ID+`"`) {
		t.Fatalf("omitted-by should offer the other readout only:\n%s", html)
	}
	s.retag(workspace.Fact)
	if html := app.HTMLString(newAnnotationPanel(s, s.selected, s.rev)); strings.Contains(html, `name="omittedBy"`) {
		t.Fatal("a fact offers omitted-by")
	}
}

func TestShellHooks(t *testing.T) {
	s := testSession(t)
	sh := testShell(s, nil, 0, app.Context{})
	if html := app.HTMLString(sh); strings.Contains(html, `data-ready="1"`) {
		t.Fatal("ready before the readout is painted")
	}
	sh.ready = true
	html := app.HTMLString(sh)
	for _, hook := range []string{
		`data-ready="1"`, `data-action="new-readout"`, `data-action="export-json"`,
		`data-tag-button="fact"`, `data-tag-button="framing"`, `data-tag-button="omission"`,
		`data-readout-id="` + s.activeReadout + `"`, `data-readout-tab="` + s.ws.Readouts[1].ID + `"`,
	} {
		if !strings.Contains(html, hook) {
			t.Errorf("shell lacks %s", hook)
		}
	}
	// Exactly one text element: the active readout's.
	if n := strings.Count(html, "data-readout-id="); n != 1 {
		t.Fatalf("%d readout text elements, want 1", n)
	}
	sh.showForm = true
	html = app.HTMLString(sh)
	for _, name := range readoutFields {
		if !strings.Contains(html, `name="`+name+`"`) {
			t.Errorf("form lacks field %s", name)
		}
	}
	if !strings.Contains(html, `type="submit"`) {
		t.Error("form lacks a submit button")
	}
}

func TestReadoutFormRefusesEmptyText(t *testing.T) {
	_, err := workspace.NewReadout("Title", "", "", "", "", " \n\t")
	if err == nil || !strings.Contains(err.Error(), "text") {
		t.Fatalf("empty text: %v", err)
	}
	_, err = workspace.NewReadout("Title", "", "", "", "", strings.Repeat("я", workspace.MaxTextLen+1))
	if err == nil || !strings.Contains(err.Error(), "2000000") {
		t.Fatalf("oversized text: %v", err)
	}
	r, err := workspace.NewReadout(" T ", "", "", "", "", "a\r\nb\rc")
	if err != nil || r.Text != "a\nb\nc" || r.Title != "T" {
		t.Fatalf("normalise: %v %q", err, r.Text)
	}
}

// Long readouts: the list renders a window of entries that follows the
// selection, so a change never re-renders thousands of nodes.
func TestAnnotationListWindowFollowsSelection(t *testing.T) {
	s := testSession(t)
	wh := s.ws.Readouts[1]
	n := len([]rune(wh.Text))
	for i := 0; len(s.ws.AnnotationsOf(wh.ID)) < 400; i++ {
		start := i % (n - 2)
		if err := s.annotate(wh.ID, workspace.Fact, start, start+1+i%2); err != nil {
			continue // a span already taken by whitespace trimming
		}
	}
	anns := s.ws.AnnotationsOf(wh.ID)
	l := newAnnotationList(s, wh.ID, 1, "", "", nil)
	html := app.HTMLString(l)
	if got := strings.Count(html, "data-annotation-id="); got != listWindow {
		t.Fatalf("rendered %d entries, want a window of %d", got, listWindow)
	}
	if !strings.Contains(html, "Showing 1–50 of 400.") {
		t.Fatal("the list does not say what it shows")
	}
	target := anns[300]
	l.Selected = target.ID
	html = app.HTMLString(l)
	if !strings.Contains(html, `data-annotation-id="`+target.ID+`"`) {
		t.Fatal("the window does not follow the selection")
	}
	if got := strings.Count(html, "data-annotation-id="); got != listWindow {
		t.Fatalf("rendered %d entries", got)
	}
}

// Right after New workspace the list read from storage lacks the new
// workspace (its first write comes later); the panel still shows it, first
// and marked open, so the rows do not move when the write lands.
func TestWorkspacesPanelShowsTheOpenWorkspaceBeforeItIsStored(t *testing.T) {
	s := testSession(t)
	sh := testShell(s, nil, 0, app.Context{})
	stored := store.Meta{ID: "stored-one", Title: "Stored one", UpdatedAt: s.ws.UpdatedAt.Add(-time.Hour), Rev: 3}
	p := newWorkspacesPanel(sh.save, 1, s.ws.ID)
	p.list = []store.Meta{stored}
	html := app.HTMLString(p)
	open := strings.Index(html, `data-workspace-row="`+s.ws.ID+`"`)
	other := strings.Index(html, `data-workspace-row="stored-one"`)
	if open < 0 || other < 0 || open > other {
		t.Fatalf("want the open workspace's row, then the stored one; rows at %d and %d in\n%s", open, other, html)
	}
	row := html[open:other]
	if !strings.Contains(row, "fc-badge-current") || strings.Contains(row, `data-action="open-workspace"`) {
		t.Fatalf("the open workspace's row should say open, without an Open button:\n%s", row)
	}
	if !strings.Contains(row, ">"+itoa(len(s.ws.Annotations))+"<") {
		t.Fatalf("the open workspace's row should count its %d annotations:\n%s", len(s.ws.Annotations), row)
	}
	if !strings.Contains(html[other:], `data-action="open-workspace"`) {
		t.Fatalf("the stored workspace should have its Open button:\n%s", html[other:])
	}
}

// A reopened Workspaces panel shows the list read last at once (the fresh
// read comes a moment later), so its rows and settings do not move down
// under the pointer when it arrives.
func TestWorkspacesPanelReopensWithTheLastList(t *testing.T) {
	s := testSession(t)
	sh := testShell(s, nil, 0, app.Context{})
	if html := app.HTMLString(newWorkspacesPanel(sh.save, 1, s.ws.ID)); strings.Contains(html, `data-workspace-row="stored-one"`) {
		t.Fatal("test setup: a row before any list was read")
	}
	sh.save.lastList = []store.Meta{{ID: "stored-one", Title: "Stored one", UpdatedAt: s.ws.UpdatedAt.Add(-time.Hour), Rev: 3}}
	html := app.HTMLString(newWorkspacesPanel(sh.save, 1, s.ws.ID))
	if !strings.Contains(html, `data-workspace-row="stored-one"`) || !strings.Contains(html, `data-workspace-row="`+s.ws.ID+`"`) {
		t.Fatalf("a reopened panel should show the last list read and the open workspace:\n%s", html)
	}
}
