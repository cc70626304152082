package main

// Browser end-to-end tests: the real server binary, the real app.wasm, a
// real headless Chromium. The harness is in e2e_harness_test.go. The tests
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

const e2eSampleTitle = "Putin–Trump call, July 2026 (sample)"

// e2eEntry is one entry of the annotation list.
type e2eEntry struct {
	ID   string
	Tag  string
	Text string
}

// e2eList returns the entries of the annotation list, in display order.
func (e *e2eEnv) e2eList() []e2eEntry {
	e.t.Helper()
	return e2eEval[[]e2eEntry](e, `[...document.querySelectorAll('[data-annotation-list] [data-annotation-id][data-tag]')]
      .map(el => ({ ID: el.getAttribute('data-annotation-id'), Tag: el.getAttribute('data-tag'), Text: el.textContent }))`)
}

func e2eIDs(entries []e2eEntry) map[string]bool {
	m := make(map[string]bool, len(entries))
	for _, en := range entries {
		m[en.ID] = true
	}
	return m
}

// e2eCounts reads the per-tag counts.
func (e *e2eEnv) e2eCounts() map[string]int {
	e.t.Helper()
	raw := e2eEval[map[string]string](e, `Object.fromEntries(['fact', 'framing', 'omission'].map(t => {
      const el = document.querySelector('[data-count="' + t + '"]');
      return [t, el ? el.textContent.trim() : 'missing'];
    }))`)
	out := make(map[string]int)
	for tag, s := range raw {
		n, err := strconv.Atoi(s)
		if err != nil {
			e.e2eFatalf(`[data-count=%q] should hold a number, has %q`, tag, s)
		}
		out[tag] = n
	}
	return out
}

// e2eTab is a readout tab.
type e2eTab struct {
	ID   string
	Text string
}

func (e *e2eEnv) e2eTabs() []e2eTab {
	e.t.Helper()
	return e2eEval[[]e2eTab](e, `[...document.querySelectorAll('button[data-readout-tab]')]
      .map(el => ({ ID: el.getAttribute('data-readout-tab'), Text: el.textContent }))`)
}

// e2eActiveReadout returns the id of the readout whose text is shown, and
// fails unless exactly one readout text element is on the page.
func (e *e2eEnv) e2eActiveReadout() string {
	e.t.Helper()
	e.e2eWait("one readout text element with its text painted",
		`(() => { const els = document.querySelectorAll('[data-readout-id]'); return els.length === 1 && els[0].textContent !== ''; })()`,
		e2eStepTimeout, `[...document.querySelectorAll('[data-readout-id]')].map(el => el.getAttribute('data-readout-id') + ': ' + el.textContent.slice(0, 40))`)
	ids := e2eEval[[]string](e, `[...document.querySelectorAll('[data-readout-id]')].map(el => el.getAttribute('data-readout-id'))`)
	if len(ids) != 1 {
		e.e2eFatalf("want exactly one [data-readout-id] element (readouts are shown one at a time), found %d: %q", len(ids), ids)
	}
	return ids[0]
}

// e2eReadoutText returns the textContent of the readout's text element.
func (e *e2eEnv) e2eReadoutText(id string) string {
	e.t.Helper()
	return e2eEval[string](e, e2eJS(`(id) => {
      const els = document.querySelectorAll('[data-readout-id="' + CSS.escape(id) + '"]');
      if (els.length !== 1) throw new Error(els.length + ' elements have data-readout-id=' + id);
      return els[0].textContent;
    }`, id))
}

// e2eWaitNewAnnotation waits for a list entry whose id is not in before, and
// checks its tag. It returns the new id.
func (e *e2eEnv) e2eWaitNewAnnotation(before map[string]bool, tag, how string) string {
	e.t.Helper()
	known := make([]string, 0, len(before))
	for id := range before {
		known = append(known, id)
	}
	pred := e2eJS(`(known) => [...document.querySelectorAll('[data-annotation-list] [data-annotation-id][data-tag]')]
      .some(el => !known.includes(el.getAttribute('data-annotation-id')))`, known)
	e.e2eWait("a new annotation in the list after "+how, pred, e2eStepTimeout,
		`[...document.querySelectorAll('[data-annotation-list] [data-annotation-id]')].map(el => el.getAttribute('data-tag') + ':' + el.getAttribute('data-annotation-id')).join(' ')`,
		`document.getSelection().toString()`,
		`[...document.querySelectorAll('[role="status"], [role="alert"]')].map(el => el.textContent).join(' | ')`)
	var added []e2eEntry
	for _, en := range e.e2eList() {
		if !before[en.ID] {
			added = append(added, en)
		}
	}
	if len(added) != 1 {
		e.e2eFatalf("%s: want exactly 1 new annotation in the list, got %d: %+v", how, len(added), added)
	}
	if added[0].Tag != tag {
		e.e2eFatalf("%s: the new annotation has data-tag=%q, want %q", how, added[0].Tag, tag)
	}
	return added[0].ID
}

