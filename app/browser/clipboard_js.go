//go:build js && wasm

package browser

import (
	"fmt"
	"syscall/js"
)

// CopyText puts text on the clipboard. The asynchronous Clipboard API needs
// a secure context (localhost and https are); elsewhere a hidden textarea
// and execCommand do it. done runs with the outcome, in a JS callback: it
// must only hand it on.
func CopyText(text string, done func(error)) {
	fallback := func() {
		ta := doc.Call("createElement", "textarea")
		ta.Set("value", text)
		ta.Call("setAttribute", "readonly", "")
		ta.Get("style").Set("position", "fixed")
		ta.Get("style").Set("opacity", "0")
		doc.Get("body").Call("appendChild", ta)
		ta.Call("select")
		ok := doc.Call("execCommand", "copy").Truthy()
		ta.Call("remove")
		if ok {
			done(nil)
			return
		}
		done(fmt.Errorf("the browser refused to copy; select the text of the summary and copy it by hand"))
	}
	cb := js.Global().Get("navigator").Get("clipboard")
	if !cb.Truthy() {
		fallback()
		return
	}
	var ok, fail js.Func
	ok = js.FuncOf(func(js.Value, []js.Value) any {
		ok.Release()
		fail.Release()
		done(nil)
		return nil
	})
	fail = js.FuncOf(func(js.Value, []js.Value) any {
		ok.Release()
		fail.Release()
		fallback()
		return nil
	})
	cb.Call("writeText", text).Call("then", ok, fail)
}
