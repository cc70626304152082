package jsonwalk

import (
	"crypto/rand"
	"time"
)

// NewUUID returns a random (version 4) UUID in its canonical form.
func NewUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return FormatUUID(b)
}

// FormatUUID writes the 16 bytes of a UUID in its canonical form:
// lower-case hex digits in groups of 8-4-4-4-12.
func FormatUUID(b [16]byte) string {
	const hex = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hex[c>>4], hex[c&0xf])
	}
	return string(out)
}

// IsUUID reports whether s is a UUID in the canonical 36-character form
// (hex digits of either case).
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
		default:
			return false
		}
	}
	return true
}

// TimeLayout is how framecheck writes times: RFC 3339 in UTC with whole
// seconds.
const TimeLayout = "2006-01-02T15:04:05Z"

// TimeString writes t in TimeLayout.
func TimeString(t time.Time) string { return t.UTC().Format(TimeLayout) }
