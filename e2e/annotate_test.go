package e2e

// Browser end-to-end tests: the real server binary, the real app.wasm, a
// real headless Chromium. The harness is in harness_test.go. The tests
// use only the stable test hooks of the UI contract (data-* attributes,
// form field names, roles), never classes or layout.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

const sampleTitle = "Putin–Trump call, July 2026 (sample)"

// listEntry is one entry of the annotation list.
type listEntry struct {
	ID   string
	Tag  string
	Text string
}

// list returns the entries of the annotation list, in display order.
func (e *env) list() []listEntry {
	e.t.Helper()
	return eval[[]listEntry](e, `[...document.querySelectorAll('[data-annotation-list] [data-annotation-id][data-tag]')]
      .map(el => ({ ID: el.getAttribute('data-annotation-id'), Tag: el.getAttribute('data-tag'), Text: el.textContent }))`)
}

func idsOf(entries []listEntry) map[string]bool {
	m := make(map[string]bool, len(entries))
	for _, en := range entries {
		m[en.ID] = true
	}
	return m
}

// counts reads the per-tag counts.
func (e *env) counts() map[string]int {
	e.t.Helper()
	raw := eval[map[string]string](e, `Object.fromEntries(['fact', 'framing', 'omission'].map(t => {
      const el = document.querySelector('[data-count="' + t + '"]');
      return [t, el ? el.textContent.trim() : 'missing'];
    }))`)
	out := make(map[string]int)
	for tag, s := range raw {
		n, err := strconv.Atoi(s)
		if err != nil {
			e.fatalf(`[data-count=%q] should hold a number, has %q`, tag, s)
		}
		out[tag] = n
	}
	return out
}

// readoutTab is a readout tab.
type readoutTab struct {
	ID   string
	Text string
}

func (e *env) tabs() []readoutTab {
	e.t.Helper()
	return eval[[]readoutTab](e, `[...document.querySelectorAll('button[data-readout-tab]')]
      .map(el => ({ ID: el.getAttribute('data-readout-tab'), Text: el.textContent }))`)
}

// activeReadout returns the id of the readout whose text is shown, and
// fails unless exactly one readout text element is on the page.
func (e *env) activeReadout() string {
	e.t.Helper()
	e.wait("one readout text element with its text painted",
		`(() => { const els = document.querySelectorAll('[data-readout-id]'); return els.length === 1 && els[0].textContent !== ''; })()`,
		stepTimeout, `[...document.querySelectorAll('[data-readout-id]')].map(el => el.getAttribute('data-readout-id') + ': ' + el.textContent.slice(0, 40))`)
	ids := eval[[]string](e, `[...document.querySelectorAll('[data-readout-id]')].map(el => el.getAttribute('data-readout-id'))`)
	if len(ids) != 1 {
		e.fatalf("want exactly one [data-readout-id] element (readouts are shown one at a time), found %d: %q", len(ids), ids)
	}
	return ids[0]
}

// readoutText returns the textContent of the readout's text element.
func (e *env) readoutText(id string) string {
	e.t.Helper()
	return eval[string](e, js(`(id) => {
      const els = document.querySelectorAll('[data-readout-id="' + CSS.escape(id) + '"]');
      if (els.length !== 1) throw new Error(els.length + ' elements have data-readout-id=' + id);
      return els[0].textContent;
    }`, id))
}

// waitNewAnnotation waits for a list entry whose id is not in before, and
// checks its tag. It returns the new id.
func (e *env) waitNewAnnotation(before map[string]bool, tag, how string) string {
	e.t.Helper()
	known := make([]string, 0, len(before))
	for id := range before {
		known = append(known, id)
	}
	pred := js(`(known) => [...document.querySelectorAll('[data-annotation-list] [data-annotation-id][data-tag]')]
      .some(el => !known.includes(el.getAttribute('data-annotation-id')))`, known)
	e.wait("a new annotation in the list after "+how, pred, stepTimeout,
		`[...document.querySelectorAll('[data-annotation-list] [data-annotation-id]')].map(el => el.getAttribute('data-tag') + ':' + el.getAttribute('data-annotation-id')).join(' ')`,
		`document.getSelection().toString()`,
		`[...document.querySelectorAll('[role="status"], [role="alert"]')].map(el => el.textContent).join(' | ')`)
	var added []listEntry
	for _, en := range e.list() {
		if !before[en.ID] {
			added = append(added, en)
		}
	}
	if len(added) != 1 {
		e.fatalf("%s: want exactly 1 new annotation in the list, got %d: %+v", how, len(added), added)
	}
	if added[0].Tag != tag {
		e.fatalf("%s: the new annotation has data-tag=%q, want %q", how, added[0].Tag, tag)
	}
	return added[0].ID
}

// waitPanelQuote waits until the side panel shows an annotation whose
// quote contains want (white space collapsed).
func (e *env) waitPanelQuote(want, why string) {
	e.t.Helper()
	pred := js(`(want) => {
      const q = document.querySelector('[data-panel="annotation"] [data-field="quote"]');
      const norm = (s) => s.replace(/\s+/g, ' ').trim();
      return q && norm(q.textContent).includes(norm(want));
    }`, want)
	e.wait(fmt.Sprintf("the panel to show the quote %q (%s)", want, why), pred, stepTimeout,
		`(document.querySelector('[data-panel="annotation"]') || {outerHTML: 'no [data-panel=annotation]'}).outerHTML`)
}

// fill puts a value in a form field the way a user would: typing into
// text inputs and textareas, choosing in selects and date pickers.
func (e *env) fill(selector, value string) {
	e.t.Helper()
	kind := eval[string](e, js(`(sel) => {
      const el = document.querySelector(sel);
      if (!el) return 'missing';
      if (el.tagName === 'SELECT') return 'select';
      if (el.tagName === 'INPUT' && /^(date|datetime-local|month|week|time)$/.test(el.type)) return 'picker';
      return 'text';
    }`, selector))
	switch kind {
	case "missing":
		e.fatalf("no form field matches %s", selector)
	case "select":
		e.setSelect(selector, value)
	case "picker":
		if msg := eval[string](e, js(`(sel, v) => {
          const el = document.querySelector(sel);
          el.focus(); el.value = v;
          if (el.value !== v) return sel + ' did not take the value ' + v;
          el.dispatchEvent(new Event('input', { bubbles: true }));
          el.dispatchEvent(new Event('change', { bubbles: true }));
          return '';
        }`, selector, value)); msg != "" {
			e.fatalf("%s", msg)
		}
	default:
		e.typeText(selector, value)
	}
}

