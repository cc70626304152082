package ui

import (
	"slices"
	"strings"

	"framecheck/app/browser"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// annotationPanel shows the selected annotation: tag, quote, editable note,
// author, times, "omitted by", re-tag and delete. It also holds the name
// that signs new annotations.
type annotationPanel struct {
	app.Compo

	Selected string
	Rev      int
	// Linking and CmpRev change what the panel offers (the link button's
	// state, the ghost's actions) without a change to the workspace.
	Linking bool
	CmpRev  int

	sess *session
}

func newAnnotationPanel(s *session, selected string, rev int) *annotationPanel {
	return &annotationPanel{sess: s, Selected: selected, Rev: rev, Linking: s.linkFrom != "", CmpRev: s.cmp.rev}
}

// CompoID remounts the panel for each annotation, so the note field starts
// from the annotation's note and never shows another one's draft.
func (p *annotationPanel) CompoID() string { return "panel-" + p.Selected }

func (p *annotationPanel) onNote(ctx app.Context, e app.Event) {
	note := ctx.JSSrc().Get("value").String()
	a := p.sess.ws.Annotation(p.Selected)
	if a == nil || a.Note == note {
		ctx.PreventUpdate()
		return
	}
	if p.sess.apply(workspace.UpdateAnnotation{ID: a.ID, Note: &note}) == nil {
		p.sess.notice("Note saved")
	}
}

// onNoteKey saves with Ctrl+Enter without leaving the field.
func (p *annotationPanel) onNoteKey(ctx app.Context, e app.Event) {
	if e.Get("key").String() == "Enter" && (e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool()) {
		p.onNote(ctx, e)
		return
	}
	ctx.PreventUpdate()
}

func (p *annotationPanel) onRetag(ctx app.Context, e app.Event) {
	p.sess.retag(workspace.Tag(ctx.JSSrc().Get("dataset").Get("retag").String()))
}

func (p *annotationPanel) onDelete(ctx app.Context, e app.Event) {
	p.sess.deleteSelected()
}

func (p *annotationPanel) onOmittedBy(ctx app.Context, e app.Event) {
	a := p.sess.ws.Annotation(p.Selected)
	if a == nil {
		return
	}
	id := ctx.JSSrc().Get("value").String()
	list := slices.Clone(a.OmittedBy)
	if ctx.JSSrc().Get("checked").Bool() {
		if !slices.Contains(list, id) {
			list = append(list, id)
		}
	} else {
		list = slices.DeleteFunc(list, func(s string) bool { return s == id })
	}
	ordered := p.sess.inReadoutOrder(list)
	_ = p.sess.apply(workspace.UpdateAnnotation{ID: a.ID, OmittedBy: &ordered})
}

func (p *annotationPanel) onAuthor(ctx app.Context, e app.Event) {
	name := strings.TrimSpace(ctx.JSSrc().Get("value").String())
	p.sess.author = name
	browser.LocalSet(authorKey, name)
	ctx.PreventUpdate()
}

func (p *annotationPanel) Render() app.UI {
	a := p.sess.ws.Annotation(p.Selected)
	return app.Section().Class("fc-panel").DataSet("panel", "annotation").Aria("label", "Selected annotation").Body(
		app.If(a == nil, func() app.UI {
			return app.P().Class("fc-empty").Text("No annotation selected. Click a highlight or an entry of the list (J / K).")
		}).Else(func() app.UI { return p.renderAnnotation(a) }),
		app.Label().Class("fc-author").Body(
			app.Span().Text("Your name (signs new annotations)"),
			app.Input().Type("text").Name("author").Value(p.sess.author).
				AutoComplete(true).Placeholder("e.g. A. Fact-checker").OnChange(p.onAuthor),
		),
	)
}

func (p *annotationPanel) renderAnnotation(a *workspace.Annotation) app.UI {
	ws := p.sess.ws
	r := ws.Readout(a.ReadoutID)
	quote := a.Exact
	if a.IsPoint() {
		quote = "(a point: something is missing here)"
	}
	return app.Div().Class("fc-panel-body", "fc-tag-"+string(a.Tag)).DataSet("annotation", a.ID).Body(
		app.H2().Body(
			app.Span().Class("fc-badge", "fc-tag-"+string(a.Tag)).DataSet("field", "tag").Text(a.Tag.Label()),
			app.Text(" in "+r.Title),
		),
		app.Blockquote().Class("fc-quote").DataSet("field", "quote").Body(
			app.If(a.Prefix != "", func() app.UI { return app.Span().Class("fc-context").Text("…" + a.Prefix) }),
			app.Mark().Class("fc-exact").Text(quote),
			app.If(a.Suffix != "", func() app.UI { return app.Span().Class("fc-context").Text(a.Suffix + "…") }),
		),
		app.If(a.PreviousExact != "", func() app.UI {
			return app.P().Class("fc-quote-changed").DataSet("field", "quote-changed").Text("Quote changed in a new version; it was: “" + clip(a.PreviousExact, 200) + "”")
		}),
		app.P().Class("fc-offsets").Text("Code points "+itoa(a.Start)+"–"+itoa(a.End)),
		app.Div().Class("fc-retag").Role("group").Aria("label", "Tag").Body(
			app.Range(workspace.Tags).Slice(func(i int) app.UI {
				t := workspace.Tags[i]
				return app.Button().Type("button").Class("fc-tag-"+string(t)).
					DataSet("retag", string(t)).
					Aria("pressed", a.Tag == t).
					Disabled(a.IsPoint() && t != workspace.Omission).
					Title(t.Label() + " (Alt+" + itoa(i+1) + ")").
					Text(t.Label()).OnClick(p.onRetag)
			}),
		),
		app.Label().Class("fc-note").Body(
			app.Span().Text("Note"),
			app.Textarea().Name("note").Rows(5).Placeholder("Why this tag? Sources, the other readout's wording…").
				Text(a.Note).OnChange(p.onNote).OnKeyDown(p.onNoteKey),
		),
		app.If(a.Tag == workspace.Omission && len(ws.Readouts) > 1, func() app.UI {
			return app.FieldSet().Class("fc-omitted-by").Body(
				app.Legend().Text(map[bool]string{false: "Omitted by", true: "Omitted by (O: the other column)"}[p.sess.cmp.on]),
				app.Range(ws.Readouts).Slice(func(i int) app.UI {
					o := ws.Readouts[i]
					if o.ID == a.ReadoutID {
						return nil
					}
					return app.Label().Body(
						app.Input().Type("checkbox").Name("omittedBy").Value(o.ID).
							Checked(slices.Contains(a.OmittedBy, o.ID)).OnChange(p.onOmittedBy),
						app.Text(" "+readoutLabel(o)),
					)
				}),
			)
		}),
		p.renderGhost(a),
		newCheckPanel(p.sess, a.ID, p.Rev),
		p.renderLinks(a),
		app.Dl().Class("fc-meta").Body(
			app.Dt().Text("Author"), app.Dd().DataSet("field", "author").Text(orDash(a.Author)),
			app.Dt().Text("Created"), app.Dd().DataSet("field", "created").Text(stamp(a.CreatedAt)),
			app.Dt().Text("Updated"), app.Dd().DataSet("field", "updated").Text(stamp(a.UpdatedAt)),
		),
		app.Button().Type("button").Class("fc-danger").DataSet("action", "delete-annotation").
			Title("Delete (Delete key); Ctrl+Z brings it back").Text("Delete annotation").OnClick(p.onDelete),
	)
}

// renderLinks lists the annotation's counterparts in other readouts.
func (p *annotationPanel) renderLinks(a *workspace.Annotation) app.UI {
	ws := p.sess.ws
	linking := p.sess.linkFrom == a.ID
	return app.Section().Class("fc-links").DataSet("field", "links").Body(
		app.H3().Text("Counterparts"),
		app.Ul().Body(
			app.Range(a.Links).Slice(func(i int) app.UI {
				l := a.Links[i]
				b := ws.Annotation(l.AnnotationID)
				if b == nil {
					return nil
				}
				where := ""
				if r := ws.Readout(b.ReadoutID); r != nil {
					where = r.Title + ": "
				}
				quote := "“" + clip(b.Exact, 80) + "”"
				if b.IsPoint() {
					quote = "the place where it is missing (omission point)"
				}
				return app.Li().DataSet("link", b.ID).Body(
					app.Span().Class("fc-link-quote").Text(where+quote),
					app.Input().Type("text").Name("link-note").DataSet("annotation", b.ID).Value(l.Note).
						Placeholder("Link note: how the two tellings differ").Aria("label", "Note on this link").OnChange(p.onLinkNote),
					app.Button().Type("button").DataSet("action", "show-counterpart").DataSet("annotation", b.ID).Text("Show").OnClick(p.onShowLinked),
					app.Button().Type("button").DataSet("action", "unlink").DataSet("annotation", b.ID).Text("Remove link").OnClick(p.onUnlink),
				)
			}),
		),
		app.Button().Type("button").DataSet("action", "link-start").Aria("pressed", linking).
			Title("Link to its counterpart in another readout (L)").
			Text(map[bool]string{false: "Link to a counterpart (L)", true: "Pick the counterpart… (Escape cancels)"}[linking]).
			OnClick(p.onLinkStart),
	)
}

func (p *annotationPanel) onLinkStart(ctx app.Context, e app.Event) { p.sess.startLink() }

func (p *annotationPanel) onLinkNote(ctx app.Context, e app.Event) {
	other := ctx.JSSrc().Get("dataset").Get("annotation").String()
	note := ctx.JSSrc().Get("value").String()
	if p.sess.apply(workspace.SetLinkNote{A: p.Selected, B: other, Note: note}) == nil {
		p.sess.notice("Link note saved")
	}
}

// renderGhost offers, for an omission span shown as a dashed marker in the
// other column, to make that marker a real omission point.
func (p *annotationPanel) renderGhost(a *workspace.Annotation) app.UI {
	g, ok := p.sess.cmp.ghostOf(p.sess.ws, a)
	if !ok {
		return nil
	}
	in := p.sess.ws.Readout(g.In)
	return app.Div().Class("fc-ghost-actions").DataSet("field", "ghost").Body(
		app.P().Text("The dashed marker in "+in.Title+" shows where this would go. To move it, put the caret there and press M (or Move the marker)."),
		app.Button().Type("button").DataSet("action", "move-ghost").DataSet("keep-selection", "1").
			Title("Move the dashed marker to the caret in "+in.Title+" (M)").
			Text("Move the marker to the caret").OnClick(p.onMoveGhost),
		app.Button().Type("button").DataSet("action", "place-ghost").
			Title("Make the marker an omission point of "+in.Title+", linked to this passage").
			Text("Mark the place in "+clip(in.Title, 40)).OnClick(p.onPlaceGhost),
	)
}

func (p *annotationPanel) onPlaceGhost(ctx app.Context, e app.Event) { p.sess.placeGhost() }

// onMoveGhost reads the caret the button left in place (data-keep-selection).
func (p *annotationPanel) onMoveGhost(ctx app.Context, e app.Event) {
	sel, ok := browser.CurrentSelection()
	p.sess.moveGhost(sel, ok)
}

func (p *annotationPanel) onUnlink(ctx app.Context, e app.Event) {
	other := ctx.JSSrc().Get("dataset").Get("annotation").String()
	if p.sess.apply(workspace.UnlinkAnnotations{A: p.Selected, B: other}) == nil {
		p.sess.notice("Link removed (Ctrl+Z to undo)")
	}
}

// onShowLinked goes to the counterpart: its readout, selected.
func (p *annotationPanel) onShowLinked(ctx app.Context, e app.Event) {
	b := p.sess.ws.Annotation(ctx.JSSrc().Get("dataset").Get("annotation").String())
	if b == nil {
		return
	}
	// In the compare view a counterpart outside both columns takes the
	// place of the column beside this annotation.
	if l, r, ok := p.sess.cmp.columns(p.sess.ws); ok && b.ReadoutID != l && b.ReadoutID != r {
		side := "right"
		if a := p.sess.ws.Annotation(p.Selected); a != nil && a.ReadoutID == r {
			side = "left"
		}
		p.sess.setColumn(side, b.ReadoutID)
	}
	p.sess.activeReadout = b.ReadoutID
	p.sess.selected = b.ID
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
