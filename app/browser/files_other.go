//go:build !(js && wasm)

package browser

// File is a file the user picked or dropped.
type File struct {
	Name string
	Size int
}

func (f File) Read(max int) ([]byte, error) { return nil, ErrNoBrowser }
func PickedFiles(selector string) []File    { return nil }

func ReadAll(files []File, max func(File) int) ([][]byte, []error) {
	errs := make([]error, len(files))
	for i := range errs {
		errs[i] = ErrNoBrowser
	}
	return make([][]byte, len(files)), errs
}
func OnDropFiles(fn func([]File)) {}
