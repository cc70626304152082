// Package workspace is the browser-free model of framecheck: a workspace of
// readouts and the annotations on them, the operations that change it (each
// returning its inverse, so undo is a stack of operations) and the invariants
// every workspace keeps.
package workspace

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"framecheck/app/internal/order"
	"framecheck/app/textpos"

	"github.com/google/uuid"
)

// Tag classifies an annotated span.
type Tag string

// The three tags of framecheck.
const (
	Fact     Tag = "fact"
	Framing  Tag = "framing"
	Omission Tag = "omission"
)

// Tags lists the tags in their display (and key 1/2/3) order.
var Tags = []Tag{Fact, Framing, Omission}

// Valid reports whether t is one of the known tags.
func (t Tag) Valid() bool { return t == Fact || t == Framing || t == Omission }

// Label is the tag's human name.
func (t Tag) Label() string {
	switch t {
	case Fact:
		return "Fact"
	case Framing:
		return "Framing"
	case Omission:
		return "Omission"
	}
	return string(t)
}

// Limits of what a readout may hold.
const (
	// MaxTextLen is the largest readout, in code points.
	MaxTextLen = 2_000_000
	// ContextLen is how many code points of prefix/suffix an annotation keeps.
	ContextLen = 32
)

// Readout is one account of the event, as published. Text is stored exactly
// as pasted, except that line breaks are normalised to LF.
type Readout struct {
	ID          string
	Title       string
	Source      string
	URL         string
	PublishedAt string
	Language    string
	Text        string
	// Versions are the readout's earlier texts, oldest first (see
	// AddVersion).
	Versions []*Version

	// text indexes Text for offset conversions; built on first use.
	text *textpos.Text
	sum  sumCache
}

// Positions returns the indexed text, for offset conversions.
func (r *Readout) Positions() *textpos.Text {
	if r.text == nil || r.text.String() != r.Text {
		r.text = textpos.New(r.Text)
	}
	return r.text
}

// Share gives r the index and SHA-256 (lowercase hex) of its text made
// for another readout with the same text: a class's hand-ins carry the
// same texts, and indexing and hashing each copy cost the class view a
// tenth of its load. t is ignored unless it indexes r.Text; sum must be
// the SHA-256 of r.Text.
func (r *Readout) Share(t *textpos.Text, sum string) {
	if t != nil && t.String() == r.Text {
		r.text = t
	}
	if sum != "" {
		r.sum = sumCache{of: r.Text, sum: sum}
	}
}

// Annotation tags a span [Start, End) of a readout, in code points. An
// omission may be a point (Start == End) marking where something is missing.
type Annotation struct {
	ID        string
	ReadoutID string
	Tag       Tag
	Start     int
	End       int
	Exact     string
	Prefix    string
	Suffix    string
	Note      string
	Author    string
	OmittedBy []string
	// Links tie the annotation to others ("the same claim, told two ways");
	// each link is written on both ends.
	Links []Link
	// Check is the fact-checker's verdict on the claim, if any.
	Check     *Check
	CreatedAt time.Time
	UpdatedAt time.Time
	// Orphan marks an annotation that a new version of its readout could
	// not place: its offsets and quote refer to the earlier version named
	// by AnchoredTo (the SHA-256 of its text). AnchoredTo is "" or the
	// current text's SHA-256 for every other annotation.
	Orphan     bool
	AnchoredTo string
	// PreviousExact is the quote before a new version changed it ("" when
	// it did not).
	PreviousExact string
}

// LinkKind says how two linked annotations relate.
type LinkKind string

// Counterpart links two spans of different readouts that tell the same claim.
const Counterpart LinkKind = "counterpart"

// Link is one end of a link between two annotations.
type Link struct {
	AnnotationID string
	Kind         LinkKind
	Note         string
}

// SortLinks puts links in the model's canonical order: by the other end's
// id (stable; Validate refuses two links to one annotation).
func SortLinks(ls []Link) {
	order.StableFunc(ls, func(x, y Link) int { return strings.Compare(x.AnnotationID, y.AnnotationID) })
}

// LinkTo returns a's link to the annotation id, if any.
func (a *Annotation) LinkTo(id string) (Link, bool) {
	for _, l := range a.Links {
		if l.AnnotationID == id {
			return l, true
		}
	}
	return Link{}, false
}

