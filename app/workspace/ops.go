package workspace

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"framecheck/app/textpos"

	"github.com/google/uuid"
)

// Op is one change to a workspace. Apply either changes w completely and
// returns the operation that undoes it, or returns an error and leaves w as it
// was. Undo and redo are stacks of Ops.
type Op interface {
	Apply(w *Workspace, now time.Time) (inverse Op, err error)
	// Describe names the change for an undo button ("Delete fact").
	Describe() string
}

// touch records a change time on the workspace.
func (w *Workspace) touch(now time.Time) {
	w.UpdatedAt = now.UTC().Truncate(time.Second)
}

// Do applies op to w and returns its inverse.
func (w *Workspace) Do(op Op, now time.Time) (Op, error) {
	if w.Locked() {
		switch o := op.(type) {
		case AddReadout, DeleteReadout, EditReadout, *AddReadout, *DeleteReadout, *EditReadout:
			return nil, fmt.Errorf("%s: the readouts of an assignment are the teacher's and cannot be changed", op.Describe())
		case ReplaceContent:
			if !sameTexts(w.Readouts, o.Readouts) {
				return nil, fmt.Errorf("%s: the readouts of an assignment are the teacher's and cannot be changed", op.Describe())
			}
		}
	}
	inv, err := op.Apply(w, now)
	if err != nil {
		return nil, err
	}
	w.touch(now)
	return inv, nil
}

// sameTexts reports whether two lists of readouts are the same readouts
// with the same texts, in the same order.
func sameTexts(a, b []*Readout) bool {
	return slices.EqualFunc(a, b, func(x, y *Readout) bool { return x.ID == y.ID && x.Text == y.Text })
}

// SetStudent sets the name that signs a student's work on an assignment,
// and re-signs the annotations signed with the previous name.
type SetStudent struct{ Name string }

func (o SetStudent) Describe() string { return "Set your name" }

func (o SetStudent) Apply(w *Workspace, now time.Time) (Op, error) {
	if w.Assignment == nil {
		return nil, fmt.Errorf("set your name: this workspace is not an assignment")
	}
	name := strings.TrimSpace(o.Name)
	old := w.Assignment.Student
	a := *w.Assignment // a new value: copies of the workspace share the old one
	a.Student = name
	w.Assignment = &a
	if old != "" && name != "" {
		for _, an := range w.Annotations {
			if an.Author == old {
				an.Author = name
			}
		}
	}
	return SetStudent{Name: old}, nil
}

// NewReadout prepares a readout from form input: line breaks normalised,
// fields trimmed, a fresh id. It refuses empty or oversized text and a
// missing title, with a message that names the field.
func NewReadout(title, source, url, publishedAt, language, text string) (*Readout, error) {
	r := &Readout{
		ID:          uuid.NewString(),
		Title:       strings.TrimSpace(nl(title)),
		Source:      strings.TrimSpace(nl(source)),
		URL:         strings.TrimSpace(nl(url)),
		PublishedAt: strings.TrimSpace(nl(publishedAt)),
		Language:    strings.TrimSpace(nl(language)),
		Text:        textpos.NormalizeNewlines(text),
	}
	if strings.TrimSpace(r.Text) == "" {
		return nil, fmt.Errorf("text: paste the readout's text; it is empty")
	}
	if err := r.Check(); err != nil {
		return nil, err
	}
	return r, nil
}

// AddReadout appends a readout (or inserts it at Index when restoring).
type AddReadout struct {
	Readout *Readout
	Index   int // -1 appends
	// Annotations and OmittedBy restore what DeleteReadout removed.
	Annotations []*Annotation
	omittedBy   map[string][]string
	links       map[string][]Link
	// restoreUpdated puts back the updatedAt of the annotations whose links
	// come back (see stamp).
	restoreUpdated map[string]time.Time
}

func (o AddReadout) Describe() string { return "Add readout" }

