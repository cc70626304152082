package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The compare view's tests: two columns, counterpart links with both ends
// highlighted and the other column scrolled, cross-readout omissions with
// their ghost marker, the alignment suggestions, the summary, and links
// kept through export and re-import.

// openCompare loads the sample and opens the compare view; it returns the
// readout ids of the left and right columns.
func openCompare(e *env) (string, string) {
	e.t.Helper()
	e.load()
	clickSettled(e, `button[data-action="compare"]`)
	e.wait("two columns with their texts painted", `(() => {
      const l = document.querySelector('[data-view="compare"] [data-side="left"] [data-readout-id]');
      const r = document.querySelector('[data-view="compare"] [data-side="right"] [data-readout-id]');
      return !!(l && r && l.textContent && r.textContent && l !== r);
    })()`, stepTimeout, `document.querySelector('main.fc-shell').dataset.view`)
	ids := eval[[]string](e, `['left', 'right'].map(s => document.querySelector('[data-side="' + s + '"] [data-readout-id]').getAttribute('data-readout-id'))`)
	if ids[0] == ids[1] {
		e.fatalf("both columns show readout %s", ids[0])
	}
	return ids[0], ids[1]
}

// findQuote returns the code point span of the first occurrence of quote in
// a readout's text.
func findQuote(e *env, readoutID, quote string) (int, int) {
	e.t.Helper()
	start := eval[int](e, js(`(id, q) => {
      const t = document.querySelector('[data-readout-id="' + CSS.escape(id) + '"]').textContent;
      const i = t.indexOf(q);
      return i < 0 ? -1 : [...t.slice(0, i)].length;
    }`, readoutID, quote))
	if start < 0 {
		e.fatalf("%q is not in the text of readout %s", quote, readoutID)
	}
	return start, start + len([]rune(quote))
}

// tagQuote selects quote in a readout and tags it with key 1, 2 or 3; it
// returns the new annotation's id (the one the panel then shows).
func tagQuote(e *env, readoutID, quote, key string) string {
	e.t.Helper()
	before := eval[string](e, `(document.querySelector('[data-panel="annotation"] [data-annotation]') || {dataset: {}}).dataset.annotation || ''`)
	s, t := findQuote(e, readoutID, quote)
	if got := e.selectRange(readoutID, s, t); got != quote {
		e.fatalf("selected %q, want %q", got, quote)
	}
	e.pressKey(key)
	e.wait("the panel to show the new annotation of "+quote, js(`(before, q) => {
      const p = document.querySelector('[data-panel="annotation"] [data-annotation]');
      const x = document.querySelector('[data-panel="annotation"] .fc-exact');
      return !!(p && p.dataset.annotation !== before && x && x.textContent === q);
    }`, before, quote), stepTimeout)
	return eval[string](e, `document.querySelector('[data-panel="annotation"] [data-annotation]').dataset.annotation`)
}

// highlightRanges returns the text of every range of a named highlight
// (fc-selected, fc-counterpart, …), in order.
func highlightRanges(e *env, name string) []string {
	e.t.Helper()
	return eval[[]string](e, js(`(n) => {
      const h = CSS.highlights.get(n);
      return h ? [...h].map(r => r.toString()).sort() : [];
    }`, name))
}

// endsJS is true when fc-selected holds exactly the text a and
// fc-counterpart exactly the text b.
const endsJS = `(a, b) => {
      const sel = CSS.highlights.get('fc-selected'), cp = CSS.highlights.get('fc-counterpart');
      return sel && cp && sel.size === 1 && cp.size === 1 && [...sel][0].toString() === a && [...cp][0].toString() === b;
    }`

