//go:build !(js && wasm)

package browser

func LocalGet(key string) string { return "" }
func LocalSet(key, value string) {}
