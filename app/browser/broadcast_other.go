//go:build !(js && wasm)

package browser

func Broadcast(msg string)            {}
func OnBroadcast(fn func(msg string)) {}
