//go:build js && wasm

package browser

import "syscall/js"

// Small commands on the page's own controls, found by selector.

// Focus focuses the first element matching selector.
func Focus(selector string) {
	if el := doc.Call("querySelector", selector); el.Truthy() {
		el.Call("focus")
	}
}

// Click clicks the first element matching selector (to open a file input).
func Click(selector string) {
	if el := doc.Call("querySelector", selector); el.Truthy() {
		el.Call("click")
	}
}

// FormValues reads named fields of a form.
func FormValues(selector string, names ...string) map[string]string {
	form := doc.Call("querySelector", selector)
	out := make(map[string]string, len(names))
	if !form.Truthy() {
		return out
	}
	for _, n := range names {
		if f := form.Get("elements").Call("namedItem", n); f.Truthy() {
			out[n] = f.Get("value").String()
		}
	}
	return out
}

// CloseMenus closes the open <details> menus after a choice.
func CloseMenus() {
	menus := doc.Call("querySelectorAll", "details.fc-menu[open]")
	for i := 0; i < menus.Get("length").Int(); i++ {
		menus.Call("item", i).Call("removeAttribute", "open")
	}
}

// Confirm asks a yes/no question with the browser's dialog.
func Confirm(message string) bool {
	return js.Global().Call("confirm", message).Truthy()
}

// Print opens the browser's print dialog (the print stylesheet shows only
// the summary when it is open).
func Print() { js.Global().Call("print") }
