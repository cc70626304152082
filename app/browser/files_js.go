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
		return nil, tooBig(f, max)
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

// ReadAll reads the files at once and returns, in their order, each one's
// bytes or why it could not be read; a file over max(f) bytes is refused
// before it is read, as Read does. It asks the page once for all of them
// (framecheck.readFiles in web/framecheck.js): reading 30 hand-ins one Read
// each took about 100 ms in the class view, the reads themselves about 35.
// It blocks until the browser has read them: call it from a goroutine of
// its own.
func ReadAll(files []File, max func(File) int) ([][]byte, []error) {
	data, errs := make([][]byte, len(files)), make([]error, len(files))
	var blobs []any
	var at []int // index in files of each blob
	for i, f := range files {
		if m := max(f); f.Size > m {
			errs[i] = tooBig(f, m)
			continue
		}
		blobs, at = append(blobs, f.blob), append(at, i)
	}
	fc := js.Global().Get("framecheck")
	if len(blobs) == 0 || !fc.Truthy() || !fc.Get("readFiles").Truthy() {
		for _, i := range at { // without the script: one at a time
			data[i], errs[i] = files[i].Read(max(files[i]))
		}
		return data, errs
	}
	done := make(chan js.Value, 1)
	var ok, fail js.Func
	ok = js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- args[0]
		return nil
	})
	fail = js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- js.Null() // readFiles catches each read; this is for the unforeseen
		return nil
	})
	fc.Call("readFiles", blobs).Call("then", ok, fail)
	res := <-done
	ok.Release()
	fail.Release()
	u8 := js.Global().Get("Uint8Array")
	for k, i := range at {
		v := js.Null()
		if !res.IsNull() {
			v = res.Index(k)
		}
		switch v.Type() {
		case js.TypeNull:
			errs[i] = fmt.Errorf("reading %s failed", files[i].Name)
		case js.TypeString:
			errs[i] = fmt.Errorf("reading %s failed: %s", files[i].Name, v.String())
		default:
			arr := u8.New(v)
			b := make([]byte, arr.Get("length").Int())
			js.CopyBytesToGo(b, arr)
			data[i] = b
		}
	}
	return data, errs
}

// tooBig is the refusal of a file over max bytes.
func tooBig(f File, max int) error {
	return fmt.Errorf("%s is %d MB; framecheck opens files up to %d MB", f.Name, f.Size>>20, max>>20)
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
