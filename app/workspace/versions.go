package workspace

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"framecheck/app/anchor"
	"framecheck/app/textpos"
)

// Version is an earlier text of a readout, kept when a new version replaced
// it (see AddVersion).
type Version struct {
	Text string
	// AddedAt is when this text was kept as an earlier version, that is,
	// when the next version replaced it.
	AddedAt time.Time
	// URL is where this text was published, if known.
	URL string

	text *textpos.Text
	sum  sumCache
}

// Sum returns the SHA-256 of the version's text (see TextSHA256), hashed
// once.
func (v *Version) Sum() string { return v.sum.get(v.Text) }

// TextSum returns the SHA-256 of the readout's text (see TextSHA256),
// hashed once per text.
func (r *Readout) TextSum() string { return r.sum.get(r.Text) }

// sumCache remembers the SHA-256 of a text with the text it is of: hashing
// 100,000 characters takes milliseconds in WebAssembly, and writing a file
// names the text once per annotation. Comparing the same string again is
// cheap (pointer first); a different text is hashed afresh.
type sumCache struct{ of, sum string }

func (c *sumCache) get(s string) string {
	if c.sum == "" || c.of != s {
		c.of, c.sum = s, TextSHA256(s)
	}
	return c.sum
}

// Positions returns the indexed text of the version.
func (v *Version) Positions() *textpos.Text {
	if v.text == nil || v.text.String() != v.Text {
		v.text = textpos.New(v.Text)
	}
	return v.text
}

// TextSHA256 returns the SHA-256 of s in lowercase hex: how a version is
// named (annotations' AnchoredTo, the file's textSha256).
func TextSHA256(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// Version returns the earlier version of r whose text has the SHA-256 sum,
// or nil.
func (r *Readout) Version(sum string) *Version {
	for _, v := range r.Versions {
		if v.Sum() == sum {
			return v
		}
	}
	return nil
}

// TextOf returns the text a's offsets refer to: r's own, or for an orphan
// the earlier version it last anchored in (nil if r has no such version).
func (r *Readout) TextOf(a *Annotation) *textpos.Text {
	if !a.Orphan {
		return r.Positions()
	}
	if v := r.Version(a.AnchoredTo); v != nil {
		return v.Positions()
	}
	return nil
}

// checkVersions validates r's earlier texts like its own.
func (r *Readout) checkVersions() error {
	for i, v := range r.Versions {
		switch {
		case v == nil || v.Text == "":
			return fmt.Errorf("versions[%d].text: must not be empty", i)
		case v.Positions().Len() > MaxTextLen:
			return fmt.Errorf("versions[%d].text: %d characters is more than the limit of %d", i, v.Positions().Len(), MaxTextLen)
		case strings.ContainsRune(v.Text, '\r'):
			return fmt.Errorf("versions[%d].text: contains a carriage return (line breaks must be LF)", i)
		}
	}
	return nil
}

// checkAnchoring validates a's AnchoredTo and Orphan against r.
func checkAnchoring(a *Annotation, r *Readout) error {
	switch {
	case a.Orphan && a.AnchoredTo == "":
		return fmt.Errorf("anchoredTo: an orphan must name the version its offsets refer to")
	case a.Orphan && r.Version(a.AnchoredTo) == nil:
		return fmt.Errorf("anchoredTo: %q is not an earlier version of readout %q", clip(a.AnchoredTo), r.Title)
	case !a.Orphan && a.AnchoredTo != "" && a.AnchoredTo != r.TextSum():
		return fmt.Errorf("anchoredTo: names another text than readout %q's, but the annotation is not an orphan", r.Title)
	}
	return nil
}

// AddVersion replaces the text of a readout with a new version, keeping the
// old text in Versions, and carries every annotation of the readout over
// (app/anchor: through the diff, by its quote, approximately, or else as an
// orphan). Annotations keep their id, note, links and times; one whose
// quote changed gets UpdatedAt and PreviousExact; an orphan keeps its
// offsets and quote, which then refer to the old text (AnchoredTo). The
// whole change is one undoable step.
type AddVersion struct {
	ReadoutID string
	// Text is normalised like a new readout's (line breaks to LF).
	Text string
	// URL, when not empty, becomes the readout's URL (the old one stays
	// with the old version).
	URL string
	// Result, when not nil, receives what happened to each annotation.
	Result *VersionResult
}

// VersionResult says what AddVersion did.
type VersionResult struct {
	Diff *anchor.Diff
	// Methods maps annotation ids of the readout to how each was placed.
	Methods map[string]anchor.Method
}

// Orphans counts the annotations AddVersion could not place.
func (v *VersionResult) Orphans() int {
	n := 0
	for _, m := range v.Methods {
		if m == anchor.Orphan {
			n++
		}
	}
	return n
}

func (o AddVersion) Describe() string { return "Add new version" }

func (o AddVersion) Apply(w *Workspace, now time.Time) (Op, error) {
	r := w.Readout(o.ReadoutID)
	if r == nil {
		return nil, fmt.Errorf("new version: no readout %s", o.ReadoutID)
	}
	text := textpos.NormalizeNewlines(o.Text)
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("text: paste the new version's text; it is empty")
	}
	neu := textpos.New(text) // built once: the limit, re-anchoring and the page use it
	if n := neu.Len(); n > MaxTextLen {
		return nil, fmt.Errorf("text: %d characters is more than the limit of %d", n, MaxTextLen)
	}
	if text == r.Text {
		return nil, fmt.Errorf("text: the new version is the same as the current text")
	}
	inv := w.snapshot(r)
	inv.label = o.Describe()
	now = now.UTC().Truncate(time.Second)
	oldSum := r.TextSum()
	old := r.Positions()
	d := anchor.Compute(r.Text, text)

	var anns []*Annotation
	var targets []anchor.Target
	for _, a := range w.Annotations {
		if a.ReadoutID == r.ID && !a.Orphan {
			anns = append(anns, a)
			targets = append(targets, anchor.Target{Start: a.Start, End: a.End,
				Quote: anchor.Quote{Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix}})
		}
	}
	placed := anchor.Reanchor(d, old, neu, targets, ContextLen)

	// The indexes of both texts move with them (the page shows the
	// removed passages from the earlier text at once).
	r.Versions = append(slices.Clone(r.Versions), &Version{Text: r.Text, AddedAt: now, URL: r.URL, text: old})
	r.Text, r.text = text, neu
	if u := strings.TrimSpace(o.URL); u != "" {
		r.URL = u
	}
	methods := make(map[string]anchor.Method, len(anns))
	for i, a := range anns {
		p := placed[i]
		methods[a.ID] = p.Method
		if p.Method == anchor.Orphan {
			a.Orphan, a.AnchoredTo = true, oldSum
			continue
		}
		if p.Exact != a.Exact {
			a.PreviousExact, a.UpdatedAt = a.Exact, now
		}
		a.Start, a.End, a.Exact, a.Prefix, a.Suffix = p.Start, p.End, p.Exact, p.Prefix, p.Suffix
		a.AnchoredTo = ""
	}
	w.Sort()
	if err := w.Validate(); err != nil {
		_, _ = inv.Apply(w, now) // cannot fail: it restores what was
		return nil, fmt.Errorf("new version: %w", err)
	}
	if o.Result != nil {
		*o.Result = VersionResult{Diff: d, Methods: methods}
	}
	return inv, nil
}

