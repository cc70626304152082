//go:build !(js && wasm)

package browser

import "time"

// AfterNextPaint calls fn at once natively: there is no frame to wait for.
func AfterNextPaint(fn func()) { fn() }

// After calls fn once, d from now, on a goroutine of its own.
func After(d time.Duration, fn func()) { time.AfterFunc(d, fn) }
