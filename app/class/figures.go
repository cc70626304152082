package class

import (
	"framecheck/app/agreement"
	"framecheck/app/workspace"
)

// Figures are the agreement figures of one readout among the students
// switched on. Maps are keyed by tag, "" being all tags together.
type Figures struct {
	Coders   []string
	Alpha    map[string]agreement.Figure
	Pairs    []agreement.Pair                      // all tags together (per tag would cost four times as much)
	Key      map[string]map[string]agreement.Score // student, tag
	Passages []agreement.Passage
}

// Cats are the keys of the figure maps: every tag, then "" (all).
func Cats() []string {
	out := make([]string, 0, len(workspace.Tags)+1)
	for _, t := range workspace.Tags {
		out = append(out, string(t))
	}
	return append(out, "")
}

// Figures computes the figures of readout i for the students on says true
// for (all when on is nil).
func (c *Class) Figures(i int, on func(string) bool) Figures {
	var coders []string
	for _, s := range c.Students {
		if on == nil || on(s.Name) {
			coders = append(coders, s.Name)
		}
	}
	spans := c.Spans(i, on)
	length := c.Readouts[i].Positions().Len()
	f := Figures{Coders: coders, Alpha: map[string]agreement.Figure{}}
	for _, cat := range Cats() {
		f.Alpha[cat] = agreement.AlphaU(length, coders, spans, cat)
	}
	if c.Key != nil {
		key := c.KeySpans(i)
		f.Key = map[string]map[string]agreement.Score{}
		for _, name := range coders {
			var mine []agreement.Span
			for _, s := range spans {
				if s.Coder == name {
					mine = append(mine, s)
				}
			}
			f.Key[name] = map[string]agreement.Score{}
			for _, cat := range Cats() {
				f.Key[name][cat] = agreement.AgainstKey(key, mine, cat)
			}
		}
	}
	f.Passages = agreement.Passages(spans, PointTolerance)
	return f
}

// Pairs is the pairwise span F1 of readout i between every two students on
// says true for, over all tags together. It is apart from Figures because
// it costs more than the rest together (435 pairs for 30 students), so the
// class view computes it when asked.
func (c *Class) Pairs(i int, on func(string) bool) []agreement.Pair {
	var coders []string
	for _, s := range c.Students {
		if on == nil || on(s.Name) {
			coders = append(coders, s.Name)
		}
	}
	return agreement.PairwiseF1(coders, c.Spans(i, on), "")
}