// IsPoint reports whether a is a zero-width omission marker.
func (a *Annotation) IsPoint() bool { return a.Start == a.End }

// Workspace holds readouts and their annotations. Annotations are kept in
// canonical order (readout order, then start, end, id) so that the same
// workspace always exports the same bytes.
type Workspace struct {
	ID          string
	Title       string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Readouts    []*Readout
	Annotations []*Annotation
	// RatingScale is the scale of check verdicts; nil is DefaultScale.
	RatingScale RatingScale
	// Publisher publishes the workspace's checks as ClaimReview.
	Publisher Publisher

	// Assignment is set on a workspace opened from a class pack (a
	// student's work); nil otherwise. See app/class.
	Assignment *Assignment
	// SubmittedBy and SubmittedAt stamp a hand-in file: set together, only
	// on the copy that Hand in downloads, never on the stored workspace.
	SubmittedBy string
	SubmittedAt time.Time
}

// Assignment is what a teacher's class pack says about the task. Student is
// the name the student gave; it signs every annotation they make.
type Assignment struct {
	ID           string
	Title        string
	Instructions string
	CreatedAt    time.Time
	Student      string
}

// Locked reports whether the readouts may not be edited, deleted or added:
// a student's assignment keeps the teacher's texts exactly.
func (w *Workspace) Locked() bool { return w.Assignment != nil }

// New returns an empty workspace with a fresh id.
func New(title string, now time.Time) *Workspace {
	now = now.UTC().Truncate(time.Second)
	return &Workspace{ID: uuid.NewString(), Title: title, CreatedAt: now, UpdatedAt: now}
}

