//go:build js && wasm

package browser

import (
	"errors"
	"fmt"
	"syscall/js"
	"time"

	"framecheck/app/store"
)

// IDB is a store.Backend over IndexedDB: one object store for the small
// records of the workspace list, one for the workspace bytes, written in one
// transaction. IndexedDB holds hundreds of megabytes where localStorage
// holds about five.
//
// Its methods block the calling goroutine until IndexedDB answers, so call
// them from a goroutine of their own (never from a JS callback).
type IDB struct {
	db js.Value
}

const (
	idbName    = "framecheck"
	idbVersion = 1
	metaStore  = "meta"
	dataStore  = "data"
)

// OpenIDB opens (or creates) the database. It fails with store.ErrUnavailable
// when the browser refuses storage.
func OpenIDB(ev IDBEvents) (store.Backend, error) {
	factory := js.Global().Get("indexedDB")
	if !factory.Truthy() {
		return nil, fmt.Errorf("open storage: %w (no IndexedDB)", store.ErrUnavailable)
	}
	var req js.Value
	if err := catch(func() { req = factory.Call("open", idbName, idbVersion) }); err != nil {
		return nil, fmt.Errorf("open storage: %w (%v)", store.ErrUnavailable, err)
	}
	upgrade := js.FuncOf(func(this js.Value, args []js.Value) any {
		db := req.Get("result")
		names := db.Get("objectStoreNames")
		if !names.Call("contains", metaStore).Bool() {
			db.Call("createObjectStore", metaStore, map[string]any{"keyPath": "id"})
		}
		if !names.Call("contains", dataStore).Bool() {
			db.Call("createObjectStore", dataStore)
		}
		return nil
	})
	defer upgrade.Release()
	req.Set("onupgradeneeded", upgrade)
	if _, err := await(req); err != nil {
		return nil, fmt.Errorf("open storage: %w (%v)", store.ErrUnavailable, err)
	}
	return &IDB{db: req.Get("result")}, nil
}

// catch turns a JS exception thrown by f into an error.
func catch(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	f()
	return nil
}

// await waits for an IDBRequest to succeed or fail.
func await(req js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	done := make(chan result, 1)
	var ok, fail js.Func
	ok = js.FuncOf(func(this js.Value, args []js.Value) any {
		done <- result{v: req.Get("result")}
		return nil
	})
	fail = js.FuncOf(func(this js.Value, args []js.Value) any {
		done <- result{err: domError(req.Get("error"))}
		return nil
	})
	req.Set("onsuccess", ok)
	req.Set("onerror", fail)
	r := <-done
	ok.Release()
	fail.Release()
	return r.v, r.err
}

// domError names a DOMException; quota and security errors mean storage is
// refused.
func domError(e js.Value) error {
	if !e.Truthy() {
		return errors.New("unknown storage error")
	}
	name, msg := e.Get("name").String(), e.Get("message").String()
	switch name {
	case "QuotaExceededError", "SecurityError", "InvalidStateError", "UnknownError":
		return fmt.Errorf("%w: %s: %s", store.ErrUnavailable, name, msg)
	}
	return fmt.Errorf("%s: %s", name, msg)
}

// Put writes meta and data in one transaction, refusing when the stored
// revision is not expectRev (another tab saved in between).
func (d *IDB) Put(meta store.Meta, data []byte, expectRev int) error {
	var tx js.Value
	if err := catch(func() { tx = d.db.Call("transaction", []any{metaStore, dataStore}, "readwrite") }); err != nil {
		return fmt.Errorf("%w: %v", store.ErrUnavailable, err)
	}
	done := make(chan error, 1)
	var conflict bool
	var onGet, onDone, onFail js.Func
	onDone = js.FuncOf(func(this js.Value, args []js.Value) any { done <- nil; return nil })
	onFail = js.FuncOf(func(this js.Value, args []js.Value) any {
		if conflict {
			done <- store.ErrConflict
		} else {
			done <- domError(tx.Get("error"))
		}
		return nil
	})
	metas := tx.Call("objectStore", metaStore)
	get := metas.Call("get", meta.ID)
	onGet = js.FuncOf(func(this js.Value, args []js.Value) any {
		cur := get.Get("result")
		rev := 0
		if cur.Truthy() {
			rev = cur.Get("rev").Int()
		}
		if rev != expectRev {
			conflict = true
			tx.Call("abort")
			return nil
		}
		// Store the bytes as a Uint8Array: structured clone, no re-encoding.
		arr := js.Global().Get("Uint8Array").New(len(data))
		js.CopyBytesToJS(arr, data)
		metas.Call("put", metaToJS(meta))
		tx.Call("objectStore", dataStore).Call("put", arr, meta.ID)
		return nil
	})
	get.Set("onsuccess", onGet)
	tx.Set("oncomplete", onDone)
	tx.Set("onabort", onFail)
	tx.Set("onerror", onFail)
	err := <-done
	onGet.Release()
	onDone.Release()
	onFail.Release()
	return err
}

