package e2e

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// firstText and secondText are two versions of one readout: the second
// drops a paragraph, changes a figure and adds a sentence.
const (
	firstText = "The two presidents spoke by telephone on Tuesday for ninety minutes.\n\n" +
		"They discussed the situation in the region and agreed to continue contacts.\n\n" +
		"Вопросы торговли обсуждались подробно. The Russian side stressed that 1,200 prisoners had been exchanged.\n\n" +
		"Both leaders expressed satisfaction with the constructive tone of the conversation."
	secondText = "The two presidents spoke by telephone on Tuesday for eighty minutes.\n\n" +
		"Вопросы торговли обсуждались подробно. The Russian side stressed that 1,200 prisoners had been exchanged. A joint statement will follow.\n\n" +
		"Both leaders expressed satisfaction with the constructive tone of the conversation."
)

// orphans returns the ids of the orphans listed for the readout.
func (e *env) orphans() []string {
	e.t.Helper()
	return eval[[]string](e, `[...document.querySelectorAll('[data-orphan-id]')].map(el => el.getAttribute('data-orphan-id'))`)
}

// exportVersions exports and checks every annotation against the text its
// offsets refer to (an orphan's: the version named by anchoredTo).
func (e *env) exportVersions(readoutID string) (*exportDoc, []byte, map[string][]versionEntry) {
	e.t.Helper()
	doc, raw, _ := e.export()
	versions := map[string][]versionEntry{}
	for _, r := range doc.Readouts {
		if r.Versions != "" {
			var vs []versionEntry
			if err := json.Unmarshal([]byte(r.Versions), &vs); err != nil {
				e.fatalf("readout %s: versions: %v", r.ID, err)
			}
			versions[r.ID] = vs
		}
	}
	for _, a := range doc.Annotations {
		r := findReadout(doc, a.ReadoutID)
		text := r.Text
		if a.Orphan {
			i := slices.IndexFunc(versions[r.ID], func(v versionEntry) bool { return v.TextSha256 == a.AnchoredTo })
			if i < 0 {
				e.errorf("orphan %s names version %q, which the file does not hold", a.ID, a.AnchoredTo)
				continue
			}
			text = versions[r.ID][i].Text
		}
		if got := cpSlice(text, a.Start, a.End); got != a.Exact {
			e.errorf("annotation %s (orphan %v): its text at %d-%d is %q, its exact %q", a.ID, a.Orphan, a.Start, a.End, got, a.Exact)
		}
	}
	return doc, raw, versions
}

type versionEntry struct {
	Text       string `json:"text"`
	TextSha256 string `json:"textSha256"`
	AddedAt    string `json:"addedAt"`
	URL        string `json:"url"`
}

