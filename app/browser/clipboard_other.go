//go:build !(js && wasm)

package browser

func CopyText(text string, done func(error)) { done(ErrNoBrowser) }
