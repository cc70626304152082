package workspace

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Rating is one step of a workspace's rating scale ("Mostly false"). It has
// a colour and a symbol, since tags already use colour and line and a
// verdict must not rely on colour alone.
type Rating struct {
	// ID is what a check's Verdict names, so renaming a rating keeps
	// every verdict given with it.
	ID     string
	Name   string
	Color  string // #rrggbb
	Symbol string
	// Unscored ratings ("Unverifiable") stand outside the numeric order:
	// they have no value on the scale.
	Unscored bool
}

// RatingScale is a workspace's ordered list of ratings, best first. The
// scored ratings, in this order, are the numeric scale.
type RatingScale []Rating

// ratingNS derives the ids of the default ratings, so that they are the same
// in every workspace and every file that does not write its scale out.
var ratingNS = uuid.MustParse("6f1c2b1e-3d4a-4e5f-9a7b-1c2d3e4f5a6b")

// DefaultRatingID is the id of the default rating with the given name.
func DefaultRatingID(name string) string {
	return uuid.NewSHA1(ratingNS, []byte(strings.ToLower(name))).String()
}

// DefaultScale returns the scale of a workspace that has not set its own:
// True, Mostly true, Mixed, Misleading, Mostly false, False, and
// Unverifiable outside the numeric order.
func DefaultScale() RatingScale {
	mk := func(name, color, symbol string, unscored bool) Rating {
		return Rating{ID: DefaultRatingID(name), Name: name, Color: color, Symbol: symbol, Unscored: unscored}
	}
	return RatingScale{
		mk("True", "#1a7f37", "✓", false),
		mk("Mostly true", "#4d9a2a", "◔", false),
		mk("Mixed", "#9a6700", "◑", false),
		mk("Misleading", "#bc4c00", "◕", false),
		mk("Mostly false", "#cf222e", "✗", false),
		mk("False", "#82071e", "✗✗", false),
		mk("Unverifiable", "#57606a", "?", true),
	}
}

// MaxRatings bounds a scale; a longer one is a wrong file, not a scale.
const MaxRatings = 30

// Scale returns the workspace's rating scale: its own, or the default.
func (w *Workspace) Scale() RatingScale {
	if w.RatingScale != nil {
		return w.RatingScale
	}
	return DefaultScale()
}

// Rating returns the rating with the given id, if any.
func (s RatingScale) Rating(id string) (Rating, bool) {
	for _, r := range s {
		if r.ID == id {
			return r, true
		}
	}
	return Rating{}, false
}

// Value returns a rating's place in the numeric order: the best scored
// rating has the highest value, the worst 1; best is the highest value.
// ok is false for an unscored rating or an unknown id.
func (s RatingScale) Value(id string) (value, best int, ok bool) {
	for _, r := range s {
		if !r.Unscored {
			best++
		}
	}
	n := best
	for _, r := range s {
		if r.Unscored {
			if r.ID == id {
				return 0, best, false
			}
			continue
		}
		if r.ID == id {
			return n, best, true
		}
		n--
	}
	return 0, best, false
}

// Check validates a scale; the error starts with the place in it.
func (s RatingScale) Check() error {
	if len(s) == 0 {
		return fmt.Errorf("ratingScale: must have at least one rating")
	}
	if len(s) > MaxRatings {
		return fmt.Errorf("ratingScale: %d ratings is more than the limit of %d", len(s), MaxRatings)
	}
	names := map[string]int{}
	ids := map[string]int{}
	for i, r := range s {
		p := fmt.Sprintf("ratingScale[%d]", i)
		if err := checkID(r.ID); err != nil {
			return fmt.Errorf("%s.id: %w", p, err)
		}
		if j, ok := ids[r.ID]; ok {
			return fmt.Errorf("%s.id: %s is already the id of rating %d", p, r.ID, j)
		}
		ids[r.ID] = i
		name := strings.TrimSpace(r.Name)
		if name == "" {
			return fmt.Errorf("%s.name: must not be empty", p)
		}
		if utf8.RuneCountInString(name) > 60 {
			return fmt.Errorf("%s.name: longer than 60 characters", p)
		}
		if j, ok := names[strings.ToLower(name)]; ok {
			return fmt.Errorf("%s.name: %q is already the name of rating %d", p, clip(name), j)
		}
		names[strings.ToLower(name)] = i
		if !validColor(r.Color) {
			return fmt.Errorf("%s.color: %q is not a colour like #1a7f37", p, clip(r.Color))
		}
		if n := utf8.RuneCountInString(strings.TrimSpace(r.Symbol)); n == 0 || n > 4 {
			return fmt.Errorf("%s.symbol: must be 1 to 4 characters (a colour alone does not tell ratings apart)", p)
		}
	}
	return nil
}

