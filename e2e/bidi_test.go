package e2e

// Browser end-to-end test of mixed-direction readouts (issue #13): each
// paragraph of a readout takes its own direction, whatever the first strong
// character of the whole text, in the single view, the compare view and the
// HTML report.

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chromedp/chromedp"
)

// One short sentence each (one line even in a compare column), each
// starting with a letter of its script and ending with a full stop: in a
// paragraph laid out in the wrong direction the stop lands on the wrong side.
var bidiParas = []struct {
	label, text string
	rtl         bool
}{
	{"Arabic", "قال الرئيس إن المحادثة كانت مثمرة.", true},
	{"Hebrew", "הנשיא אמר שהשיחה הייתה פורייה.", true},
	{"English", "The call was frank and useful.", false},
}

// bidiText joins the paragraphs in the given order (blank lines between)
// and returns the text with each paragraph's code point span.
func bidiText(order ...int) (string, [][2]int) {
	var b strings.Builder
	var spans [][2]int
	for i, k := range order {
		if i > 0 {
			b.WriteString("\n\n")
		}
		s := utf8.RuneCountInString(b.String())
		b.WriteString(bidiParas[k].text)
		spans = append(spans, [2]int{s, s + utf8.RuneCountInString(bidiParas[k].text)})
	}
	return b.String(), spans
}

// bidiGeom is where the first and last character of one paragraph are
// drawn, and the element's content box.
type bidiGeom struct {
	Found                     string // "" when the element was found
	ContentLeft, ContentRight float64
	FirstLeft, FirstRight     float64
	LastLeft, LastRight       float64
	FirstTop, LastTop         float64
}

// bidiMeasureJS finds, inside scope, the element among [data-readout-id]
// and .text whose textContent is text, and measures each code point span.
const bidiMeasureJS = `(scope, sel, text, spans) => {
  const els = [...document.querySelectorAll(scope + ' ' + sel)];
  const root = els.find(el => el.textContent === text);
  if (!root) return spans.map(() => ({ Found: 'no ' + sel + ' with the text under ' + scope + ' (' + els.length + ' candidates)' }));
  const cs = getComputedStyle(root);
  const box = root.getBoundingClientRect();
  const contentLeft = box.left + root.clientLeft + parseFloat(cs.paddingLeft);
  const contentRight = box.left + root.clientLeft + root.clientWidth - parseFloat(cs.paddingRight);
  const pos = (cp) => {
    const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let n, seen = 0;
    while ((n = w.nextNode())) {
      let u = 0;
      for (const ch of n.data) {
        if (seen === cp) return [n, u];
        seen++; u += ch.length;
      }
    }
    throw new Error('code point ' + cp + ' past the end');
  };
  const rect = (cp) => {
    const r = document.createRange();
    const [a, ao] = pos(cp);
    r.setStart(a, ao);
    r.setEnd(a, ao + (a.data.codePointAt(ao) > 0xffff ? 2 : 1));
    return r.getClientRects()[0] || r.getBoundingClientRect();
  };
  return spans.map(([s, e]) => {
    const f = rect(s), l = rect(e - 1);
    return { Found: '', ContentLeft: contentLeft, ContentRight: contentRight,
      FirstLeft: f.left, FirstRight: f.right, LastLeft: l.left, LastRight: l.right, FirstTop: f.top, LastTop: l.top };
  });
}`

