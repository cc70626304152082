package browser

import "sort"

// boundary maps a UTF-16 offset in a readout's text to the text node that
// holds it and the offset within that node. starts are the UTF-16 starts of
// the text nodes in order (the markers between them hold no text) and end is
// the length of the whole text. The offset falls in the last node starting
// at or before it (so where two nodes meet it goes to the later one, even an
// empty one), clamped to that node's length. ok is false when there is no
// node.
//
// framecheck.boundary in web/framecheck.js is the same rule for the bulk
// path; both are tested with the cases in testdata/boundary.json.
func boundary(starts []int, end, off int) (node, at int, ok bool) {
	if len(starts) == 0 {
		return 0, 0, false
	}
	i := max(sort.Search(len(starts), func(i int) bool { return starts[i] > off })-1, 0)
	l := end - starts[i]
	if i+1 < len(starts) {
		l = starts[i+1] - starts[i]
	}
	return i, min(off-starts[i], l), true
}
