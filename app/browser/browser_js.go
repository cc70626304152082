//go:build js && wasm

package browser

import (
	"fmt"
	"sort"
	"strings"
	"syscall/js"
)

var (
	initialized bool
	doc         = js.Global().Get("document")
	handlers    []js.Func // kept alive for the life of the page
)

// Init installs the page-wide listeners. They run synchronously inside the
// browser's event dispatch, which go-app's own handlers do not (go-app queues
// them), so preventDefault only works from here.
func Init(onKey func(Key) bool) {
	if initialized {
		return // listeners are page-wide: install them once
	}
	initialized = true
	listen(doc, "submit", true, func(e js.Value) {
		// Forms in framecheck never navigate: the text never leaves the page.
		e.Call("preventDefault")
	})
	listen(doc, "mousedown", true, func(e js.Value) {
		// Tag buttons must not take the selection away from the readout.
		if t := e.Get("target"); t.Truthy() && t.Get("closest").Truthy() && t.Call("closest", "[data-keep-selection]").Truthy() {
			e.Call("preventDefault")
		}
	})
	listen(doc, "focusin", false, func(e js.Value) {
		// A keyboard user who tabs into a readout gets a caret to move.
		t := e.Get("target")
		if !isReadoutText(t) {
			return
		}
		sel := js.Global().Call("getSelection")
		if sel.Get("rangeCount").Int() > 0 && t.Call("contains", sel.Call("getRangeAt", 0).Get("startContainer")).Bool() {
			return
		}
		sel.Call("collapse", t, 0)
	})
	listen(js.Global(), "beforeunload", false, func(e js.Value) {
		// Until autosave exists, leaving the page loses unexported work:
		// ask first.
		if dirty {
			e.Call("preventDefault")
			e.Set("returnValue", "")
		}
	})
	listen(js.Global(), "keydown", true, func(e js.Value) {
		k := Key{
			Key: e.Get("key").String(), Code: e.Get("code").String(),
			Ctrl: e.Get("ctrlKey").Bool(), Alt: e.Get("altKey").Bool(),
			Shift: e.Get("shiftKey").Bool(), Meta: e.Get("metaKey").Bool(),
		}
		active := doc.Get("activeElement")
		k.InField = isField(active)
		if isReadoutText(active) && moveCaret(e, k) {
			e.Call("preventDefault")
			return
		}
		if onKey != nil && onKey(k) {
			e.Call("preventDefault")
		}
	})
}

var dirty bool

// SetDirty tells the page whether there is work that leaving would lose.
func SetDirty(d bool) { dirty = d }

func listen(target js.Value, event string, capture bool, fn func(js.Value)) {
	f := js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) > 0 {
			fn(args[0])
		}
		return nil
	})
	handlers = append(handlers, f)
	target.Call("addEventListener", event, f, map[string]any{"capture": capture})
}

func isField(el js.Value) bool {
	if !el.Truthy() {
		return false
	}
	switch strings.ToLower(el.Get("tagName").String()) {
	case "input", "textarea", "select":
		return true
	}
	return el.Get("isContentEditable").Truthy()
}

func isReadoutText(el js.Value) bool {
	return el.Truthy() && el.Get("hasAttribute").Truthy() && el.Call("hasAttribute", "data-readout-id").Bool()
}

// moveCaret lets a keyboard user move and extend the selection in read-only
// text: arrows move, Shift extends, Ctrl (or Alt on macOS) moves by word.
func moveCaret(e js.Value, k Key) bool {
	var dir, unit string
	switch k.Key {
	case "ArrowLeft":
		dir, unit = "backward", "character"
	case "ArrowRight":
		dir, unit = "forward", "character"
	case "ArrowUp":
		dir, unit = "backward", "line"
	case "ArrowDown":
		dir, unit = "forward", "line"
	case "Home":
		dir, unit = "backward", "lineboundary"
	case "End":
		dir, unit = "forward", "lineboundary"
	default:
		return false
	}
	if (k.Ctrl || k.Alt) && unit == "character" {
		unit = "word"
	}
	if k.Meta {
		return false
	}
	alter := "move"
	if k.Shift {
		alter = "extend"
	}
	sel := js.Global().Call("getSelection")
	if sel.Get("rangeCount").Int() == 0 {
		return false
	}
	sel.Call("modify", alter, dir, unit)
	return true
}