// e2eWaitPanelQuote waits until the side panel shows an annotation whose
// quote contains want (white space collapsed).
func (e *e2eEnv) e2eWaitPanelQuote(want, why string) {
	e.t.Helper()
	pred := e2eJS(`(want) => {
      const q = document.querySelector('[data-panel="annotation"] [data-field="quote"]');
      const norm = (s) => s.replace(/\s+/g, ' ').trim();
      return q && norm(q.textContent).includes(norm(want));
    }`, want)
	e.e2eWait(fmt.Sprintf("the panel to show the quote %q (%s)", want, why), pred, e2eStepTimeout,
		`(document.querySelector('[data-panel="annotation"]') || {outerHTML: 'no [data-panel=annotation]'}).outerHTML`)
}

// e2eFill puts a value in a form field the way a user would: typing into
// text inputs and textareas, choosing in selects and date pickers.
func (e *e2eEnv) e2eFill(selector, value string) {
	e.t.Helper()
	kind := e2eEval[string](e, e2eJS(`(sel) => {
      const el = document.querySelector(sel);
      if (!el) return 'missing';
      if (el.tagName === 'SELECT') return 'select';
      if (el.tagName === 'INPUT' && /^(date|datetime-local|month|week|time)$/.test(el.type)) return 'picker';
      return 'text';
    }`, selector))
	switch kind {
	case "missing":
		e.e2eFatalf("no form field matches %s", selector)
	case "select":
		e.e2eSetSelect(selector, value)
	case "picker":
		if msg := e2eEval[string](e, e2eJS(`(sel, v) => {
          const el = document.querySelector(sel);
          el.focus(); el.value = v;
          if (el.value !== v) return sel + ' did not take the value ' + v;
          el.dispatchEvent(new Event('input', { bubbles: true }));
          el.dispatchEvent(new Event('change', { bubbles: true }));
          return '';
        }`, selector, value)); msg != "" {
			e.e2eFatalf("%s", msg)
		}
	default:
		e.e2eType(selector, value)
	}
}

// e2eFieldValue returns the value of a form field.
func (e *e2eEnv) e2eFieldValue(selector string) string {
	e.t.Helper()
	return e2eEval[string](e, e2eJS(`(sel) => { const el = document.querySelector(sel); return el ? el.value : '<missing ' + sel + '>'; }`, selector))
}

// e2eCP returns the code point offset of the first occurrence of sub in s.
func e2eCP(t *testing.T, s, sub string) int {
	t.Helper()
	i := strings.Index(s, sub)
	if i < 0 || strings.Count(s, sub) != 1 {
		t.Fatalf("%q must occur exactly once in the text, occurs %d times in %q", sub, strings.Count(s, sub), e2eClip(s, 300))
	}
	return utf8.RuneCountInString(s[:i])
}

// e2eSpan slices the code points [start, end) of s; ok is false when the
// span is not within s.
func e2eSpan(s string, start, end int) (string, bool) {
	r := []rune(s)
	if start < 0 || end < start || end > len(r) {
		return "", false
	}
	return string(r[start:end]), true
}

// e2eSlice is e2eSpan with a bad span described in the result (for
// messages and comparisons).
func e2eSlice(s string, start, end int) string {
	sub, ok := e2eSpan(s, start, end)
	if !ok {
		return fmt.Sprintf("<bad span %d-%d of %d code points>", start, end, utf8.RuneCountInString(s))
	}
	return sub
}