// fieldValue returns the value of a form field.
func (e *env) fieldValue(selector string) string {
	e.t.Helper()
	return eval[string](e, js(`(sel) => { const el = document.querySelector(sel); return el ? el.value : '<missing ' + sel + '>'; }`, selector))
}

// cpOf returns the code point offset of the first occurrence of sub in s.
func cpOf(t *testing.T, s, sub string) int {
	t.Helper()
	i := strings.Index(s, sub)
	if i < 0 || strings.Count(s, sub) != 1 {
		t.Fatalf("%q must occur exactly once in the text, occurs %d times in %q", sub, strings.Count(s, sub), clip(s, 300))
	}
	return utf8.RuneCountInString(s[:i])
}

// cpSpan slices the code points [start, end) of s; ok is false when the
// span is not within s.
func cpSpan(s string, start, end int) (string, bool) {
	r := []rune(s)
	if start < 0 || end < start || end > len(r) {
		return "", false
	}
	return string(r[start:end]), true
}

// cpSlice is cpSpan with a bad span described in the result (for
// messages and comparisons).
func cpSlice(s string, start, end int) string {
	sub, ok := cpSpan(s, start, end)
	if !ok {
		return fmt.Sprintf("<bad span %d-%d of %d code points>", start, end, utf8.RuneCountInString(s))
	}
	return sub
}

// checkExport checks what every export must satisfy, whatever is in it:
// the envelope, hashes, offsets against the text, and the canonical order.
func checkExport(t *testing.T, doc *exportDoc, filename string) {
	t.Helper()
	if doc.Format != "framecheck" || doc.Version != 1 || doc.OffsetUnit != "codepoint" {
		t.Errorf("export envelope: format=%q version=%d offsetUnit=%q, want framecheck 1 codepoint", doc.Format, doc.Version, doc.OffsetUnit)
	}
	exportedAt, err := time.Parse(time.RFC3339, doc.ExportedAt)
	if err != nil {
		t.Errorf("exportedAt %q is not an RFC 3339 time: %v", doc.ExportedAt, err)
	}
	for name, v := range map[string]string{"workspace.createdAt": doc.Workspace.CreatedAt, "workspace.updatedAt": doc.Workspace.UpdatedAt} {
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			t.Errorf("%s %q is not an RFC 3339 time: %v", name, v, err)
		}
	}
	if doc.Workspace.ID == "" || doc.Workspace.Title == "" {
		t.Errorf("workspace id and title must be set: %+v", doc.Workspace)
	}

	// <workspace title>-<YYYY-MM-DD>.framecheck.json; the date is today's
	// (local or UTC, around midnight either is fair) or the export's.
	now := time.Now()
	var wantNames []string
	for _, d := range []string{now.Format(time.DateOnly), now.UTC().Format(time.DateOnly), exportedAt.Format(time.DateOnly)} {
		name := doc.Workspace.Title + "-" + d + ".framecheck.json"
		if !slices.Contains(wantNames, name) {
			wantNames = append(wantNames, name)
		}
	}
	if !slices.Contains(wantNames, filename) {
		t.Errorf("export file name = %q, want %q", filename, wantNames[0])
	}

	order := make(map[string]int)
	texts := make(map[string]string)
	for i, r := range doc.Readouts {
		if _, dup := order[r.ID]; dup || r.ID == "" {
			t.Errorf("readouts[%d]: id %q is empty or repeated", i, r.ID)
		}
		order[r.ID] = i
		texts[r.ID] = r.Text
		sum := sha256.Sum256([]byte(r.Text))
		if want := hex.EncodeToString(sum[:]); r.TextSha256 != want {
			t.Errorf("readouts[%d] (%s): textSha256 = %q, want %q", i, r.Title, r.TextSha256, want)
		}
		if strings.Contains(r.Text, "\r") {
			t.Errorf("readouts[%d] (%s): text contains a carriage return", i, r.Title)
		}
	}
	ids := make(map[string]bool)
	for i, a := range doc.Annotations {
		where := fmt.Sprintf("annotations[%d] (%s %s)", i, a.Tag, a.ID)
		if a.ID == "" || ids[a.ID] {
			t.Errorf("%s: id is empty or repeated", where)
		}
		ids[a.ID] = true
		text, ok := texts[a.ReadoutID]
		if !ok {
			t.Errorf("%s: readoutId %q is not an exported readout", where, a.ReadoutID)
			continue
		}
		if a.Tag != "fact" && a.Tag != "framing" && a.Tag != "omission" {
			t.Errorf("%s: tag %q is not fact, framing or omission", where, a.Tag)
		}
		n := utf8.RuneCountInString(text)
		if a.Start < 0 || a.End < a.Start || a.End > n {
			t.Errorf("%s: span %d-%d is not within the %d code points of the text", where, a.Start, a.End, n)
			continue
		}
		if got := cpSlice(text, a.Start, a.End); a.Exact != got {
			t.Errorf("%s: exact = %q, but the text at code points %d-%d is %q", where, a.Exact, a.Start, a.End, got)
		}
		if a.Start == a.End && a.Tag != "omission" {
			t.Errorf("%s: a point (start == end == %d) must be an omission", where, a.Start)
		}
		if a.Prefix != "" && !strings.HasSuffix(cpSlice(text, 0, a.Start), a.Prefix) {
			t.Errorf("%s: prefix %q does not end right before code point %d", where, a.Prefix, a.Start)
		}
		if a.Suffix != "" && !strings.HasPrefix(cpSlice(text, a.End, n), a.Suffix) {
			t.Errorf("%s: suffix %q does not start right at code point %d", where, a.Suffix, a.End)
		}
		for _, v := range []string{a.CreatedAt, a.UpdatedAt} {
			if _, err := time.Parse(time.RFC3339, v); err != nil {
				t.Errorf("%s: time %q is not RFC 3339: %v", where, v, err)
			}
		}
		for _, o := range a.OmittedBy {
			if _, ok := texts[o]; !ok || o == a.ReadoutID || a.Tag != "omission" {
				t.Errorf("%s: omittedBy %q must name another exported readout, on an omission", where, o)
			}
		}
	}
	if !slices.IsSortedFunc(doc.Annotations, func(a, b exportAnnotation) int {
		if d := order[a.ReadoutID] - order[b.ReadoutID]; d != 0 {
			return d
		}
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		if a.End != b.End {
			return a.End - b.End
		}
		return strings.Compare(a.ID, b.ID)
	}) {
		var got []string
		for _, a := range doc.Annotations {
			got = append(got, fmt.Sprintf("r%d:%d-%d:%s", order[a.ReadoutID], a.Start, a.End, a.ID[:min(8, len(a.ID))]))
		}
		t.Errorf("annotations are not in canonical order (readout, start, end, id): %v", got)
	}
}