// Readout returns the readout with the given id, or nil.
func (w *Workspace) Readout(id string) *Readout {
	for _, r := range w.Readouts {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// ReadoutIndex returns the position of the readout in w.Readouts, or -1.
func (w *Workspace) ReadoutIndex(id string) int {
	return slices.IndexFunc(w.Readouts, func(r *Readout) bool { return r.ID == id })
}

// Annotation returns the annotation with the given id, or nil.
func (w *Workspace) Annotation(id string) *Annotation {
	for _, a := range w.Annotations {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// AnnotationsOf returns the annotations placed on one readout's text, in
// text order: every one but its orphans (see OrphansOf), whose offsets
// refer to an earlier version.
func (w *Workspace) AnnotationsOf(readoutID string) []*Annotation {
	var out []*Annotation
	for _, a := range w.Annotations {
		if a.ReadoutID == readoutID && !a.Orphan {
			out = append(out, a)
		}
	}
	return out
}

// OrphansOf returns the orphans of one readout: annotations that a new
// version could not place.
func (w *Workspace) OrphansOf(readoutID string) []*Annotation {
	var out []*Annotation
	for _, a := range w.Annotations {
		if a.ReadoutID == readoutID && a.Orphan {
			out = append(out, a)
		}
	}
	return out
}

// Sort puts the annotations in canonical order: by readout (in workspace
// order), then start, end and id.
func (w *Workspace) Sort() {
	order := make(map[string]int, len(w.Readouts))
	for i, r := range w.Readouts {
		order[r.ID] = i
	}
	slices.SortStableFunc(w.Annotations, func(a, b *Annotation) int {
		if d := order[a.ReadoutID] - order[b.ReadoutID]; d != 0 {
			return d
		}
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		if a.End != b.End {
			return a.End - b.End
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// idPlace is where an id sits in a workspace: "workspace" (i is -1), or
// the list and index of a readout or annotation.
type idPlace struct {
	list string
	i    int
}

func (p idPlace) String() string {
	if p.i < 0 {
		return p.list + ".id"
	}
	return p.list + "[" + strconv.Itoa(p.i) + "].id"
}

// Validate checks every invariant of the model and returns the first
// violation, naming where it is (e.g. `annotations[3].end`).
func (w *Workspace) Validate() error {
	if err := checkID(w.ID); err != nil {
		return fmt.Errorf("workspace.id: %w", err)
	}
	if strings.TrimSpace(w.Title) == "" {
		return fmt.Errorf("workspace.title: must not be empty")
	}
	// Where each id was seen; the path is spelled out only for an error
	// (Validate runs on every import, save and export).
	seen := make(map[string]idPlace, 1+len(w.Readouts)+len(w.Annotations))
	claim := func(id string, where idPlace) error {
		if err := checkID(id); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		if prev, ok := seen[id]; ok {
			return fmt.Errorf("%s: id %s is already used by %s", where, id, prev)
		}
		seen[id] = where
		return nil
	}
	if err := claim(w.ID, idPlace{"workspace", -1}); err != nil {
		return err
	}
	scale := w.Scale()
	if w.RatingScale != nil {
		if err := w.RatingScale.Check(); err != nil {
			return fmt.Errorf("workspace.%w", err)
		}
	}
	// Looked up by id, so that a workspace (or an imported file) with many
	// readouts validates in linear time, not readouts × annotations.
	readouts := make(map[string]*Readout, len(w.Readouts))
	for i, r := range w.Readouts {
		if err := claim(r.ID, idPlace{"readouts", i}); err != nil {
			return err
		}
		if err := r.Check(); err != nil {
			return fmt.Errorf("readouts[%d].%w", i, err)
		}
		readouts[r.ID] = r
	}
	lookup := func(id string) *Readout { return readouts[id] }
	anns := make(map[string]*Annotation, len(w.Annotations))
	for i, a := range w.Annotations {
		if err := claim(a.ID, idPlace{"annotations", i}); err != nil {
			return err
		}
		if err := checkAnnotation(a, lookup); err != nil {
			return fmt.Errorf("annotations[%d].%w", i, err)
		}
		if err := checkCheck(a.Check, scale); err != nil {
			return fmt.Errorf("annotations[%d].%w", i, err)
		}
		anns[a.ID] = a
	}
	// Links need every annotation known: a second pass, with every link
	// end in a set, so that an annotation with many links checks in
	// linear time (a crafted file may link one to 100,000 others).
	ends := make(map[linkEnd]Link)
	for _, a := range w.Annotations {
		for _, l := range a.Links {
			if _, dup := ends[linkEnd{a.ID, l.AnnotationID}]; !dup {
				ends[linkEnd{a.ID, l.AnnotationID}] = l
			}
		}
	}
	if err := w.checkAssignment(); err != nil {
		return err
	}
	// Links need every annotation known: a second pass.
	for i, a := range w.Annotations {
		if err := checkLinks(a, anns, ends); err != nil {
			return fmt.Errorf("annotations[%d].%w", i, err)
		}
	}
	return nil
}

// linkEnd names the end of a link kept on annotation from, to annotation to.
type linkEnd struct{ from, to string }

// checkAssignment checks the assignment and the hand-in stamp: a hand-in
// names its student and time and belongs to an assignment.
func (w *Workspace) checkAssignment() error {
	if a := w.Assignment; a != nil {
		if err := checkID(a.ID); err != nil {
			return fmt.Errorf("assignment.id: %w", err)
		}
		if strings.TrimSpace(a.Title) == "" {
			return fmt.Errorf("assignment.title: must not be empty")
		}
	}
	switch {
	case w.SubmittedBy == "" && w.SubmittedAt.IsZero():
		return nil
	case w.Assignment == nil:
		return fmt.Errorf("submittedBy: a hand-in must carry its assignment")
	case strings.TrimSpace(w.SubmittedBy) == "":
		return fmt.Errorf("submittedBy: must name the student")
	case w.SubmittedAt.IsZero():
		return fmt.Errorf("submittedAt: missing; a hand-in says when it was handed in")
	}
	return nil
}

// checkLinks validates a's links against the other annotations: a known
// kind, another annotation on another readout, once each, and the same link
// written back on the other end (ends holds every end, the first of
// duplicates).
func checkLinks(a *Annotation, anns map[string]*Annotation, ends map[linkEnd]Link) error {
	var seen map[string]bool // a set, not a scan: the list may be long
	if len(a.Links) > 1 {
		seen = make(map[string]bool, len(a.Links))
	}
	for j, l := range a.Links {
		b := anns[l.AnnotationID]
		switch {
		case l.Kind != Counterpart:
			return fmt.Errorf("links[%d].kind: %q is not a link kind (counterpart)", j, l.Kind)
		case l.AnnotationID == a.ID:
			return fmt.Errorf("links[%d].annotationId: an annotation cannot link to itself", j)
		case b == nil:
			return fmt.Errorf("links[%d].annotationId: %q is not an annotation of this workspace", j, l.AnnotationID)
		case b.ReadoutID == a.ReadoutID:
			return fmt.Errorf("links[%d].annotationId: counterparts must be in different readouts", j)
		}
		if seen[l.AnnotationID] {
			return fmt.Errorf("links[%d].annotationId: %q is linked twice", j, l.AnnotationID)
		}
		if seen != nil {
			seen[l.AnnotationID] = true
		}
		back, ok := ends[linkEnd{b.ID, a.ID}]
		if !ok || back.Kind != l.Kind || back.Note != l.Note {
			return fmt.Errorf("links[%d]: the link to %s is not written back on that annotation (links are kept on both ends)", j, l.AnnotationID)
		}
	}
	return nil
}

// Check validates a readout on its own. The error starts with the field name.
func (r *Readout) Check() error {
	if strings.TrimSpace(r.Title) == "" {
		return fmt.Errorf("title: must not be empty")
	}
	if r.Text == "" {
		return fmt.Errorf("text: must not be empty")
	}
	if n := r.Positions().Len(); n > MaxTextLen {
		return fmt.Errorf("text: %d characters is more than the limit of %d", n, MaxTextLen)
	}
	if strings.ContainsRune(r.Text, '\r') {
		return fmt.Errorf("text: contains a carriage return (line breaks must be LF)")
	}
	return r.checkVersions()
}

// checkAnnotation validates a against its readout. The error starts with the
// field name.
func (w *Workspace) checkAnnotation(a *Annotation) error {
	return checkAnnotation(a, w.Readout)
}

// checkAnnotation validates a, finding readouts with readout.
func checkAnnotation(a *Annotation, readout func(id string) *Readout) error {
	r := readout(a.ReadoutID)
	if r == nil {
		return fmt.Errorf("readoutId: %q is not a readout of this workspace", a.ReadoutID)
	}
	if !a.Tag.Valid() {
		return fmt.Errorf("tag: %q is not one of fact, framing, omission", a.Tag)
	}
	if err := checkAnchoring(a, r); err != nil {
		return err
	}
	t := r.TextOf(a)
	switch {
	case a.Start < 0:
		return fmt.Errorf("start: %d is negative", a.Start)
	case a.End > t.Len():
		return fmt.Errorf("end: %d is past the end of readout %q (%d code points)", a.End, r.Title, t.Len())
	case a.End < a.Start:
		return fmt.Errorf("end: %d is before start %d", a.End, a.Start)
	case a.End == a.Start && a.Tag != Omission:
		return fmt.Errorf("end: equals start (%d); only an omission may be a point", a.Start)
	}
	exact, _ := t.Slice(a.Start, a.End)
	if a.Exact != exact {
		return fmt.Errorf("exact: %q does not match the text at %d-%d of readout %q (%q)", clip(a.Exact), a.Start, a.End, r.Title, clip(exact))
	}
	if len(a.OmittedBy) > 0 && a.Tag != Omission {
		return fmt.Errorf("omittedBy: only omissions name the readouts that leave them out")
	}
	var listed map[string]bool // a set, not slices.Index: the list may be long
	if len(a.OmittedBy) > 1 {
		listed = make(map[string]bool, len(a.OmittedBy))
	}
	for j, id := range a.OmittedBy {
		switch {
		case id == a.ReadoutID:
			return fmt.Errorf("omittedBy[%d]: names the annotation's own readout", j)
		case readout(id) == nil:
			return fmt.Errorf("omittedBy[%d]: %q is not a readout of this workspace", j, id)
		case listed[id]:
			return fmt.Errorf("omittedBy[%d]: %q is listed twice", j, id)
		}
		if listed != nil {
			listed[id] = true
		}
	}
	return nil
}

func checkID(id string) error {
	if id == "" {
		return fmt.Errorf("missing id")
	}
	if _, err := uuid.Parse(id); err != nil || len(id) != 36 {
		return fmt.Errorf("%q is not a UUID", clip(id))
	}
	return nil
}

// clip shortens s for an error message.
func clip(s string) string {
	const max = 40
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max]) + "…"
}