func validColor(c string) bool {
	if len(c) != 7 || c[0] != '#' {
		return false
	}
	for _, b := range []byte(c[1:]) {
		if !('0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F') {
			return false
		}
	}
	return true
}

// NewRating returns a rating with a fresh id.
func NewRating(name, color, symbol string, unscored bool) Rating {
	return Rating{ID: uuid.NewString(), Name: strings.TrimSpace(name), Color: color, Symbol: strings.TrimSpace(symbol), Unscored: unscored}
}

// Evidence is one source a check cites.
type Evidence struct {
	URL   string
	Title string
}

// Check is a fact-checker's verdict on the claim an annotation marks: the
// claim as it will be published (often a paraphrase of the quote), who made
// it, the verdict (a rating id of the workspace's scale; "" while the check
// is in progress) and the sources.
type Check struct {
	Verdict  string
	Claim    string
	Claimant string
	// ClaimantType is "Person" or "Organization" ("" counts as
	// Organization: readouts come from offices and press services).
	ClaimantType string
	Evidence     []Evidence
	CheckedAt    time.Time
}

// Clone returns a deep copy of c (nil for nil).
func (c *Check) Clone() *Check {
	if c == nil {
		return nil
	}
	d := *c
	d.Evidence = slices.Clone(c.Evidence)
	return &d
}

// Equal reports whether c and d hold the same check.
func (c *Check) Equal(d *Check) bool {
	if c == nil || d == nil {
		return c == d
	}
	return c.Verdict == d.Verdict && c.Claim == d.Claim && c.Claimant == d.Claimant && c.ClaimantType == d.ClaimantType &&
		slices.Equal(c.Evidence, d.Evidence) && c.CheckedAt.Equal(d.CheckedAt)
}

// MaxEvidence bounds the sources of one check.
const MaxEvidence = 100

// checkCheck validates a's check against the scale; the error starts with
// "check.".
func checkCheck(c *Check, scale RatingScale) error {
	if c == nil {
		return nil
	}
	if c.Verdict != "" {
		if _, ok := scale.Rating(c.Verdict); !ok {
			return fmt.Errorf("check.verdict: %q is not a rating of the workspace's rating scale", clip(c.Verdict))
		}
	}
	if c.ClaimantType != "" && c.ClaimantType != "Person" && c.ClaimantType != "Organization" {
		return fmt.Errorf("check.claimantType: %q is not Person or Organization", clip(c.ClaimantType))
	}
	if len(c.Evidence) > MaxEvidence {
		return fmt.Errorf("check.evidence: %d sources is more than the limit of %d", len(c.Evidence), MaxEvidence)
	}
	for i, e := range c.Evidence {
		if strings.TrimSpace(e.URL) == "" && strings.TrimSpace(e.Title) == "" {
			return fmt.Errorf("check.evidence[%d]: empty; give a URL or a title", i)
		}
	}
	return nil
}

// Verdicts counts the verdicts given on one readout's annotations (all
// readouts when readoutID is ""), by rating id.
func (w *Workspace) Verdicts(readoutID string) map[string]int {
	out := map[string]int{}
	for _, a := range w.Annotations {
		if a.Check != nil && a.Check.Verdict != "" && (readoutID == "" || a.ReadoutID == readoutID) {
			out[a.Check.Verdict]++
		}
	}
	return out
}

// SetCheck sets (or, with nil, removes) the check of an annotation.
type SetCheck struct {
	ID    string
	Check *Check
	// restoreUpdated puts back the annotation's UpdatedAt on undo: a
	// check is a change to the annotation (a merge takes the newer one).
	restoreUpdated time.Time
}

func (o SetCheck) Describe() string {
	if o.Check == nil {
		return "Remove check"
	}
	return "Edit check"
}

func (o SetCheck) Apply(w *Workspace, now time.Time) (Op, error) {
	a := w.Annotation(o.ID)
	if a == nil {
		return nil, fmt.Errorf("check: no annotation %s", o.ID)
	}
	c := o.Check.Clone()
	if c != nil {
		c.Claim, c.Claimant = strings.TrimSpace(c.Claim), strings.TrimSpace(c.Claimant)
		for i := range c.Evidence {
			c.Evidence[i].URL = strings.TrimSpace(c.Evidence[i].URL)
			c.Evidence[i].Title = strings.TrimSpace(c.Evidence[i].Title)
		}
		if c.CheckedAt.IsZero() {
			c.CheckedAt = now
		}
		c.CheckedAt = c.CheckedAt.UTC().Truncate(time.Second)
	}
	if err := checkCheck(c, w.Scale()); err != nil {
		return nil, err
	}
	inv := SetCheck{ID: a.ID, Check: a.Check.Clone(), restoreUpdated: a.UpdatedAt}
	a.Check = c
	a.UpdatedAt = now.UTC().Truncate(time.Second)
	if !o.restoreUpdated.IsZero() {
		a.UpdatedAt = o.restoreUpdated
	}
	return inv, nil
}