// readoutEl finds the text element of a readout.
func readoutEl(readoutID string) js.Value {
	return doc.Call("querySelector", `[data-readout-id="`+cssEscape(readoutID)+`"]`)
}

func cssEscape(s string) string {
	return js.Global().Get("CSS").Call("escape", s).String()
}

// CurrentSelection returns the selection if it lies in (or starts or ends
// in) a readout text element. Edges outside the element are clamped to it.
func CurrentSelection() (Selection, bool) {
	sel := js.Global().Call("getSelection")
	if !sel.Truthy() || sel.Get("rangeCount").Int() == 0 {
		return Selection{}, false
	}
	r := sel.Call("getRangeAt", 0)
	el := closestReadout(r.Get("startContainer"))
	if !el.Truthy() {
		el = closestReadout(r.Get("endContainer"))
	}
	if !el.Truthy() {
		return Selection{}, false
	}
	start := offsetIn(el, r.Get("startContainer"), r.Get("startOffset").Int())
	end := offsetIn(el, r.Get("endContainer"), r.Get("endOffset").Int())
	if end < start {
		start, end = end, start
	}
	return Selection{ReadoutID: el.Call("getAttribute", "data-readout-id").String(), Start: start, End: end}, true
}

func closestReadout(n js.Value) js.Value {
	if !n.Truthy() {
		return js.Null()
	}
	if n.Get("nodeType").Int() != 1 {
		n = n.Get("parentElement")
	}
	if !n.Truthy() {
		return js.Null()
	}
	return n.Call("closest", "[data-readout-id]")
}

// offsetIn converts a DOM boundary point to a UTF-16 offset in el's text.
// Markers carry no text, so the length of the text before the point is the
// offset; points outside el clamp to its start or end.
func offsetIn(el, node js.Value, off int) int {
	whole := doc.Call("createRange")
	whole.Call("selectNodeContents", el)
	switch whole.Call("comparePoint", node, off).Int() {
	case -1:
		return 0
	case 1:
		return jsLen(el.Get("textContent"))
	}
	r := doc.Call("createRange")
	r.Call("setStart", el, 0)
	r.Call("setEnd", node, off)
	return jsLen(r.Call("toString"))
}

// jsLen is the length of a JS string in UTF-16 units, as the DOM counts.
// syscall/js refuses Get and Length on a string primitive, so the string is
// wrapped in a String object first.
func jsLen(s js.Value) int {
	return js.Global().Get("String").New(s).Get("length").Int()
}

// readoutState is what is painted in one readout element.
type readoutState struct {
	el     js.Value
	nodes  []js.Value // text nodes in order
	starts []int      // UTF-16 start of each text node
	end    int        // UTF-16 length of the whole text (the nodes never change)
	spans  map[string]painted
	// Ranges of the per-readout highlights (selection, counterparts,
	// suggestions) and the marker shown as selected, so one readout's
	// repaint never clears what another column painted.
	extra  map[string][]js.Value
	marker js.Value
}

type painted struct {
	Span
	rng js.Value
	// A span painted in a batch (bulk_js.go) has its range at index idx
	// of the batch's JS array instead: fetched only to remove it.
	batch js.Value
	idx   int
}

// rangeValue is the span's Range.
func (p painted) rangeValue() js.Value {
	if p.batch.Truthy() {
		return p.batch.Index(p.idx)
	}
	return p.rng
}

var (
	readouts   = map[string]*readoutState{}
	highlights = map[string]js.Value{} // tag -> Highlight
)

