//go:build js && wasm

package browser

import (
	"strings"
	"syscall/js"
	"testing"
)

// TestReadAll reads files through framecheck.readFiles and, without the
// script, one at a time: the same bytes and refusals, in order. A file over
// its limit is refused before it is read (its blob would fail), and one the
// browser cannot read says so without affecting the others.
func TestReadAll(t *testing.T) {
	u8 := func(s string) js.Value {
		a := js.Global().Get("Uint8Array").New(len(s))
		js.CopyBytesToJS(a, []byte(s))
		return a
	}
	blob := func(s string) js.Value {
		return js.Global().Get("Blob").New([]any{u8(s)})
	}
	failing := js.Global().Get("Function").New(`return { arrayBuffer: () => Promise.reject(new Error("the file is gone")) };`)
	texts := []string{`{"format": "framecheck", "note": "Слово 😀"}`, "", strings.Repeat("x", 5000), "never read", "lost"}
	files := []File{
		{Name: "ана.json", Size: len(texts[0]), blob: blob(texts[0])},
		{Name: "empty.json", Size: 0, blob: blob("")},
		{Name: "big.zip", Size: 5000, blob: blob(texts[2])},
		{Name: "huge.json", Size: 1 << 30, blob: failing.Invoke()},
		{Name: "lost.json", Size: 4, blob: failing.Invoke()},
	}
	max := func(f File) int {
		if strings.HasSuffix(f.Name, ".zip") {
			return 1 << 20
		}
		return 1 << 10
	}
	check := func(how string) {
		t.Helper()
		data, errs := ReadAll(files, max)
		for i, f := range files[:3] {
			if errs[i] != nil || string(data[i]) != texts[i] {
				t.Errorf("%s: %s read as %q, %v", how, f.Name, clipTest(string(data[i])), errs[i])
			}
		}
		if errs[3] == nil || !strings.Contains(errs[3].Error(), "huge.json is 1024 MB; framecheck opens files up to 0 MB") {
			t.Errorf("%s: huge.json: %v", how, errs[3])
		}
		if errs[4] == nil || !strings.Contains(errs[4].Error(), "reading lost.json failed") || data[4] != nil {
			t.Errorf("%s: lost.json: %q, %v", how, data[4], errs[4])
		}
	}
	js.Global().Delete("framecheck")
	check("one at a time")
	loadScript(t)
	defer js.Global().Delete("framecheck")
	check("framecheck.readFiles")
	if data, errs := ReadAll(nil, max); len(data) != 0 || len(errs) != 0 {
		t.Errorf("no files: %v %v", data, errs)
	}
}

func clipTest(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
