package e2e

import (
	"slices"
	"testing"
)

// End-to-end tests of the aligner's new suggestions in the compare view
// (issue #16): a partial counterpart, a clause told only in one readout,
// and a pair marked "same topic, opposite claim", on the sample workspace.

// alignEntry returns the key of the entry of a suggestions list whose text
// contains every quote, or "".
func alignEntry(e *env, list string, quotes ...string) string {
	e.t.Helper()
	return eval[string](e, js(`(list, qs) => {
      const li = [...document.querySelectorAll('[data-list="' + list + '"] [data-suggestion]')].find(li => qs.every(q => li.textContent.includes(q)));
      return li ? li.dataset.suggestion : '';
    }`, list, quotes))
}

// TestSuggestFindsPartialOppositeAndClausePairs presses Suggest on the sample and
// checks the list and the marks in the columns: the Kremlin's sentence on
// Ukraine, the Middle East and trade is a partial counterpart of the White
// House's "discussed Iran and the wider Middle East", its trade clause is
// offered on its own ("only here"), and "No agreements were reached" is
// paired with "Условлено продолжить контакты" as an opposite claim. Then
// it accepts the clause (an omission over exactly the clause, omitted by
// the other readout) and the opposite pair (a link), as Omitted by and Link
// work for the older suggestions.
func TestSuggestFindsPartialOppositeAndClausePairs(t *testing.T) {
	e := start(t)
	left, right := openCompare(e)
	clickSettled(e, `button[data-action="suggest"]`)
	e.wait("the suggestions", `document.querySelectorAll('[data-panel="suggestions"] [data-suggestion]').length > 0`, stepTimeout,
		`(document.querySelector('[data-panel="suggestions"]') || {textContent: 'no panel'}).textContent`)
	panel := `document.querySelector('[data-panel="suggestions"]').textContent`

	// Which column holds the Russian text decides the list names.
	ruLeft := eval[bool](e, js(`(l) => document.querySelector('[data-readout-id="' + l + '"]').textContent.includes('Условлено')`, left))
	restList, ru, en := "rest-a", left, right
	if !ruLeft {
		restList, ru, en = "rest-b", right, left
	}

	opp := alignEntry(e, "pairs", "No agreements were reached", "Условлено продолжить контакты")
	if opp == "" {
		e.fatalf("no suggested pair of the opposite claims: %s", eval[string](e, panel))
	}
	if kind := eval[string](e, js(`(k) => document.querySelector('[data-suggestion="' + k + '"]').dataset.kind`, opp)); kind != "opposite" {
		t.Errorf("the agreements pair is %q, want opposite", kind)
	}
	if !eval[bool](e, js(`(k) => document.querySelector('[data-suggestion="' + k + '"]').textContent.includes('same topic, opposite claim')`, opp)) {
		t.Errorf("the opposite pair does not say so")
	}
	part := alignEntry(e, "pairs", "Президенты обсудили", "Iran")
	if part == "" {
		e.fatalf("no suggested pair for the Middle East sentences: %s", eval[string](e, panel))
	}
	if kind := eval[string](e, js(`(k) => document.querySelector('[data-suggestion="' + k + '"]').dataset.kind`, part)); kind != "partial" {
		t.Errorf("the Middle East pair is %q, want partial", kind)
	}
	const clause = "перспективы торгово-экономического сотрудничества"
	rest := alignEntry(e, restList, "only here", clause)
	if rest == "" {
		e.fatalf("the trade clause is not offered on its own in %s: %s", restList, eval[string](e, panel))
	}

	// The marks in the columns: the opposite pair wavy on both sides, the
	// clause amber in the Russian column.
	opposite := highlightRanges(e, "fc-suggest-opposite")
	if !slices.Contains(opposite, "No agreements were reached.") || !slices.Contains(opposite, "Условлено продолжить контакты на различных уровнях.") {
		t.Errorf("fc-suggest-opposite = %q, want both sentences of the opposite pair", opposite)
	}
	if gaps := highlightRanges(e, "fc-suggest-gap"); !slices.Contains(gaps, clause) {
		t.Errorf("fc-suggest-gap = %q, want the trade clause", gaps)
	}
	if pairs := highlightRanges(e, "fc-suggest-pair"); slices.Contains(pairs, "No agreements were reached.") {
		t.Errorf("the opposite pair is also marked as a plain counterpart")
	}

	// Omitted by: an omission over exactly the clause, omitted by the English readout.
	eval[bool](e, js(`(k) => { document.querySelector('[data-suggestion="' + k + '"]').scrollIntoView({block: 'center'}); return true; }`, rest))
	clickSettled(e, `[data-suggestion="`+rest+`"] button[data-action="accept-suggestion"]`)
	e.wait("the clause omission selected", js(`(q) => { const x = document.querySelector('[data-panel="annotation"] .fc-exact'); return !!x && x.textContent === q; }`, clause), stepTimeout)
	if alignEntry(e, restList, clause) != "" {
		t.Errorf("the accepted clause is still offered")
	}

	// Link: the opposite pair becomes a link like any other.
	eval[bool](e, js(`(k) => { document.querySelector('[data-suggestion="' + k + '"]').scrollIntoView({block: 'center'}); return true; }`, opp))
	clickSettled(e, `[data-suggestion="`+opp+`"] button[data-action="accept-suggestion"]`)
	e.wait("the opposite pair linked", `document.querySelectorAll('[data-panel="annotation"] [data-field="links"] [data-link]').length === 1`, stepTimeout)

	doc, _, _ := exportSettled(e)
	var om, a, b *exportAnnotation
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
