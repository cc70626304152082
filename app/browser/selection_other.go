//go:build !(js && wasm)

package browser

func CurrentSelection() (Selection, bool) { return Selection{}, false }
func CollapseSelection()                  {}
