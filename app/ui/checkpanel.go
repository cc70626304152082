package ui

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"framecheck/app/browser"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// checkPanel is the Check section of a fact or framing annotation: the
// verdict from the workspace's rating scale, the claim as it will be
// published (prefilled with the quote), the claimant (prefilled with the
// readout's source) and the sources. Every change is one undoable
// SetCheck; the first one creates the check with the prefilled values.
type checkPanel struct {
	app.Compo

	Selected string
	Rev      int

	sess *session
	// drafts are empty source rows not saved yet: the model keeps only
	// sources with a URL or a title.
	drafts int
}

func newCheckPanel(s *session, selected string, rev int) *checkPanel {
	return &checkPanel{sess: s, Selected: selected, Rev: rev}
}

// current returns the annotation and its check, or the check a first edit
// would create.
func (p *checkPanel) current() (*workspace.Annotation, workspace.Check) {
	a := p.sess.ws.Annotation(p.Selected)
	if a == nil {
		return nil, workspace.Check{}
	}
	if a.Check != nil {
		return a, *a.Check.Clone()
	}
	c := workspace.Check{Claim: strings.TrimSpace(a.Exact)}
	if r := p.sess.ws.Readout(a.ReadoutID); r != nil {
		c.Claimant = r.Source
	}
	return a, c
}

// save stores c as the check (stamped now).
func (p *checkPanel) save(c workspace.Check, what string) {
	c.CheckedAt = time.Time{}
	if p.sess.apply(workspace.SetCheck{ID: p.Selected, Check: &c}) == nil {
		p.sess.notice(what + " saved")
	}
}

func (p *checkPanel) value(ctx app.Context) string { return ctx.JSSrc().Get("value").String() }

func (p *checkPanel) onVerdict(ctx app.Context, e app.Event) {
	a, c := p.current()
	if a == nil {
		return
	}
	c.Verdict = p.value(ctx)
	if c.Verdict == "none" {
		c.Verdict = "" // go-app leaves out an empty value attribute
	}
	p.save(c, "Verdict")
}

func (p *checkPanel) onClaim(ctx app.Context, e app.Event) {
	a, c := p.current()
	if a == nil {
		return
	}
	c.Claim = p.value(ctx)
	p.save(c, "Claim")
}

func (p *checkPanel) onClaimant(ctx app.Context, e app.Event) {
	a, c := p.current()
	if a == nil {
		return
	}
	c.Claimant = p.value(ctx)
	p.save(c, "Claimant")
}

func (p *checkPanel) onClaimantType(ctx app.Context, e app.Event) {
	a, c := p.current()
	if a == nil {
		return
	}
	c.ClaimantType = p.value(ctx)
	p.save(c, "Claimant")
}

// onEvidence saves a change to a source row (data-evidence is its index;
// rows past the saved sources are drafts). A row emptied is removed.
func (p *checkPanel) onEvidence(ctx app.Context, e app.Event) {
	a, c := p.current()
	if a == nil {
		return
	}
	i, err := strconv.Atoi(ctx.JSSrc().Get("dataset").Get("row").String())
	if err != nil || i < 0 {
		return
	}
	field := ctx.JSSrc().Get("name").String()
	v := strings.TrimSpace(p.value(ctx))
	if i >= len(c.Evidence) {
		if v == "" {
			ctx.PreventUpdate()
			return
		}
		c.Evidence = append(c.Evidence, workspace.Evidence{})
		i = len(c.Evidence) - 1
		p.drafts = max(p.drafts-1, 0)
	}
	if field == "evidence-url" {
		c.Evidence[i].URL = v
	} else {
		c.Evidence[i].Title = v
	}
	if c.Evidence[i] == (workspace.Evidence{}) {
		c.Evidence = slices.Delete(c.Evidence, i, i+1)
	}
	p.save(c, "Source")
}

func (p *checkPanel) onAddEvidence(ctx app.Context, e app.Event) {
	p.drafts++
	ctx.Defer(func(app.Context) {
		browser.Focus(`[data-panel="check"] .fc-evidence-row:last-of-type input[name="evidence-url"]`)
	})
}

