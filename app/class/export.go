package class

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"time"

	"framecheck/app/agreement"
	"framecheck/app/csvexport"
	"framecheck/app/workspace"

	"github.com/google/uuid"
)

// Workspace is the class as one workspace: the assignment's readouts and
// every student's annotations with author = the student, ids kept, plus
// the pack's examples they linked to. Links survive: an annotation whose id
// another student already used (a copied file) gets a fresh id, and every
// link to it follows; notes lists such changes. The result passes Validate.
func (c *Class) Workspace(now time.Time) (w *workspace.Workspace, notes []string, err error) {
	title := c.Assignment.Title + " — class"
	if c.Assignment.Title == "" {
		title = "Class"
	}
	w = workspace.New(title, now)
	for _, r := range c.Readouts {
		w.Readouts = append(w.Readouts, &workspace.Readout{ID: r.ID, Title: r.Title, Source: r.Source, URL: r.URL,
			PublishedAt: r.PublishedAt, Language: r.Language, Text: r.Text})
	}
	used := map[string]bool{}
	for _, r := range w.Readouts {
		used[r.ID] = true
	}
	used[w.ID] = true
	// Examples first, so students' annotations that reuse an id move, not
	// the examples they link to.
	byID := map[string]*workspace.Annotation{}
	for _, e := range c.Examples {
		cp := *e
		cp.Links = append([]workspace.Link(nil), e.Links...)
		w.Annotations = append(w.Annotations, &cp)
		used[cp.ID] = true
		byID[cp.ID] = &cp
	}
	for _, s := range c.Students {
		var mine []*workspace.Annotation
		rename := map[string]string{}
		for _, list := range s.Annotations {
			for _, a := range list {
				cp := *a
				cp.Links = append([]workspace.Link(nil), a.Links...)
				if used[cp.ID] {
					rename[cp.ID] = uuid.NewString()
					notes = append(notes, fmt.Sprintf("%s's annotation %s has an id already used in the class; it is %s in the export.", s.Name, cp.ID, rename[cp.ID]))
					cp.ID = rename[cp.ID]
				}
				used[cp.ID] = true
				mine = append(mine, &cp)
			}
		}
		for _, a := range mine {
			for j, l := range a.Links {
				if n, ok := rename[l.AnnotationID]; ok {
					a.Links[j].AnnotationID = n
				}
			}
			byID[a.ID] = a
		}
		w.Annotations = append(w.Annotations, mine...)
	}
	// Every link is written on both ends: add the back link where a file
	// had only one (an example links back to the renamed id, say), and drop
	// the example's links to annotations not in the class (an older
	// hand-in that was set aside).
	for _, a := range w.Annotations {
		kept := a.Links[:0]
		for _, l := range a.Links {
			if b := byID[l.AnnotationID]; b != nil && b.ReadoutID != a.ReadoutID {
				kept = append(kept, l)
			}
		}
		a.Links = kept
	}
	for _, a := range w.Annotations {
		for _, l := range a.Links {
			b := byID[l.AnnotationID]
			if back, ok := b.LinkTo(a.ID); !ok {
				b.Links = append(b.Links, workspace.Link{AnnotationID: a.ID, Kind: l.Kind, Note: l.Note})
			} else if back.Kind != l.Kind || back.Note != l.Note {
				return nil, notes, fmt.Errorf("the link between %s and %s differs on its two ends", a.ID, b.ID)
			}
		}
	}
	for _, a := range w.Annotations {
		workspace.SortLinks(a.Links)
	}
	w.Sort()
	if err := w.Validate(); err != nil {
		return nil, notes, fmt.Errorf("the class export would not be valid: %w", err)
	}
	return w, notes, nil
}

// CSV is one row per student and readout: the number of annotations per
// tag and, with a key, precision, recall and F1 against it per tag and for
// all tags (three decimals; empty when undefined). Lines end in CRLF and
// names are defused as in app/csvexport, for spreadsheets.
func (c *Class) CSV() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF") // spreadsheets read UTF-8 names only with it
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	head := []string{"student", "readout"}
	for _, t := range workspace.Tags {
		head = append(head, string(t))
	}
	if c.Key != nil {
		for _, cat := range Cats() {
			name := cat
			if name == "" {
				name = "all"
			}
			head = append(head, name+" precision", name+" recall", name+" F1")
		}
	}
	if err := cw.Write(head); err != nil {
		return nil, err
	}
	for _, s := range c.Students {
		for i, r := range c.Readouts {
			row := []string{csvexport.Defuse(s.Name), csvexport.Defuse(r.Title)}
			counts := map[workspace.Tag]int{}
			for _, a := range s.Annotations[i] {
				counts[a.Tag]++
			}
			for _, t := range workspace.Tags {
				row = append(row, strconv.Itoa(counts[t]))
			}
			if c.Key != nil {
				mine := c.Spans(i, func(n string) bool { return n == s.Name })
				key := c.KeySpans(i)
				for _, cat := range Cats() {
					sc := agreement.AgainstKey(key, mine, cat)
					row = append(row, Format(sc.Precision), Format(sc.Recall), Format(sc.F1))
				}
			}
			if err := cw.Write(row); err != nil {
				return nil, err
			}
		}
	}
	cw.Flush()
	return buf.Bytes(), cw.Error()
}

// Format writes a figure with three decimals, or "" when it is undefined.
func Format(f agreement.Figure) string {
	if !f.Defined {
		return ""
	}
	return strconv.FormatFloat(f.Value, 'f', 3, 64)
}
