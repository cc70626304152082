//go:build js && wasm

package browser

import (
	"errors"
	"fmt"
	"syscall/js"
)

// storageManager is navigator.storage, or undefined (old browsers,
// insecure origins).
func storageManager() js.Value {
	nav := js.Global().Get("navigator")
	if !nav.Truthy() {
		return js.Undefined()
	}
	return nav.Get("storage")
}

// awaitPromise waits for a promise. It blocks: call it from a goroutine of
// its own, never from a JS callback.
func awaitPromise(p js.Value) (js.Value, error) {
	type res struct {
		v   js.Value
		err error
	}
	done := make(chan res, 1)
	var ok, fail js.Func
	ok = js.FuncOf(func(this js.Value, args []js.Value) any {
		var v js.Value
		if len(args) > 0 {
			v = args[0]
		}
		done <- res{v: v}
		return nil
	})
	fail = js.FuncOf(func(this js.Value, args []js.Value) any {
		msg := "rejected"
		if len(args) > 0 && args[0].Truthy() {
			msg = args[0].Call("toString").String()
		}
		done <- res{err: errors.New(msg)}
		return nil
	})
	p.Call("then", ok, fail)
	r := <-done
	ok.Release()
	fail.Release()
	return r.v, r.err
}

// call calls a method of navigator.storage that returns a promise.
func callStorage(method string) (js.Value, error) {
	sm := storageManager()
	if !sm.Truthy() || sm.Get(method).Type() != js.TypeFunction {
		return js.Undefined(), fmt.Errorf("navigator.storage.%s: not supported by this browser", method)
	}
	var p js.Value
	if err := catch(func() { p = sm.Call(method) }); err != nil {
		return js.Undefined(), fmt.Errorf("navigator.storage.%s: %v", method, err)
	}
	v, err := awaitPromise(p)
	if err != nil {
		return v, fmt.Errorf("navigator.storage.%s: %v", method, err)
	}
	return v, nil
}

// RequestPersistence asks the browser to keep this site's storage unless
// the user clears it (navigator.storage.persist()) and reports whether it
// is persistent now. Without it the browser may evict the storage under
// disk pressure. It blocks.
func RequestPersistence() (bool, error) {
	if v, err := callStorage("persisted"); err == nil && v.Truthy() {
		return true, nil // already: no need to ask (Firefox would prompt)
	}
	v, err := callStorage("persist")
	if err != nil {
		return false, err
	}
	return v.Truthy(), nil
}

// Storage reports whether this site's storage is persistent and the
// browser's estimate of its usage and quota. It blocks.
func Storage() (StorageState, error) {
	var st StorageState
	p, err := callStorage("persisted")
	if err != nil {
		return st, err
	}
	st.Persisted = p.Truthy()
	est, err := callStorage("estimate")
	if err != nil {
		return st, err
	}
	num := func(k string) int64 {
		if f := est.Get(k); f.Type() == js.TypeNumber {
			return int64(f.Float())
		}
		return 0
	}
	st.Usage, st.Quota = num("usage"), num("quota")
	return st, nil
}
