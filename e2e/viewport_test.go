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

// longFile is a framecheck file with one long readout (Latin, Cyrillic and
// emoji paragraphs, about 60,000 code points) and n annotations of the
// three tags, some short, some across several screens, many nested. It
// returns the file, the readout's id, its UTF-16 length and the spans in
// UTF-16 units ([start, end) and tag), as the page counts them.
func longFile(t *testing.T, n int) (data []byte, rid string, len16 int, spans [][3]any) {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 11))
	words := []string{"talks", "president", "sanctions", "стабильность", "переговоры", "agreed", "🇺🇦", "👩‍👩‍👧", "café", "ceasefire", "минут", "security", "grain", "exports"}
	var b strings.Builder
	for b.Len() < 120_000 {
		for k := 8 + rng.IntN(40); k > 0; k-- {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		b.WriteString("end.\n\n")
	}
	text := []rune(b.String())
	if len(text) > 60_000 {
		text = text[:60_000]
	}
	at := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	w := &workspace.Workspace{ID: "0b7f3c1e-6d2a-4c59-9e1b-2f8a7d6c5b42", Title: "Long", CreatedAt: at, UpdatedAt: at}
	r := &workspace.Readout{ID: "c0000000-0000-4000-8000-000000000002", Title: "Long readout", Text: string(text)}
	w.Readouts = []*workspace.Readout{r}
	// u16[i]: the UTF-16 offset of code point i.
	u16 := make([]int, len(text)+1)
	for i, c := range text {
		u16[i+1] = u16[i] + len(utf16.Encode([]rune{c}))
	}
	tp := r.Positions()
	tags := []workspace.Tag{workspace.Fact, workspace.Framing, workspace.Omission}
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
		w.Annotations = append(w.Annotations, &workspace.Annotation{ID: fmt.Sprintf("e0000000-0000-4000-8000-%012d", i), ReadoutID: r.ID,
			Tag: tag, Start: s, End: e, Exact: x, Prefix: p, Suffix: sf, CreatedAt: at, UpdatedAt: at})
		spans = append(spans, [3]any{u16[s], u16[e], string(tag)})
	}
	data, err := fcjson.Encode(w, at)
	if err != nil {
		t.Fatal(err)
	}
	return data, r.ID, u16[len(text)], spans
}

// viewportCheck is installed in the page: check() looks at a grid of
// points over the part of the readout inside the viewport, finds the
// character under each, and records a miss when an annotation covers that
// character but no range registered in its tag's highlight does. It runs
// in requestAnimationFrame: scroll and resize events and resize observers
// have run by then for the frame about to be painted, and nothing the app
// does changes the highlights between it and the paint, so what it sees is
// what that frame shows. (A screencast would have to tell highlight colours
// from text in software-rendered pixels; the highlights themselves are the
// exact record.)
const viewportCheck = `(id, spans) => {
  const V = window.__vp = { frames: 0, seen: 0, misses: [] };
  V.check = () => {
    const el = document.querySelector('[data-readout-id="' + id + '"]');
    if (!el) { V.misses.push({ why: 'no readout element' }); return; }
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
    V.frames++;
    if (bottom <= top) return;
    const probe = document.createRange();
    for (let y = top + 3; y < bottom; y += (bottom - top) / 12) {
      for (let x = box.left + 3; x < box.right; x += (box.right - box.left) / 6) {
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
            V.misses.push({ frame: V.frames, char: c, tag, span: [s, e], scrollY: Math.round(scrollY) });
          }
        }
      }
    }
  };
  // scroller: the readout's scrolling box, or the page.
  V.scroller = () => {
    for (let p = document.querySelector('[data-readout-id="' + id + '"]').parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowY;
      if ((o === 'auto' || o === 'scroll') && p.scrollHeight > p.clientHeight + 1) return p;
    }
    return document.scrollingElement;
  };
  // frames checks n frames in a row.
  V.watch = (n) => new Promise((done) => {
    let k = 0;
    const f = () => { V.check(); if (++k >= n) done(true); else requestAnimationFrame(f); };
    requestAnimationFrame(f);
  });
  // scroll moves the scroller by dy every 5 ms (faster than frames, as a
  // flung wheel does), for steps steps, while every frame is checked.
  V.scroll = (dy, steps) => new Promise((done) => {
    const sc = V.scroller();
    let k = 0, moving = true;
    const tick = () => { sc.scrollBy(0, dy); if (++k < steps) setTimeout(tick, 5); else moving = false; };
    const f = () => { V.check(); if (moving) requestAnimationFrame(f); else done(true); };
    setTimeout(tick, 5);
    requestAnimationFrame(f);
  });
  // jump moves the scroller to a place at once, then checks a few frames.
  V.jump = (y) => new Promise((done) => {
    setTimeout(() => { V.scroller().scrollTo(0, y); V.watch(4).then(done); }, 0);
  });
  return true;
}`

