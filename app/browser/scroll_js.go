//go:build js && wasm

package browser

import "syscall/js"

// bringIntoView scrolls target (a Range, or a marker element: both have
// getBoundingClientRect) into view, the readout's own box first when it
// scrolls (the columns of the compare view do), then the page; a target
// already in view does not move anything.
func bringIntoView(box, target js.Value) {
	rect := func() (top, bottom float64) {
		r := target.Call("getBoundingClientRect")
		return r.Get("top").Float(), r.Get("bottom").Float()
	}
	top, bottom := rect()
	if box.Truthy() && box.Get("scrollHeight").Int() > box.Get("clientHeight").Int()+1 {
		b := box.Call("getBoundingClientRect")
		btop, bbottom := b.Get("top").Float(), b.Get("bottom").Float()
		if top < btop || bottom > bbottom {
			box.Set("scrollTop", box.Get("scrollTop").Float()+top-btop-(bbottom-btop)/3)
			top, bottom = rect() // the box scrolled: measure again
		}
	}
	h := js.Global().Get("innerHeight").Float()
	if top >= 80 && bottom <= h-20 {
		return
	}
	js.Global().Call("scrollBy", map[string]any{"top": top - h/3, "behavior": "instant"})
}

// ScrollIntoView scrolls the first element matching selector into view.
func ScrollIntoView(selector string) {
	if el := doc.Call("querySelector", selector); el.Truthy() {
		el.Call("scrollIntoView", map[string]any{"block": "nearest"})
	}
}
