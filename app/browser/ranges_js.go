//go:build js && wasm

package browser

import (
	"encoding/binary"
	"syscall/js"
)

// Ranges are made in bulk through web/framecheck.js: opening a readout of
// 2,000 annotations (or importing 10,000) makes one Range per annotation,
// and from WebAssembly each Range costs four calls into JavaScript
// (createRange, setStart, setEnd, Highlight.add) plus the conversion of
// their arguments. framecheck.ranges makes a whole batch in one call. When
// the script is absent (an old cached page, a static copy without it), the
// ranges are made one at a time in Go. Both place an offset in the text
// nodes by the same rule (boundary.go).

// bulkMin is the smallest batch worth a call to the script.
const bulkMin = 16

// add paints spans not painted yet into their tags' highlights and records
// them in st: a tag with many new spans (a readout just opened) in one call
// to the script, the rest (few, or the script missing) one Range each.
func (p *painter) add(st *readoutPaint, spans []Span) {
	byTag := map[string][]Span{}
	for _, s := range spans {
		byTag[s.Tag] = append(byTag[s.Tag], s)
	}
	held := holdHelper()
	for tag, add := range byTag {
		// Held ranges (framecheck.hold) go through the script one span or
		// many: it registers only those near the viewport, and it must
		// know every span to register it when it comes near.
		if len(add) < bulkMin && held.IsNull() {
			continue
		}
		if arr, ok := bulkRanges(st, p.highlight(tag, tagPriority[tag]), add); ok {
			for i, s := range add {
				st.spans[s.ID] = paintedSpan{Span: s, batch: arr, idx: i}
			}
		}
	}
	for _, s := range spans {
		if _, ok := st.spans[s.ID]; ok {
			continue
		}
		r := st.newRange(s)
		if !r.Truthy() {
			continue
		}
		p.highlight(s.Tag, tagPriority[s.Tag]).Call("add", r)
		st.spans[s.ID] = paintedSpan{Span: s, rng: r}
	}
}

// holdHelper is web/framecheck.js when it can hold ranges back from the
// highlights until they come near the viewport, else null.
func holdHelper() js.Value {
	if fc := bulkHelper(); !fc.IsNull() && fc.Get("hold").Truthy() {
		return fc
	}
	return js.Null()
}

func bulkHelper() js.Value {
	if fc := js.Global().Get("framecheck"); fc.Truthy() && fc.Get("ranges").Truthy() {
		return fc
	}
	return js.Null()
}

// bulkRanges paints spans (all of one tag) into highlight h over the text
// of st and returns the JS array of their ranges (with framecheck.hold, of
// their entries), in the order of spans; ok is false when the script is
// missing or the element holds no text.
func bulkRanges(st *readoutPaint, h js.Value, spans []Span) (arr js.Value, ok bool) {
	fc := bulkHelper()
	if fc.IsNull() || len(spans) == 0 {
		return js.Null(), false
	}
	b := make([]byte, 8*len(spans))
	for i, s := range spans {
		binary.LittleEndian.PutUint32(b[8*i:], uint32(int32(s.Start)))
		binary.LittleEndian.PutUint32(b[8*i+4:], uint32(int32(s.End)))
	}
	offs := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(offs, b)
	method := "ranges"
	if !holdHelper().IsNull() {
		method = "hold"
	}
	arr = fc.Call(method, st.el, offs, h)
	if arr.IsNull() || arr.IsUndefined() || arr.Length() != len(spans) {
		return js.Null(), false
	}
	return arr, true
}

// unpaintOne removes one span's range (a Range, or an entry of
// framecheck.hold) from h and from what the script holds.
func unpaintOne(h, r js.Value) {
	if fc := bulkHelper(); !fc.IsNull() {
		fc.Call("unpaint", h, []any{r})
		return
	}
	h.Call("delete", r)
}

// bulkUnpaint removes a batch's ranges from h in one call (ranges already
// removed one by one are simply not found).
func bulkUnpaint(h, arr js.Value) {
	if fc := bulkHelper(); !fc.IsNull() {
		fc.Call("unpaint", h, arr)
		return
	}
	for i := range arr.Length() {
		h.Call("delete", arr.Index(i))
	}
}

// addBatch adds (h, arr) to batches unless it is there already (a readout
// has a few batches: one per tag and per bulk paint).
func addBatch(batches [][2]js.Value, h, arr js.Value) [][2]js.Value {
	for _, b := range batches {
		if b[1].Equal(arr) && b[0].Equal(h) {
			return batches
		}
	}
	return append(batches, [2]js.Value{h, arr})
}

// newRange makes the Range of one span in Go (null when the readout has no
// text node).
func (st *readoutPaint) newRange(s Span) js.Value {
	r := doc.Call("createRange")
	sn, so := st.boundary(s.Start)
	en, eo := st.boundary(s.End)
	if !sn.Truthy() || !en.Truthy() {
		return js.Null()
	}
	r.Call("setStart", sn, so)
	r.Call("setEnd", en, eo)
	return r
}

// ranges makes the Ranges of spans, leaving out those it cannot place.
func (st *readoutPaint) ranges(spans []Span) []js.Value {
	out := make([]js.Value, 0, len(spans))
	for _, s := range spans {
		if r := st.newRange(s); r.Truthy() {
			out = append(out, r)
		}
	}
	return out
}

// boundary maps a UTF-16 offset to a text node and an offset in it.
func (st *readoutPaint) boundary(off int) (js.Value, int) {
	i, o, ok := boundary(st.starts, st.end, off)
	if !ok {
		return js.Null(), 0
	}
	return st.nodes[i], o
}