// PlaceOrphan anchors an orphan on [Start, End) of its readout's current
// text (snapped like a new annotation), with the quote found there.
type PlaceOrphan struct {
	ID         string
	Start, End int
}

func (o PlaceOrphan) Describe() string { return "Place orphan" }

func (o PlaceOrphan) Apply(w *Workspace, now time.Time) (Op, error) {
	a := w.Annotation(o.ID)
	if a == nil || !a.Orphan {
		return nil, fmt.Errorf("place orphan: %s is not an orphan of this workspace", o.ID)
	}
	r := w.Readout(a.ReadoutID)
	probe, err := w.NewAnnotation(a.ReadoutID, a.Tag, o.Start, o.End, "", now)
	if err != nil {
		return nil, fmt.Errorf("place orphan: %w", err)
	}
	inv := w.snapshot(r, a.ID)
	inv.label = o.Describe()
	if probe.Exact != a.Exact {
		a.PreviousExact = a.Exact
	}
	a.Start, a.End, a.Exact, a.Prefix, a.Suffix = probe.Start, probe.End, probe.Exact, probe.Prefix, probe.Suffix
	a.Orphan, a.AnchoredTo = false, ""
	a.UpdatedAt = probe.UpdatedAt
	w.Sort()
	return inv, nil
}

// restoreReadout puts back a readout's text, URL and versions and the given
// annotations (by id) as they were; its inverse is the state it replaced.
type restoreReadout struct {
	readoutID string
	text, url string
	versions  []*Version
	anns      []Annotation
	label     string
}

func (o restoreReadout) Describe() string { return o.label }

// snapshot returns the restoreReadout for r and the annotations with the
// given ids (all of r's when none are given).
func (w *Workspace) snapshot(r *Readout, ids ...string) restoreReadout {
	s := restoreReadout{readoutID: r.ID, text: r.Text, url: r.URL, versions: r.Versions}
	keep := func(a *Annotation) bool {
		return (len(ids) == 0 && a.ReadoutID == r.ID) || slices.Contains(ids, a.ID)
	}
	// Counted first: growing a slice of 2,000 annotations by appending
	// copied them about twice over.
	n := 0
	for _, a := range w.Annotations {
		if keep(a) {
			n++
		}
	}
	s.anns = make([]Annotation, 0, n)
	for _, a := range w.Annotations {
		if keep(a) {
			s.anns = append(s.anns, *a)
		}
	}
	return s
}

func (o restoreReadout) Apply(w *Workspace, now time.Time) (Op, error) {
	r := w.Readout(o.readoutID)
	if r == nil {
		return nil, fmt.Errorf("restore: no readout %s", o.readoutID)
	}
	ids := make([]string, len(o.anns))
	for i, a := range o.anns {
		if w.Annotation(a.ID) == nil {
			return nil, fmt.Errorf("restore: annotation %s is gone", a.ID)
		}
		ids[i] = a.ID
	}
	inv := w.snapshot(r, ids...)
	inv.label = o.label
	r.Text, r.URL, r.Versions = o.text, o.url, o.versions
	for _, a := range o.anns {
		*w.Annotation(a.ID) = a
	}
	w.Sort()
	return inv, nil
}

// TextPositions indexes a text for offset conversions (for texts that are
// not a readout's current one, such as an earlier version).
func TextPositions(s string) *textpos.Text { return textpos.New(s) }
