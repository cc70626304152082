//go:build js && wasm

package browser

import (
	"errors"
	"strings"
	"syscall/js"
	"testing"
	"time"

	"framecheck/app/store"
)

// These tests run under Node (go_js_wasm_exec, see the Makefile), which has
// no IndexedDB: a scripted fake stands in for it, and the test fires its
// events in the order a browser does. They check the edges of idb_js.go:
// one answer per transaction, Delete answered at the transaction's end,
// and a connection that gives way to a newer version.

// fakeIDB defines window.__fakeIDB: a database whose requests and
// transactions keep their handlers for the test to fire, and a console
// that records errors.
const fakeIDB = `(() => {
  const g = globalThis;
  const errs = [];
  g.__consoleErrors = errs;
  const origError = console.error.bind(console);
  console.error = (...a) => { errs.push(a.map(String).join(' ')); };
  const req = () => ({ onsuccess: null, onerror: null, result: undefined, error: null });
  const db = {
    closed: false, txs: [], onversionchange: null,
    objectStoreNames: { contains: () => true },
    close() { this.closed = true; },
    transaction(names, mode) {
      if (this.closed) { const e = new Error('The database connection is closing.'); e.name = 'InvalidStateError'; throw e; }
      const tx = { oncomplete: null, onabort: null, onerror: null, error: null, aborted: false, reqs: [],
        abort() { this.aborted = true; },
        objectStore(name) {
          const t = this;
          const mk = (op) => (...args) => { const r = req(); r.op = name + '.' + op; r.args = args; t.reqs.push(r); return r; };
          return { get: mk('get'), getAll: mk('getAll'), put: mk('put'), delete: mk('delete') };
        } };
      this.txs.push(tx);
      return tx;
    },
  };
  const factory = { requests: [], open(name, version) { const r = req(); r.onupgradeneeded = null; r.onblocked = null; r.result = db; this.requests.push(r); return r; } };
  g.__fakeIDB = { db, factory };
})()`

func fake(t *testing.T) (db, factory js.Value) {
	t.Helper()
	js.Global().Call("eval", fakeIDB)
	f := js.Global().Get("__fakeIDB")
	return f.Get("db"), f.Get("factory")
}

