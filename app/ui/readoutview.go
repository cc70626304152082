package ui

import (
	"strings"

	"framecheck/app/browser"
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

	sess       *session
	markersSig string // the omission points last rendered into the text
	painted    bool
	revealed   string // the selection last scrolled into view
}

func newReadoutView(s *session, readoutID string, annRev int, selected string) *readoutView {
	return &readoutView{sess: s, ReadoutID: readoutID, Epoch: s.epoch, AnnRev: annRev, Selected: selected}
}

// CompoID makes each readout its own component: switching readouts (or
// replacing the workspace) mounts a fresh view instead of patching the old
// text element.
func (v *readoutView) CompoID() string { return v.ReadoutID + "@" + itoa(v.Epoch) }

func (v *readoutView) OnMount(ctx app.Context) {
	// Defer: the element is in the document only once this update is done.
	ctx.Defer(func(app.Context) { v.paint() })
}

func (v *readoutView) OnDismount() { browser.Forget(v.ReadoutID) }

func (v *readoutView) OnUpdate(ctx app.Context) {
	ctx.Defer(func(app.Context) { v.paint() })
}

// paint brings the DOM in line with the model: text nodes and markers when
// the omission points moved, then the highlight ranges, then the selection.
func (v *readoutView) paint() {
	r := v.sess.ws.Readout(v.ReadoutID)
	if r == nil {
		return
	}
	t := r.Positions()
	anns := v.sess.ws.AnnotationsOf(r.ID)
	var points []*workspace.Annotation
	spans := make([]browser.Span, 0, len(anns))
	var selected *browser.Span
	for _, a := range anns {
		s16, err1 := t.CodePointToUTF16(a.Start)
		e16, err2 := t.CodePointToUTF16(a.End)
		if err1 != nil || err2 != nil {
			continue // Validate keeps offsets in range; skip rather than paint garbage
		}
		sp := browser.Span{ID: a.ID, Tag: string(a.Tag), Start: s16, End: e16}
		if a.ID == v.Selected {
			selected = &sp
		}
		if a.IsPoint() {
			points = append(points, a)
			continue
		}
		spans = append(spans, sp)
	}
	sig := markerSignature(points)
	if !v.painted || sig != v.markersSig {
		chunks, markers := splitAtPoints(r, points)
		if err := browser.RenderText(r.ID, chunks, markers); err != nil {
			return
		}
		v.markersSig, v.painted = sig, true
	}
	browser.SyncHighlights(r.ID, spans)
	if v.sess.onPainted != nil {
		v.sess.onPainted()
	}
	// Scroll only when the selection changes, not on every repaint.
	browser.SetSelected(r.ID, selected, v.Selected != v.revealed)
	v.revealed = v.Selected
}

func markerSignature(points []*workspace.Annotation) string {
	var b strings.Builder
	for _, p := range points {
		b.WriteString(p.ID)
		b.WriteByte('@')
		b.WriteString(itoa(p.Start))
		b.WriteByte(';')
	}
	return b.String()
}

// splitAtPoints cuts the text at every omission point; markers[i] sits
// between chunks[i] and chunks[i+1]. The points come in text order (the
// workspace keeps annotations sorted by start).
func splitAtPoints(r *workspace.Readout, points []*workspace.Annotation) (chunks, markers []string) {
	t := r.Positions()
	prev := 0
	for _, p := range points {
		b, err := t.ByteOffset(p.Start)
		if err != nil {
			continue
		}
		chunks = append(chunks, r.Text[prev:b])
		markers = append(markers, p.ID)
		prev = b
	}
	chunks = append(chunks, r.Text[prev:])
	return chunks, markers
}

// onClick selects the annotation under the click: a marker, or the
// innermost highlight at the caret.
func (v *readoutView) onClick(ctx app.Context, e app.Event) {
	if target := e.Get("target"); target.Truthy() {
		if id := target.Call("getAttribute", "data-marker-for"); id.Truthy() {
			v.sess.choose(id.String())
			return
		}
	}
	sel, ok := browser.CurrentSelection()
	if !ok || sel.ReadoutID != v.ReadoutID || !v.sess.clickAt(sel) {
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
			app.P().Class("fc-readout-source").Body(
				app.If(r.Source != "", func() app.UI { return app.Span().Text(r.Source) }),
				app.If(r.PublishedAt != "", func() app.UI { return app.Span().Text(" · " + r.PublishedAt) }),
				app.If(lang != "", func() app.UI { return app.Span().Text(" · " + lang) }),
				app.If(safeURL(r.URL), func() app.UI {
					return app.Span().Body(app.Text(" · "), app.A().Href(r.URL).Target("_blank").Rel("noopener noreferrer").Text("original"))
				}),
			),
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

// safeURL allows only web links, never javascript: or data: URLs.
func safeURL(u string) bool {
	l := strings.ToLower(u)
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}
