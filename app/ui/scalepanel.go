package ui

import (
	"strconv"

	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// scalePanel edits the workspace's rating scale: rename, recolour, change
// the symbol, reorder, add and remove ratings. A rating that verdicts use
// is removed only with a replacement the user picks (SetRatingScale
// refuses otherwise). Every change is one undoable step.
type scalePanel struct {
	app.Compo

	Rev int

	sess *session
	// removing is the index of the rating waiting for a replacement, or -1.
	removing int
}

func newScalePanel(s *session, rev int) *scalePanel {
	return &scalePanel{sess: s, Rev: rev, removing: -1}
}

func (p *scalePanel) index(ctx app.Context) int {
	i, err := strconv.Atoi(ctx.JSSrc().Get("dataset").Get("rating").String())
	if err != nil || i < 0 || i >= len(p.sess.ws.Scale()) {
		return -1
	}
	return i
}

func (p *scalePanel) set(s workspace.RatingScale, replace map[string]string) {
	if p.sess.apply(workspace.SetRatingScale{Scale: s, Replace: replace}) == nil {
		p.sess.notice("Rating scale saved (Ctrl+Z to undo)")
	}
}

// onField saves a rename, a colour, a symbol or the unscored box.
func (p *scalePanel) onField(ctx app.Context, e app.Event) {
	i := p.index(ctx)
	if i < 0 {
		return
	}
	s := p.sess.ws.Scale().Without(-1)
	v := ctx.JSSrc().Get("value").String()
	switch ctx.JSSrc().Get("name").String() {
	case "rating-name":
		s = s.Renamed(i, v)
	case "rating-color":
		s[i].Color = v
	case "rating-symbol":
		s[i].Symbol = v
	case "rating-unscored":
		s[i].Unscored = ctx.JSSrc().Get("checked").Bool()
	}
	p.set(s, nil)
}

func (p *scalePanel) onUp(ctx app.Context, e app.Event) {
	if i := p.index(ctx); i > 0 {
		p.set(p.sess.ws.Scale().Moved(i, -1), nil)
	}
}

func (p *scalePanel) onDown(ctx app.Context, e app.Event) {
	if i := p.index(ctx); i >= 0 {
		p.set(p.sess.ws.Scale().Moved(i, 1), nil)
	}
}

func (p *scalePanel) onAdd(ctx app.Context, e app.Event) {
	s := p.sess.ws.Scale()
	name := "New rating"
	for n := 2; ; n++ {
		taken := false
		for _, r := range s {
			if r.Name == name {
				taken = true
			}
		}
		if !taken {
			break
		}
		name = "New rating " + strconv.Itoa(n)
	}
	p.set(append(s.Without(-1), workspace.NewRating(name, "#57606a", "•", false)), nil)
}

// onRemove removes an unused rating at once, and asks for a replacement
// for one in use.
func (p *scalePanel) onRemove(ctx app.Context, e app.Event) {
	i := p.index(ctx)
	if i < 0 {
		return
	}
	s := p.sess.ws.Scale()
	if p.sess.ws.Verdicts("")[s[i].ID] > 0 {
		p.removing = i
		return
	}
	p.removing = -1
	p.set(s.Without(i), nil)
}

func (p *scalePanel) onReplace(ctx app.Context, e app.Event) {
	s := p.sess.ws.Scale()
	i := p.removing
	to := ctx.JSSrc().Get("value").String()
	if _, ok := s.Rating(to); i < 0 || i >= len(s) || !ok {
		return
	}
	p.removing = -1
	p.set(s.Without(i), map[string]string{s[i].ID: to})
}

func (p *scalePanel) onCancelRemove(ctx app.Context, e app.Event) { p.removing = -1 }

func (p *scalePanel) Render() app.UI {
	s := p.sess.ws.Scale()
	used := p.sess.ws.Verdicts("")
	return app.Details().Class("fc-scale").DataSet("panel", "scale").Body(
		app.Summary().Text("Rating scale"),
		app.P().Class("fc-hint").Text("Best first. Ratings marked “no value” (Unverifiable) stand outside the numeric order of ClaimReview."),
		app.Ol().Body(
			app.Range(s).Slice(func(i int) app.UI {
				r := s[i]
				return app.Li().Class("fc-scale-row").DataSet("rating", r.Name).Body(
					app.Input().Type("text").Name("rating-name").DataSet("rating", i).Value(r.Name).Aria("label", "Name").OnChange(p.onField),
					app.Input().Type("color").Name("rating-color").DataSet("rating", i).Value(r.Color).Aria("label", "Colour").OnChange(p.onField),
					app.Input().Type("text").Name("rating-symbol").DataSet("rating", i).Value(r.Symbol).Size(3).Aria("label", "Symbol").OnChange(p.onField),
					app.Label().Body(
						app.Input().Type("checkbox").Name("rating-unscored").DataSet("rating", i).Checked(r.Unscored).OnChange(p.onField),
						app.Text(" no value"),
					),
					app.Span().Class("fc-scale-used").Text(itoa(used[r.ID])+" used"),
					app.Button().Type("button").DataSet("action", "rating-up").DataSet("rating", i).Disabled(i == 0).Aria("label", "Move up").Text("↑").OnClick(p.onUp),
					app.Button().Type("button").DataSet("action", "rating-down").DataSet("rating", i).Disabled(i == len(s)-1).Aria("label", "Move down").Text("↓").OnClick(p.onDown),
					app.Button().Type("button").DataSet("action", "rating-remove").DataSet("rating", i).Disabled(len(s) == 1).Text("Remove").OnClick(p.onRemove),
					app.If(p.removing == i, func() app.UI {
						return app.Div().Class("fc-scale-replace").Role("group").Body(
							app.Text(itoa(used[r.ID])+" verdicts use “"+r.Name+"”. Replace them with: "),
							app.Select().Name("rating-replacement").OnChange(p.onReplace).Body(
								app.Option().Value("choose").Selected(true).Text("choose…"),
								app.Range(s).Slice(func(j int) app.UI {
									if j == i {
										return nil
									}
									return app.Option().Value(s[j].ID).Text(s[j].Symbol + " " + s[j].Name)
								}),
							),
							app.Button().Type("button").DataSet("action", "rating-remove-cancel").Text("Keep it").OnClick(p.onCancelRemove),
						)
					}),
				)
			}),
		),
		app.Button().Type("button").DataSet("action", "rating-add").Text("Add rating").OnClick(p.onAdd),
	)
}
