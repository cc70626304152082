package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// e2eVFirst and e2eVSecond are two versions of one readout: the second
// drops a paragraph, changes a figure and adds a sentence.
const (
	e2eVFirst = "The two presidents spoke by telephone on Tuesday for ninety minutes.\n\n" +
		"They discussed the situation in the region and agreed to continue contacts.\n\n" +
		"Вопросы торговли обсуждались подробно. The Russian side stressed that 1,200 prisoners had been exchanged.\n\n" +
		"Both leaders expressed satisfaction with the constructive tone of the conversation."
	e2eVSecond = "The two presidents spoke by telephone on Tuesday for eighty minutes.\n\n" +
		"Вопросы торговли обсуждались подробно. The Russian side stressed that 1,200 prisoners had been exchanged. A joint statement will follow.\n\n" +
		"Both leaders expressed satisfaction with the constructive tone of the conversation."
)

// e2eVOrphans returns the ids of the orphans listed for the readout.
func (e *e2eEnv) e2eVOrphans() []string {
	e.t.Helper()
	return e2eEval[[]string](e, `[...document.querySelectorAll('[data-orphan-id]')].map(el => el.getAttribute('data-orphan-id'))`)
}

// e2eVExport exports and checks every annotation against the text its
// offsets refer to (an orphan's: the version named by anchoredTo).
func (e *e2eEnv) e2eVExport(readoutID string) (*e2eExportDoc, []byte, map[string][]e2eVVersion) {
	e.t.Helper()
	doc, raw, _ := e.e2eExport()
	versions := map[string][]e2eVVersion{}
	for _, r := range doc.Readouts {
		if r.Versions != "" {
			var vs []e2eVVersion
			if err := json.Unmarshal([]byte(r.Versions), &vs); err != nil {
				e.e2eFatalf("readout %s: versions: %v", r.ID, err)
			}
			versions[r.ID] = vs
		}
	}
	for _, a := range doc.Annotations {
		r := e2eFindReadout(doc, a.ReadoutID)
		text := r.Text
		if a.Orphan {
			i := slices.IndexFunc(versions[r.ID], func(v e2eVVersion) bool { return v.TextSha256 == a.AnchoredTo })
			if i < 0 {
				e.e2eErrorf("orphan %s names version %q, which the file does not hold", a.ID, a.AnchoredTo)
				continue
			}
			text = versions[r.ID][i].Text
		}
		if got := e2eSlice(text, a.Start, a.End); got != a.Exact {
			e.e2eErrorf("annotation %s (orphan %v): its text at %d-%d is %q, its exact %q", a.ID, a.Orphan, a.Start, a.End, got, a.Exact)
		}
	}
	return doc, raw, versions
}

type e2eVVersion struct {
	Text       string `json:"text"`
	TextSha256 string `json:"textSha256"`
	AddedAt    string `json:"addedAt"`
	URL        string `json:"url"`
}

