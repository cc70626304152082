//go:build js && wasm

package browser

import "syscall/js"

// The highlights that are not tags, painted per readout: the selection, the
// counterparts of a selection made in the other column, the aligner's
// suggestions and a new version's insertions; and the marker shown as
// selected.

// extraPriority orders the highlights that are not tags: above every tag,
// the selection on top.
var extraPriority = map[string]int{"diff-ins": 4, "suggest-pair": 4, "suggest-gap": 4, "suggest-opposite": 4, "suggest-focus": 5, "counterpart": 8, "selected": 10}

// setExtra replaces the ranges a readout has in a non-tag highlight.
func (p *painter) setExtra(st *readoutPaint, name string, ranges []js.Value) {
	h := p.highlight(name, extraPriority[name])
	if h.Truthy() {
		for _, r := range st.extra[name] {
			h.Call("delete", r)
		}
		for _, r := range ranges {
			h.Call("add", r)
		}
	}
	st.extra[name] = ranges
}

// SetSelected paints what is selected in one readout: the selected
// annotation (a point or a ghost shows by its marker), or its counterparts
// when the selection is in another readout. reveal scrolls the first of
// them into view (in the readout's own scroll box when it has one).
func SetSelected(readoutID string, sel Selected, reveal bool) { paint.selected(readoutID, sel, reveal) }

func (p *painter) selected(readoutID string, sel Selected, reveal bool) {
	st := p.readouts[readoutID]
	if st == nil {
		return
	}
	if st.marker.Truthy() {
		st.marker.Call("removeAttribute", "data-selected")
		st.marker = js.Null()
	}
	var selRanges []js.Value
	if sel.Span != nil && sel.Span.Start != sel.Span.End {
		selRanges = st.ranges([]Span{*sel.Span})
	}
	p.setExtra(st, "selected", selRanges)
	linked := st.ranges(sel.Linked)
	p.setExtra(st, "counterpart", linked)

	var m js.Value
	if sel.Marker != "" {
		attr := "data-marker-for"
		if sel.Ghost {
			attr = "data-ghost-for"
		}
		m = st.el.Call("querySelector", `[`+attr+`="`+cssEscape(sel.Marker)+`"]`)
	}
	if m.Truthy() {
		m.Call("setAttribute", "data-selected", "true")
		st.marker = m
	}
	if !reveal {
		return
	}
	switch {
	case len(selRanges) > 0:
		bringIntoView(st.el, selRanges[0])
	case m.Truthy():
		bringIntoView(st.el, m)
	case len(linked) > 0:
		bringIntoView(st.el, linked[0])
	}
}

// SetSuggestions paints the alignment suggestions of a readout: sentences
// with a likely counterpart, those whose counterpart makes the opposite
// claim, sentences and clauses without one, and the one in focus
// (revealed when reveal is set). nil clears them.
func SetSuggestions(readoutID string, pairs, opposite, gaps []Span, focus *Span, reveal bool) {
	paint.suggestions(readoutID, pairs, opposite, gaps, focus, reveal)
}

func (p *painter) suggestions(readoutID string, pairs, opposite, gaps []Span, focus *Span, reveal bool) {
	st := p.readouts[readoutID]
	if st == nil {
		return
	}
	p.setExtra(st, "suggest-pair", st.ranges(pairs))
	p.setExtra(st, "suggest-opposite", st.ranges(opposite))
	p.setExtra(st, "suggest-gap", st.ranges(gaps))
	var f []js.Value
	if focus != nil {
		f = st.ranges([]Span{*focus})
	}
	p.setExtra(st, "suggest-focus", f)
	if reveal && len(f) > 0 {
		bringIntoView(st.el, f[0])
	}
}

// SetDiff paints the passages a new version inserted (fc-diff-ins); nil
// clears them.
func SetDiff(readoutID string, inserted []Span) { paint.diff(readoutID, inserted) }

func (p *painter) diff(readoutID string, inserted []Span) {
	if st := p.readouts[readoutID]; st != nil {
		p.setExtra(st, "diff-ins", st.ranges(inserted))
	}
}
