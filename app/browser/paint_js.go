//go:build js && wasm

package browser

import "syscall/js"

// painter fills readout elements with their text and paints highlights on
// it with the CSS Custom Highlight API. It keeps what it painted per
// readout, so a sync touches only what changed and one readout's repaint
// never clears another's (the compare view shows two). Ranges are made in
// bulk by web/framecheck.js when it is there, else one at a time
// (ranges_js.go).
type painter struct {
	readouts   map[string]*readoutPaint
	highlights map[string]js.Value // name -> Highlight, registered as fc-<name>
}

// readoutPaint is what is painted in one readout element.
type readoutPaint struct {
	el     js.Value
	nodes  []js.Value // text nodes in order
	starts []int      // UTF-16 start of each text node
	end    int        // UTF-16 length of the whole text (the nodes never change)
	spans  map[string]paintedSpan
	// Ranges of the per-readout highlights (selection, counterparts,
	// suggestions, diff; marks_js.go) and the marker shown as selected.
	extra  map[string][]js.Value
	marker js.Value
}

// paintedSpan is an annotation's span and its Range in its tag's highlight.
type paintedSpan struct {
	Span
	rng js.Value
	// A span painted in a batch has its range at index idx of the batch's
	// JS array instead (with framecheck.hold, its entry there, whose Range
	// exists only while it is near the viewport): fetched only to remove it.
	batch js.Value
	idx   int
}

// rangeValue is what unpaintOne takes to remove the span: its Range, or its
// entry in framecheck.hold.
func (p paintedSpan) rangeValue() js.Value {
	if p.batch.Truthy() {
		return p.batch.Index(p.idx)
	}
	return p.rng
}

// paint is the page's painter: highlights are page-wide.
var paint = &painter{readouts: map[string]*readoutPaint{}, highlights: map[string]js.Value{}}

// HighlightSupported reports whether the CSS Custom Highlight API exists.
func HighlightSupported() bool {
	css := js.Global().Get("CSS")
	return css.Truthy() && css.Get("highlights").Truthy() && js.Global().Get("Highlight").Truthy()
}

// tagPriority stacks the tags' highlights: omission over framing over fact.
var tagPriority = map[string]int{"fact": 1, "framing": 2, "omission": 3}

// highlight returns the named Highlight, registering it on first use (null
// without the API).
func (p *painter) highlight(name string, priority int) js.Value {
	if h, ok := p.highlights[name]; ok {
		return h
	}
	if !HighlightSupported() {
		return js.Null()
	}
	h := js.Global().Get("Highlight").New()
	h.Set("priority", priority)
	js.Global().Get("CSS").Get("highlights").Call("set", "fc-"+name, h)
	p.highlights[name] = h
	return h
}

// RenderText replaces the content of a readout element with its text, cut
// into chunks with an empty marker between neighbours (markers[i] sits
// between chunks[i] and chunks[i+1]). Text goes in as text nodes, never as
// HTML. Highlights painted on the old nodes are dropped.
func RenderText(readoutID string, chunks []string, markers []Marker) error {
	return paint.render(readoutID, chunks, markers)
}

func (p *painter) render(readoutID string, chunks []string, markers []Marker) error {
	el := readoutEl(readoutID)
	if !el.Truthy() {
		return ErrNoBrowser
	}
	p.drop(readoutID)
	st := &readoutPaint{el: el, spans: map[string]paintedSpan{}, extra: map[string][]js.Value{}}
	if !renderBulk(st, chunks, markers) {
		renderEach(st, chunks, markers)
	}
	p.readouts[readoutID] = st
	return nil
}

// renderEach fills st.el node by node from Go, as the script does in one
// call.
func renderEach(st *readoutPaint, chunks []string, markers []Marker) {
	frag := doc.Call("createDocumentFragment")
	pos := 0
	for i, c := range chunks {
		tn := doc.Call("createTextNode", c)
		frag.Call("appendChild", tn)
		st.nodes = append(st.nodes, tn)
		st.starts = append(st.starts, pos)
		pos += tn.Get("length").Int()
		if i < len(markers) {
			frag.Call("appendChild", markerEl(markers[i]))
		}
	}
	st.end = pos
	st.el.Set("textContent", "")
	st.el.Call("appendChild", frag)
}

// renderBulk fills st.el through framecheck.text (textplan.go) and records
// its nodes; false, with nothing touched, when the script (an old cached
// page, a static copy without it) or the plan is not there.
func renderBulk(st *readoutPaint, chunks []string, markers []Marker) bool {
	fc := js.Global().Get("framecheck")
	if !fc.Truthy() || !fc.Get("text").Truthy() {
		return false
	}
	text, plan, meta, starts, end, ok := textPlan(chunks, markers)
	if !ok {
		return false
	}
	arr := js.Global().Get("Uint8Array").New(len(plan))
	js.CopyBytesToJS(arr, plan)
	nodes := fc.Call("text", st.el, text, arr, meta)
	if nodes.IsNull() || nodes.IsUndefined() || nodes.Length() != len(chunks) {
		return false
	}
	st.nodes = make([]js.Value, len(chunks))
	for i := range st.nodes {
		st.nodes[i] = nodes.Index(i)
	}
	st.starts, st.end = starts, end
	return true
}