// TestE2EVersions: paste a readout, annotate six spans and a point, add an
// edited version; the changes are highlighted, the annotations follow,
// the one on the removed paragraph is an orphan; the export carries the
// history; placing the orphan works; the file opens again with its history.
func TestE2EVersions(t *testing.T) {
	e := e2eStart(t)
	e.e2eLoad()
	id := e.e2eAddReadout(map[string]string{"title": "Versions e2e", "source": "e2e"}, e2eVFirst)

	type span struct{ quote, tag string }
	spans := []span{
		{"spoke by telephone", "fact"},
		{"for ninety minutes", "framing"},
		{"agreed to continue contacts", "framing"},
		{"Вопросы торговли", "fact"},
		{"1,200 prisoners had been exchanged", "fact"},
		{"constructive tone", "framing"},
	}
	keys := map[string]string{"fact": "1", "framing": "2", "omission": "3"}
	ids := map[string]string{}
	for _, s := range spans {
		before := e2eIDs(e.e2eList())
		start := e2eCP(t, e2eVFirst, s.quote)
		if sel := e.e2eSelectRange(id, start, start+len([]rune(s.quote))); sel != s.quote {
			e.e2eFatalf("test harness: selected %q, want %q", sel, s.quote)
		}
		e.e2ePressKey(keys[s.tag])
		ids[s.quote] = e.e2eWaitNewAnnotation(before, s.tag, "tagging "+s.quote)
	}
	before := e2eIDs(e.e2eList())
	e.e2eCaret(id, e2eCP(t, e2eVFirst, "exchanged.")+len("exchanged."))
	e.e2ePressKey("3")
	pointID := e.e2eWaitNewAnnotation(before, "omission", "a caret and 3")

	// The new version.
	e.e2eClick(`button[data-action="new-version"]`)
	e.e2eWait("the new version form", `document.querySelector('form[data-form="version"] textarea[name="text"]')`, e2eStepTimeout)
	e.e2eType(`form[data-form="version"] textarea[name="text"]`, strings.ReplaceAll(e2eVSecond, "\n", "\r\n"))
	e.e2eFill(`form[data-form="version"] [name="url"]`, "https://example.org/v2")
	e.e2eClick(`form[data-form="version"] button[type="submit"]`)
	e.e2eWait("the readout to show the new version", e2eJS(`(id, want) => {
      const el = document.querySelector('[data-readout-id="' + CSS.escape(id) + '"]');
      return el && el.textContent === want && !document.querySelector('form[data-form="version"]');
    }`, id, e2eVSecond), e2eStepTimeout,
		`(document.querySelector('[data-form="version"] [role="alert"]') || {}).textContent`,
		`[...document.querySelectorAll('[role="status"]')].map(el => el.textContent).join(' | ')`)

	// What changed: inserted text highlighted, removals marked, a summary.
	e.e2eWait("inserted passages painted as fc-diff-ins", `CSS.highlights.has('fc-diff-ins') && CSS.highlights.get('fc-diff-ins').size > 0`, e2eStepTimeout)
	inserted := e2eEval[[]string](e, `[...CSS.highlights.get('fc-diff-ins')].map(r => r.toString())`)
	if !slices.ContainsFunc(inserted, func(s string) bool { return strings.Contains(s, "A joint statement will follow.") }) {
		e.e2eErrorf("the added sentence is not among the inserted passages: %q", inserted)
	}
	if n := e2eEval[int](e, `document.querySelectorAll('.fc-diff-del[data-diff-del]').length`); n < 1 {
		e.e2eErrorf("no marker where text was removed")
	}
	summary := e2eEval[string](e, e2eJS(`(id) => (document.querySelector('[data-version-summary="' + CSS.escape(id) + '"]') || {}).textContent || ''`, id))
	if !strings.Contains(summary, "passages changed") || !strings.Contains(summary, "characters removed") || !strings.Contains(summary, "1 orphan") {
		e.e2eErrorf("summary line %q: want passages changed, characters removed and 1 orphan", summary)
	}
	if got := e.e2eReadoutText(id); got != e2eVSecond {
		e.e2eErrorf("with change marks, the readout's textContent must still be the text:\n got %q\nwant %q", got, e2eVSecond)
	}

	// Annotations followed; one orphan.
	orphans := e.e2eVOrphans()
	if !slices.Equal(orphans, []string{ids["agreed to continue contacts"]}) {
		e.e2eFatalf("orphans %v, want only the annotation on the removed paragraph %s", orphans, ids["agreed to continue contacts"])
	}
	listed := e2eIDs(e.e2eList())
	for q, aid := range ids {
		if aid != orphans[0] && !listed[aid] {
			e.e2eErrorf("%q (%s) is not in the annotation list after the new version", q, aid)
		}
	}
	if !listed[pointID] {
		e.e2eErrorf("the omission point is not in the list after the new version")
	}

	doc, raw, versions := e.e2eVExport(id)
	vs := versions[id]
	if len(vs) != 1 || vs[0].Text != e2eVFirst {
		e.e2eFatalf("the export's versions of the readout: %+v, want the first text", vs)
	}
	for _, a := range doc.Annotations {
		switch a.ID {
		case ids["for ninety minutes"]:
			if a.Exact != "for eighty minutes" || a.PreviousExact != "for ninety minutes" {
				e.e2eErrorf("the changed quote: exact %q, previousExact %q", a.Exact, a.PreviousExact)
			}
		case ids["agreed to continue contacts"]:
			if !a.Orphan || a.Exact != "agreed to continue contacts" {
				e.e2eErrorf("the orphan in the export: %+v", a)
			}
		}
	}

	// Tag this change: a click on the removal marker, then one button.
	before = e2eIDs(e.e2eList())
	e.e2eClick(`.fc-diff-del[data-diff-del][title*="agreed to continue contacts"]`)
	e.e2eWait("the Tag this change button", `document.querySelector('button[data-action="tag-change"]')`, e2eStepTimeout)
	e.e2eClick(`button[data-action="tag-change"]`)
	changeID := e.e2eWaitNewAnnotation(before, "omission", "Tag this change")
	e.e2eWait("the new omission's note to hold the removed text", `(() => { const el = document.querySelector('[data-panel="annotation"] textarea, [data-panel="annotation"] [name="note"]'); return el && el.value.includes('agreed to continue contacts'); })()`, e2eStepTimeout,
		`(document.querySelector('[data-panel="annotation"]') || {}).outerHTML`)

	// Tag this change, for added text: a click in the inserted sentence,
	// then one button; a framing span over the added text.
	before = e2eIDs(e.e2eList())
	added := e2eCP(t, e2eVSecond, "A joint statement will follow.")
	e.e2eClickText(id, added+2, added+8)
	e.e2eWait("the Tag this change button for the added text", `document.querySelector('button[data-action="tag-change"][data-change="inserted"]')`, e2eStepTimeout)
	e.e2eClick(`button[data-action="tag-change"][data-change="inserted"]`)
	insID := e.e2eWaitNewAnnotation(before, "framing", "Tag this change on added text")

	// The quote-changed mark in the panel.
	e.e2eClick(`[data-annotation-list] [data-select="` + ids["for ninety minutes"] + `"]`)
	e.e2eWait("the quote-changed mark with the old quote", `(() => { const el = document.querySelector('[data-panel="annotation"] [data-field="quote-changed"]'); return el && el.textContent.includes('for ninety minutes'); })()`, e2eStepTimeout)

	// Place the orphan on the new sentence.
	q := "A joint statement will follow."
	start := e2eCP(t, e2eVSecond, q)
	if sel := e.e2eSelectRange(id, start, start+len([]rune(q))); sel != q {
		e.e2eFatalf("test harness: selected %q", sel)
	}
	e.e2eClick(`[data-orphan-id] button[data-action="place-orphan"]`)
	e.e2eWait("the orphan to be placed", e2eJS(`(oid) => !document.querySelector('[data-orphan-id]') &&
      !!document.querySelector('[data-annotation-list] [data-annotation-id="' + oid + '"]')`, orphans[0]), e2eStepTimeout,
		`[...document.querySelectorAll('[role="status"], [role="alert"]')].map(el => el.textContent).join(' | ')`)
	doc2, _, _ := e.e2eVExport(id)
	if a := e2eFindAnn(doc2, changeID); a == nil || a.Start != a.End || !strings.Contains(a.Note, "They discussed the situation") {
		e.e2eErrorf("the tagged change in the export: %+v", a)
	}
	if a := e2eFindAnn(doc2, insID); a == nil || a.Tag != "framing" || !strings.Contains(a.Exact, "A joint statement will follow") || a.Note != "Added in the new version." {
		e.e2eErrorf("the tagged insertion in the export: %+v", a)
	}
	if a := e2eFindAnn(doc2, orphans[0]); a == nil || a.Orphan || a.Exact != q || a.PreviousExact != "agreed to continue contacts" {
		e.e2eErrorf("the placed orphan in the export: %+v", a)
	}

	// The first export (with its orphan) opens again as a new workspace,
	// history intact.
	oldTabs := e2ePTabIDs(e)
	e2ePImport(e, e2ePWriteFile(t, "versions.framecheck.json", raw))
	e.e2eWait(`the import dialog`, `document.querySelector('[data-panel="import"] button[data-action="import-new"]')`, e2eStepTimeout, e2ePImportPanel)
	e2ePClick(e, `[data-panel="import"] button[data-action="import-new"]`)
	e.e2eWait("the imported workspace to open (readout tabs with new ids)", e2eJS(`(old) => {
      const ids = [...document.querySelectorAll('button[data-readout-tab]')].map(b => b.getAttribute('data-readout-tab'));
      return ids.length === old.length && ids.every(id => !old.includes(id)) && !document.querySelector('[data-panel="import"]');
    }`, oldTabs), e2eStepTimeout, e2ePImportPanel)
	var newID string
	for _, tb := range e.e2eTabs() {
		if strings.Contains(tb.Text, "Versions e2e") {
			newID = tb.ID
		}
	}
	if newID == "" {
		e.e2eFatalf("the imported workspace has no readout titled Versions e2e: %+v", e.e2eTabs())
	}
	e.e2eClick(`button[data-readout-tab="` + newID + `"]`)
	e.e2eWait("the imported readout with its orphan", `document.querySelectorAll('[data-orphan-id]').length === 1`, e2eStepTimeout)
	doc3, _, versions3 := e.e2eVExport(newID)
	if vs3 := versions3[newID]; len(vs3) != 1 || vs3[0].Text != e2eVFirst || vs3[0].AddedAt != vs[0].AddedAt || vs3[0].URL != vs[0].URL {
		e.e2eErrorf("versions after the import: %+v, want %+v", vs3, vs)
	}
	_, a1 := e2eCanon(doc)
	_, a3 := e2eCanon(doc3)
	if len(a1) != len(a3) {
		e.e2eErrorf("%d annotations after the import, %d before", len(a3), len(a1))
	}
	var orph, prev int
	for _, a := range doc3.Annotations {
		if a.Orphan {
			orph++
		}
		if a.PreviousExact == "for ninety minutes" {
			prev++
		}
	}
	if orph != 1 || prev != 1 {
		e.e2eErrorf("after the import: %d orphans, %d changed quotes; want 1 and 1", orph, prev)
	}

	// Pasting a readout with the same title and source asks: new version?
	e.e2eClick(`button[data-action="new-readout"]`)
	e.e2eWait("the new readout form", `document.querySelector('form[data-form="readout"] textarea[name="text"]')`, e2eStepTimeout)
	e.e2eFill(`form[data-form="readout"] [name="title"]`, "Versions e2e")
	e.e2eFill(`form[data-form="readout"] [name="source"]`, "e2e")
	third := e2eVSecond + "\n\nA third paragraph."
	e.e2eType(`form[data-form="readout"] textarea[name="text"]`, third)
	tabs := len(e.e2eTabs())
	e.e2eClick(`form[data-form="readout"] button[type="submit"]`)
	e.e2eWait("the question: new version?", `document.querySelector('[data-ask="new-version"] button[data-action="as-new-version"]')`, e2eStepTimeout)
	e.e2eClick(`[data-ask="new-version"] button[data-action="as-new-version"]`)
	e.e2eWait("the third version on screen", e2eJS(`(id, want) => { const el = document.querySelector('[data-readout-id="' + CSS.escape(id) + '"]'); return el && el.textContent === want; }`, newID, third), e2eStepTimeout,
		`[...document.querySelectorAll('[role="status"], [role="alert"]')].map(el => el.textContent).join(' | ')`)
	if n := len(e.e2eTabs()); n != tabs {
		e.e2eErrorf("a new version added a readout tab: %d tabs, were %d", n, tabs)
	}
	if _, _, v4 := e.e2eVExport(newID); len(v4[newID]) != 2 {
		e.e2eErrorf("after the third version, %d earlier versions, want 2", len(v4[newID]))
	}

	// The version menu: the changes between the first two versions, shown
	// read-only; then from the first to the current text, on the text.
	e.e2eSetSelect(`[data-menu="versions"] select[name="version-from"]`, "0")
	e.e2eSetSelect(`[data-menu="versions"] select[name="version-to"]`, "1")
	e.e2eWait("version 2 shown with the changes from version 1", `(() => {
      const v = document.querySelector('[data-version-view="0-1"]');
      return v && [...v.querySelectorAll('del')].some(d => d.textContent.includes('They discussed')) &&
        [...v.querySelectorAll('ins')].some(i => i.textContent.includes('A joint statement'));
    })()`, e2eStepTimeout, `(document.querySelector('[data-menu="versions"]') || {}).outerHTML`)
	e.e2eSetSelect(`[data-menu="versions"] select[name="version-to"]`, "2")
	e.e2eWait("the changes since version 1 painted on the current text", e2eJS(`(id) => {
      const s = document.querySelector('[data-version-summary="' + CSS.escape(id) + '"]');
      return s && s.textContent.includes('since version 1') && !document.querySelector('[data-version-view]') &&
        [...CSS.highlights.get('fc-diff-ins')].some(r => r.toString().includes('A third paragraph'));
    }`, newID), e2eStepTimeout, `(document.querySelector('[data-menu="versions"]') || {}).outerHTML`)
}
