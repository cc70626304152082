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

// returnFocus is where a dialog gives the focus back when it closes.
var returnFocus js.Value

// FocusDialog focuses the dialog matching selector and remembers the
// element that had the focus, for ReturnFocus: a dialog takes the focus
// when it opens and gives it back when it closes (WAI-ARIA's dialog
// pattern), so a keyboard or screen reader user is not left behind it.
func FocusDialog(selector string) {
	returnFocus = js.Undefined()
	if a := doc.Get("activeElement"); a.Truthy() && !a.Equal(doc.Get("body")) {
		returnFocus = a
	}
	Focus(selector)
}

// ReturnFocus gives the focus back to the element FocusDialog remembered,
// if it is still in the page.
func ReturnFocus() {
	el := returnFocus
	returnFocus = js.Undefined()
	if el.Truthy() && el.Get("isConnected").Bool() {
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
