//go:build js && wasm

package browser

import (
	"errors"
	"syscall/js"
	"time"
)

// WorkerVersion asks the service worker that controls the page which app
// version it serves: framecheck's worker (worker.go) answers a
// {framecheck: "version"} message on the port sent with it. go-app calls
// every activation seen by a controlled page an update, the first visit's
// own worker included (its activation claims the page), so the shell
// compares this with the page's version before it offers a reload. It
// blocks: call it from a goroutine.
func WorkerVersion(timeout time.Duration) (string, error) {
	sw := js.Global().Get("navigator").Get("serviceWorker")
	if !sw.Truthy() {
		return "", errors.New("no service worker support")
	}
	if !sw.Get("controller").Truthy() {
		return "", errors.New("the page has no service worker")
	}
	deadline := time.After(timeout) // for both waits below
	// The registration's active worker rather than the controller: at an
	// update's activation the page may not have been told of its new
	// controller yet.
	regc := make(chan js.Value, 1)
	go func() {
		r, err := awaitPromise(sw.Call("getRegistration"))
		if err != nil {
			r = js.Undefined()
		}
		regc <- r
	}()
	var active js.Value
	select {
	case r := <-regc:
		if r.Truthy() {
			active = r.Get("active")
		}
	case <-deadline:
	}
	if !active.Truthy() {
		return "", errors.New("no active service worker")
	}
	answer := make(chan string, 1)
	ch := js.Global().Get("MessageChannel").New()
	port := ch.Get("port1")
	onMsg := js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) > 0 && args[0].Get("data").Type() == js.TypeString {
			select {
			case answer <- args[0].Get("data").String():
			default:
			}
		}
		return nil
	})
	defer func() {
		port.Set("onmessage", js.Null())
		port.Call("close")
		onMsg.Release()
	}()
	port.Set("onmessage", onMsg)
	msg := js.Global().Get("Object").New()
	msg.Set("framecheck", "version")
	if err := catch(func() { active.Call("postMessage", msg, js.ValueOf([]any{ch.Get("port2")})) }); err != nil {
		return "", err
	}
	select {
	case v := <-answer:
		return v, nil
	case <-deadline:
		return "", errors.New("the service worker did not say its version")
	}
}

// LetWorkerPrecache tells framecheck's service worker that the page has
// started: a worker that installs (a first visit, an update) precaches the
// app from then on instead of during the page's start (framecheck.started in
// web/framecheck.js; worker.go).
func LetWorkerPrecache() {
	if fc := js.Global().Get("framecheck"); fc.Truthy() && fc.Get("started").Truthy() {
		fc.Call("started")
	}
}
