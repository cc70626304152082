//go:build !(js && wasm)

package browser

import "time"

// Native builds (tests) have no DOM: the stand-ins in the *_other.go files
// do nothing, so the UI packages compile and their components can be
// rendered by app.NewTestEngine.

func Init(onKey func(Key) bool) {}
func SetDirty(d bool)           {}
func LastInput() time.Time      { return time.Time{} }
