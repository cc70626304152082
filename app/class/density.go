package class

import (
	"slices"

	"framecheck/app/agreement"
	"framecheck/app/internal/order"
	"framecheck/app/workspace"
)

// tagIndex is a tag's place in workspace.Tags (and in Segment.Count), or -1.
func tagIndex(cat string) int {
	return slices.Index(workspace.Tags, workspace.Tag(cat))
}

// Segment is a stretch [Start, End) of a readout over which the number of
// spans of each tag (indexed as workspace.Tags) is the same.
type Segment struct {
	Start, End int
	Count      [3]int
}

// cover is the stretch a span darkens: itself, or for an omission point the
// character after it (the one before, at the end of the text), so that a
// point shows.
func cover(s agreement.Span, length int) (int, int) {
	if s.Start < s.End {
		return s.Start, s.End
	}
	if s.Start >= length {
		return max(length-1, 0), length
	}
	return s.Start, s.Start + 1
}

// Segments cuts a text of length code points into stretches of equal
// counts per tag, from the spans' boundaries alone (a sweep over 2 events
// per span, not a count per character per span), and covers the whole
// text. Spans of other categories are ignored.
func Segments(length int, spans []agreement.Span) []Segment {
	type event struct{ at, tag, delta int }
	ev := make([]event, 0, 2*len(spans))
	for _, s := range spans {
		t := tagIndex(s.Cat)
		if t < 0 {
			continue
		}
		a, b := cover(s, length)
		a, b = max(a, 0), min(b, length)
		if a >= b {
			continue
		}
		ev = append(ev, event{a, t, 1}, event{b, t, -1})
	}
	order.Func(ev, func(x, y event) int { return x.at - y.at })
	var out []Segment
	var cur [3]int
	at := 0
	for i := 0; i <= len(ev); i++ {
		next := length
		if i < len(ev) {
			next = ev[i].at
		}
		if next > at {
			if n := len(out); n > 0 && out[n-1].Count == cur && out[n-1].End == at {
				out[n-1].End = next
			} else {
				out = append(out, Segment{Start: at, End: next, Count: cur})
			}
			at = next
		}
		if i < len(ev) {
			cur[ev[i].tag] += ev[i].delta
		}
	}
	return out
}

// Density returns, per tag, how many spans cover each code point of a text
// of length code points (built from Segments).
func Density(length int, spans []agreement.Span) map[workspace.Tag][]int {
	out := map[workspace.Tag][]int{}
	for _, t := range workspace.Tags {
		out[t] = make([]int, length)
	}
	for _, seg := range Segments(length, spans) {
		for t, n := range seg.Count {
			if n == 0 {
				continue
			}
			d := out[workspace.Tags[t]]
			for i := seg.Start; i < seg.End; i++ {
				d[i] = n
			}
		}
	}
	return out
}

// Spans returns the annotations on readout i of the students for whom
// on says true (all when on is nil), as agreement spans: Coder is the
// student, Cat the tag.
func (c *Class) Spans(i int, on func(student string) bool) []agreement.Span {
	n := 0
	for _, s := range c.Students {
		n += len(s.Annotations[i])
	}
	out := make([]agreement.Span, 0, n) // the whole class, some 1,200 spans: no regrowing
	for _, s := range c.Students {
		if on != nil && !on(s.Name) {
			continue
		}
		for _, a := range s.Annotations[i] {
			out = append(out, agreement.Span{Coder: s.Name, Cat: string(a.Tag), ID: a.ID, Start: a.Start, End: a.End})
		}
	}
	return out
}

// KeySpans returns the key's annotations on readout i (none without a key);
// Coder is KeyCoder.
func (c *Class) KeySpans(i int) []agreement.Span {
	if c.Key == nil {
		return nil
	}
	var out []agreement.Span
	for _, a := range c.Key[i] {
		out = append(out, agreement.Span{Coder: KeyCoder, Cat: string(a.Tag), ID: a.ID, Start: a.Start, End: a.End})
	}
	return out
}

// KeyCoder names the teacher's key among coders.
const KeyCoder = "(key)"

// Hit is one annotation at a place of a readout.
type Hit struct {
	Student    string // KeyCoder for the key
	Annotation *workspace.Annotation
}

// PointTolerance is how many code points apart omission points may be and
// still count as the same place (in passages and when clicking): the
// agreement figures' own.
const PointTolerance = agreement.PointTolerance

// At lists who tagged code point cp of readout i (a span covering it, or a
// point within PointTolerance), among the students on says true for, then
// the key's when withKey.
func (c *Class) At(i, cp int, on func(string) bool, withKey bool) []Hit {
	hit := func(a *workspace.Annotation) bool {
		if a.IsPoint() {
			return a.Start-PointTolerance <= cp && cp <= a.Start+PointTolerance
		}
		return a.Start <= cp && cp < a.End
	}
	var out []Hit
	for _, s := range c.Students {
		if on != nil && !on(s.Name) {
			continue
		}
		for _, a := range s.Annotations[i] {
			if hit(a) {
				out = append(out, Hit{s.Name, a})
			}
		}
	}
	if withKey && c.Key != nil {
		for _, a := range c.Key[i] {
			if hit(a) {
				out = append(out, Hit{KeyCoder, a})
			}
		}
	}
	return out
}

// Annotation finds a student's (or the key's) annotation by id on readout
// i, with its owner.
func (c *Class) Annotation(i int, id string) (Hit, bool) {
	for _, s := range c.Students {
		for _, a := range s.Annotations[i] {
			if a.ID == id {
				return Hit{s.Name, a}, true
			}
		}
	}
	if c.Key != nil {
		for _, a := range c.Key[i] {
			if a.ID == id {
				return Hit{KeyCoder, a}, true
			}
		}
	}
	return Hit{}, false
}