// TestCompareHighlightsAndScrollsToCounterparts links a span of the left column to
// one of the right column (L, then tag the counterpart), and checks that
// selecting either end highlights the other and scrolls its column to it.
func TestCompareHighlightsAndScrollsToCounterparts(t *testing.T) {
	e := start(t)
	left, right := openCompare(e)
	// Short columns, so the counterpart starts out of view and revealing it
	// must scroll the column.
	eval[bool](e, `(() => { const s = document.createElement('style'); s.textContent = '.fc-compare .fc-text { max-height: 90px !important; overflow-y: auto !important; }'; document.head.append(s); return true; })()`)

	const leftQuote, rightQuote = "Условлено продолжить контакты на различных уровнях.", "No agreements were reached."
	scrollTop(e, left)
	scrollTop(e, right)
	r := tagQuote(e, right, rightQuote, "2")
	l := tagQuote(e, left, leftQuote, "2")
	e.pressKey("l")
	e.wait("link mode", `document.querySelector('button[data-action="link-start"][aria-pressed="true"]') !== null`, stepTimeout)
	s, u := findQuote(e, right, rightQuote)
	showText(e, right, s, u)
	e.clickText(right, s, u)
	e.wait("the panel to list the counterpart", js(`(id) => !!document.querySelector('[data-panel="annotation"] [data-field="links"] [data-link="' + id + '"]')`, l), stepTimeout,
		`document.querySelector('.fc-status').textContent`)

	// The right end is selected now: its text in fc-selected, the left end
	// in fc-counterpart, and the left column scrolled to show it.
	e.wait("both ends highlighted", js(endsJS, rightQuote, leftQuote), stepTimeout,
		`JSON.stringify({selected: [...(CSS.highlights.get('fc-selected') || [])].map(String), counterpart: [...(CSS.highlights.get('fc-counterpart') || [])].map(String)})`)
	inView(e, left, "fc-counterpart")

	// Click the left end: now the right column scrolls to the right end.
	scrollTop(e, right)
	if rangeVisible(e, right, "fc-selected") {
		e.fatalf("test setup: the right end is still in view after scrolling its column to the top")
	}
	ls, lu := findQuote(e, left, leftQuote)
	showText(e, left, ls, lu)
	e.clickText(left, ls+1, ls+2)
	e.wait("the left end selected and the right end its counterpart", js(endsJS, leftQuote, rightQuote), stepTimeout)
	inView(e, right, "fc-counterpart")

	// A link note, saved on both ends.
	e.typeText(`[data-panel="annotation"] input[name="link-note"][data-annotation="`+r+`"]`, "both avoid saying who asked for the call")
	e.pressKey("Tab")
	e.wait("the link note saved", `document.querySelector('.fc-status').textContent === 'Link note saved'`, stepTimeout)

	doc, _, _ := exportSettled(e)
	ends := 0
	for _, a := range doc.Annotations {
		for _, k := range a.Links {
			if (a.ID == l && k.AnnotationID == r) || (a.ID == r && k.AnnotationID == l) {
				ends++
				if k.Kind != "counterpart" || k.Note != "both avoid saying who asked for the call" {
					t.Errorf("link %s -> %+v", a.ID, k)
				}
			}
		}
	}
	if ends != 2 {
		t.Fatalf("want the link on both ends, found %d ends", ends)
	}
}

// showText scrolls a readout's own box so the code points [s, t) are
// in it (a user scrolls the column before clicking there).
func showText(e *env, readoutID string, s, t int) {
	e.t.Helper()
	eval[bool](e, js(`(id, s, t) => {
      `+cpRangeJS+`
      const box = document.querySelector('[data-readout-id="' + CSS.escape(id) + '"]');
      const a = cpRange(id, s, t).getBoundingClientRect(), b = box.getBoundingClientRect();
      box.scrollTop += a.top - b.top - 10;
      return true;
    }`, readoutID, s, t))
}

