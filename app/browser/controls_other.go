//go:build !(js && wasm)

package browser

func Focus(selector string)                                         {}
func Click(selector string)                                         {}
func FocusDialog(selector string)                                   {}
func ReturnFocus()                                                  {}
func FormValues(selector string, names ...string) map[string]string { return nil }
func CloseMenus()                                                   {}
func Confirm(message string) bool                                   { return false }
func Print()                                                        {}
