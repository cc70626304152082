package browser

import (
	"strconv"
	"syscall/js"
)

// PaintOverlay fills the element matching selector with the pieces, each a
// span holding its text as a text node (never HTML), its levels as the CSS
// variables --d0, --d1, --d2 with a class fc-bar<t> per tag whose level is
// not zero (the stylesheet draws one bar per such tag under the line), and
// its index as data-piece, in div.fc-class-block elements that end where
// Blocks says. One call builds the whole text in a fragment:
// go-app would diff thousands of nodes. web/framecheck.js paints
// it all in one call when it is there (30 students make some 2,000 pieces,
// each a dozen calls from WebAssembly when made here); else, or when the
// script refuses the plan, it is painted piece by piece.
func PaintOverlay(selector string, pieces []Piece) {
	el := doc.Call("querySelector", selector)
	if !el.Truthy() {
		return
	}
	if fc := js.Global().Get("framecheck"); fc.Truthy() && fc.Get("overlay").Truthy() {
		text, plan, levels := overlayPlan(pieces)
		arr := js.Global().Get("Uint8Array").New(len(plan))
		js.CopyBytesToJS(arr, plan)
		ls := make([]any, len(levels))
		for i, l := range levels {
			ls[i] = l
		}
		if fc.Call("overlay", el, text, arr, ls).Truthy() {
			return
		}
	}
	frag := doc.Call("createDocumentFragment")
	var ls levelStrings
	var blk js.Value
	for i, p := range pieces {
		s := doc.Call("createElement", "span")
		flags, li := pieceFlags(p, &ls)
		s.Set("className", barClasses(flags))
		s.Call("setAttribute", "data-piece", strconv.Itoa(i))
		if flags&planLevelled != 0 {
			st := s.Get("style")
			for t, l := range li {
				st.Call("setProperty", "--d"+strconv.Itoa(t), ls.texts[l])
			}
		}
		s.Call("appendChild", doc.Call("createTextNode", p.Text))
		if blk.IsUndefined() {
			blk = doc.Call("createElement", "div")
			blk.Set("className", "fc-class-block")
			frag.Call("appendChild", blk)
		}
		blk.Call("appendChild", s)
		if p.BlockEnd {
			blk = js.Undefined()
		}
	}
	el.Set("textContent", "")
	el.Call("appendChild", frag)
}

// OverlayCaret returns where a click left the caret in an overlay painted
// by PaintOverlay: the piece and the UTF-16 offset within its text.
func OverlayCaret(selector string) (piece, offset int, ok bool) {
	el := doc.Call("querySelector", selector)
	sel := js.Global().Call("getSelection")
	if !el.Truthy() || !sel.Truthy() || sel.Get("rangeCount").Int() == 0 {
		return 0, 0, false
	}
	n := sel.Get("focusNode")
	if !n.Truthy() || !el.Call("contains", n).Bool() {
		return 0, 0, false
	}
	off := sel.Get("focusOffset").Int()
	host := n
	if n.Get("nodeType").Int() == 3 { // a text node: its span holds the index
		host = n.Get("parentNode")
	} else {
		off = 0
	}
	for host.Truthy() && !host.Call("hasAttribute", "data-piece").Bool() {
		if host.Equal(el) {
			return 0, 0, false
		}
		host = host.Get("parentNode")
	}
	if !host.Truthy() {
		return 0, 0, false
	}
	i, err := strconv.Atoi(host.Call("getAttribute", "data-piece").String())
	return i, off, err == nil
}