// HighlightSupported reports whether the CSS Custom Highlight API exists.
func HighlightSupported() bool {
	css := js.Global().Get("CSS")
	return css.Truthy() && css.Get("highlights").Truthy() && js.Global().Get("Highlight").Truthy()
}

// extraPriority orders the highlights that are not tags: above every tag,
// the selection on top.
var extraPriority = map[string]int{"diff-ins": 4, "suggest-pair": 4, "suggest-gap": 4, "suggest-opposite": 4, "suggest-focus": 5, "counterpart": 8, "selected": 10}

func highlight(name string, priority int) js.Value {
	if h, ok := highlights[name]; ok {
		return h
	}
	if !HighlightSupported() {
		return js.Null()
	}
	h := js.Global().Get("Highlight").New()
	h.Set("priority", priority)
	js.Global().Get("CSS").Get("highlights").Call("set", "fc-"+name, h)
	highlights[name] = h
	return h
}

// RenderText replaces the content of a readout element with its text, cut
// into chunks with an empty marker between neighbours (markers[i] sits
// between chunks[i] and chunks[i+1]). Text goes in as text nodes, never as
// HTML. Highlights painted on the old nodes are dropped.
func RenderText(readoutID string, chunks []string, markers []Marker) error {
	el := readoutEl(readoutID)
	if !el.Truthy() {
		return ErrNoBrowser
	}
	dropReadout(readoutID)
	st := &readoutState{el: el, spans: map[string]painted{}, extra: map[string][]js.Value{}}
	frag := doc.Call("createDocumentFragment")
	pos := 0
	for i, c := range chunks {
		tn := doc.Call("createTextNode", c)
		frag.Call("appendChild", tn)
		st.nodes = append(st.nodes, tn)
		st.starts = append(st.starts, pos)
		pos += tn.Get("length").Int()
		if i < len(markers) {
			frag.Call("appendChild", markerEl(markers[i]))
		}
	}
	st.end = pos
	el.Set("textContent", "")
	el.Call("appendChild", frag)
	readouts[readoutID] = st
	return nil
}

// markerEl makes the element of an omission point or a ghost. It holds no
// text, so UTF-16 offsets in the readout are unchanged.
func markerEl(m Marker) js.Value {
	e := doc.Call("createElement", "span")
	e.Call("setAttribute", "role", "img")
	e.Call("setAttribute", "aria-label", m.Label)
	e.Call("setAttribute", "title", m.Label)
	if m.Removed {
		e.Set("className", "fc-diff-del")
		e.Call("setAttribute", "data-diff-del", m.ID)
		return e
	}
	if m.Ghost {
		e.Set("className", "fc-ghost")
		e.Call("setAttribute", "data-ghost-for", m.ID)
		return e
	}
	e.Set("className", "fc-point")
	e.Call("setAttribute", "data-marker-for", m.ID)
	e.Call("setAttribute", "data-tag", "omission")
	return e
}

func dropReadout(readoutID string) {
	st := readouts[readoutID]
	if st == nil {
		return
	}
	var batches [][2]js.Value // (highlight, batch): removed in one call each
	for _, p := range st.spans {
		if h := highlight(p.Tag, 1); h.Truthy() {
			if p.batch.Truthy() {
				batches = addBatch(batches, h, p.batch)
				continue
			}
			h.Call("delete", p.rng)
		}
	}
	for _, hb := range batches {
		bulkUnpaint(hb[0], hb[1])
	}
	for name := range st.extra {
		st.setExtra(name, nil)
	}
	delete(readouts, readoutID)
}

// setExtra replaces the ranges a readout has in a non-tag highlight.
func (st *readoutState) setExtra(name string, ranges []js.Value) {
	h := highlight(name, extraPriority[name])
	if h.Truthy() {
		for _, r := range st.extra[name] {
			h.Call("delete", r)
		}
		for _, r := range ranges {
			h.Call("add", r)
		}
	}
	st.extra[name] = ranges
}

