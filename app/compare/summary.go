package compare

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"framecheck/app/workspace"
)

// Summary is the comparison of two readouts A and B: what each tags, what
// each leaves out that the other tells, and the claims both tell.
type Summary struct {
	A, B         *workspace.Readout
	CountsA      map[workspace.Tag]int
	CountsB      map[workspace.Tag]int
	InANotB      []Missing // told in A, left out of B
	InBNotA      []Missing
	Counterparts []Counterpart
	PointsA      int // omission points (no quote) in A
	PointsB      int
	AnnotationsA int
	AnnotationsB int
}

// Missing is one omission of the summary: the passage one readout tells
// (Quote, empty for a bare point) and, when the user marked it, the place
// in the other readout where it is missing (Context around that point).
type Missing struct {
	AnnotationID string // the omission span, or the point when there is no span
	Quote        string
	Note         string
	PointID      string // the omission point in the other readout, if any
	Context      string // text around that point: "…before ‸ after…"
}

// Counterpart is one pair of linked annotations, A's first.
type Counterpart struct {
	A, B *workspace.Annotation
	Note string
}

// Summarize compares readouts a and b of ws.
func Summarize(ws *workspace.Workspace, a, b string) (Summary, error) {
	ra, rb := ws.Readout(a), ws.Readout(b)
	if ra == nil || rb == nil {
		return Summary{}, fmt.Errorf("summary: both readouts must be in the workspace")
	}
	if a == b {
		return Summary{}, fmt.Errorf("summary: choose two different readouts")
	}
	s := Summary{A: ra, B: rb, CountsA: map[workspace.Tag]int{}, CountsB: map[workspace.Tag]int{}}
	annA, annB := ws.AnnotationsOf(a), ws.AnnotationsOf(b)
	s.AnnotationsA, s.AnnotationsB = len(annA), len(annB)
	for _, x := range annA {
		s.CountsA[x.Tag]++
		if x.IsPoint() {
			s.PointsA++
		}
	}
	for _, x := range annB {
		s.CountsB[x.Tag]++
		if x.IsPoint() {
			s.PointsB++
		}
	}
	s.InANotB = missing(ws, annA, annB, b)
	s.InBNotA = missing(ws, annB, annA, a)
	for _, x := range annA {
		for _, l := range x.Links {
			// A link to an omission point says where something is missing:
			// it is listed with the omissions, not as a counterpart.
			if y := ws.Annotation(l.AnnotationID); y != nil && y.ReadoutID == b && !x.IsPoint() && !y.IsPoint() {
				s.Counterparts = append(s.Counterparts, Counterpart{A: x, B: y, Note: l.Note})
			}
		}
	}
	return s, nil
}

// missing lists what readout "told" has and readout "other" (id) leaves
// out: the omission spans of told that name other in "omitted by", each
// with the omission point of other linked to it, then the points of other
// that no such span claims (something is missing there; their linked
// passage, if any, is the quote).
func missing(ws *workspace.Workspace, told, in []*workspace.Annotation, other string) []Missing {
	var out []Missing
	claimed := map[string]bool{}
	for _, x := range told {
		if x.Tag != workspace.Omission || x.IsPoint() || !slices.Contains(x.OmittedBy, other) {
			continue
		}
		m := Missing{AnnotationID: x.ID, Quote: x.Exact, Note: x.Note}
		for _, l := range x.Links {
			if p := ws.Annotation(l.AnnotationID); p != nil && p.ReadoutID == other && p.IsPoint() {
				m.PointID, m.Context = p.ID, pointContext(p)
				if m.Note == "" {
					m.Note = p.Note
				}
				claimed[p.ID] = true
				break
			}
		}
		out = append(out, m)
	}
	for _, p := range in {
		if !p.IsPoint() || claimed[p.ID] {
			continue
		}
		m := Missing{AnnotationID: p.ID, PointID: p.ID, Context: pointContext(p), Note: p.Note}
		for _, l := range p.Links {
			if q := ws.Annotation(l.AnnotationID); q != nil && q.ReadoutID != other {
				m.Quote = q.Exact
				break
			}
		}
		out = append(out, m)
	}
	return out
}

func pointContext(p *workspace.Annotation) string {
	return "…" + lastRunes(p.Prefix, 40) + " ‸ " + firstRunes(p.Suffix, 40) + "…"
}

func lastRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[len(r)-n:]
	}
	return strings.TrimSpace(string(r))
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return strings.TrimSpace(string(r))
}

// Markdown renders the summary for pasting into a document or a chat. All
// text from the readouts and notes is escaped, so a quote cannot turn into
// a link, a heading or a broken table.
func (s Summary) Markdown() string {
	var b strings.Builder
	an, bn := mdInline(s.A.Title), mdInline(s.B.Title)
	fmt.Fprintf(&b, "# %s and %s compared\n\n", an, bn)
	b.WriteString("| tag | " + an + " | " + bn + " |\n|---|---:|---:|\n")
	for _, t := range workspace.Tags {
		fmt.Fprintf(&b, "| %s | %d | %d |\n", t.Label(), s.CountsA[t], s.CountsB[t])
	}
	fmt.Fprintf(&b, "| all | %d | %d |\n\n", s.AnnotationsA, s.AnnotationsB)
	writeMissing := func(title string, list []Missing) {
		fmt.Fprintf(&b, "## %s (%d)\n\n", title, len(list))
		if len(list) == 0 {
			b.WriteString("None marked.\n\n")
			return
		}
		for _, m := range list {
			b.WriteString("- ")
			if m.Quote != "" {
				b.WriteString("“" + mdInline(m.Quote) + "”")
			} else {
				b.WriteString("(something is missing here)")
			}
			if m.Context != "" {
				b.WriteString(" — missing at: " + mdInline(m.Context))
			}
			if m.Note != "" {
				b.WriteString(" — " + mdInline(m.Note))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	writeMissing("In "+an+", not in "+bn, s.InANotB)
	writeMissing("In "+bn+", not in "+an, s.InBNotA)
	fmt.Fprintf(&b, "## Counterparts (%d)\n\n", len(s.Counterparts))
	if len(s.Counterparts) == 0 {
		b.WriteString("None linked.\n")
		return b.String()
	}
	b.WriteString("| " + an + " | " + bn + " | note |\n|---|---|---|\n")
	for _, c := range s.Counterparts {
		b.WriteString("| " + mdInline(quoteOf(c.A)) + " | " + mdInline(quoteOf(c.B)) + " | " + mdInline(c.Note) + " |\n")
	}
	return b.String()
}

func quoteOf(a *workspace.Annotation) string {
	if a.IsPoint() {
		return "(omission point at " + strconv.Itoa(a.Start) + ")"
	}
	return "“" + a.Exact + "”"
}

// mdInline escapes the characters that Markdown (CommonMark and GitHub's
// tables) would read as markup, and folds line breaks into spaces.
func mdInline(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
