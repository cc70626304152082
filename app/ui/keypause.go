package ui

import (
	"time"

	"framecheck/app/browser"
)

// keysPause is how long go-app's render waits after the last key that
// painted first. Keys in quick succession (a tag, then Delete) each paint
// at once and share one render, instead of each waiting for the render of
// the key before (go-app diffs the whole shell, 10 to 15 ms with a long
// list). A reader does not notice the list following 60 ms later.
const keysPause = 60 * time.Millisecond

// pauseRender schedules go-app's render of the list and panels after keys
// that painted first: after the next frame, and once no such key came for
// keysPause. The zero value uses the clock and the browser's timers; tests
// set now, afterPaint and after.
type pauseRender struct {
	quiet time.Time // when keys have paused, as of the last key
	due   bool      // a render is scheduled

	now        func() time.Time
	afterPaint func(func())
	after      func(time.Duration, func())
}

// key records a key that painted first; render runs once, when keys pause.
func (p *pauseRender) key(render func()) {
	if p.now == nil {
		p.now, p.afterPaint, p.after = time.Now, browser.AfterNextPaint, browser.After
	}
	p.quiet = p.now().Add(keysPause)
	if p.due {
		return
	}
	p.due = true
	p.afterPaint(func() { p.whenQuiet(render) })
}

func (p *pauseRender) whenQuiet(render func()) {
	whenPast(p.now, p.after, func() time.Time { return p.quiet }, func() {
		p.due = false
		render()
	})
}

// whenPast calls fn once now() has reached deadline(), asked again each time
// the timer (after) fires: a key or a click meanwhile moves the deadline.
func whenPast(now func() time.Time, after func(time.Duration, func()), deadline func() time.Time, fn func()) {
	if wait := deadline().Sub(now()); wait > 0 {
		after(wait, func() { whenPast(now, after, deadline, fn) })
		return
	}
	fn()
}