func (o AddReadout) Apply(w *Workspace, now time.Time) (Op, error) {
	if o.Readout == nil {
		return nil, fmt.Errorf("add readout: no readout")
	}
	if err := o.Readout.Check(); err != nil {
		return nil, fmt.Errorf("add readout: %w", err)
	}
	if err := checkID(o.Readout.ID); err != nil {
		return nil, fmt.Errorf("add readout: id: %w", err)
	}
	if w.Readout(o.Readout.ID) != nil {
		return nil, fmt.Errorf("add readout: readout %s already exists", o.Readout.ID)
	}
	idx := o.Index
	if idx < 0 || idx > len(w.Readouts) {
		idx = len(w.Readouts)
	}
	w.Readouts = slices.Insert(w.Readouts, idx, o.Readout)
	w.Annotations = append(w.Annotations, o.Annotations...)
	for id, list := range o.omittedBy {
		if a := w.Annotation(id); a != nil {
			a.OmittedBy = slices.Clone(list)
		}
	}
	var relinked []*Annotation
	for id, list := range o.links {
		if a := w.Annotation(id); a != nil {
			a.Links = slices.Clone(list)
			relinked = append(relinked, a)
		}
	}
	before := stamp(relinked, o.restoreUpdated, now)
	w.Sort()
	return DeleteReadout{ID: o.Readout.ID, restoreUpdated: before}, nil
}

// DeleteReadout removes a readout, its annotations, and its mentions in
// other annotations' OmittedBy.
type DeleteReadout struct {
	ID             string
	restoreUpdated map[string]time.Time
}

func (o DeleteReadout) Describe() string { return "Delete readout" }

func (o DeleteReadout) Apply(w *Workspace, now time.Time) (Op, error) {
	idx := w.ReadoutIndex(o.ID)
	if idx < 0 {
		return nil, fmt.Errorf("delete readout: no readout %s", o.ID)
	}
	inv := AddReadout{Readout: w.Readouts[idx], Index: idx, omittedBy: map[string][]string{}, links: map[string][]Link{}}
	gone := map[string]bool{}
	for _, a := range w.Annotations {
		if a.ReadoutID == o.ID {
			gone[a.ID] = true
		}
	}
	kept := w.Annotations[:0:0]
	var unlinked []*Annotation
	for _, a := range w.Annotations {
		if a.ReadoutID == o.ID {
			inv.Annotations = append(inv.Annotations, a)
			continue
		}
		if slices.ContainsFunc(a.Links, func(l Link) bool { return gone[l.AnnotationID] }) {
			inv.links[a.ID] = slices.Clone(a.Links)
			a.dropLinks(func(id string) bool { return gone[id] })
			unlinked = append(unlinked, a)
		}
		if slices.Contains(a.OmittedBy, o.ID) {
			inv.omittedBy[a.ID] = slices.Clone(a.OmittedBy)
			a.OmittedBy = slices.DeleteFunc(slices.Clone(a.OmittedBy), func(s string) bool { return s == o.ID })
			if len(a.OmittedBy) == 0 {
				a.OmittedBy = nil
			}
		}
		kept = append(kept, a)
	}
	w.Annotations = kept
	w.Readouts = slices.Delete(w.Readouts, idx, idx+1)
	inv.restoreUpdated = stamp(unlinked, o.restoreUpdated, now)
	return inv, nil
}

// EditReadout changes a readout's metadata (never its text: offsets depend on it).
type EditReadout struct {
	ID                                        string
	Title, Source, URL, PublishedAt, Language string
}

func (o EditReadout) Describe() string { return "Edit readout details" }

func (o EditReadout) Apply(w *Workspace, now time.Time) (Op, error) {
	r := w.Readout(o.ID)
	if r == nil {
		return nil, fmt.Errorf("edit readout: no readout %s", o.ID)
	}
	if strings.TrimSpace(o.Title) == "" {
		return nil, fmt.Errorf("title: must not be empty")
	}
	inv := EditReadout{ID: r.ID, Title: r.Title, Source: r.Source, URL: r.URL, PublishedAt: r.PublishedAt, Language: r.Language}
	r.Title, r.Source, r.URL = strings.TrimSpace(nl(o.Title)), strings.TrimSpace(nl(o.Source)), strings.TrimSpace(nl(o.URL))
	r.PublishedAt, r.Language = strings.TrimSpace(nl(o.PublishedAt)), strings.TrimSpace(nl(o.Language))
	return inv, nil
}

