// framecheck.js: bulk DOM work for app/browser (see app/browser/ranges_js.go).
// Opening a readout creates one highlight Range per annotation: thousands,
// each several calls from WebAssembly into JavaScript when made one at a
// time. ranges() makes them all in one call. The app works without this
// file (it then makes them one at a time); it needs no eval and runs under
// the page's Content-Security-Policy (script-src 'self').
"use strict";
// boundary maps a UTF-16 offset to [node index, offset in that node], given
// the text nodes' starts and the text's length: the last node starting at or
// before it, clamped to that node's length; null when there is no node. It
// is the rule of app/browser/boundary.go, tested with the same cases
// (app/browser/testdata/boundary.json).
function boundary(starts, end, off) {
  if (starts.length === 0) return null;
  let lo = 0, hi = starts.length; // first start > off
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (starts[m] > off) hi = m; else lo = m + 1;
  }
  const i = Math.max(lo - 1, 0);
  const len = (i + 1 < starts.length ? starts[i + 1] : end) - starts[i];
  return [i, Math.min(off - starts[i], len)];
}

// Holding back ranges far from the viewport. Chromium re-validates and
// paints every range registered in CSS.highlights on each frame that
// changes anything (a click, a key, a new annotation), so a readout with
// thousands of spans made every frame cost as much as painting all of
// them. Only the spans within MARGIN screens above or below the viewport
// are registered; scrolling and resizing register what comes near and drop
// what went far, before the frame is painted. A span far away has no Range
// at all, only its offsets: a live Range is one more object the document
// updates on every change to its nodes (go-app rendering the list or a
// panel), and making 10,000 of them was a third of the script's time when
// a large import opened.
const MARGIN = 2;
const held = new Map(); // readout element -> {entries, lo, hi, valid, dead, first, tn}
let pending = 0; // requestAnimationFrame id of a scheduled update, or 0

// textNodes lists el's text nodes and their UTF-16 starts, as ranges() does.
function textNodes(el) {
  const nodes = [], starts = [];
  let pos = 0;
  for (const n of el.childNodes) {
    if (n.nodeType !== 3) continue;
    nodes.push(n); starts.push(pos);
    pos += n.length;
  }
  return { nodes, starts, end: pos };
}

// band returns the UTF-16 offsets [lo, hi] of el's text laid out within
// MARGIN screens of the viewport, found by bisection on one-character
// probes (lines go down the page in offset order, whatever their
// direction); null when el has no text or is not laid out.
function band(el) {
  const { nodes, starts, end } = textNodes(el);
  if (nodes.length === 0 || end === 0) return null;
  const h = window.innerHeight, top = -MARGIN * h, bottom = (MARGIN + 1) * h;
  const probe = document.createRange();
  // rectAt: the box of the character at off, skipping characters without
  // a box (a line break at a node's end) forward, then backward.
  const rectAt = (off) => {
    for (const step of [1, -1]) {
      for (let o = off, k = 0; o >= 0 && o < end && k < 8; o += step, k++) {
        const [i, at] = boundary(starts, end, o);
        const n = nodes[i];
        if (at >= n.length) continue;
        probe.setStart(n, at);
        probe.setEnd(n, at + 1);
        const r = probe.getBoundingClientRect();
        if (r.height > 0 || r.width > 0) return r;
      }
    }
    return null;
  };
  const box = el.getBoundingClientRect();
  if (box.height === 0 && box.width === 0) return null;
  if (box.bottom < top || box.top > bottom) return [end + 1, -1]; // nothing near
  // lo: the first offset whose box ends below top.
  let a = 0, b = end;
  while (a < b) {
    const m = (a + b) >> 1, r = rectAt(m);
    if (r && r.bottom < top) a = m + 1; else b = m;
  }
  const lo = a;
  // hi: the last offset whose box starts above bottom.
  a = lo; b = end;
  while (a < b) {
    const m = (a + b) >> 1, r = rectAt(m);
    if (r && r.top > bottom) b = m; else a = m + 1;
  }
  return [Math.max(lo - 1, 0), a];
}

