//go:build !(js && wasm)

package browser

func RenderText(readoutID string, chunks []string, markers []Marker) error { return ErrNoBrowser }
func SyncHighlights(readoutID string, spans []Span)                        {}
func Forget(readoutID string)                                              {}
func ClearHighlights()                                                     {}
func HighlightSupported() bool                                             { return false }
