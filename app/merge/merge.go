// Package merge is the browser-free core of importing a framecheck file
// into this browser: either merged into an open workspace (Merge) or opened
// as a workspace of its own (AsNew). The file is decoded (and, if the user
// agrees, re-anchored) by fcjson first; this package works on workspaces.
//
// # Merging
//
// Ids say what is the same: a readout or annotation of the file with the
// id of one here is the same object, in another version; anything else is
// new and is added. Nothing is ever deleted, so merging a file twice, or
// merging an older file, loses nothing.
//
//   - A readout present in both must have the same text, byte for byte:
//     annotations' offsets are meaningless on another text, so Merge refuses
//     rather than silently forking the readout. Its details (title, source,
//     URL, date, language) are taken from the file when the file's
//     workspace was changed more recently (readouts have no time of their
//     own), and kept otherwise.
//   - An annotation present in both is taken from the file when the file's
//     version was changed more recently (updatedAt), and kept otherwise: a
//     tie keeps the one here (and the report tells ties from newer). An
//     annotation on one readout here and on another in the file is
//     refused: it cannot be both.
//   - Links are merged on their own, after the versions are chosen: every
//     link of either side whose two ends are in the result is kept,
//     written on both ends, so a merge never refuses or drops a link.
//     When both sides have a link with different notes, the note of the
//     side where the link's ends were changed more recently wins (link
//     operations stamp both ends' updatedAt); a tie keeps the one here.
//   - The workspace keeps its id, title and creation time; its updatedAt
//     becomes now if anything changed.
//
// Merge works on a copy: the current workspace is never changed, so a
// refusal changes nothing, and keeping the current workspace is all an undo
// of the merge needs.
package merge

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"framecheck/app/workspace"
)

// Report counts what Merge did.
type Report struct {
	ReadoutsAdded int
	// ReadoutsUpdated counts readouts whose details were taken from the
	// file.
	ReadoutsUpdated  int
	AnnotationsAdded int
	// AnnotationsUpdated counts annotations taken from the file because its
	// version was newer.
	AnnotationsUpdated int
	// AnnotationsKept counts annotations that differ in the file but were
	// kept because the version here is newer.
	AnnotationsKept int
	// AnnotationsTied counts annotations that differ in the file but were
	// changed at the same second on both sides: the version here is kept.
	AnnotationsTied int
	// AnnotationsUnchanged counts annotations that are the same in both.
	AnnotationsUnchanged int
	// LinksAdded counts links (pairs) from the file that were not here.
	LinksAdded int
	// LinkNotesUpdated counts links whose note was taken from the file
	// because its ends there were changed more recently.
	LinkNotesUpdated int
}

// Changed reports whether the merge changed the workspace.
func (r Report) Changed() bool {
	return r.ReadoutsAdded+r.ReadoutsUpdated+r.AnnotationsAdded+r.AnnotationsUpdated+r.LinksAdded+r.LinkNotesUpdated > 0
}

// String says what the merge did, for the user: "Merged 3 new annotations,
// updated 2, kept 1 of yours that was newer; added 1 readout."
func (r Report) String() string {
	var ann []string
	noun := "annotation"
	if r.AnnotationsAdded > 0 {
		ann = append(ann, "merged "+count(r.AnnotationsAdded, "new annotation"))
		noun = ""
	}
	if r.AnnotationsUpdated > 0 {
		ann = append(ann, "updated "+count(r.AnnotationsUpdated, noun))
		noun = ""
	}
	if r.AnnotationsKept > 0 {
		verb := "were"
		if r.AnnotationsKept == 1 {
			verb = "was"
		}
		yours := "of yours"
		if noun != "" {
			yours = "of your annotations"
		}
		ann = append(ann, fmt.Sprintf("kept %d %s that %s newer", r.AnnotationsKept, yours, verb))
		noun = ""
	}
	if r.AnnotationsTied > 0 {
		lead := "kept yours of "
		if r.AnnotationsKept > 0 {
			lead = "and yours of "
		}
		ann = append(ann, lead+count(r.AnnotationsTied, noun)+" changed at the same time in both")
	}
	if r.LinksAdded > 0 {
		ann = append(ann, "linked "+count(r.LinksAdded, "new pair"))
	}
	if r.LinkNotesUpdated > 0 {
		ann = append(ann, "took "+count(r.LinkNotesUpdated, "newer link note"))
	}
	var ro []string
	if r.ReadoutsAdded > 0 {
		ro = append(ro, "added "+count(r.ReadoutsAdded, "readout"))
	}
	if r.ReadoutsUpdated > 0 {
		ro = append(ro, "updated the details of "+count(r.ReadoutsUpdated, "readout"))
	}
	var parts []string
	if len(ann) > 0 {
		parts = append(parts, strings.Join(ann, ", "))
	}
	if len(ro) > 0 {
		parts = append(parts, strings.Join(ro, ", "))
	}
	if len(parts) == 0 {
		return "Nothing to merge: everything in the file is already here."
	}
	s := strings.Join(parts, "; ") + "."
	return strings.ToUpper(s[:1]) + s[1:]
}

