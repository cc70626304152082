package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// Issue #14 in Chromium: check two claims of the sample (one rated, one
// unverifiable) with a source, change the rating scale, export ClaimReview
// JSON-LD and the HTML snippet, then re-import the framecheck export with
// the checks intact.

// e2eVClaim is the paraphrased claim typed for the rated check: it would
// close the script element of the snippet if written unescaped.
const e2eVClaim = `The talks were "constructive" </script><script>alert(1)</script>`

// e2eVCheckDoc is what the test reads of a framecheck export's checks.
type e2eVCheckDoc struct {
	Workspace struct {
		RatingScale []struct {
			ID, Name, Color, Symbol string
			Unscored                bool
		} `json:"ratingScale"`
		ClaimReview struct {
			PublisherName, PublisherURL, ArticleURL string
		} `json:"claimReview"`
	} `json:"workspace"`
	Readouts []struct {
		ID, URL, PublishedAt string
	} `json:"readouts"`
	Annotations []struct {
		ID, Tag, Exact string
		Check          *struct {
			Verdict, Claim, Claimant string
			Evidence                 []struct{ URL, Title string }
			CheckedAt                string
		} `json:"check"`
	} `json:"annotations"`
}

func e2eVParse(t *testing.T, raw []byte) e2eVCheckDoc {
	t.Helper()
	var d e2eVCheckDoc
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatalf("the framecheck export is not JSON: %v", err)
	}
	return d
}

// e2eVSelect clicks an annotation's list entry and waits for the Check
// section to show it.
func e2eVSelect(e *e2eEnv, id string) {
	e.t.Helper()
	e2ePClick(e, `[data-annotation-list] button[data-select="`+id+`"]`)
	e.e2eWait("the panel to show annotation "+id+" with its Check section",
		e2eJS(`(id) => !!document.querySelector('[data-panel="annotation"] [data-annotation="' + id + '"] [data-panel="check"] select[name="verdict"]')`, id),
		e2eStepTimeout, `(document.querySelector('[data-panel="annotation"]') || {}).outerHTML`)
}

// e2eVOption returns the value of the option of select sel whose text
// ends with name.
func e2eVOption(e *e2eEnv, sel, name string) string {
	e.t.Helper()
	v := e2eEval[string](e, e2eJS(`(sel, name) => {
      const el = document.querySelector(sel);
      if (!el) return '';
      const o = [...el.options].find(o => o.textContent.trim().endsWith(' ' + name));
      return o ? o.value : '';
    }`, sel, name))
	if v == "" {
		e.e2eFatalf("%s has no option named %q: %s", sel, name, e2eEval[string](e, e2eJS(`(sel) => (document.querySelector(sel) || {}).outerHTML`, sel)))
	}
	return v
}

// e2eVBlur moves the focus out of a field so its change event fires.
func e2eVBlur(e *e2eEnv) {
	e.t.Helper()
	e2eEval[bool](e, `(document.activeElement && document.activeElement.blur(), true)`)
}

