package ui

import (
	"slices"
	"strings"

	"framecheck/app/align"
	"framecheck/app/browser"
	"framecheck/app/compare"
	"framecheck/app/textpos"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// readoutView shows one readout: its details and its text. The text element
// is rendered empty by go-app and filled by the browser package (text nodes
// plus omission markers), and highlights are painted with the CSS Custom
// Highlight API over those nodes. go-app never diffs the text, so a new
// annotation costs one Range, not a re-render of 100,000 characters.
type readoutView struct {
	app.Compo

	ReadoutID string
	Epoch     int
	AnnRev    int
	Selected  string
	// In the compare view: the revision of the readout beside this one
	// (its omissions place ghosts here, its selection shows counterparts
	// here) and of the compare state (ghost moves, suggestions).
	OtherRev int
	CmpRev   int

	sess       *session
	text       string // the text last rendered (a new version replaces it)
	markersSig string // the markers last rendered into the text
	painted    bool
	revealed   string // the selection last scrolled into view
	focused    string // the suggestion last scrolled into view

	// The readout's spans (UTF-16) and omission points as of cacheRev;
	// synced is false until they are painted on the current text nodes.
	spans    []browser.Span
	points   []placed
	cacheRev int
	cached   bool
	synced   bool
}

func newReadoutView(s *session, readoutID string, annRev int, selected string) *readoutView {
	v := &readoutView{sess: s, ReadoutID: readoutID, Epoch: s.epoch, AnnRev: annRev, Selected: selected, CmpRev: s.cmp.rev}
	if other := s.cmp.otherColumn(s.ws, readoutID); other != "" && s.cmp.on {
		v.OtherRev = s.annRevs[other]
	}
	return v
}

// CompoID makes each readout its own component: switching readouts (or
// replacing the workspace) mounts a fresh view instead of patching the old
// text element.
func (v *readoutView) CompoID() string { return v.ReadoutID + "@" + itoa(v.Epoch) }

func (v *readoutView) OnMount(ctx app.Context) {
	// go-app calls OnMount in a dispatch after the update that mounted the
	// view, so its element is in the document: paint at once. A Defer here
	// waited for the next frame's update (one more frame before the text).
	v.paint()
}

func (v *readoutView) OnDismount() { browser.Forget(v.ReadoutID) }

func (v *readoutView) OnUpdate(ctx app.Context) {
	ctx.Defer(func(app.Context) { v.paint() })
}

// span16 is the span [start, end) over code points of t as the DOM counts
// it (UTF-16); false when an offset is out of range (Validate keeps them in
// range: skip rather than paint garbage).
func span16(t *textpos.Text, id, tag string, start, end int) (browser.Span, bool) {
	s16, err1 := t.CodePointToUTF16(start)
	e16, err2 := t.CodePointToUTF16(end)
	return browser.Span{ID: id, Tag: tag, Start: s16, End: e16}, err1 == nil && err2 == nil
}

// placed is a marker at a code point of the text.
type placed struct {
	at int
	m  browser.Marker
}

// paint brings the DOM in line with the model: text nodes and markers when
// the omission points or ghosts moved, then the highlight ranges, then the
// selection and the suggestions.
func (v *readoutView) paint() {
	ws := v.sess.ws
	r := ws.Readout(v.ReadoutID)
	if r == nil {
		return
	}
	t := r.Positions()
	to16 := func(id, tag string, start, end int) (browser.Span, bool) { return span16(t, id, tag, start, end) }
	// Spans and points change only with the readout's revision; a
	// selection change (which repaints both columns) reuses them.
	if !v.cached || v.cacheRev != v.AnnRev {
		anns := ws.AnnotationsOf(r.ID)
		v.spans, v.points = make([]browser.Span, 0, len(anns)), v.points[:0]
		for _, a := range anns {
			sp, ok := to16(a.ID, string(a.Tag), a.Start, a.End)
			if !ok {
				continue
			}
			if a.IsPoint() {
				v.points = append(v.points, placed{a.Start, browser.Marker{ID: a.ID, Label: "Omission: something is missing here"}})
				continue
			}
			v.spans = append(v.spans, sp)
		}
		v.cached, v.cacheRev, v.synced = true, v.AnnRev, false
	}
	var sel browser.Selected
	if a := ws.Annotation(v.Selected); a != nil && a.ReadoutID == r.ID && !a.Orphan { // an orphan's offsets are on an earlier text
		if sp, ok := to16(a.ID, string(a.Tag), a.Start, a.End); ok {
			sel.Span = &sp
			if a.IsPoint() {
				sel.Marker = a.ID
			}
		}
	}
	markers := slices.Clone(v.points)
	inserted, removed := v.diffMarks(r, to16)
	markers = append(markers, removed...)
	for _, g := range v.sess.cmp.ghostsIn(v.sess.ws, r.ID) {
		om := ws.Annotation(g.OmissionID)
		from := ws.Readout(g.From)
		label := "Left out here? " + from.Title + " tells: “" + clip(om.Exact, 100) + "” (click to select; M moves it to the caret)"
		markers = append(markers, placed{g.At, browser.Marker{ID: g.OmissionID, Ghost: true, Label: label}})
	}
	// Points and ghosts in text order; at one place, points first.
	slices.SortStableFunc(markers, func(x, y placed) int { return x.at - y.at })

	// The selection is in another readout: show its counterparts here, or
	// its ghost.
	if cur := ws.Annotation(v.Selected); cur != nil && cur.ReadoutID != r.ID {
		for _, l := range cur.Links {
			b := ws.Annotation(l.AnnotationID)
			if b == nil || b.ReadoutID != r.ID || b.Orphan {
				continue
			}
			if b.IsPoint() {
				sel.Marker = b.ID
			} else if sp, ok := to16(b.ID, string(b.Tag), b.Start, b.End); ok {
				sel.Linked = append(sel.Linked, sp)
			}
		}
		if sel.Marker == "" {
			for _, m := range markers {
				if m.m.Ghost && m.m.ID == cur.ID {
					sel.Marker, sel.Ghost = cur.ID, true
				}
			}
		}
	}

	sig := markerSignature(markers)
	if !v.painted || sig != v.markersSig || r.Text != v.text {
		chunks, ms := splitAtMarkers(r, markers)
		if err := browser.RenderText(r.ID, chunks, ms); err != nil {
			return
		}
		v.markersSig, v.painted, v.synced, v.text = sig, true, false, r.Text
	}
	if !v.synced {
		browser.SyncHighlights(r.ID, v.spans)
		browser.SetDiff(r.ID, inserted)
		v.synced = true
	}
	if v.sess.onPainted != nil {
		v.sess.onPainted()
	}
	// Scroll only when the selection changes, not on every repaint.
	browser.SetSelected(r.ID, sel, v.Selected != v.revealed)
	v.revealed = v.Selected
	v.paintSuggestions(to16)
}

// diffMarks returns what the readout's last new version changed: the
// inserted passages to highlight and a marker where each removal was.
func (v *readoutView) diffMarks(r *workspace.Readout, to16 func(id, tag string, start, end int) (browser.Span, bool)) (inserted []browser.Span, removed []placed) {
	d := v.sess.versionDiff(r)
	if d == nil {
		return nil, nil
	}
	for i, p := range d.Passages() {
		if p.NewEnd > p.NewStart {
			if sp, ok := to16("ins"+itoa(i), "", p.NewStart, p.NewEnd); ok {
				inserted = append(inserted, sp)
			}
		}
		if p.OldEnd > p.OldStart {
			label := "Removed in the new version: “" + clip(v.sess.removedText(r, i), 300) + "” (click to show)"
			removed = append(removed, placed{p.NewStart, browser.Marker{ID: itoa(i), Removed: true, Label: label}})
		}
	}
	return inserted, removed
}

// paintSuggestions shows the open alignment suggestions that concern this
// readout, and scrolls to the one in focus when the focus moved.
func (v *readoutView) paintSuggestions(to16 func(id, tag string, start, end int) (browser.Span, bool)) {
	sg := v.sess.cmp.suggest
	// The cheap checks first: openSuggestions looks through the annotations
	// of both readouts, and this runs on every repaint, in either view.
	ok := v.sess.cmp.suggestionsShown(v.sess.ws) && (v.ReadoutID == sg.a || v.ReadoutID == sg.b)
	var open compare.Suggestions
	if ok {
		open, ok = v.sess.cmp.openSuggestions(v.sess.ws)
	}
	if !ok {
		browser.SetSuggestions(v.ReadoutID, nil, nil, nil, nil, false)
		v.focused = ""
		return
	}
	left := v.ReadoutID == sg.a
	var pairs, opposite, gaps []browser.Span
	var focus *browser.Span
	add := func(list *[]browser.Span, key string, s align.Span) {
		if sp, ok := to16(key, "", s.Start, s.End); ok {
			*list = append(*list, sp)
			if key == sg.focus {
				focus = &sp
			}
		}
	}
	for _, p := range open.Pairs {
		side := p.B
		if left {
			side = p.A
		}
		if p.Opposite {
			add(&opposite, pairKey(p), side)
		} else {
			add(&pairs, pairKey(p), side)
		}
	}
	mine, rest := open.OnlyB, open.RestB
	prefix := "b"
	if left {
		mine, rest, prefix = open.OnlyA, open.RestA, "a"
	}
	for _, g := range mine {
		add(&gaps, gapKey(prefix, g), g)
	}
	for _, g := range rest { // clauses told only here, inside a paired sentence
		add(&gaps, gapKey("r"+prefix, g), g)
	}
	browser.SetSuggestions(v.ReadoutID, pairs, opposite, gaps, focus, sg.focus != v.focused)
	v.focused = sg.focus
}

func markerSignature(markers []placed) string {
	var b strings.Builder
	for _, p := range markers {
		b.WriteString(p.m.ID)
		if p.m.Ghost {
			b.WriteString("~")
			b.WriteString(p.m.Label)
		}
		b.WriteByte('@')
		b.WriteString(itoa(p.at))
		b.WriteByte(';')
	}
	return b.String()
}

// splitAtMarkers cuts the text at every marker; markers[i] sits between
// chunks[i] and chunks[i+1]. The markers come in text order.
func splitAtMarkers(r *workspace.Readout, markers []placed) (chunks []string, ms []browser.Marker) {
	t := r.Positions()
	prev := 0
	for _, p := range markers {
		b, err := t.ByteOffset(p.at)
		if err != nil || b < prev {
			continue
		}
		chunks = append(chunks, r.Text[prev:b])
		ms = append(ms, p.m)
		prev = b
	}
	chunks = append(chunks, r.Text[prev:])
	return chunks, ms
}

// onClick selects what is under the click: a marker, a ghost (selects the
// omission it stands for), the innermost highlight at the caret, or else
// the alignment suggestion there.
func (v *readoutView) onClick(ctx app.Context, e app.Event) {
	if target := e.Get("target"); target.Truthy() {
		if id := target.Call("getAttribute", "data-marker-for"); id.Truthy() {
			v.sess.choose(id.String())
			return
		}
		if id := target.Call("getAttribute", "data-ghost-for"); id.Truthy() {
			v.sess.choose(id.String())
			return
		}
		if n := target.Call("getAttribute", "data-diff-del"); n.Truthy() {
			if r := v.sess.ws.Readout(v.ReadoutID); r != nil {
				v.sess.versions.pickedReadout, v.sess.versions.picked, v.sess.versions.pickedIns = r.ID, atoi(n.String()), false
				v.sess.notice("Removed in the new version: “" + clip(v.sess.removedText(r, atoi(n.String())), 500) + "”")
			}
			return
		}
	}
	sel, ok := browser.CurrentSelection()
	if !ok || sel.ReadoutID != v.ReadoutID {
		ctx.PreventUpdate()
		return
	}
	// A caret in an inserted passage offers "Tag this change" for it, and
	// the click still selects what is there.
	picked := false
	if r := v.sess.ws.Readout(v.ReadoutID); r != nil {
		picked = v.sess.pickInsertion(r, sel)
	}
	if v.sess.clickAt(sel) {
		return
	}
	if !v.sess.focusSuggestionAt(sel) && !picked {
		ctx.PreventUpdate()
	}
}

func (v *readoutView) Render() app.UI {
	r := v.sess.ws.Readout(v.ReadoutID)
	if r == nil {
		return app.Article().Class("fc-readout")
	}
	lang := r.Language
	return app.Article().Class("fc-readout").Body(
		app.Header().Class("fc-readout-meta").Body(
			app.H2().Class("fc-readout-title").Text(r.Title),
			app.Button().Type("button").DataSet("action", "new-version").
				Aria("expanded", v.sess.versions.formFor == r.ID).Text("New version").OnClick(v.onNewVersion),
			app.P().Class("fc-version-summary").DataSet("version-summary", r.ID).Text(v.versionLine(r)),
			newVersionMenu(v.sess, r.ID, v.AnnRev),
			app.P().Class("fc-diff-picked").Body(
				app.If(v.sess.versions.pickedReadout == r.ID, func() app.UI {
					kind, label := "removed", "Tag this change (an omission point with the removed text)"
					if v.sess.versions.pickedIns {
						kind, label = "inserted", "Tag this change (a framing span over the added text)"
					}
					return app.Button().Type("button").DataSet("action", "tag-change").DataSet("change", kind).
						Text(label).OnClick(v.onTagChange)
				}),
			),
			app.P().Class("fc-readout-source").Body(
				app.If(r.Source != "", func() app.UI { return app.Span().Text(r.Source) }),
				app.If(r.PublishedAt != "", func() app.UI { return app.Span().Text(" · " + r.PublishedAt) }),
				app.If(lang != "", func() app.UI { return app.Span().Text(" · " + lang) }),
				app.If(safeURL(r.URL), func() app.UI {
					return app.Span().Body(app.Text(" · "), app.A().Href(r.URL).Target("_blank").Rel("noopener noreferrer").Text("original"))
				}),
			),
		),
		// A fixed slot, so that the form appearing never shifts the text
		// element (go-app diffs children by index).
		app.Div().Class("fc-version-slot").Body(
			app.If(v.sess.versions.formFor == r.ID, func() app.UI { return newVersionForm(v.sess, r.ID) }),
		),
		app.Div().Class("fc-text").
			DataSet("readout-id", r.ID).
			Attr("lang", lang).
			Attr("dir", "auto").
			TabIndex(0).
			Role("document").
			Aria("label", "Text of "+r.Title+"; select a passage and press 1, 2 or 3").
			OnClick(v.onClick),
	)
}

func (v *readoutView) onTagChange(ctx app.Context, e app.Event) {
	_ = v.sess.tagChange(v.ReadoutID, v.sess.versions.picked, v.sess.versions.pickedIns)
}

func (v *readoutView) onNewVersion(ctx app.Context, e app.Event) {
	if v.sess.versions.formFor == v.ReadoutID {
		v.sess.versions.formFor = ""
		return
	}
	v.sess.versions.formFor = v.ReadoutID
}

// versionLine says which version is shown and what it changed, with the
// readout's orphans; "" for a readout without versions.
func (v *readoutView) versionLine(r *workspace.Readout) string {
	if len(r.Versions) == 0 {
		return ""
	}
	line := "Version " + itoa(len(r.Versions)+1)
	if d := v.sess.versionDiff(r); d != nil {
		if from, _ := v.sess.shownPair(r); from != len(r.Versions)-1 {
			line += ", changes since version " + itoa(from+1)
		}
		line += ": " + versionSummary(d.Summary(), len(v.sess.ws.OrphansOf(r.ID)))
	}
	return line
}

// safeURL allows only web links, never javascript: or data: URLs.
func safeURL(u string) bool {
	l := strings.ToLower(u)
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}
