//go:build js && wasm

package browser

import (
	"encoding/binary"
	"os"
	"syscall/js"
	"testing"
)

// loadScript runs web/framecheck.js under Node (go_js_wasm_exec, see the
// Makefile), with globalThis as the page's self, and returns the framecheck
// object it defines.
func loadScript(t *testing.T) js.Value {
	t.Helper()
	src, err := os.ReadFile("../../web/framecheck.js")
	if err != nil {
		t.Fatal(err)
	}
	js.Global().Delete("framecheck")
	js.Global().Get("Function").New("self", string(src)).Invoke(js.Global())
	fc := js.Global().Get("framecheck")
	if !fc.Truthy() {
		t.Fatal("web/framecheck.js defined no framecheck object")
	}
	return fc
}

func jsInts(v []int) js.Value {
	a := js.Global().Get("Array").New()
	for _, x := range v {
		a.Call("push", x)
	}
	return a
}

// framecheck.boundary follows the Go rule: the cases of boundary_test.go.
func TestScriptBoundary(t *testing.T) {
	fc := loadScript(t)
	for _, c := range boundaryCases(t) {
		starts, end := c.startsEnd()
		got := fc.Call("boundary", jsInts(starts), end, c.Offset)
		switch {
		case c.None && !got.IsNull():
			t.Errorf("%s: nodes %v, offset %d: got %s, want null", c.Why, c.Nodes, c.Offset, js.Global().Get("JSON").Call("stringify", got))
		case c.None:
		case got.IsNull() || got.Index(0).Int() != c.Node || got.Index(1).Int() != c.At:
			t.Errorf("%s: nodes %v, offset %d: got %s, want [%d, %d]", c.Why, c.Nodes, c.Offset, js.Global().Get("JSON").Call("stringify", got), c.Node, c.At)
		}
	}
}

// fakeDOM makes a readout element in the shape RenderText leaves it (text
// nodes with an element between neighbours) and a document whose ranges
// record their boundary points.
const fakeDOM = `((lens) => {
  const el = { childNodes: [] };
  lens.forEach((l, i) => {
    if (i > 0) el.childNodes.push({ nodeType: 1 });
    el.childNodes.push({ nodeType: 3, length: l, index: i });
  });
  globalThis.document = { createRange: () => ({
    setStart(n, o) { this.start = [n.index, o]; },
    setEnd(n, o) { this.end = [n.index, o]; },
  }) };
  const highlight = { added: 0, add() { this.added++; } };
  return { el, highlight };
})`

// framecheck.ranges places both ends of each span by the same rule, passing
// over the markers between text nodes.
func TestScriptRanges(t *testing.T) {
	fc := loadScript(t)
	defer js.Global().Delete("document")
	mk := js.Global().Call("eval", fakeDOM)
	for _, c := range boundaryCases(t) {
		dom := mk.Invoke(jsInts(c.Nodes))
		b := make([]byte, 8)
		binary.LittleEndian.PutUint32(b, uint32(int32(c.Offset)))
		binary.LittleEndian.PutUint32(b[4:], uint32(int32(c.Offset)))
		offs := js.Global().Get("Uint8Array").New(len(b))
		js.CopyBytesToJS(offs, b)
		h := dom.Get("highlight")
		got := fc.Call("ranges", dom.Get("el"), offs, h)
		if c.None {
			if !got.IsNull() {
				t.Errorf("%s: ranges over no text node: %s, want null", c.Why, js.Global().Get("JSON").Call("stringify", got))
			}
			continue
		}
		if got.IsNull() || got.Length() != 1 || h.Get("added").Int() != 1 {
			t.Errorf("%s: want one range added to the highlight, got %s", c.Why, js.Global().Get("JSON").Call("stringify", got))
			continue
		}
		for _, end := range []string{"start", "end"} {
			p := got.Index(0).Get(end)
			if p.Index(0).Int() != c.Node || p.Index(1).Int() != c.At {
				t.Errorf("%s: nodes %v, offset %d: the range's %s is node %d at %d, want node %d at %d",
					c.Why, c.Nodes, c.Offset, end, p.Index(0).Int(), p.Index(1).Int(), c.Node, c.At)
			}
		}
	}
}
