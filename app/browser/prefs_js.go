//go:build js && wasm

package browser

import "syscall/js"

// LocalGet reads a small preference from localStorage ("" when absent or
// when storage is refused).
func LocalGet(key string) (v string) {
	defer func() {
		if recover() != nil {
			v = ""
		}
	}()
	ls := js.Global().Get("localStorage")
	if !ls.Truthy() {
		return ""
	}
	r := ls.Call("getItem", key)
	if r.IsNull() || r.IsUndefined() {
		return ""
	}
	return r.String()
}

// LocalSet stores a small preference; a refusal (private mode, quota) is
// ignored because preferences are a convenience.
func LocalSet(key, value string) {
	defer func() { _ = recover() }()
	if ls := js.Global().Get("localStorage"); ls.Truthy() {
		ls.Call("setItem", key, value)
	}
}
