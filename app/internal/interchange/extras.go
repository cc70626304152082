// Package interchange holds what the doccano and Label Studio converters
// share: the "framecheck" extras that their files carry for what those
// tools have no place for (the same JSON in both), the reading of those
// extras with path-precise refusals, the texts of a file with its line
// breaks normalised and its offsets converted, and the resolution of
// "omitted by" and of counterpart links once every readout and annotation
// is known.
//
// # Links in the extras
//
// Each annotation entry may have "links": [{"annotationId", "kind",
// "note"}], as in framecheck JSON, written on both ends. Both tools hold
// one readout per line or task and their own relations join spans of that
// one document, while counterparts are always in different readouts: the
// extras are the only place links can travel. ReadAnnotations refuses a
// "links" of the wrong shape with its path; ResolveLinks then keeps a link
// only when it holds in the imported workspace (the other annotation is in
// the file, on another readout, and names this one back with the same kind
// and note) and reports every entry it leaves out, with its path, for the
// import's notes: a region deleted in the tool, or an entry edited by hand,
// loses its links but never the file.
package interchange

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"framecheck/app/internal/jsonwalk"
	"framecheck/app/workspace"
)

// Extras is the "framecheck" member of a doccano line or a Label Studio
// task: the workspace and the readout the line or task belongs to, and one
// entry per annotation.
type Extras struct {
	Version     int         `json:"version"`
	Workspace   WSExtras    `json:"workspace"`
	ID          string      `json:"id"`
	Title       string      `json:"title"`
	Source      string      `json:"source,omitempty"`
	URL         string      `json:"url,omitempty"`
	PublishedAt string      `json:"publishedAt,omitempty"`
	Language    string      `json:"language,omitempty"`
	Annotations []AnnExtras `json:"annotations"`
}

// WSExtras is the workspace of Extras.
type WSExtras struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	CreatedAt string `json:"createdAt"`
	UpdatedAt string `json:"updatedAt"`
	// Checks (checks.go).
	RatingScale []RatingExtra   `json:"ratingScale,omitempty"`
	ClaimReview *PublisherExtra `json:"claimReview,omitempty"`
}

// AnnExtras is an annotation entry of Extras; offsets count code points of
// the readout's text.
type AnnExtras struct {
	ID        string      `json:"id"`
	Tag       string      `json:"tag"`
	Start     int         `json:"start"`
	End       int         `json:"end"`
	Note      string      `json:"note,omitempty"`
	Author    string      `json:"author,omitempty"`
	OmittedBy []string    `json:"omittedBy,omitempty"`
	Links     []LinkExtra `json:"links,omitempty"`
	Check     *CheckExtra `json:"check,omitempty"`
	CreatedAt string      `json:"createdAt"`
	UpdatedAt string      `json:"updatedAt"`
}

// LinkExtra is one end of a link in an annotation entry, as in framecheck
// JSON: the other annotation's id, the kind ("counterpart") and the note.
type LinkExtra struct {
	AnnotationID string `json:"annotationId"`
	Kind         string `json:"kind"`
	Note         string `json:"note,omitempty"`
}

// NewWSExtras describes w.
func NewWSExtras(w *workspace.Workspace) WSExtras {
	return WSExtras{ID: w.ID, Title: w.Title, CreatedAt: jsonwalk.TimeString(w.CreatedAt), UpdatedAt: jsonwalk.TimeString(w.UpdatedAt),
		RatingScale: scaleExtras(w), ClaimReview: publisherExtras(w)}
}

// NewExtras returns the extras of readout r, of format version, without
// annotation entries (an empty list, never null).
func NewExtras(version int, ws WSExtras, r *workspace.Readout) Extras {
	return Extras{Version: version, Workspace: ws, ID: r.ID, Title: r.Title, Source: r.Source, URL: r.URL,
		PublishedAt: r.PublishedAt, Language: r.Language, Annotations: []AnnExtras{}}
}

// NewAnnExtras describes a, its links included (in the model's canonical
// order).
func NewAnnExtras(a *workspace.Annotation) AnnExtras {
	x := AnnExtras{ID: a.ID, Tag: string(a.Tag), Start: a.Start, End: a.End, Note: a.Note, Author: a.Author,
		OmittedBy: a.OmittedBy, Check: checkExtras(a.Check), CreatedAt: jsonwalk.TimeString(a.CreatedAt), UpdatedAt: jsonwalk.TimeString(a.UpdatedAt)}
	for _, l := range a.Links {
		x.Links = append(x.Links, LinkExtra{AnnotationID: l.AnnotationID, Kind: string(l.Kind), Note: l.Note})
	}
	return x
}

