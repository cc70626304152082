package browser

import (
	"encoding/binary"
	"strings"
)

// A readout's text with its markers is made in one call to
// framecheck.text (web/framecheck.js) rather than by some 1,500 calls from
// WebAssembly (a text node per chunk, an element and five attributes per
// marker): a new version of a long readout brings a marker per removed
// passage on top of the omission points. textPlan is what the call gets.

// Marker kinds in a text plan.
const (
	planPoint   = 0 // an omission point: fc-point, data-marker-for, data-tag
	planGhost   = 1 // fc-ghost, data-ghost-for
	planRemoved = 2 // fc-diff-del, data-diff-del
)

// markerKind is the kind markerEl makes of m (Removed before Ghost).
func markerKind(m Marker) int32 {
	switch {
	case m.Removed:
		return planRemoved
	case m.Ghost:
		return planGhost
	}
	return planPoint
}

// textPlan encodes chunks (the text cut at the markers; markers[i] sits
// between chunks[i] and chunks[i+1]) for framecheck.text. text is the
// whole text; plan holds little-endian int32s: the number of chunks n and
// of markers m (always n-1), the UTF-16 end of each chunk in text, then per
// marker its kind and the UTF-16 ends of its id and of its label in meta,
// which holds every id and label in turn. starts and end are the UTF-16
// starts of the chunks and the text's length, as the painter records them.
// ok is false when markers do not sit between chunks (the caller then
// makes the nodes one by one). The script checks that the ends match its
// strings, so text JavaScript counts otherwise is never misplaced.
func textPlan(chunks []string, markers []Marker) (text string, plan []byte, meta string, starts []int, end int, ok bool) {
	if len(chunks) == 0 || len(markers) != len(chunks)-1 {
		return "", nil, "", nil, 0, false
	}
	plan = make([]byte, 0, 8+4*len(chunks)+12*len(markers))
	put := func(v int) { plan = binary.LittleEndian.AppendUint32(plan, uint32(int32(v))) }
	put(len(chunks))
	put(len(markers))
	starts = make([]int, len(chunks))
	for i, c := range chunks {
		starts[i] = end
		end += utf16Len(c)
		put(end)
	}
	var mb strings.Builder
	at := 0
	for _, m := range markers {
		put(int(markerKind(m)))
		mb.WriteString(m.ID)
		at += utf16Len(m.ID)
		put(at)
		mb.WriteString(m.Label)
		at += utf16Len(m.Label)
		put(at)
	}
	return strings.Join(chunks, ""), plan, mb.String(), starts, end, true
}