// RenameWorkspace sets the workspace title.
type RenameWorkspace struct{ Title string }

func (o RenameWorkspace) Describe() string { return "Rename workspace" }

func (o RenameWorkspace) Apply(w *Workspace, now time.Time) (Op, error) {
	t := strings.TrimSpace(nl(o.Title))
	if t == "" {
		return nil, fmt.Errorf("title: must not be empty")
	}
	inv := RenameWorkspace{Title: w.Title}
	w.Title = t
	return inv, nil
}

// NewAnnotation builds an annotation over [start, end) of a readout: edges
// are snapped to grapheme clusters, surrounding white space is left out, and
// the quote (exact, prefix, suffix) is taken from the text. A point
// (start == end) is allowed only for omissions.
func (w *Workspace) NewAnnotation(readoutID string, tag Tag, start, end int, author string, now time.Time) (*Annotation, error) {
	r := w.Readout(readoutID)
	if r == nil {
		return nil, fmt.Errorf("annotate: no readout %s", readoutID)
	}
	if !tag.Valid() {
		return nil, fmt.Errorf("annotate: %q is not a tag", tag)
	}
	t := r.Positions()
	if start < 0 || end < 0 || start > t.Len() || end > t.Len() {
		return nil, fmt.Errorf("annotate: %d-%d is outside readout %q (%d code points)", start, end, r.Title, t.Len())
	}
	if end < start {
		start, end = end, start
	}
	if end > start {
		start, end = trimSpace(t, start, end)
	}
	start, end = t.SnapSpan(start, end)
	if start == end && tag != Omission {
		return nil, fmt.Errorf("annotate: select some text first; only an omission can be a point")
	}
	prefix, exact, suffix, err := t.Quote(start, end, ContextLen)
	if err != nil {
		return nil, fmt.Errorf("annotate: %w", err)
	}
	now = now.UTC().Truncate(time.Second)
	return &Annotation{
		ID: uuid.NewString(), ReadoutID: readoutID, Tag: tag,
		Start: start, End: end, Exact: exact, Prefix: prefix, Suffix: suffix,
		Author: strings.TrimSpace(nl(author)), CreatedAt: now, UpdatedAt: now,
	}, nil
}

// trimSpace moves the edges of a non-empty span inwards past white space, so
// a double-clicked word does not carry its trailing space. A span of only
// white space is left as it is.
func trimSpace(t *textpos.Text, start, end int) (int, int) {
	q, err := t.Slice(start, end)
	if err != nil {
		return start, end
	}
	runes := []rune(q)
	i, j := 0, len(runes)
	for i < j && unicode.IsSpace(runes[i]) {
		i++
	}
	for j > i && unicode.IsSpace(runes[j-1]) {
		j--
	}
	if i == j {
		return start, end
	}
	return start + i, start + j
}

// AddAnnotation inserts an annotation.
type AddAnnotation struct {
	Annotation     *Annotation
	restoreUpdated map[string]time.Time
}

func (o AddAnnotation) Describe() string { return "Add " + o.Annotation.Tag.Label() }

