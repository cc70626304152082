package merge

import (
	"slices"
	"strings"

	"framecheck/app/workspace"
)

// mergeChecks gives out (a merge of in into cur) what the checks taken
// from in need: their verdicts name ratings of in's scale, which are
// found in out's scale by id, else by name (ignoring case), else added
// to it, so no verdict is lost. The publisher is taken from in when cur
// has none. Only the checks that came from in (those whose annotation is
// now in's version) are mapped.
func mergeChecks(out, in *workspace.Workspace) {
	if out.Publisher == (workspace.Publisher{}) {
		out.Publisher = in.Publisher
	}
	from := in.Scale()
	scale := out.Scale()
	own := out.RatingScale != nil
	fromIn := map[*workspace.Annotation]bool{}
	for _, a := range in.Annotations {
		if b := out.Annotation(a.ID); b != nil && b.Check != nil && a.Check != nil && b.Check.Equal(a.Check) {
			fromIn[b] = true
		}
	}
	for _, a := range out.Annotations {
		if !fromIn[a] || a.Check.Verdict == "" {
			continue
		}
		if _, ok := scale.Rating(a.Check.Verdict); ok {
			continue
		}
		r, ok := from.Rating(a.Check.Verdict)
		if !ok {
			continue // Validate of in made this impossible
		}
		i := slices.IndexFunc(scale, func(x workspace.Rating) bool { return strings.EqualFold(x.Name, r.Name) })
		if i < 0 {
			scale = append(slices.Clone(scale), r)
			i = len(scale) - 1
			own = true
		}
		c := a.Check.Clone()
		c.Verdict = scale[i].ID
		a.Check = c
	}
	if own {
		out.RatingScale = scale
	}
}
