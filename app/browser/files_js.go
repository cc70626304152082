//go:build js && wasm

package browser

import (
	"fmt"
	"syscall/js"
)

var dropping bool // the drop listeners are installed

// File is a file the user picked or dropped.
type File struct {
	Name string
	Size int
	blob js.Value
}

// Read returns the file's bytes, refusing files over max bytes before
// reading them. It blocks until the browser has read the file: call it
// from a goroutine of its own.
func (f File) Read(max int) ([]byte, error) {
	if f.Size > max {
		return nil, fmt.Errorf("%s is %d MB; framecheck opens files up to %d MB", f.Name, f.Size>>20, max>>20)
	}
	type res struct {
		b   []byte
		err error
	}
	done := make(chan res, 1)
	var ok, fail js.Func
	ok = js.FuncOf(func(this js.Value, args []js.Value) any {
		arr := js.Global().Get("Uint8Array").New(args[0])
		b := make([]byte, arr.Get("length").Int())
		js.CopyBytesToGo(b, arr)
		done <- res{b: b}
		return nil
	})
	fail = js.FuncOf(func(this js.Value, args []js.Value) any {
		done <- res{err: fmt.Errorf("reading %s failed: %s", f.Name, args[0].Call("toString").String())}
		return nil
	})
	f.blob.Call("arrayBuffer").Call("then", ok).Call("catch", fail)
	r := <-done
	ok.Release()
	fail.Release()
	return r.b, r.err
}

func filesOf(list js.Value) []File {
	var out []File
	if !list.Truthy() {
		return nil
	}
	for i := 0; i < list.Get("length").Int(); i++ {
		f := list.Call("item", i)
		out = append(out, File{Name: f.Get("name").String(), Size: f.Get("size").Int(), blob: f})
	}
	return out
}

// PickedFiles returns the files chosen in a file input (and clears it, so
// choosing the same file again fires a change).
func PickedFiles(selector string) []File {
	in := doc.Call("querySelector", selector)
	if !in.Truthy() {
		return nil
	}
	files := filesOf(in.Get("files"))
	in.Set("value", "")
	return files
}

// OnDropFiles calls fn with the files dropped anywhere on the page. fn runs
// inside the drop event: it must only hand the files on.
func OnDropFiles(fn func([]File)) {
	if dropping {
		return // page-wide listeners: install them once
	}
	dropping = true
	hasFiles := func(e js.Value) bool {
		dt := e.Get("dataTransfer")
		if !dt.Truthy() {
			return false
		}
		types := dt.Get("types")
		for i := 0; i < types.Length(); i++ {
			if types.Index(i).String() == "Files" {
				return true
			}
		}
		return false
	}
	listen(doc, "dragover", false, func(e js.Value) {
		if hasFiles(e) {
			e.Call("preventDefault") // allow the drop
			doc.Get("body").Call("setAttribute", "data-dragging", "true")
		}
	})
	listen(doc, "dragleave", false, func(e js.Value) {
		doc.Get("body").Call("removeAttribute", "data-dragging")
	})
	listen(doc, "drop", false, func(e js.Value) {
		doc.Get("body").Call("removeAttribute", "data-dragging")
		if !hasFiles(e) {
			return
		}
		e.Call("preventDefault") // never let the browser navigate to the file
		fn(filesOf(e.Get("dataTransfer").Get("files")))
	})
}
