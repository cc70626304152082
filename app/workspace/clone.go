package workspace

import (
	"slices"
	"time"

	"github.com/google/uuid"
)

// Clone returns a copy of w that shares no readout, annotation, omittedBy
// or links list with it, so that either can be edited, re-identified or
// merged into without changing the other. The rest is copied as values
// are: readout versions, annotation checks, the rating scale and the
// assignment stay shared with w, which is safe because the operations
// replace them rather than change them in place.
func (w *Workspace) Clone() *Workspace {
	c := *w
	c.Readouts = make([]*Readout, len(w.Readouts))
	for i, r := range w.Readouts {
		rc := *r
		c.Readouts[i] = &rc
	}
	c.Annotations = make([]*Annotation, len(w.Annotations))
	for i, a := range w.Annotations {
		c.Annotations[i] = a.Clone()
	}
	return &c
}

// Clone returns a copy of a with its own omittedBy and links lists.
func (a *Annotation) Clone() *Annotation {
	c := *a
	c.OmittedBy = slices.Clone(a.OmittedBy)
	c.Links = slices.Clone(a.Links)
	return &c
}

// Reid gives w and everything in it fresh ids, in place, and returns it:
// the workspace, its readouts and annotations, with the references between
// them (an annotation's readout, omittedBy, both ends of every link)
// rewritten to match. createdAt and updatedAt become now, as for a new
// workspace. A copy under new ids is a workspace of its own: stored next
// to the original, it overwrites nothing.
func (w *Workspace) Reid(now time.Time) *Workspace {
	ids := map[string]string{}
	w.ID = uuid.NewString()
	for _, r := range w.Readouts {
		ids[r.ID] = uuid.NewString()
		r.ID = ids[r.ID]
	}
	annIDs := map[string]string{}
	for _, a := range w.Annotations {
		annIDs[a.ID] = uuid.NewString()
	}
	for _, a := range w.Annotations {
		a.ID = annIDs[a.ID]
		for i := range a.Links {
			a.Links[i].AnnotationID = annIDs[a.Links[i].AnnotationID]
		}
		a.ReadoutID = ids[a.ReadoutID]
		for i, o := range a.OmittedBy {
			a.OmittedBy[i] = ids[o]
		}
	}
	w.CreatedAt = now.UTC().Truncate(time.Second)
	w.UpdatedAt = w.CreatedAt
	w.Sort()
	return w
}
