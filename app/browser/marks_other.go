//go:build !(js && wasm)

package browser

func SetSelected(readoutID string, sel Selected, reveal bool)                                 {}
func SetSuggestions(readoutID string, pairs, opposite, gaps []Span, focus *Span, reveal bool) {}
func SetDiff(readoutID string, inserted []Span)                                               {}
