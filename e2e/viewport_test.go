package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"framecheck/app/fcjson"
	"framecheck/app/workspace"
	"framecheck/internal/browsertest"
)

// longReadout is one long readout of a test file: its id, its UTF-16
// length and its spans in UTF-16 units ([start, end) and tag), as the page
// counts them.
type longReadout struct {
	ID    string
	Len16 int
	Spans [][3]any
}

// longFile is a framecheck file with k long readouts (Latin, Cyrillic and
// emoji paragraphs, about 60,000 code points each) and n annotations of the
// three tags on each, some short, some across several screens, many nested.
func longFile(t *testing.T, n, k int) (data []byte, out []longReadout) {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 11))
	words := []string{"talks", "president", "sanctions", "стабильность", "переговоры", "agreed", "🇺🇦", "👩‍👩‍👧", "café", "ceasefire", "минут", "security", "grain", "exports"}
	at := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	w := &workspace.Workspace{ID: "0b7f3c1e-6d2a-4c59-9e1b-2f8a7d6c5b42", Title: "Long", CreatedAt: at, UpdatedAt: at}
	tags := []workspace.Tag{workspace.Fact, workspace.Framing, workspace.Omission}
	for j := range k {
		var b strings.Builder
		for b.Len() < 120_000 {
			for c := 8 + rng.IntN(40); c > 0; c-- {
				b.WriteString(words[rng.IntN(len(words))])
				b.WriteByte(' ')
			}
			b.WriteString("end.\n\n")
		}
		text := []rune(b.String())
		if len(text) > 60_000 {
			text = text[:60_000]
		}
		r := &workspace.Readout{ID: fmt.Sprintf("c0000000-0000-4000-8000-%012d", j+2), Title: fmt.Sprintf("Long readout %d", j+1), Text: string(text)}
		w.Readouts = append(w.Readouts, r)
		// u16[i]: the UTF-16 offset of code point i.
		u16 := make([]int, len(text)+1)
		for i, c := range text {
			u16[i+1] = u16[i] + len(utf16.Encode([]rune{c}))
		}
		lr := longReadout{ID: r.ID, Len16: u16[len(text)]}
		tp := r.Positions()
		for i := range n {
			length := 3 + rng.IntN(200)
			if i%40 == 0 {
				length = 2_000 + rng.IntN(4_000) // several screens
			}
			s := rng.IntN(len(text) - 10)
			e := min(s+length, len(text))
			s, e = tp.SnapSpan(s, e)
			if s >= e {
				continue
			}
			p, x, sf, _ := tp.Quote(s, e, workspace.ContextLen)
			tag := tags[i%3]
			w.Annotations = append(w.Annotations, &workspace.Annotation{ID: fmt.Sprintf("e%07d-0000-4000-8000-%012d", j, i), ReadoutID: r.ID,
				Tag: tag, Start: s, End: e, Exact: x, Prefix: p, Suffix: sf, CreatedAt: at, UpdatedAt: at})
			lr.Spans = append(lr.Spans, [3]any{u16[s], u16[e], string(tag)})
		}
		out = append(out, lr)
	}
	data, err := fcjson.Encode(w, at)
	if err != nil {
		t.Fatal(err)
	}
	return data, out
}

