package ui

import (
	htmlpkg "html"
	"strings"
	"testing"

	"framecheck/app/browser"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestCommandFor(t *testing.T) {
	cases := []struct {
		k    browser.Key
		want command
	}{
		{browser.Key{Key: "1"}, "tag-fact"},
		{browser.Key{Key: "2"}, "tag-framing"},
		{browser.Key{Key: "3"}, "tag-omission"},
		{browser.Key{Key: "1", Shift: true}, "tag-fact"}, // layouts that need Shift for digits
		{browser.Key{Key: "1", InField: true}, ""},
		{browser.Key{Key: "¡", Code: "Digit1", Alt: true}, "retag-fact"},
		{browser.Key{Key: "3", Code: "Numpad3", Alt: true, Ctrl: true}, "retag-omission"}, // AltGr
		{browser.Key{Key: "?", Shift: true}, "help"},
		{browser.Key{Key: "z", Ctrl: true}, "undo"},
		{browser.Key{Key: "z", Meta: true}, "undo"},
		{browser.Key{Key: "Z", Ctrl: true, Shift: true}, "redo"},
		{browser.Key{Key: "y", Ctrl: true}, "redo"},
		{browser.Key{Key: "z", Ctrl: true, Alt: true}, ""},
		{browser.Key{Key: "z", Ctrl: true, InField: true}, ""},
		{browser.Key{Key: "Escape", InField: true}, "escape"},
		{browser.Key{Key: "Escape", Ctrl: true}, "escape"},
		{browser.Key{Key: "Delete"}, "delete"},
		{browser.Key{Key: "x"}, "export"},
		{browser.Key{Key: "X", Shift: true}, ""},
		{browser.Key{Key: "X"}, ""}, // Caps Lock: not the shortcut
		{browser.Key{Key: "x", Alt: true}, ""},
		{browser.Key{Key: "c", Ctrl: true}, ""},
		{browser.Key{Key: "a"}, ""},
	}
	for _, c := range cases {
		if got := commandFor(c.k); got != c.want {
			t.Errorf("%+v: got %q, want %q", c.k, got, c.want)
		}
	}
}

// example is a key press the chord matches.
func (c chord) example() browser.Key {
	return browser.Key{Key: c.key, Code: c.code, Shift: c.shift == shiftDown,
		Ctrl: c.mods == modCtrl, Alt: c.mods == modAlt}
}

// Every command of the table has keys that reach it (none shadowed by
// another's), a line in the help panel and a handler; the help panel shows
// every line.
func TestBindingTable(t *testing.T) {
	seen := map[command]bool{}
	html := app.HTMLString(newHelpPanel())
	for _, row := range shortcuts {
		if row.keys == "" || row.what == "" {
			t.Errorf("help line %+v lacks keys or text", row)
		}
		if !strings.Contains(html, ">"+row.keys+"<") || !strings.Contains(html, htmlpkg.EscapeString(row.what)) {
			t.Errorf("the help panel does not show %q: %q", row.keys, row.what)
		}
		for _, b := range row.cmds {
			if b.cmd == "" || seen[b.cmd] {
				t.Errorf("command %q is unnamed or listed twice", b.cmd)
			}
			seen[b.cmd] = true
			if b.run == nil {
				t.Errorf("%s has no handler", b.cmd)
			}
			if len(b.chords) == 0 {
				t.Errorf("%s has no keys", b.cmd)
			}
			for _, c := range b.chords {
				if got := commandFor(c.example()); got != b.cmd {
					t.Errorf("%s: the key %+v asks for %q", b.cmd, c.example(), got)
				}
			}
		}
	}
	if len(seen) != 27 {
		// A command added or gone: the README's key table must follow.
		t.Errorf("%d commands in the table, want 27", len(seen))
	}
}

// A handler found through the table runs on the shell: ? opens the help
// and Escape closes it.
func TestBindingRuns(t *testing.T) {
	sh := newSwitchRig(t).sh // a mounted context: opening the help defers its focus
	for _, k := range []browser.Key{{Key: "?"}, {Key: "Escape"}} {
		b, ok := bindingFor(k)
		if !ok {
			t.Fatalf("%+v: no binding", k)
		}
		b.run(sh, sh.home.ctx, keyInput{})
		if want := k.Key == "?"; sh.showHelp != want {
			t.Fatalf("after %s, help shown %v", k.Key, sh.showHelp)
		}
	}
}

// Only tagging a span and deleting a span run inside the key event with
// go-app's render after the next frame (binding.paintFirst): they paint
// their own highlight change. A point changes the text's markers, which
// only go-app's update paints, so a caret tag and a point's deletion take
// the usual way, as every other command does.
func TestPaintFirst(t *testing.T) {
	s := testSession(t)
	r := s.ws.Readouts[0]
	span := keyInput{sel: browser.Selection{ReadoutID: r.ID, Start: 2, End: 9}, hasSel: true}
	caret := keyInput{sel: browser.Selection{ReadoutID: r.ID, Start: 4, End: 4}, hasSel: true}
	first := func(k browser.Key, in keyInput) bool {
		b, ok := bindingFor(k)
		if !ok {
			t.Fatalf("%+v: no binding", k)
		}
		return b.paintFirst != nil && b.paintFirst(s, in)
	}
	for _, key := range []string{"1", "2", "3"} {
		if !first(browser.Key{Key: key}, span) || first(browser.Key{Key: key}, caret) || first(browser.Key{Key: key}, keyInput{}) {
			t.Errorf("key %s: paints first with a span selected, never with a caret or nothing", key)
		}
	}
	del := browser.Key{Key: "Delete"}
	s.selected = ""
	if first(del, keyInput{}) {
		t.Error("Delete with nothing selected paints first")
	}
	var spanID, pointID string
	for _, a := range s.ws.Annotations {
		if a.IsPoint() {
			pointID = a.ID
		} else {
			spanID = a.ID
		}
	}
	if spanID == "" || pointID == "" {
		t.Fatal("the sample workspace has no span or no point")
	}
	if s.selected = spanID; !first(del, keyInput{}) {
		t.Error("Delete of a selected span does not paint first")
	}
	if s.selected = pointID; first(del, keyInput{}) {
		t.Error("Delete of a selected point paints first")
	}
	// Every other command goes through go-app's dispatch.
	for _, sc := range shortcuts {
		for _, b := range sc.cmds {
			if b.paintFirst != nil && !map[command]bool{"tag-fact": true, "tag-framing": true, "tag-omission": true, "delete": true}[b.cmd] {
				t.Errorf("%s paints first", b.cmd)
			}
		}
	}
}