// TestNewVersionCarriesAnnotationsOver: paste a readout, annotate six spans and a point, add an
// edited version; the changes are highlighted, the annotations follow,
// the one on the removed paragraph is an orphan; the export carries the
// history; placing the orphan works; the file opens again with its history.
func TestNewVersionCarriesAnnotationsOver(t *testing.T) {
	e := start(t)
	e.load()
	id := e.addReadout(map[string]string{"title": "Versions e2e", "source": "e2e"}, firstText)

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
		before := idsOf(e.list())
		start := cpOf(t, firstText, s.quote)
		if sel := e.selectRange(id, start, start+len([]rune(s.quote))); sel != s.quote {
			e.fatalf("test harness: selected %q, want %q", sel, s.quote)
		}
		e.pressKey(keys[s.tag])
		ids[s.quote] = e.waitNewAnnotation(before, s.tag, "tagging "+s.quote)
	}
	before := idsOf(e.list())
	e.caret(id, cpOf(t, firstText, "exchanged.")+len("exchanged."))
	e.pressKey("3")
	pointID := e.waitNewAnnotation(before, "omission", "a caret and 3")

	// The new version.
	e.click(`button[data-action="new-version"]`)
	e.wait("the new version form", `document.querySelector('form[data-form="version"] textarea[name="text"]')`, stepTimeout)
	e.typeText(`form[data-form="version"] textarea[name="text"]`, strings.ReplaceAll(secondText, "\n", "\r\n"))
	e.fill(`form[data-form="version"] [name="url"]`, "https://example.org/v2")
	e.click(`form[data-form="version"] button[type="submit"]`)
	e.wait("the readout to show the new version", js(`(id, want) => {
      const el = document.querySelector('[data-readout-id="' + CSS.escape(id) + '"]');
      return el && el.textContent === want && !document.querySelector('form[data-form="version"]');
    }`, id, secondText), stepTimeout,
		`(document.querySelector('[data-form="version"] [role="alert"]') || {}).textContent`,
		`[...document.querySelectorAll('[role="status"]')].map(el => el.textContent).join(' | ')`)

	// What changed: inserted text highlighted, removals marked, a summary.
	e.wait("inserted passages painted as fc-diff-ins", `CSS.highlights.has('fc-diff-ins') && CSS.highlights.get('fc-diff-ins').size > 0`, stepTimeout)
	inserted := eval[[]string](e, `[...CSS.highlights.get('fc-diff-ins')].map(r => r.toString())`)
	if !slices.ContainsFunc(inserted, func(s string) bool { return strings.Contains(s, "A joint statement will follow.") }) {
		e.errorf("the added sentence is not among the inserted passages: %q", inserted)
	}
	if n := eval[int](e, `document.querySelectorAll('.fc-diff-del[data-diff-del]').length`); n < 1 {
		e.errorf("no marker where text was removed")
	}
	summary := eval[string](e, js(`(id) => (document.querySelector('[data-version-summary="' + CSS.escape(id) + '"]') || {}).textContent || ''`, id))
	if !strings.Contains(summary, "passages changed") || !strings.Contains(summary, "characters removed") || !strings.Contains(summary, "1 orphan") {
		e.errorf("summary line %q: want passages changed, characters removed and 1 orphan", summary)
	}
	if got := e.readoutText(id); got != secondText {
		e.errorf("with change marks, the readout's textContent must still be the text:\n got %q\nwant %q", got, secondText)
	}

	// Annotations followed; one orphan.
	orphans := e.orphans()
	if !slices.Equal(orphans, []string{ids["agreed to continue contacts"]}) {
		e.fatalf("orphans %v, want only the annotation on the removed paragraph %s", orphans, ids["agreed to continue contacts"])
	}
	listed := idsOf(e.list())
	for q, aid := range ids {
		if aid != orphans[0] && !listed[aid] {
			e.errorf("%q (%s) is not in the annotation list after the new version", q, aid)
		}
	}
	if !listed[pointID] {
		e.errorf("the omission point is not in the list after the new version")
	}

	doc, raw, versions := e.exportVersions(id)
	vs := versions[id]
	if len(vs) != 1 || vs[0].Text != firstText {
		e.fatalf("the export's versions of the readout: %+v, want the first text", vs)
	}
	for _, a := range doc.Annotations {
		switch a.ID {
		case ids["for ninety minutes"]:
			if a.Exact != "for eighty minutes" || a.PreviousExact != "for ninety minutes" {
				e.errorf("the changed quote: exact %q, previousExact %q", a.Exact, a.PreviousExact)
			}
		case ids["agreed to continue contacts"]:
			if !a.Orphan || a.Exact != "agreed to continue contacts" {
				e.errorf("the orphan in the export: %+v", a)
			}
		}
	}

	// Tag this change: a click on the removal marker, then one button.
	before = idsOf(e.list())
	e.click(`.fc-diff-del[data-diff-del][title*="agreed to continue contacts"]`)
	e.wait("the Tag this change button", `document.querySelector('button[data-action="tag-change"]')`, stepTimeout)
	e.click(`button[data-action="tag-change"]`)
	changeID := e.waitNewAnnotation(before, "omission", "Tag this change")
	e.wait("the new omission's note to hold the removed text", `(() => { const el = document.querySelector('[data-panel="annotation"] textarea, [data-panel="annotation"] [name="note"]'); return el && el.value.includes('agreed to continue contacts'); })()`, stepTimeout,
		`(document.querySelector('[data-panel="annotation"]') || {}).outerHTML`)

	// Tag this change, for added text: a click in the inserted sentence,
	// then one button; a framing span over the added text.
	before = idsOf(e.list())
	added := cpOf(t, secondText, "A joint statement will follow.")
	e.clickText(id, added+2, added+8)
	e.wait("the Tag this change button for the added text", `document.querySelector('button[data-action="tag-change"][data-change="inserted"]')`, stepTimeout)
	e.click(`button[data-action="tag-change"][data-change="inserted"]`)
	insID := e.waitNewAnnotation(before, "framing", "Tag this change on added text")

	// The quote-changed mark in the panel.
	e.click(`[data-annotation-list] [data-select="` + ids["for ninety minutes"] + `"]`)
	e.wait("the quote-changed mark with the old quote", `(() => { const el = document.querySelector('[data-panel="annotation"] [data-field="quote-changed"]'); return el && el.textContent.includes('for ninety minutes'); })()`, stepTimeout)

	// Place the orphan on the new sentence.
	q := "A joint statement will follow."
	start := cpOf(t, secondText, q)
	if sel := e.selectRange(id, start, start+len([]rune(q))); sel != q {
		e.fatalf("test harness: selected %q", sel)
	}
	e.click(`[data-orphan-id] button[data-action="place-orphan"]`)
	e.wait("the orphan to be placed", js(`(oid) => !document.querySelector('[data-orphan-id]') &&
      !!document.querySelector('[data-annotation-list] [data-annotation-id="' + oid + '"]')`, orphans[0]), stepTimeout,
		`[...document.querySelectorAll('[role="status"], [role="alert"]')].map(el => el.textContent).join(' | ')`)
	doc2, _, _ := e.exportVersions(id)
	if a := findAnn(doc2, changeID); a == nil || a.Start != a.End || !strings.Contains(a.Note, "They discussed the situation") {
		e.errorf("the tagged change in the export: %+v", a)
	}
	if a := findAnn(doc2, insID); a == nil || a.Tag != "framing" || !strings.Contains(a.Exact, "A joint statement will follow") || a.Note != "Added in the new version." {
		e.errorf("the tagged insertion in the export: %+v", a)
	}
	if a := findAnn(doc2, orphans[0]); a == nil || a.Orphan || a.Exact != q || a.PreviousExact != "agreed to continue contacts" {
		e.errorf("the placed orphan in the export: %+v", a)
	}

	// The first export (with its orphan) opens again as a new workspace,
	// history intact.
	oldTabs := tabIDs(e)
	importAsNew(e, writeFile(t, "versions.framecheck.json", raw))
	e.wait("the imported workspace to open (readout tabs with new ids)", js(`(old) => {
      const ids = [...document.querySelectorAll('button[data-readout-tab]')].map(b => b.getAttribute('data-readout-tab'));
      return ids.length === old.length && ids.every(id => !old.includes(id)) && !document.querySelector('[data-panel="import"]');
    }`, oldTabs), stepTimeout, importPanel)
	var newID string
	for _, tb := range e.tabs() {
		if strings.Contains(tb.Text, "Versions e2e") {
			newID = tb.ID
		}
	}
	if newID == "" {
		e.fatalf("the imported workspace has no readout titled Versions e2e: %+v", e.tabs())
	}
	e.click(`button[data-readout-tab="` + newID + `"]`)
	e.wait("the imported readout with its orphan", `document.querySelectorAll('[data-orphan-id]').length === 1`, stepTimeout)
	doc3, _, versions3 := e.exportVersions(newID)
	if vs3 := versions3[newID]; len(vs3) != 1 || vs3[0].Text != firstText || vs3[0].AddedAt != vs[0].AddedAt || vs3[0].URL != vs[0].URL {
		e.errorf("versions after the import: %+v, want %+v", vs3, vs)
	}
	_, a1 := canon(doc)
	_, a3 := canon(doc3)
	if len(a1) != len(a3) {
		e.errorf("%d annotations after the import, %d before", len(a3), len(a1))
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
		e.errorf("after the import: %d orphans, %d changed quotes; want 1 and 1", orph, prev)
	}

	// Pasting a readout with the same title and source asks: new version?
	e.click(`button[data-action="new-readout"]`)
	e.wait("the new readout form", `document.querySelector('form[data-form="readout"] textarea[name="text"]')`, stepTimeout)
	e.fill(`form[data-form="readout"] [name="title"]`, "Versions e2e")
	e.fill(`form[data-form="readout"] [name="source"]`, "e2e")
	third := secondText + "\n\nA third paragraph."
	e.typeText(`form[data-form="readout"] textarea[name="text"]`, third)
	tabs := len(e.tabs())
	e.click(`form[data-form="readout"] button[type="submit"]`)
	e.wait("the question: new version?", `document.querySelector('[data-ask="new-version"] button[data-action="as-new-version"]')`, stepTimeout)
	e.click(`[data-ask="new-version"] button[data-action="as-new-version"]`)
	e.wait("the third version on screen", js(`(id, want) => { const el = document.querySelector('[data-readout-id="' + CSS.escape(id) + '"]'); return el && el.textContent === want; }`, newID, third), stepTimeout,
		`[...document.querySelectorAll('[role="status"], [role="alert"]')].map(el => el.textContent).join(' | ')`)
	if n := len(e.tabs()); n != tabs {
		e.errorf("a new version added a readout tab: %d tabs, were %d", n, tabs)
	}
	if _, _, v4 := e.exportVersions(newID); len(v4[newID]) != 2 {
		e.errorf("after the third version, %d earlier versions, want 2", len(v4[newID]))
	}

	// The version menu: the changes between the first two versions, shown
	// read-only; then from the first to the current text, on the text.
	e.setSelect(`[data-menu="versions"] select[name="version-from"]`, "0")
	e.setSelect(`[data-menu="versions"] select[name="version-to"]`, "1")
	e.wait("version 2 shown with the changes from version 1", `(() => {
      const v = document.querySelector('[data-version-view="0-1"]');
      return v && [...v.querySelectorAll('del')].some(d => d.textContent.includes('They discussed')) &&
        [...v.querySelectorAll('ins')].some(i => i.textContent.includes('A joint statement'));
    })()`, stepTimeout, `(document.querySelector('[data-menu="versions"]') || {}).outerHTML`)
	e.setSelect(`[data-menu="versions"] select[name="version-to"]`, "2")
	e.wait("the changes since version 1 painted on the current text", js(`(id) => {
      const s = document.querySelector('[data-version-summary="' + CSS.escape(id) + '"]');
      return s && s.textContent.includes('since version 1') && !document.querySelector('[data-version-view]') &&
        [...CSS.highlights.get('fc-diff-ins')].some(r => r.toString().includes('A third paragraph'));
    }`, newID), stepTimeout, `(document.querySelector('[data-menu="versions"]') || {}).outerHTML`)
}
