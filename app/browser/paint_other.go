//go:build !(js && wasm)

package browser

func RenderText(readoutID string, chunks []string, markers []Marker) error { return ErrNoBrowser }
func SyncHighlights(readoutID string, spans []Span)                        {}
func PaintSpan(readoutID string, len16 int, s Span)                        {}
func UnpaintSpan(readoutID, id string)                                     {}
func Forget(readoutID string)                                              {}
func ClearHighlights()                                                     {}
func HighlightSupported() bool                                             { return false }