// ReadReadout reads the extras x of a line or task (whose path, with its
// separator, is xp: "line 3: framecheck.") into r: it refuses a "version"
// newer than version, passes a "workspace" object to ws (with its path and
// separator), then fills the readout's id, title, source, URL, date and
// language (trimmed).
func ReadReadout(xp string, x map[string]any, version int, r *workspace.Readout, ws func(p string, m map[string]any) *jsonwalk.Error) *jsonwalk.Error {
	if v, ok := x["version"]; ok {
		ver, err := jsonwalk.Offset(xp+"version", v)
		if err != nil {
			return err
		}
		if ver > version {
			return jsonwalk.Errorf(xp+"version", "made by a newer framecheck (version %d); this one reads version %d", ver, version)
		}
	}
	if wv, ok := x["workspace"]; ok && wv != nil {
		wm, ok := wv.(map[string]any)
		if !ok {
			return jsonwalk.Errorf(xp+"workspace", "must be an object, not %s", jsonwalk.KindOf(wv))
		}
		if err := ws(xp+"workspace.", wm); err != nil {
			return err
		}
	}
	for _, f := range []struct {
		key string
		dst *string
	}{{"id", &r.ID}, {"title", &r.Title}, {"source", &r.Source}, {"url", &r.URL}, {"publishedAt", &r.PublishedAt}, {"language", &r.Language}} {
		s, err := jsonwalk.OptString(xp, x, f.key)
		if err != nil {
			return err
		}
		*f.dst = strings.TrimSpace(s)
	}
	return nil
}

// WorkspaceFields reads the workspace object m of the extras (path p, with
// its separator): id and title as given, times defaulting to now.
func WorkspaceFields(p string, m map[string]any, now time.Time) (id, title string, created, updated time.Time, err *jsonwalk.Error) {
	if id, err = jsonwalk.OptString(p, m, "id"); err != nil {
		return
	}
	if title, err = jsonwalk.OptString(p, m, "title"); err != nil {
		return
	}
	if created, err = jsonwalk.OptTime(p, m, "createdAt", now); err != nil {
		return
	}
	updated, err = jsonwalk.OptTime(p, m, "updatedAt", now)
	return
}

// XAnn is an annotation entry of the extras, as read.
type XAnn struct {
	Path             string
	ID               string
	Tag              workspace.Tag
	Start, End       int
	Note, Author     string
	OmittedBy        []string
	Links            []XLink
	Check            *workspace.Check
	Created, Updated time.Time
}

// XLink is a link of an annotation entry, as read: not checked against the
// other annotations yet (see ResolveLinks).
type XLink struct {
	Path string // "line 2: framecheck.annotations[3].links[0]"
	workspace.Link
}

// Matches reports whether the entry describes the span a was made from.
// Extras count code points; a has them already.
func (x *XAnn) Matches(a *workspace.Annotation) bool {
	return x.Tag == a.Tag && x.Start == a.Start && x.End == a.End
}

// Apply gives a the entry's id (when it is a UUID), note, author and times.
func (x *XAnn) Apply(a *workspace.Annotation) {
	if jsonwalk.IsUUID(x.ID) {
		a.ID = x.ID
	}
	a.Note, a.Author = x.Note, x.Author
	a.Check = x.Check.Clone()
	a.CreatedAt, a.UpdatedAt = x.Created, x.Updated
}

// Point returns the omission point of readout r that the entry describes,
// for an entry no span of the file matched: nil when the entry is a span
// (its span was removed in the tool, so it is left out), an error with the
// entry's path when it is a point that is not an omission or lies past the
// end of the text. Extras count code points of the readout's text (line
// breaks normalised), whatever the unit of the file's own offsets.
func (x *XAnn) Point(r *workspace.Readout) (*workspace.Annotation, *jsonwalk.Error) {
	if x.Start != x.End {
		return nil, nil
	}
	if x.Tag != workspace.Omission {
		return nil, jsonwalk.Errorf(x.Path+".end", "equals start (%d); only an omission can be a point", x.Start)
	}
	if n := r.Positions().Len(); x.Start > n {
		return nil, jsonwalk.Errorf(x.Path+".start", "%d is past the end of the text (%d code points)", x.Start, n)
	}
	a := &workspace.Annotation{ReadoutID: r.ID, Tag: workspace.Omission, Start: x.Start, End: x.Start}
	x.Apply(a)
	return a, nil
}

