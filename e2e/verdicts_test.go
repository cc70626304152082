package e2e

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

// Issue #14 in Chromium: check two claims of the sample (one rated, one
// unverifiable) with a source, change the rating scale, export ClaimReview
// JSON-LD and the HTML snippet, then re-import the framecheck export with
// the checks intact.

// verdictClaim is the paraphrased claim typed for the rated check: it would
// close the script element of the snippet if written unescaped.
const verdictClaim = `The talks were "constructive" </script><script>alert(1)</script>`

// claimReviewDoc is what the test reads of a framecheck export's checks.
type claimReviewDoc struct {
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

func parseClaimReview(t *testing.T, raw []byte) claimReviewDoc {
	t.Helper()
	var d claimReviewDoc
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatalf("the framecheck export is not JSON: %v", err)
	}
	return d
}

// selectForVerdict clicks an annotation's list entry and waits for the Check
// section to show it.
func selectForVerdict(e *env, id string) {
	e.t.Helper()
	clickSettled(e, `[data-annotation-list] button[data-select="`+id+`"]`)
	e.wait("the panel to show annotation "+id+" with its Check section",
		js(`(id) => !!document.querySelector('[data-panel="annotation"] [data-annotation="' + id + '"] [data-panel="check"] select[name="verdict"]')`, id),
		stepTimeout, `(document.querySelector('[data-panel="annotation"]') || {}).outerHTML`)
}

// firstTagged is the first list entry with the tag, or a zero entry.
func firstTagged(entries []listEntry, tag string) listEntry {
	for _, en := range entries {
		if en.Tag == tag {
			return en
		}
	}
	return listEntry{}
}

// optionEndingWith returns the value of the option of select sel whose text
// ends with name.
func optionEndingWith(e *env, sel, name string) string {
	e.t.Helper()
	v := eval[string](e, js(`(sel, name) => {
      const el = document.querySelector(sel);
      if (!el) return '';
      const o = [...el.options].find(o => o.textContent.trim().endsWith(' ' + name));
      return o ? o.value : '';
    }`, sel, name))
	if v == "" {
		e.fatalf("%s has no option named %q: %s", sel, name, eval[string](e, js(`(sel) => (document.querySelector(sel) || {}).outerHTML`, sel)))
	}
	return v
}

