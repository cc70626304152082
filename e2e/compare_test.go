package main

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

// e2eCOpen loads the sample and opens the compare view; it returns the
// readout ids of the left and right columns.
func e2eCOpen(e *e2eEnv) (string, string) {
	e.t.Helper()
	e.e2eLoad()
	e2ePClick(e, `button[data-action="compare"]`)
	e.e2eWait("two columns with their texts painted", `(() => {
      const l = document.querySelector('[data-view="compare"] [data-side="left"] [data-readout-id]');
      const r = document.querySelector('[data-view="compare"] [data-side="right"] [data-readout-id]');
      return !!(l && r && l.textContent && r.textContent && l !== r);
    })()`, e2eStepTimeout, `document.querySelector('main.fc-shell').dataset.view`)
	ids := e2eEval[[]string](e, `['left', 'right'].map(s => document.querySelector('[data-side="' + s + '"] [data-readout-id]').getAttribute('data-readout-id'))`)
	if ids[0] == ids[1] {
		e.e2eFatalf("both columns show readout %s", ids[0])
	}
	return ids[0], ids[1]
}

// e2eCFind returns the code point span of the first occurrence of quote in
// a readout's text.
func e2eCFind(e *e2eEnv, readoutID, quote string) (int, int) {
	e.t.Helper()
	start := e2eEval[int](e, e2eJS(`(id, q) => {
      const t = document.querySelector('[data-readout-id="' + CSS.escape(id) + '"]').textContent;
      const i = t.indexOf(q);
      return i < 0 ? -1 : [...t.slice(0, i)].length;
    }`, readoutID, quote))
	if start < 0 {
		e.e2eFatalf("%q is not in the text of readout %s", quote, readoutID)
	}
	return start, start + len([]rune(quote))
}

// e2eCTag selects quote in a readout and tags it with key 1, 2 or 3; it
// returns the new annotation's id (the one the panel then shows).
func e2eCTag(e *e2eEnv, readoutID, quote, key string) string {
	e.t.Helper()
	before := e2eEval[string](e, `(document.querySelector('[data-panel="annotation"] [data-annotation]') || {dataset: {}}).dataset.annotation || ''`)
	s, t := e2eCFind(e, readoutID, quote)
	if got := e.e2eSelectRange(readoutID, s, t); got != quote {
		e.e2eFatalf("selected %q, want %q", got, quote)
	}
	e.e2ePressKey(key)
	e.e2eWait("the panel to show the new annotation of "+quote, e2eJS(`(before, q) => {
      const p = document.querySelector('[data-panel="annotation"] [data-annotation]');
      const x = document.querySelector('[data-panel="annotation"] .fc-exact');
      return !!(p && p.dataset.annotation !== before && x && x.textContent === q);
    }`, before, quote), e2eStepTimeout)
	return e2eEval[string](e, `document.querySelector('[data-panel="annotation"] [data-annotation]').dataset.annotation`)
}

// e2eCHighlights returns the text of every range of a named highlight
// (fc-selected, fc-counterpart, …), in order.
func e2eCHighlights(e *e2eEnv, name string) []string {
	e.t.Helper()
	return e2eEval[[]string](e, e2eJS(`(n) => {
      const h = CSS.highlights.get(n);
      return h ? [...h].map(r => r.toString()).sort() : [];
    }`, name))
}

// e2eCEndsJS is true when fc-selected holds exactly the text a and
// fc-counterpart exactly the text b.
const e2eCEndsJS = `(a, b) => {
      const sel = CSS.highlights.get('fc-selected'), cp = CSS.highlights.get('fc-counterpart');
      return sel && cp && sel.size === 1 && cp.size === 1 && [...sel][0].toString() === a && [...cp][0].toString() === b;
    }`

