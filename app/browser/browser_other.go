//go:build !(js && wasm)

package browser

// Native builds (tests) have no DOM: these stand-ins do nothing, so the UI
// packages compile and their components can be rendered by app.NewTestEngine.

func Init(onKey func(Key) bool)                                            {}
func SetDirty(d bool)                                                      {}
func CurrentSelection() (Selection, bool)                                  { return Selection{}, false }
func RenderText(readoutID string, chunks []string, markers []Marker) error { return ErrNoBrowser }
func SyncHighlights(readoutID string, spans []Span)                        {}
func SetSelected(readoutID string, sel Selected, reveal bool)              {}
func ClearHighlights()                                                     {}
func HighlightSupported() bool                                             { return false }
func Download(filename, mime string, data []byte) error                    { return ErrNoBrowser }
func LocalGet(key string) string                                           { return "" }
func LocalSet(key, value string)                                           {}
func ScrollIntoView(selector string)                                       {}
func Focus(selector string)                                                {}
func Confirm(message string) bool                                          { return false }
func FormValues(selector string, names ...string) map[string]string        { return nil }

func Broadcast(msg string)            {}
func OnBroadcast(fn func(msg string)) {}

// File is a file the user picked or dropped.
type File struct {
	Name string
	Size int
}

func (f File) Read(max int) ([]byte, error) { return nil, ErrNoBrowser }
func PickedFiles(selector string) []File    { return nil }
func Click(selector string)                 {}
func OnDropFiles(fn func([]File))           {}

func Forget(readoutID string) {}

func CloseMenus() {}

func CollapseSelection() {}

func SetSuggestions(readoutID string, pairs, opposite, gaps []Span, focus *Span, reveal bool) {}

func SetDiff(readoutID string, inserted []Span) {}

func CopyText(text string, done func(error)) { done(ErrNoBrowser) }

func Print() {}

func RequestPersistence() (bool, error) { return false, ErrNoBrowser }
func Storage() (StorageState, error)    { return StorageState{}, ErrNoBrowser }