// e2eCheckExport checks what every export must satisfy, whatever is in it:
// the envelope, hashes, offsets against the text, and the canonical order.
func e2eCheckExport(t *testing.T, doc *e2eExportDoc, filename string) {
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
		if got := e2eSlice(text, a.Start, a.End); a.Exact != got {
			t.Errorf("%s: exact = %q, but the text at code points %d-%d is %q", where, a.Exact, a.Start, a.End, got)
		}
		if a.Start == a.End && a.Tag != "omission" {
			t.Errorf("%s: a point (start == end == %d) must be an omission", where, a.Start)
		}
		if a.Prefix != "" && !strings.HasSuffix(e2eSlice(text, 0, a.Start), a.Prefix) {
			t.Errorf("%s: prefix %q does not end right before code point %d", where, a.Prefix, a.Start)
		}
		if a.Suffix != "" && !strings.HasPrefix(e2eSlice(text, a.End, n), a.Suffix) {
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
	if !slices.IsSortedFunc(doc.Annotations, func(a, b e2eExportAnnotation) int {
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

// e2eAnnotationsOf returns the exported annotations of a readout.
func e2eAnnotationsOf(doc *e2eExportDoc, readoutID string) []e2eExportAnnotation {
	var out []e2eExportAnnotation
	for _, a := range doc.Annotations {
		if a.ReadoutID == readoutID {
			out = append(out, a)
		}
	}
	return out
}

// e2eFindAnn returns the exported annotation with the id, or nil.
func e2eFindAnn(doc *e2eExportDoc, id string) *e2eExportAnnotation {
	for i := range doc.Annotations {
		if doc.Annotations[i].ID == id {
			return &doc.Annotations[i]
		}
	}
	return nil
}

func e2eFindReadout(doc *e2eExportDoc, id string) *e2eExportReadout {
	for i := range doc.Readouts {
		if doc.Readouts[i].ID == id {
			return &doc.Readouts[i]
		}
	}
	return nil
}

// e2eAddReadout fills the readout form (opening it with the button unless
// it is open), submits it, and returns the id of the new readout, which must
// become the active one.
func (e *e2eEnv) e2eAddReadout(fields map[string]string, text string) string {
	e.t.Helper()
	before := e.e2eTabs()
	if !e2eEval[bool](e, `!!document.querySelector('form[data-form="readout"] textarea[name="text"]')`) {
		e.e2eClick(`button[data-action="new-readout"]`)
		e.e2eWait("the new readout form", `document.querySelector('form[data-form="readout"] textarea[name="text"]')`, e2eStepTimeout)
	}
	for _, name := range []string{"title", "source", "url", "publishedAt", "language"} {
		if v, ok := fields[name]; ok {
			e.e2eFill(`form[data-form="readout"] [name="`+name+`"]`, v)
		}
	}
	e.e2eType(`form[data-form="readout"] textarea[name="text"]`, text)
	e.e2eClick(`form[data-form="readout"] button[type="submit"]`)
	known := make([]string, 0, len(before))
	for _, tb := range before {
		known = append(known, tb.ID)
	}
	e.e2eWait("a new readout tab after submitting the form", e2eJS(`(known) => [...document.querySelectorAll('button[data-readout-tab]')]
      .some(el => !known.includes(el.getAttribute('data-readout-tab')))`, known), e2eStepTimeout,
		`(document.querySelector('[data-form="readout"] [role="alert"]') || {}).textContent`)
	var id string
	for _, tb := range e.e2eTabs() {
		if !slices.Contains(known, tb.ID) {
			id = tb.ID
		}
	}
	// Active and painted: the app fills the text element right after it
	// mounts it, and a readout's text is never empty.
	e.e2eWait("the new readout to become the active one, its text painted", e2eJS(`(id) => {
      const els = document.querySelectorAll('[data-readout-id]');
      return els.length === 1 && els[0].getAttribute('data-readout-id') === id && els[0].textContent.length > 0;
    }`, id), e2eStepTimeout,
		`[...document.querySelectorAll('[data-readout-id]')].map(el => el.getAttribute('data-readout-id'))`)
	return id
}

// ---------------------------------------------------------------------------

// TestE2EAnnotateAndExport walks the main path: the sample loads, a readout
// with difficult Unicode is added, spans are tagged by mouse and by key, an
// omission point is made, a note is written, and the export is checked down
// to the code point offsets.
func TestE2EAnnotateAndExport(t *testing.T) {
	e := e2eStart(t)

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
	e.e2eContent(norm, title, note)

	factStart, factEnd := e2eCP(t, norm, "семья"), e2eCP(t, norm, "одобрение")
	framingStart, framingEnd := e2eCP(t, norm, "👍🏽"), e2eCP(t, norm, " au lait")
	point := e2eCP(t, norm, " текста")
	factExact := e2eSlice(norm, factStart, factEnd)
	framingExact := e2eSlice(norm, framingStart, framingEnd)
	if factExact != "семья и 👍🏽" || framingExact != "👍🏽одобрение.\n\nArabic: مرحبا بكم. Cafe\u0301" {
		t.Fatalf("test bug: spans %q and %q", factExact, framingExact)
	}

	e.e2eLoad()

	// The sample workspace.
	tabs := e.e2eTabs()
	if len(tabs) != 2 || !strings.Contains(tabs[0].Text, "Kremlin readout") || !strings.Contains(tabs[1].Text, "White House readout") {
		e.e2eFatalf("first start: want the sample's two tabs, Kremlin readout then White House readout; got %+v", tabs)
	}
	kremlinID, whiteHouseID := tabs[0].ID, tabs[1].ID
	active := e.e2eActiveReadout()
	if got := e.e2eReadoutText(active); !strings.HasPrefix(got, "🇷🇺🇺🇸") {
		e.e2eErrorf("first start: the active readout should be the Kremlin readout starting with 🇷🇺🇺🇸, its text starts %q", e2eClip(got, 40))
	}

	// The form refuses an empty text, and keeps what was typed.
	e.e2eClick(`button[data-action="new-readout"]`)
	e.e2eWait("the new readout form", `document.querySelector('form[data-form="readout"] textarea[name="text"]')`, e2eStepTimeout)
	e.e2eFill(`form[data-form="readout"] [name="title"]`, title)
	e.e2eClick(`form[data-form="readout"] button[type="submit"]`)
	e.e2eWait("the form to refuse an empty text with a message in [role=alert]",
		`(() => { const a = document.querySelector('[data-form="readout"] [role="alert"]'); return a && a.textContent.trim() !== ''; })()`, e2eStepTimeout)
	if got := e.e2eFieldValue(`form[data-form="readout"] [name="title"]`); got != title {
		e.e2eErrorf("after refusing an empty text the form should keep the title: got %q, want %q", got, title)
	}
	if n := len(e.e2eTabs()); n != 2 {
		e.e2eErrorf("a refused readout was added anyway: %d tabs", n)
	}

	fields := map[string]string{
		"title":       title,
		"source":      "Kremlin press service (e2e)",
		"url":         "https://example.org/readouts/e2e-1",
		"publishedAt": "2026-07-05",
		"language":    "ru",
	}
	id := e.e2eAddReadout(fields, text)

	got := e.e2eReadoutText(id)
	if strings.Contains(got, "\r") {
		e.e2eErrorf("the readout text still has carriage returns: line breaks must be stored as LF")
	}
	if got != norm {
		e.e2eFatalf("the readout element's textContent differs from the text (CRLF→LF):\n got %q\nwant %q", got, norm)
	}
	if !slices.ContainsFunc(e.e2eTabs(), func(tb e2eTab) bool { return tb.ID == id && strings.Contains(tb.Text, title) }) {
		e.e2eErrorf("the new readout's tab should show its title %q: %+v", title, e.e2eTabs())
	}
	countsBefore := e.e2eCounts()

	// 1. Fact, by selecting a DOM range and clicking the button with the
	// mouse (so a selection lost on mousedown would be caught).
	before := e2eIDs(e.e2eList())
	if sel := e.e2eSelectRange(id, factStart, factEnd); sel != factExact {
		e.e2eFatalf("test harness: selected %q, want %q", sel, factExact)
	}
	e.e2eClick(`button[data-tag-button="fact"]`)
	factID := e.e2eWaitNewAnnotation(before, "fact", "selecting a span and clicking the Fact button")
	e.e2eWaitPanelQuote(factExact, "a new annotation becomes the selected one")

	// 2. Framing, overlapping the fact, by key 2.
	before = e2eIDs(e.e2eList())
	if sel := e.e2eSelectRange(id, framingStart, framingEnd); sel != framingExact {
		e.e2eFatalf("test harness: selected %q, want %q", sel, framingExact)
	}
	e.e2ePressKey("2")
	framingID := e.e2eWaitNewAnnotation(before, "framing", "selecting an overlapping span and pressing 2")
	e.e2eWaitPanelQuote(framingExact, "a new annotation becomes the selected one")

	// 3. Omission point, by a collapsed caret and key 3.
	before = e2eIDs(e.e2eList())
	e.e2eCaret(id, point)
	e.e2ePressKey("3")
	pointID := e.e2eWaitNewAnnotation(before, "omission", "putting a caret in the text and pressing 3")
	e.e2eWait("the omission point's marker [data-marker-for]", e2eJS(`(id) => document.querySelector('[data-marker-for="' + CSS.escape(id) + '"]')`, pointID), e2eStepTimeout)
	if got := e.e2eReadoutText(id); got != norm {
		e.e2eErrorf("with highlights and a point marker, the readout element's textContent must still be exactly the text:\n got %q\nwant %q", got, norm)
	}
	// The point is selected: its panel offers "omitted by" for each other
	// readout. Tick the Kremlin readout.
	e.e2eWait("the omittedBy checkboxes of the omission", e2eJS(`(k, w) => document.querySelector('[data-panel="annotation"] input[name="omittedBy"][value="' + k + '"]') &&
      document.querySelector('[data-panel="annotation"] input[name="omittedBy"][value="' + w + '"]')`, kremlinID, whiteHouseID), e2eStepTimeout)
	if e2eEval[bool](e, e2eJS(`(id) => !!document.querySelector('input[name="omittedBy"][value="' + id + '"]')`, id)) {
		e.e2eErrorf("the omittedBy checkboxes must list only the other readouts, not the annotation's own")
	}
	e.e2eClick(`[data-panel="annotation"] input[name="omittedBy"][value="` + kremlinID + `"]`)
	e.e2eWait("the omittedBy checkbox to be checked", e2eJS(`(k) => document.querySelector('[data-panel="annotation"] input[name="omittedBy"][value="' + k + '"]').checked`, kremlinID), e2eStepTimeout)

	// 4. Select the fact through the list and write its note (type, blur).
	e.e2eClick(`[data-annotation-list] [data-annotation-id="` + factID + `"]`)
	e.e2eWaitPanelQuote(factExact, "clicking the fact's entry in the list")
	e.e2eClick(`[data-panel="annotation"] textarea[name="note"]`)
	e.e2eType(`[data-panel="annotation"] textarea[name="note"]`, note)
	e.e2eClick(`[data-panel="annotation"] [data-field="quote"]`) // blur: the note is saved on change
	e.e2eWait("the note field to lose the focus", `document.activeElement === null || document.activeElement.getAttribute('name') !== 'note'`, e2eStepTimeout)
	e.e2eWait("the saved note to show in the fact's list entry", e2eJS(`(id, note) => {
      const el = document.querySelector('[data-annotation-list] [data-annotation-id="' + CSS.escape(id) + '"]');
      return el && el.textContent.includes(note);
    }`, factID, note), e2eStepTimeout)
	// Select another annotation and come back: the note must have been kept.
	e.e2eClick(`[data-annotation-list] [data-annotation-id="` + framingID + `"]`)
	e.e2eWaitPanelQuote(framingExact, "clicking the framing's entry in the list")
	e.e2eClick(`[data-annotation-list] [data-annotation-id="` + factID + `"]`)
	e.e2eWaitPanelQuote(factExact, "clicking the fact's entry in the list again")
	e.e2eWait("the fact's note to be kept after selecting another annotation", e2eJS(`(note) => {
      const n = document.querySelector('[data-panel="annotation"] textarea[name="note"]');
      return n && n.value === note;
    }`, note), e2eStepTimeout, `(document.querySelector('[data-panel="annotation"] textarea[name="note"]') || {}).value`)

	// 5. The list and the counts.
	list := e.e2eList()
	tagOf := make(map[string]string)
	for _, en := range list {
		tagOf[en.ID] = en.Tag
	}
	for id, want := range map[string]string{factID: "fact", framingID: "framing", pointID: "omission"} {
		if tagOf[id] != want {
			e.e2eErrorf("list entry %s: data-tag=%q, want %q", id, tagOf[id], want)
		}
	}
	counts := e.e2eCounts()
	for _, tag := range []string{"fact", "framing", "omission"} {
		if counts[tag] != countsBefore[tag]+1 {
			e.e2eErrorf("[data-count=%q] = %d, want %d (one more than before tagging)", tag, counts[tag], countsBefore[tag]+1)
		}
	}
	// The tag filter.
	e.e2eSetSelect(`select[name="tag-filter"]`, "framing")
	e.e2eWait("the list to show only framing entries", e2eJS(`(f, g) => {
      const els = [...document.querySelectorAll('[data-annotation-list] [data-annotation-id][data-tag]')];
      return els.every(el => el.getAttribute('data-tag') === 'framing') &&
        els.some(el => el.getAttribute('data-annotation-id') === g) &&
        !els.some(el => el.getAttribute('data-annotation-id') === f);
    }`, factID, framingID), e2eStepTimeout,
		`[...document.querySelectorAll('[data-annotation-list] [data-annotation-id]')].map(el => el.getAttribute('data-tag')).join(' ')`)
	if msg := e.e2eTrySetSelect(`select[name="tag-filter"]`, "all", 0); msg != "" {
		e.e2eErrorf("contract: the tag filter's \"all\" option must have the value \"all\": %s (chose the first option to go on)", msg)
	}
	e.e2eWait("the list to show all tags again", e2eJS(`(ids) => ids.every(id => document.querySelector('[data-annotation-list] [data-annotation-id="' + id + '"]'))`,
		[]string{factID, framingID, pointID}), e2eStepTimeout)

	// 6. Export, and check the file.
	doc, _, filename := e.e2eExport()
	e2eCheckExport(t, doc, filename)
	if doc.Workspace.Title != e2eSampleTitle {
		t.Errorf("workspace title = %q, want the sample's %q", doc.Workspace.Title, e2eSampleTitle)
	}
	if len(doc.Readouts) != 3 {
		t.Errorf("export has %d readouts, want 3 (the sample's two and the new one)", len(doc.Readouts))
	}
	if n := len(e2eAnnotationsOf(doc, kremlinID)) + len(e2eAnnotationsOf(doc, whiteHouseID)); n != 8 {
		t.Errorf("export has %d annotations on the sample readouts, want the sample's 8", n)
	}
	r := e2eFindReadout(doc, id)
	if r == nil {
		t.Fatalf("the export has no readout %s", id)
	}
	wantR := e2eExportReadout{ID: id, Title: title, Source: fields["source"], URL: fields["url"],
		PublishedAt: fields["publishedAt"], Language: fields["language"], Text: norm, TextSha256: r.TextSha256}
	if *r != wantR {
		t.Errorf("exported readout:\n got %+v\nwant %+v", *r, wantR)
	}
	anns := e2eAnnotationsOf(doc, id)
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
			e2eUTF16(norm, factStart), e2eUTF16(norm, factEnd), e2eUTF16(norm, framingStart), e2eUTF16(norm, framingEnd), e2eUTF16(norm, point))
	}
}

// e2eUTF16 converts a code point offset of s to a UTF-16 offset (for error
// messages that show what a mix-up would look like).
func e2eUTF16(s string, cp int) int {
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

// TestE2EHostileTextShownAsText pastes markup as a readout and as a note:
// it must show as text everywhere, never become elements or run, and must
// be exported unchanged.
func TestE2EHostileTextShownAsText(t *testing.T) {
	e := e2eStart(t) // installs the alert/confirm/prompt, CSP and DOM recorders

	const title = `Hostile <i>title</i> <img src=x onerror=alert(3)>`
	const text = "Statement: <img src=x onerror=alert(1)> then <b>bold</b> and <script>alert(2)</script> & done.\n" +
		"Second line: </div><div data-readout-id=\"fake\">injected</div> &amp; &lt;b&gt;."
	const note = `<img src=x onerror=alert(4)> <b>bold</b> <script>alert(5)</script> &amp;`
	e.e2eContent(text, title, note)
	start, end := e2eCP(t, text, "<b>bold</b>"), e2eCP(t, text, " and <script>")

	e.e2eLoad()
	id := e.e2eAddReadout(map[string]string{"title": title, "source": "<b>source</b>"}, text)
	if got := e.e2eReadoutText(id); got != text {
		e.e2eErrorf("the readout element's textContent must be the text, markup and all:\n got %q\nwant %q", got, text)
	}

	before := e2eIDs(e.e2eList())
	if sel := e.e2eSelectRange(id, start, end); sel != "<b>bold</b>" {
		e.e2eFatalf("test harness: selected %q", sel)
	}
	e.e2eClick(`button[data-tag-button="fact"]`)
	annID := e.e2eWaitNewAnnotation(before, "fact", "tagging the markup as Fact")
	e.e2eWaitPanelQuote("<b>bold</b>", "the new annotation is selected")
	e.e2eClick(`[data-panel="annotation"] textarea[name="note"]`)
	e.e2eType(`[data-panel="annotation"] textarea[name="note"]`, note)
	e.e2eClick(`[data-panel="annotation"] [data-field="quote"]`) // blur saves the note

	// The note shows literally in the list (and the panel keeps it).
	e.e2eWait("the list entry to show the note as text", e2eJS(`(id, note) => {
      const el = document.querySelector('[data-annotation-list] [data-annotation-id="' + CSS.escape(id) + '"]');
      return el && el.textContent.includes(note);
    }`, annID, note), e2eStepTimeout,
		e2eJS(`(id) => (document.querySelector('[data-annotation-list] [data-annotation-id="' + CSS.escape(id) + '"]') || {}).outerHTML`, annID))
	if got := e.e2eFieldValue(`[data-panel="annotation"] textarea[name="note"]`); got != note {
		e.e2eErrorf("the panel's note field = %q, want %q", got, note)
	}
	if !e2eEval[bool](e, e2eJS(`(q) => { const el = document.querySelector('[data-panel="annotation"] [data-field="quote"]'); return !!el && el.textContent.includes(q); }`, "<b>bold</b>")) {
		e.e2eErrorf("the panel's quote should show the markup as text")
	}
	if !slices.ContainsFunc(e.e2eTabs(), func(tb e2eTab) bool { return tb.ID == id && strings.Contains(tb.Text, title) }) {
		e.e2eErrorf("the tab should show the title as text %q: %+v", title, e.e2eTabs())
	}

	// Nothing from the content became an element, or ran.
	type hostile struct {
		Elements []string
		Added    []string
		Alerts   []string
		CSP      []string
		Fake     int
	}
	h := e2eEval[hostile](e, `(() => {
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
		e.e2eErrorf("content became elements: in the document %q; added at some point %q", h.Elements, h.Added)
	}
	if len(h.Alerts) > 0 {
		e.e2eErrorf("content ran as script: %q", h.Alerts)
	}
	if d := e.e2eDialogs(); len(d) > 0 {
		e.e2eErrorf("JS dialogs opened: %q", d)
	}
	if len(h.CSP) > 0 {
		e.e2eErrorf("CSP violations (something tried to run or load): %q", h.CSP)
	}

	// The export carries the strings unchanged.
	doc, _, filename := e.e2eExport()
	e2eCheckExport(t, doc, filename)
	r := e2eFindReadout(doc, id)
	if r == nil {
		t.Fatalf("the export has no readout %s", id)
	}
	if r.Title != title || r.Text != text || r.Source != "<b>source</b>" {
		t.Errorf("exported readout changed the strings:\n title %q\n text %q\n source %q", r.Title, r.Text, r.Source)
	}
	anns := e2eAnnotationsOf(doc, id)
	if len(anns) != 1 || anns[0].ID != annID || anns[0].Exact != "<b>bold</b>" || anns[0].Note != note || anns[0].Start != start || anns[0].End != end {
		t.Errorf("exported annotation: got %+v\nwant id %s, %d-%d, exact %q, note %q", anns, annID, start, end, "<b>bold</b>", note)
	}
	// Searching the export's raw bytes for the markup is not meaningful
	// (JSON may escape < and >), so the parsed strings are compared above.
}

// TestE2ELoaderAndAssets checks the page and its assets: the CSP header on
// the page, a clean load with no console errors, and app.wasm sent
// brotli-encoded.
func TestE2ELoaderAndAssets(t *testing.T) {
	e := e2eStart(t)
	e.e2eLoad()

	var page, wasm []string
	for _, r := range e.e2eResponses() {
		switch {
		case r.URL == e.srv.url+"/":
			page = append(page, fmt.Sprintf("%d %s", r.Status, e2eHeader(r.Headers, "Content-Security-Policy")))
			if r.Status == 200 && e2eHeader(r.Headers, "Content-Security-Policy") == "" {
				t.Errorf("the page / is served without a Content-Security-Policy header; headers: %v", r.Headers)
			}
		case strings.HasSuffix(strings.SplitN(r.URL, "?", 2)[0], "/web/app.wasm"):
			enc := e2eHeader(r.Headers, "Content-Encoding")
			wasm = append(wasm, fmt.Sprintf("%d %q from SW %v", r.Status, enc, r.FromServiceWorker))
			if r.Status == 200 && !r.FromServiceWorker && enc != "br" {
				t.Errorf("/web/app.wasm was sent with Content-Encoding %q, want br (the browser accepts br); headers: %v", enc, r.Headers)
			}
			if ct := e2eHeader(r.Headers, "Content-Type"); r.Status == 200 && !strings.HasPrefix(ct, "application/wasm") {
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

	if e2eEval[bool](e, `!!document.getElementById('app-wasm-loader')`) {
		t.Errorf("the go-app loader is still in the page after the app said it is ready")
	}
	// Let late errors of the start (service worker, manifest, icons) arrive:
	// wait until the service worker is active, or a short while.
	_, _ = e2eEvalErr[bool](e, `Promise.race([
      navigator.serviceWorker ? navigator.serviceWorker.ready.then(() => true) : Promise.resolve(false),
      new Promise(r => setTimeout(() => r(false), 3000))])`)

	var bad []string
	for _, m := range e.e2eConsole() {
		if m.Type == "error" || m.IsException() || strings.Contains(m.Text, "panic:") || strings.Contains(m.Text, "exit code:") {
			bad = append(bad, fmt.Sprintf("[%s] %s (%s:%d)", m.Type, m.Text, m.URL, m.Line+1))
		}
	}
	if len(bad) > 0 {
		t.Errorf("console errors while loading the app:\n  %s", strings.Join(bad, "\n  "))
	}
	if v := e2eEval[[]string](e, `(window.__e2e || {violations: []}).violations`); len(v) > 0 {
		t.Errorf("CSP violations while loading the app: %q", v)
	}
}

// e2eHeader reads a header case-insensitively.
func e2eHeader(h map[string]any, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return fmt.Sprint(v)
		}
	}
	return ""
}

// TestE2EKeyboardAndPanel covers the other parts of the contract: the help
// panel, N for a new readout, clicking a highlight to select it, Ctrl+Enter
// saving a note, the remembered author, and Delete.
func TestE2EKeyboardAndPanel(t *testing.T) {
	e := e2eStart(t)
	const note = "Saved with Ctrl+Enter, still in the field — 1 ч 25 мин."
	const author = "E2E Fact-checker Ä"
	e.e2eContent(note)
	e.e2eLoad()

	// ? toggles the help, which lists the shortcuts.
	e.e2ePressKey("?")
	e.e2eWait("the help panel after pressing ?", `(() => { const h = document.querySelector('[data-panel="help"]'); return h && h.getClientRects().length > 0; })()`, e2eStepTimeout)
	help := e2eEval[string](e, `document.querySelector('[data-panel="help"]').textContent`)
	for _, k := range []string{"1", "2", "3", "?", "Delete"} {
		if !strings.Contains(help, k) {
			t.Errorf("the help panel should list the shortcut %q: %q", k, e2eClip(help, 400))
		}
	}
	e.e2ePressKey("?")
	e.e2eWait("the help panel to close after pressing ? again", `(() => { const h = document.querySelector('[data-panel="help"]'); return !h || h.getClientRects().length === 0; })()`, e2eStepTimeout)

	// Clicking a highlighted span in the text selects its annotation.
	kremlin := e.e2eActiveReadout()
	kText := e.e2eReadoutText(kremlin)
	qs, qe := e2eCP(t, kText, "1 час 25 минут"), e2eCP(t, kText, "1 час 25 минут")+utf8.RuneCountInString("1 час 25 минут")
	e.e2eClickText(kremlin, qs+3, qe-3)
	e.e2eWaitPanelQuote("1 час 25 минут", "clicking the highlighted text")

	// The author field signs new annotations and is remembered.
	e.e2eClick(`[data-panel="annotation"] input[name="author"]`)
	e.e2eType(`[data-panel="annotation"] input[name="author"]`, author)
	e.e2ePressKey("Tab") // leave the field: change

	// Ctrl+Enter saves the note without leaving the field.
	e.e2eClick(`[data-panel="annotation"] textarea[name="note"]`)
	e.e2eType(`[data-panel="annotation"] textarea[name="note"]`, note)
	e.e2ePressKey("Enter", e2eCtrl)
	e.e2eWait("Ctrl+Enter to save the note (the list shows it)", e2eJS(`(note) => [...document.querySelectorAll('[data-annotation-list] [data-annotation-id]')].some(el => el.textContent.includes(note))`, note), e2eStepTimeout)
	var factID string
	for _, en := range e.e2eList() {
		if strings.Contains(en.Text, note) {
			factID = en.ID
		}
	}

	// Delete removes the selected annotation when focus is not in a field.
	counts := e.e2eCounts()
	e.e2eClick(`[data-panel="annotation"] [data-field="quote"]`)
	e.e2eWait("the focus to leave the fields", `!document.activeElement || !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)`, e2eStepTimeout)
	e.e2ePressKey("Delete")
	e.e2eWait("Delete to remove the selected annotation from the list", e2eJS(`(id) => !document.querySelector('[data-annotation-list] [data-annotation-id="' + CSS.escape(id) + '"]')`, factID), e2eStepTimeout)
	if got := e.e2eCounts(); got["fact"] != counts["fact"]-1 || got["framing"] != counts["framing"] || got["omission"] != counts["omission"] {
		e.e2eErrorf("counts after deleting a fact: %v, before %v", got, counts)
	}

	// A new annotation is signed with the author.
	before := e2eIDs(e.e2eList())
	ps := e2eCP(t, kText, "деловой и откровенный")
	e.e2eSelectRange(kremlin, ps, ps+len([]rune("деловой")))
	e.e2ePressKey("1")
	newID := e.e2eWaitNewAnnotation(before, "fact", "selecting a word and pressing 1")

	// N opens the new readout form, which refuses a text over 2,000,000
	// characters and keeps what was typed.
	e.e2ePressKey("n")
	e.e2eWait("the new readout form after pressing n", `document.querySelector('form[data-form="readout"] textarea[name="text"]')`, e2eStepTimeout)
	tabs := len(e.e2eTabs())
	e.e2eFill(`form[data-form="readout"] [name="title"]`, "Too long")
	// 2,000,001 characters through Input.insertText take seconds; set the
	// value as a paste would and fire input.
	e2eEval[bool](e, `(() => {
      const el = document.querySelector('form[data-form="readout"] textarea[name="text"]');
      el.focus();
      el.value = ('x'.repeat(99) + '\n').repeat(20000) + 'x';
      el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
      return true;
    })()`)
	e.e2eClick(`form[data-form="readout"] button[type="submit"]`)
	e.e2eWait("the form to refuse 2,000,001 characters with a message in [role=alert]",
		`(() => { const a = document.querySelector('[data-form="readout"] [role="alert"]'); return a && a.textContent.trim() !== ''; })()`, 3*e2eStepTimeout)
	if n := e2eEval[int](e, `(document.querySelector('form[data-form="readout"] textarea[name="text"]') || {value: ''}).value.length`); n != 2_000_001 {
		e.e2eErrorf("after refusing a long text the form should keep it: the text field holds %d characters, want 2000001", n)
	}
	if n := len(e.e2eTabs()); n != tabs {
		e.e2eErrorf("a readout over the limit was added anyway: %d tabs, want %d", n, tabs)
	}

	doc, _, filename := e.e2eExport()
	e2eCheckExport(t, doc, filename)
	for _, a := range doc.Annotations {
		if a.ID == factID {
			t.Errorf("the deleted annotation %s is still exported", factID)
		}
		if a.ID == newID && a.Author != author {
			t.Errorf("the new annotation's author = %q, want the remembered %q", a.Author, author)
		}
	}

	// The author is remembered by the browser across a reload.
	e.e2eLoad()
	if got := e.e2eFieldValue(`[data-panel="annotation"] input[name="author"]`); got != author {
		t.Errorf("after a reload the author field = %q, want the remembered %q", got, author)
	}
}
