//go:build !(js && wasm)

package browser

func PaintOverlay(selector string, pieces []Piece)              {}
func OverlayCaret(selector string) (piece, offset int, ok bool) { return 0, 0, false }