func (o AddAnnotation) Apply(w *Workspace, now time.Time) (Op, error) {
	a := o.Annotation
	if a == nil {
		return nil, fmt.Errorf("add annotation: none given")
	}
	if err := checkID(a.ID); err != nil {
		return nil, fmt.Errorf("add annotation: id: %w", err)
	}
	if w.Annotation(a.ID) != nil {
		return nil, fmt.Errorf("add annotation: %s already exists", a.ID)
	}
	if err := w.checkAnnotation(a); err != nil {
		return nil, fmt.Errorf("add annotation: %w", err)
	}
	// Links (an annotation coming back by undo): every other end must exist,
	// and gets its end written back.
	for _, l := range a.Links {
		b := w.Annotation(l.AnnotationID)
		if b == nil || b.ReadoutID == a.ReadoutID || l.Kind != Counterpart {
			return nil, fmt.Errorf("add annotation: its link to %s cannot be restored", l.AnnotationID)
		}
	}
	var ends []*Annotation
	for _, l := range a.Links {
		b := w.Annotation(l.AnnotationID)
		if _, ok := b.LinkTo(a.ID); !ok {
			b.addLink(Link{AnnotationID: a.ID, Kind: l.Kind, Note: l.Note})
			ends = append(ends, b)
		}
	}
	before := stamp(ends, o.restoreUpdated, now)
	w.Annotations = append(w.Annotations, a)
	w.Sort()
	return DeleteAnnotation{ID: a.ID, restoreUpdated: before}, nil
}

// stamp sets the updatedAt of annotations whose links an op changed: a
// link is part of both ends, and a merge chooses between two versions of an
// annotation by updatedAt. An undo or redo passes restore, the times the
// op's inverse saw, so the times come back exactly; otherwise it is now.
// stamp returns the times before, for the inverse.
func stamp(as []*Annotation, restore map[string]time.Time, now time.Time) map[string]time.Time {
	if len(as) == 0 {
		return nil
	}
	before := make(map[string]time.Time, len(as))
	for _, a := range as {
		before[a.ID] = a.UpdatedAt
		if t, ok := restore[a.ID]; ok {
			a.UpdatedAt = t
		} else {
			a.UpdatedAt = now.UTC().Truncate(time.Second)
		}
	}
	return before
}

// addLink adds l to a's links, kept in canonical order (by the other end's
// id). The list is copied, not changed in place: an inverse op may still
// hold the old one.
func (a *Annotation) addLink(l Link) {
	a.Links = append(slices.Clone(a.Links), l)
	SortLinks(a.Links)
}

// dropLinks removes a's links to the annotations for which gone is true,
// on a copy of the list (see addLink); no links left is nil.
func (a *Annotation) dropLinks(gone func(id string) bool) {
	a.Links = slices.DeleteFunc(slices.Clone(a.Links), func(l Link) bool { return gone(l.AnnotationID) })
	if len(a.Links) == 0 {
		a.Links = nil
	}
}

// LinkAnnotations links two annotations of different readouts as
// counterparts, with an optional note, on both ends.
type LinkAnnotations struct {
	A, B           string
	Note           string
	restoreUpdated map[string]time.Time
}

func (o LinkAnnotations) Describe() string { return "Link counterparts" }

func (o LinkAnnotations) Apply(w *Workspace, now time.Time) (Op, error) {
	a, b := w.Annotation(o.A), w.Annotation(o.B)
	switch {
	case a == nil || b == nil:
		return nil, fmt.Errorf("link: both annotations must exist")
	case a.ID == b.ID:
		return nil, fmt.Errorf("link: an annotation cannot be its own counterpart")
	case a.ReadoutID == b.ReadoutID:
		return nil, fmt.Errorf("link: counterparts must be in different readouts")
	}
	if _, ok := a.LinkTo(b.ID); ok {
		return nil, fmt.Errorf("link: these two are already linked")
	}
	note := strings.TrimSpace(nl(o.Note))
	a.addLink(Link{AnnotationID: b.ID, Kind: Counterpart, Note: note})
	b.addLink(Link{AnnotationID: a.ID, Kind: Counterpart, Note: note})
	before := stamp([]*Annotation{a, b}, o.restoreUpdated, now)
	return UnlinkAnnotations{A: a.ID, B: b.ID, restoreUpdated: before}, nil
}

// UnlinkAnnotations removes the link between two annotations, on both ends.
type UnlinkAnnotations struct {
	A, B           string
	restoreUpdated map[string]time.Time
}