// rangeAt makes the Range of [s, e) (UTF-16 offsets) over text nodes tn.
function rangeAt(tn, s, e) {
  const [sn, so] = boundary(tn.starts, tn.end, s);
  const [en, eo] = boundary(tn.starts, tn.end, e);
  const r = document.createRange();
  r.setStart(tn.nodes[sn], so);
  r.setEnd(tn.nodes[en], eo);
  return r;
}

// show registers the entries of st inside [st.lo, st.hi], making their
// ranges, and drops the rest with their ranges.
function show(st) {
  for (const en of st.entries) {
    if (en.dead) continue;
    const want = en.e >= st.lo && en.s <= st.hi;
    if (want === en.on) continue;
    if (want) {
      en.r = rangeAt(st.tn, en.s, en.e);
      en.h.add(en.r);
    } else {
      en.h.delete(en.r);
      en.r = null;
    }
    en.on = want;
  }
}

// update measures the band of each held readout and registers accordingly;
// a readout no longer in the document is forgotten.
function update() {
  pending = 0;
  for (const [el, st] of held) {
    if (!el.isConnected) {
      held.delete(el);
      if (resized) resized.unobserve(el);
      continue;
    }
    if (st.dead > st.entries.length / 2) {
      st.entries = st.entries.filter((en) => !en.dead);
      st.dead = 0;
    }
    // Text replaced without a new hold: its entries are about to be
    // unpainted; make no range over nodes that are gone.
    if (el.firstChild !== st.first) { st.valid = false; continue; }
    const b = band(el);
    if (!b) { st.valid = false; continue; }
    [st.lo, st.hi] = b;
    st.valid = true;
    show(st);
  }
}

function schedule() {
  if (!pending) pending = requestAnimationFrame(update);
}