// TagOf maps a label of the file to a tag, case-insensitively; ok is false
// for a label that is not a tag.
func TagOf(label string) (workspace.Tag, bool) {
	t := workspace.Tag(strings.ToLower(strings.TrimSpace(label)))
	return t, t.Valid()
}

// ReadAnnotations reads the "annotations" of the extras x (nil when x is
// nil or has none); p is their path ("line 3: framecheck.annotations").
// Times default to now.
func ReadAnnotations(p string, x map[string]any, now time.Time) ([]*XAnn, *jsonwalk.Error) {
	if x == nil || x["annotations"] == nil {
		return nil, nil
	}
	list, ok := x["annotations"].([]any)
	if !ok {
		return nil, jsonwalk.Errorf(p, "must be an array, not %s", jsonwalk.KindOf(x["annotations"]))
	}
	out := make([]*XAnn, 0, len(list))
	for i, v := range list {
		ip := p + "[" + strconv.Itoa(i) + "]"
		m, ok := v.(map[string]any)
		if !ok {
			return nil, jsonwalk.Errorf(ip, "must be an object, not %s", jsonwalk.KindOf(v))
		}
		xa := &XAnn{Path: ip}
		ip += "."
		var err *jsonwalk.Error
		var tag string
		for _, f := range []struct {
			key string
			dst *string
		}{{"id", &xa.ID}, {"tag", &tag}, {"note", &xa.Note}, {"author", &xa.Author}} {
			if *f.dst, err = jsonwalk.OptString(ip, m, f.key); err != nil {
				return nil, err
			}
		}
		xa.Tag = workspace.Tag(tag)
		if !xa.Tag.Valid() {
			return nil, jsonwalk.Errorf(ip+"tag", "%q is not one of fact, framing, omission", jsonwalk.Clip(tag))
		}
		if xa.Start, err = jsonwalk.Offset(ip+"start", m["start"]); err != nil {
			return nil, err
		}
		if xa.End, err = jsonwalk.Offset(ip+"end", m["end"]); err != nil {
			return nil, err
		}
		if xa.End < xa.Start {
			return nil, jsonwalk.Errorf(ip+"end", "%d is before start %d", xa.End, xa.Start)
		}
		if ob, ok := m["omittedBy"]; ok && ob != nil {
			l, ok := ob.([]any)
			if !ok {
				return nil, jsonwalk.Errorf(ip+"omittedBy", "must be an array of readout ids, not %s", jsonwalk.KindOf(ob))
			}
			for j, e := range l {
				s, ok := e.(string)
				if !ok {
					return nil, jsonwalk.Errorf(ip+"omittedBy["+strconv.Itoa(j)+"]", "must be a string, not %s", jsonwalk.KindOf(e))
				}
				xa.OmittedBy = append(xa.OmittedBy, s)
			}
		}
		if xa.Links, err = readLinks(ip+"links", m["links"]); err != nil {
			return nil, err
		}
		if xa.Created, err = jsonwalk.OptTime(ip, m, "createdAt", now); err != nil {
			return nil, err
		}
		if xa.Updated, err = jsonwalk.OptTime(ip, m, "updatedAt", xa.Created); err != nil {
			return nil, err
		}
		if xa.Check, err = readCheck(ip+"check", m["check"], xa.Updated); err != nil {
			return nil, err
		}
		out = append(out, xa)
	}
	return out, nil
}

