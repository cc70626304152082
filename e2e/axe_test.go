package e2e

// The accessibility check: axe-core (pinned in axe/package.json, installed
// by make test with npm ci) runs over every view of the app and over the
// HTML report, and any violation fails the test.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"framecheck/app/class"
	"framecheck/app/fcjson"
	"framecheck/app/workspace"
)

// axeSource is axe-core's script, from e2e/axe/node_modules.
func axeSource(t *testing.T) string {
	t.Helper()
	const path = "e2e/axe/node_modules/axe-core/axe.min.js"
	src, err := os.ReadFile(path)
	if err == nil {
		return string(src)
	}
	msg := fmt.Sprintf("ACCESSIBILITY CHECK SKIPPED: %s is missing (cd e2e/axe && npm ci; make test does it)", path)
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set: %s", msg)
	}
	fmt.Fprintf(os.Stderr, "\n!!! %s !!!\n\n", msg)
	t.Skip(msg)
	return ""
}

// axeViolations injects axe-core into the page when it is not there yet
// (through CDP, so the page's CSP does not apply to it) and returns its
// violations, one line each with the elements concerned.
func axeViolations(e *env, src string) []string {
	e.t.Helper()
	if !eval[bool](e, `typeof window.axe === 'object'`) {
		eval[bool](e, "(() => {"+src+"\n;return true})()")
	}
	// Wait for pending renders, so axe sees what the user sees.
	eval[bool](e, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`)
	return eval[[]string](e, `axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v =>
      v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ') + ' [' + n.failureSummary.replace(/\s+/g, ' ') + ']').join('; ')))`)
}

// classFiles writes the hand-ins of two students on a pack of the sample,
// made natively, for the class view to show something.
func classFiles(t *testing.T) []string {
	t.Helper()
	now := time.Now().UTC()
	sample, err := workspace.Sample(now)
	if err != nil {
		t.Fatal(err)
	}
	pack, err := class.MakePack(sample, "Axe check", "Tag what each readout leaves out.", false, now)
	if err != nil {
		t.Fatal(err)
	}
	packRaw, err := fcjson.Encode(pack, now)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var paths []string
	for i, name := range []string{"Ana", "Ben"} {
		w, err := fcjson.Decode(packRaw)
		if err != nil {
			t.Fatal(err)
		}
		w.Assignment.Student = name
		// Each student takes the sample's annotations, Ben only every other.
		for j, a := range sample.Annotations {
			if i == 1 && j%2 == 1 {
				continue
			}
			cp := *a
			cp.ID, cp.Author, cp.Links, cp.OmittedBy = uuid.NewString(), name, nil, nil
			w.Annotations = append(w.Annotations, &cp)
		}
		h, err := class.HandIn(w, now)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := fcjson.Encode(h, now)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, class.HandInName(pack.Assignment.Title, name))
		if err := os.WriteFile(p, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

func TestEveryViewPassesAxe(t *testing.T) {
	src := axeSource(t)
	e := start(t)
	e.load()
	var failures []string
	check := func(view string) {
		t.Helper()
		for _, v := range axeViolations(e, src) {
			failures = append(failures, view+": "+v)
		}
	}

	check("single view")

	e.pressKey("?")
	e.wait("the help panel", `!!document.querySelector('[data-panel="help"]')`, stepTimeout)
	check("help panel")
	e.pressKey("Escape")
	e.wait("the help panel to close", `!document.querySelector('[data-panel="help"]')`, stepTimeout)

	clickSettled(e, `button[data-action="workspaces"]`)
	e.wait("the workspaces panel", `!!document.querySelector('[data-panel="workspaces"] [data-workspace-row]')`, stepTimeout)
	check("workspaces panel")
	clickSettled(e, `button[data-action="workspaces"]`)
	e.wait("the workspaces panel to close", `!document.querySelector('[data-panel="workspaces"] [data-workspace-row]')`, stepTimeout)

	openCompare(e)
	clickSettled(e, `button[data-action="suggest"]`)
	e.wait("the suggestions", `!!document.querySelector('[data-panel="suggestions"] [data-suggestion]')`, 2*stepTimeout)
	check("compare view with suggestions")
	clickSettled(e, `button[data-action="summary"]`)
	e.wait("the summary", `!!document.querySelector('[data-panel="summary"]')`, stepTimeout)
	check("compare summary")
	clickSettled(e, `[data-panel="summary"] button[data-action="close-summary"]`)
	clickSettled(e, `button[data-action="compare"]`)
	e.wait("the single view", `document.querySelector('main.fc-shell').dataset.view === 'single'`, stepTimeout)

	clickSettled(e, `button[data-action="class-view"]`)
	e.wait("the class view", `document.querySelector('main.fc-shell').dataset.view === 'class'`, stepTimeout)
	check("class view, empty")
	chooseFiles(e, `input[name="class-files"]`, classFiles(t)...)
	e.wait("the class of two", `!!document.querySelector('[data-class-student="Ana"]') && !!document.querySelector('[data-class-student="Ben"]') && !!document.querySelector('[data-panel="agreement"] [data-agreement]')`, 2*stepTimeout,
		`(document.querySelector('[data-panel="class"]') || {}).textContent`)
	check("class view with two students")
	clickSettled(e, `button[data-action="class-view"]`)
	e.wait("the single view", `document.querySelector('main.fc-shell').dataset.view === 'single'`, stepTimeout)

	// The HTML report is a page of its own: open the downloaded file.
	raw, _ := exportAs(e, "html")
	report := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(report, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	e.act("open the report", chromedp.Navigate("file://"+report))
	check("HTML report")

	if len(failures) > 0 {
		t.Errorf("axe-core found %d violations:\n  %s", len(failures), strings.Join(failures, "\n  "))
	}
}