// waitFor polls cond, yielding to the goroutine under test.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 2000; i++ {
		if cond() {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

func lastTx(db js.Value) js.Value {
	txs := db.Get("txs")
	return txs.Index(txs.Length() - 1)
}

func fire(target js.Value, handler string, this js.Value) {
	if h := target.Get(handler); h.Type() == js.TypeFunction {
		h.Call("call", this)
	}
}

func consoleErrors() string {
	return js.Global().Get("JSON").Call("stringify", js.Global().Get("__consoleErrors")).String()
}

// A failing write fires the request's error, the transaction's error (it
// bubbles) and then its abort: Put must answer once, with the error, and
// no handler may be called after it was released.
func TestPutAnswersOnce(t *testing.T) {
	db, _ := fake(t)
	d := &IDB{db: db}
	res := make(chan error, 2)
	go func() { res <- d.Put(store.Meta{ID: "w1", Title: "T", Rev: 1}, []byte("{}"), 0) }()
	waitFor(t, "the revision check", func() bool { return db.Get("txs").Length() == 1 && lastTx(db).Get("reqs").Length() == 1 })
	tx := lastTx(db)
	get := tx.Get("reqs").Index(0)
	fire(get, "onsuccess", get) // no record yet: revision 0, the write goes ahead
	if n := tx.Get("reqs").Length(); n != 3 {
		t.Fatalf("after the check, %d requests, want the two puts", n)
	}
	failed := tx.Get("reqs").Index(2)
	e := js.Global().Get("Object").New()
	e.Set("name", "ConstraintError")
	e.Set("message", "Key already exists in the object store.")
	failed.Set("error", e)
	tx.Set("error", e)
	fire(failed, "onerror", failed)
	fire(tx, "onerror", tx) // the error bubbles to the transaction
	time.Sleep(10 * time.Millisecond)
	fire(tx, "onabort", tx) // then the browser aborts it
	var err error
	select {
	case err = <-res:
	case <-time.After(2 * time.Second):
		t.Fatal("Put did not answer")
	}
	if err == nil || !strings.Contains(err.Error(), "ConstraintError") {
		t.Errorf("Put answered %v, want the ConstraintError", err)
	}
	time.Sleep(10 * time.Millisecond)
	select {
	case err2 := <-res:
		t.Errorf("Put answered twice: %v", err2)
	default:
	}
	if c := consoleErrors(); c != "[]" {
		t.Errorf("console errors (a handler called after its release?): %s", c)
	}
}

// Delete succeeds when its transaction completes, not when its request
// does: a transaction aborted after the request succeeded deleted nothing.
func TestDeleteAnswersAtTheEndOfItsTransaction(t *testing.T) {
	db, _ := fake(t)
	d := &IDB{db: db}
	res := make(chan error, 1)
	go func() { res <- d.Delete("w1") }()
	waitFor(t, "the two delete requests", func() bool { return db.Get("txs").Length() == 1 && lastTx(db).Get("reqs").Length() == 2 })
	tx := lastTx(db)
	for i := range 2 {
		r := tx.Get("reqs").Index(i)
		fire(r, "onsuccess", r)
	}
	time.Sleep(10 * time.Millisecond)
	e := js.Global().Get("Object").New()
	e.Set("name", "AbortError")
	e.Set("message", "The transaction was aborted.")
	tx.Set("error", e)
	fire(tx, "onabort", tx)
	select {
	case err := <-res:
		if err == nil {
			t.Fatal("Delete reported success although its transaction was aborted")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Delete did not answer after the abort")
	}
	// And a completed transaction is a success.
	go func() { res <- d.Delete("w2") }()
	waitFor(t, "the second delete", func() bool { return db.Get("txs").Length() == 2 && lastTx(db).Get("reqs").Length() == 2 })
	tx = lastTx(db)
	for i := range 2 {
		r := tx.Get("reqs").Index(i)
		fire(r, "onsuccess", r)
	}
	fire(tx, "oncomplete", tx)
	select {
	case err := <-res:
		if err != nil {
			t.Fatalf("Delete of a completed transaction: %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Delete did not answer after the transaction completed")
	}
}

// A newer version opened in another tab: this connection closes (so the
// other tab is not blocked) and the page is told; later writes say why
// they fail. An open blocked by an old tab says so instead of waiting in
// silence.
func TestVersionChangeAndBlocked(t *testing.T) {
	db, factory := fake(t)
	js.Global().Set("indexedDB", factory)
	defer js.Global().Delete("indexedDB")
	blocked, changed := make(chan bool, 1), make(chan bool, 1)
	res := make(chan error, 1)
	var b store.Backend
	go func() {
		var err error
		b, err = OpenIDB(IDBEvents{
			Blocked:       func() { blocked <- true },
			VersionChange: func() { changed <- true },
		})
		res <- err
	}()
	waitFor(t, "the open request", func() bool { return factory.Get("requests").Length() == 1 })
	r := factory.Get("requests").Index(0)
	fire(r, "onblocked", r)
	select {
	case <-blocked:
	case <-time.After(2 * time.Second):
		t.Fatal("a blocked open was not reported")
	}
	fire(r, "onsuccess", r)
	if err := <-res; err != nil {
		t.Fatal(err)
	}
	fire(db, "onversionchange", db)
	select {
	case <-changed:
	case <-time.After(2 * time.Second):
		t.Fatal("a version change was not reported")
	}
	if !db.Get("closed").Bool() {
		t.Fatal("the connection stayed open: the newer tab stays blocked")
	}
	err := b.Put(store.Meta{ID: "w1", Rev: 1}, nil, 0)
	if !errors.Is(err, store.ErrUnavailable) || !strings.Contains(err.Error(), "reload") {
		t.Errorf("a write after the version change: %v; want ErrUnavailable saying to reload", err)
	}
}
