package class

import (
	"fmt"
	"strings"
	"time"

	"framecheck/app/fcjson"
	"framecheck/app/workspace"

	"github.com/google/uuid"
)

// ExampleAuthor signs the teacher's annotations in a pack, so that no
// student's name can claim them and the class view leaves them out.
const ExampleAuthor = "Example"

// MakePack returns the class pack of the teacher's workspace w: a new
// workspace titled as the assignment, with w's readouts (ids and texts
// kept) and a fresh assignment id. With examples, w's annotations go along
// signed ExampleAuthor (their links kept); without, they stay behind as the
// answer key. w is not changed.
func MakePack(w *workspace.Workspace, title, instructions string, examples bool, now time.Time) (*workspace.Workspace, error) {
	title = strings.TrimSpace(title)
	if title == "" {
		return nil, fmt.Errorf("title: give the assignment a title")
	}
	if len(w.Readouts) == 0 {
		return nil, fmt.Errorf("a class pack needs at least one readout; add one first")
	}
	now = now.UTC().Truncate(time.Second)
	p := workspace.New(title, now)
	for _, r := range w.Readouts {
		p.Readouts = append(p.Readouts, &workspace.Readout{ID: r.ID, Title: r.Title, Source: r.Source, URL: r.URL,
			PublishedAt: r.PublishedAt, Language: r.Language, Text: r.Text})
	}
	if examples {
		for _, a := range w.Annotations {
			cp := *a
			cp.Author = ExampleAuthor
			cp.Links = append([]workspace.Link(nil), a.Links...)
			cp.OmittedBy = append([]string(nil), a.OmittedBy...)
			p.Annotations = append(p.Annotations, &cp)
		}
	}
	p.Assignment = &workspace.Assignment{ID: uuid.NewString(), Title: title,
		Instructions: strings.TrimSpace(strings.ReplaceAll(instructions, "\r\n", "\n")), CreatedAt: now}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

// HandIn returns a copy of a student's workspace stamped as handed in now
// by the student; w is not changed, so the student works on.
func HandIn(w *workspace.Workspace, now time.Time) (*workspace.Workspace, error) {
	if w.Assignment == nil {
		return nil, fmt.Errorf("this workspace is not an assignment: open the class pack your teacher gave you")
	}
	name := strings.TrimSpace(w.Assignment.Student)
	if name == "" {
		return nil, fmt.Errorf("enter your name first: it signs your work")
	}
	c := *w
	c.SubmittedBy, c.SubmittedAt = name, now.UTC().Truncate(time.Second)
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// base makes s safe as part of a file name, as fcjson.Filename does.
func base(s string) string {
	day := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	return strings.TrimSuffix(fcjson.Filename(s, day), "-2000-01-01.framecheck.json")
}

// PackName is the file name of a pack: "<title>.pack.framecheck.json".
func PackName(title string) string { return base(title) + ".pack.framecheck.json" }

// HandInName is the file name of a hand-in:
// "<title> - <student>.framecheck.json".
func HandInName(title, student string) string {
	return base(title) + " - " + base(student) + ".framecheck.json"
}

// ClassName is the file name of the class export.
func ClassName(title string) string { return base(title) + " - class.framecheck.json" }

// CSVName is the file name of the class CSV.
func CSVName(title string) string { return base(title) + " - class.csv" }