// annotationsOf returns the exported annotations of a readout.
func annotationsOf(doc *exportDoc, readoutID string) []exportAnnotation {
	var out []exportAnnotation
	for _, a := range doc.Annotations {
		if a.ReadoutID == readoutID {
			out = append(out, a)
		}
	}
	return out
}

// findAnn returns the exported annotation with the id, or nil.
func findAnn(doc *exportDoc, id string) *exportAnnotation {
	for i := range doc.Annotations {
		if doc.Annotations[i].ID == id {
			return &doc.Annotations[i]
		}
	}
	return nil
}

func findReadout(doc *exportDoc, id string) *exportReadout {
	for i := range doc.Readouts {
		if doc.Readouts[i].ID == id {
			return &doc.Readouts[i]
		}
	}
	return nil
}

// addReadout fills the readout form (opening it with the button unless
// it is open), submits it, and returns the id of the new readout, which must
// become the active one.
func (e *env) addReadout(fields map[string]string, text string) string {
	e.t.Helper()
	before := e.tabs()
	if !eval[bool](e, `!!document.querySelector('form[data-form="readout"] textarea[name="text"]')`) {
		e.click(`button[data-action="new-readout"]`)
		e.wait("the new readout form", `document.querySelector('form[data-form="readout"] textarea[name="text"]')`, stepTimeout)
	}
	for _, name := range []string{"title", "source", "url", "publishedAt", "language"} {
		if v, ok := fields[name]; ok {
			e.fill(`form[data-form="readout"] [name="`+name+`"]`, v)
		}
	}
	e.typeText(`form[data-form="readout"] textarea[name="text"]`, text)
	e.click(`form[data-form="readout"] button[type="submit"]`)
	known := make([]string, 0, len(before))
	for _, tb := range before {
		known = append(known, tb.ID)
	}
	e.wait("a new readout tab after submitting the form", js(`(known) => [...document.querySelectorAll('button[data-readout-tab]')]
      .some(el => !known.includes(el.getAttribute('data-readout-tab')))`, known), stepTimeout,
		`(document.querySelector('[data-form="readout"] [role="alert"]') || {}).textContent`)
	var id string
	for _, tb := range e.tabs() {
		if !slices.Contains(known, tb.ID) {
			id = tb.ID
		}
	}
	// Active and painted: the app fills the text element right after it
	// mounts it, and a readout's text is never empty.
	e.wait("the new readout to become the active one, its text painted", js(`(id) => {
      const els = document.querySelectorAll('[data-readout-id]');
      return els.length === 1 && els[0].getAttribute('data-readout-id') === id && els[0].textContent.length > 0;
    }`, id), stepTimeout,
		`[...document.querySelectorAll('[data-readout-id]')].map(el => el.getAttribute('data-readout-id'))`)
	return id
}

// ---------------------------------------------------------------------------

