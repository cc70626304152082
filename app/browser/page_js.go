//go:build js && wasm

package browser

import (
	"strings"
	"syscall/js"
	"time"
)

var (
	initialized bool
	doc         = js.Global().Get("document")
	handlers    []js.Func // kept alive for the life of the page
	dirty       bool
	lastInput   time.Time // the last keydown or mousedown (LastInput)
)

// Init installs the page-wide listeners. They run synchronously inside the
// browser's event dispatch, which go-app's own handlers do not (go-app queues
// them), so preventDefault only works from here.
func Init(onKey func(Key) bool) {
	if initialized {
		return // listeners are page-wide: install them once
	}
	initialized = true
	listen(doc, "submit", true, func(e js.Value) {
		// Forms in framecheck never navigate: the text never leaves the page.
		e.Call("preventDefault")
	})
	listen(doc, "mousedown", true, func(e js.Value) {
		lastInput = time.Now()
		// Tag buttons must not take the selection away from the readout.
		if t := e.Get("target"); t.Truthy() && t.Get("closest").Truthy() && t.Call("closest", "[data-keep-selection]").Truthy() {
			e.Call("preventDefault")
		}
	})
	listen(doc, "focusin", false, func(e js.Value) {
		// A keyboard user who tabs into a readout gets a caret to move.
		t := e.Get("target")
		if !isReadoutText(t) {
			return
		}
		sel := js.Global().Call("getSelection")
		if sel.Get("rangeCount").Int() > 0 && t.Call("contains", sel.Call("getRangeAt", 0).Get("startContainer")).Bool() {
			return
		}
		sel.Call("collapse", t, 0)
	})
	listen(js.Global(), "beforeunload", false, func(e js.Value) {
		// Work not yet stored (SetDirty) would be lost: ask first.
		if dirty {
			e.Call("preventDefault")
			e.Set("returnValue", "")
		}
	})
	listen(js.Global(), "keydown", true, func(e js.Value) {
		lastInput = time.Now()
		onKeydown(e, onKey)
	})
}

// SetDirty tells the page whether there is work that leaving would lose.
func SetDirty(d bool) { dirty = d }

// LastInput is when the user last pressed a key or a mouse button on the
// page (zero before the first).
func LastInput() time.Time { return lastInput }

func listen(target js.Value, event string, capture bool, fn func(js.Value)) {
	f := js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) > 0 {
			fn(args[0])
		}
		return nil
	})
	handlers = append(handlers, f)
	target.Call("addEventListener", event, f, map[string]any{"capture": capture})
}

func isField(el js.Value) bool {
	if !el.Truthy() {
		return false
	}
	switch strings.ToLower(el.Get("tagName").String()) {
	case "input", "textarea", "select":
		return true
	}
	return el.Get("isContentEditable").Truthy()
}

func isReadoutText(el js.Value) bool {
	return el.Truthy() && el.Get("hasAttribute").Truthy() && el.Call("hasAttribute", "data-readout-id").Bool()
}

// readoutEl finds the text element of a readout.
func readoutEl(readoutID string) js.Value {
	return doc.Call("querySelector", `[data-readout-id="`+cssEscape(readoutID)+`"]`)
}

func cssEscape(s string) string {
	return js.Global().Get("CSS").Call("escape", s).String()
}
