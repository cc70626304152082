package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// shellCtx holds the shell's own context for the parts it composes (the
// saver, the import flow, the compare view's Suggest). Work that ends after
// a panel may have closed (storage and files answer later) must dispatch
// through it: go-app drops a Dispatch whose component is no longer mounted.
type shellCtx struct{ ctx app.Context }

// or returns the shell's context once the shell is mounted, else ctx
// (tests drive the parts without mounting a shell).
func (h *shellCtx) or(ctx app.Context) app.Context {
	if h != nil && h.ctx.Context != nil {
		return h.ctx
	}
	return ctx
}

// async runs work off the UI goroutine, then then on it, through the
// shell's context. work must not touch UI state: it hands its results to
// then through the variables both close over.
func (h *shellCtx) async(ctx app.Context, work func(), then func(app.Context)) {
	ctx = h.or(ctx)
	ctx.Async(func() {
		work()
		ctx.Dispatch(then)
	})
}
