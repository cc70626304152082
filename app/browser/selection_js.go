//go:build js && wasm

package browser

import "syscall/js"

// CurrentSelection returns the selection if it lies in (or starts or ends
// in) a readout text element. Edges outside the element are clamped to it.
func CurrentSelection() (Selection, bool) {
	sel := js.Global().Call("getSelection")
	if !sel.Truthy() || sel.Get("rangeCount").Int() == 0 {
		return Selection{}, false
	}
	r := sel.Call("getRangeAt", 0)
	el := closestReadout(r.Get("startContainer"))
	if !el.Truthy() {
		el = closestReadout(r.Get("endContainer"))
	}
	if !el.Truthy() {
		return Selection{}, false
	}
	start := offsetIn(el, r.Get("startContainer"), r.Get("startOffset").Int())
	end := offsetIn(el, r.Get("endContainer"), r.Get("endOffset").Int())
	if end < start {
		start, end = end, start
	}
	return Selection{ReadoutID: el.Call("getAttribute", "data-readout-id").String(), Start: start, End: end}, true
}

func closestReadout(n js.Value) js.Value {
	if !n.Truthy() {
		return js.Null()
	}
	if n.Get("nodeType").Int() != 1 {
		n = n.Get("parentElement")
	}
	if !n.Truthy() {
		return js.Null()
	}
	return n.Call("closest", "[data-readout-id]")
}

// offsetIn converts a DOM boundary point to a UTF-16 offset in el's text.
// Markers carry no text, so the length of the text before the point is the
// offset; points outside el clamp to its start or end. framecheck.offset
// adds up the text nodes' lengths; without the script, or for a point it
// does not handle, the text before the point is made as a string.
func offsetIn(el, node js.Value, off int) int {
	if fc := bulkHelper(); !fc.IsNull() && fc.Get("offset").Truthy() {
		if n := fc.Call("offset", el, node, off).Int(); n >= 0 {
			return n
		}
	}
	whole := doc.Call("createRange")
	whole.Call("selectNodeContents", el)
	switch whole.Call("comparePoint", node, off).Int() {
	case -1:
		return 0
	case 1:
		return jsLen(el.Get("textContent"))
	}
	r := doc.Call("createRange")
	r.Call("setStart", el, 0)
	r.Call("setEnd", node, off)
	return jsLen(r.Call("toString"))
}

// jsLen is the length of a JS string in UTF-16 units, as the DOM counts.
// syscall/js refuses Get and Length on a string primitive, so the string is
// wrapped in a String object first.
func jsLen(s js.Value) int {
	return js.Global().Get("String").New(s).Get("length").Int()
}

// CollapseSelection collapses the DOM selection to its end, so a span just
// tagged shows its highlight instead of the browser's selection colour; the
// caret stays for keyboard users.
func CollapseSelection() {
	sel := js.Global().Call("getSelection")
	if sel.Truthy() && sel.Get("rangeCount").Int() > 0 && !sel.Get("isCollapsed").Bool() {
		sel.Call("collapseToEnd")
	}
}
