//go:build js && wasm

package browser

import "syscall/js"

var channel js.Value

// Broadcast tells the other tabs of this browser something (a workspace was
// saved). BroadcastChannel never leaves the browser.
func Broadcast(msg string) {
	if !channel.Truthy() {
		return
	}
	channel.Call("postMessage", msg)
}

// OnBroadcast receives the other tabs' messages. fn runs inside a JS
// callback: it must only hand the message on (ctx.Dispatch), never block.
func OnBroadcast(fn func(msg string)) {
	bc := js.Global().Get("BroadcastChannel")
	if !bc.Truthy() || channel.Truthy() {
		return // none, or already listening: listeners are page-wide
	}
	channel = bc.New("framecheck")
	listen(channel, "message", false, func(e js.Value) {
		if d := e.Get("data"); d.Type() == js.TypeString {
			fn(d.String())
		}
	})
}
