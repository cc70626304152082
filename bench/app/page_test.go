package appbench

import (
	"encoding/json"
	"strings"
)

// quietJS defines __quiet(ms), the settle both tools' rounds use (here
// and in the peer's page): it resolves once ms have passed in which the
// document was not changed and every animation frame began within 25 ms of
// the one before (no long task or heavy frame), so that the next timed
// step does not meet work left over from the one before.
const quietJS = `window.__quiet = (ms) => new Promise((resolve) => {
  let changed = false, last = performance.now(), since = last;
  const mo = new MutationObserver(() => { changed = true; });
  mo.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  const frame = () => {
    const now = performance.now();
    if (changed || now - last > 25) { since = now; changed = false; }
    last = now;
    if (now - since >= ms) { mo.disconnect(); resolve(now); return; }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
});
`

// pageInstrumentation runs in every document before the app's scripts
// (Page.addScriptToEvaluateOnNewDocument). It only records; it never
// changes what the app does:
//
//   - B.instance: the WebAssembly instance (instantiate and
//     instantiateStreaming are wrapped to keep it), for the size of the
//     linear memory;
//   - B.entries: every Event Timing entry (PerformanceObserver type "event",
//     durationThreshold 16, the smallest the API allows, buffered);
//   - B.downs / B.changes: the timeStamp of every mousedown and change
//     event (capture phase on window, so before the app sees them);
//   - B.downloads: performance.now() when a download anchor is clicked
//     (the moment the app hands the Blob to the browser);
//   - load milestones, by a MutationObserver that is disconnected once the
//     probe has been answered: B.t.loaderGone (go-app's #app-wasm-loader
//     removed), B.t.ready (the ready selector matches), B.t.answer (the
//     answer selector matches) and B.t.answerPainted.
//
// All times are performance.now() or event timeStamps: milliseconds since
// the time origin, which for a navigated document is its navigation start.
//
// The end marker after a DOM state has been seen (B.afterPaint) is one
// requestAnimationFrame callback that posts a MessageChannel message: the
// message runs after that frame's style, layout, paint and commit. It is only
// ever used as the end marker once a condition holds (seen by a
// MutationObserver, or by B.until's polling, which uses setTimeout), never
// to time an interaction.
const pageInstrumentation = quietJS + `(() => {
  const cfg = __CFG__;
  const B = { cfg, t: {}, entries: [], downs: [], changes: [], keys: [], downloads: [], marks: [] };
  Object.defineProperty(window, '__fcb', { value: B });

  for (const name of ['instantiateStreaming', 'instantiate']) {
    const orig = WebAssembly[name];
    if (!orig) continue;
    WebAssembly[name] = async function (...args) {
      const r = await orig.apply(this, args);
      B.instance = r.instance || r;
      return r;
    };
  }
  B.wasmMemory = () => {
    const e = B.instance && B.instance.exports;
    const m = e && (e.mem || e.memory);
    return m ? m.buffer.byteLength : -1;
  };

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        B.entries.push({ name: e.name, start: e.startTime, dur: e.duration,
          ps: e.processingStart, pe: e.processingEnd, iid: e.interactionId || 0 });
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  } catch (err) { B.eventTimingError = String(err); }
  addEventListener('mousedown', (e) => B.downs.push(e.timeStamp), true);
  addEventListener('keydown', (e) => B.keys.push(e.timeStamp), true);
  addEventListener('change', (e) => B.changes.push(e.timeStamp), true);
  const aclick = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    if (this.hasAttribute('download')) B.downloads.push(performance.now());
    return aclick.call(this);
  };
  B.mark = (label) => { performance.mark('fcb-' + label); B.marks.push({ label, t: performance.now() }); return true; };

  B.afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve(performance.now());
    ch.port2.postMessage(0);
  }));

  // until polls cond every 4 ms (setTimeout) and resolves with the end
  // marker of the first frame after it held, or -1 after timeoutMs.
  B.until = (cond, timeoutMs) => new Promise((resolve) => {
    const t0 = performance.now();
    const tick = () => {
      let ok = false;
      try { ok = cond(); } catch (e) { ok = false; }
      if (ok) { B.afterPaint().then((t) => { performance.mark('fcb-painted'); resolve(t); }); return; }
      if (performance.now() - t0 > timeoutMs) { resolve(-1); return; }
      setTimeout(tick, 4);
    };
    tick();
  });

  // highlightCount: the tag spans painted. The app registers in
  // CSS.highlights only the ranges near the viewport and holds the rest
  // (framecheck.hold), so "painted" is: every span made and held, and what
  // is near the viewport registered (no measurement pending); -1 until
  // then. Without framecheck.held (an older build), the registered ranges.
  B.highlightCount = () => {
    const fc = self.framecheck;
    if (fc && fc.held) {
      const h = fc.held();
      return h.settled ? h.spans : -1;
    }
    let n = 0;
    for (const name of ['fc-fact', 'fc-framing', 'fc-omission']) {
      const h = CSS.highlights && CSS.highlights.get(name);
      if (h) n += h.size;
    }
    return n;
  };
  // painted: the readout element holds the whole text and the highlights
  // hold exactly the expected number of ranges.
  B.painted = (id, len16, spans) => {
    if (B.highlightCount() !== spans) return false;
    const el = document.querySelector('[data-readout-id="' + id + '"]');
    return !!el && el.textContent.length === len16;
  };
  B.listCount = () => document.querySelectorAll('[data-annotation-list] [data-annotation-id]').length;
  // listShows: the list counts n annotations and renders its window of them
  // (the app renders at most 50 entries at once).
  B.listShows = (n) => {
    const total = [...document.querySelectorAll('[data-annotation-list] [data-count]')].reduce((s, el) => s + Number(el.textContent), 0);
    return total === n && B.listCount() === Math.min(n, 50);
  };

  // Load milestones.
  let sawLoader = false, resolveReady, resolveAnswer;
  B.whenReady = new Promise((r) => { resolveReady = r; });
  B.whenAnswered = new Promise((r) => { resolveAnswer = r; });
  const check = () => {
    const now = performance.now();
    if (!sawLoader && document.getElementById('app-wasm-loader')) sawLoader = true;
    if (sawLoader && B.t.loaderGone === undefined && !document.getElementById('app-wasm-loader')) B.t.loaderGone = now;
    if (B.t.ready === undefined && cfg.ready && document.querySelector(cfg.ready)) B.t.ready = now;
    if (B.t.loaderGone !== undefined && B.t.ready !== undefined && !B.readyResolved) {
      B.readyResolved = true;
      resolveReady(Math.max(B.t.loaderGone, B.t.ready));
    }
    if (B.t.answer === undefined && cfg.answer && document.querySelector(cfg.answer)) {
      B.t.answer = now;
      mo.disconnect();
      B.afterPaint().then((t) => { B.t.answerPainted = t; resolveAnswer(t); });
    }
  };
  const mo = new MutationObserver(check);
  mo.observe(document, { childList: true, subtree: true, attributes: true });
})();`

