//go:build !(js && wasm)

package browser

// AfterNextPaint calls fn at once natively: there is no frame to wait for.
func AfterNextPaint(fn func()) { fn() }
