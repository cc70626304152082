// Package compare holds what the compare view knows about two readouts of a
// workspace, without a browser: where an omission told in one readout would
// go in the other (ghost markers), which alignment suggestions are still
// open, and the summary of the pair (counts, omissions both ways,
// counterparts) with its Markdown form.
package compare

import (
	"slices"

	"framecheck/app/align"
	"framecheck/app/internal/order"
	"framecheck/app/workspace"
)

// Ghost is the place in readout In where an omission span of readout From
// would go: the marker the compare view shows in the other column.
type Ghost struct {
	OmissionID string
	From, In   string
	At         int // code point in In
}

// Ghosts returns the ghost markers to show in readout in for the omissions
// of readout from that name it in "omitted by", in text order of from.
// An omission already linked to an annotation of in needs no ghost: the
// linked annotation is the real place. moved holds positions the user chose
// (by omission id); they win over the computed place when still in range.
func Ghosts(ws *workspace.Workspace, from, in string, moved map[string]int) []Ghost {
	target := ws.Readout(in)
	if target == nil || ws.Readout(from) == nil || from == in {
		return nil
	}
	n := target.Positions().Len()
	anns := ws.AnnotationsOf(from) // once: each ghost's place looks through them
	var out []Ghost
	for _, a := range anns {
		if a.Tag != workspace.Omission || a.IsPoint() || !slices.Contains(a.OmittedBy, in) || linkedInto(ws, a, in) {
			continue
		}
		at, ok := moved[a.ID]
		if !ok || at < 0 || at > n {
			at = ghostPlace(ws, anns, a, in)
		}
		out = append(out, Ghost{OmissionID: a.ID, From: from, In: in, At: at})
	}
	order.StableFunc(out, func(x, y Ghost) int { return x.At - y.At })
	return out
}

// ghostPlace is the best guess for where omission om would go in readout
// in: right after the counterpart (in in) of the nearest annotation before
// om that has one, or the start of the text when none does. Readouts follow
// their own order, so the last shared landmark before the gap is the best
// evidence there is. anns are the annotations of om's readout.
func ghostPlace(ws *workspace.Workspace, anns []*workspace.Annotation, om *workspace.Annotation, in string) int {
	best, bestStart := -1, -1
	for _, a := range anns {
		if a.ID == om.ID || a.Start > om.Start || (a.Start == om.Start && a.End >= om.End) {
			continue
		}
		end := -1
		for _, l := range a.Links {
			if b := ws.Annotation(l.AnnotationID); b != nil && b.ReadoutID == in && !b.Orphan && b.End > end { // an orphan's offsets are on an earlier text
				end = b.End
			}
		}
		if end >= 0 && a.Start >= bestStart {
			best, bestStart = end, a.Start
		}
	}
	if best < 0 {
		return 0
	}
	return best
}

// linkedInto reports whether a is linked to an annotation of readout in.
func linkedInto(ws *workspace.Workspace, a *workspace.Annotation, in string) bool {
	for _, l := range a.Links {
		if b := ws.Annotation(l.AnnotationID); b != nil && b.ReadoutID == in {
			return true
		}
	}
	return false
}

// Suggestions are the alignment suggestions not yet acted on: pairs,
// sentences without a counterpart (OnlyA, OnlyB) and clauses of partially
// paired sentences told only in their readout (RestA, RestB).
type Suggestions struct {
	Pairs        []align.Pair
	OnlyA, OnlyB []align.Span
	RestA, RestB []align.Span
}

// Len is the number of open suggestions.
func (s Suggestions) Len() int {
	return len(s.Pairs) + len(s.OnlyA) + len(s.OnlyB) + len(s.RestA) + len(s.RestB)
}

// Open drops from an alignment of readouts a and b what the user has
// already done: a pair whose two sentences hold annotations linked to each
// other, and an unpaired sentence or one-sided clause that holds an
// omission span naming the other readout in "omitted by".
func Open(ws *workspace.Workspace, a, b string, r align.Result) Suggestions {
	// Each readout's annotations once, not once per sentence: this runs on
	// every repaint of the compare view.
	annA, annB := ws.AnnotationsOf(a), ws.AnnotationsOf(b)
	var out Suggestions
	for _, p := range r.Pairs {
		if !linkedAcross(ws, annA, p.A, b, p.B) {
			out.Pairs = append(out.Pairs, p)
		}
	}
	out.OnlyA = openGaps(annA, b, r.OnlyA)
	out.OnlyB = openGaps(annB, a, r.OnlyB)
	out.RestA = openGaps(annA, b, r.RestA)
	out.RestB = openGaps(annB, a, r.RestB)
	return out
}

func overlaps(x *workspace.Annotation, s align.Span) bool {
	if x.IsPoint() {
		return s.Start <= x.Start && x.Start <= s.End
	}
	return x.Start < s.End && s.Start < x.End
}

// linkedAcross reports whether an annotation of annA over sa is linked to
// one of readout b over sb.
func linkedAcross(ws *workspace.Workspace, annA []*workspace.Annotation, sa align.Span, b string, sb align.Span) bool {
	for _, x := range annA {
		if !overlaps(x, sa) {
			continue
		}
		for _, l := range x.Links {
			if y := ws.Annotation(l.AnnotationID); y != nil && y.ReadoutID == b && overlaps(y, sb) {
				return true
			}
		}
	}
	return false
}

// openGaps keeps the gaps that no omission span of anns, omitted by other,
// covers yet.
func openGaps(anns []*workspace.Annotation, other string, gaps []align.Span) []align.Span {
	var out []align.Span
	for _, g := range gaps {
		done := false
		for _, x := range anns {
			if x.Tag == workspace.Omission && !x.IsPoint() && overlaps(x, g) && slices.Contains(x.OmittedBy, other) {
				done = true
				break
			}
		}
		if !done {
			out = append(out, g)
		}
	}
	return out
}
