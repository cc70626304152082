package ui

import (
	"strconv"
	"time"
)

func itoa(i int) string { return strconv.Itoa(i) }

// clip shortens a quote for a list entry.
func clip(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max]) + "…"
}

// stamp shows a time in the reader's terms (UTC, to the minute).
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}