// TestE2ECompareLinkHighlightAndScroll links a span of the left column to
// one of the right column (L, then tag the counterpart), and checks that
// selecting either end highlights the other and scrolls its column to it.
func TestE2ECompareLinkHighlightAndScroll(t *testing.T) {
	e := e2eStart(t)
	left, right := e2eCOpen(e)
	// Short columns, so the counterpart starts out of view and revealing it
	// must scroll the column.
	e2eEval[bool](e, `(() => { const s = document.createElement('style'); s.textContent = '.fc-compare .fc-text { max-height: 90px !important; overflow-y: auto !important; }'; document.head.append(s); return true; })()`)

	const leftQuote, rightQuote = "Условлено продолжить контакты на различных уровнях.", "No agreements were reached."
	e2eCScrollTop(e, left)
	e2eCScrollTop(e, right)
	r := e2eCTag(e, right, rightQuote, "2")
	l := e2eCTag(e, left, leftQuote, "2")
	e.e2ePressKey("l")
	e.e2eWait("link mode", `document.querySelector('button[data-action="link-start"][aria-pressed="true"]') !== null`, e2eStepTimeout)
	s, u := e2eCFind(e, right, rightQuote)
	e2eCShowText(e, right, s, u)
	e.e2eClickText(right, s, u)
	e.e2eWait("the panel to list the counterpart", e2eJS(`(id) => !!document.querySelector('[data-panel="annotation"] [data-field="links"] [data-link="' + id + '"]')`, l), e2eStepTimeout,
		`document.querySelector('.fc-status').textContent`)

	// The right end is selected now: its text in fc-selected, the left end
	// in fc-counterpart, and the left column scrolled to show it.
	e.e2eWait("both ends highlighted", e2eJS(e2eCEndsJS, rightQuote, leftQuote), e2eStepTimeout,
		`JSON.stringify({selected: [...(CSS.highlights.get('fc-selected') || [])].map(String), counterpart: [...(CSS.highlights.get('fc-counterpart') || [])].map(String)})`)
	e2eCInView(e, left, "fc-counterpart")

	// Click the left end: now the right column scrolls to the right end.
	e2eCScrollTop(e, right)
	if e2eCRangeVisible(e, right, "fc-selected") {
		e.e2eFatalf("test setup: the right end is still in view after scrolling its column to the top")
	}
	ls, lu := e2eCFind(e, left, leftQuote)
	e2eCShowText(e, left, ls, lu)
	e.e2eClickText(left, ls+1, ls+2)
	e.e2eWait("the left end selected and the right end its counterpart", e2eJS(e2eCEndsJS, leftQuote, rightQuote), e2eStepTimeout)
	e2eCInView(e, right, "fc-counterpart")

	// A link note, saved on both ends.
	e.e2eType(`[data-panel="annotation"] input[name="link-note"][data-annotation="`+r+`"]`, "both avoid saying who asked for the call")
	e.e2ePressKey("Tab")
	e.e2eWait("the link note saved", `document.querySelector('.fc-status').textContent === 'Link note saved'`, e2eStepTimeout)

	doc, _, _ := e2ePExport(e)
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

// e2eCShowText scrolls a readout's own box so the code points [s, t) are
// in it (a user scrolls the column before clicking there).
func e2eCShowText(e *e2eEnv, readoutID string, s, t int) {
	e.t.Helper()
	e2eEval[bool](e, e2eJS(`(id, s, t) => {
      `+e2eRangeJS+`
      const box = document.querySelector('[data-readout-id="' + CSS.escape(id) + '"]');
      const a = e2eRange(id, s, t).getBoundingClientRect(), b = box.getBoundingClientRect();
      box.scrollTop += a.top - b.top - 10;
      return true;
    }`, readoutID, s, t))
}

// e2eCScreenshot saves a screenshot of the page for the README when
// FRAMECHECK_SCREENSHOTS names a directory (docs/ is where the README
// looks); otherwise it does nothing.
func e2eCScreenshot(e *e2eEnv, name string) {
	e.t.Helper()
	dir := os.Getenv("FRAMECHECK_SCREENSHOTS")
	if dir == "" {
		return
	}
	e2ePSettle(e)
	// A taller page, so the columns and the suggestions below them fit.
	e2eCViewport(e, 1280, 1560)
	defer e2eCViewport(e, 0, 0)
	e2eEval[bool](e, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => { scrollTo(0, 0); r(true); })))`)
	ctx, cancel := context.WithTimeout(e.ctx, e2eStepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		e.e2eFatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		e.t.Fatal(err)
	}
}

// e2eCViewport emulates a viewport of w × h CSS pixels; 0 × 0 restores
// the window's own.
func e2eCViewport(e *e2eEnv, w, h int64) {
	e.t.Helper()
	e.e2eDo(fmt.Sprintf("viewport %d×%d", w, h), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if w == 0 {
			_, err := cdp.Call(ctx, tg, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
			return err
		}
		_, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: w, Height: h, DeviceScaleFactor: 1})
		return err
	}))
}

// e2eCScrollTop scrolls a readout's text box to its top.
func e2eCScrollTop(e *e2eEnv, readoutID string) {
	e.t.Helper()
	e2eEval[bool](e, e2eJS(`(id) => { document.querySelector('[data-readout-id="' + CSS.escape(id) + '"]').scrollTop = 0; return true; }`, readoutID))
}

// e2eCPrintMedia switches the page between print and screen media.
func e2eCPrintMedia(e *e2eEnv, print bool) {
	e.t.Helper()
	media := ""
	if print {
		media = "print"
	}
	e.e2eDo("emulate media "+media, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return err
	}))
}

// e2eCInViewJS is true when the range of a highlight that lies in a readout
// is inside that readout's visible box (and the viewport).
const e2eCInViewJS = `(id, n) => {
      const box = document.querySelector('[data-readout-id="' + CSS.escape(id) + '"]');
      const h = CSS.highlights.get(n);
      const r = h && [...h].find(r => box.contains(r.startContainer));
      if (!r) return false;
      const a = r.getBoundingClientRect(), b = box.getBoundingClientRect();
      return a.top >= b.top - 1 && a.bottom <= b.bottom + 1 && a.bottom <= innerHeight && a.top >= 0;
    }`

// e2eCRangeVisible reports whether the highlight's range in the readout is
// in view now.
func e2eCRangeVisible(e *e2eEnv, readoutID, name string) bool {
	e.t.Helper()
	return e2eEval[bool](e, e2eJS(e2eCInViewJS, readoutID, name))
}

// e2eCInView waits until the highlight's range in the readout is in view.
func e2eCInView(e *e2eEnv, readoutID, name string) {
	e.t.Helper()
	e.e2eWait(name+" scrolled into view in its column", e2eJS(e2eCInViewJS, readoutID, name), e2eStepTimeout,
		e2eJS(`(id) => 'scrollTop ' + document.querySelector('[data-readout-id="' + CSS.escape(id) + '"]').scrollTop`, readoutID))
}

// TestE2ECompareSuggestOmissionGhostAndSummary runs Suggest, checks that
// suggestions are not annotations, accepts a suggested omission (exported
// with omittedBy) and a suggested pair (a link), makes the ghost marker of
// the omission a real point, toggles "omitted by" with O, and reads the
// summary.
func TestE2ECompareSuggestOmissionGhostAndSummary(t *testing.T) {
	e := e2eStart(t)
	left, right := e2eCOpen(e)
	before, _, _ := e2ePExport(e)

	e2ePClick(e, `button[data-action="suggest"]`)
	e.e2eWait("the suggestions", `document.querySelectorAll('[data-panel="suggestions"] [data-suggestion]').length > 0`, e2eStepTimeout,
		`(document.querySelector('[data-panel="suggestions"]') || {textContent: 'no panel'}).textContent`)
	if n := e2eEval[int](e, `CSS.highlights.get('fc-suggest-pair') ? CSS.highlights.get('fc-suggest-pair').size : 0`); n == 0 {
		t.Errorf("no suggested pair is marked in the columns")
	}
	mid, _, _ := e2ePExport(e)
	if len(mid.Annotations) != len(before.Annotations) {
		t.Fatalf("suggesting changed the annotations: %d before, %d after", len(before.Annotations), len(mid.Annotations))
	}

	// The right readout's sentence about Zelenskyy has no counterpart in the
	// Kremlin readout: accept it as an omission.
	const zel = "The President will speak with President Zelenskyy in the coming days."
	key := e2eEval[string](e, e2eJS(`(q) => {
      const li = [...document.querySelectorAll('[data-list="only-b"] [data-suggestion]')].find(li => li.textContent.includes(q));
      return li ? li.dataset.suggestion : '';
    }`, zel))
	if key == "" {
		e.e2eFatalf("the sentence %q is not among the right column's sentences without counterpart: %s", zel,
			e2eEval[string](e, `document.querySelector('[data-list="only-b"]').textContent`))
	}
	e2ePClick(e, `[data-suggestion="`+key+`"] button[data-action="accept-suggestion"]`)
	e.e2eWait("the omission selected", e2eJS(`(q) => { const x = document.querySelector('[data-panel="annotation"] .fc-exact'); return !!x && x.textContent === q; }`, zel), e2eStepTimeout)
	om := e2eEval[string](e, `document.querySelector('[data-panel="annotation"] [data-annotation]').dataset.annotation`)
	if e2eEval[bool](e, e2eJS(`(k) => !!document.querySelector('[data-suggestion="' + k + '"]')`, key)) {
		t.Errorf("an accepted suggestion is still offered")
	}
	// Its ghost marker is in the left column; make it a real point.
	e.e2eWait("the ghost marker in the left column", e2eJS(`(l, id) => !!document.querySelector('[data-readout-id="' + l + '"] .fc-ghost[data-ghost-for="' + id + '"]')`, left, om), e2eStepTimeout)
	// M moves it to the caret in the left column.
	const there = "Владимир Путин поздравил"
	to, _ := e2eCFind(e, left, there)
	e.e2eCaret(left, to)
	e.e2ePressKey("m")
	ghostAt := e2eJS(`(l, id) => {
      const box = document.querySelector('[data-readout-id="' + l + '"]');
      const g = box.querySelector('.fc-ghost[data-ghost-for="' + id + '"]');
      if (!g) return -1;
      const r = document.createRange();
      r.setStart(box, 0);
      r.setEndBefore(g);
      return [...r.toString()].length;
    }`, left, om)
	e.e2eWait("the ghost to move to the caret", ghostAt+` === `+strconv.Itoa(to), e2eStepTimeout, ghostAt, `document.querySelector('.fc-status').textContent`)
	e2ePClick(e, `[data-panel="annotation"] button[data-action="place-ghost"]`)
	e.e2eWait("the ghost to become an omission point", e2eJS(`(l, id) => !document.querySelector('.fc-ghost[data-ghost-for="' + id + '"]') && document.querySelectorAll('[data-readout-id="' + l + '"] .fc-point').length > 0`, left, om), e2eStepTimeout)

	// Accept the first suggested pair.
	pairKey := e2eEval[string](e, `(document.querySelector('[data-list="pairs"] [data-suggestion]') || {dataset: {}}).dataset.suggestion || ''`)
	if pairKey == "" {
		e.e2eFatalf("no suggested pair to accept")
	}
	// Bring the entry to the middle of the page first, as a user scrolls
	// to it (the page has just re-laid out the columns).
	e2eEval[bool](e, e2eJS(`(k) => { document.querySelector('[data-suggestion="' + k + '"]').scrollIntoView({block: 'center'}); return true; }`, pairKey))
	e2ePClick(e, `[data-suggestion="`+pairKey+`"] button[data-action="accept-suggestion"]`)
	e.e2eWait("the pair linked", `document.querySelectorAll('[data-panel="annotation"] [data-field="links"] [data-link]').length === 1`, e2eStepTimeout)
	pairA := e2eEval[string](e, `document.querySelector('[data-panel="annotation"] [data-annotation]').dataset.annotation`)

	e2eCScreenshot(e, "compare.png")

	// O: the existing omission span of the sample's White House readout
	// ("America's European partners") is told only there; say the Kremlin
	// leaves it out, then take it back, then say it again.
	// Pick it from the keyboard: ] moves to the right column, J walks its
	// annotations in text order.
	e.e2ePressKey("]")
	const target = "any settlement must involve Ukraine and America's European partners"
	quoteJS := `(document.querySelector('[data-panel="annotation"] .fc-exact') || {}).textContent || ''`
	for i := 0; e2eEval[string](e, quoteJS) != target; i++ {
		if i == 12 {
			e.e2eFatalf("J did not reach the omission %q; the panel shows %q", target, e2eEval[string](e, quoteJS))
		}
		before := e2eEval[string](e, quoteJS)
		e.e2ePressKey("j")
		// The panel remounts per annotation: wait for the next one's quote,
		// not for the moment between the two.
		e.e2eWait("J to select the next annotation", `((q) => q !== '' && q !== `+strconv.Quote(before)+`)(`+quoteJS+`)`, e2eStepTimeout, quoteJS)
	}
	sample := e2eEval[string](e, `document.querySelector('[data-panel="annotation"] [data-annotation]').dataset.annotation`)
	checked := func() bool {
		return e2eEval[bool](e, e2eJS(`(l) => !!document.querySelector('[data-panel="annotation"] input[name="omittedBy"][value="' + l + '"]:checked')`, left))
	}
	was := checked()
	e.e2ePressKey("o")
	e.e2eWait("O to toggle omitted by", e2eJS(`(l, was) => !!document.querySelector('[data-panel="annotation"] input[name="omittedBy"][value="' + l + '"]:checked') !== was`, left, was), e2eStepTimeout)
	if !checked() {
		e.e2ePressKey("o")
		e.e2eWait("O to set omitted by", e2eJS(`(l) => !!document.querySelector('[data-panel="annotation"] input[name="omittedBy"][value="' + l + '"]:checked')`, left), e2eStepTimeout)
	}

	doc, _, _ := e2ePExport(e)
	byID := map[string]e2eExportAnnotation{}
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
	e2ePClick(e, `button[data-action="summary"]`)
	e.e2eWait("the summary", `!!document.querySelector('[data-panel="summary"] [data-table="counts"]')`, e2eStepTimeout)
	text := e2eEval[string](e, `document.querySelector('[data-panel="summary"]').textContent`)
	for _, want := range []string{zel, "Ukraine and America", "Counterparts (1)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the summary lacks %q: %s", want, e2eClip(text, 2000))
		}
	}
	inRightNotLeft := e2eEval[string](e, `document.querySelector('[data-panel="summary"] [data-missing="b-not-a"]').textContent`)
	if !strings.Contains(inRightNotLeft, zel) {
		t.Errorf("the omission is not listed as in the right readout, not in the left: %s", inRightNotLeft)
	}
	counts := e2eEval[[]string](e, `[...document.querySelectorAll('[data-panel="summary"] [data-table="counts"] tbody tr')].map(tr => tr.textContent)`)
	if len(counts) != 4 {
		t.Errorf("count rows: %q", counts)
	}
	// Copy as Markdown: the clipboard holds the summary, escaped.
	ctx, cancel := context.WithTimeout(e.ctx, e2eStepTimeout)
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
			Permission: &cdpbrowser.PermissionDescriptor{Name: name}, Setting: cdpbrowser.PermissionSettingGranted,
		}); err != nil {
			t.Fatalf("allow %s: %v", name, err)
		}
	}
	cancel()
	e2ePClick(e, `[data-panel="summary"] button[data-action="copy-summary"]`)
	e.e2eWait("the copy to be confirmed", `document.querySelector('.fc-status').textContent === 'Summary copied as Markdown'`, e2eStepTimeout,
		`document.querySelector('.fc-status').textContent`)
	md := e2eEval[string](e, `navigator.clipboard.readText()`)
	for _, want := range []string{"compared", "## In White House readout, not in Kremlin readout (", "“" + zel + "”", "| Fact |", "## Counterparts (1)"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown on the clipboard lacks %q:\n%s", want, md)
		}
	}
	// Printing with the summary open shows only the summary.
	e2eCPrintMedia(e, true)
	hidden := e2eEval[bool](e, `getComputedStyle(document.querySelector('.fc-body')).display === 'none' && getComputedStyle(document.querySelector('[data-panel="summary"]')).display !== 'none'`)
	e2eCPrintMedia(e, false)
	if !hidden {
		t.Errorf("the print stylesheet does not print the summary alone")
	}
}

// TestE2ECompareLinksSurviveExportImport links two spans in the compare
// view, exports, imports the file as a new workspace, and finds the link on
// both ends of the new workspace's export.
func TestE2ECompareLinksSurviveExportImport(t *testing.T) {
	e := e2eStart(t)
	left, right := e2eCOpen(e)
	// Side by side at this width; stacked on a narrow screen.
	cols := `(() => { const [l, r] = ['left', 'right'].map(s => document.querySelector('[data-side="' + s + '"]').getBoundingClientRect()); return l.right <= r.left ? 'side' : l.bottom <= r.top ? 'stacked' : 'overlap'; })()`
	if got := e2eEval[string](e, cols); got != "side" {
		t.Errorf("at 1280 px the columns are %s, want side by side", got)
	}
	e2eCViewport(e, 700, 900)
	if got := e2eEval[string](e, `new Promise(r => requestAnimationFrame(() => r(`+cols+`)))`); got != "stacked" {
		t.Errorf("at 700 px the columns are %s, want stacked", got)
	}
	e2eCViewport(e, 0, 0)
	a := e2eCTag(e, left, "1 час 25 минут", "1")
	e.e2ePressKey("l")
	b := e2eCTag(e, right, "ninety minutes", "1")
	e.e2eWait("the link", e2eJS(`(id) => !!document.querySelector('[data-panel="annotation"] [data-link="' + id + '"]')`, a), e2eStepTimeout,
		`document.querySelector('.fc-status').textContent`)
	doc1, raw, _ := e2ePExport(e)
	e2ePImport(e, e2ePWriteFile(t, "compare.framecheck.json", raw))
	e.e2eWait(`the import dialog`, `!!document.querySelector('[data-panel="import"] button[data-action="import-new"]')`, e2eStepTimeout)
	e2ePClick(e, `[data-panel="import"] button[data-action="import-new"]`)
	e.e2eWait("the imported workspace", e2eJS(`(t) => !document.querySelector('[data-panel="import"]') && document.querySelector('.fc-ws-title').textContent !== '' && !document.querySelector('[data-readout-id="' + t + '"]')`, left), e2eStepTimeout)
	doc2, _, _ := e2ePExport(e)
	if len(doc2.Annotations) != len(doc1.Annotations) {
		t.Fatalf("%d annotations after re-import, %d before", len(doc2.Annotations), len(doc1.Annotations))
	}
	// Ids are new; find the two ends by their quotes.
	find := func(doc *e2eExportDoc, exact string) *e2eExportAnnotation {
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