// TestAnnotateAndExport walks the main path: the sample loads, a readout
// with difficult Unicode is added, spans are tagged by mouse and by key, an
// omission point is made, a note is written, and the export is checked down
// to the code point offsets.
func TestAnnotateAndExport(t *testing.T) {
	e := start(t)

	// Text whose selected edges sit right next to astral characters, so a
	// UTF-16 / code point mix-up moves every offset: a ZWJ family (7 code
	// points, 11 UTF-16 units), an emoji with a skin tone, flags, Arabic, a
	// combining mark, and CRLF line breaks (stored as LF).
	const title = "E2E readout: Заявление 👩‍👩‍👧‍👦"
	const text = "Заявление Кремля: 👩‍👩‍👧‍👦семья и 👍🏽одобрение.\r\n" +
		"\r\n" +
		"Arabic: مرحبا بكم. Cafe\u0301 au lait.\r\n" +
		"Конец 🇷🇺🇺🇸 текста."
	const note = "Checked against the transcript — «семья» 👩‍👩‍👧‍👦 is in both."
	norm := strings.ReplaceAll(text, "\r\n", "\n")
	e.content(norm, title, note)

	factStart, factEnd := cpOf(t, norm, "семья"), cpOf(t, norm, "одобрение")
	framingStart, framingEnd := cpOf(t, norm, "👍🏽"), cpOf(t, norm, " au lait")
	point := cpOf(t, norm, " текста")
	factExact := cpSlice(norm, factStart, factEnd)
	framingExact := cpSlice(norm, framingStart, framingEnd)
	if factExact != "семья и 👍🏽" || framingExact != "👍🏽одобрение.\n\nArabic: مرحبا بكم. Cafe\u0301" {
		t.Fatalf("test bug: spans %q and %q", factExact, framingExact)
	}

	e.load()

	// The sample workspace.
	tabs := e.tabs()
	if len(tabs) != 2 || !strings.Contains(tabs[0].Text, "Kremlin readout") || !strings.Contains(tabs[1].Text, "White House readout") {
		e.fatalf("first start: want the sample's two tabs, Kremlin readout then White House readout; got %+v", tabs)
	}
	kremlinID, whiteHouseID := tabs[0].ID, tabs[1].ID
	active := e.activeReadout()
	if got := e.readoutText(active); !strings.HasPrefix(got, "🇷🇺🇺🇸") {
		e.errorf("first start: the active readout should be the Kremlin readout starting with 🇷🇺🇺🇸, its text starts %q", clip(got, 40))
	}

	// The form refuses an empty text, and keeps what was typed.
	e.click(`button[data-action="new-readout"]`)
	e.wait("the new readout form", `document.querySelector('form[data-form="readout"] textarea[name="text"]')`, stepTimeout)
	e.fill(`form[data-form="readout"] [name="title"]`, title)
	e.click(`form[data-form="readout"] button[type="submit"]`)
	e.wait("the form to refuse an empty text with a message in [role=alert]",
		`(() => { const a = document.querySelector('[data-form="readout"] [role="alert"]'); return a && a.textContent.trim() !== ''; })()`, stepTimeout)
	if got := e.fieldValue(`form[data-form="readout"] [name="title"]`); got != title {
		e.errorf("after refusing an empty text the form should keep the title: got %q, want %q", got, title)
	}
	if n := len(e.tabs()); n != 2 {
		e.errorf("a refused readout was added anyway: %d tabs", n)
	}

	fields := map[string]string{
		"title":       title,
		"source":      "Kremlin press service (e2e)",
		"url":         "https://example.org/readouts/e2e-1",
		"publishedAt": "2026-07-05",
		"language":    "ru",
	}
	id := e.addReadout(fields, text)

	got := e.readoutText(id)
	if strings.Contains(got, "\r") {
		e.errorf("the readout text still has carriage returns: line breaks must be stored as LF")
	}
	if got != norm {
		e.fatalf("the readout element's textContent differs from the text (CRLF→LF):\n got %q\nwant %q", got, norm)
	}
	if !slices.ContainsFunc(e.tabs(), func(tb readoutTab) bool { return tb.ID == id && strings.Contains(tb.Text, title) }) {
		e.errorf("the new readout's tab should show its title %q: %+v", title, e.tabs())
	}
	countsBefore := e.counts()

	// 1. Fact, by selecting a DOM range and clicking the button with the
	// mouse (so a selection lost on mousedown would be caught).
	before := idsOf(e.list())
	if sel := e.selectRange(id, factStart, factEnd); sel != factExact {
		e.fatalf("test harness: selected %q, want %q", sel, factExact)
	}
	e.click(`button[data-tag-button="fact"]`)
	factID := e.waitNewAnnotation(before, "fact", "selecting a span and clicking the Fact button")
	e.waitPanelQuote(factExact, "a new annotation becomes the selected one")

	// 2. Framing, overlapping the fact, by key 2.
	before = idsOf(e.list())
	if sel := e.selectRange(id, framingStart, framingEnd); sel != framingExact {
		e.fatalf("test harness: selected %q, want %q", sel, framingExact)
	}
	e.pressKey("2")
	framingID := e.waitNewAnnotation(before, "framing", "selecting an overlapping span and pressing 2")
	e.waitPanelQuote(framingExact, "a new annotation becomes the selected one")

	// 3. Omission point, by a collapsed caret and key 3.
	before = idsOf(e.list())
	e.caret(id, point)
	e.pressKey("3")
	pointID := e.waitNewAnnotation(before, "omission", "putting a caret in the text and pressing 3")
	e.wait("the omission point's marker [data-marker-for]", js(`(id) => document.querySelector('[data-marker-for="' + CSS.escape(id) + '"]')`, pointID), stepTimeout)
	if got := e.readoutText(id); got != norm {
		e.errorf("with highlights and a point marker, the readout element's textContent must still be exactly the text:\n got %q\nwant %q", got, norm)
	}
	// The point is selected: its panel offers "omitted by" for each other
	// readout. Tick the Kremlin readout.
	e.wait("the omittedBy checkboxes of the omission", js(`(k, w) => document.querySelector('[data-panel="annotation"] input[name="omittedBy"][value="' + k + '"]') &&
      document.querySelector('[data-panel="annotation"] input[name="omittedBy"][value="' + w + '"]')`, kremlinID, whiteHouseID), stepTimeout)
	if eval[bool](e, js(`(id) => !!document.querySelector('input[name="omittedBy"][value="' + id + '"]')`, id)) {
		e.errorf("the omittedBy checkboxes must list only the other readouts, not the annotation's own")
	}
	e.click(`[data-panel="annotation"] input[name="omittedBy"][value="` + kremlinID + `"]`)
	e.wait("the omittedBy checkbox to be checked", js(`(k) => document.querySelector('[data-panel="annotation"] input[name="omittedBy"][value="' + k + '"]').checked`, kremlinID), stepTimeout)

	// 4. Select the fact through the list and write its note (type, blur).
	e.click(`[data-annotation-list] [data-annotation-id="` + factID + `"]`)
	e.waitPanelQuote(factExact, "clicking the fact's entry in the list")
	e.click(`[data-panel="annotation"] textarea[name="note"]`)
	e.typeText(`[data-panel="annotation"] textarea[name="note"]`, note)
	e.click(`[data-panel="annotation"] [data-field="quote"]`) // blur: the note is saved on change
	e.wait("the note field to lose the focus", `document.activeElement === null || document.activeElement.getAttribute('name') !== 'note'`, stepTimeout)
	e.wait("the saved note to show in the fact's list entry", js(`(id, note) => {
      const el = document.querySelector('[data-annotation-list] [data-annotation-id="' + CSS.escape(id) + '"]');
      return el && el.textContent.includes(note);
    }`, factID, note), stepTimeout)
	// Select another annotation and come back: the note must have been kept.
	e.click(`[data-annotation-list] [data-annotation-id="` + framingID + `"]`)
	e.waitPanelQuote(framingExact, "clicking the framing's entry in the list")
	e.click(`[data-annotation-list] [data-annotation-id="` + factID + `"]`)
	e.waitPanelQuote(factExact, "clicking the fact's entry in the list again")
	e.wait("the fact's note to be kept after selecting another annotation", js(`(note) => {
      const n = document.querySelector('[data-panel="annotation"] textarea[name="note"]');
      return n && n.value === note;
    }`, note), stepTimeout, `(document.querySelector('[data-panel="annotation"] textarea[name="note"]') || {}).value`)

	// 5. The list and the counts.
	list := e.list()
	tagOf := make(map[string]string)
	for _, en := range list {
		tagOf[en.ID] = en.Tag
	}
	for id, want := range map[string]string{factID: "fact", framingID: "framing", pointID: "omission"} {
		if tagOf[id] != want {
			e.errorf("list entry %s: data-tag=%q, want %q", id, tagOf[id], want)
		}
	}
	counts := e.counts()
	for _, tag := range []string{"fact", "framing", "omission"} {
		if counts[tag] != countsBefore[tag]+1 {
			e.errorf("[data-count=%q] = %d, want %d (one more than before tagging)", tag, counts[tag], countsBefore[tag]+1)
		}
	}
	// The tag filter.
	e.setSelect(`select[name="tag-filter"]`, "framing")
	e.wait("the list to show only framing entries", js(`(f, g) => {
      const els = [...document.querySelectorAll('[data-annotation-list] [data-annotation-id][data-tag]')];
      return els.every(el => el.getAttribute('data-tag') === 'framing') &&
        els.some(el => el.getAttribute('data-annotation-id') === g) &&
        !els.some(el => el.getAttribute('data-annotation-id') === f);
    }`, factID, framingID), stepTimeout,
		`[...document.querySelectorAll('[data-annotation-list] [data-annotation-id]')].map(el => el.getAttribute('data-tag')).join(' ')`)
	if msg := e.trySetSelect(`select[name="tag-filter"]`, "all", 0); msg != "" {
		e.errorf("contract: the tag filter's \"all\" option must have the value \"all\": %s (chose the first option to go on)", msg)
	}
	e.wait("the list to show all tags again", js(`(ids) => ids.every(id => document.querySelector('[data-annotation-list] [data-annotation-id="' + id + '"]'))`,
		[]string{factID, framingID, pointID}), stepTimeout)

	// 6. Export, and check the file.
	doc, _, filename := e.export()
	checkExport(t, doc, filename)
	if doc.Workspace.Title != sampleTitle {
		t.Errorf("workspace title = %q, want the sample's %q", doc.Workspace.Title, sampleTitle)
	}
	if len(doc.Readouts) != 3 {
		t.Errorf("export has %d readouts, want 3 (the sample's two and the new one)", len(doc.Readouts))
	}
	if n := len(annotationsOf(doc, kremlinID)) + len(annotationsOf(doc, whiteHouseID)); n != 8 {
		t.Errorf("export has %d annotations on the sample readouts, want the sample's 8", n)
	}
	r := findReadout(doc, id)
	if r == nil {
		t.Fatalf("the export has no readout %s", id)
	}
	wantR := exportReadout{ID: id, Title: title, Source: fields["source"], URL: fields["url"],
		PublishedAt: fields["publishedAt"], Language: fields["language"], Text: norm, TextSha256: r.TextSha256}
	if *r != wantR {
		t.Errorf("exported readout:\n got %+v\nwant %+v", *r, wantR)
	}
	anns := annotationsOf(doc, id)
	type span struct {
		ID, Tag    string
		Start, End int
		Exact      string
		Note       string
		OmittedBy  string
	}
	var gotSpans []span
	for _, a := range anns {
		gotSpans = append(gotSpans, span{a.ID, a.Tag, a.Start, a.End, a.Exact, a.Note, strings.Join(a.OmittedBy, ",")})
	}
	// Canonical order: start, then end.
	wantSpans := []span{
		{factID, "fact", factStart, factEnd, factExact, note, ""},
		{framingID, "framing", framingStart, framingEnd, framingExact, "", ""},
		{pointID, "omission", point, point, "", "", kremlinID},
	}
	if !slices.Equal(gotSpans, wantSpans) {
		t.Errorf("exported annotations of the new readout (code point offsets):\n got %+v\nwant %+v\n(UTF-16 offsets would be fact %d-%d, framing %d-%d, point %d)",
			gotSpans, wantSpans,
			utf16Of(norm, factStart), utf16Of(norm, factEnd), utf16Of(norm, framingStart), utf16Of(norm, framingEnd), utf16Of(norm, point))
	}
}

