//go:build !(js && wasm)

package browser

// File is a file the user picked or dropped.
type File struct {
	Name string
	Size int
}

func (f File) Read(max int) ([]byte, error) { return nil, ErrNoBrowser }
func PickedFiles(selector string) []File    { return nil }
func OnDropFiles(fn func([]File))           {}