// instrumentation returns the init script for an app whose readiness is
// the CSS selector ready and whose answer to the probe key is answer.
func instrumentation(ready, answer string) string {
	cfg, _ := json.Marshal(map[string]string{"ready": ready, "answer": answer})
	return strings.Replace(pageInstrumentation, "__CFG__", string(cfg), 1)
}

// rangeJS defines fcbRange(id, startCP, endCP): a DOM Range over code
// points [startCP, endCP) of a readout's text, walking its text nodes
// (omission markers split them) and counting code points with for...of.
const rangeJS = `function fcbRange(id, s, t) {
  const root = document.querySelector('[data-readout-id="' + id + '"]');
  if (!root) throw new Error('no readout ' + id);
  const pos = (cp) => {
    const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let n, seen = 0, last = null;
    while ((n = w.nextNode())) {
      last = n;
      let u = 0;
      for (const ch of n.data) {
        if (seen === cp) return [n, u];
        seen++; u += ch.length;
      }
    }
    if (seen === cp && last) return [last, last.data.length];
    throw new Error('code point ' + cp + ' is past the end (' + seen + ')');
  };
  const r = document.createRange();
  const [sn, so] = pos(s);
  const [en, eo] = pos(t);
  r.setStart(sn, so);
  r.setEnd(en, eo);
  return r;
}`
