package doccano

import "framecheck/app/internal/interchange"

// Unit is how a file counts offsets.
type Unit int

const (
	// CodePoint counts Unicode code points: Python str indices, doccano's
	// default.
	CodePoint Unit = iota
	// Grapheme counts extended grapheme clusters (user-perceived
	// characters), as doccano's "grapheme mode" projects do.
	Grapheme
)

func (u Unit) String() string {
	if u == Grapheme {
		return "grapheme clusters"
	}
	return "code points"
}

// toCodePoint converts an offset of the file (in unit, in the original
// text) to a code point offset of the normalised text.
func toCodePoint(lt *interchange.LineText, unit Unit, off int) (int, bool) {
	if unit == Grapheme {
		return lt.FromGrapheme(off)
	}
	return lt.FromCodePoint(off)
}

// unitLength is the length of the original text in unit.
func unitLength(lt *interchange.LineText, unit Unit) int {
	if unit == Grapheme {
		return lt.GraphemeLen()
	}
	return lt.Orig.Len()
}
