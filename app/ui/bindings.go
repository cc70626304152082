package ui

import (
	"strings"

	"framecheck/app/browser"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// command names what a shortcut asks for.
type command string

// shortcut is one line of the help panel and the commands it names: the
// keys as the panel shows them, what they do, and for each command its key
// presses and its handler. A line without commands describes keys the
// browser handles itself, or more of a command listed above it.
type shortcut struct {
	keys, what string
	cmds       []binding
}

// binding is one command: the key presses that ask for it and what it
// does.
type binding struct {
	cmd    command
	chords []chord
	// readsSel says the handler needs the selection, read inside the key
	// event: go-app runs handlers later, when the selection may have moved.
	// Other commands do not read it (reading it measures the text before it).
	readsSel bool
	// paintFirst, when it says so for this key press, runs the handler
	// inside the key event and lets go-app render after the next frame:
	// the handler paints the highlight it changes itself (paintNow,
	// browser.UnpaintSpan), and go-app's re-render of the list and panels,
	// which its engine starts within 1/120 s of a change, would otherwise
	// hold that frame back. The handler must not render through ctx
	// (Defer, Update). Omission points change the text's markers, which
	// go-app's update paints: they take the usual way.
	paintFirst func(s *session, in keyInput) bool
	run        func(s *shell, ctx app.Context, in keyInput)
}

// spanSelected: a key that tags the selection makes a span (not a point).
func spanSelected(_ *session, in keyInput) bool { return in.hasSel && !in.sel.Collapsed() }

// spanChosen: Delete removes the selected annotation, a span.
func spanChosen(s *session, _ keyInput) bool {
	a := s.ws.Annotation(s.selected)
	return a != nil && !a.IsPoint()
}

// keyInput is what the key event saw for the handler.
type keyInput struct {
	sel    browser.Selection
	hasSel bool
}

// shortcuts is the one table of keyboard shortcuts: the help panel lists
// its lines, bindingFor maps a key press through it, and the shell runs
// its handlers. Single keys never fire while typing in a field; Escape and
// Ctrl+Enter are handled by the fields themselves too.
var shortcuts = []shortcut{
	{keys: "Tab / Shift+Tab", what: "move between controls; Tab into a readout's text to read it with a caret"},
	{keys: "Arrows, Home, End", what: "move the caret in a readout (Ctrl+arrow: by word)"},
	{keys: "Shift+Arrows", what: "select text in a readout"},
	{keys: "1 / 2 / 3", what: "tag the selection as Fact / Framing / Omission", cmds: []binding{
		{cmd: "tag-fact", paintFirst: spanSelected, chords: []chord{typed("1")}, readsSel: true, run: tagWith(workspace.Fact)},
		{cmd: "tag-framing", paintFirst: spanSelected, chords: []chord{typed("2")}, readsSel: true, run: tagWith(workspace.Framing)},
		{cmd: "tag-omission", paintFirst: spanSelected, chords: []chord{typed("3")}, readsSel: true, run: tagWith(workspace.Omission)},
	}},
	{keys: "3 with no selection", what: "mark an omission point at the caret"},
	{keys: "Alt+1 / Alt+2 / Alt+3", what: "re-tag the selected annotation", cmds: []binding{
		{cmd: "retag-fact", chords: alt("Digit1", "Numpad1"), run: retagAs(workspace.Fact)},
		{cmd: "retag-framing", chords: alt("Digit2", "Numpad2"), run: retagAs(workspace.Framing)},
		{cmd: "retag-omission", chords: alt("Digit3", "Numpad3"), run: retagAs(workspace.Omission)},
	}},
	{keys: "J / K", what: "select the next / previous annotation", cmds: []binding{
		{cmd: "next-annotation", chords: []chord{letter("j")}, run: func(s *shell, ctx app.Context, _ keyInput) { s.stepAnnotation(ctx, 1) }},
		{cmd: "prev-annotation", chords: []chord{letter("k")}, run: func(s *shell, ctx app.Context, _ keyInput) { s.stepAnnotation(ctx, -1) }},
	}},
	{keys: "E", what: "edit the note of the selected annotation (Ctrl+Enter saves)", cmds: []binding{
		{cmd: "edit-note", chords: []chord{letter("e")}, run: func(s *shell, ctx app.Context, _ keyInput) {
			if s.sess.selected != "" {
				ctx.Defer(func(app.Context) { browser.Focus(`[data-panel="annotation"] textarea[name="note"]`) })
			}
		}},
	}},
	{keys: "V", what: "give the selected fact or framing annotation a verdict (its Check section)", cmds: []binding{
		{cmd: "focus-verdict", chords: []chord{letter("v")}, run: func(s *shell, ctx app.Context, _ keyInput) {
			if a := s.sess.ws.Annotation(s.sess.selected); a != nil && a.Tag != workspace.Omission {
				ctx.Defer(func(app.Context) { browser.Focus(`[data-panel="check"] select[name="verdict"]`) })
			} else {
				s.sess.notice("Select a fact or framing annotation to give it a verdict")
			}
		}},
	}},
	{keys: "Delete", what: "delete the selected annotation", cmds: []binding{
		{cmd: "delete", paintFirst: spanChosen, chords: []chord{typed("Delete")}, run: func(s *shell, _ app.Context, _ keyInput) { s.sess.deleteSelected() }},
	}},
	{keys: "L", what: "link the selected annotation to its counterpart in another readout (then pick it)", cmds: []binding{
		{cmd: "link", chords: []chord{letter("l")}, run: func(s *shell, _ app.Context, _ keyInput) { s.sess.startLink() }},
	}},
	{keys: "C", what: "compare two readouts side by side, or back to one", cmds: []binding{
		{cmd: "compare", chords: []chord{letter("c")}, run: func(s *shell, _ app.Context, _ keyInput) { s.sess.toggleCompare() }},
	}},
	{keys: "O", what: "compare view: the selected omission span is omitted by the other column (again: it is not)", cmds: []binding{
		{cmd: "omitted-by-other", chords: []chord{letter("o")}, run: func(s *shell, _ app.Context, _ keyInput) { s.sess.toggleOmittedBy() }},
	}},
	{keys: "M", what: "compare view: move the dashed marker of the selected omission to the caret in the other column", cmds: []binding{
		{cmd: "move-ghost", chords: []chord{letter("m")}, readsSel: true, run: func(s *shell, _ app.Context, in keyInput) { s.sess.moveGhost(in.sel, in.hasSel) }},
	}},
	{keys: "S", what: "compare view: suggest counterparts and omissions", cmds: []binding{
		{cmd: "suggest", chords: []chord{letter("s")}, run: func(s *shell, ctx app.Context, _ keyInput) {
			if s.sess.cmp.on {
				s.suggest(ctx)
			}
		}},
	}},
	{keys: "Ctrl+Z / Ctrl+Shift+Z", what: "undo / redo", cmds: []binding{
		{cmd: "undo", chords: []chord{ctrl("z", shiftUp)}, run: func(s *shell, _ app.Context, _ keyInput) {
			if !s.sess.undoLast() {
				s.sess.notice("Nothing to undo")
			}
		}},
		{cmd: "redo", chords: []chord{ctrl("z", shiftDown), ctrl("y", shiftAny)}, run: func(s *shell, _ app.Context, _ keyInput) {
			if !s.sess.redoLast() {
				s.sess.notice("Nothing to redo")
			}
		}},
	}},
	{keys: "[ / ]", what: "previous / next readout (compare view: the other column)", cmds: []binding{
		{cmd: "prev-readout", chords: []chord{typed("[")}, run: func(s *shell, _ app.Context, _ keyInput) { s.stepReadout(-1) }},
		{cmd: "next-readout", chords: []chord{typed("]")}, run: func(s *shell, _ app.Context, _ keyInput) { s.stepReadout(1) }},
	}},
	{keys: "T", what: "put the caret in the readout's text", cmds: []binding{
		{cmd: "focus-text", chords: []chord{letter("t")}, run: func(s *shell, ctx app.Context, _ keyInput) {
			ctx.Defer(func(app.Context) { browser.Focus(`.fc-text[data-readout-id]`) })
		}},
	}},
	{keys: "F", what: "cycle the tag filter of the list", cmds: []binding{
		{cmd: "cycle-filter", chords: []chord{letter("f")}, run: func(s *shell, _ app.Context, _ keyInput) { s.filter = nextFilter(s.filter) }},
	}},
	{keys: "N", what: "new readout", cmds: []binding{
		{cmd: "new-readout", chords: []chord{letter("n")}, run: func(s *shell, ctx app.Context, _ keyInput) { s.openForm(ctx) }},
	}},
	{keys: "X", what: "export JSON", cmds: []binding{
		{cmd: "export", chords: []chord{letter("x")}, run: func(s *shell, _ app.Context, _ keyInput) { _ = s.sess.exportJSON() }},
	}},
	{keys: "I", what: "import a framecheck JSON file (or drop it on the page)", cmds: []binding{
		{cmd: "import", chords: []chord{letter("i")}, run: func(s *shell, _ app.Context, _ keyInput) { browser.Click(`input[name="import-file"]`) }},
	}},
	{keys: "?", what: "show or hide this help", cmds: []binding{
		{cmd: "help", chords: []chord{typed("?")}, run: func(s *shell, ctx app.Context, _ keyInput) { s.toggleHelp(ctx) }},
	}},
	{keys: "Escape", what: "close a panel, or clear the selection", cmds: []binding{
		{cmd: "escape", chords: []chord{{key: "Escape", mods: modAny}}, run: func(s *shell, _ app.Context, _ keyInput) { s.escape() }},
	}},
}

func tagWith(tag workspace.Tag) func(*shell, app.Context, keyInput) {
	return func(s *shell, _ app.Context, in keyInput) { s.sess.tagSelection(tag, in.sel, in.hasSel) }
}

func retagAs(tag workspace.Tag) func(*shell, app.Context, keyInput) {
	return func(s *shell, _ app.Context, _ keyInput) { s.sess.retag(tag) }
}

// bindingFor maps a key press to its command.
func bindingFor(k browser.Key) (binding, bool) {
	for _, row := range shortcuts {
		for _, b := range row.cmds {
			for _, c := range b.chords {
				if c.match(k) {
					return b, true
				}
			}
		}
	}
	return binding{}, false
}

// commandFor names the command of a key press ("" for none).
func commandFor(k browser.Key) command {
	b, _ := bindingFor(k)
	return b.cmd
}

// chord is one key press that asks for a command.
type chord struct {
	key   string // KeyboardEvent.key (any case for Ctrl chords)
	code  string // KeyboardEvent.code, for Alt chords
	mods  mods
	shift shift
}

// mods says which modifiers a chord wants.
type mods int

const (
	modNone mods = iota // no Ctrl, Cmd or Alt, and not in a field
	modCtrl             // Ctrl or Cmd without Alt, not in a field
	modAlt              // Alt (with Ctrl or not: AltGr is both), not in a field
	modAny              // any modifiers, in a field too (Escape)
)

// shift says whether a chord wants Shift.
type shift int

const (
	shiftAny  shift = iota // either way
	shiftUp                // not held
	shiftDown              // held
)

// letter is a key typed on its own: Shift with it is another shortcut (or
// none).
func letter(k string) chord { return chord{key: k, shift: shiftUp} }

// typed is a character however it is typed: some layouts need Shift for
// 1, ? or [.
func typed(k string) chord { return chord{key: k, shift: shiftAny} }

func ctrl(k string, sh shift) chord { return chord{key: k, mods: modCtrl, shift: sh} }

// alt is Alt with any of these physical keys: Alt changes KeyboardEvent.key
// on some layouts, so Alt chords read the key's code.
func alt(codes ...string) []chord {
	out := make([]chord, len(codes))
	for i, c := range codes {
		out[i] = chord{code: c, mods: modAlt}
	}
	return out
}

func (c chord) match(k browser.Key) bool {
	if c.mods == modAny {
		return k.Key == c.key
	}
	if k.InField {
		return false
	}
	ctrlDown := k.Ctrl || k.Meta
	switch c.shift {
	case shiftUp:
		if k.Shift {
			return false
		}
	case shiftDown:
		if !k.Shift {
			return false
		}
	}
	switch c.mods {
	case modAlt:
		return k.Alt && k.Code == c.code
	case modCtrl:
		return ctrlDown && !k.Alt && strings.ToLower(k.Key) == c.key
	}
	return !ctrlDown && !k.Alt && k.Key == c.key
}