// readLinks reads the "links" of an annotation entry (path p): absent or
// null is none; otherwise an array of objects, each with a string
// "annotationId" and "kind" and an optional string "note" (trimmed, as the
// model keeps it). Whether the links hold is for ResolveLinks.
func readLinks(p string, v any) ([]XLink, *jsonwalk.Error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, jsonwalk.Errorf(p, "must be an array of links {annotationId, kind, note}, not %s", jsonwalk.KindOf(v))
	}
	var out []XLink
	for i, e := range list {
		lp := p + "[" + strconv.Itoa(i) + "]"
		m, ok := e.(map[string]any)
		if !ok {
			return nil, jsonwalk.Errorf(lp, "must be an object {annotationId, kind, note}, not %s", jsonwalk.KindOf(e))
		}
		l := XLink{Path: lp}
		for _, f := range []struct {
			key string
			dst *string
		}{{"annotationId", &l.AnnotationID}, {"kind", (*string)(&l.Kind)}} {
			if m[f.key] == nil {
				return nil, jsonwalk.Errorf(lp+"."+f.key, "missing; a link names the other annotation and its kind")
			}
			s, err := jsonwalk.OptString(lp+".", m, f.key)
			if err != nil {
				return nil, err
			}
			*f.dst = s
		}
		note, err := jsonwalk.OptString(lp+".", m, "note")
		if err != nil {
			return nil, err
		}
		l.Note = strings.TrimSpace(note)
		out = append(out, l)
	}
	return out, nil
}

// ResolveLinks gives each annotation of anns the links that links lists
// for it and that hold in the workspace anns make: a known kind, another
// annotation of anns on another readout, named once, that names this one
// back with the same kind and note. Ids are the annotations' ids as
// imported (an entry whose id was replaced loses its links). Links are
// kept in the model's canonical order. It returns one sentence per entry
// left out, with its path, in the order of anns and of the entries.
func ResolveLinks(anns []*workspace.Annotation, links map[*workspace.Annotation][]XLink) (lost []string) {
	byID := make(map[string]*workspace.Annotation, len(anns))
	for _, a := range anns {
		if _, dup := byID[a.ID]; !dup {
			byID[a.ID] = a
		}
	}
	// What the entries say, as sets, so that an annotation with many
	// links resolves in linear time (a crafted file may link one to
	// 100,000 others): listed holds the entries of each annotation that
	// byID finds; keptSet the entries kept so far.
	type entry struct {
		from *workspace.Annotation
		to   string
		kind workspace.LinkKind
		note string
	}
	listed := map[entry]bool{}
	for _, a := range anns {
		if byID[a.ID] != a {
			continue
		}
		for _, l := range links[a] {
			listed[entry{a, l.AnnotationID, l.Kind, l.Note}] = true
		}
	}
	// names reports whether b's entries name a with kind and note.
	names := func(b, a *workspace.Annotation, l workspace.Link) bool {
		return listed[entry{b, a.ID, l.Kind, l.Note}]
	}
	type target struct {
		from *workspace.Annotation
		to   string
	}
	keptTo := map[target]bool{}
	keptSet := map[entry]bool{}
	kept := map[*workspace.Annotation][]XLink{}
	for _, a := range anns {
		for _, l := range links[a] {
			b := byID[l.AnnotationID]
			why := ""
			switch {
			case l.Kind != workspace.Counterpart:
				why = fmt.Sprintf("%q is not a link kind (counterpart)", jsonwalk.Clip(string(l.Kind)))
			case l.AnnotationID == a.ID:
				why = "an annotation cannot be its own counterpart"
			case b == nil:
				why = fmt.Sprintf("annotation %q is not in the file", jsonwalk.Clip(l.AnnotationID))
			case b.ReadoutID == a.ReadoutID:
				why = fmt.Sprintf("annotation %s is in the same readout; counterparts are in different readouts", l.AnnotationID)
			case keptTo[target{a, l.AnnotationID}]:
				why = fmt.Sprintf("annotation %s is linked twice", l.AnnotationID)
			case !names(b, a, l.Link):
				why = fmt.Sprintf("annotation %s does not link back with the same kind and note (links are kept on both ends)", l.AnnotationID)
			}
			if why != "" {
				lost = append(lost, l.Path+": "+why)
				continue
			}
			kept[a] = append(kept[a], l)
			keptTo[target{a, l.AnnotationID}] = true
			keptSet[entry{a, l.AnnotationID, l.Kind, l.Note}] = true
		}
	}
	// An end kept above may have lost its other end (a duplicate, say):
	// drop it too, until every kept link is kept on both ends. A drop
	// affects only its other end, so this ends after a few passes.
	for changed := true; changed; {
		changed = false
		for _, a := range anns {
			list := kept[a]
			out := list[:0]
			for _, l := range list {
				b := byID[l.AnnotationID]
				if keptSet[entry{b, a.ID, l.Kind, l.Note}] {
					out = append(out, l)
					continue
				}
				lost = append(lost, l.Path+": "+fmt.Sprintf("annotation %s does not link back with the same kind and note (links are kept on both ends)", l.AnnotationID))
				delete(keptSet, entry{a, l.AnnotationID, l.Kind, l.Note})
				changed = true
			}
			kept[a] = out
		}
	}
	for _, a := range anns {
		for _, l := range kept[a] {
			a.Links = append(a.Links, l.Link)
		}
		workspace.SortLinks(a.Links)
	}
	return lost
}

