package doccano

import (
	"fmt"

	"framecheck/app/internal/interchange"
	"framecheck/app/textpos"
	"framecheck/app/workspace"
)

// Unit is how a file counts offsets.
//
// doccano's annotation screen counts UTF-16 code units: its v-annotator
// component (doccano/v-annotator, src/domain/models/Label/Text.ts) takes a
// text's length as the JavaScript string length (`get codePointLength() {
// return this.text.length }`, despite the name), and its test
// (tests/unit/domain/models/Label/text.spec.ts) expects "👶🏻👦🏻👧🏻👨🏻"
// (8 code points) to have codePointLength 16 and substr(4, 4) to be "👦🏻".
// The backend (doccano/doccano, backend/labels/models.py, Span) stores
// start_offset and end_offset as the integers the screen sends. So a
// doccano export counts UTF-16 code units, and so must a file made for
// doccano, or every span after an emoji or a flag lands elsewhere.
type Unit int

const (
	// UTF16 counts UTF-16 code units (JavaScript string indices), as
	// doccano's annotation screen does: the default.
	UTF16 Unit = iota
	// CodePoint counts Unicode code points (Python str indices), for files
	// made by scripts rather than by doccano's screen.
	CodePoint
	// Grapheme counts extended grapheme clusters (user-perceived
	// characters), as doccano's "grapheme mode" projects do.
	Grapheme
)

func (u Unit) String() string {
	switch u {
	case Grapheme:
		return "grapheme clusters"
	case CodePoint:
		return "code points"
	}
	return "UTF-16 code units"
}

// Units lists the units, the default first, for a menu.
func Units() []Unit { return []Unit{UTF16, CodePoint, Grapheme} }

// toCodePoint converts an offset of the file (in unit, in the original
// text) to a code point offset of the normalised text. ok is false when
// off is out of range or, in UTF-16, between the halves of a surrogate
// pair.
func toCodePoint(lt *interchange.LineText, unit Unit, off int) (int, bool) {
	switch unit {
	case Grapheme:
		return lt.FromGrapheme(off)
	case CodePoint:
		return lt.FromCodePoint(off)
	}
	return lt.FromUTF16(off)
}

// unitLength is the length of the original text in unit.
func unitLength(lt *interchange.LineText, unit Unit) int {
	switch unit {
	case Grapheme:
		return lt.GraphemeLen()
	case CodePoint:
		return lt.Orig.Len()
	}
	return lt.Orig.UTF16Len()
}

// offsets converts code point offsets of a readout's text to unit, for
// Encode. A grapheme offset exists only at a cluster boundary: framecheck
// snaps the spans it makes to clusters, but an imported one may not be.
type offsets struct {
	t    *textpos.Text
	unit Unit
	// clusters[cp] is the number of cluster boundaries before cp, built
	// for Grapheme only.
	clusters []int
}

func newOffsets(r *workspace.Readout, unit Unit) *offsets {
	o := &offsets{t: r.Positions(), unit: unit}
	if unit == Grapheme {
		n := o.t.Len()
		o.clusters = make([]int, n+1)
		k := 0
		for cp := 0; cp <= n; cp++ {
			o.clusters[cp] = k
			if o.t.IsBoundary(cp) {
				k++
			}
		}
	}
	return o
}

func (o *offsets) of(cp int) (int, error) {
	switch o.unit {
	case CodePoint:
		return cp, nil
	case Grapheme:
		if !o.t.IsBoundary(cp) {
			return 0, fmt.Errorf("offset %d is inside a grapheme cluster, so it has no grapheme offset; export in UTF-16 code units or code points", cp)
		}
		return o.clusters[cp], nil
	}
	return o.t.CodePointToUTF16(cp)
}