// Only the highlight ranges near the viewport are registered (issue #15
// item 3), and scrolling or resizing never shows an annotated character
// without its highlight: a fast scroll down and up the long readout, jumps
// to the end and back, and two window sizes, checked frame by frame.
func TestVisibleHighlightsFollowScrolling(t *testing.T) {
	e := start(t)
	e.load()
	data, rid, len16, spans := longFile(t, 900)
	importAsNew(e, writeFile(t, "long.framecheck.json", data))
	e.wait("the long readout with all its spans held", js(`(id, len16, n) => {
      const el = document.querySelector('[data-readout-id="' + id + '"]');
      const h = self.framecheck && self.framecheck.held && self.framecheck.held();
      return !!el && el.textContent.length === len16 && !!h && h.settled && h.spans === n;
    }`, rid, len16, len(spans)), 60*time.Second,
		`JSON.stringify(self.framecheck && self.framecheck.held && self.framecheck.held())`)

	held := eval[map[string]any](e, `self.framecheck.held()`)
	if shown, all := held["shown"].(float64), held["spans"].(float64); shown == 0 || shown >= all {
		t.Errorf("registered %v of %v spans at the top of a long readout: want some, not all", shown, all)
	}
	eval[bool](e, js(viewportCheck, rid, spans))

	run := func(what, expr string) {
		t.Helper()
		if _, err := browsertest.Eval[bool](e.ctx, 90*time.Second, expr); err != nil {
			e.fatalf("%s: %v", what, err)
		}
		v := eval[map[string]any](e, `(() => { const v = { frames: __vp.frames, seen: __vp.seen, misses: JSON.stringify(__vp.misses) }; __vp.misses = []; return v; })()`)
		if v["misses"] != "[]" {
			e.errorf("%s: visible annotated characters without their highlight: %v", what, v["misses"])
		}
		t.Logf("%s: %v frames checked, %v annotated points seen", what, v["frames"], v["seen"])
	}
	run("fast scroll down", `__vp.scroll(120, 400)`)
	run("fast scroll up", `__vp.scroll(-160, 250)`)
	run("jump to the end", `__vp.jump(1e9)`)
	run("jump to the middle", `__vp.jump(__vp.scroller().scrollHeight / 2)`)
	resize := func(w, h int64) {
		e.act("resize the window", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: w, Height: h, DeviceScaleFactor: 1})
			return err
		}))
	}
	resize(700, 500)
	run("after a resize to 700×500", `__vp.watch(6)`)
	run("fast scroll in the narrow window", `__vp.scroll(90, 200)`)
	resize(1280, 900)
	run("after a resize back to 1280×900", `__vp.watch(6)`)
	run("jump to the top", `__vp.jump(0)`)

	// The check saw what it is meant to: many frames, many annotated points.
	v := eval[map[string]float64](e, `({ frames: __vp.frames, seen: __vp.seen })`)
	if v["frames"] < 60 || v["seen"] < 1000 {
		t.Errorf("the check looked at %v frames and %v annotated points: too few to mean anything", v["frames"], v["seen"])
	}
	if got := eval[int](e, js(`(id) => document.querySelector('[data-readout-id="' + id + '"]').textContent.length`, rid)); got != len16 {
		t.Errorf("the readout's textContent is %d UTF-16 units, want %d", got, len16)
	}
}
