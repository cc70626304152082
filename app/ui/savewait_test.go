package ui

import (
	"testing"
	"time"
)

// A due write waits for the keys and the mouse to pause, but not past its
// latest time.
func TestSaveWaitsForInputToPause(t *testing.T) {
	t0 := time.Date(2026, 12, 6, 21, 0, 0, 0, time.UTC)
	latest := t0.Add(saveLatest)
	for _, c := range []struct {
		name      string
		now, last time.Time
		want      time.Duration
	}{
		{"no input yet", t0.Add(saveDelay), time.Time{}, -1},
		{"input long ago", t0.Add(saveDelay), t0.Add(-time.Minute), -1},
		{"a key 70 ms ago", t0.Add(saveDelay), t0.Add(saveDelay - 70*time.Millisecond), inputPause - 70*time.Millisecond},
		{"a key just now", t0.Add(saveDelay), t0.Add(saveDelay), inputPause},
		{"keys until the latest time", latest.Add(-100 * time.Millisecond), latest.Add(-100 * time.Millisecond), 100 * time.Millisecond},
		{"past the latest time", latest, latest, 0},
	} {
		got := saveDue(c.last, latest).Sub(c.now)
		if c.want < 0 {
			if got > 0 {
				t.Errorf("%s: waits %v, want no wait", c.name, got)
			}
			continue
		}
		if got != c.want {
			t.Errorf("%s: waits %v, want %v", c.name, got, c.want)
		}
	}
}
