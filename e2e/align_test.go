package main

import (
	"slices"
	"testing"
)

// End-to-end tests of the aligner's new suggestions in the compare view
// (issue #16): a partial counterpart, a clause told only in one readout,
// and a pair marked "same topic, opposite claim", on the sample workspace.

// e2eAEntry returns the key of the entry of a suggestions list whose text
// contains every quote, or "".
func e2eAEntry(e *e2eEnv, list string, quotes ...string) string {
	e.t.Helper()
	return e2eEval[string](e, e2eJS(`(list, qs) => {
      const li = [...document.querySelectorAll('[data-list="' + list + '"] [data-suggestion]')].find(li => qs.every(q => li.textContent.includes(q)));
      return li ? li.dataset.suggestion : '';
    }`, list, quotes))
}

// TestE2EAlignPartialOppositeAndClauses presses Suggest on the sample and
// checks the list and the marks in the columns: the Kremlin's sentence on
// Ukraine, the Middle East and trade is a partial counterpart of the White
// House's "discussed Iran and the wider Middle East", its trade clause is
// offered on its own ("only here"), and "No agreements were reached" is
// paired with "Условлено продолжить контакты" as an opposite claim. Then
// it accepts the clause (an omission over exactly the clause, omitted by
// the other readout) and the opposite pair (a link), as Omitted by and Link
// work for the older suggestions.
func TestE2EAlignPartialOppositeAndClauses(t *testing.T) {
	e := e2eStart(t)
	left, right := e2eCOpen(e)
	e2ePClick(e, `button[data-action="suggest"]`)
	e.e2eWait("the suggestions", `document.querySelectorAll('[data-panel="suggestions"] [data-suggestion]').length > 0`, e2eStepTimeout,
		`(document.querySelector('[data-panel="suggestions"]') || {textContent: 'no panel'}).textContent`)
	panel := `document.querySelector('[data-panel="suggestions"]').textContent`

	// Which column holds the Russian text decides the list names.
	ruLeft := e2eEval[bool](e, e2eJS(`(l) => document.querySelector('[data-readout-id="' + l + '"]').textContent.includes('Условлено')`, left))
	restList, ru, en := "rest-a", left, right
	if !ruLeft {
		restList, ru, en = "rest-b", right, left
	}

	opp := e2eAEntry(e, "pairs", "No agreements were reached", "Условлено продолжить контакты")
	if opp == "" {
		e.e2eFatalf("no suggested pair of the opposite claims: %s", e2eEval[string](e, panel))
	}
	if kind := e2eEval[string](e, e2eJS(`(k) => document.querySelector('[data-suggestion="' + k + '"]').dataset.kind`, opp)); kind != "opposite" {
		t.Errorf("the agreements pair is %q, want opposite", kind)
	}
	if !e2eEval[bool](e, e2eJS(`(k) => document.querySelector('[data-suggestion="' + k + '"]').textContent.includes('same topic, opposite claim')`, opp)) {
		t.Errorf("the opposite pair does not say so")
	}
	part := e2eAEntry(e, "pairs", "Президенты обсудили", "Iran")
	if part == "" {
		e.e2eFatalf("no suggested pair for the Middle East sentences: %s", e2eEval[string](e, panel))
	}
	if kind := e2eEval[string](e, e2eJS(`(k) => document.querySelector('[data-suggestion="' + k + '"]').dataset.kind`, part)); kind != "partial" {
		t.Errorf("the Middle East pair is %q, want partial", kind)
	}
	const clause = "перспективы торгово-экономического сотрудничества"
	rest := e2eAEntry(e, restList, "only here", clause)
	if rest == "" {
		e.e2eFatalf("the trade clause is not offered on its own in %s: %s", restList, e2eEval[string](e, panel))
	}

	// The marks in the columns: the opposite pair wavy on both sides, the
	// clause amber in the Russian column.
	opposite := e2eCHighlights(e, "fc-suggest-opposite")
	if !slices.Contains(opposite, "No agreements were reached.") || !slices.Contains(opposite, "Условлено продолжить контакты на различных уровнях.") {
		t.Errorf("fc-suggest-opposite = %q, want both sentences of the opposite pair", opposite)
	}
	if gaps := e2eCHighlights(e, "fc-suggest-gap"); !slices.Contains(gaps, clause) {
		t.Errorf("fc-suggest-gap = %q, want the trade clause", gaps)
	}
	if pairs := e2eCHighlights(e, "fc-suggest-pair"); slices.Contains(pairs, "No agreements were reached.") {
		t.Errorf("the opposite pair is also marked as a plain counterpart")
	}

	// Omitted by: an omission over exactly the clause, omitted by the English readout.
	e2eEval[bool](e, e2eJS(`(k) => { document.querySelector('[data-suggestion="' + k + '"]').scrollIntoView({block: 'center'}); return true; }`, rest))
	e2ePClick(e, `[data-suggestion="`+rest+`"] button[data-action="accept-suggestion"]`)
	e.e2eWait("the clause omission selected", e2eJS(`(q) => { const x = document.querySelector('[data-panel="annotation"] .fc-exact'); return !!x && x.textContent === q; }`, clause), e2eStepTimeout)
	if e2eAEntry(e, restList, clause) != "" {
		t.Errorf("the accepted clause is still offered")
	}

	// Link: the opposite pair becomes a link like any other.
	e2eEval[bool](e, e2eJS(`(k) => { document.querySelector('[data-suggestion="' + k + '"]').scrollIntoView({block: 'center'}); return true; }`, opp))
	e2ePClick(e, `[data-suggestion="`+opp+`"] button[data-action="accept-suggestion"]`)
	e.e2eWait("the opposite pair linked", `document.querySelectorAll('[data-panel="annotation"] [data-field="links"] [data-link]').length === 1`, e2eStepTimeout)

	doc, _, _ := e2ePExport(e)
	var om, a, b *e2eExportAnnotation
	for i := range doc.Annotations {
		x := &doc.Annotations[i]
		switch {
		case x.Exact == clause:
			om = x
		case x.Exact == "No agreements were reached.":
			a = x
		case x.Exact == "Условлено продолжить контакты на различных уровнях." && x.Tag == "fact":
			b = x
		}
	}
	if om == nil || om.Tag != "omission" || om.ReadoutID != ru || !slices.Equal(om.OmittedBy, []string{en}) {
		t.Errorf("clause omission exported as %+v, want an omission in %s omitted by %s", om, ru, en)
	}
	if a == nil || b == nil || len(a.Links) != 1 || a.Links[0].AnnotationID != b.ID {
		t.Errorf("opposite pair not exported as a link: %+v / %+v", a, b)
	}
}
