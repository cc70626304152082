package ui

import (
	"fmt"

	"framecheck/app/align"
	"framecheck/app/browser"
	"framecheck/app/compare"
	"framecheck/app/workspace"
)

// compareState is what the compare view adds to a session: the two
// readouts side by side, where the user moved ghost markers, and the
// alignment suggestions. Ghost moves and suggestions are never saved:
// they are aids, not annotations. Its methods read the workspace they are
// given and never change it; the session's compare operations
// (compareactions.go) do.
type compareState struct {
	on          bool
	left, right string
	rev         int            // moves when anything below changes: the views repaint
	moved       map[string]int // omission id -> code point in the other readout
	summary     bool

	suggest *suggestions
}

// suggestions is one run of the aligner over the two columns.
type suggestions struct {
	a, b         string // readout ids, left and right when it ran
	textA, textB string // the texts it ran on: an edit makes it stale
	res          align.Result
	busy         bool
	focus        string // key of the suggestion in focus ("p3", "a0", "b2")
}

// columns returns the two readouts side by side, or false when the view
// is off or one of them is gone.
func (c *compareState) columns(ws *workspace.Workspace) (string, string, bool) {
	if !c.on || ws.Readout(c.left) == nil || ws.Readout(c.right) == nil || c.left == c.right {
		return "", "", false
	}
	return c.left, c.right, true
}

// otherColumn is the readout beside id in the compare view; outside it,
// the other readout when the workspace has exactly two.
func (c *compareState) otherColumn(ws *workspace.Workspace, id string) string {
	if l, r, ok := c.columns(ws); ok {
		switch id {
		case l:
			return r
		case r:
			return l
		}
		return ""
	}
	if len(ws.Readouts) == 2 {
		for _, r := range ws.Readouts {
			if r.ID != id {
				return r.ID
			}
		}
	}
	return ""
}

// toggle opens the view on the active readout and the next one (or the
// pair chosen last, when it still exists), or closes it; it returns the
// readout to make active.
func (c *compareState) toggle(ws *workspace.Workspace, active string) (string, error) {
	if c.on {
		c.on, c.summary = false, false
		c.rev++
		return active, nil
	}
	if len(ws.Readouts) < 2 {
		return active, fmt.Errorf("compare needs two readouts: add another with New readout (N)")
	}
	i := max(ws.ReadoutIndex(active), 0)
	l, r := ws.Readouts[i].ID, ws.Readouts[(i+1)%len(ws.Readouts)].ID
	if ws.Readout(c.left) != nil && ws.Readout(c.right) != nil && c.left != c.right {
		l, r = c.left, c.right
	}
	c.on, c.left, c.right = true, l, r
	if active != l && active != r {
		active = l
	}
	c.rev++
	return active, nil
}

// setColumn puts readout id in one column (choosing the readout of the
// other column swaps the two) and returns the readout to make active.
func (c *compareState) setColumn(ws *workspace.Workspace, side, id, active string) string {
	if ws.Readout(id) == nil {
		return active
	}
	if side == "left" {
		if id == c.right {
			c.right = c.left
		}
		c.left = id
	} else {
		if id == c.left {
			c.left = c.right
		}
		c.right = id
	}
	if active != c.left && active != c.right {
		active = c.left
	}
	c.summary = c.summary && c.left != c.right
	c.rev++
	return active
}

// toggleSummary opens or closes the summary of the pair.
func (c *compareState) toggleSummary() {
	c.summary = !c.summary
	c.rev++
}

// closeSummary closes the summary of the pair.
func (c *compareState) closeSummary() {
	c.summary = false
	c.rev++
}

// ghostsIn returns the ghost markers to show in readout id: the omissions
// of the readout beside it that name id in "omitted by".
func (c *compareState) ghostsIn(ws *workspace.Workspace, id string) []compare.Ghost {
	l, r, ok := c.columns(ws)
	if !ok || (id != l && id != r) {
		return nil
	}
	return compare.Ghosts(ws, c.otherColumn(ws, id), id, c.moved)
}

// ghostOf is the ghost of omission om in the readout beside it.
func (c *compareState) ghostOf(ws *workspace.Workspace, om *workspace.Annotation) (compare.Ghost, bool) {
	in := c.otherColumn(ws, om.ReadoutID)
	if in == "" {
		return compare.Ghost{}, false
	}
	for _, g := range compare.Ghosts(ws, om.ReadoutID, in, c.moved) {
		if g.OmissionID == om.ID {
			return g, true
		}
	}
	return compare.Ghost{}, false
}