// screenshot saves a screenshot of the page for the README when
// FRAMECHECK_SCREENSHOTS names a directory (docs/ is where the README
// looks); otherwise it does nothing.
func screenshot(e *env, name string) {
	e.t.Helper()
	dir := os.Getenv("FRAMECHECK_SCREENSHOTS")
	if dir == "" {
		return
	}
	settleSave(e)
	// A taller page, so the columns and the suggestions below them fit.
	setViewport(e, 1280, 1560)
	defer setViewport(e, 0, 0)
	eval[bool](e, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => { scrollTo(0, 0); r(true); })))`)
	ctx, cancel := context.WithTimeout(e.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		e.fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		e.t.Fatal(err)
	}
}

// setViewport emulates a viewport of w × h CSS pixels; 0 × 0 restores
// the window's own.
func setViewport(e *env, w, h int64) {
	e.t.Helper()
	e.act(fmt.Sprintf("viewport %d×%d", w, h), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if w == 0 {
			_, err := cdp.Call(ctx, tg, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
			return err
		}
		_, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: w, Height: h, DeviceScaleFactor: 1})
		return err
	}))
}

// scrollTop scrolls a readout's text box to its top.
func scrollTop(e *env, readoutID string) {
	e.t.Helper()
	eval[bool](e, js(`(id) => { document.querySelector('[data-readout-id="' + CSS.escape(id) + '"]').scrollTop = 0; return true; }`, readoutID))
}

// printMedia switches the page between print and screen media.
func printMedia(e *env, print bool) {
	e.t.Helper()
	media := ""
	if print {
		media = "print"
	}
	e.act("emulate media "+media, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return err
	}))
}

// inViewJS is true when the range of a highlight that lies in a readout
// is inside that readout's visible box (and the viewport).
const inViewJS = `(id, n) => {
      const box = document.querySelector('[data-readout-id="' + CSS.escape(id) + '"]');
      const h = CSS.highlights.get(n);
      const r = h && [...h].find(r => box.contains(r.startContainer));
      if (!r) return false;
      const a = r.getBoundingClientRect(), b = box.getBoundingClientRect();
      return a.top >= b.top - 1 && a.bottom <= b.bottom + 1 && a.bottom <= innerHeight && a.top >= 0;
    }`

// rangeVisible reports whether the highlight's range in the readout is
// in view now.
func rangeVisible(e *env, readoutID, name string) bool {
	e.t.Helper()
	return eval[bool](e, js(inViewJS, readoutID, name))
}

// inView waits until the highlight's range in the readout is in view.
func inView(e *env, readoutID, name string) {
	e.t.Helper()
	e.wait(name+" scrolled into view in its column", js(inViewJS, readoutID, name), stepTimeout,
		js(`(id) => 'scrollTop ' + document.querySelector('[data-readout-id="' + CSS.escape(id) + '"]').scrollTop`, readoutID))
}

// TestCompareSuggestsMarksOmissionsAndSummarises runs Suggest, checks that
// suggestions are not annotations, accepts a suggested omission (exported
// with omittedBy) and a suggested pair (a link), makes the ghost marker of
// the omission a real point, toggles "omitted by" with O, and reads the
// summary.
func TestCompareSuggestsMarksOmissionsAndSummarises(t *testing.T) {
	e := start(t)
	left, right := openCompare(e)
	before, _, _ := exportSettled(e)

	clickSettled(e, `button[data-action="suggest"]`)
	e.wait("the suggestions", `document.querySelectorAll('[data-panel="suggestions"] [data-suggestion]').length > 0`, stepTimeout,
		`(document.querySelector('[data-panel="suggestions"]') || {textContent: 'no panel'}).textContent`)
	if n := eval[int](e, `CSS.highlights.get('fc-suggest-pair') ? CSS.highlights.get('fc-suggest-pair').size : 0`); n == 0 {
		t.Errorf("no suggested pair is marked in the columns")
	}
	mid, _, _ := exportSettled(e)
	if len(mid.Annotations) != len(before.Annotations) {
		t.Fatalf("suggesting changed the annotations: %d before, %d after", len(before.Annotations), len(mid.Annotations))
	}

	// The right readout's sentence about Zelenskyy has no counterpart in the
	// Kremlin readout: accept it as an omission.
	const zel = "The President will speak with President Zelenskyy in the coming days."
	key := eval[string](e, js(`(q) => {
      const li = [...document.querySelectorAll('[data-list="only-b"] [data-suggestion]')].find(li => li.textContent.includes(q));
      return li ? li.dataset.suggestion : '';
    }`, zel))
	if key == "" {
		e.fatalf("the sentence %q is not among the right column's sentences without counterpart: %s", zel,
			eval[string](e, `document.querySelector('[data-list="only-b"]').textContent`))
	}
	clickSettled(e, `[data-suggestion="`+key+`"] button[data-action="accept-suggestion"]`)
	e.wait("the omission selected", js(`(q) => { const x = document.querySelector('[data-panel="annotation"] .fc-exact'); return !!x && x.textContent === q; }`, zel), stepTimeout)
	om := eval[string](e, `document.querySelector('[data-panel="annotation"] [data-annotation]').dataset.annotation`)
	if eval[bool](e, js(`(k) => !!document.querySelector('[data-suggestion="' + k + '"]')`, key)) {
		t.Errorf("an accepted suggestion is still offered")
	}
	// Its ghost marker is in the left column; make it a real point.
	e.wait("the ghost marker in the left column", js(`(l, id) => !!document.querySelector('[data-readout-id="' + l + '"] .fc-ghost[data-ghost-for="' + id + '"]')`, left, om), stepTimeout)
	// M moves it to the caret in the left column.
	const there = "Владимир Путин поздравил"
	to, _ := findQuote(e, left, there)
	e.caret(left, to)
	e.pressKey("m")
	ghostAt := js(`(l, id) => {
      const box = document.querySelector('[data-readout-id="' + l + '"]');
      const g = box.querySelector('.fc-ghost[data-ghost-for="' + id + '"]');
      if (!g) return -1;
      const r = document.createRange();
      r.setStart(box, 0);
      r.setEndBefore(g);
      return [...r.toString()].length;
    }`, left, om)
	e.wait("the ghost to move to the caret", ghostAt+` === `+strconv.Itoa(to), stepTimeout, ghostAt, `document.querySelector('.fc-status').textContent`)
	clickSettled(e, `[data-panel="annotation"] button[data-action="place-ghost"]`)
	e.wait("the ghost to become an omission point", js(`(l, id) => !document.querySelector('.fc-ghost[data-ghost-for="' + id + '"]') && document.querySelectorAll('[data-readout-id="' + l + '"] .fc-point').length > 0`, left, om), stepTimeout)

	// Accept the first suggested pair.
	pairKey := eval[string](e, `(document.querySelector('[data-list="pairs"] [data-suggestion]') || {dataset: {}}).dataset.suggestion || ''`)
	if pairKey == "" {
		e.fatalf("no suggested pair to accept")
	}
	// Bring the entry to the middle of the page first, as a user scrolls
	// to it (the page has just re-laid out the columns).
	eval[bool](e, js(`(k) => { document.querySelector('[data-suggestion="' + k + '"]').scrollIntoView({block: 'center'}); return true; }`, pairKey))
	clickSettled(e, `[data-suggestion="`+pairKey+`"] button[data-action="accept-suggestion"]`)
	e.wait("the pair linked", `document.querySelectorAll('[data-panel="annotation"] [data-field="links"] [data-link]').length === 1`, stepTimeout)
	pairA := eval[string](e, `document.querySelector('[data-panel="annotation"] [data-annotation]').dataset.annotation`)

	screenshot(e, "compare.png")

	// O: the existing omission span of the sample's White House readout
	// ("America's European partners") is told only there; say the Kremlin
	// leaves it out, then take it back, then say it again.
	// Pick it from the keyboard: ] moves to the right column, J walks its
	// annotations in text order.
	e.pressKey("]")
	const target = "any settlement must involve Ukraine and America's European partners"
	quoteJS := `(document.querySelector('[data-panel="annotation"] .fc-exact') || {}).textContent || ''`
	for i := 0; eval[string](e, quoteJS) != target; i++ {
		if i == 12 {
			e.fatalf("J did not reach the omission %q; the panel shows %q", target, eval[string](e, quoteJS))
		}
		before := eval[string](e, quoteJS)
		e.pressKey("j")
		// The panel remounts per annotation: wait for the next one's quote,
		// not for the moment between the two.
		e.wait("J to select the next annotation", `((q) => q !== '' && q !== `+strconv.Quote(before)+`)(`+quoteJS+`)`, stepTimeout, quoteJS)
	}
	sample := eval[string](e, `document.querySelector('[data-panel="annotation"] [data-annotation]').dataset.annotation`)
	checked := func() bool {
		return eval[bool](e, js(`(l) => !!document.querySelector('[data-panel="annotation"] input[name="omittedBy"][value="' + l + '"]:checked')`, left))
	}
	was := checked()
	e.pressKey("o")
	e.wait("O to toggle omitted by", js(`(l, was) => !!document.querySelector('[data-panel="annotation"] input[name="omittedBy"][value="' + l + '"]:checked') !== was`, left, was), stepTimeout)
	if !checked() {
		e.pressKey("o")
		e.wait("O to set omitted by", js(`(l) => !!document.querySelector('[data-panel="annotation"] input[name="omittedBy"][value="' + l + '"]:checked')`, left), stepTimeout)
	}

	doc, _, _ := exportSettled(e)
	byID := map[string]exportAnnotation{}
	for _, a := range doc.Annotations {
		byID[a.ID] = a
	}
	got, ok := byID[om]
	if !ok || got.ReadoutID != right || got.Exact != zel || !slices.Equal(got.OmittedBy, []string{left}) || got.Tag != "omission" {
		t.Fatalf("the accepted omission in the export: %+v", got)
	}
	if len(got.Links) != 1 {
		t.Fatalf("the omission should link to its point in the left readout: %+v", got.Links)
	}
	pt := byID[got.Links[0].AnnotationID]
	if pt.ReadoutID != left || pt.Start != to || pt.End != to || pt.Tag != "omission" || len(pt.Links) != 1 || pt.Links[0].AnnotationID != om {
		t.Fatalf("the point made from the ghost: %+v", pt)
	}
	pa := byID[pairA]
	if len(pa.Links) != 1 || byID[pa.Links[0].AnnotationID].ReadoutID == pa.ReadoutID {
		t.Fatalf("the accepted pair: %+v", pa)
	}
	if back := byID[pa.Links[0].AnnotationID]; len(back.Links) != 1 || back.Links[0].AnnotationID != pairA {
		t.Fatalf("the pair's link is not on both ends: %+v", back)
	}
	if s := byID[sample]; !slices.Contains(s.OmittedBy, left) {
		t.Fatalf("O did not leave the sample omission omitted by the left readout: %+v", s)
	}

	// The summary: counts, the omissions both ways, the counterpart pair.
	clickSettled(e, `button[data-action="summary"]`)
	e.wait("the summary", `!!document.querySelector('[data-panel="summary"] [data-table="counts"]')`, stepTimeout)
	text := eval[string](e, `document.querySelector('[data-panel="summary"]').textContent`)
	for _, want := range []string{zel, "Ukraine and America", "Counterparts (1)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the summary lacks %q: %s", want, clip(text, 2000))
		}
	}
	inRightNotLeft := eval[string](e, `document.querySelector('[data-panel="summary"] [data-missing="b-not-a"]').textContent`)
	if !strings.Contains(inRightNotLeft, zel) {
		t.Errorf("the omission is not listed as in the right readout, not in the left: %s", inRightNotLeft)
	}
	counts := eval[[]string](e, `[...document.querySelectorAll('[data-panel="summary"] [data-table="counts"] tbody tr')].map(tr => tr.textContent)`)
	if len(counts) != 4 {
		t.Errorf("count rows: %q", counts)
	}
	// Copy as Markdown: the clipboard holds the summary, escaped.
	ctx, cancel := context.WithTimeout(e.ctx, stepTimeout)
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
			Permission: &cdpbrowser.PermissionDescriptor{Name: name}, Setting: cdpbrowser.PermissionSettingGranted,
		}); err != nil {
			t.Fatalf("allow %s: %v", name, err)
		}
	}
	cancel()
	clickSettled(e, `[data-panel="summary"] button[data-action="copy-summary"]`)
	e.wait("the copy to be confirmed", `document.querySelector('.fc-status').textContent === 'Summary copied as Markdown'`, stepTimeout,
		`document.querySelector('.fc-status').textContent`)
	md := eval[string](e, `navigator.clipboard.readText()`)
	for _, want := range []string{"compared", "## In White House readout, not in Kremlin readout (", "“" + zel + "”", "| Fact |", "## Counterparts (1)"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown on the clipboard lacks %q:\n%s", want, md)
		}
	}
	// Printing with the summary open shows only the summary.
	printMedia(e, true)
	hidden := eval[bool](e, `getComputedStyle(document.querySelector('.fc-body')).display === 'none' && getComputedStyle(document.querySelector('[data-panel="summary"]')).display !== 'none'`)
	printMedia(e, false)
	if !hidden {
		t.Errorf("the print stylesheet does not print the summary alone")
	}
}

// TestCompareLinksSurviveExportAndImport links two spans in the compare
// view, exports, imports the file as a new workspace, and finds the link on
// both ends of the new workspace's export.
func TestCompareLinksSurviveExportAndImport(t *testing.T) {
	e := start(t)
	left, right := openCompare(e)
	// Side by side at this width; stacked on a narrow screen.
	cols := `(() => { const [l, r] = ['left', 'right'].map(s => document.querySelector('[data-side="' + s + '"]').getBoundingClientRect()); return l.right <= r.left ? 'side' : l.bottom <= r.top ? 'stacked' : 'overlap'; })()`
	if got := eval[string](e, cols); got != "side" {
		t.Errorf("at 1280 px the columns are %s, want side by side", got)
	}
	setViewport(e, 700, 900)
	if got := eval[string](e, `new Promise(r => requestAnimationFrame(() => r(`+cols+`)))`); got != "stacked" {
		t.Errorf("at 700 px the columns are %s, want stacked", got)
	}
	setViewport(e, 0, 0)
	a := tagQuote(e, left, "1 час 25 минут", "1")
	e.pressKey("l")
	b := tagQuote(e, right, "ninety minutes", "1")
	e.wait("the link", js(`(id) => !!document.querySelector('[data-panel="annotation"] [data-link="' + id + '"]')`, a), stepTimeout,
		`document.querySelector('.fc-status').textContent`)
	doc1, raw, _ := exportSettled(e)
	importAsNew(e, writeFile(t, "compare.framecheck.json", raw))
	e.wait("the imported workspace", js(`(t) => !document.querySelector('[data-panel="import"]') && document.querySelector('.fc-ws-title').textContent !== '' && !document.querySelector('[data-readout-id="' + t + '"]')`, left), stepTimeout)
	doc2, _, _ := exportSettled(e)
	if len(doc2.Annotations) != len(doc1.Annotations) {
		t.Fatalf("%d annotations after re-import, %d before", len(doc2.Annotations), len(doc1.Annotations))
	}
	// Ids are new; find the two ends by their quotes.
	find := func(doc *exportDoc, exact string) *exportAnnotation {
		for i := range doc.Annotations {
			if doc.Annotations[i].Exact == exact && len(doc.Annotations[i].Links) > 0 {
				return &doc.Annotations[i]
			}
		}
		return nil
	}
	x, y := find(doc2, "1 час 25 минут"), find(doc2, "ninety minutes")
	if x == nil || y == nil {
		t.Fatalf("the linked spans lost their links on re-import (ids before: %s, %s)", a, b)
	}
	if len(x.Links) != 1 || x.Links[0].AnnotationID != y.ID || len(y.Links) != 1 || y.Links[0].AnnotationID != x.ID {
		t.Fatalf("links after re-import: %+v / %+v", x.Links, y.Links)
	}
}
