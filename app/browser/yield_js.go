//go:build js && wasm

package browser

// Yield lets the browser run a turn of its event loop (paint, input, a
// click on Cancel) and then returns. Call it from a goroutine doing long
// work, never from an event handler: WebAssembly Go gives the page back
// to the browser only when every goroutine is blocked, as this one is
// until the timer fires.
func Yield() {
	done := make(chan struct{})
	After(0, func() { close(done) })
	<-done
}