if (typeof document !== "undefined" && typeof window !== "undefined") {
  // Scroll events run before the frame's animation callbacks and paint,
  // so an update here is on screen in the same frame as the new position.
  document.addEventListener("scroll", () => { if (held.size) update(); }, { capture: true, passive: true });
  window.addEventListener("resize", () => { if (held.size) update(); }, { passive: true });
  // A printout has every page: register everything for it.
  window.addEventListener("beforeprint", () => {
    for (const st of held.values()) { st.lo = 0; st.hi = Infinity; show(st); }
  });
  window.addEventListener("afterprint", () => { if (held.size) update(); });
}
// A readout whose box changes size (a panel opens beside it, fonts load)
// has its lines laid out anew: measure again. Observer callbacks run after
// layout and before paint.
const resized = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => { if (held.size) update(); });
let startedOnce = false; // framecheck.started ran
self.framecheck = Object.freeze({
  // ranges makes a Range for each span of a readout element's text and adds
  // it to highlight. The text is the element's text nodes in order (the
  // omission markers between them hold no text); offsets holds the spans as
  // little-endian int32 pairs [start, end) in UTF-16 units, placed in the
  // nodes by boundary. Returns the ranges in order, or null when the
  // element holds no text.
  ranges(el, offsets, highlight) {
    const nodes = [], starts = [];
    let pos = 0;
    for (const n of el.childNodes) {
      if (n.nodeType !== 3) continue;
      nodes.push(n); starts.push(pos);
      pos += n.length;
    }
    if (nodes.length === 0) return null;
    const at = (off) => {
      const [i, o] = boundary(starts, pos, off);
      return [nodes[i], o];
    };
    const dv = new DataView(offsets.buffer, offsets.byteOffset, offsets.byteLength);
    const n = offsets.byteLength >> 3, out = new Array(n);
    for (let k = 0; k < n; k++) {
      const [sn, so] = at(dv.getInt32(8 * k, true));
      const [en, eo] = at(dv.getInt32(8 * k + 4, true));
      const r = document.createRange();
      r.setStart(sn, so);
      r.setEnd(en, eo);
      if (highlight) highlight.add(r);
      out[k] = r;
    }
    return out;
  },

  // offset is the UTF-16 offset in el's text of the boundary point (node,
  // off), clamped to the text: the length of the text before the point,
  // found without building that text as a string (Range.toString took
  // about 1 ms per end of a selection in a 100,000-character readout). el's
  // children are its text nodes and empty markers; for a point deeper than
  // that it returns -1 and the caller measures the slow way.
  offset(el, node, off) {
    const all = document.createRange();
    all.selectNodeContents(el);
    const c = all.comparePoint(node, off);
    if (c < 0) return 0;
    let stop = null, n = 0;
    if (c === 0) {
      if (node === el) stop = el.childNodes[off] || null;
      else if (node.parentNode === el) { stop = node; if (node.nodeType === 3) n = off; }
      else return -1;
    }
    for (let k = el.firstChild; k && k !== stop; k = k.nextSibling) if (k.nodeType === 3) n += k.length;
    return n;
  },

  // hold is ranges for the app's tag spans: it keeps each span as an entry
  // and makes and registers in highlight only the ranges of those near the
  // viewport (the rest as the page scrolls), measuring the layout in the
  // next animation frame when the readout's text is new. Returns the
  // entries in the order of offsets (to hand back to unpaint), or null when
  // el holds no text.
  hold(el, offsets, highlight) {
    let st = held.get(el);
    if (!st || st.first !== el.firstChild) {
      // A new text (the app replaced the nodes): measure again.
      const tn = textNodes(el);
      if (tn.nodes.length === 0) return null;
      st = { entries: [], lo: 0, hi: -1, valid: false, dead: 0, first: el.firstChild, tn };
      held.set(el, st);
      if (resized) resized.observe(el);
    }
    const dv = new DataView(offsets.buffer, offsets.byteOffset, offsets.byteLength);
    const n = offsets.byteLength >> 3, out = new Array(n);
    for (let k = 0; k < n; k++) {
      const en = { r: null, h: highlight, s: dv.getInt32(8 * k, true), e: dv.getInt32(8 * k + 4, true), on: false, dead: false, st };
      st.entries.push(en);
      if (st.valid && en.e >= st.lo && en.s <= st.hi) {
        en.r = rangeAt(st.tn, en.s, en.e);
        highlight.add(en.r);
        en.on = true;
      }
      out[k] = en;
    }
    if (!st.valid) schedule();
    return out;
  },
  // held reports what hold keeps: spans (entries alive), shown (registered),
  // ranges (Range objects alive: the shown ones only) and settled (no
  // measurement pending), for tests and the benchmark.
  held() {
    let spans = 0, shown = 0, ranges = 0;
    for (const [el, st] of held) {
      if (!el.isConnected) continue;
      for (const en of st.entries) {
        if (en.dead) continue;
        spans++;
        if (en.on) shown++;
        if (en.r) ranges++;
      }
    }
    return { spans, shown, ranges, settled: pending === 0 };
  },
  // unpaint removes ranges (an array from ranges, or entries from hold)
  // from highlight; entries are forgotten by hold.
  unpaint(highlight, ranges) {
    for (const r of ranges) {
      if (!r.st) { // a Range
        highlight.delete(r);
        continue;
      }
      if (r.dead) continue;
      r.dead = true;
      r.st.dead++;
      if (r.r) highlight.delete(r.r);
      r.r = null;
      r.on = false;
    }
  },
  boundary,
  // started tells framecheck's service worker (worker.go) that this page has
  // started: a worker installing now (a first visit) or later (an update
  // found while the page is open) precaches the app only then, so that its
  // downloads and cache writes do not compete with the page's own start.
  started() {
    if (startedOnce || !("serviceWorker" in navigator)) return;
    startedOnce = true;
    navigator.serviceWorker.getRegistration().then((reg) => {
      if (!reg) return;
      const tell = () => { if (reg.installing) reg.installing.postMessage({ framecheck: "started" }); };
      tell();
      reg.addEventListener("updatefound", tell);
    }).catch(() => {});
  },
  // readFiles reads the blobs at once: a promise of, per blob in order, its
  // ArrayBuffer or, when it could not be read, the reason as a string (see
  // ReadAll in app/browser/files_js.go).
  readFiles(blobs) {
    return Promise.all(blobs.map((b) => b.arrayBuffer().catch((e) => String(e))));
  },
  // overlay paints a class overlay into el in one call (see overlayPlan in
  // app/browser/overlay.go): text is the whole text; plan holds per piece
  // five little-endian int32 [end, flags, level0, level1, level2], end the
  // UTF-16 offset where the piece ends in text, flags 1 for the key's class,
  // 2 when the piece sets --d0..--d2 to the strings levels[level0..2], and
  // 4<<t for the class fc-bar<t> (tag t's level is not zero; barClasses),
  // 32 for the last piece of a block (Blocks). Each piece is a span.fc-seg
  // with data-piece, holding its text as a text node, in a div.fc-class-block.
  // Returns false, painting nothing, when the plan does not cover text
  // exactly (app/browser then paints piece by piece).
  overlay(el, text, plan, levels) {
    const dv = new DataView(plan.buffer, plan.byteOffset, plan.byteLength);
    const n = Math.floor(plan.byteLength / 20);
    if (n > 0 && dv.getInt32(20 * (n - 1), true) !== text.length) return false;
    const frag = document.createDocumentFragment();
    let blk = null;
    let at = 0;
    for (let k = 0; k < n; k++) {
      const o = 20 * k, end = dv.getInt32(o, true), flags = dv.getInt32(o + 4, true);
      if (end < at || end > text.length) return false;
      const s = document.createElement("span");
      let cls = flags & 1 ? "fc-seg fc-seg-key" : "fc-seg";
      for (let t = 0; t < 3; t++) if (flags & (4 << t)) cls += " fc-bar" + t;
      s.className = cls;
      s.setAttribute("data-piece", String(k));
      if (flags & 2) {
        for (let t = 0; t < 3; t++) s.style.setProperty("--d" + t, levels[dv.getInt32(o + 8 + 4 * t, true)]);
      }
      s.appendChild(document.createTextNode(text.slice(at, end)));
      if (!blk) {
        blk = document.createElement("div");
        blk.className = "fc-class-block";
        frag.appendChild(blk);
      }
      blk.appendChild(s);
      if (flags & 32) blk = null;
      at = end;
    }
    el.textContent = "";
    el.appendChild(frag);
    return true;
  },
  // text fills a readout element with its text and markers in one call
  // (see textPlan in app/browser/textplan.go): text as text nodes (never
  // HTML), cut at the chunk ends in plan, with a marker element between
  // neighbours, made as markerEl in app/browser/paint_js.go makes it, its
  // id and label read from meta. Returns the text nodes in order, or null,
  // touching nothing, when the plan does not fit text and meta.
  text(el, text, plan, meta) {
    const dv = new DataView(plan.buffer, plan.byteOffset, plan.byteLength);
    if (plan.byteLength < 8) return null;
    const n = dv.getInt32(0, true), m = dv.getInt32(4, true);
    if (n < 1 || m !== n - 1 || plan.byteLength !== 8 + 4 * n + 12 * m) return null;
    const frag = document.createDocumentFragment(), nodes = new Array(n);
    let at = 0, mat = 0;
    for (let k = 0; k < n; k++) {
      const end = dv.getInt32(8 + 4 * k, true);
      if (end < at || end > text.length) return null;
      const tn = document.createTextNode(text.slice(at, end));
      frag.appendChild(tn);
      nodes[k] = tn;
      at = end;
      if (k === m) break;
      const o = 8 + 4 * n + 12 * k, kind = dv.getInt32(o, true);
      const idEnd = dv.getInt32(o + 4, true), labelEnd = dv.getInt32(o + 8, true);
      if (idEnd < mat || labelEnd < idEnd || labelEnd > meta.length) return null;
      const id = meta.slice(mat, idEnd), label = meta.slice(idEnd, labelEnd);
      mat = labelEnd;
      const e = document.createElement("span");
      e.setAttribute("role", "img");
      e.setAttribute("aria-label", label);
      e.setAttribute("title", label);
      if (kind === 2) {
        e.className = "fc-diff-del";
        e.setAttribute("data-diff-del", id);
      } else if (kind === 1) {
        e.className = "fc-ghost";
        e.setAttribute("data-ghost-for", id);
      } else {
        e.className = "fc-point";
        e.setAttribute("data-marker-for", id);
        e.setAttribute("data-tag", "omission");
      }
      frag.appendChild(e);
    }
    if (at !== text.length || mat !== meta.length) return null;
    el.textContent = "";
    el.appendChild(frag);
    return nodes;
  },
});