func TestVerdictsExportAsClaimReview(t *testing.T) {
	e := start(t)
	e.content(verdictClaim)
	e.load()
	tabs := e.tabs()
	if len(tabs) != 2 || !strings.Contains(tabs[0].Text, "Kremlin readout") {
		e.fatalf("want the sample's two tabs, the Kremlin readout first; got %+v", tabs)
	}
	kremlin := tabs[0].ID
	entries := e.list()
	fact, framing := firstTagged(entries, "fact"), firstTagged(entries, "framing")
	if fact.ID == "" || framing.ID == "" {
		e.fatalf("the sample's Kremlin readout should have a fact and a framing annotation: %+v", e.list())
	}

	// 1. The rated claim: V focuses the verdict; claim and claimant come
	// prefilled.
	selectForVerdict(e, fact.ID)
	e.pressKey("v")
	e.wait("V to focus the verdict", `document.activeElement && document.activeElement.matches('[data-panel="check"] select[name="verdict"]')`,
		stepTimeout, `document.activeElement ? document.activeElement.outerHTML : 'nothing focused'`)
	exact := eval[string](e, `document.querySelector('[data-panel="annotation"] .fc-exact').textContent`)
	if got := eval[string](e, `document.querySelector('[data-panel="check"] textarea[name="claim"]').value`); got != strings.TrimSpace(exact) {
		t.Errorf("the claim is prefilled with %q, want the quote %q", got, exact)
	}
	if got := eval[string](e, `document.querySelector('[data-panel="check"] input[name="claimant"]').value`); got != "Kremlin press service (Telegram)" {
		t.Errorf("the claimant is prefilled with %q, want the readout's source", got)
	}
	verdictSel := `[data-panel="check"] select[name="verdict"]`
	e.setSelect(verdictSel, optionEndingWith(e, verdictSel, "Mostly false"))
	e.wait("the Mostly false badge in the list", js(`(id) => {
      const el = document.querySelector('[data-annotation-id="' + id + '"] [data-verdict]');
      return el && el.dataset.verdict === 'Mostly false';
    }`, fact.ID), stepTimeout, `(document.querySelector('[data-annotation-list]') || {}).outerHTML`)
	claim := `[data-panel="check"] textarea[name="claim"]`
	e.click(claim)
	e.typeText(claim, verdictClaim)
	blur(e)
	e.wait("the claim to be saved", js(`(want) => document.querySelector('[data-panel="check"] textarea[name="claim"]').value === want && /saved/i.test(document.querySelector('.fc-status').textContent)`, verdictClaim),
		stepTimeout, `document.querySelector('.fc-status').textContent`)
	// Two sources: one https, one javascript: (kept, never a link).
	for i, src := range []struct{ url, title string }{{"https://example.org/transcript", "Transcript"}, {"javascript:alert(1)", "Not a link"}} {
		clickSettled(e, `[data-panel="check"] button[data-action="add-evidence"]`)
		row := `[data-panel="check"] [data-evidence="` + string(rune('0'+i)) + `"]`
		e.wait("source row "+row, `!!document.querySelector('`+row+`')`, stepTimeout)
		e.click(row + ` input[name="evidence-url"]`)
		e.typeText(row+` input[name="evidence-url"]`, src.url)
		blur(e)
		e.wait("source "+src.url+" to be saved", js(`(row, url) => { const el = document.querySelector(row + ' input[name="evidence-url"]'); return el && el.value === url && !!document.querySelector('[data-panel="check"][data-checked="true"]'); }`, row, src.url), stepTimeout)
		e.click(row + ` input[name="evidence-title"]`)
		e.typeText(row+` input[name="evidence-title"]`, src.title)
		blur(e)
		e.wait("title "+src.title+" to be saved", js(`(row, title) => { const el = document.querySelector(row + ' input[name="evidence-title"]'); return el && el.value === title; }`, row, src.title), stepTimeout)
	}
	links := eval[[]string](e, `[...document.querySelectorAll('[data-panel="check"] [data-evidence-link]')].map(a => a.getAttribute('href'))`)
	if len(links) != 1 || links[0] != "https://example.org/transcript" {
		t.Errorf("source links %q: want only the https one", links)
	}

	// 2. The unverifiable claim.
	selectForVerdict(e, framing.ID)
	e.setSelect(verdictSel, optionEndingWith(e, verdictSel, "Unverifiable"))
	e.wait("the Unverifiable badge", js(`(id) => { const el = document.querySelector('[data-annotation-id="' + id + '"] [data-verdict]'); return el && el.dataset.verdict === 'Unverifiable'; }`, framing.ID), stepTimeout)

	// Filter by verdict: only the unverifiable one.
	e.setSelect(`select[name="verdict-filter"]`, optionEndingWith(e, `select[name="verdict-filter"]`, "Unverifiable"))
	e.wait("the verdict filter to leave one entry", `document.querySelectorAll('[data-annotation-list] [data-annotation-id]').length === 1`, stepTimeout)
	e.setSelect(`select[name="verdict-filter"]`, "any")

	// Verdict counts per readout in the compare summary.
	clickSettled(e, `button[data-action="compare"]`)
	e.wait("the compare view", `document.querySelector('main.fc-shell').dataset.view === 'compare'`, stepTimeout)
	clickSettled(e, `button[data-action="summary"]`)
	e.wait("the verdict counts of the summary", `!!document.querySelector('[data-panel="summary"] [data-table="verdicts"]')`, stepTimeout,
		`(document.querySelector('[data-panel="summary"]') || {outerHTML: 'no summary'}).outerHTML`)
	counts := eval[map[string][]string](e, `Object.fromEntries([...document.querySelectorAll('[data-table="verdicts"] tr[data-verdict]')]
      .map(tr => [tr.dataset.verdict, [...tr.querySelectorAll('td')].map(td => td.textContent)]))`)
	for name, want := range map[string][]string{"Mostly false": {"1", "0"}, "Unverifiable": {"1", "0"}, "True": {"0", "0"}} {
		if !slices.Equal(counts[name], want) {
			t.Errorf("summary verdict counts of %s: %q, want %q (Kremlin, White House)", name, counts[name], want)
		}
	}
	clickSettled(e, `button[data-action="close-summary"]`)
	clickSettled(e, `button[data-action="compare"]`)
	e.wait("the single view", `document.querySelector('main.fc-shell').dataset.view !== 'compare'`, stepTimeout)
	selectForVerdict(e, framing.ID)

	// 3. Change the scale: rename Mostly false, move Unverifiable first,
	// remove Mixed (unused), and remove False only with a replacement.
	clickSettled(e, `details[data-panel="scale"] > summary`)
	nameIn := `[data-panel="scale"] li[data-rating="Mostly false"] input[name="rating-name"]`
	e.wait("the scale editor", `!!document.querySelector('`+nameIn+`')`, stepTimeout)
	e.click(nameIn)
	e.typeText(nameIn, "Largely false")
	blur(e)
	e.wait("the renamed rating", `!!document.querySelector('[data-panel="scale"] li[data-rating="Largely false"]')`, stepTimeout)
	clickSettled(e, `[data-panel="scale"] li[data-rating="Mixed"] button[data-action="rating-remove"]`)
	e.wait("Mixed to be removed", `!document.querySelector('[data-panel="scale"] li[data-rating="Mixed"]')`, stepTimeout)
	// Largely false is in use: removing it asks for a replacement.
	clickSettled(e, `[data-panel="scale"] li[data-rating="Largely false"] button[data-action="rating-remove"]`)
	repl := `[data-panel="scale"] select[name="rating-replacement"]`
	e.wait("the replacement choice", `!!document.querySelector('`+repl+`')`, stepTimeout)
	if !eval[bool](e, `!!document.querySelector('[data-panel="scale"] li[data-rating="Largely false"]')`) {
		t.Error("a rating in use was removed before a replacement was chosen")
	}
	e.setSelect(repl, optionEndingWith(e, repl, "False"))
	e.wait("Largely false replaced by False", js(`(id) => !document.querySelector('[data-panel="scale"] li[data-rating="Largely false"]') &&
      (document.querySelector('[data-annotation-id="' + id + '"] [data-verdict]') || {dataset: {}}).dataset.verdict === 'False'`, fact.ID), stepTimeout)

	// The same scale is a setting of the workspace in Workspaces: a
	// rename there shows in the claim's verdict choice.
	clickSettled(e, `button[data-action="workspaces"]`)
	wsName := `[data-panel="workspaces"] [data-settings="workspace"] li[data-rating="True"] input[name="rating-name"]`
	e.wait("the rating scale in Workspaces", `!!document.querySelector('[data-panel="workspaces"] [data-settings="workspace"] details[data-panel="scale"]')`, stepTimeout)
	clickSettled(e, `[data-panel="workspaces"] [data-settings="workspace"] details[data-panel="scale"] > summary`)
	e.click(wsName)
	e.typeText(wsName, "Accurate")
	blur(e)
	e.wait("the rating renamed from Workspaces", `!!document.querySelector('[data-panel="workspaces"] li[data-rating="Accurate"]')`, stepTimeout)
	clickSettled(e, `button[data-action="workspaces"]`)
	e.wait("Workspaces closed", `!document.querySelector('[data-panel="workspaces"]')`, stepTimeout)
	e.wait("the verdict choice to offer the renamed rating", `[...document.querySelectorAll('select[name="verdict"] option')].some(o => o.textContent.includes('Accurate'))`, stepTimeout,
		`[...document.querySelectorAll('select[name="verdict"] option')].map(o => o.textContent).join(' | ')`)

	// 4. ClaimReview: the dialog asks once for the publisher and the
	// readout's URL.
	settleSave(e)
	jsonld, name := e.download("ClaimReview export", func() {
		clickSettled(e, `details[data-menu="export"] > summary`)
		e.click(`details[data-menu="export"] button[data-export="claimreview"]`)
		e.wait("the publisher dialog", `!!document.querySelector('[data-panel="publisher"]')`, stepTimeout)
		for sel, v := range map[string]string{
			`input[name="publisher-name"]`:              "School Fact Desk",
			`input[name="publisher-url"]`:               "https://desk.example/",
			`input[name="article-url"]`:                 "https://desk.example/checks/call",
			`input[name="readout-url-` + kremlin + `"]`: "https://example.org/kremlin-readout",
		} {
			e.click(`[data-panel="publisher"] ` + sel)
			e.typeText(`[data-panel="publisher"] `+sel, v)
		}
		e.click(`[data-panel="publisher"] button[data-action="publisher-save"]`)
	})
	if !strings.HasSuffix(name, ".claimreview.jsonld") {
		t.Errorf("ClaimReview file name %q", name)
	}
	var reviews []map[string]any
	if err := json.Unmarshal(jsonld, &reviews); err != nil {
		e.fatalf("the ClaimReview export is not JSON: %v\n%s", err, jsonld)
	}
	if len(reviews) != 2 {
		e.fatalf("%d ClaimReviews, want 2:\n%s", len(reviews), jsonld)
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
	rated := byClaim[verdictClaim]
	if rated == nil {
		e.fatalf("no review of the typed claim %q:\n%s", verdictClaim, jsonld)
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
		if c != verdictClaim {
			unv = r
		}
	}
	ur := unv["reviewRating"].(map[string]any)
	if ur["alternateName"] != "Unverifiable" || len(ur) != 2 {
		t.Errorf("unverifiable reviewRating %v: want @type and alternateName only", ur)
	}

	// 5. The HTML snippet: not asked again.
	snippet, _ := e.download("ClaimReview HTML snippet", func() {
		clickSettled(e, `details[data-menu="export"] > summary`)
		e.click(`details[data-menu="export"] button[data-export="claimreview-html"]`)
	})
	if n := bytes.Count(bytes.ToLower(snippet), []byte("</script")); n != 2 {
		t.Errorf("the snippet has %d </script (want 2, one per review): %s", n, snippet)
	}
	if !bytes.Contains(snippet, []byte(`\u003c/script\u003e\u003cscript\u003ealert(1)`)) {
		t.Errorf("the hostile claim is not escaped in the snippet:\n%s", snippet)
	}

	// 6. The framecheck export carries the checks; re-imported as a new
	// workspace, they are intact.
	settleSave(e)
	raw, _ := e.download("framecheck export", func() { e.click(`button[data-action="export-json"]`) })
	before := parseClaimReview(t, raw)
	checks := 0
	for _, a := range before.Annotations {
		if a.Check != nil {
			checks++
		}
	}
	if checks != 2 || len(before.Workspace.RatingScale) != 5 || before.Workspace.ClaimReview.PublisherName != "School Fact Desk" {
		e.fatalf("framecheck export: %d checks, scale %+v, publisher %+v", checks, before.Workspace.RatingScale, before.Workspace.ClaimReview)
	}
	importAsNew(e, writeFile(t, "verdicts.framecheck.json", raw))
	e.wait("the import dialog to close", `!document.querySelector('[data-panel="import"]')`, stepTimeout)
	settleSave(e)
	raw2, _ := e.download("framecheck export of the imported copy", func() { e.click(`button[data-action="export-json"]`) })
	after := parseClaimReview(t, raw2)
	// Opened as a new copy, the annotations get new ids (the workspace is
	// already in this browser): compare everything else.
	strip := func(d claimReviewDoc) string {
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

// The Workspaces panel fills in later (the storage sentence waits for the
// browser's estimate): what the user opened meanwhile must stay open. Here
// the estimate is held back a second and a half, and the rating scale is
// opened before it arrives.
func TestWorkspacesSettingsStayOpenWhenThePanelFillsIn(t *testing.T) {
	e := start(t)
	addInitScript(e, "hold back navigator.storage.estimate", `(() => {
      const sm = navigator.storage;
      if (!sm || !sm.estimate) return;
      const estimate = sm.estimate.bind(sm);
      sm.estimate = () => new Promise((r) => setTimeout(r, 1500)).then(estimate);
    })();`)
	e.load()
	clickSettled(e, `button[data-action="workspaces"]`)
	const scale = `[data-panel="workspaces"] [data-settings="workspace"] details[data-panel="scale"]`
	e.wait("the rating scale in Workspaces", `!!document.querySelector('`+scale+`')`, stepTimeout)
	if eval[bool](e, `!!document.querySelector('`+storageSentenceSel+`')`) {
		t.Fatal("test setup: the storage sentence came before the rating scale was opened; the estimate was not held back")
	}
	topJS := `Math.round(document.querySelector('` + scale + ` > summary').getBoundingClientRect().top)`
	top := eval[int](e, topJS)
	e.click(scale + ` > summary`)
	e.wait("the rating scale open", `document.querySelector('`+scale+`').open`, stepTimeout)
	e.wait("the storage sentence", `!!document.querySelector('`+storageSentenceSel+`')`, stepTimeout)
	holds(e, "the rating scale still open after the panel filled in",
		`!!document.querySelector('`+scale+`') && document.querySelector('`+scale+`').open`, 500*time.Millisecond)
	// Nor does anything move under the pointer when the sentence arrives:
	// a click aimed at the scale would land elsewhere.
	if after := eval[int](e, topJS); after != top {
		t.Errorf("the rating scale moved from y=%d to y=%d when the storage sentence arrived", top, after)
	}
}

// The rating scale under a claim's Check section stays open when the
// first verdict creates the check (which adds the Remove check button
// before it).
func TestCheckRatingScaleStaysOpenWhenTheFirstVerdictIsChosen(t *testing.T) {
	e := start(t)
	e.load()
	fact := firstTagged(e.list(), "fact")
	if fact.ID == "" {
		e.fatalf("the sample should have a fact annotation: %+v", e.list())
	}
	selectForVerdict(e, fact.ID)
	if has(e, `[data-panel="check"] button[data-action="remove-check"]`) {
		e.fatalf("test setup: the sample's fact annotation is checked already")
	}
	const scale = `[data-panel="check"] details[data-panel="scale"]`
	e.click(scale + ` > summary`)
	e.wait("the rating scale open", `document.querySelector('`+scale+`').open`, stepTimeout)
	verdictSel := `[data-panel="check"] select[name="verdict"]`
	e.setSelect(verdictSel, optionEndingWith(e, verdictSel, "Misleading"))
	e.wait("the check created (its Remove check button)", `!!document.querySelector('[data-panel="check"] button[data-action="remove-check"]')`, stepTimeout)
	holds(e, "the rating scale still open after the first verdict",
		`!!document.querySelector('`+scale+`') && document.querySelector('`+scale+`').open`, 500*time.Millisecond)
}