// count writes n and noun, in the plural unless n is 1; an empty noun
// gives the number alone.
func count(n int, noun string) string {
	switch {
	case noun == "":
		return fmt.Sprint(n)
	case n == 1:
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Merge merges in (an imported workspace) into a copy of cur and returns
// the copy, which passes Validate and has its annotations in canonical
// order, with a report of what changed; see the package documentation for
// the rules. now becomes the copy's updatedAt if anything changed. cur and
// in are not changed, and the result shares no readout or annotation with
// either. A refusal names the readout or annotation concerned; its message
// is a sentence for the user, without a package prefix.
func Merge(cur, in *workspace.Workspace, now time.Time) (*workspace.Workspace, Report, error) {
	var rep Report
	if cur == nil || in == nil {
		return nil, rep, fmt.Errorf("no workspace")
	}
	if err := cur.Validate(); err != nil {
		return nil, rep, fmt.Errorf("this workspace is not valid: %w", err)
	}
	if err := in.Validate(); err != nil {
		return nil, rep, fmt.Errorf("the imported workspace is not valid: %w", err)
	}
	out := cur.Clone()

	// An id names one kind of thing: the file's readout cannot be an
	// annotation here, nor the other way round.
	kind := map[string]string{out.ID: "the workspace"}
	readouts := make(map[string]*workspace.Readout, len(out.Readouts))
	for _, r := range out.Readouts {
		kind[r.ID] = "a readout"
		readouts[r.ID] = r
	}
	annotations := make(map[string]*workspace.Annotation, len(out.Annotations))
	for _, a := range out.Annotations {
		kind[a.ID] = "an annotation"
		annotations[a.ID] = a
	}
	clash := func(id, what, title string) error {
		if k, ok := kind[id]; ok && k != what {
			return fmt.Errorf("%s in the file has the id %s, which here is %s", title, id, k)
		}
		return nil
	}

	newer := in.UpdatedAt.After(cur.UpdatedAt)
	for _, r := range in.Readouts {
		if err := clash(r.ID, "a readout", fmt.Sprintf("readout %q", r.Title)); err != nil {
			return nil, Report{}, err
		}
		have := readouts[r.ID]
		if have == nil {
			c := *r
			out.Readouts = append(out.Readouts, &c)
			readouts[c.ID] = &c
			rep.ReadoutsAdded++
			continue
		}
		if have.Text != r.Text {
			return nil, Report{}, fmt.Errorf("readout %q has another text in the file than here (%s), so the file's annotations would not fit it; open the file as a new workspace instead", have.Title, textDiff(have.Text, r.Text))
		}
		if newer && details(have) != details(r) {
			have.Title, have.Source, have.URL, have.PublishedAt, have.Language = r.Title, r.Source, r.URL, r.PublishedAt, r.Language
			rep.ReadoutsUpdated++
		}
	}
	for _, a := range in.Annotations {
		if err := clash(a.ID, "an annotation", "an annotation"); err != nil {
			return nil, Report{}, err
		}
		have := annotations[a.ID]
		switch {
		case have == nil:
			c := a.Clone()
			out.Annotations = append(out.Annotations, c)
			annotations[c.ID] = c
			rep.AnnotationsAdded++
		case have.ReadoutID != a.ReadoutID:
			return nil, Report{}, fmt.Errorf("annotation %s (%q) is on readout %q here but on readout %q in the file",
				a.ID, clip(have.Exact), readouts[have.ReadoutID].Title, readouts[a.ReadoutID].Title)
		case same(have, a):
			rep.AnnotationsUnchanged++
		case a.UpdatedAt.After(have.UpdatedAt):
			*have = *a.Clone()
			rep.AnnotationsUpdated++
		case a.UpdatedAt.Equal(have.UpdatedAt):
			rep.AnnotationsTied++
		default:
			rep.AnnotationsKept++
		}
	}
	rep.LinksAdded, rep.LinkNotesUpdated = mergeLinks(annotations, out.Annotations, linksOf(cur), linksOf(in))
	mergeChecks(out, in)
	if rep.Changed() {
		out.UpdatedAt = now.UTC().Truncate(time.Second)
	}
	out.Sort()
	if err := out.Validate(); err != nil {
		// The checks above should make this impossible.
		return nil, Report{}, fmt.Errorf("the merged workspace would not be valid: %w", err)
	}
	return out, rep, nil
}

// linkKey names a link by its two ends, in order.
type linkKey struct{ a, b string }

func keyOf(x, y string) linkKey {
	if x > y {
		x, y = y, x
	}
	return linkKey{x, y}
}

// linkVersion is one side's version of a link: its kind and note, and
// when it was last changed as far as that side knows (the later updatedAt
// of its ends: every link operation stamps both).
type linkVersion struct {
	kind workspace.LinkKind
	note string
	at   time.Time
}

// linksOf lists w's links once per pair.
func linksOf(w *workspace.Workspace) map[linkKey]linkVersion {
	byID := make(map[string]*workspace.Annotation, len(w.Annotations))
	for _, a := range w.Annotations {
		byID[a.ID] = a
	}
	m := map[linkKey]linkVersion{}
	for _, a := range w.Annotations {
		for _, l := range a.Links {
			k := keyOf(a.ID, l.AnnotationID)
			if _, ok := m[k]; ok {
				continue
			}
			at := a.UpdatedAt
			if b := byID[l.AnnotationID]; b != nil && b.UpdatedAt.After(at) {
				at = b.UpdatedAt
			}
			m[k] = linkVersion{l.Kind, l.Note, at}
		}
	}
	return m
}

// mergeLinks rewrites the links of the merged annotations (all of them, in
// byID) as the union of both sides' links whose two ends are there, written
// on both ends in canonical order (by the other end's id). The note here is
// kept unless the file's version of the link is newer. It counts links new
// from the file and notes taken from it.
func mergeLinks(byID map[string]*workspace.Annotation, anns []*workspace.Annotation, here, there map[linkKey]linkVersion) (added, notes int) {
	for _, a := range anns {
		a.Links = nil
	}
	keys := make([]linkKey, 0, len(here)+len(there))
	for k := range here {
		keys = append(keys, k)
	}
	for k := range there {
		if _, ok := here[k]; !ok {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		x, y := byID[k.a], byID[k.b]
		if x == nil || y == nil || x.ReadoutID == y.ReadoutID {
			// Both sides are valid and readouts keep their ids, so an end
			// is always there; this only guards the invariant.
			continue
		}
		h, inHere := here[k]
		t, inThere := there[k]
		v := h
		switch {
		case !inHere:
			v = t
			added++
		case inThere && t.note != h.note && t.at.After(h.at):
			v = t
			notes++
		}
		x.Links = append(x.Links, workspace.Link{AnnotationID: y.ID, Kind: v.kind, Note: v.note})
		y.Links = append(y.Links, workspace.Link{AnnotationID: x.ID, Kind: v.kind, Note: v.note})
	}
	for _, a := range anns {
		workspace.SortLinks(a.Links)
	}
	return added, notes
}

type readoutDetails struct{ title, source, url, publishedAt, language string }

func details(r *workspace.Readout) readoutDetails {
	return readoutDetails{r.Title, r.Source, r.URL, r.PublishedAt, r.Language}
}

// same reports whether two versions of an annotation are identical, links
// aside (mergeLinks merges those).
func same(a, b *workspace.Annotation) bool {
	return a.ID == b.ID && a.ReadoutID == b.ReadoutID && a.Tag == b.Tag && a.Start == b.Start && a.End == b.End &&
		a.Exact == b.Exact && a.Prefix == b.Prefix && a.Suffix == b.Suffix && a.Note == b.Note && a.Author == b.Author &&
		slices.Equal(a.OmittedBy, b.OmittedBy) && a.Check.Equal(b.Check) &&
		a.CreatedAt.Equal(b.CreatedAt) && a.UpdatedAt.Equal(b.UpdatedAt)
}

// textDiff says where two texts first differ, for a refusal.
func textDiff(here, there string) string {
	h, t := []rune(here), []rune(there)
	i := 0
	for i < len(h) && i < len(t) && h[i] == t[i] {
		i++
	}
	if i == len(h) || i == len(t) {
		return fmt.Sprintf("%d characters in the file, %d here", len(t), len(h))
	}
	return fmt.Sprintf("from offset %d on", i)
}

// AsNew prepares an imported workspace to be opened as a workspace of its
// own. Ids are kept unless the workspace is already in this browser
// (existing(in.ID) is true; a nil existing means none is), then everything
// gets new ids ((*workspace.Workspace).Reid: workspace, readouts, annotations, omittedBy, links),
// and the copy's createdAt and updatedAt become now, as for a duplicate.
// Keeping ids lets a later export of either copy merge into the other. in
// is not changed: AsNew returns a copy.
func AsNew(in *workspace.Workspace, existing func(id string) bool, now time.Time) *workspace.Workspace {
	c := in.Clone()
	if existing != nil && existing(in.ID) {
		c.Reid(now)
	}
	return c
}

// clip shortens s for a message.
func clip(s string) string {
	const max = 40
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}