// checkBidi measures the readout's paragraphs where they are shown and
// checks that each is laid out in its own direction.
func checkBidi(e *env, where, scope, sel, text string, spans [][2]int, order []int) {
	e.t.Helper()
	geoms := eval[[]bidiGeom](e, js(bidiMeasureJS, scope, sel, text, spans))
	const tol = 3.0 // px
	for i, g := range geoms {
		p := bidiParas[order[i]]
		what := where + ", " + p.label + " paragraph"
		if g.Found != "" {
			e.fatalf("%s: %s", what, g.Found)
		}
		if g.LastTop-g.FirstTop > tol || g.FirstTop-g.LastTop > tol {
			e.t.Errorf("%s: test setup: it wraps (first character at y=%.0f, last at y=%.0f); make it shorter", what, g.FirstTop, g.LastTop)
			continue
		}
		if p.rtl {
			// Right to left: starts at the right edge, the stop at its left end.
			if d := g.ContentRight - g.FirstRight; d > tol || d < -tol {
				e.t.Errorf("%s: the first character ends at x=%.1f, %.1f px from the right edge %.1f; a right-to-left paragraph starts at the right edge", what, g.FirstRight, d, g.ContentRight)
			}
			if g.LastRight > g.FirstLeft+tol {
				e.t.Errorf("%s: the final full stop (x=%.1f..%.1f) is right of the first letter (x=%.1f..%.1f); in right-to-left text it ends the line on the left", what, g.LastLeft, g.LastRight, g.FirstLeft, g.FirstRight)
			}
		} else {
			if d := g.FirstLeft - g.ContentLeft; d > tol || d < -tol {
				e.t.Errorf("%s: the first character starts at x=%.1f, %.1f px from the left edge %.1f; a left-to-right paragraph starts at the left edge", what, g.FirstLeft, d, g.ContentLeft)
			}
			if g.LastLeft < g.FirstRight-tol {
				e.t.Errorf("%s: the final full stop (x=%.1f..%.1f) is left of the first letter (x=%.1f..%.1f); in left-to-right text it ends the line on the right", what, g.LastLeft, g.LastRight, g.FirstLeft, g.FirstRight)
			}
		}
	}
}

func TestBidiParagraphsKeepTheirDirection(t *testing.T) {
	e := start(t)
	e.load()

	// One readout that starts in Arabic (the whole element's dir=auto says
	// right to left), one that starts in English (left to right).
	orderA, orderE := []int{0, 1, 2}, []int{2, 0, 1}
	textA, spansA := bidiText(orderA...)
	textE, spansE := bidiText(orderE...)
	idA := e.addReadout(map[string]string{"title": "Mixed, Arabic first"}, textA)
	checkBidi(e, "single view, Arabic first", "", "[data-readout-id]", textA, spansA, orderA)
	idE := e.addReadout(map[string]string{"title": "Mixed, English first"}, textE)
	checkBidi(e, "single view, English first", "", "[data-readout-id]", textE, spansE, orderE)

	// Compare view: the two side by side.
	clickSettled(e, `button[data-action="compare"]`)
	e.wait("the compare view", `document.querySelector('[data-view="compare"] [data-side="left"] [data-readout-id]')`, stepTimeout)
	e.setSelect(`select[name="compare-left"]`, idA)
	e.setSelect(`select[name="compare-right"]`, idE)
	e.wait("the two mixed readouts side by side", js(`(a, b) => {
      const l = document.querySelector('[data-side="left"] [data-readout-id]');
      const r = document.querySelector('[data-side="right"] [data-readout-id]');
      return !!(l && r && l.getAttribute('data-readout-id') === a && r.getAttribute('data-readout-id') === b && l.textContent && r.textContent);
    }`, idA, idE), stepTimeout)
	checkBidi(e, "compare view, left", `[data-side="left"]`, "[data-readout-id]", textA, spansA, orderA)
	checkBidi(e, "compare view, right", `[data-side="right"]`, "[data-readout-id]", textE, spansE, orderE)

	// The HTML report, opened as a page of its own.
	raw, _ := exportAs(e, "html")
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(raw)
	}))
	defer ts.Close()
	e.act("open the HTML report", chromedp.Navigate(ts.URL+"/report.html"))
	checkBidi(e, "HTML report, Arabic first", "body", ".text", textA, spansA, orderA)
	checkBidi(e, "HTML report, English first", "body", ".text", textE, spansE, orderE)
}