func (o UnlinkAnnotations) Describe() string { return "Remove link" }

func (o UnlinkAnnotations) Apply(w *Workspace, now time.Time) (Op, error) {
	a, b := w.Annotation(o.A), w.Annotation(o.B)
	if a == nil || b == nil {
		return nil, fmt.Errorf("unlink: both annotations must exist")
	}
	l, ok := a.LinkTo(b.ID)
	if !ok {
		return nil, fmt.Errorf("unlink: these two are not linked")
	}
	a.dropLinks(func(id string) bool { return id == b.ID })
	b.dropLinks(func(id string) bool { return id == a.ID })
	before := stamp([]*Annotation{a, b}, o.restoreUpdated, now)
	return LinkAnnotations{A: a.ID, B: b.ID, Note: l.Note, restoreUpdated: before}, nil
}

// DeleteAnnotation removes an annotation.
type DeleteAnnotation struct {
	ID             string
	restoreUpdated map[string]time.Time
}

func (o DeleteAnnotation) Describe() string { return "Delete annotation" }

func (o DeleteAnnotation) Apply(w *Workspace, now time.Time) (Op, error) {
	i := slices.IndexFunc(w.Annotations, func(a *Annotation) bool { return a.ID == o.ID })
	if i < 0 {
		return nil, fmt.Errorf("delete annotation: no annotation %s", o.ID)
	}
	a := w.Annotations[i]
	w.Annotations = slices.Delete(w.Annotations, i, i+1)
	// The other ends of its links go too; AddAnnotation writes them back.
	var ends []*Annotation
	for _, l := range a.Links {
		if b := w.Annotation(l.AnnotationID); b != nil {
			b.dropLinks(func(id string) bool { return id == a.ID })
			ends = append(ends, b)
		}
	}
	before := stamp(ends, o.restoreUpdated, now)
	return AddAnnotation{Annotation: a, restoreUpdated: before}, nil
}

// UpdateAnnotation changes the tag, note or omittedBy of an annotation; nil
// fields stay as they are. Changing the tag away from omission drops
// omittedBy, and a point cannot stop being an omission.
type UpdateAnnotation struct {
	ID        string
	Tag       *Tag
	Note      *string
	OmittedBy *[]string
	// restoreUpdated puts back UpdatedAt on undo.
	restoreUpdated time.Time
}

func (o UpdateAnnotation) Describe() string {
	switch {
	case o.Tag != nil:
		return "Re-tag as " + o.Tag.Label()
	case o.Note != nil:
		return "Edit note"
	default:
		return "Change omitted by"
	}
}

func (o UpdateAnnotation) Apply(w *Workspace, now time.Time) (Op, error) {
	a := w.Annotation(o.ID)
	if a == nil {
		return nil, fmt.Errorf("update annotation: no annotation %s", o.ID)
	}
	next := *a
	next.OmittedBy = slices.Clone(a.OmittedBy)
	if o.Tag != nil {
		next.Tag = *o.Tag
		if next.Tag != Omission {
			next.OmittedBy = nil
		}
	}
	if o.Note != nil {
		next.Note = nl(*o.Note)
	}
	if o.OmittedBy != nil {
		next.OmittedBy = slices.Clone(*o.OmittedBy)
		if len(next.OmittedBy) == 0 {
			next.OmittedBy = nil
		}
	}
	if err := w.checkAnnotation(&next); err != nil {
		return nil, fmt.Errorf("update annotation: %w", err)
	}
	inv := UpdateAnnotation{ID: a.ID, restoreUpdated: a.UpdatedAt}
	if o.Tag != nil || o.OmittedBy != nil {
		tag, ob := a.Tag, slices.Clone(a.OmittedBy)
		inv.Tag, inv.OmittedBy = &tag, &ob
	}
	if o.Note != nil {
		note := a.Note
		inv.Note = &note
	}
	next.UpdatedAt = now.UTC().Truncate(time.Second)
	if !o.restoreUpdated.IsZero() {
		next.UpdatedAt = o.restoreUpdated
	}
	*a = next
	return inv, nil
}

