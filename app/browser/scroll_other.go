//go:build !(js && wasm)

package browser

func ScrollIntoView(selector string) {}