// SetRatingScale replaces the workspace's rating scale (renaming,
// reordering, adding and removing ratings are all this). A rating that is
// removed while verdicts use it needs a replacement: Replace maps its id to
// a rating of the new scale, and those verdicts move there. Without one the
// change is refused, so no verdict is lost silently.
type SetRatingScale struct {
	Scale   RatingScale
	Replace map[string]string
	// verdicts puts back, on undo, the verdicts a replacement moved;
	// toDefault puts back "no scale of its own" (Scale is then the default).
	verdicts  map[string]string
	toDefault bool
}

func (o SetRatingScale) Describe() string { return "Edit rating scale" }

func (o SetRatingScale) Apply(w *Workspace, now time.Time) (Op, error) {
	next := slices.Clone(o.Scale)
	for i := range next {
		next[i].Name, next[i].Symbol = strings.TrimSpace(next[i].Name), strings.TrimSpace(next[i].Symbol)
	}
	if err := next.Check(); err != nil {
		return nil, err
	}
	moved := map[string]string{} // annotation id -> its new verdict
	for _, a := range w.Annotations {
		if a.Check == nil || a.Check.Verdict == "" {
			continue
		}
		if v, ok := o.verdicts[a.ID]; ok {
			moved[a.ID] = v
			continue
		}
		if _, ok := next.Rating(a.Check.Verdict); ok {
			continue
		}
		old, _ := w.Scale().Rating(a.Check.Verdict)
		to, ok := o.Replace[a.Check.Verdict]
		if !ok {
			return nil, fmt.Errorf("ratingScale: rating %q is the verdict of %d check(s); choose a rating to replace it with", old.Name, w.Verdicts("")[a.Check.Verdict])
		}
		if _, ok := next.Rating(to); !ok {
			return nil, fmt.Errorf("ratingScale: the replacement for %q is not a rating of the new scale", old.Name)
		}
		moved[a.ID] = to
	}
	for id, v := range moved {
		if _, ok := next.Rating(v); !ok {
			return nil, fmt.Errorf("ratingScale: verdict %q of annotation %s is not a rating of the new scale", v, id)
		}
	}
	inv := SetRatingScale{Scale: slices.Clone(w.RatingScale), verdicts: map[string]string{}}
	if inv.Scale == nil {
		inv.Scale, inv.toDefault = DefaultScale(), true
	}
	for id, v := range moved {
		a := w.Annotation(id)
		inv.verdicts[id] = a.Check.Verdict
		c := a.Check.Clone()
		c.Verdict = v
		a.Check = c
	}
	w.RatingScale = next
	if o.toDefault {
		w.RatingScale = nil
	}
	return inv, nil
}

// Publisher is who publishes the fact-checks of a workspace as ClaimReview,
// and the article that carries them; asked once per workspace.
type Publisher struct {
	Name       string
	URL        string
	ArticleURL string
}

// SetPublisher sets the workspace's publisher details.
type SetPublisher struct{ Publisher Publisher }

func (o SetPublisher) Describe() string { return "Edit publisher" }

func (o SetPublisher) Apply(w *Workspace, now time.Time) (Op, error) {
	p := Publisher{Name: strings.TrimSpace(o.Publisher.Name), URL: strings.TrimSpace(o.Publisher.URL),
		ArticleURL: strings.TrimSpace(o.Publisher.ArticleURL)}
	inv := SetPublisher{Publisher: w.Publisher}
	w.Publisher = p
	return inv, nil
}

// scale helpers for the settings UI: each returns a new scale.

// Renamed returns s with rating i renamed.
func (s RatingScale) Renamed(i int, name string) RatingScale {
	out := slices.Clone(s)
	if i >= 0 && i < len(out) {
		out[i].Name = name
	}
	return out
}

// Moved returns s with rating i moved by delta places (clamped).
func (s RatingScale) Moved(i, delta int) RatingScale {
	out := slices.Clone(s)
	j := min(max(i+delta, 0), len(out)-1)
	if i < 0 || i >= len(out) || i == j {
		return out
	}
	r := out[i]
	out = slices.Delete(out, i, i+1)
	return slices.Insert(out, j, r)
}

// Without returns s without rating i.
func (s RatingScale) Without(i int) RatingScale {
	out := slices.Clone(s)
	if i >= 0 && i < len(out) {
		out = slices.Delete(out, i, i+1)
	}
	return out
}
