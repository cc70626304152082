//go:build js && wasm

package browser

import (
	"syscall/js"
	"time"
)

// AfterNextPaint calls fn once, after the browser has painted its next
// frame: a requestAnimationFrame callback runs before that frame's layout
// and paint, and a task it queues runs after them. A hidden tab paints no
// frames, so fn also runs after a second at the latest.
func AfterNextPaint(fn func()) {
	var frame js.Func
	done := false
	once := func() {
		if !done {
			done = true
			fn()
		}
	}
	frame = js.FuncOf(func(js.Value, []js.Value) any {
		frame.Release()
		After(0, once)
		return nil
	})
	js.Global().Call("requestAnimationFrame", frame)
	After(time.Second, once)
}

// After calls fn once, d from now, in a task of its own (setTimeout), so
// that input and frames due meanwhile go first.
func After(d time.Duration, fn func()) {
	var f js.Func
	f = js.FuncOf(func(js.Value, []js.Value) any {
		f.Release()
		fn()
		return nil
	})
	js.Global().Call("setTimeout", f, d.Milliseconds())
}