// markerEl makes the element of an omission point or a ghost. It holds no
// text, so UTF-16 offsets in the readout are unchanged.
func markerEl(m Marker) js.Value {
	e := doc.Call("createElement", "span")
	e.Call("setAttribute", "role", "img")
	e.Call("setAttribute", "aria-label", m.Label)
	e.Call("setAttribute", "title", m.Label)
	if m.Removed {
		e.Set("className", "fc-diff-del")
		e.Call("setAttribute", "data-diff-del", m.ID)
		return e
	}
	if m.Ghost {
		e.Set("className", "fc-ghost")
		e.Call("setAttribute", "data-ghost-for", m.ID)
		return e
	}
	e.Set("className", "fc-point")
	e.Call("setAttribute", "data-marker-for", m.ID)
	e.Call("setAttribute", "data-tag", "omission")
	return e
}

// SyncHighlights makes the painted spans of a readout equal spans, touching
// only what changed, so adding one annotation costs one Range.
func SyncHighlights(readoutID string, spans []Span) { paint.sync(readoutID, spans) }

func (p *painter) sync(readoutID string, spans []Span) {
	st := p.readouts[readoutID]
	if st == nil || !HighlightSupported() {
		return
	}
	if len(st.spans) == 0 {
		// A readout just rendered: nothing to compare, and a map sized
		// once for thousands of spans.
		st.spans = make(map[string]paintedSpan, len(spans))
	} else {
		want := make(map[string]Span, len(spans))
		for _, s := range spans {
			want[s.ID] = s
		}
		for id, ps := range st.spans {
			if s, ok := want[id]; !ok || s != ps.Span {
				p.unpaintSpan(st, id)
			}
		}
	}
	var add []Span
	for _, s := range spans {
		if _, ok := st.spans[s.ID]; !ok {
			add = append(add, s)
		}
	}
	p.add(st, add)
}

// PaintSpan paints one span now, ahead of the readout view's next sync,
// which then finds it painted and leaves it: go-app updates the page a
// frame later (its engine waits 1/120 s after a change, then re-renders),
// and the highlight is what the user is looking at. A span painted with
// other offsets or tag is repainted. Nothing happens when the readout's
// text is not painted, or is not the text of len16 UTF-16 units the span
// is on (a new version not yet rendered).
func PaintSpan(readoutID string, len16 int, s Span) {
	st := paint.readouts[readoutID]
	if st == nil || st.end != len16 || !HighlightSupported() {
		return
	}
	if ps, ok := st.spans[s.ID]; ok && ps.Span == s {
		return
	}
	paint.unpaintSpan(st, s.ID)
	paint.add(st, []Span{s})
}

// UnpaintSpan removes one annotation's highlight and the readout's
// selection marks now, ahead of the next sync (see PaintSpan).
func UnpaintSpan(readoutID, id string) {
	st := paint.readouts[readoutID]
	if st == nil {
		return
	}
	paint.unpaintSpan(st, id)
	paint.selected(readoutID, Selected{}, false)
}

// unpaintSpan removes the range of span id, if painted, from its tag's
// highlight and forgets it.
func (p *painter) unpaintSpan(st *readoutPaint, id string) {
	if ps, ok := st.spans[id]; ok {
		unpaintOne(p.highlight(ps.Tag, tagPriority[ps.Tag]), ps.rangeValue())
		delete(st.spans, id)
	}
}

// drop removes everything painted in a readout and forgets it.
func (p *painter) drop(readoutID string) {
	st := p.readouts[readoutID]
	if st == nil {
		return
	}
	var batches [][2]js.Value // (highlight, batch): removed in one call each
	for _, ps := range st.spans {
		if h := p.highlight(ps.Tag, 1); h.Truthy() {
			if ps.batch.Truthy() {
				batches = addBatch(batches, h, ps.batch)
				continue
			}
			unpaintOne(h, ps.rng)
		}
	}
	for _, hb := range batches {
		bulkUnpaint(hb[0], hb[1])
	}
	for name := range st.extra {
		p.setExtra(st, name, nil)
	}
	delete(p.readouts, readoutID)
}

// Forget drops what is painted for a readout whose view is gone.
func Forget(readoutID string) { paint.drop(readoutID) }

// ClearHighlights removes every painted span (when the workspace changes).
func ClearHighlights() {
	for id := range paint.readouts {
		paint.drop(id)
	}
}
