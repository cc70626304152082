//go:build js && wasm

package browser

import "syscall/js"

// onKeydown reduces a keydown to a Key, moves the caret when the focus is
// in a readout's text, else hands the key to onKey; the event's default is
// prevented when either used it.
func onKeydown(e js.Value, onKey func(Key) bool) {
	k := Key{
		Key: e.Get("key").String(), Code: e.Get("code").String(),
		Ctrl: e.Get("ctrlKey").Bool(), Alt: e.Get("altKey").Bool(),
		Shift: e.Get("shiftKey").Bool(), Meta: e.Get("metaKey").Bool(),
	}
	active := doc.Get("activeElement")
	k.InField = isField(active)
	if isReadoutText(active) && moveCaret(e, k) {
		e.Call("preventDefault")
		return
	}
	if onKey != nil && onKey(k) {
		e.Call("preventDefault")
	}
}

// moveCaret lets a keyboard user move and extend the selection in read-only
// text: arrows move, Shift extends, Ctrl (or Alt on macOS) moves by word.
func moveCaret(e js.Value, k Key) bool {
	var dir, unit string
	switch k.Key {
	case "ArrowLeft":
		dir, unit = "backward", "character"
	case "ArrowRight":
		dir, unit = "forward", "character"
	case "ArrowUp":
		dir, unit = "backward", "line"
	case "ArrowDown":
		dir, unit = "forward", "line"
	case "Home":
		dir, unit = "backward", "lineboundary"
	case "End":
		dir, unit = "forward", "lineboundary"
	default:
		return false
	}
	if (k.Ctrl || k.Alt) && unit == "character" {
		unit = "word"
	}
	if k.Meta {
		return false
	}
	alter := "move"
	if k.Shift {
		alter = "extend"
	}
	sel := js.Global().Call("getSelection")
	if sel.Get("rangeCount").Int() == 0 {
		return false
	}
	sel.Call("modify", alter, dir, unit)
	return true
}
