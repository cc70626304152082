package fcjson

import (
	"bytes"
	"strings"
	"testing"
	"unsafe"

	"framecheck/app/internal/fixture"
)

// TestTexts: files read with one Texts share the strings and indexes of
// texts read before, and are checked exactly as without it: a changed text
// under the original's textSha256, a text equal to one seen but with a
// wrong textSha256, and the same text written with other escapes.
func TestTexts(t *testing.T) {
	w := golden(t)
	data, err := Encode(w, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	var texts Texts
	read := func(data []byte) error {
		got, _, err := DecodeWith(data, Options{Texts: &texts})
		if err != nil {
			return err
		}
		plain, err := Decode(data)
		if err != nil {
			t.Fatalf("read with a Texts, not without: %v", err)
		}
		for i, r := range got.Readouts {
			p := plain.Readouts[i]
			if r.Text != p.Text || r.TextSum() != p.TextSum() || r.Positions().Len() != p.Positions().Len() {
				t.Errorf("readout %d differs from the one read without a Texts", i)
			}
		}
		return nil
	}
	if err := read(data); err != nil {
		t.Fatal(err)
	}
	a, _, _ := DecodeWith(data, Options{Texts: &texts})
	b, _, _ := DecodeWith(data, Options{Texts: &texts})
	for i := range a.Readouts {
		ra, rb := a.Readouts[i], b.Readouts[i]
		if unsafe.StringData(ra.Text) != unsafe.StringData(rb.Text) || ra.Positions() != rb.Positions() {
			t.Errorf("readout %d: the second file's text or index is not shared", i)
		}
	}
	if len(texts.seen) != len(w.Readouts) {
		t.Errorf("%d texts kept, want %d", len(texts.seen), len(w.Readouts))
	}

	// A text changed after export, under the original's sum.
	kr := w.Readouts[0]
	changed := bytes.Replace(data, []byte(`"text": `+string(jsonString(kr.Text))), []byte(`"text": `+string(jsonString(kr.Text+" "))), 1)
	if bytes.Equal(changed, data) {
		t.Fatal("test setup: the text was not changed")
	}
	if err := read(changed); err == nil || !strings.Contains(err.Error(), "does not match its SHA-256") {
		t.Errorf("changed text: %v", err)
	}
	// The same text (seen before) under another sum.
	wrong := bytes.Replace(data, []byte(kr.TextSum()), []byte(strings.Repeat("0", 64)), 1)
	if err := read(wrong); err == nil || !strings.Contains(err.Error(), "does not match its SHA-256") {
		t.Errorf("text seen before, wrong sum: %v", err)
	}
	// The same text with a letter escaped: another JSON string, the same
	// text and sum.
	first := string(jsonString(kr.Text))
	other := bytes.Replace(data, []byte(`"text": `+first), []byte(`"text": `+strings.Replace(first, "Т", `\u0422`, 1)), 1)
	if bytes.Equal(other, data) {
		t.Fatal("test setup: the text was not re-escaped")
	}
	if err := read(other); err != nil {
		t.Errorf("the same text escaped otherwise: %v", err)
	}

	// More texts than a Texts keeps: all read, no more kept.
	base := kr.Text
	for i := range textsMaxCount + 4 {
		kr.Text = base + strings.Repeat("!", i+1)
		more, err := Encode(w, fixture.T0)
		if err != nil {
			t.Fatal(err)
		}
		if err := read(more); err != nil {
			t.Errorf("text %d: %v", i, err)
		}
	}
	if len(texts.seen) != textsMaxCount {
		t.Errorf("%d texts kept, want the limit of %d", len(texts.seen), textsMaxCount)
	}
}

// jsonString is s as Encode writes a string.
func jsonString(s string) []byte { return appendString(nil, s) }
