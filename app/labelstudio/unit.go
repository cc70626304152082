package labelstudio

import "framecheck/app/internal/interchange"

// Unit is how a file counts offsets.
type Unit int

const (
	// Auto reads code points, unless the regions' own texts show that the
	// file counts UTF-16 code units (files of Label Studio before 1.6, or
	// made by JavaScript), in which case it reads UTF-16 code units.
	Auto Unit = iota
	// CodePoint counts Unicode code points, as Label Studio's Text tag has
	// stored them since 2022 (and as Python str indices do).
	CodePoint
	// UTF16 counts UTF-16 code units (JavaScript string indices).
	UTF16
)

func (u Unit) String() string {
	switch u {
	case UTF16:
		return "UTF-16 code units"
	case CodePoint:
		return "code points"
	}
	return "auto"
}

// toCodePoint converts an offset of the file (in unit, in the original
// text) to a code point offset of the normalised text. ok is false when
// off is out of range or, in UTF-16, between the halves of a surrogate
// pair.
func toCodePoint(lt *interchange.LineText, unit Unit, off int) (int, bool) {
	if unit == UTF16 {
		return lt.FromUTF16(off)
	}
	return lt.FromCodePoint(off)
}

// unitLength is the length of the original text in unit.
func unitLength(lt *interchange.LineText, unit Unit) int {
	if unit == UTF16 {
		return lt.Orig.UTF16Len()
	}
	return lt.Orig.Len()
}