func TestE2EVerdictsClaimReview(t *testing.T) {
	e := e2eStart(t)
	e.e2eContent(e2eVClaim)
	e.e2eLoad()
	tabs := e.e2eTabs()
	if len(tabs) != 2 || !strings.Contains(tabs[0].Text, "Kremlin readout") {
		e.e2eFatalf("want the sample's two tabs, the Kremlin readout first; got %+v", tabs)
	}
	kremlin := tabs[0].ID
	var fact, framing e2eEntry
	for _, en := range e.e2eList() {
		if en.Tag == "fact" && fact.ID == "" {
			fact = en
		}
		if en.Tag == "framing" && framing.ID == "" {
			framing = en
		}
	}
	if fact.ID == "" || framing.ID == "" {
		e.e2eFatalf("the sample's Kremlin readout should have a fact and a framing annotation: %+v", e.e2eList())
	}

	// 1. The rated claim: V focuses the verdict; claim and claimant come
	// prefilled.
	e2eVSelect(e, fact.ID)
	e.e2ePressKey("v")
	e.e2eWait("V to focus the verdict", `document.activeElement && document.activeElement.matches('[data-panel="check"] select[name="verdict"]')`,
		e2eStepTimeout, `document.activeElement ? document.activeElement.outerHTML : 'nothing focused'`)
	exact := e2eEval[string](e, `document.querySelector('[data-panel="annotation"] .fc-exact').textContent`)
	if got := e2eEval[string](e, `document.querySelector('[data-panel="check"] textarea[name="claim"]').value`); got != strings.TrimSpace(exact) {
		t.Errorf("the claim is prefilled with %q, want the quote %q", got, exact)
	}
	if got := e2eEval[string](e, `document.querySelector('[data-panel="check"] input[name="claimant"]').value`); got != "Kremlin press service (Telegram)" {
		t.Errorf("the claimant is prefilled with %q, want the readout's source", got)
	}
	verdictSel := `[data-panel="check"] select[name="verdict"]`
	e.e2eSetSelect(verdictSel, e2eVOption(e, verdictSel, "Mostly false"))
	e.e2eWait("the Mostly false badge in the list", e2eJS(`(id) => {
      const el = document.querySelector('[data-annotation-id="' + id + '"] [data-verdict]');
      return el && el.dataset.verdict === 'Mostly false';
    }`, fact.ID), e2eStepTimeout, `(document.querySelector('[data-annotation-list]') || {}).outerHTML`)
	claim := `[data-panel="check"] textarea[name="claim"]`
	e.e2eClick(claim)
	e.e2eType(claim, e2eVClaim)
	e2eVBlur(e)
	e.e2eWait("the claim to be saved", e2eJS(`(want) => document.querySelector('[data-panel="check"] textarea[name="claim"]').value === want && /saved/i.test(document.querySelector('.fc-status').textContent)`, e2eVClaim),
		e2eStepTimeout, `document.querySelector('.fc-status').textContent`)
	// Two sources: one https, one javascript: (kept, never a link).
	for i, src := range []struct{ url, title string }{{"https://example.org/transcript", "Transcript"}, {"javascript:alert(1)", "Not a link"}} {
		e2ePClick(e, `[data-panel="check"] button[data-action="add-evidence"]`)
		row := `[data-panel="check"] [data-evidence="` + string(rune('0'+i)) + `"]`
		e.e2eWait("source row "+row, `!!document.querySelector('`+row+`')`, e2eStepTimeout)
		e.e2eClick(row + ` input[name="evidence-url"]`)
		e.e2eType(row+` input[name="evidence-url"]`, src.url)
		e2eVBlur(e)
		e.e2eWait("source "+src.url+" to be saved", e2eJS(`(row, url) => { const el = document.querySelector(row + ' input[name="evidence-url"]'); return el && el.value === url && !!document.querySelector('[data-panel="check"][data-checked="true"]'); }`, row, src.url), e2eStepTimeout)
		e.e2eClick(row + ` input[name="evidence-title"]`)
		e.e2eType(row+` input[name="evidence-title"]`, src.title)
		e2eVBlur(e)
		e.e2eWait("title "+src.title+" to be saved", e2eJS(`(row, title) => { const el = document.querySelector(row + ' input[name="evidence-title"]'); return el && el.value === title; }`, row, src.title), e2eStepTimeout)
	}
	links := e2eEval[[]string](e, `[...document.querySelectorAll('[data-panel="check"] [data-evidence-link]')].map(a => a.getAttribute('href'))`)
	if len(links) != 1 || links[0] != "https://example.org/transcript" {
		t.Errorf("source links %q: want only the https one", links)
	}

	// 2. The unverifiable claim.
	e2eVSelect(e, framing.ID)
	e.e2eSetSelect(verdictSel, e2eVOption(e, verdictSel, "Unverifiable"))
	e.e2eWait("the Unverifiable badge", e2eJS(`(id) => { const el = document.querySelector('[data-annotation-id="' + id + '"] [data-verdict]'); return el && el.dataset.verdict === 'Unverifiable'; }`, framing.ID), e2eStepTimeout)

	// Filter by verdict: only the unverifiable one.
	e.e2eSetSelect(`select[name="verdict-filter"]`, e2eVOption(e, `select[name="verdict-filter"]`, "Unverifiable"))
	e.e2eWait("the verdict filter to leave one entry", `document.querySelectorAll('[data-annotation-list] [data-annotation-id]').length === 1`, e2eStepTimeout)
	e.e2eSetSelect(`select[name="verdict-filter"]`, "any")

	// Verdict counts per readout in the compare summary.
	e2ePClick(e, `button[data-action="compare"]`)
	e.e2eWait("the compare view", `document.querySelector('main.fc-shell').dataset.view === 'compare'`, e2eStepTimeout)
	e2ePClick(e, `button[data-action="summary"]`)
	e.e2eWait("the verdict counts of the summary", `!!document.querySelector('[data-panel="summary"] [data-table="verdicts"]')`, e2eStepTimeout,
		`(document.querySelector('[data-panel="summary"]') || {outerHTML: 'no summary'}).outerHTML`)
	counts := e2eEval[map[string][]string](e, `Object.fromEntries([...document.querySelectorAll('[data-table="verdicts"] tr[data-verdict]')]
      .map(tr => [tr.dataset.verdict, [...tr.querySelectorAll('td')].map(td => td.textContent)]))`)
	for name, want := range map[string][]string{"Mostly false": {"1", "0"}, "Unverifiable": {"1", "0"}, "True": {"0", "0"}} {
		if !slices.Equal(counts[name], want) {
			t.Errorf("summary verdict counts of %s: %q, want %q (Kremlin, White House)", name, counts[name], want)
		}
	}
	e2ePClick(e, `button[data-action="close-summary"]`)
	e2ePClick(e, `button[data-action="compare"]`)
	e.e2eWait("the single view", `document.querySelector('main.fc-shell').dataset.view !== 'compare'`, e2eStepTimeout)
	e2eVSelect(e, framing.ID)

	// 3. Change the scale: rename Mostly false, move Unverifiable first,
	// remove Mixed (unused), and remove False only with a replacement.
	e2ePClick(e, `details[data-panel="scale"] > summary`)
	nameIn := `[data-panel="scale"] li[data-rating="Mostly false"] input[name="rating-name"]`
	e.e2eWait("the scale editor", `!!document.querySelector('`+nameIn+`')`, e2eStepTimeout)
	e.e2eClick(nameIn)
	e.e2eType(nameIn, "Largely false")
	e2eVBlur(e)
	e.e2eWait("the renamed rating", `!!document.querySelector('[data-panel="scale"] li[data-rating="Largely false"]')`, e2eStepTimeout)
	e2ePClick(e, `[data-panel="scale"] li[data-rating="Mixed"] button[data-action="rating-remove"]`)
	e.e2eWait("Mixed to be removed", `!document.querySelector('[data-panel="scale"] li[data-rating="Mixed"]')`, e2eStepTimeout)
	// Largely false is in use: removing it asks for a replacement.
	e2ePClick(e, `[data-panel="scale"] li[data-rating="Largely false"] button[data-action="rating-remove"]`)
	repl := `[data-panel="scale"] select[name="rating-replacement"]`
	e.e2eWait("the replacement choice", `!!document.querySelector('`+repl+`')`, e2eStepTimeout)
	if !e2eEval[bool](e, `!!document.querySelector('[data-panel="scale"] li[data-rating="Largely false"]')`) {
		t.Error("a rating in use was removed before a replacement was chosen")
	}
	e.e2eSetSelect(repl, e2eVOption(e, repl, "False"))
	e.e2eWait("Largely false replaced by False", e2eJS(`(id) => !document.querySelector('[data-panel="scale"] li[data-rating="Largely false"]') &&
      (document.querySelector('[data-annotation-id="' + id + '"] [data-verdict]') || {dataset: {}}).dataset.verdict === 'False'`, fact.ID), e2eStepTimeout)

	// 4. ClaimReview: the dialog asks once for the publisher and the
	// readout's URL.
	e2ePSettle(e)
	jsonld, name := e.e2eDownload("ClaimReview export", func() {
		e2ePClick(e, `details[data-menu="export"] > summary`)
		e.e2eClick(`details[data-menu="export"] button[data-export="claimreview"]`)
		e.e2eWait("the publisher dialog", `!!document.querySelector('[data-panel="publisher"]')`, e2eStepTimeout)
		for sel, v := range map[string]string{
			`input[name="publisher-name"]`:              "School Fact Desk",
			`input[name="publisher-url"]`:               "https://desk.example/",
			`input[name="article-url"]`:                 "https://desk.example/checks/call",
			`input[name="readout-url-` + kremlin + `"]`: "https://example.org/kremlin-readout",
		} {
			e.e2eClick(`[data-panel="publisher"] ` + sel)
			e.e2eType(`[data-panel="publisher"] `+sel, v)
		}
		e.e2eClick(`[data-panel="publisher"] button[data-action="publisher-save"]`)
	})
	if !strings.HasSuffix(name, ".claimreview.jsonld") {
		t.Errorf("ClaimReview file name %q", name)
	}
	var reviews []map[string]any
	if err := json.Unmarshal(jsonld, &reviews); err != nil {
		e.e2eFatalf("the ClaimReview export is not JSON: %v\n%s", err, jsonld)
	}
	if len(reviews) != 2 {
		e.e2eFatalf("%d ClaimReviews, want 2:\n%s", len(reviews), jsonld)
	}
	byClaim := map[string]map[string]any{}
	for _, r := range reviews {
		byClaim[r["claimReviewed"].(string)] = r
		if r["@context"] != "https://schema.org" || r["@type"] != "ClaimReview" {
			t.Errorf("review type %v %v", r["@context"], r["@type"])
		}
		item := r["itemReviewed"].(map[string]any)
		app := item["appearance"].(map[string]any)
		if app["url"] != "https://example.org/kremlin-readout" || item["datePublished"] != "2026-07-05" {
			t.Errorf("itemReviewed %v", item)
		}
		if author := r["author"].(map[string]any); author["name"] != "School Fact Desk" || author["url"] != "https://desk.example/" {
			t.Errorf("author %v", author)
		}
	}
	rated := byClaim[e2eVClaim]
	if rated == nil {
		e.e2eFatalf("no review of the typed claim %q:\n%s", e2eVClaim, jsonld)
	}
	rr := rated["reviewRating"].(map[string]any)
	// The scale after the edits: True, Mostly true, Misleading, False
	// (Largely false and Mixed removed), Unverifiable outside the order.
	if rr["alternateName"] != "False" || rr["ratingValue"] != 1.0 || rr["bestRating"] != 4.0 || rr["worstRating"] != 1.0 {
		t.Errorf("rated reviewRating %v", rr)
	}
	if rated["url"] != "https://desk.example/checks/call#claim-"+fact.ID {
		t.Errorf("url %v", rated["url"])
	}
	var unv map[string]any
	for c, r := range byClaim {
		if c != e2eVClaim {
			unv = r
		}
	}
	ur := unv["reviewRating"].(map[string]any)
	if ur["alternateName"] != "Unverifiable" || len(ur) != 2 {
		t.Errorf("unverifiable reviewRating %v: want @type and alternateName only", ur)
	}

	// 5. The HTML snippet: not asked again.
	snippet, _ := e.e2eDownload("ClaimReview HTML snippet", func() {
		e2ePClick(e, `details[data-menu="export"] > summary`)
		e.e2eClick(`details[data-menu="export"] button[data-export="claimreview-html"]`)
	})
	if n := bytes.Count(bytes.ToLower(snippet), []byte("</script")); n != 2 {
		t.Errorf("the snippet has %d </script (want 2, one per review): %s", n, snippet)
	}
	if !bytes.Contains(snippet, []byte(`\u003c/script\u003e\u003cscript\u003ealert(1)`)) {
		t.Errorf("the hostile claim is not escaped in the snippet:\n%s", snippet)
	}

	// 6. The framecheck export carries the checks; re-imported as a new
	// workspace, they are intact.
	e2ePSettle(e)
	raw, _ := e.e2eDownload("framecheck export", func() { e.e2eClick(`button[data-action="export-json"]`) })
	before := e2eVParse(t, raw)
	checks := 0
	for _, a := range before.Annotations {
		if a.Check != nil {
			checks++
		}
	}
	if checks != 2 || len(before.Workspace.RatingScale) != 5 || before.Workspace.ClaimReview.PublisherName != "School Fact Desk" {
		e.e2eFatalf("framecheck export: %d checks, scale %+v, publisher %+v", checks, before.Workspace.RatingScale, before.Workspace.ClaimReview)
	}
	e2ePImport(e, e2ePWriteFile(t, "verdicts.framecheck.json", raw))
	e.e2eWait("the import dialog", `!!document.querySelector('[data-panel="import"] button[data-action="import-new"]')`, e2eStepTimeout, e2ePImportPanel)
	e2ePClick(e, `[data-panel="import"] button[data-action="import-new"]`)
	e.e2eWait("the import dialog to close", `!document.querySelector('[data-panel="import"]')`, e2eStepTimeout)
	e2ePSettle(e)
	raw2, _ := e.e2eDownload("framecheck export of the imported copy", func() { e.e2eClick(`button[data-action="export-json"]`) })
	after := e2eVParse(t, raw2)
	// Opened as a new copy, the annotations get new ids (the workspace is
	// already in this browser): compare everything else.
	strip := func(d e2eVCheckDoc) string {
		var anns []string
		for _, a := range d.Annotations {
			b, _ := json.Marshal([]any{a.Tag, a.Exact, a.Check})
			anns = append(anns, string(b))
		}
		slices.Sort(anns)
		b, _ := json.Marshal([]any{d.Workspace.RatingScale, d.Workspace.ClaimReview, anns})
		return string(b)
	}
	if x, y := strip(before), strip(after); x != y {
		t.Errorf("the checks changed on re-import:\n%s\nvs\n%s", x, y)
	}
}