// utf16Of converts a code point offset of s to a UTF-16 offset (for error
// messages that show what a mix-up would look like).
func utf16Of(s string, cp int) int {
	u := 0
	for i, r := range []rune(s) {
		if i == cp {
			break
		}
		if r >= 0x10000 {
			u += 2
		} else {
			u++
		}
	}
	return u
}

// TestHostileTextIsShownAsText pastes markup as a readout and as a note:
// it must show as text everywhere, never become elements or run, and must
// be exported unchanged.
func TestHostileTextIsShownAsText(t *testing.T) {
	e := start(t) // installs the alert/confirm/prompt, CSP and DOM recorders

	const title = `Hostile <i>title</i> <img src=x onerror=alert(3)>`
	const text = "Statement: <img src=x onerror=alert(1)> then <b>bold</b> and <script>alert(2)</script> & done.\n" +
		"Second line: </div><div data-readout-id=\"fake\">injected</div> &amp; &lt;b&gt;."
	const note = `<img src=x onerror=alert(4)> <b>bold</b> <script>alert(5)</script> &amp;`
	e.content(text, title, note)
	start, end := cpOf(t, text, "<b>bold</b>"), cpOf(t, text, " and <script>")

	e.load()
	id := e.addReadout(map[string]string{"title": title, "source": "<b>source</b>"}, text)
	if got := e.readoutText(id); got != text {
		e.errorf("the readout element's textContent must be the text, markup and all:\n got %q\nwant %q", got, text)
	}

	before := idsOf(e.list())
	if sel := e.selectRange(id, start, end); sel != "<b>bold</b>" {
		e.fatalf("test harness: selected %q", sel)
	}
	e.click(`button[data-tag-button="fact"]`)
	annID := e.waitNewAnnotation(before, "fact", "tagging the markup as Fact")
	e.waitPanelQuote("<b>bold</b>", "the new annotation is selected")
	e.click(`[data-panel="annotation"] textarea[name="note"]`)
	e.typeText(`[data-panel="annotation"] textarea[name="note"]`, note)
	e.click(`[data-panel="annotation"] [data-field="quote"]`) // blur saves the note

	// The note shows literally in the list (and the panel keeps it).
	e.wait("the list entry to show the note as text", js(`(id, note) => {
      const el = document.querySelector('[data-annotation-list] [data-annotation-id="' + CSS.escape(id) + '"]');
      return el && el.textContent.includes(note);
    }`, annID, note), stepTimeout,
		js(`(id) => (document.querySelector('[data-annotation-list] [data-annotation-id="' + CSS.escape(id) + '"]') || {}).outerHTML`, annID))
	if got := e.fieldValue(`[data-panel="annotation"] textarea[name="note"]`); got != note {
		e.errorf("the panel's note field = %q, want %q", got, note)
	}
	if !eval[bool](e, js(`(q) => { const el = document.querySelector('[data-panel="annotation"] [data-field="quote"]'); return !!el && el.textContent.includes(q); }`, "<b>bold</b>")) {
		e.errorf("the panel's quote should show the markup as text")
	}
	if !slices.ContainsFunc(e.tabs(), func(tb readoutTab) bool { return tb.ID == id && strings.Contains(tb.Text, title) }) {
		e.errorf("the tab should show the title as text %q: %+v", title, e.tabs())
	}

	// Nothing from the content became an element, or ran.
	type hostile struct {
		Elements []string
		Added    []string
		Alerts   []string
		CSP      []string
		Fake     int
	}
	h := eval[hostile](e, `(() => {
      const els = [];
      for (const el of document.querySelectorAll('img[src="x"], [onerror], script, b, i, [data-readout-id="fake"]')) {
        const t = el.textContent;
        if (el.matches('img[src="x"], [onerror], [data-readout-id="fake"]') ||
            (el.tagName === 'SCRIPT' && /alert\(/.test(t)) ||
            (el.tagName === 'B' && /bold|source/.test(t)) || (el.tagName === 'I' && /title/.test(t))) els.push(el.outerHTML);
      }
      const rec = window.__e2e || { added: [], alerts: [], violations: [] };
      return {
        Elements: els,
        Added: rec.added.filter(s => /onerror|alert\(|>bold<|>title<|>source<|src="x"/.test(s)),
        Alerts: rec.alerts,
        CSP: rec.violations,
        Fake: document.querySelectorAll('[data-readout-id="fake"]').length,
      };
    })()`)
	if len(h.Elements) > 0 || len(h.Added) > 0 || h.Fake > 0 {
		e.errorf("content became elements: in the document %q; added at some point %q", h.Elements, h.Added)
	}
	if len(h.Alerts) > 0 {
		e.errorf("content ran as script: %q", h.Alerts)
	}
	if d := e.dialogLog(); len(d) > 0 {
		e.errorf("JS dialogs opened: %q", d)
	}
	if len(h.CSP) > 0 {
		e.errorf("CSP violations (something tried to run or load): %q", h.CSP)
	}

	// The export carries the strings unchanged.
	doc, _, filename := e.export()
	checkExport(t, doc, filename)
	r := findReadout(doc, id)
	if r == nil {
		t.Fatalf("the export has no readout %s", id)
	}
	if r.Title != title || r.Text != text || r.Source != "<b>source</b>" {
		t.Errorf("exported readout changed the strings:\n title %q\n text %q\n source %q", r.Title, r.Text, r.Source)
	}
	anns := annotationsOf(doc, id)
	if len(anns) != 1 || anns[0].ID != annID || anns[0].Exact != "<b>bold</b>" || anns[0].Note != note || anns[0].Start != start || anns[0].End != end {
		t.Errorf("exported annotation: got %+v\nwant id %s, %d-%d, exact %q, note %q", anns, annID, start, end, "<b>bold</b>", note)
	}
	// Searching the export's raw bytes for the markup is not meaningful
	// (JSON may escape < and >), so the parsed strings are compared above.
}