// ReplaceContent swaps the readouts and annotations of the workspace for
// others (the result of a merge), as one undoable step. The new content must
// be valid on its own.
type ReplaceContent struct {
	Readouts    []*Readout
	Annotations []*Annotation
	Label       string
	// Scale and Publisher, when not nil, replace the workspace's rating
	// scale and publisher too (a merge may bring ratings its checks use).
	Scale     *RatingScale
	Publisher *Publisher
}

func (o ReplaceContent) Describe() string {
	if o.Label != "" {
		return o.Label
	}
	return "Replace content"
}

func (o ReplaceContent) Apply(w *Workspace, now time.Time) (Op, error) {
	scale, pub := w.RatingScale, w.Publisher
	if o.Scale != nil {
		scale = *o.Scale
	}
	if o.Publisher != nil {
		pub = *o.Publisher
	}
	next := &Workspace{ID: w.ID, Title: w.Title, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt,
		Readouts: o.Readouts, Annotations: slices.Clone(o.Annotations), RatingScale: scale}
	if err := next.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", o.Describe(), err)
	}
	next.Sort()
	inv := ReplaceContent{Readouts: w.Readouts, Annotations: w.Annotations, Label: o.Label}
	if o.Scale != nil || o.Publisher != nil {
		oldScale, oldPub := w.RatingScale, w.Publisher
		inv.Scale, inv.Publisher = &oldScale, &oldPub
	}
	w.Readouts, w.Annotations = next.Readouts, next.Annotations
	w.RatingScale, w.Publisher = scale, pub
	return inv, nil
}

// SetLinkNote changes the note of a link, on both ends.
type SetLinkNote struct {
	A, B           string
	Note           string
	restoreUpdated map[string]time.Time
}

func (o SetLinkNote) Describe() string { return "Edit link note" }

func (o SetLinkNote) Apply(w *Workspace, now time.Time) (Op, error) {
	a, b := w.Annotation(o.A), w.Annotation(o.B)
	if a == nil || b == nil {
		return nil, fmt.Errorf("link note: both annotations must exist")
	}
	old, ok := a.LinkTo(b.ID)
	if !ok {
		return nil, fmt.Errorf("link note: these two are not linked")
	}
	note := strings.TrimSpace(nl(o.Note))
	set := func(x *Annotation, id string) {
		x.Links = slices.Clone(x.Links)
		for i := range x.Links {
			if x.Links[i].AnnotationID == id {
				x.Links[i].Note = note
			}
		}
	}
	set(a, b.ID)
	set(b, a.ID)
	before := stamp([]*Annotation{a, b}, o.restoreUpdated, now)
	return SetLinkNote{A: a.ID, B: b.ID, Note: old.Note, restoreUpdated: before}, nil
}

// Batch applies several operations as one undoable step ("link these two
// sentences" adds two annotations and a link). Either all apply or, when
// one fails, those already applied are undone and w is as it was.
type Batch struct {
	Ops   []Op
	Label string
}

func (o Batch) Describe() string {
	if o.Label != "" {
		return o.Label
	}
	return "Several changes"
}

func (o Batch) Apply(w *Workspace, now time.Time) (Op, error) {
	inverses := make([]Op, 0, len(o.Ops))
	for i, op := range o.Ops {
		inv, err := op.Apply(w, now)
		if err != nil {
			// Roll back in reverse order; the inverses of ops that just
			// succeeded on this state cannot fail.
			for j := len(inverses) - 1; j >= 0; j-- {
				_, _ = inverses[j].Apply(w, now)
			}
			return nil, fmt.Errorf("%s (step %d of %d): %w", o.Describe(), i+1, len(o.Ops), err)
		}
		inverses = append(inverses, inv)
	}
	slices.Reverse(inverses)
	return Batch{Ops: inverses, Label: o.Label}, nil
}
