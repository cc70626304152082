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
  // unpaint removes ranges (an array from ranges) from highlight.
  unpaint(highlight, ranges) {
    for (const r of ranges) highlight.delete(r);
  },
  boundary,
  // overlay paints a class overlay into el in one call (see overlayPlan in
  // app/browser/overlay.go): text is the whole text; plan holds per piece
  // five little-endian int32 [end, flags, level0, level1, level2], end the
  // UTF-16 offset where the piece ends in text, flags 1 for the key's class
  // and 2 when the piece sets --d0..--d2 to the strings levels[level0..2].
  // Each piece is a span.fc-seg with data-piece, holding its text as a text
  // node. Returns false, painting nothing, when the plan does not cover text
  // exactly (app/browser then paints piece by piece).
  overlay(el, text, plan, levels) {
    const dv = new DataView(plan.buffer, plan.byteOffset, plan.byteLength);
    const n = Math.floor(plan.byteLength / 20);
    if (n > 0 && dv.getInt32(20 * (n - 1), true) !== text.length) return false;
    const frag = document.createDocumentFragment();
    let at = 0;
    for (let k = 0; k < n; k++) {
      const o = 20 * k, end = dv.getInt32(o, true), flags = dv.getInt32(o + 4, true);
      if (end < at || end > text.length) return false;
      const s = document.createElement("span");
      s.className = flags & 1 ? "fc-seg fc-seg-key" : "fc-seg";
      s.setAttribute("data-piece", String(k));
      if (flags & 2) {
        for (let t = 0; t < 3; t++) s.style.setProperty("--d" + t, levels[dv.getInt32(o + 8 + 4 * t, true)]);
      }
      s.appendChild(document.createTextNode(text.slice(at, end)));
      frag.appendChild(s);
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