// moveGhost puts the ghost of omission id at code point cp of the readout
// beside it.
func (c *compareState) moveGhost(id string, cp int) {
	if c.moved == nil {
		c.moved = map[string]int{}
	}
	c.moved[id] = cp
	c.rev++
}

// openSuggestions returns the suggestions still to act on, or false when
// there are none to show (not run, running, or stale after an edit).
func (c *compareState) openSuggestions(ws *workspace.Workspace) (compare.Suggestions, bool) {
	sg := c.suggest
	if sg == nil || sg.busy {
		return compare.Suggestions{}, false
	}
	ra, rb := ws.Readout(sg.a), ws.Readout(sg.b)
	if ra == nil || rb == nil || ra.Text != sg.textA || rb.Text != sg.textB {
		return compare.Suggestions{}, false
	}
	return compare.Open(ws, sg.a, sg.b, sg.res), true
}

// suggestionsShown reports whether the suggestions belong to the columns
// on screen.
func (c *compareState) suggestionsShown(ws *workspace.Workspace) bool {
	l, r, ok := c.columns(ws)
	sg := c.suggest
	return ok && sg != nil && sg.a == l && sg.b == r
}

// startSuggest marks the suggestions of the columns as being computed and
// returns the texts to align (false when there are no two columns).
func (c *compareState) startSuggest(ws *workspace.Workspace) (string, string, bool) {
	l, r, ok := c.columns(ws)
	if !ok {
		return "", "", false
	}
	ta, tb := ws.Readout(l).Text, ws.Readout(r).Text
	c.suggest = &suggestions{a: l, b: r, textA: ta, textB: tb, busy: true}
	c.rev++
	return ta, tb, true
}

// finishSuggest stores an alignment, unless the columns or texts changed
// while it ran (false).
func (c *compareState) finishSuggest(textA, textB string, res align.Result) bool {
	sg := c.suggest
	if sg == nil || sg.textA != textA || sg.textB != textB {
		return false
	}
	sg.res, sg.busy = res, false
	c.rev++
	return true
}

// closeSuggest hides the suggestions.
func (c *compareState) closeSuggest() {
	c.suggest = nil
	c.rev++
}

// focusSuggestion puts a suggestion in focus: both columns scroll to it.
func (c *compareState) focusSuggestion(key string) {
	if c.suggest != nil {
		c.suggest.focus = key
		c.rev++
	}
}

// pairKey and gapKey name a suggestion by where it starts, so a key stays
// the same while other suggestions are accepted.
func pairKey(p align.Pair) string { return "p" + itoa(p.A.Start) + "-" + itoa(p.B.Start) }

func gapKey(side string, g align.Span) string { return side + itoa(g.Start) }

// suggestionAt names the open suggestion whose sentence holds the caret.
func (c *compareState) suggestionAt(ws *workspace.Workspace, sel browser.Selection) (string, bool) {
	open, ok := c.openSuggestions(ws)
	if !ok || !c.suggestionsShown(ws) {
		return "", false
	}
	r := ws.Readout(sel.ReadoutID)
	if r == nil {
		return "", false
	}
	cp, err := r.Positions().UTF16ToCodePoint(sel.Start)
	if err != nil {
		return "", false
	}
	sg := c.suggest
	in := func(sp align.Span) bool { return sp.Start <= cp && cp < sp.End }
	for _, g := range open.RestA {
		if r.ID == sg.a && in(g) {
			return gapKey("ra", g), true
		}
	}
	for _, g := range open.RestB {
		if r.ID == sg.b && in(g) {
			return gapKey("rb", g), true
		}
	}
	for _, g := range open.OnlyA {
		if r.ID == sg.a && in(g) {
			return gapKey("a", g), true
		}
	}
	for _, g := range open.OnlyB {
		if r.ID == sg.b && in(g) {
			return gapKey("b", g), true
		}
	}
	for _, p := range open.Pairs { // after the clauses, which sit inside paired sentences
		if (r.ID == sg.a && in(p.A)) || (r.ID == sg.b && in(p.B)) {
			return pairKey(p), true
		}
	}
	return "", false
}