// LostLinksNote is the note of an import that left out the link entries
// lost (as ResolveLinks returns them), naming the first few by path; ""
// when none were.
func LostLinksNote(lost []string) string {
	if len(lost) == 0 {
		return ""
	}
	const shown = 3
	list := strings.Join(lost[:min(len(lost), shown)], "; ")
	if len(lost) > shown {
		list += fmt.Sprintf("; and %d more", len(lost)-shown)
	}
	return fmt.Sprintf("%d counterpart link entries of the framecheck extras were left out (a link is kept only when both annotations are in the file, in different readouts, and each names the other): %s.", len(lost), list)
}

// ResolveOmittedBy gives each annotation of anns the readouts omitted
// lists for it, keeping those that are readouts of the file (keys of
// readoutIDs), not its own readout and not listed already, and only on
// omissions. It returns how many entries it left out.
func ResolveOmittedBy[V any](anns []*workspace.Annotation, omitted map[*workspace.Annotation][]string, readoutIDs map[string]V) (lost int) {
	for _, a := range anns {
		if len(omitted[a]) == 0 {
			continue
		}
		// A set, not a scan per entry: the list may name 50,000 readouts.
		listed := make(map[string]bool, len(a.OmittedBy)+len(omitted[a]))
		for _, id := range a.OmittedBy {
			listed[id] = true
		}
		for _, id := range omitted[a] {
			if _, ok := readoutIDs[id]; !ok || id == a.ReadoutID || listed[id] || a.Tag != workspace.Omission {
				lost++
				continue
			}
			listed[id] = true
			a.OmittedBy = append(a.OmittedBy, id)
		}
	}
	return lost
}

// QuoteAnnotation fills the exact text and the context of a from the
// readout.
func QuoteAnnotation(r *workspace.Readout, a *workspace.Annotation) error {
	p, e, s, err := r.Positions().Quote(a.Start, a.End, workspace.ContextLen)
	a.Prefix, a.Exact, a.Suffix = p, e, s
	return err
}

// QuotedCounts lists the keys of counts (labels, result kinds...) for a
// note: clipped, quoted, sorted and joined by ", ", at most limit of them
// and then "…" (all of them when limit <= 0). total is the sum of the
// counts.
func QuotedCounts(counts map[string]int, limit int) (list string, total int) {
	keys := make([]string, 0, len(counts))
	for k, n := range counts {
		keys = append(keys, strconv.Quote(jsonwalk.Clip(k)))
		total += n
	}
	slices.Sort(keys)
	if limit > 0 && len(keys) > limit {
		keys = append(keys[:limit], "…")
	}
	return strings.Join(keys, ", "), total
}

// MaxQuoted is how many bytes the quotes (exact) of an import's
// annotations may take in all: the size of the largest framecheck file.
// Formats that give offsets without quotes let a small file make a huge
// workspace (100 spans over a million characters quote 100 MB), which
// every save and export would write and which could not be opened again.
const MaxQuoted = 50 << 20

// CheckQuoted refuses annotations whose quotes take more than MaxQuoted
// bytes in all, saying so. It stops counting at the limit.
func CheckQuoted(anns []*workspace.Annotation) *jsonwalk.Error {
	total := 0
	for _, a := range anns {
		if total += len(a.Exact); total > MaxQuoted {
			return &jsonwalk.Error{Msg: fmt.Sprintf("the file's spans quote more than %d MB of text in all (they overlap that much); framecheck keeps every quote in its files, which open up to %d MB: split the file or use fewer, shorter spans", MaxQuoted>>20, MaxQuoted>>20)}
		}
	}
	return nil
}