// TestPageAndAssetsLoadCleanly checks the page and its assets: the CSP header on
// the page, a clean load with no console errors, and app.wasm sent
// brotli-encoded.
func TestPageAndAssetsLoadCleanly(t *testing.T) {
	e := start(t)
	e.load()

	var page, wasm []string
	for _, r := range e.responseLog() {
		switch {
		case r.URL == e.srv.url+"/":
			page = append(page, fmt.Sprintf("%d %s", r.Status, headerValue(r.Headers, "Content-Security-Policy")))
			if r.Status == 200 && headerValue(r.Headers, "Content-Security-Policy") == "" {
				t.Errorf("the page / is served without a Content-Security-Policy header; headers: %v", r.Headers)
			}
		case strings.HasSuffix(strings.SplitN(r.URL, "?", 2)[0], "/web/app.wasm"):
			enc := headerValue(r.Headers, "Content-Encoding")
			wasm = append(wasm, fmt.Sprintf("%d %q from SW %v", r.Status, enc, r.FromServiceWorker))
			if r.Status == 200 && !r.FromServiceWorker && enc != "br" {
				t.Errorf("/web/app.wasm was sent with Content-Encoding %q, want br (the browser accepts br); headers: %v", enc, r.Headers)
			}
			if ct := headerValue(r.Headers, "Content-Type"); r.Status == 200 && !strings.HasPrefix(ct, "application/wasm") {
				t.Errorf("/web/app.wasm has Content-Type %q, want application/wasm (needed for streaming compilation)", ct)
			}
		}
	}
	if len(page) == 0 {
		t.Errorf("no response for the page / was seen")
	}
	if len(wasm) == 0 {
		t.Errorf("no response for /web/app.wasm was seen")
	}
	t.Logf("page responses: %q; app.wasm responses: %q", page, wasm)

	if eval[bool](e, `!!document.getElementById('app-wasm-loader')`) {
		t.Errorf("the go-app loader is still in the page after the app said it is ready")
	}
	// Let late errors of the start (service worker, manifest, icons) arrive:
	// wait until the service worker is active, or a short while.
	_, _ = evalErr[bool](e, `Promise.race([
      navigator.serviceWorker ? navigator.serviceWorker.ready.then(() => true) : Promise.resolve(false),
      new Promise(r => setTimeout(() => r(false), 3000))])`)

	var bad []string
	for _, m := range e.consoleLog() {
		if m.Type == "error" || m.IsException() || strings.Contains(m.Text, "panic:") || strings.Contains(m.Text, "exit code:") {
			bad = append(bad, fmt.Sprintf("[%s] %s (%s:%d)", m.Type, m.Text, m.URL, m.Line+1))
		}
	}
	if len(bad) > 0 {
		t.Errorf("console errors while loading the app:\n  %s", strings.Join(bad, "\n  "))
	}
	if v := eval[[]string](e, `(window.__e2e || {violations: []}).violations`); len(v) > 0 {
		t.Errorf("CSP violations while loading the app: %q", v)
	}
}

