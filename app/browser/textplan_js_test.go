//go:build js && wasm

package browser

import (
	"strings"
	"syscall/js"
	"testing"
)

// mockDOM is the little of the DOM that rendering a readout's text uses,
// recording elements' attributes in the order they are set, so that the
// script's text() and the Go path can be compared under Node.
const mockDOM = `
class N {
  constructor(type) { this.nodeType = type; this.childNodes = []; this.attrs = []; }
  appendChild(c) {
    if (c.nodeType === 11) { this.childNodes.push(...c.childNodes); c.childNodes = []; } else this.childNodes.push(c);
    return c;
  }
  setAttribute(k, v) { this.attrs.push([k, String(v)]); }
  set className(v) { this.attrs.push(["class", String(v)]); }
  set textContent(v) { this.childNodes = []; }
  get length() { return this.data.length; }
}
return {
  doc: {
    createDocumentFragment() { return new N(11); },
    createTextNode(s) { const n = new N(3); n.data = String(s); return n; },
    createElement(tag) { const n = new N(1); n.tag = tag; return n; },
  },
  el() { const e = new N(1); e.tag = "div"; e.childNodes.push(new N(3)); return e; },
  dump(el) { return JSON.stringify(el.childNodes.map((n) => n.nodeType === 3 ? ["#text", n.data] : [n.tag, n.attrs])); },
};`

// TestScriptText: framecheck.text makes the same children as the Go path
// (renderEach: text nodes and markerEl), and the painter records the same
// nodes, starts and length from either; a plan that does not fit its text
// is refused with the element untouched.
func TestScriptText(t *testing.T) {
	loadScript(t)
	mock := js.Global().Get("Function").New(mockDOM).Invoke()
	saved := doc
	doc = mock.Get("doc")
	js.Global().Set("document", doc)
	defer func() { doc = saved; js.Global().Delete("document") }()

	long := strings.Repeat("Слово word 😀 ", 300)
	cases := []struct {
		chunks  []string
		markers []Marker
	}{
		{[]string{"only text, no marker"}, nil},
		{[]string{""}, nil},
		{[]string{"", "a😀b", "", "\n"}, []Marker{
			{ID: "p1", Label: "Omission: something is missing here"},
			{ID: "0", Removed: true, Label: "Removed in the new version: “<i>&amp;</i>” (click to show)"},
			{ID: "g", Ghost: true, Label: "Left out here? A tells: “😀”"},
		}},
		{[]string{long, long[:42], long}, []Marker{{ID: "x", Removed: true, Ghost: true, Label: ""}, {ID: "", Label: "🇺🇦"}}},
	}
	for i, c := range cases {
		bulk := &readoutPaint{el: mock.Call("el")}
		if !renderBulk(bulk, c.chunks, c.markers) {
			t.Fatalf("case %d: the script refused a plan that fits", i)
		}
		each := &readoutPaint{el: mock.Call("el")}
		renderEach(each, c.chunks, c.markers)
		if b, e := mock.Call("dump", bulk.el).String(), mock.Call("dump", each.el).String(); b != e {
			t.Fatalf("case %d: the script made\n%s\nthe Go path\n%s", i, b, e)
		}
		if bulk.end != each.end || len(bulk.starts) != len(each.starts) || len(bulk.nodes) != len(each.nodes) {
			t.Fatalf("case %d: end %d/%d, %d/%d starts, %d/%d nodes", i, bulk.end, each.end, len(bulk.starts), len(each.starts), len(bulk.nodes), len(each.nodes))
		}
		kids := bulk.el.Get("childNodes")
		for k := range bulk.nodes {
			if bulk.starts[k] != each.starts[k] {
				t.Errorf("case %d: node %d starts at %d, Go path %d", i, k, bulk.starts[k], each.starts[k])
			}
			if !bulk.nodes[k].Equal(kids.Index(2 * k)) {
				t.Errorf("case %d: node %d is not the element's text node %d", i, k, k)
			}
		}
	}

	// Invalid UTF-8 that JavaScript counts otherwise than the plan does.
	st := &readoutPaint{el: mock.Call("el")}
	before := mock.Call("dump", st.el).String()
	if renderBulk(st, []string{"a\xe2\x82", "b"}, []Marker{{ID: "1", Label: "l"}}) {
		t.Error("the script took a plan that does not fit its text")
	}
	if after := mock.Call("dump", st.el).String(); after != before {
		t.Errorf("a refused plan changed the element: %s", after)
	}
}
