// Measurement harness: two ways to paint annotation highlights on a long text.
//   marks      : the text cut at every span edge into segments; a covered
//                segment is a <mark class="t-fact t-framing ...">, an uncovered
//                one a plain text node. One inline <span class="para"> per
//                paragraph (paragraph text + its "\n\n"), so that an edit can
//                replace one paragraph's DOM.
//   highlight  : the text is one Text node; one Highlight per tag in
//                CSS.highlights; each span is a live Range over the Text node.
//   highlight-static : the same with StaticRange (no live-range bookkeeping).
// Plain JS on purpose: this is a harness, not the app. The Go test
// renderers_test.go drives it in headless Chromium.
'use strict';

(function () {
  const TAGS = ['fact', 'framing', 'omission'];
  const TEXT_LEN = 100000;
  const N_ANNS = 2000;
  const SEED_TEXT = 20240601;
  const SEED_ANNS = 7;
  const SEED_INC = 99;

  // ---------- deterministic generation ----------

  function mulberry32(seed) {
    let a = seed >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const LATIN = ('the minister said reform would cut costs but critics note that no budget was published ' +
    'according to sources close government officials claimed report analysis data shows growth ' +
    'decline unemployment inflation election campaign promise opposition protest court ruling ' +
    'café naïve façade résumé coöperate Zürich São Paulo déjà vu').split(' ');
  const CYRILLIC = ('министр заявил что реформа сократит расходы однако критики отмечают бюджет не был ' +
    'опубликован по словам источников правительство чиновники утверждают доклад анализ данные ' +
    'рост снижение безработица инфляция выборы кампания обещание оппозиция протест суд решение ' +
    'ёлка объём съезд Україна їжа ґанок').split(' ');
  const EMOJI = [
    '😀', '🌍', '📰', '✅', '❗', '🔥', '📉', '📈', '👍🏾', '🇺🇦', '🇪🇺',
    // ZWJ sequences
    '👩\u200D💻', '👨\u200D👩\u200D👧\u200D👦', '🏳\uFE0F\u200D🌈', '🧑🏽\u200D🔬', '👩🏻\u200D⚕\uFE0F', '🐻\u200D❄\uFE0F',
    // combining mark
    'e\u0301', 'n\u0303',
  ];

  function pick(r, arr) { return arr[Math.floor(r() * arr.length)]; }

  function genText() {
    const r = mulberry32(SEED_TEXT);
    const paras = [];
    let total = 0;
    while (total < TEXT_LEN) {
      const nSent = 2 + Math.floor(r() * 7);
      const sents = [];
      for (let s = 0; s < nSent; s++) {
        const nWords = 6 + Math.floor(r() * 15);
        const words = [];
        // a sentence is mostly one script, with some mixing
        const cyr = r() < 0.45;
        for (let w = 0; w < nWords; w++) {
          const x = r();
          let word;
          if (x < 0.06) word = pick(r, EMOJI);
          else if (x < 0.16) word = pick(r, cyr ? LATIN : CYRILLIC);
          else word = pick(r, cyr ? CYRILLIC : LATIN);
          words.push(word);
        }
        let sent = words.join(' ');
        sent = sent.charAt(0).toUpperCase() + sent.slice(1);
        sents.push(sent + (r() < 0.15 ? '!' : '.'));
      }
      const p = sents.join(' ');
      paras.push(p);
      total += p.length + 2;
    }
    let text = paras.join('\n\n');
    // cut to TEXT_LEN UTF-16 code units at a grapheme boundary, pad with '.'
    const seg = new Intl.Segmenter('und', { granularity: 'grapheme' });
    let cut = 0;
    for (const g of seg.segment(text)) {
      if (g.index + g.segment.length > TEXT_LEN) break;
      cut = g.index + g.segment.length;
    }
    text = text.slice(0, cut) + '.'.repeat(TEXT_LEN - cut);
    return text;
  }

  function graphemeBounds(text) {
    const b = new Uint8Array(text.length + 1);
    const seg = new Intl.Segmenter('und', { granularity: 'grapheme' });
    for (const g of seg.segment(text)) b[g.index] = 1;
    b[text.length] = 1;
    return b;
  }

  function chunksOf(text) {
    // chunk = paragraph + following "\n\n"; the chunks tile [0, len)
    const chunks = [];
    let s = 0;
    for (;;) {
      const i = text.indexOf('\n\n', s);
      if (i < 0) { chunks.push({ start: s, end: text.length }); break; }
      chunks.push({ start: s, end: i + 2 });
      s = i + 2;
    }
    return chunks;
  }

  function snapDown(b, i) { while (i > 0 && !b[i]) i--; return i; }
  function snapUp(b, i) { while (i < b.length - 1 && !b[i]) i++; return i; }

  // A span of 10..200 UTF-16 units, snapped outwards to grapheme boundaries.
  // 20% are nested inside and 25% cross an edge of an earlier independent
  // span ("roots"), so overlaps are common but do not pile up without bound.
  function genSpan(r, n, bounds, roots) {
    let start, len = 10 + Math.floor(r() * 191);
    const x = r();
    const base = roots.length > 0 ? roots[Math.floor(r() * roots.length)] : null;
    if (base && x < 0.20 && base.end - base.start > 12) {
      const bl = base.end - base.start;
      len = Math.min(len, bl - 2);
      start = base.start + 1 + Math.floor(r() * (bl - len - 1));
    } else if (base && x < 0.45) {
      start = r() < 0.5 ? base.start - 1 - Math.floor(r() * (len - 2)) : base.end - 1 - Math.floor(r() * Math.min(len - 2, base.end - base.start - 1));
    } else {
      start = Math.floor(r() * (n - 10));
    }
    start = Math.max(0, Math.min(n - 10, start));
    let end = Math.min(n, start + len);
    start = snapDown(bounds, start);
    end = snapUp(bounds, end);
    return { start, end, root: !base || x >= 0.45 };
  }

  function genAnnotations(text, bounds) {
    const r = mulberry32(SEED_ANNS);
    const anns = [], roots = [];
    for (let k = 0; k < N_ANNS; k++) {
      const s = genSpan(r, text.length, bounds, roots);
      const a = { id: k, start: s.start, end: s.end, tag: Math.floor(r() * 3) };
      anns.push(a);
      if (s.root) roots.push(a);
    }
    S.roots = roots;
    return anns;
  }

  function annStats(text, anns) {
    const depth = new Int32Array(text.length + 1);
    for (const a of anns) { depth[a.start]++; depth[a.end]--; }
    let d = 0, maxD = 0, covered = 0, multi = 0;
    for (let i = 0; i < text.length; i++) {
      d += depth[i];
      if (d > maxD) maxD = d;
      if (d > 0) covered++;
      if (d > 1) multi++;
    }
    let nested = 0, overlapping = 0;
    const sorted = anns.slice().sort((a, b) => a.start - b.start || b.end - a.end);
    // count pairs cheaply: for each span, does some earlier-starting span contain / cross it
    for (let i = 0; i < sorted.length; i++) {
      let isN = false, isO = false;
      for (let j = i - 1; j >= 0 && j >= i - 200; j--) {
        const p = sorted[j];
        if (p.end <= sorted[i].start) continue;
        if (p.end >= sorted[i].end) isN = true; else isO = true;
      }
      if (isN) nested++;
      if (isO) overlapping++;
    }
    let minLen = Infinity, maxLen = 0;
    for (const a of anns) { const l = a.end - a.start; minLen = Math.min(minLen, l); maxLen = Math.max(maxLen, l); }
    return { maxDepth: maxD, coveredFrac: covered / text.length, multiFrac: multi / text.length, nested, overlapping, minLen, maxLen };
  }

  // last chunk whose start <= pos
  function chunkIndex(cs, pos) {
    let lo = 0, hi = cs.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (cs[mid] <= pos) lo = mid; else hi = mid - 1; }
    return lo;
  }

  // ---------- renderer A: segmented marks ----------

  const CLASS_BY_MASK = [];
  for (let m = 0; m < 8; m++) {
    const c = [];
    for (let t = 0; t < 3; t++) if (m & (1 << t)) c.push('t-' + TAGS[t]);
    CLASS_BY_MASK.push(c.join(' '));
  }

  class MarksRenderer {
    constructor(root, text, chunks, opts) {
      this.root = root; this.text = text; this.chunks = chunks;
      this.chunkStarts = Int32Array.from(chunks, c => c.start);
      this.blocks = !!(opts && opts.blocks); // paragraphs as block <div>s instead of inline <span>s
      this.root.classList.add((opts && opts.naive) ? 'fc-naive' : 'fc-marks');
    }
    chunkIndex(pos) { return chunkIndex(this.chunkStarts, pos); }
    eachChunk(a, f) {
      const i0 = this.chunkIndex(a.start), i1 = this.chunkIndex(Math.max(a.start, a.end - 1));
      for (let i = i0; i <= i1; i++) f(i);
    }
    build(anns) {
      this.byId = new Map();
      this.buckets = this.chunks.map(() => new Set());
      for (const a of anns) { this.byId.set(a.id, a); this.eachChunk(a, i => this.buckets[i].add(a)); }
      this.els = new Array(this.chunks.length);
      const frag = document.createDocumentFragment();
      for (let i = 0; i < this.chunks.length; i++) { const el = this.renderChunk(i); this.els[i] = el; frag.appendChild(el); }
      this.root.appendChild(frag);
    }
    renderChunk(i) {
      const { start: cs, end: ce } = this.chunks[i];
      const text = this.text;
      const el = document.createElement(this.blocks ? 'div' : 'span');
      el.className = 'para';
      if (this.blocks) el.setAttribute('elementtiming', 'fc-readout'); // text aggregates to the block
      // events packed as pos*8 + tag*2 + (isStart?1:0); ends sort before starts at the same pos
      const bucket = this.buckets[i];
      const ev = new Int32Array(bucket.size * 2);
      let k = 0;
      for (const a of bucket) {
        const s = a.start < cs ? cs : a.start, e = a.end > ce ? ce : a.end;
        if (s >= e) continue;
        ev[k++] = s * 8 + a.tag * 2 + 1;
        ev[k++] = e * 8 + a.tag * 2;
      }
      const evs = ev.subarray(0, k).sort();
      const cnt = [0, 0, 0];
      let cur = cs;
      let j = 0;
      const emit = (x, y) => {
        if (x >= y) return;
        const m = (cnt[0] > 0 ? 1 : 0) | (cnt[1] > 0 ? 2 : 0) | (cnt[2] > 0 ? 4 : 0);
        if (m === 0) { el.appendChild(document.createTextNode(text.slice(x, y))); return; }
        const mk = document.createElement('mark');
        mk.className = CLASS_BY_MASK[m];
        mk.dataset.s = x; // segment start offset: maps a DOM position back to a text offset
        mk.textContent = text.slice(x, y);
        el.appendChild(mk);
      };
      while (j < evs.length) {
        const p = evs[j] >> 3;
        emit(cur, p);
        cur = p;
        while (j < evs.length && (evs[j] >> 3) === p) {
          const v = evs[j] & 7;
          cnt[v >> 1] += (v & 1) ? 1 : -1;
          j++;
        }
      }
      emit(cur, ce);
      return el;
    }
    rerender(i) { const el = this.renderChunk(i); this.els[i].replaceWith(el); this.els[i] = el; }
    add(a) {
      this.byId.set(a.id, a);
      this.eachChunk(a, i => { this.buckets[i].add(a); this.rerender(i); });
    }
    remove(id) {
      const a = this.byId.get(id);
      this.byId.delete(id);
      this.eachChunk(a, i => { this.buckets[i].delete(a); this.rerender(i); });
    }
    // DOM position -> text offset (for click-to-select)
    offsetOf(node, off) {
      if (node.nodeType !== Node.TEXT_NODE) return null;
      const p = node.parentNode;
      if (p.nodeName === 'MARK') return Number(p.dataset.s) + off;
      // uncovered text node directly in span.para: sum lengths of previous siblings
      let o = off;
      for (let s = node.previousSibling; s; s = s.previousSibling) o += s.textContent.length;
      return this.chunks[this.els.indexOf(p)].start + o;
    }
  }

  // ---------- renderer B: CSS Custom Highlight API ----------

  class HighlightRenderer {
    // opts.static: StaticRange instead of Range; opts.paras: one block <div>
    // with its own Text node per paragraph (a span may then cross nodes);
    // opts.prefix: highlight names (demo).
    constructor(root, text, chunks, opts) {
      this.root = root; this.text = text; this.chunks = chunks;
      this.Static = !!(opts && opts.static);
      this.paras = !!(opts && opts.paras);
      this.plain = !!(opts && opts.plain); // baseline: the text with no highlight at all
      this.prefix = (opts && opts.prefix) || 'fc-';
      if (this.paras) this.chunkStarts = Int32Array.from(chunks, c => c.start);
    }
    // text offset -> [Text node, offset in it]; an end offset on a paragraph
    // boundary stays in the previous paragraph
    point(pos, isEnd) {
      if (!this.paras) return [this.tn, pos];
      let i = chunkIndex(this.chunkStarts, pos);
      if (isEnd && i > 0 && this.chunkStarts[i] === pos) i--;
      return [this.tns[i], pos - this.chunkStarts[i]];
    }
    mk(a) {
      const [sn, so] = this.point(a.start, false), [en, eo] = this.point(a.end, true);
      if (this.Static) return new StaticRange({ startContainer: sn, startOffset: so, endContainer: en, endOffset: eo });
      const r = new Range();
      r.setStart(sn, so);
      r.setEnd(en, eo);
      return r;
    }
    build(anns) {
      if (this.paras) {
        this.tns = [];
        this.nodeIndex = new Map();
        const frag = document.createDocumentFragment();
        for (const c of this.chunks) {
          const d = document.createElement('div');
          d.className = 'para';
          d.setAttribute('elementtiming', 'fc-readout'); // text aggregates to the block
          const tn = document.createTextNode(this.text.slice(c.start, c.end));
          d.appendChild(tn);
          this.nodeIndex.set(tn, this.tns.length);
          this.tns.push(tn);
          frag.appendChild(d);
        }
        this.root.appendChild(frag);
      } else {
        this.tn = document.createTextNode(this.text);
        this.root.appendChild(this.tn);
      }
      this.hl = TAGS.map(() => new Highlight());
      this.ranges = new Map();
      if (this.plain) return;
      for (const a of anns) { const r = this.mk(a); this.hl[a.tag].add(r); this.ranges.set(a.id, { r, tag: a.tag }); }
      TAGS.forEach((t, i) => CSS.highlights.set(this.prefix + t, this.hl[i]));
    }
    add(a) { const r = this.mk(a); this.hl[a.tag].add(r); this.ranges.set(a.id, { r, tag: a.tag }); }
    remove(id) { const x = this.ranges.get(id); this.hl[x.tag].delete(x.r); this.ranges.delete(id); }
    // DOM position -> text offset (for click-to-select)
    offsetOf(node, off) {
      if (!this.paras) return node === this.tn ? off : null;
      const i = this.nodeIndex.get(node);
      return i === undefined ? null : this.chunkStarts[i] + off;
    }
  }

  function makeRenderer(mode, root, text, chunks) {
    switch (mode) {
      case 'marks': return new MarksRenderer(root, text, chunks);
      case 'marks-naive': return new MarksRenderer(root, text, chunks, { naive: true });
      case 'marks-paras': return new MarksRenderer(root, text, chunks, { blocks: true });
      case 'highlight': return new HighlightRenderer(root, text, chunks);
      case 'highlight-paras': return new HighlightRenderer(root, text, chunks, { paras: true });
      case 'highlight-static': return new HighlightRenderer(root, text, chunks, { static: true });
      case 'plain': return new HighlightRenderer(root, text, chunks, { plain: true });
    }
    throw new Error('unknown mode ' + mode);
  }

  // ---------- timing helpers ----------

  // A message posted from a rAF callback runs after that frame's rendering
  // update (style, layout, pre-paint, paint, commit) has finished on the main
  // thread: "after paint" as seen from the page.
  const mc = new MessageChannel();
  let mcCb = null;
  mc.port1.onmessage = () => { const f = mcCb; mcCb = null; f(); };
  function afterPaint(cb) { mcCb = cb; mc.port2.postMessage(0); }
  function nextFrame() { return new Promise(res => requestAnimationFrame(() => res())); }
  function sleep(ms) { return new Promise(res => setTimeout(res, ms)); }

  // Runs op at the start of a frame (inside a rAF callback, so no vsync wait
  // is counted) and resolves with [jsMs, toAfterPaintMs].
  function frameAligned(op) {
    return new Promise(res => requestAnimationFrame(() => {
      const t0 = performance.now();
      op();
      const t1 = performance.now();
      afterPaint(() => res([t1 - t0, performance.now() - t0, t0]));
    }));
  }

  // ---------- state ----------

  const S = {};
  function setup() {
    if (S.text) return S;
    const t0 = performance.now();
    S.text = genText();
    S.bounds = graphemeBounds(S.text);
    S.chunks = chunksOf(S.text);
    S.anns = genAnnotations(S.text, S.bounds);
    S.setupMs = performance.now() - t0;
    return S;
  }

  function newRoot() {
    const root = document.createElement('div');
    root.className = 'fc-readout';
    root.setAttribute('elementtiming', 'fc-readout');
    document.getElementById('app').appendChild(root);
    return root;
  }

  function countNodes(root) {
    let n = 0, marks = 0, texts = 0;
    const w = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
    for (let x = w.currentNode; x; x = w.nextNode()) {
      n++;
      if (x.nodeType === Node.TEXT_NODE) texts++;
      else if (x.nodeName === 'MARK') marks++;
    }
    return { nodes: n, marks, textNodes: texts };
  }

  // ---------- measurements ----------

  async function measureInitial(mode) {
    setup();
    const loafs = [];
    let poL = null;
    try {
      poL = new PerformanceObserver(l => loafs.push(...l.getEntries()));
      poL.observe({ type: 'long-animation-frame' });
    } catch (e) { poL = null; }
    const ets = [];
    const poE = new PerformanceObserver(l => ets.push(...l.getEntries()));
    poE.observe({ type: 'element' });

    await nextFrame();
    const root = newRoot();
    let R;
    const [js, frame, t0] = await frameAligned(() => {
      performance.mark('fc-build-start');
      R = makeRenderer(mode, root, S.text, S.chunks);
      R.build(S.anns);
    });
    performance.mark('fc-after-paint');
    S.R = R; S.root = root; S.mode = mode;
    // element timing and LoAF entries arrive asynchronously
    const until = performance.now() + 1000;
    while (performance.now() < until && ets.length === 0) await sleep(10);
    await sleep(50);
    poE.disconnect();
    if (poL) poL.disconnect();
    const et = ets.find(e => e.identifier === 'fc-readout');
    let presented = null;
    if (et) presented = (et.presentationTime || et.renderTime) - t0;
    let loaf = null;
    const L = loafs.find(e => e.startTime <= t0 && e.startTime + e.duration >= t0);
    if (L) {
      const end = L.startTime + L.duration;
      loaf = {
        duration: L.duration,
        styleLayoutPaint: end - L.styleAndLayoutStart, // rendering after rAF callbacks: style, layout, paint, commit
        rafPhase: L.styleAndLayoutStart - L.renderStart, // contains the build
      };
    }
    return { mode, js, frame, presented, loaf, ...countNodes(root) };
  }

  function genIncremental(n) {
    const r = mulberry32(SEED_INC);
    const out = [];
    for (let k = 0; k < n; k++) {
      const s = genSpan(r, S.text.length, S.bounds, S.roots);
      out.push({ id: 100000 + k, start: s.start, end: s.end, tag: Math.floor(r() * 3) });
    }
    const ids = S.anns.map(a => a.id);
    for (let i = ids.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [ids[i], ids[j]] = [ids[j], ids[i]]; }
    return { adds: out, removes: ids.slice(0, n) };
  }

  async function measureIncremental(mode, n) {
    setup();
    const root = newRoot();
    const R = makeRenderer(mode, root, S.text, S.chunks);
    await frameAligned(() => R.build(S.anns));
    for (let i = 0; i < 5; i++) await nextFrame();
    const { adds, removes } = genIncremental(n);
    const add = { js: [], frame: [] }, remove = { js: [], frame: [] };
    for (const a of adds) {
      const [js, fr] = await frameAligned(() => { performance.mark('fc-op'); R.add(a); });
      add.js.push(js); add.frame.push(fr);
    }
    for (const id of removes) {
      const [js, fr] = await frameAligned(() => { performance.mark('fc-op'); R.remove(id); });
      remove.js.push(js); remove.frame.push(fr);
    }
    const textOK = root.textContent === S.text;
    return { mode, add, remove, textOK };
  }

  // ---------- correctness ----------

  // per-char tag mask expected from the annotation model
  function expectedMask(anns, len) {
    const d = [new Int32Array(len + 1), new Int32Array(len + 1), new Int32Array(len + 1)];
    for (const a of anns) { d[a.tag][a.start]++; d[a.tag][a.end]--; }
    const m = new Uint8Array(len);
    const c = [0, 0, 0];
    for (let i = 0; i < len; i++) {
      for (let t = 0; t < 3; t++) { c[t] += d[t][i]; if (c[t] > 0) m[i] |= 1 << t; }
    }
    return m;
  }

  // per-char tag mask as rendered by the marks renderer
  function marksMask(root, len) {
    const m = new Uint8Array(len);
    let pos = 0;
    const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let x = w.nextNode(); x; x = w.nextNode()) {
      const p = x.parentNode;
      let mask = 0;
      if (p.nodeName === 'MARK') {
        if (Number(p.dataset.s) !== pos) return { error: 'data-s ' + p.dataset.s + ' != ' + pos };
        for (let t = 0; t < 3; t++) if (p.classList.contains('t-' + TAGS[t])) mask |= 1 << t;
      }
      m.fill(mask, pos, pos + x.length);
      pos += x.length;
    }
    return { mask: m };
  }

  function firstDiff(a, b) { for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i; return -1; }

  // click-to-select probe: caretPositionFromPoint on the left half of a
  // highlighted character must give (text node, offset of that character).
  function caretProbe(R, root, samples) {
    const res = { tried: 0, cpfpOK: 0, crfpOK: 0, failures: [] };
    const hasCPFP = typeof document.caretPositionFromPoint === 'function';
    const hasCRFP = typeof document.caretRangeFromPoint === 'function';
    res.hasCaretPositionFromPoint = hasCPFP;
    res.hasCaretRangeFromPoint = hasCRFP;
    res.hasHighlightsFromPoint = !!(window.CSS && CSS.highlights && typeof CSS.highlights.highlightsFromPoint === 'function');
    let hfpOK = 0, hfpTried = 0;
    for (const a of samples) {
      // a character in the middle of the span, on a grapheme boundary, not whitespace
      let i = a.start + ((a.end - a.start) >> 1);
      i = snapDown(S.bounds, i);
      while (i < a.end - 1 && /\s/.test(S.text[i])) i = snapUp(S.bounds, i + 1);
      const j = snapUp(S.bounds, i + 1);
      // locate the character via the renderer's own DOM
      const rg = document.createRange();
      const loc = locate(R, root, i, j);
      if (!loc) { res.failures.push({ id: a.id, i, why: 'locate' }); continue; }
      rg.setStart(loc.sn, loc.so); rg.setEnd(loc.en, loc.eo);
      let rect = rg.getClientRects()[0];
      if (!rect) { res.failures.push({ id: a.id, i, why: 'no rect' }); continue; }
      window.scrollTo(0, Math.max(0, window.scrollY + rect.top - 200));
      rect = rg.getClientRects()[0];
      const x = rect.left + Math.max(0.5, rect.width * 0.25), y = rect.top + rect.height / 2;
      res.tried++;
      if (hasCPFP) {
        const cp = document.caretPositionFromPoint(x, y);
        const off = cp && R.offsetOf(cp.offsetNode, cp.offset);
        if (off === i) res.cpfpOK++;
        else res.failures.push({ id: a.id, i, api: 'caretPositionFromPoint', got: off, node: cp && cp.offsetNode.nodeName });
      }
      if (hasCRFP) {
        const cr = document.caretRangeFromPoint(x, y);
        const off = cr && R.offsetOf(cr.startContainer, cr.startOffset);
        if (off === i) res.crfpOK++;
        else res.failures.push({ id: a.id, i, api: 'caretRangeFromPoint', got: off });
      }
      if (res.hasHighlightsFromPoint && R instanceof HighlightRenderer) {
        hfpTried++;
        const hs = CSS.highlights.highlightsFromPoint(x, y);
        const want = R.hl[a.tag];
        if (hs.some(h => (h.highlight || h) === want)) hfpOK++;
      }
    }
    res.highlightsFromPoint = { tried: hfpTried, ok: hfpOK };
    window.scrollTo(0, 0);
    if (res.failures.length > 10) res.failures.length = 10;
    return res;
  }

  // text offsets [i,j) -> DOM boundary points in the renderer's DOM
  function locate(R, root, i, j) {
    if (R instanceof HighlightRenderer) { const [sn, so] = R.point(i, false), [en, eo] = R.point(j, true); return { sn, so, en, eo }; }
    let pos = 0, sn = null, so = 0;
    const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let x = w.nextNode(); x; x = w.nextNode()) {
      const L = x.length;
      if (!sn && i >= pos && i < pos + L) { sn = x; so = i - pos; }
      if (sn && j > pos && j <= pos + L) return { sn, so, en: x, eo: j - pos };
      pos += L;
    }
    return null;
  }

  async function checkAll() {
    setup();
    const out = { textLen: S.text.length, chunks: S.chunks.length, anns: S.anns.length, stats: annStats(S.text, S.anns) };
    out.hasHighlightAPI = !!(window.CSS && CSS.highlights && window.Highlight);
    const want = expectedMask(S.anns, S.text.length);
    const r = mulberry32(5);
    const samples = [];
    for (let k = 0; k < 40; k++) samples.push(S.anns[Math.floor(r() * S.anns.length)]);
    out.modes = {};
    for (const mode of ['marks', 'highlight', 'marks-paras', 'highlight-paras']) {
      const app = document.getElementById('app');
      app.textContent = '';
      CSS.highlights && CSS.highlights.clear();
      const root = newRoot();
      const R = makeRenderer(mode, root, S.text, S.chunks);
      R.build(S.anns);
      await nextFrame(); await nextFrame();
      const o = { textContentEqual: root.textContent === S.text, textContentLen: root.textContent.length, height: root.getBoundingClientRect().height };
      if (mode.startsWith('marks')) {
        const mm = marksMask(root, S.text.length);
        o.segmentsMatchModel = mm.error ? mm.error : firstDiff(mm.mask, want) === -1;
      } else {
        o.textNodes = countNodes(root).textNodes;
        o.paragraphs = S.chunks.length;
        o.highlightSizes = TAGS.map(t => CSS.highlights.get('fc-' + t).size);
        o.expectedSizes = TAGS.map((_, t) => S.anns.filter(a => a.tag === t).length);
        // mask from the ranges themselves
        const m = new Uint8Array(S.text.length);
        TAGS.forEach((t, ti) => {
          for (const rg of CSS.highlights.get('fc-' + t)) {
            const s0 = R.offsetOf(rg.startContainer, rg.startOffset), e0 = R.offsetOf(rg.endContainer, rg.endOffset);
            for (let x = s0; x < e0; x++) m[x] |= 1 << ti;
          }
        });
        o.rangesMatchModel = firstDiff(m, want) === -1;
      }
      o.caret = caretProbe(R, root, samples);
      // a few edits, then text must be unchanged
      const { adds, removes } = genIncremental(20);
      for (const a of adds) R.add(a);
      for (const id of removes) R.remove(id);
      o.textContentEqualAfterEdits = root.textContent === S.text;
      if (mode.startsWith('marks')) {
        const live = new Map(S.anns.map(a => [a.id, a]));
        for (const a of adds) live.set(a.id, a);
        for (const id of removes) live.delete(id);
        const mm = marksMask(root, S.text.length);
        o.segmentsMatchModelAfterEdits = mm.error ? mm.error : firstDiff(mm.mask, expectedMask([...live.values()], S.text.length)) === -1;
      }
      out.modes[mode] = o;
    }
    document.getElementById('app').textContent = '';
    CSS.highlights && CSS.highlights.clear();
    return out;
  }

  // ---------- demo for screenshots ----------

  const DEMO_TEXT = 'The minister said the reform “will cut costs by 20%”, but critics note that no budget was published. ' +
    'Министр заявил 👩\u200D💻 что реформа сократит расходы.';
  // [start, end, tag] over DEMO_TEXT (UTF-16 offsets); computed from substrings
  function demoSpans() {
    const f = (s) => { const i = DEMO_TEXT.indexOf(s); if (i < 0) throw new Error('demo: ' + s); return [i, i + s.length]; };
    return [
      [...f('minister said the reform “will cut costs'), 0], // fact
      [...f('reform “will cut costs by 20%”, but critics'), 1], // framing, overlaps fact
      [...f('cut costs by 20%”'), 2], // omission, nested in framing, overlaps fact
      [...f('no budget was published'), 2], // omission alone
      [...f('budget'), 0], // fact nested in omission
      [...f('Министр заявил 👩\u200D💻 что'), 1],
      [...f('👩\u200D💻 что реформа'), 0],
    ].map(([s, e, t], id) => ({ id, start: s, end: e, tag: t }));
  }

  function demo() {
    const app = document.getElementById('app');
    app.textContent = '';
    const spans = demoSpans();
    const rows = [
      ['hl', 'B highlight API, per-tag offsets (recommended CSS)', 'highlight', 'fc-'],
      ['hl-nooffset', 'B highlight API, all underlines at default position', 'highlight', 'd0-'],
      ['marks', 'A marks, composed background layers', 'marks', null],
      ['marks-naive', 'A marks, naive per-class text-decoration', 'marks-naive', null],
    ];
    for (const [id, label, mode, prefix] of rows) {
      const row = document.createElement('div');
      row.className = 'demo-row'; row.id = 'row-' + id;
      const lab = document.createElement('div'); lab.className = 'label'; lab.textContent = label;
      const root = document.createElement('div'); root.className = 'fc-readout';
      row.append(lab, root); app.appendChild(row);
      let R;
      if (mode.startsWith('highlight')) { R = new HighlightRenderer(root, DEMO_TEXT, null, { prefix }); }
      else R = makeRenderer(mode, root, DEMO_TEXT, [{ start: 0, end: DEMO_TEXT.length }]);
      R.build(spans);
    }
    // probes: offset and thickness inside ::highlight
    const probes = document.createElement('div');
    probes.className = 'demo-row'; probes.id = 'row-probes';
    const pl = document.createElement('div'); pl.className = 'label';
    pl.textContent = 'probes: offset 0 | offset 10px | thickness 1px | thickness 5px';
    probes.appendChild(pl);
    for (const name of ['probe-off0', 'probe-off10', 'probe-th1', 'probe-th5']) {
      const d = document.createElement('div'); d.className = 'probe'; d.id = name;
      const tn = document.createTextNode('Hxgy');
      d.appendChild(tn); probes.appendChild(d);
      const r = new Range(); r.setStart(tn, 0); r.setEnd(tn, 4);
      CSS.highlights.set(name, new Highlight(r));
    }
    app.appendChild(probes);
    // computed style of the highlight pseudo, if the engine exposes it
    const el = document.querySelector('#row-hl .fc-readout');
    const cs = {};
    for (const t of TAGS) {
      try {
        const s = getComputedStyle(el, '::highlight(fc-' + t + ')');
        cs[t] = { textDecoration: s.textDecoration, textUnderlineOffset: s.textUnderlineOffset, textDecorationThickness: s.textDecorationThickness, backgroundColor: s.backgroundColor };
      } catch (e) { cs[t] = String(e); }
    }
    return { computed: cs, spans };
  }

  window.fc = { setup, measureInitial, measureIncremental, checkAll, demo, annStats: () => annStats(setup().text, S.anns), S };
  window.fcReady = true;
})();
