//go:build !(js && wasm)

package browser

// Yield does nothing natively: there is no page to give time to.
func Yield() {}
