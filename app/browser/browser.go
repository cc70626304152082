// Package browser is the only place that talks to the DOM directly: reading
// the selection as UTF-16 offsets, painting highlights with the CSS Custom
// Highlight API, rendering readout text as text nodes, downloads, storage and
// the page-wide listeners. Everything here is imperative and small; the
// components in app/ui decide what to do, this package does it.
//
// Each concern is a file built for js/wasm (name_js.go) with its inert
// stand-in for native builds (name_other.go), which does nothing or reports
// ErrNoBrowser where a result is expected:
//
//	page        Init: the page-wide listeners (submit, focus, leaving); SetDirty
//	keys        the keydown listener and the caret moved by keyboard
//	selection   the DOM selection as UTF-16 offsets in a readout
//	paint       the painter: a readout's text nodes and markers, its tag highlights
//	textplan    a readout's text and markers for framecheck.text (one call)
//	marks       per-readout highlights: selection, counterparts, suggestions, diff
//	ranges      Ranges in bulk through web/framecheck.js, or one at a time in Go
//	boundary    the UTF-16 offset to text node rule (shared with framecheck.js)
//	scroll      bringing a highlight or an element into view
//	controls    focus, click, form values, menus, confirm, print
//	download    saving bytes as a file (Blob URL)
//	files       files picked or dropped, and reading them
//	clipboard   copying text
//	broadcast   messages to the other tabs (BroadcastChannel)
//	prefs       small preferences in localStorage
//	storage     persistent storage and its estimate (navigator.storage)
//	idb         the workspaces' store over IndexedDB (app/store.Backend)
//	overlay     the class view's overlay text
//	yield       giving the browser a turn during long work
//	afterpaint  running work once the next frame has been painted
package browser

import "errors"

// ErrNoBrowser is returned when a function needs a DOM and there is none.
var ErrNoBrowser = errors.New("not running in a browser")

// Selection is the DOM selection inside one readout text element, in UTF-16
// code units relative to the start of that element's text.
type Selection struct {
	ReadoutID  string
	Start, End int // UTF-16 units; Start <= End
}

// Collapsed reports whether the selection is a caret.
func (s Selection) Collapsed() bool { return s.Start == s.End }

// Span is one highlight to paint, in UTF-16 units of the readout's text.
type Span struct {
	ID         string
	Tag        string
	Start, End int
}

// Key is a keyboard event, reduced to what the shortcuts need.
type Key struct {
	Key                    string
	Code                   string
	Ctrl, Alt, Shift, Meta bool
	// InField is true when focus is in an input, textarea, select or
	// contenteditable element: single-key shortcuts must not fire there.
	InField bool
}

// Marker is an empty element placed in a readout's text: an omission point
// (an annotation), or a ghost that shows where an omission told in the
// other readout would go. Label is read by screen readers and shown as a
// tooltip.
type Marker struct {
	ID    string // the annotation (for a ghost: the omission in the other readout)
	Ghost bool
	Label string
	// Removed marks where a new version removed text (ID names the
	// passage); Label holds the removed text.
	Removed bool
}

// Selected is what one readout shows of the selection: the selected
// annotation when it is in this readout, the counterparts in this readout
// of one selected elsewhere, and the marker to show as selected (a point,
// or with Ghost set the ghost of an omission told in the other readout).
type Selected struct {
	Span   *Span
	Linked []Span
	Marker string
	Ghost  bool
}

// StorageState is what the browser says about this site's storage:
// whether it is persistent (kept until the user clears it) or best-effort
// (evicted when the disk fills up), and its estimate of the bytes used and
// allowed.
type StorageState struct {
	Persisted    bool
	Usage, Quota int64
}

// IDBEvents are what the page hears of its storage connection: Blocked,
// when opening waits for another tab to close an older version's
// connection; VersionChange, when another tab opens a newer version and
// this tab's connection closes (the page must be reloaded). They are
// called from JS callbacks: they must not block.
type IDBEvents struct {
	Blocked       func()
	VersionChange func()
}