// viewportCheck is installed in the page with the readouts to watch:
// check() looks at a grid of points over the part of each readout's box
// inside the viewport, finds the character under each, and records a miss
// when an annotation covers that character but no range registered in its
// tag's highlight does. It runs in requestAnimationFrame, registered after
// the app's scroll handling: scroll and resize events and resize observers
// have run by then for the frame about to be painted, and nothing the app
// does changes the highlights between it and the paint, so what it sees is
// what that frame shows. (A screencast would have to tell highlight colours
// from text in software-rendered pixels, and would see fewer frames; the
// highlights themselves are the exact record.)
const viewportCheck = `(readouts) => {
  const V = window.__vp = { frames: 0, seen: 0, misses: [] };
  const elOf = (id) => document.querySelector('[data-readout-id="' + id + '"]');
  const checkOne = (id, spans) => {
    const el = elOf(id);
    if (!el) { V.misses.push({ id, why: 'no readout element' }); return; }
    const startOf = new Map();
    let pos = 0;
    for (const n of el.childNodes) if (n.nodeType === 3) { startOf.set(n, pos); pos += n.length; }
    const reg = {};
    for (const tag of ['fact', 'framing', 'omission']) {
      reg[tag] = [];
      const h = CSS.highlights.get('fc-' + tag);
      if (!h) continue;
      for (const r of h) {
        const a = startOf.get(r.startContainer), b = startOf.get(r.endContainer);
        if (a !== undefined && b !== undefined) reg[tag].push([a + r.startOffset, b + r.endOffset]);
      }
    }
    const box = el.getBoundingClientRect();
    const top = Math.max(box.top, 0), bottom = Math.min(box.bottom, innerHeight);
    const left = Math.max(box.left, 0), right = Math.min(box.right, innerWidth);
    if (bottom <= top || right <= left) return;
    const probe = document.createRange();
    for (let y = top + 3; y < bottom; y += (bottom - top) / 12) {
      for (let x = left + 3; x < right; x += (right - left) / 6) {
        const cp = document.caretPositionFromPoint(x, y);
        if (!cp) continue;
        const base = startOf.get(cp.offsetNode);
        if (base === undefined) continue;
        let c = -1;
        for (const o of [cp.offset, cp.offset - 1]) {
          if (o < 0 || o >= cp.offsetNode.length) continue;
          probe.setStart(cp.offsetNode, o);
          probe.setEnd(cp.offsetNode, o + 1);
          const rr = probe.getBoundingClientRect();
          if (x >= rr.left && x <= rr.right && y >= rr.top && y <= rr.bottom) { c = base + o; break; }
        }
        if (c < 0) continue;
        for (const [s, e, tag] of spans) {
          if (s > c || c >= e) continue;
          V.seen++;
          if (!reg[tag].some(([a, b]) => a <= c && c < b) && V.misses.length < 20) {
            V.misses.push({ id, frame: V.frames, char: c, tag, span: [s, e] });
          }
        }
      }
    }
  };
  V.check = () => {
    V.frames++;
    for (const r of readouts) checkOne(r.ID, r.Spans);
  };
  // scroller: the box readout id scrolls in (a compare column is its own
  // scrolling box), or the page.
  V.scroller = (id) => {
    for (let p = elOf(id || readouts[0].ID); p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowY;
      if ((o === 'auto' || o === 'scroll') && p.scrollHeight > p.clientHeight + 1) return p;
    }
    return document.scrollingElement;
  };
  // watch checks n frames in a row.
  V.watch = (n) => new Promise((done) => {
    let k = 0;
    const f = () => { V.check(); if (++k >= n) done(true); else requestAnimationFrame(f); };
    requestAnimationFrame(f);
  });
  // scroll moves a scroller by dy every 5 ms (faster than frames, as a
  // flung wheel does), for steps steps, while every frame is checked.
  V.scroll = (dy, steps, id) => new Promise((done) => {
    const sc = V.scroller(id);
    let k = 0, moving = true;
    const tick = () => { sc.scrollBy(0, dy); if (++k < steps) setTimeout(tick, 5); else moving = false; };
    const f = () => { V.check(); if (moving) requestAnimationFrame(f); else done(true); };
    setTimeout(tick, 5);
    requestAnimationFrame(f);
  });
  // jump moves a scroller to a place at once, then checks a few frames.
  V.jump = (y, id) => new Promise((done) => {
    setTimeout(() => { V.scroller(id).scrollTo(0, y); V.watch(4).then(done); }, 0);
  });
  return true;
}`

// importLong imports a file of k long readouts as a new workspace and waits
// until every span is held and the first measurement done.
func importLong(e *env, n, k int) []longReadout {
	e.t.Helper()
	data, rs := longFile(e.t, n, k)
	importAsNew(e, writeFile(e.t, "long.framecheck.json", data))
	total := 0
	for _, r := range rs {
		total += len(r.Spans)
	}
	e.wait("the long readout with all its spans held", js(`(id, len16, n) => {
      const el = document.querySelector('[data-readout-id="' + id + '"]');
      const h = self.framecheck && self.framecheck.held && self.framecheck.held();
      return !!el && el.textContent.length === len16 && !!h && h.settled && h.spans === n;
    }`, rs[0].ID, rs[0].Len16, len(rs[0].Spans)), 60*time.Second,
		`JSON.stringify(self.framecheck && self.framecheck.held && self.framecheck.held())`)
	return rs
}

// runChecked runs a step of the page's __vp (a promise) and fails the test
// when a frame showed an annotated character without its highlight.
func runChecked(e *env, what, expr string) {
	e.t.Helper()
	before := eval[map[string]float64](e, `({ frames: __vp.frames, seen: __vp.seen })`)
	if _, err := browsertest.Eval[bool](e.ctx, 90*time.Second, expr); err != nil {
		e.fatalf("%s: %v", what, err)
	}
	v := eval[map[string]any](e, `(() => { const v = { frames: __vp.frames, seen: __vp.seen, misses: JSON.stringify(__vp.misses) }; __vp.misses = []; return v; })()`)
	if v["misses"] != "[]" {
		e.errorf("%s: visible annotated characters without their highlight: %v", what, v["misses"])
	}
	e.t.Logf("%s: %v frames checked, %v annotated points seen", what, v["frames"].(float64)-before["frames"], v["seen"].(float64)-before["seen"])
}

// resizeTo sets the page's viewport size.
func resizeTo(e *env, w, h int64) {
	e.act("resize the window", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: w, Height: h, DeviceScaleFactor: 1})
		return err
	}))
}