// headerValue reads a header case-insensitively.
func headerValue(h map[string]any, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return fmt.Sprint(v)
		}
	}
	return ""
}

// TestKeyboardAndPanelWork covers the other parts of the contract: the help
// panel, N for a new readout, clicking a highlight to select it, Ctrl+Enter
// saving a note, the remembered author, and Delete.
func TestKeyboardAndPanelWork(t *testing.T) {
	e := start(t)
	const note = "Saved with Ctrl+Enter, still in the field — 1 ч 25 мин."
	const author = "E2E Fact-checker Ä"
	e.content(note)
	e.load()

	// ? toggles the help, which lists the shortcuts.
	e.pressKey("?")
	e.wait("the help panel after pressing ?", `(() => { const h = document.querySelector('[data-panel="help"]'); return h && h.getClientRects().length > 0; })()`, stepTimeout)
	help := eval[string](e, `document.querySelector('[data-panel="help"]').textContent`)
	for _, k := range []string{"1", "2", "3", "?", "Delete"} {
		if !strings.Contains(help, k) {
			t.Errorf("the help panel should list the shortcut %q: %q", k, clip(help, 400))
		}
	}
	e.pressKey("?")
	e.wait("the help panel to close after pressing ? again", `(() => { const h = document.querySelector('[data-panel="help"]'); return !h || h.getClientRects().length === 0; })()`, stepTimeout)

	// The help is a dialog: opened from its button, it takes the focus (a
	// screen reader user hears it), and Escape gives the focus back.
	e.click(`button[data-action="help"]`)
	e.wait("the focus in the help panel after clicking ?", `!!document.activeElement && document.activeElement.matches('[data-panel="help"]')`, stepTimeout,
		`document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : '(none)'`)
	e.pressKey("Escape")
	e.wait("the focus back on the ? button after Escape", `!document.querySelector('[data-panel="help"]') && !!document.activeElement && document.activeElement.matches('button[data-action="help"]')`, stepTimeout,
		`document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : '(none)'`)

	// Clicking a highlighted span in the text selects its annotation.
	kremlin := e.activeReadout()
	kText := e.readoutText(kremlin)
	qs, qe := cpOf(t, kText, "1 час 25 минут"), cpOf(t, kText, "1 час 25 минут")+utf8.RuneCountInString("1 час 25 минут")
	e.clickText(kremlin, qs+3, qe-3)
	e.waitPanelQuote("1 час 25 минут", "clicking the highlighted text")

	// The author field signs new annotations and is remembered.
	e.click(`[data-panel="annotation"] input[name="author"]`)
	e.typeText(`[data-panel="annotation"] input[name="author"]`, author)
	e.pressKey("Tab") // leave the field: change

	// Ctrl+Enter saves the note without leaving the field.
	e.click(`[data-panel="annotation"] textarea[name="note"]`)
	e.typeText(`[data-panel="annotation"] textarea[name="note"]`, note)
	e.pressKey("Enter", modCtrl)
	e.wait("Ctrl+Enter to save the note (the list shows it)", js(`(note) => [...document.querySelectorAll('[data-annotation-list] [data-annotation-id]')].some(el => el.textContent.includes(note))`, note), stepTimeout)
	var factID string
	for _, en := range e.list() {
		if strings.Contains(en.Text, note) {
			factID = en.ID
		}
	}

	// Delete removes the selected annotation when focus is not in a field.
	counts := e.counts()
	e.click(`[data-panel="annotation"] [data-field="quote"]`)
	e.wait("the focus to leave the fields", `!document.activeElement || !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)`, stepTimeout)
	e.pressKey("Delete")
	e.wait("Delete to remove the selected annotation from the list", js(`(id) => !document.querySelector('[data-annotation-list] [data-annotation-id="' + CSS.escape(id) + '"]')`, factID), stepTimeout)
	if got := e.counts(); got["fact"] != counts["fact"]-1 || got["framing"] != counts["framing"] || got["omission"] != counts["omission"] {
		e.errorf("counts after deleting a fact: %v, before %v", got, counts)
	}

	// A new annotation is signed with the author.
	before := idsOf(e.list())
	ps := cpOf(t, kText, "деловой и откровенный")
	e.selectRange(kremlin, ps, ps+len([]rune("деловой")))
	e.pressKey("1")
	newID := e.waitNewAnnotation(before, "fact", "selecting a word and pressing 1")

	// N opens the new readout form, which refuses a text over 2,000,000
	// characters and keeps what was typed.
	e.pressKey("n")
	e.wait("the new readout form after pressing n", `document.querySelector('form[data-form="readout"] textarea[name="text"]')`, stepTimeout)
	tabs := len(e.tabs())
	e.fill(`form[data-form="readout"] [name="title"]`, "Too long")
	// 2,000,001 characters through Input.insertText take seconds; set the
	// value as a paste would and fire input.
	eval[bool](e, `(() => {
      const el = document.querySelector('form[data-form="readout"] textarea[name="text"]');
      el.focus();
      el.value = ('x'.repeat(99) + '\n').repeat(20000) + 'x';
      el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
      return true;
    })()`)
	e.click(`form[data-form="readout"] button[type="submit"]`)
	e.wait("the form to refuse 2,000,001 characters with a message in [role=alert]",
		`(() => { const a = document.querySelector('[data-form="readout"] [role="alert"]'); return a && a.textContent.trim() !== ''; })()`, 3*stepTimeout)
	if n := eval[int](e, `(document.querySelector('form[data-form="readout"] textarea[name="text"]') || {value: ''}).value.length`); n != 2_000_001 {
		e.errorf("after refusing a long text the form should keep it: the text field holds %d characters, want 2000001", n)
	}
	if n := len(e.tabs()); n != tabs {
		e.errorf("a readout over the limit was added anyway: %d tabs, want %d", n, tabs)
	}

	doc, _, filename := e.export()
	checkExport(t, doc, filename)
	for _, a := range doc.Annotations {
		if a.ID == factID {
			t.Errorf("the deleted annotation %s is still exported", factID)
		}
		if a.ID == newID && a.Author != author {
			t.Errorf("the new annotation's author = %q, want the remembered %q", a.Author, author)
		}
	}

	// The author is remembered by the browser across a reload.
	e.load()
	if got := e.fieldValue(`[data-panel="annotation"] input[name="author"]`); got != author {
		t.Errorf("after a reload the author field = %q, want the remembered %q", got, author)
	}
}