// ClearHighlights removes every painted span (when the workspace changes).
func ClearHighlights() {
	for id := range readouts {
		dropReadout(id)
	}
}

// boundary maps a UTF-16 offset to a text node and an offset in it.
func (st *readoutState) boundary(off int) (js.Value, int) {
	i := sort.Search(len(st.starts), func(i int) bool { return st.starts[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	if len(st.nodes) == 0 {
		return js.Null(), 0
	}
	n := st.nodes[i]
	o := off - st.starts[i]
	l := st.end - st.starts[i] // the node's length, known from RenderText: no call into JS
	if i+1 < len(st.starts) {
		l = st.starts[i+1] - st.starts[i]
	}
	if o > l {
		o = l
	}
	return n, o
}

func (st *readoutState) newRange(s Span) js.Value {
	r := doc.Call("createRange")
	sn, so := st.boundary(s.Start)
	en, eo := st.boundary(s.End)
	if !sn.Truthy() || !en.Truthy() {
		return js.Null()
	}
	r.Call("setStart", sn, so)
	r.Call("setEnd", en, eo)
	return r
}

func (st *readoutState) ranges(spans []Span) []js.Value {
	out := make([]js.Value, 0, len(spans))
	for _, s := range spans {
		if r := st.newRange(s); r.Truthy() {
			out = append(out, r)
		}
	}
	return out
}

var tagPriority = map[string]int{"fact": 1, "framing": 2, "omission": 3}

// SyncHighlights makes the painted spans of a readout equal spans, touching
// only what changed, so adding one annotation costs one Range.
func SyncHighlights(readoutID string, spans []Span) {
	st := readouts[readoutID]
	if st == nil || !HighlightSupported() {
		return
	}
	if len(st.spans) == 0 {
		// A readout just rendered: nothing to compare, and a map sized
		// once for thousands of spans.
		st.spans = make(map[string]painted, len(spans))
	} else {
		want := make(map[string]Span, len(spans))
		for _, s := range spans {
			want[s.ID] = s
		}
		for id, p := range st.spans {
			if s, ok := want[id]; !ok || s != p.Span {
				highlight(p.Tag, tagPriority[p.Tag]).Call("delete", p.rangeValue())
				delete(st.spans, id)
			}
		}
	}
	// Many new spans (a readout just opened): in one call per tag.
	byTag := map[string][]Span{}
	for _, s := range spans {
		if _, ok := st.spans[s.ID]; !ok {
			byTag[s.Tag] = append(byTag[s.Tag], s)
		}
	}
	for tag, add := range byTag {
		if len(add) < bulkMin {
			continue
		}
		if arr, ok := bulkRanges(st, highlight(tag, tagPriority[tag]), add); ok {
			for i, s := range add {
				st.spans[s.ID] = painted{Span: s, batch: arr, idx: i}
			}
		}
	}
	for _, s := range spans {
		if _, ok := st.spans[s.ID]; ok {
			continue
		}
		r := st.newRange(s)
		if !r.Truthy() {
			continue
		}
		highlight(s.Tag, tagPriority[s.Tag]).Call("add", r)
		st.spans[s.ID] = painted{Span: s, rng: r}
	}
}

// SetSelected paints what is selected in one readout: the selected
// annotation (a point or a ghost shows by its marker), or its counterparts
// when the selection is in another readout. reveal scrolls the first of
// them into view (in the readout's own scroll box when it has one).
func SetSelected(readoutID string, sel Selected, reveal bool) {
	st := readouts[readoutID]
	if st == nil {
		return
	}
	if st.marker.Truthy() {
		st.marker.Call("removeAttribute", "data-selected")
		st.marker = js.Null()
	}
	var selRanges []js.Value
	if sel.Span != nil && sel.Span.Start != sel.Span.End {
		selRanges = st.ranges([]Span{*sel.Span})
	}
	st.setExtra("selected", selRanges)
	linked := st.ranges(sel.Linked)
	st.setExtra("counterpart", linked)

	var m js.Value
	if sel.Marker != "" {
		attr := "data-marker-for"
		if sel.Ghost {
			attr = "data-ghost-for"
		}
		m = st.el.Call("querySelector", `[`+attr+`="`+cssEscape(sel.Marker)+`"]`)
	}
	if m.Truthy() {
		m.Call("setAttribute", "data-selected", "true")
		st.marker = m
	}
	if !reveal {
		return
	}
	switch {
	case len(selRanges) > 0:
		bringIntoView(st.el, selRanges[0])
	case m.Truthy():
		bringIntoView(st.el, m)
	case len(linked) > 0:
		bringIntoView(st.el, linked[0])
	}
}

// SetSuggestions paints the alignment suggestions of a readout: sentences
// with a likely counterpart, those whose counterpart makes the opposite
// claim, sentences and clauses without one, and the one in focus
// (revealed when reveal is set). nil clears them.
func SetSuggestions(readoutID string, pairs, opposite, gaps []Span, focus *Span, reveal bool) {
	st := readouts[readoutID]
	if st == nil {
		return
	}
	st.setExtra("suggest-pair", st.ranges(pairs))
	st.setExtra("suggest-opposite", st.ranges(opposite))
	st.setExtra("suggest-gap", st.ranges(gaps))
	var f []js.Value
	if focus != nil {
		f = st.ranges([]Span{*focus})
	}
	st.setExtra("suggest-focus", f)
	if reveal && len(f) > 0 {
		bringIntoView(st.el, f[0])
	}
}

// SetDiff paints the passages a new version inserted (fc-diff-ins); nil
// clears them.
func SetDiff(readoutID string, inserted []Span) {
	if st := readouts[readoutID]; st != nil {
		st.setExtra("diff-ins", st.ranges(inserted))
	}
}

// bringIntoView scrolls target (a Range, or a marker element: both have
// getBoundingClientRect) into view, the readout's own box first when it
// scrolls (the columns of the compare view do), then the page; a target
// already in view does not move anything.
func bringIntoView(box, target js.Value) {
	rect := func() (top, bottom float64) {
		r := target.Call("getBoundingClientRect")
		return r.Get("top").Float(), r.Get("bottom").Float()
	}
	top, bottom := rect()
	if box.Truthy() && box.Get("scrollHeight").Int() > box.Get("clientHeight").Int()+1 {
		b := box.Call("getBoundingClientRect")
		btop, bbottom := b.Get("top").Float(), b.Get("bottom").Float()
		if top < btop || bottom > bbottom {
			box.Set("scrollTop", box.Get("scrollTop").Float()+top-btop-(bbottom-btop)/3)
			top, bottom = rect() // the box scrolled: measure again
		}
	}
	h := js.Global().Get("innerHeight").Float()
	if top >= 80 && bottom <= h-20 {
		return
	}
	js.Global().Call("scrollBy", map[string]any{"top": top - h/3, "behavior": "instant"})
}

// Forget drops what is painted for a readout whose view is gone.
func Forget(readoutID string) { dropReadout(readoutID) }

// Download saves data as a file through a Blob URL: the bytes never leave
// the browser.
func Download(filename, mime string, data []byte) error {
	arr := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(arr, data)
	blob := js.Global().Get("Blob").New([]any{arr}, map[string]any{"type": mime})
	url := js.Global().Get("URL").Call("createObjectURL", blob)
	a := doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", filename)
	a.Set("rel", "noopener")
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	// Revoke later: the download reads the URL after click returns.
	var revoke js.Func
	revoke = js.FuncOf(func(js.Value, []js.Value) any {
		js.Global().Get("URL").Call("revokeObjectURL", url)
		revoke.Release()
		return nil
	})
	js.Global().Call("setTimeout", revoke, 60000)
	return nil
}

// LocalGet reads a small preference from localStorage ("" when absent or
// when storage is refused).
func LocalGet(key string) (v string) {
	defer func() {
		if recover() != nil {
			v = ""
		}
	}()
	ls := js.Global().Get("localStorage")
	if !ls.Truthy() {
		return ""
	}
	r := ls.Call("getItem", key)
	if r.IsNull() || r.IsUndefined() {
		return ""
	}
	return r.String()
}

// LocalSet stores a small preference; a refusal (private mode, quota) is
// ignored because preferences are a convenience.
func LocalSet(key, value string) {
	defer func() { _ = recover() }()
	if ls := js.Global().Get("localStorage"); ls.Truthy() {
		ls.Call("setItem", key, value)
	}
}

// ScrollIntoView scrolls the first element matching selector into view.
func ScrollIntoView(selector string) {
	if el := doc.Call("querySelector", selector); el.Truthy() {
		el.Call("scrollIntoView", map[string]any{"block": "nearest"})
	}
}

// Focus focuses the first element matching selector.
func Focus(selector string) {
	if el := doc.Call("querySelector", selector); el.Truthy() {
		el.Call("focus")
	}
}

// Confirm asks a yes/no question with the browser's dialog.
func Confirm(message string) bool {
	return js.Global().Call("confirm", message).Truthy()
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

var (
	channel  js.Value
	dropping bool
)

// Broadcast tells the other tabs of this browser something (a workspace was
// saved). BroadcastChannel never leaves the browser.
func Broadcast(msg string) {
	if !channel.Truthy() {
		return
	}
	channel.Call("postMessage", msg)
}

// OnBroadcast receives the other tabs' messages. fn runs inside a JS
// callback: it must only hand the message on (ctx.Dispatch), never block.
func OnBroadcast(fn func(msg string)) {
	bc := js.Global().Get("BroadcastChannel")
	if !bc.Truthy() || channel.Truthy() {
		return // none, or already listening: listeners are page-wide
	}
	channel = bc.New("framecheck")
	listen(channel, "message", false, func(e js.Value) {
		if d := e.Get("data"); d.Type() == js.TypeString {
			fn(d.String())
		}
	})
}

// File is a file the user picked or dropped.
type File struct {
	Name string
	Size int
	blob js.Value
}

// Read returns the file's bytes, refusing files over max bytes before
// reading them. It blocks until the browser has read the file: call it
// from a goroutine of its own.
func (f File) Read(max int) ([]byte, error) {
	if f.Size > max {
		return nil, fmt.Errorf("%s is %d MB; framecheck opens files up to %d MB", f.Name, f.Size>>20, max>>20)
	}
	type res struct {
		b   []byte
		err error
	}
	done := make(chan res, 1)
	var ok, fail js.Func
	ok = js.FuncOf(func(this js.Value, args []js.Value) any {
		arr := js.Global().Get("Uint8Array").New(args[0])
		b := make([]byte, arr.Get("length").Int())
		js.CopyBytesToGo(b, arr)
		done <- res{b: b}
		return nil
	})
	fail = js.FuncOf(func(this js.Value, args []js.Value) any {
		done <- res{err: fmt.Errorf("reading %s failed: %s", f.Name, args[0].Call("toString").String())}
		return nil
	})
	f.blob.Call("arrayBuffer").Call("then", ok).Call("catch", fail)
	r := <-done
	ok.Release()
	fail.Release()
	return r.b, r.err
}

func filesOf(list js.Value) []File {
	var out []File
	if !list.Truthy() {
		return nil
	}
	for i := 0; i < list.Get("length").Int(); i++ {
		f := list.Call("item", i)
		out = append(out, File{Name: f.Get("name").String(), Size: f.Get("size").Int(), blob: f})
	}
	return out
}

// PickedFiles returns the files chosen in a file input (and clears it, so
// choosing the same file again fires a change).
func PickedFiles(selector string) []File {
	in := doc.Call("querySelector", selector)
	if !in.Truthy() {
		return nil
	}
	files := filesOf(in.Get("files"))
	in.Set("value", "")
	return files
}

// Click clicks the first element matching selector (to open a file input).
func Click(selector string) {
	if el := doc.Call("querySelector", selector); el.Truthy() {
		el.Call("click")
	}
}

// OnDropFiles calls fn with the files dropped anywhere on the page. fn runs
// inside the drop event: it must only hand the files on.
func OnDropFiles(fn func([]File)) {
	if dropping {
		return // page-wide listeners: install them once
	}
	dropping = true
	hasFiles := func(e js.Value) bool {
		dt := e.Get("dataTransfer")
		if !dt.Truthy() {
			return false
		}
		types := dt.Get("types")
		for i := 0; i < types.Length(); i++ {
			if types.Index(i).String() == "Files" {
				return true
			}
		}
		return false
	}
	listen(doc, "dragover", false, func(e js.Value) {
		if hasFiles(e) {
			e.Call("preventDefault") // allow the drop
			doc.Get("body").Call("setAttribute", "data-dragging", "true")
		}
	})
	listen(doc, "dragleave", false, func(e js.Value) {
		doc.Get("body").Call("removeAttribute", "data-dragging")
	})
	listen(doc, "drop", false, func(e js.Value) {
		doc.Get("body").Call("removeAttribute", "data-dragging")
		if !hasFiles(e) {
			return
		}
		e.Call("preventDefault") // never let the browser navigate to the file
		fn(filesOf(e.Get("dataTransfer").Get("files")))
	})
}

// CloseMenus closes the open <details> menus after a choice.
func CloseMenus() {
	menus := doc.Call("querySelectorAll", "details.fc-menu[open]")
	for i := 0; i < menus.Get("length").Int(); i++ {
		menus.Call("item", i).Call("removeAttribute", "open")
	}
}

// CollapseSelection collapses the DOM selection to its end, so a span just
// tagged shows its highlight instead of the browser's selection colour; the
// caret stays for keyboard users.
func CollapseSelection() {
	sel := js.Global().Call("getSelection")
	if sel.Truthy() && sel.Get("rangeCount").Int() > 0 && !sel.Get("isCollapsed").Bool() {
		sel.Call("collapseToEnd")
	}
}

// CopyText puts text on the clipboard. The asynchronous Clipboard API needs
// a secure context (localhost and https are); elsewhere a hidden textarea
// and execCommand do it. done runs with the outcome, in a JS callback: it
// must only hand it on.
func CopyText(text string, done func(error)) {
	fallback := func() {
		ta := doc.Call("createElement", "textarea")
		ta.Set("value", text)
		ta.Call("setAttribute", "readonly", "")
		ta.Get("style").Set("position", "fixed")
		ta.Get("style").Set("opacity", "0")
		doc.Get("body").Call("appendChild", ta)
		ta.Call("select")
		ok := doc.Call("execCommand", "copy").Truthy()
		ta.Call("remove")
		if ok {
			done(nil)
			return
		}
		done(fmt.Errorf("the browser refused to copy; select the text of the summary and copy it by hand"))
	}
	cb := js.Global().Get("navigator").Get("clipboard")
	if !cb.Truthy() {
		fallback()
		return
	}
	var ok, fail js.Func
	ok = js.FuncOf(func(js.Value, []js.Value) any {
		ok.Release()
		fail.Release()
		done(nil)
		return nil
	})
	fail = js.FuncOf(func(js.Value, []js.Value) any {
		ok.Release()
		fail.Release()
		fallback()
		return nil
	})
	cb.Call("writeText", text).Call("then", ok, fail)
}

// Print opens the browser's print dialog (the print stylesheet shows only
// the summary when it is open).
func Print() { js.Global().Call("print") }
