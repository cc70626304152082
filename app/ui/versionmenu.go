package ui

import (
	"framecheck/app/anchor"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// versionMenu picks two versions of a readout to compare. With the current
// text as the second, the changes are painted on the readout itself;
// otherwise the second version is shown below, read-only, with what was
// removed struck through and what was inserted underlined (as text, never
// HTML). Picking the same version twice shows it as it was.
type versionMenu struct {
	app.Compo

	ReadoutID string
	Rev       int

	sess *session
}

func newVersionMenu(s *session, readoutID string, rev int) *versionMenu {
	return &versionMenu{sess: s, ReadoutID: readoutID, Rev: rev}
}

func (m *versionMenu) onPick(ctx app.Context, e app.Event) {
	r := m.sess.ws.Readout(m.ReadoutID)
	if r == nil {
		return
	}
	from, to := m.sess.shownPair(r)
	n := atoi(ctx.JSSrc().Get("value").String())
	if n < 0 || n > len(r.Versions) {
		return
	}
	if ctx.JSSrc().Get("name").String() == "version-from" {
		from = n
	} else {
		to = n
	}
	if m.sess.versions.shown == nil {
		m.sess.versions.shown = map[string][2]int{}
	}
	m.sess.versions.shown[r.ID] = [2]int{from, to}
	m.sess.versions.pickedReadout = ""
	m.sess.annRevs[r.ID]++ // repaint the changes on the text
}

func versionLabel(r *workspace.Readout, i int) string {
	if i == len(r.Versions) {
		return "Current text (version " + itoa(i+1) + ")"
	}
	return "Version " + itoa(i+1) + " (until " + r.Versions[i].AddedAt.UTC().Format("2006-01-02 15:04") + " UTC)"
}

func (m *versionMenu) Render() app.UI {
	r := m.sess.ws.Readout(m.ReadoutID)
	if r == nil || len(r.Versions) == 0 {
		return app.Div().Class("fc-version-menu")
	}
	from, to := m.sess.shownPair(r)
	options := func(sel int) app.UI {
		return app.Range(versionTexts(r)).Slice(func(i int) app.UI {
			return app.Option().Value(itoa(i)).Selected(i == sel).Text(versionLabel(r, i))
		})
	}
	return app.Div().Class("fc-version-menu").DataSet("menu", "versions").Body(
		app.Label().Body(app.Text("Changes from "), app.Select().Name("version-from").OnChange(m.onPick).Body(options(from))),
		app.Label().Body(app.Text(" to "), app.Select().Name("version-to").OnChange(m.onPick).Body(options(to))),
		app.If(to != len(r.Versions), func() app.UI { return m.renderView(r, from, to) }),
	)
}

// renderView shows version to, with the changes from version from.
func (m *versionMenu) renderView(r *workspace.Readout, from, to int) app.UI {
	ts := versionTexts(r)
	d := m.sess.diffBetween(r, from, to)
	oldT, newT := workspace.TextPositions(ts[from]), workspace.TextPositions(ts[to])
	sum := d.Summary()
	return app.Div().Class("fc-version-view").DataSet("version-view", itoa(from)+"-"+itoa(to)).Body(
		app.P().Class("fc-hint").Text(versionLabel(r, to)+", read-only: "+versionSummary(sum, 0)+"."),
		app.Div().Class("fc-text").Attr("dir", "auto").Body(
			app.Range(d.Ops).Slice(func(i int) app.UI {
				op := d.Ops[i]
				switch op.Kind {
				case anchor.Delete:
					s, _ := oldT.Slice(op.OldStart, op.OldEnd)
					return app.Del().Text(s)
				case anchor.Insert:
					s, _ := newT.Slice(op.NewStart, op.NewEnd)
					return app.Ins().Text(s)
				}
				s, _ := newT.Slice(op.NewStart, op.NewEnd)
				return app.Span().Text(s)
			}),
		),
	)
}