// afterKeyJS arms a record of the page as it is in the first task after the
// next keydown (a message posted from the event): what the browser paints
// in the frame after the key, before go-app's next update.
const afterKeyJS = `(() => {
  window.__afterKey = null;
  const size = (n) => { const h = CSS.highlights.get('fc-' + n); return h ? h.size : 0; };
  addEventListener('keydown', () => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { window.__afterKey = { fact: size('fact'), framing: size('framing') }; };
    ch.port2.postMessage(0);
  }, { capture: true, once: true });
  return { fact: size('fact'), framing: size('framing') };
})()`

// A new span's highlight is painted in the key event that made it, and a
// deleted one is gone in the key event that deleted it, not after go-app's
// next update (its engine waits 1/120 s after a change, then re-renders
// the list and panels): the highlight is what the user looks at.
func TestHighlightFollowsTheKeyAtOnce(t *testing.T) {
	e := start(t)
	e.load()
	rid := e.activeReadout()
	framing := e.counts()["framing"]
	// counted waits for go-app's update: the header counts n framing annotations.
	counted := func(what string, n int) {
		e.wait(what, js(`(n) => { const c = document.querySelector('[data-count="framing"]'); return !!c && c.textContent.trim() === String(n); }`, n), stepTimeout)
	}
	e.selectRange(rid, 0, 12)
	before := eval[map[string]int](e, afterKeyJS)
	e.pressKey("2") // framing
	e.wait("the record of the first task after the key", `!!window.__afterKey`, stepTimeout)
	after := eval[map[string]int](e, `window.__afterKey`)
	if after["framing"] != before["framing"]+1 || after["fact"] != before["fact"] {
		t.Errorf("in the first task after the key: framing ranges %d → %d, fact %d → %d; want one more framing range", before["framing"], after["framing"], before["fact"], after["fact"])
	}
	counted("go-app's update to count the new annotation", framing+1)

	before = eval[map[string]int](e, afterKeyJS)
	e.pressKey("Delete")
	e.wait("the record of the first task after Delete", `!!window.__afterKey`, stepTimeout)
	after = eval[map[string]int](e, `window.__afterKey`)
	if after["framing"] != before["framing"]-1 {
		t.Errorf("in the first task after Delete: framing ranges %d → %d; want one fewer", before["framing"], after["framing"])
	}
	// go-app's update follows and agrees.
	counted("go-app's update to count the deletion", framing)
	if got := eval[int](e, `CSS.highlights.get('fc-framing').size`); got != before["framing"]-1 {
		t.Errorf("after the update: %d framing ranges, want %d", got, before["framing"]-1)
	}
}

// The selection's offsets come from framecheck.offset, which adds up the
// lengths of the readout's text nodes instead of making the text before
// the point as a string. It must give what the string's length gives, for
// every kind of boundary point: in a text node (Cyrillic, emoji with ZWJ,
// combining marks), between children of the readout, inside an omission
// marker, and outside the readout (clamped).
func TestSelectionOffsetsAddUpTextNodes(t *testing.T) {
	e := start(t)
	e.load()
	rs := importLong(e, 900, 1)
	// Omission points: markers among the text nodes, one at the very start.
	for i, cp := range []int{0, 7_000, 21_000, 40_000} {
		e.caret(rs[0].ID, cp)
		e.pressKey("3")
		e.wait("the omission markers in the text", js(`(id, n) => document.querySelectorAll('[data-readout-id="' + id + '"] [data-marker-for]').length === n`, rs[0].ID, i+1), stepTimeout)
	}
	got := eval[map[string]any](e, js(`(id) => {
      const el = document.querySelector('[data-readout-id="' + id + '"]');
      const slow = (node, off) => {
        const all = document.createRange();
        all.selectNodeContents(el);
        const c = all.comparePoint(node, off);
        if (c < 0) return 0;
        if (c > 0) return el.textContent.length;
        const r = document.createRange();
        r.setStart(el, 0);
        r.setEnd(node, off);
        return r.toString().length;
      };
      const points = [];
      const kids = [...el.childNodes];
      kids.forEach((k, i) => {
        points.push([el, i]);
        if (k.nodeType === 3) {
          for (const o of [0, 1, k.length >> 1, k.length - 1, k.length]) if (o >= 0 && o <= k.length) points.push([k, o]);
          for (let o = 2; o < k.length - 1; o += 499) points.push([k, o]); // some inside surrogate pairs
        } else {
          points.push([k, 0]);
        }
      });
      points.push([el, kids.length]);
      const p = el.parentNode, at = [...p.childNodes].indexOf(el);
      points.push([p, at], [p, at + 1], [document.body, 0], [document.body, document.body.childNodes.length]);
      const bad = [];
      let markers = 0, texts = 0;
      for (const [node, off] of points) {
        if (node.nodeType === 1 && node !== el && node.parentNode === el) markers++;
        if (node.nodeType === 3) texts++;
        const want = slow(node, off), have = self.framecheck.offset(el, node, off);
        if (want !== have && bad.length < 5) bad.push((node === el ? 'readout' : node.nodeName) + ' @' + off + ': ' + have + ', want ' + want);
      }
      return { points: points.length, markers, texts, bad };
    }`, rs[0].ID))
	t.Logf("%v boundary points: %v in text nodes, %v in markers", got["points"], got["texts"], got["markers"])
	if bad := got["bad"].([]any); len(bad) > 0 {
		t.Errorf("framecheck.offset differs from the length of the text before the point: %v", bad)
	}
	if got["markers"].(float64) < 4 || got["texts"].(float64) < 100 {
		t.Errorf("the check saw %v markers and %v points in text nodes: too few to mean anything", got["markers"], got["texts"])
	}
}
