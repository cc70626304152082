package class

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"framecheck/app/fcjson"
	"framecheck/app/workspace"

	"github.com/google/uuid"
)

var t0 = time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)

const (
	textRU = "Телефонный разговор 👩🏽‍💻 с «партнёрами». Стороны обсудили вопросы. Конец."
	textAR = "قال المتحدث إن المُحادَثة كانت «بنّاءة». Café (cafe\u0301) and more."
)

// newPack is a teacher's pack: two readouts and an assignment.
func newPack(t testing.TB, title string) *workspace.Workspace {
	t.Helper()
	w := workspace.New("Call of 5 July", t0)
	for _, x := range []struct{ title, text string }{{"Kremlin", textRU}, {"Presidency", textAR}} {
		r, err := workspace.NewReadout(x.title, "", "", "", "", x.text)
		if err != nil {
			t.Fatal(err)
		}
		w.Readouts = append(w.Readouts, r)
	}
	w.Assignment = &workspace.Assignment{ID: uuid.NewString(), Title: title, Instructions: "Tag both.", CreatedAt: t0}
	return w
}

// ann is an annotation to make: readout index, tag, span, note.
type ann struct {
	r          int
	tag        workspace.Tag
	start, end int
	note       string
}

// student copies the pack as a student's work (fresh workspace id, as an
// import gives) with the annotations signed by name.
func student(t testing.TB, pack *workspace.Workspace, name string, anns ...ann) *workspace.Workspace {
	t.Helper()
	w := workspace.New(pack.Title, t0)
	w.Readouts = pack.Readouts
	a := *pack.Assignment
	a.Student = name
	w.Assignment = &a
	for _, e := range pack.Annotations {
		cp := *e
		w.Annotations = append(w.Annotations, &cp)
	}
	for _, x := range anns {
		r := w.Readouts[x.r]
		exact, err := r.Positions().Slice(x.start, x.end)
		if err != nil {
			t.Fatal(err)
		}
		pre, _ := r.Positions().Slice(max(0, x.start-workspace.ContextLen), x.start)
		suf, _ := r.Positions().Slice(x.end, min(r.Positions().Len(), x.end+workspace.ContextLen))
		w.Annotations = append(w.Annotations, &workspace.Annotation{ID: uuid.NewString(), ReadoutID: r.ID, Tag: x.tag,
			Start: x.start, End: x.end, Exact: exact, Prefix: pre, Suffix: suf, Note: x.note, Author: name, CreatedAt: t0, UpdatedAt: t0})
	}
	w.Sort()
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	return w
}

// handIn encodes w as handed in at `at`.
func handIn(t testing.TB, w *workspace.Workspace, at time.Time) []byte {
	t.Helper()
	w.SubmittedBy, w.SubmittedAt = w.Assignment.Student, at
	data, err := fcjson.Encode(w, at)
	w.SubmittedBy, w.SubmittedAt = "", time.Time{}
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func encode(t testing.TB, w *workspace.Workspace) []byte {
	t.Helper()
	data, err := fcjson.Encode(w, t0)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// zipOf packs files (name -> data) into a ZIP.
func zipOf(t testing.TB, files ...File) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		fw, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(f.Data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// refusedFor returns the reason a file was refused, or "".
func refusedFor(c *Class, name string) string {
	for _, r := range c.Refused {
		if r.File == name {
			return r.Reason
		}
	}
	return ""
}

func names(c *Class) string {
	var out []string
	for _, s := range c.Students {
		out = append(out, s.Name)
	}
	return strings.Join(out, ",")
}

func refusals(c *Class) string {
	var b strings.Builder
	for _, r := range c.Refused {
		fmt.Fprintf(&b, "%s: %s\n", r.File, r.Reason)
	}
	return b.String()
}
