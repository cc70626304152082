package ui

import (
	"testing"
	"time"
)

// fakeTimers drives a pauseRender by hand: frames and timers run only when
// the test says so.
type fakeTimers struct {
	t      time.Time
	frames []func()
	timers []fakeTimer
}

type fakeTimer struct {
	at time.Time
	fn func()
}

// newFakePause returns a pauseRender on fake timers, and a render that
// counts its calls in *renders.
func newFakePause() (f *fakeTimers, p *pauseRender, renders *int, render func()) {
	f = &fakeTimers{t: time.Date(2026, 12, 6, 20, 0, 0, 0, time.UTC)}
	p = &pauseRender{}
	f.install(p)
	renders = new(int)
	return f, p, renders, func() { *renders++ }
}

func (f *fakeTimers) install(p *pauseRender) {
	p.now = func() time.Time { return f.t }
	p.afterPaint = func(fn func()) { f.frames = append(f.frames, fn) }
	p.after = func(d time.Duration, fn func()) { f.timers = append(f.timers, fakeTimer{f.t.Add(d), fn}) }
}

// advance moves the clock by d, painting a frame first, and runs the timers
// that fall due.
func (f *fakeTimers) advance(d time.Duration) {
	frames := f.frames
	f.frames = nil
	for _, fn := range frames {
		fn()
	}
	f.t = f.t.Add(d)
	for again := true; again; {
		again = false
		for i, tm := range f.timers {
			if !tm.at.After(f.t) {
				f.timers = append(f.timers[:i], f.timers[i+1:]...)
				tm.fn()
				again = true
				break
			}
		}
	}
}

func TestPauseRenderWaitsForKeysToPause(t *testing.T) {
	f, p, n, render := newFakePause()

	// One key: rendered after the frame, keysPause later.
	p.key(render)
	f.advance(keysPause - time.Millisecond)
	if *n != 0 {
		t.Fatalf("rendered %d times before keys paused", *n)
	}
	f.advance(time.Millisecond)
	if *n != 1 {
		t.Fatalf("after the pause: %d renders, want 1", *n)
	}

	// A tag then Delete 30 ms apart: one render, keysPause after Delete.
	p.key(render)
	f.advance(30 * time.Millisecond)
	p.key(render)
	f.advance(keysPause - 10*time.Millisecond)
	if *n != 1 {
		t.Fatalf("rendered between two keys in quick succession (%d renders)", *n)
	}
	f.advance(10 * time.Millisecond)
	if *n != 2 {
		t.Fatalf("after the second pause: %d renders, want 2", *n)
	}

	// Nothing left scheduled, and a later key schedules afresh.
	f.advance(time.Second)
	if *n != 2 || len(f.timers) != 0 || len(f.frames) != 0 {
		t.Fatalf("renders %d, timers %d, frames %d after all keys; want 2, 0, 0", *n, len(f.timers), len(f.frames))
	}
	p.key(render)
	f.advance(keysPause)
	if *n != 3 {
		t.Fatalf("a later key: %d renders, want 3", *n)
	}
}

// Not before the next frame: a key whose pause has passed before the frame
// is painted (a hidden tab paints late) renders only after that frame.
func TestPauseRenderWaitsForTheFrame(t *testing.T) {
	f, p, n, render := newFakePause()
	p.key(render)
	f.t = f.t.Add(time.Second) // time passes, no frame
	if *n != 0 {
		t.Fatal("rendered before the frame")
	}
	f.advance(0)
	if *n != 1 {
		t.Fatalf("after the frame: %d renders, want 1", *n)
	}
}
