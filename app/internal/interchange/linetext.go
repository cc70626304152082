package interchange

import (
	"slices"
	"strings"

	"framecheck/app/textpos"
)

// LineText is a text as found in a file and as the model keeps it: line
// breaks normalised to LF. Offsets of the file (counted in the original,
// in the file's unit) are turned into code points of the normalised text.
type LineText struct {
	Orig *textpos.Text // the text as in the file
	Text string        // normalised
	// dropped lists, in order, the code point offsets in Orig of the LFs
	// that followed a CR and were dropped with it.
	dropped []int
	// graphemes[i] is the code point offset of the i-th grapheme cluster
	// boundary of Orig; built on first use.
	graphemes []int
}

// NewLineText returns the LineText of s, the text as in the file.
func NewLineText(s string) *LineText {
	lt := &LineText{Orig: textpos.New(s), Text: textpos.NormalizeNewlines(s)}
	if strings.IndexByte(s, '\r') >= 0 {
		cp, prevCR := 0, false
		for _, r := range s {
			if r == '\n' && prevCR {
				lt.dropped = append(lt.dropped, cp)
			}
			prevCR = r == '\r'
			cp++
		}
	}
	return lt
}

// Normalise maps a code point offset of the original text to one of the
// normalised text. An offset between a CR and its LF lands after them.
func (lt *LineText) Normalise(cp int) int {
	n, _ := slices.BinarySearch(lt.dropped, cp)
	return cp - n
}

// FromCodePoint converts a code point offset of the original text to one
// of the normalised text; ok is false when off is out of range.
func (lt *LineText) FromCodePoint(off int) (int, bool) {
	if off < 0 || off > lt.Orig.Len() {
		return 0, false
	}
	return lt.Normalise(off), true
}

// FromUTF16 converts a UTF-16 code unit offset of the original text to a
// code point offset of the normalised text; ok is false when off is out of
// range or between the halves of a surrogate pair.
func (lt *LineText) FromUTF16(off int) (int, bool) {
	cp, ok := lt.OrigFromUTF16(off)
	if !ok {
		return 0, false
	}
	return lt.Normalise(cp), true
}

// OrigFromUTF16 converts a UTF-16 code unit offset of the original text to
// a code point offset of the original text (line breaks as in the file);
// ok is as for FromUTF16.
func (lt *LineText) OrigFromUTF16(off int) (int, bool) {
	cp, err := lt.Orig.UTF16ToCodePoint(off)
	if err != nil {
		return 0, false
	}
	if back, _ := lt.Orig.CodePointToUTF16(cp); back != off {
		return 0, false
	}
	return cp, true
}

// FromGrapheme converts a grapheme cluster offset of the original text to
// a code point offset of the normalised text; ok is false when off is out
// of range.
func (lt *LineText) FromGrapheme(off int) (int, bool) {
	lt.buildGraphemes()
	if off < 0 || off >= len(lt.graphemes) {
		return 0, false
	}
	return lt.Normalise(lt.graphemes[off]), true
}

// GraphemeLen is the length of the original text in grapheme clusters.
func (lt *LineText) GraphemeLen() int {
	lt.buildGraphemes()
	return len(lt.graphemes) - 1
}

func (lt *LineText) buildGraphemes() {
	if lt.graphemes != nil {
		return
	}
	n := lt.Orig.Len()
	lt.graphemes = make([]int, 0, n+1)
	for cp := 0; cp <= n; cp++ {
		if lt.Orig.IsBoundary(cp) {
			lt.graphemes = append(lt.graphemes, cp)
		}
	}
}
