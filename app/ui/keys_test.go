package ui

import (
	"testing"

	"framecheck/app/browser"
)

func TestCommandFor(t *testing.T) {
	cases := []struct {
		k    browser.Key
		want command
	}{
		{browser.Key{Key: "1"}, cmdTagFact},
		{browser.Key{Key: "2"}, cmdTagFraming},
		{browser.Key{Key: "3"}, cmdTagOmission},
		{browser.Key{Key: "1", InField: true}, cmdNone},
		{browser.Key{Key: "¡", Code: "Digit1", Alt: true}, cmdRetagFact},
		{browser.Key{Key: "?", Shift: true}, cmdHelp},
		{browser.Key{Key: "z", Ctrl: true}, cmdUndo},
		{browser.Key{Key: "Z", Ctrl: true, Shift: true}, cmdRedo},
		{browser.Key{Key: "z", Ctrl: true, InField: true}, cmdNone},
		{browser.Key{Key: "Escape", InField: true}, cmdEscape},
		{browser.Key{Key: "Delete"}, cmdDelete},
		{browser.Key{Key: "x"}, cmdExport},
		{browser.Key{Key: "X", Shift: true}, cmdNone},
		{browser.Key{Key: "c", Ctrl: true}, cmdNone},
		{browser.Key{Key: "a"}, cmdNone},
	}
	for _, c := range cases {
		if got := commandFor(c.k); got != c.want {
			t.Errorf("%+v: got %q, want %q", c.k, got, c.want)
		}
	}
}

// Every command has a line in the help panel, so the panel tells the truth.
func TestHelpListsEveryCommand(t *testing.T) {
	keysFor := map[command]browser.Key{
		cmdTagFact: {Key: "1"}, cmdHelp: {Key: "?"}, cmdNewReadout: {Key: "n"}, cmdExport: {Key: "x"},
		cmdNext: {Key: "j"}, cmdPrev: {Key: "k"}, cmdNextReadout: {Key: "]"}, cmdDelete: {Key: "Delete"},
		cmdEditNote: {Key: "e"}, cmdFocusText: {Key: "t"}, cmdFilter: {Key: "f"}, cmdUndo: {Key: "z", Ctrl: true},
		cmdCompare: {Key: "c"}, cmdOmittedBy: {Key: "o"}, cmdMoveGhost: {Key: "m"}, cmdSuggest: {Key: "s"},
		cmdLink: {Key: "l"}, cmdImport: {Key: "i"}, cmdRetagFact: {Key: "¡", Code: "Digit1", Alt: true},
		cmdPrevReadout: {Key: "["}, cmdEscape: {Key: "Escape"}, cmdVerdict: {Key: "v"},
	}
	listed := map[string]bool{}
	for _, s := range shortcuts {
		listed[s.keys] = true
	}
	want := map[command]string{
		cmdTagFact: "1 / 2 / 3", cmdHelp: "?", cmdNewReadout: "N", cmdExport: "X", cmdNext: "J / K", cmdPrev: "J / K",
		cmdNextReadout: "[ / ]", cmdDelete: "Delete", cmdEditNote: "E", cmdFocusText: "T", cmdFilter: "F", cmdUndo: "Ctrl+Z / Ctrl+Shift+Z",
		cmdCompare: "C", cmdOmittedBy: "O", cmdMoveGhost: "M", cmdSuggest: "S",
		cmdLink: "L", cmdImport: "I", cmdRetagFact: "Alt+1 / Alt+2 / Alt+3", cmdPrevReadout: "[ / ]", cmdEscape: "Escape", cmdVerdict: "V",
	}
	for cmd, k := range keysFor {
		if got := commandFor(k); got != cmd {
			t.Errorf("key %+v: got %q, want %q", k, got, cmd)
		}
		if !listed[want[cmd]] {
			t.Errorf("help panel does not list %q for %s", want[cmd], cmd)
		}
	}
}
