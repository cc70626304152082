package ui

import (
	"strings"

	"framecheck/app/browser"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// assignmentPanel stands above a student's readouts: the teacher's
// instructions (collapsible) and the student's name, asked before the
// first annotation.
type assignmentPanel struct {
	app.Compo

	Rev     int
	AskName bool

	ss *session
}

func newAssignmentPanel(ss *session) *assignmentPanel {
	return &assignmentPanel{ss: ss, Rev: ss.rev, AskName: ss.askName}
}

func (p *assignmentPanel) OnUpdate(ctx app.Context) {
	if p.AskName {
		ctx.Defer(func(app.Context) { browser.Focus(`[data-form="student-name"] input[name="student-name"]`) })
	}
}

func (p *assignmentPanel) onName(ctx app.Context, e app.Event) {
	v := browser.FormValues(`[data-form="student-name"]`, "student-name")
	p.ss.setStudent(v["student-name"])
}

func (p *assignmentPanel) Render() app.UI {
	a := p.ss.ws.Assignment
	if a == nil {
		return app.Div()
	}
	var paras []string
	for _, para := range strings.Split(a.Instructions, "\n\n") {
		if strings.TrimSpace(para) != "" {
			paras = append(paras, para)
		}
	}
	who := app.UI(app.Form().Class("fc-student-name").DataSet("form", "student-name").OnSubmit(p.onName).Body(
		app.Label().Body(
			app.Text("Your name (it signs every annotation you make) "),
			app.Input().Type("text").Name("student-name").Required(true).AutoComplete(true).Placeholder("First and last name"),
		),
		app.Button().Type("submit").Class("fc-primary").DataSet("action", "set-name").Text("Start"),
	))
	if a.Student != "" {
		who = app.P().Class("fc-student").DataSet("student", a.Student).Body(
			app.Text("Signed as "), app.Strong().Text(a.Student),
			app.Text(". Hand in when you are done; you can hand in again later."),
		)
	}
	return app.Section().Class("fc-assignment").DataSet("panel", "assignment").Aria("label", "Assignment").Body(
		app.Details().Open(true).Body(
			app.Summary().Body(app.Text("Assignment: "), app.Strong().Text(a.Title)),
			app.Div().Class("fc-instructions").DataSet("instructions", "1").Body(
				app.Range(paras).Slice(func(i int) app.UI { return app.P().Text(paras[i]) }),
			),
		),
		who,
	)
}