// Get reads one workspace.
func (d *IDB) Get(id string) (store.Meta, []byte, error) {
	var m store.Meta
	var tx js.Value
	if err := catch(func() { tx = d.db.Call("transaction", []any{metaStore, dataStore}, "readonly") }); err != nil {
		return m, nil, fmt.Errorf("%w: %v", store.ErrUnavailable, err)
	}
	// Both requests go out before either is awaited: a transaction stays
	// active only while it has requests pending, so a second request made
	// after Go resumed from the first could find it committed.
	metaReq := tx.Call("objectStore", metaStore).Call("get", id)
	dataReq := tx.Call("objectStore", dataStore).Call("get", id)
	mv, err := await(metaReq)
	if err != nil {
		return m, nil, err
	}
	if !mv.Truthy() {
		return m, nil, store.ErrNotFound
	}
	m, err = metaFromJS(mv)
	if err != nil {
		return m, nil, fmt.Errorf("read %s: %w", id, err)
	}
	dv, err := await(dataReq)
	if err != nil {
		return m, nil, err
	}
	if !dv.Truthy() {
		return m, nil, fmt.Errorf("read %q: %w (its data is missing)", m.Title, store.ErrNotFound)
	}
	b := make([]byte, dv.Get("length").Int())
	js.CopyBytesToGo(b, dv)
	return m, b, nil
}

// Metas lists every stored workspace's record.
func (d *IDB) Metas() ([]store.Meta, error) {
	var tx js.Value
	if err := catch(func() { tx = d.db.Call("transaction", metaStore, "readonly") }); err != nil {
		return nil, fmt.Errorf("%w: %v", store.ErrUnavailable, err)
	}
	all, err := await(tx.Call("objectStore", metaStore).Call("getAll"))
	if err != nil {
		return nil, err
	}
	n := all.Length()
	out := make([]store.Meta, 0, n)
	for i := range n {
		m, err := metaFromJS(all.Index(i))
		if err != nil {
			return nil, fmt.Errorf("read workspace list: %w", err)
		}
		out = append(out, m)
	}
	return out, nil
}

// metaToJS makes the stored record of meta: the object JSON.parse would
// make of its JSON (store.Meta's json tags; times as RFC 3339 strings,
// deletedAt left out when zero), built directly rather than through
// encoding/json's reflection and a JSON round trip.
func metaToJS(m store.Meta) js.Value {
	o := js.Global().Get("Object").New()
	o.Set("id", m.ID)
	o.Set("title", m.Title)
	o.Set("readouts", m.Readouts)
	o.Set("annotations", m.Annotations)
	o.Set("updatedAt", m.UpdatedAt.Format(time.RFC3339Nano))
	o.Set("rev", m.Rev)
	if !m.DeletedAt.IsZero() {
		o.Set("deletedAt", m.DeletedAt.Format(time.RFC3339Nano))
	}
	return o
}

// metaFromJS reads a stored record, as metaToJS (or an older framecheck,
// through JSON) wrote it, the way encoding/json read it before: a missing
// field is zero, a field of the wrong type is an error.
func metaFromJS(v js.Value) (store.Meta, error) {
	var m store.Meta
	if v.Type() != js.TypeObject {
		return m, errors.New("a workspace record is not an object")
	}
	str := func(k string) (string, error) {
		f := v.Get(k)
		if f.IsUndefined() || f.IsNull() {
			return "", nil
		}
		if f.Type() != js.TypeString {
			return "", fmt.Errorf("%s of a workspace record is not a string", k)
		}
		return f.String(), nil
	}
	num := func(k string) (int, error) {
		f := v.Get(k)
		if f.IsUndefined() || f.IsNull() {
			return 0, nil
		}
		if f.Type() != js.TypeNumber {
			return 0, fmt.Errorf("%s of a workspace record is not a number", k)
		}
		return f.Int(), nil
	}
	tm := func(k string) (time.Time, error) {
		s, err := str(k)
		if err != nil || s == "" {
			return time.Time{}, err
		}
		return time.Parse(time.RFC3339, s) // accepts fractions of a second too
	}
	var err error
	if m.ID, err = str("id"); err != nil {
		return m, err
	}
	if m.Title, err = str("title"); err != nil {
		return m, err
	}
	if m.Readouts, err = num("readouts"); err != nil {
		return m, err
	}
	if m.Annotations, err = num("annotations"); err != nil {
		return m, err
	}
	if m.UpdatedAt, err = tm("updatedAt"); err != nil {
		return m, err
	}
	if m.Rev, err = num("rev"); err != nil {
		return m, err
	}
	if m.DeletedAt, err = tm("deletedAt"); err != nil {
		return m, err
	}
	return m, nil
}

// Delete removes a workspace for good.
func (d *IDB) Delete(id string) error {
	var tx js.Value
	if err := catch(func() { tx = d.db.Call("transaction", []any{metaStore, dataStore}, "readwrite") }); err != nil {
		return fmt.Errorf("%w: %v", store.ErrUnavailable, err)
	}
	tx.Call("objectStore", metaStore).Call("delete", id)
	_, err := await(tx.Call("objectStore", dataStore).Call("delete", id))
	return err
}
