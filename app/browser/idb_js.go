//go:build js && wasm

package browser

import (
	"errors"
	"fmt"
	"sync/atomic"
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
	// closed is set when another tab opened a newer version of the
	// database and this connection gave way to it.
	closed atomic.Bool
}

// errReload is every operation's error once the connection gave way to a
// newer version in another tab.
var errReload = fmt.Errorf("%w: framecheck was updated in another tab; reload this page to continue", store.ErrUnavailable)

const (
	idbName    = "framecheck"
	idbVersion = 1
	metaStore  = "meta"
	dataStore  = "data"
)

// OpenIDB opens (or creates) the database. It fails with store.ErrUnavailable
// when the browser refuses storage. While another tab holds a connection to
// an older version, the open waits and ev.Blocked says so; once open, this
// connection closes when another tab opens a newer version (which would
// otherwise wait for it forever) and ev.VersionChange tells the page.
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
	blocked := js.FuncOf(func(this js.Value, args []js.Value) any {
		if ev.Blocked != nil {
			ev.Blocked()
		}
		return nil
	})
	defer blocked.Release()
	req.Set("onupgradeneeded", upgrade)
	req.Set("onblocked", blocked)
	if _, err := await(req); err != nil {
		return nil, fmt.Errorf("open storage: %w (%v)", store.ErrUnavailable, err)
	}
	d := &IDB{db: req.Get("result")}
	// Kept for the life of the page: one connection, one handler.
	d.db.Set("onversionchange", js.FuncOf(func(this js.Value, args []js.Value) any {
		d.closed.Store(true)
		_ = catch(func() { d.db.Call("close") })
		if ev.VersionChange != nil {
			ev.VersionChange()
		}
		return nil
	}))
	return d, nil
}

// begin starts a transaction.
func (d *IDB) begin(stores any, mode string) (js.Value, error) {
	if d.closed.Load() {
		return js.Value{}, errReload
	}
	var tx js.Value
	if err := catch(func() { tx = d.db.Call("transaction", stores, mode) }); err != nil {
		if d.closed.Load() {
			return js.Value{}, errReload
		}
		return js.Value{}, fmt.Errorf("%w: %v", store.ErrUnavailable, err)
	}
	return tx, nil
}

// txEnd waits for a transaction to end, once: nil when it completed, its
// error when it aborted. (A failed request fires error at the transaction,
// then abort: only the end is an answer.)
func txEnd(tx js.Value) error {
	done := make(chan error, 1)
	var onDone, onAbort js.Func
	onDone = js.FuncOf(func(this js.Value, args []js.Value) any { done <- nil; return nil })
	onAbort = js.FuncOf(func(this js.Value, args []js.Value) any {
		e := tx.Get("error")
		if !e.Truthy() {
			done <- errors.New("the transaction was aborted")
		} else {
			done <- domError(e)
		}
		return nil
	})
	tx.Set("oncomplete", onDone)
	tx.Set("onabort", onAbort)
	err := <-done
	// The end is the last event of a transaction: nothing calls these
	// handlers after it.
	onDone.Release()
	onAbort.Release()
	return err
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
// revision is not expectRev (another tab saved in between). It answers
// once, when the transaction has ended.
func (d *IDB) Put(meta store.Meta, data []byte, expectRev int) error {
	tx, err := d.begin([]any{metaStore, dataStore}, "readwrite")
	if err != nil {
		return err
	}
	var conflict bool
	var putErr error
	var metas, get js.Value
	if err := catch(func() {
		metas = tx.Call("objectStore", metaStore)
		get = metas.Call("get", meta.ID)
	}); err != nil {
		return fmt.Errorf("%w: %v", store.ErrUnavailable, err)
	}
	onGet := js.FuncOf(func(this js.Value, args []js.Value) any {
		cur := get.Get("result")
		rev := 0
		if cur.Truthy() {
			rev = cur.Get("rev").Int()
		}
		if rev != expectRev {
			conflict = true
			_ = catch(func() { tx.Call("abort") })
			return nil
		}
		// Store the bytes as a Uint8Array: structured clone, no re-encoding.
		putErr = catch(func() {
			arr := js.Global().Get("Uint8Array").New(len(data))
			js.CopyBytesToJS(arr, data)
			metas.Call("put", metaToJS(meta))
			tx.Call("objectStore", dataStore).Call("put", arr, meta.ID)
		})
		if putErr != nil {
			_ = catch(func() { tx.Call("abort") })
		}
		return nil
	})
	get.Set("onsuccess", onGet)
	err = txEnd(tx)
	onGet.Release()
	switch {
	case conflict:
		return store.ErrConflict
	case putErr != nil:
		return fmt.Errorf("%w: %v", store.ErrUnavailable, putErr)
	}
	return err
}

// Get reads one workspace.
func (d *IDB) Get(id string) (store.Meta, []byte, error) {
	var m store.Meta
	tx, err := d.begin([]any{metaStore, dataStore}, "readonly")
	if err != nil {
		return m, nil, err
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
	tx, err := d.begin(metaStore, "readonly")
	if err != nil {
		return nil, err
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

// Delete removes a workspace for good. It succeeds when the transaction
// has completed (a request's success alone is not yet a stored change).
func (d *IDB) Delete(id string) error {
	tx, err := d.begin([]any{metaStore, dataStore}, "readwrite")
	if err != nil {
		return err
	}
	if err := catch(func() {
		tx.Call("objectStore", metaStore).Call("delete", id)
		tx.Call("objectStore", dataStore).Call("delete", id)
	}); err != nil {
		return fmt.Errorf("%w: %v", store.ErrUnavailable, err)
	}
	if err := txEnd(tx); err != nil {
		return fmt.Errorf("delete %s: %w", id, err)
	}
	return nil
}