func (p *checkPanel) onRemoveEvidence(ctx app.Context, e app.Event) {
	a, c := p.current()
	if a == nil {
		return
	}
	i, err := strconv.Atoi(ctx.JSSrc().Get("dataset").Get("row").String())
	if err != nil {
		return
	}
	if i >= len(c.Evidence) {
		p.drafts = max(p.drafts-1, 0)
		return
	}
	c.Evidence = slices.Delete(c.Evidence, i, i+1)
	p.save(c, "Sources")
}

func (p *checkPanel) onRemoveCheck(ctx app.Context, e app.Event) {
	if p.sess.apply(workspace.SetCheck{ID: p.Selected}) == nil {
		p.sess.notice("Check removed (Ctrl+Z to undo)")
	}
}

// httpLink reports whether s may be a link: http and https only, as
// everywhere in framecheck.
func httpLink(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func (p *checkPanel) Render() app.UI {
	a, c := p.current()
	if a == nil || a.Tag == workspace.Omission {
		return app.Div().DataSet("panel", "check").Hidden(true)
	}
	scale := p.sess.ws.Scale()
	rows := append(slices.Clone(c.Evidence), make([]workspace.Evidence, p.drafts)...)
	return app.Section().Class("fc-check").DataSet("panel", "check").DataSet("checked", a.Check != nil).Aria("label", "Check").Body(
		app.H3().Text("Check"),
		app.Label().Class("fc-field").Body(
			app.Span().Text("Verdict (V)"),
			app.Select().Name("verdict").OnChange(p.onVerdict).Body(
				app.Option().Value("none").Selected(c.Verdict == "").Text("— not rated —"),
				app.Range(scale).Slice(func(i int) app.UI {
					r := scale[i]
					return app.Option().Value(r.ID).Selected(c.Verdict == r.ID).Text(r.Symbol + " " + r.Name)
				}),
			),
		),
		app.Label().Class("fc-field").Body(
			app.Span().Text("Claim, as it will be published"),
			app.Textarea().Name("claim").Rows(3).Text(c.Claim).OnChange(p.onClaim),
		),
		app.Div().Class("fc-field", "fc-claimant").Body(
			app.Label().Body(
				app.Span().Text("Claimant"),
				app.Input().Type("text").Name("claimant").Value(c.Claimant).Placeholder("who made the claim").OnChange(p.onClaimant),
			),
			app.Select().Name("claimant-type").Aria("label", "The claimant is").OnChange(p.onClaimantType).Body(
				app.Option().Value("Organization").Selected(c.ClaimantType == "" || c.ClaimantType == "Organization").Text("an organisation"),
				app.Option().Value("Person").Selected(c.ClaimantType == "Person").Text("a person"),
			),
		),
		app.FieldSet().Class("fc-evidence").Body(
			app.Legend().Text("Sources"),
			app.Range(rows).Slice(func(i int) app.UI {
				ev := rows[i]
				return app.Div().Class("fc-evidence-row").DataSet("evidence", i).Body(
					app.Input().Type("url").Name("evidence-url").DataSet("row", i).Value(ev.URL).
						Placeholder("https://…").Aria("label", "Source URL").OnChange(p.onEvidence),
					app.Input().Type("text").Name("evidence-title").DataSet("row", i).Value(ev.Title).
						Placeholder("Title").Aria("label", "Source title").OnChange(p.onEvidence),
					app.If(httpLink(ev.URL), func() app.UI {
						return app.A().Href(ev.URL).Target("_blank").Rel("noreferrer noopener").DataSet("evidence-link", i).Text("Open")
					}),
					app.Button().Type("button").DataSet("action", "remove-evidence").DataSet("row", i).
						Aria("label", "Remove this source").Text("Remove").OnClick(p.onRemoveEvidence),
				)
			}),
			app.Button().Type("button").DataSet("action", "add-evidence").Text("Add source").OnClick(p.onAddEvidence),
		),
		// In a container that is always there, so that the button's
		// arrival with the first verdict does not shift (and re-create,
		// closed) the rating scale after it: go-app diffs by position.
		slot("remove-check", app.If(a.Check != nil, func() app.UI {
			return app.Button().Type("button").Class("fc-danger").DataSet("action", "remove-check").
				Title("Ctrl+Z brings it back").Text("Remove check").OnClick(p.onRemoveCheck)
		})),
		newScalePanel(p.sess, p.Rev),
	)
}
