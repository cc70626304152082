// Package report turns a workspace into a document for publishing a
// fact-check: Markdown, or one self-contained HTML page.
//
// Both have, per readout: its title and details, the text with the
// annotations marked in it, then the annotations grouped by tag (fact,
// framing) with their quote, note and author, then the omissions: points
// with the text around them, spans with the readouts that leave them out.
// Annotations are numbered per readout in text order; the numbers link the
// text and the lists.
//
// When the workspace has counterpart links (the same claim told in two
// readouts), a last section, Counterparts, lists each linked pair once, in
// the order of the earlier end (readout, then text order), that end first:
// the two quotes side by side, each with its readout's title and its
// number there, then the link's note when it has one. In HTML each pair is
// a two-column grid whose numbers link to the annotations in their
// readouts; CommonMark has no columns, so in Markdown a pair is one list
// item with both quotes on one line, joined by ↔, and the note below.
// Without links there is no such section, and the HTML page carries no
// style rules for it.
//
// The HTML page has inline CSS only: no scripts, no external resources
// (its Content-Security-Policy forbids both), so it can be mailed, archived
// or hosted anywhere. Everything it quotes (titles, texts, notes, authors)
// is escaped; links are made only from http and https URLs. Highlights are
// <mark> elements, one per run of text covered by the same annotations
// (textpos.Segments), whose classes name every tag covering the run, so
// overlapping annotations combine: fact is a solid line under the text,
// framing a wavy line, omission a dotted line above, as in the app.
//
// Markdown cannot nest highlights, so the text is quoted with brackets
// instead: ⟦ opens an annotated passage and ⟧ⁿ closes annotation n; ‸ⁿ is
// omission point n. Text is escaped so that no Markdown or HTML in a
// readout or note is interpreted; leading spaces of a line become
// no-break spaces so that an indented line does not turn into code.
package report

import (
	"fmt"
	"strconv"
	"time"

	"framecheck/app/internal/order"
	"framecheck/app/textpos"
	"framecheck/app/workspace"
)

// numbered is an annotation with its number in its readout.
type numbered struct {
	n int
	a *workspace.Annotation
}

// readoutView is what both renderers need of a readout.
type readoutView struct {
	index int
	r     *workspace.Readout
	anns  []numbered // text order
}

func views(w *workspace.Workspace) []readoutView {
	sorted := &workspace.Workspace{Readouts: w.Readouts, Annotations: append([]*workspace.Annotation(nil), w.Annotations...)}
	sorted.Sort()
	out := make([]readoutView, len(w.Readouts))
	for i, r := range w.Readouts {
		out[i] = readoutView{index: i, r: r}
	}
	idx := make(map[string]int, len(w.Readouts))
	for i, r := range w.Readouts {
		idx[r.ID] = i
	}
	for _, a := range sorted.Annotations {
		if a.Orphan {
			continue // its offsets are on an earlier text: the report shows the current one
		}
		v := &out[idx[a.ReadoutID]]
		v.anns = append(v.anns, numbered{n: len(v.anns) + 1, a: a})
	}
	return out
}

// byTag returns the annotations of v with tag; points only, spans only, or
// both.
func (v readoutView) byTag(tag workspace.Tag) []numbered {
	var out []numbered
	for _, x := range v.anns {
		if x.a.Tag == tag {
			out = append(out, x)
		}
	}
	return out
}

// end is one end of a counterpart pair: the readout and the numbered
// annotation.
type end struct {
	v readoutView
	x numbered
}

// pair is a counterpart link, listed once.
type pair struct {
	a, b end
	note string
}

// counterparts returns the linked pairs of w, each once, ordered by their
// earlier end (readout order, then text order), that end first, then by
// the later end.
func counterparts(vs []readoutView) []pair {
	at := map[string]end{}
	for _, v := range vs {
		for _, x := range v.anns {
			at[x.a.ID] = end{v: v, x: x}
		}
	}
	before := func(p, q end) bool {
		if p.v.index != q.v.index {
			return p.v.index < q.v.index
		}
		return p.x.n < q.x.n
	}
	var out []pair
	for _, v := range vs {
		for _, x := range v.anns {
			here := at[x.a.ID]
			var later []pair
			for _, l := range x.a.Links {
				there, ok := at[l.AnnotationID]
				if ok && before(here, there) {
					later = append(later, pair{a: here, b: there, note: l.Note})
				}
			}
			order.Func(later, func(p, q pair) int {
				switch {
				case before(p.b, q.b):
					return -1
				case before(q.b, p.b):
					return 1
				}
				return 0
			})
			out = append(out, later...)
		}
	}
	return out
}

// event is what happens at one offset of a text: annotations that end
// there (their number is written) and omission points.
type event struct {
	closes []int
	points []int
	opens  int
}

func events(v readoutView) map[int]*event {
	ev := map[int]*event{}
	get := func(p int) *event {
		e := ev[p]
		if e == nil {
			e = &event{}
			ev[p] = e
		}
		return e
	}
	for _, x := range v.anns {
		if x.a.IsPoint() {
			get(x.a.Start).points = append(get(x.a.Start).points, x.n)
			continue
		}
		get(x.a.Start).opens++
		get(x.a.End).closes = append(get(x.a.End).closes, x.n)
	}
	return ev
}

// spans are the non-point annotations of v for textpos.Segments, keyed by
// their position in v.anns.
func spans(v readoutView) []textpos.Span {
	var out []textpos.Span
	for i, x := range v.anns {
		if !x.a.IsPoint() {
			out = append(out, textpos.Span{Start: x.a.Start, End: x.a.End, Key: strconv.Itoa(i)})
		}
	}
	return out
}

func titleOf(w *workspace.Workspace, id string) string {
	if r := w.Readout(id); r != nil {
		return r.Title
	}
	return id
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

var sections = []struct {
	tag   workspace.Tag
	title string
}{{workspace.Fact, "Facts"}, {workspace.Framing, "Framing"}}
