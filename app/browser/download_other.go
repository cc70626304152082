//go:build !(js && wasm)

package browser

func Download(filename, mime string, data []byte) error { return ErrNoBrowser }