// Only the highlight ranges near the viewport are registered (issue #15
// item 3), and scrolling or resizing never shows an annotated character
// without its highlight: a fast scroll down and up the long readout, jumps
// to the end and back, and two window sizes, checked frame by frame.
func TestVisibleHighlightsFollowScrolling(t *testing.T) {
	e := start(t)
	e.load()
	rs := importLong(e, 900, 1)
	rid, len16 := rs[0].ID, rs[0].Len16

	held := eval[map[string]any](e, `self.framecheck.held()`)
	if shown, all := held["shown"].(float64), held["spans"].(float64); shown == 0 || shown >= all {
		t.Errorf("registered %v of %v spans at the top of a long readout: want some, not all", shown, all)
	}
	// A span far from the viewport has no Range (a live Range costs the
	// document work on every change to its nodes).
	if ranges, shown := held["ranges"], held["shown"]; ranges != shown {
		t.Errorf("%v Range objects alive for %v registered spans: want one per registered span", ranges, shown)
	}
	eval[bool](e, js(viewportCheck, rs))

	runChecked(e, "fast scroll down", `__vp.scroll(120, 400)`)
	runChecked(e, "fast scroll up", `__vp.scroll(-160, 250)`)
	runChecked(e, "jump to the end", `__vp.jump(1e9)`)
	runChecked(e, "jump to the middle", `__vp.jump(__vp.scroller().scrollHeight / 2)`)
	resizeTo(e, 700, 500)
	runChecked(e, "after a resize to 700×500", `__vp.watch(6)`)
	runChecked(e, "fast scroll in the narrow window", `__vp.scroll(90, 200)`)
	resizeTo(e, 1280, 900)
	runChecked(e, "after a resize back to 1280×900", `__vp.watch(6)`)
	runChecked(e, "jump to the top", `__vp.jump(0)`)
	held = eval[map[string]any](e, `self.framecheck.held()`)
	if held["ranges"] != held["shown"] || held["spans"].(float64) <= held["shown"].(float64) {
		t.Errorf("after scrolling: %v", held)
	}

	// The check saw what it is meant to: many frames, many annotated points.
	v := eval[map[string]float64](e, `({ frames: __vp.frames, seen: __vp.seen })`)
	if v["frames"] < 60 || v["seen"] < 1000 {
		t.Errorf("the check looked at %v frames and %v annotated points: too few to mean anything", v["frames"], v["seen"])
	}
	if got := eval[int](e, js(`(id) => document.querySelector('[data-readout-id="' + id + '"]').textContent.length`, rid)); got != len16 {
		t.Errorf("the readout's textContent is %d UTF-16 units, want %d", got, len16)
	}
}

// In the compare view each column scrolls in its own box: scrolling one
// column fast, or jumping it to its end, registers what comes into that
// column while the other keeps what it shows.
func TestVisibleHighlightsFollowCompareColumns(t *testing.T) {
	e := start(t)
	e.load()
	rs := importLong(e, 600, 2)
	clickSettled(e, `button[data-action="compare"]`)
	e.wait("two long columns", js(`(a, b) => {
      const l = document.querySelector('[data-view="compare"] [data-side="left"] [data-readout-id]');
      const r = document.querySelector('[data-view="compare"] [data-side="right"] [data-readout-id]');
      const h = self.framecheck.held();
      return !!(l && r) && [l.dataset.readoutId, r.dataset.readoutId].sort().join() === [a, b].sort().join() && h.settled && h.spans === `+fmt.Sprint(len(rs[0].Spans)+len(rs[1].Spans))+`;
    }`, rs[0].ID, rs[1].ID), 60*time.Second, `JSON.stringify(self.framecheck.held())`)
	eval[bool](e, js(viewportCheck, rs))
	left := eval[string](e, `document.querySelector('[data-side="left"] [data-readout-id]').dataset.readoutId`)
	right := eval[string](e, `document.querySelector('[data-side="right"] [data-readout-id]').dataset.readoutId`)
	if sc := eval[bool](e, js(`(id) => __vp.scroller(id) !== document.scrollingElement`, left)); !sc {
		t.Fatalf("the left column does not scroll in its own box at 1280×900")
	}
	runChecked(e, "fast scroll of the left column", js(`(id) => __vp.scroll(150, 300, id)`, left))
	runChecked(e, "fast scroll of the right column", js(`(id) => __vp.scroll(200, 200, id)`, right))
	runChecked(e, "jump of the left column to its end", js(`(id) => __vp.jump(1e9, id)`, left))
	runChecked(e, "right column back up", js(`(id) => __vp.scroll(-300, 100, id)`, right))
	v := eval[map[string]float64](e, `({ frames: __vp.frames, seen: __vp.seen })`)
	if v["frames"] < 40 || v["seen"] < 1000 {
		t.Errorf("the check looked at %v frames and %v annotated points: too few to mean anything", v["frames"], v["seen"])
	}
}
