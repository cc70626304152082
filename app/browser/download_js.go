//go:build js && wasm

package browser

import (
	"syscall/js"
	"time"
)

// Download saves data as a file through a Blob URL: the bytes never leave
// the browser.
func Download(filename, mime string, data []byte) error {
	arr := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(arr, data)
	blob := js.Global().Get("Blob").New([]any{arr}, map[string]any{"type": mime})
	url := js.Global().Get("URL").Call("createObjectURL", blob)
	a := doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", filename)
	a.Set("rel", "noopener")
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	// Revoke later: the download reads the URL after click returns.
	After(time.Minute, func() { js.Global().Get("URL").Call("revokeObjectURL", url) })
	return nil
}
