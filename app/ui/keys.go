package ui

import (
	"strings"

	"framecheck/app/browser"
)

// command is what a shortcut asks for.
type command string

const (
	cmdNone         command = ""
	cmdTagFact      command = "tag-fact"
	cmdTagFraming   command = "tag-framing"
	cmdTagOmission  command = "tag-omission"
	cmdRetagFact    command = "retag-fact"
	cmdRetagFraming command = "retag-framing"
	cmdRetagOmit    command = "retag-omission"
	cmdHelp         command = "help"
	cmdNewReadout   command = "new-readout"
	cmdExport       command = "export"
	cmdImport       command = "import"
	cmdLink         command = "link"
	cmdNext         command = "next-annotation"
	cmdPrev         command = "prev-annotation"
	cmdNextReadout  command = "next-readout"
	cmdPrevReadout  command = "prev-readout"
	cmdDelete       command = "delete"
	cmdEditNote     command = "edit-note"
	cmdFocusText    command = "focus-text"
	cmdFilter       command = "cycle-filter"
	cmdEscape       command = "escape"
	cmdUndo         command = "undo"
	cmdRedo         command = "redo"
	cmdCompare      command = "compare"
	cmdOmittedBy    command = "omitted-by-other"
	cmdMoveGhost    command = "move-ghost"
	cmdSuggest      command = "suggest"
	cmdVerdict      command = "focus-verdict"
)

// shortcut is one entry of the help panel.
type shortcut struct {
	keys, what string
}

// shortcuts is the single list the help panel shows; keep it in step with
// commandFor (a test checks that every command listed here is reachable).
var shortcuts = []shortcut{
	{"Tab / Shift+Tab", "move between controls; Tab into a readout's text to read it with a caret"},
	{"Arrows, Home, End", "move the caret in a readout (Ctrl+arrow: by word)"},
	{"Shift+Arrows", "select text in a readout"},
	{"1 / 2 / 3", "tag the selection as Fact / Framing / Omission"},
	{"3 with no selection", "mark an omission point at the caret"},
	{"Alt+1 / Alt+2 / Alt+3", "re-tag the selected annotation"},
	{"J / K", "select the next / previous annotation"},
	{"E", "edit the note of the selected annotation (Ctrl+Enter saves)"},
	{"V", "give the selected fact or framing annotation a verdict (its Check section)"},
	{"Delete", "delete the selected annotation"},
	{"L", "link the selected annotation to its counterpart in another readout (then pick it)"},
	{"C", "compare two readouts side by side, or back to one"},
	{"O", "compare view: the selected omission span is omitted by the other column (again: it is not)"},
	{"M", "compare view: move the dashed marker of the selected omission to the caret in the other column"},
	{"S", "compare view: suggest counterparts and omissions"},
	{"Ctrl+Z / Ctrl+Shift+Z", "undo / redo"},
	{"[ / ]", "previous / next readout (compare view: the other column)"},
	{"T", "put the caret in the readout's text"},
	{"F", "cycle the tag filter of the list"},
	{"N", "new readout"},
	{"X", "export JSON"},
	{"I", "import a framecheck JSON file (or drop it on the page)"},
	{"?", "show or hide this help"},
	{"Escape", "close a panel, or clear the selection"},
}

// commandFor maps a key to a command. Single keys never fire while typing
// in a field; Escape and Ctrl+Enter are handled by the fields themselves.
func commandFor(k browser.Key) command {
	ctrl := k.Ctrl || k.Meta
	if k.Key == "Escape" {
		return cmdEscape
	}
	if k.InField {
		return cmdNone
	}
	if ctrl && !k.Alt {
		switch strings.ToLower(k.Key) {
		case "z":
			if k.Shift {
				return cmdRedo
			}
			return cmdUndo
		case "y":
			return cmdRedo
		}
		return cmdNone
	}
	if k.Alt {
		// Alt+digit: read the physical key, since Alt changes k.Key on some layouts.
		switch k.Code {
		case "Digit1", "Numpad1":
			return cmdRetagFact
		case "Digit2", "Numpad2":
			return cmdRetagFraming
		case "Digit3", "Numpad3":
			return cmdRetagOmit
		}
		return cmdNone
	}
	switch k.Key {
	case "1":
		return cmdTagFact
	case "2":
		return cmdTagFraming
	case "3":
		return cmdTagOmission
	case "?":
		return cmdHelp
	case "Delete":
		return cmdDelete
	case "[":
		return cmdPrevReadout
	case "]":
		return cmdNextReadout
	}
	if k.Shift {
		return cmdNone
	}
	switch k.Key {
	case "n":
		return cmdNewReadout
	case "x":
		return cmdExport
	case "i":
		return cmdImport
	case "l":
		return cmdLink
	case "j":
		return cmdNext
	case "k":
		return cmdPrev
	case "e":
		return cmdEditNote
	case "t":
		return cmdFocusText
	case "f":
		return cmdFilter
	case "c":
		return cmdCompare
	case "o":
		return cmdOmittedBy
	case "m":
		return cmdMoveGhost
	case "s":
		return cmdSuggest
	case "v":
		return cmdVerdict
	}
	return cmdNone
}
