package w3c

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"framecheck/app/fcjson"
	"framecheck/app/internal/jsonwalk"
	"framecheck/app/internal/order"
	"framecheck/app/internal/refusal"
	"framecheck/app/workspace"
)

// The shapes Encode writes, fields in the order of the file.

type contextExt struct {
	Framecheck string `json:"framecheck"`
	Readouts   struct {
		Container string `json:"@container"`
	} `json:"framecheck:readouts"`
}

type agentJSON struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

type collectionJSON struct {
	Context   []any         `json:"@context"`
	ID        string        `json:"id"`
	Type      string        `json:"type"`
	Label     string        `json:"label"`
	Created   string        `json:"created"`
	Modified  string        `json:"modified"`
	Generated string        `json:"generated"`
	Generator agentJSON     `json:"generator"`
	Total     int           `json:"total"`
	First     *pageJSON     `json:"first,omitempty"`
	Last      string        `json:"last,omitempty"`
	Readouts  []readoutJSON `json:"framecheck:readouts"`
	// Checks (issue #14): the workspace's own scale and publisher.
	RatingScale []ratingJSON   `json:"framecheck:ratingScale,omitempty"`
	Publisher   *publisherJSON `json:"framecheck:publisher,omitempty"`
}

type pageJSON struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	StartIndex int    `json:"startIndex"`
	Items      []any  `json:"items"` // annotationJSON, then linkJSON
}

type readoutJSON struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	ReadoutID   string `json:"framecheck:readoutId"`
	Label       string `json:"label"`
	Outlet      string `json:"framecheck:outlet,omitempty"`
	URL         string `json:"framecheck:url,omitempty"`
	PublishedAt string `json:"framecheck:publishedAt,omitempty"`
	Language    string `json:"language,omitempty"`
	Format      string `json:"format"`
	TextSha256  string `json:"framecheck:textSha256"`
	Value       string `json:"value"`
	// Versions are the readout's earlier texts, oldest first.
	Versions []versionJSON `json:"framecheck:versions,omitempty"`
}

type versionJSON struct {
	TextSha256 string `json:"framecheck:textSha256"`
	AddedAt    string `json:"framecheck:addedAt"`
	URL        string `json:"framecheck:url,omitempty"`
	Value      string `json:"value"`
}

type annotationJSON struct {
	ID         string     `json:"id"`
	Type       string     `json:"type"`
	Motivation string     `json:"motivation"`
	Created    string     `json:"created"`
	Modified   string     `json:"modified"`
	Creator    *agentJSON `json:"creator,omitempty"`
	Body       []any      `json:"body"` // bodyJSON, then a check's (check.go)
	Target     any        `json:"target"`
	// An orphan of a new version: its quote refers to the version named
	// by AnchoredTo, so it carries no position.
	Orphan        bool   `json:"framecheck:orphan,omitempty"`
	AnchoredTo    string `json:"framecheck:anchoredTo,omitempty"`
	PreviousExact string `json:"framecheck:previousExact,omitempty"`
}

// linkJSON is a link between two annotations: an annotation of its own,
// without times or creator (the model keeps none for a link).
type linkJSON struct {
	ID         string     `json:"id"`
	Type       string     `json:"type"`
	Motivation string     `json:"motivation"`
	Body       []bodyJSON `json:"body"`
	Target     [2]string  `json:"target"`
}

type bodyJSON struct {
	Type    string `json:"type"`
	Purpose string `json:"purpose"`
	Format  string `json:"format,omitempty"`
	Value   string `json:"value"`
}

type targetJSON struct {
	Type     string `json:"type"`
	Source   string `json:"source"`
	Selector []any  `json:"selector"`
}

type quoteJSON struct {
	Type   string `json:"type"`
	Exact  string `json:"exact"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
}

type positionJSON struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Encode writes w as a W3C AnnotationCollection (see the package
// documentation for the mapping): 2-space indented JSON-LD with a trailing
// newline, annotations in canonical order, so the same workspace always
// gives the same bytes apart from "generated", which is now.
//
// Encode refuses, with a *refusal.Error naming the place in w, a workspace
// that Decode would refuse: one that does not pass workspace.Validate, has
// strings that are not UTF-8, times outside years 0-9999, or a prefix or
// suffix that is not the text around its annotation. w is not changed.
func Encode(w *workspace.Workspace, now time.Time) ([]byte, error) {
	if err := refusal.Exportable(w); err != nil {
		return nil, err
	}
	if err := checkEncodable(w, now); err != nil {
		return nil, err
	}
	iris := readoutIRIs(w)
	ext := contextExt{Framecheck: Namespace}
	ext.Readouts.Container = "@list"
	wsIRI := urnUUID + w.ID
	c := collectionJSON{
		Context:     []any{AnnoContext, ext},
		ID:          wsIRI,
		Type:        "AnnotationCollection",
		Label:       w.Title,
		Created:     stamp(w.CreatedAt),
		Modified:    stamp(w.UpdatedAt),
		Generated:   stamp(now),
		Generator:   agentJSON{Type: "Software", Name: "framecheck"},
		Readouts:    make([]readoutJSON, 0, len(w.Readouts)),
		RatingScale: scaleJSON(w),
		Publisher:   publisherOf(w),
	}
	ls := links(w)
	c.Total = len(w.Annotations) + len(ls)
	for _, r := range w.Readouts {
		rj := readoutJSON{
			ID: iris[r.ID], Type: "Text", ReadoutID: urnUUID + r.ID, Label: r.Title,
			Outlet: r.Source, URL: r.URL, PublishedAt: r.PublishedAt, Language: r.Language,
			Format: "text/plain", TextSha256: r.TextSum(), Value: r.Text,
		}
		for _, v := range r.Versions {
			rj.Versions = append(rj.Versions, versionJSON{TextSha256: v.Sum(),
				AddedAt: stamp(v.AddedAt), URL: v.URL, Value: v.Text})
		}
		c.Readouts = append(c.Readouts, rj)
	}
	if len(w.Annotations) > 0 {
		page := &pageJSON{ID: wsIRI + "#page-1", Type: "AnnotationPage", Items: make([]any, 0, c.Total)}
		for _, a := range fcjson.Canonical(w) {
			j := annotation(a, iris)
			j.Body = append(j.Body, checkBodies(w, a.Check)...)
			page.Items = append(page.Items, j)
		}
		for _, l := range ls {
			page.Items = append(page.Items, l)
		}
		c.First, c.Last = page, page.ID
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // readout texts quote HTML and must stay readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return nil, &refusal.Error{Msg: "cannot write the file: " + err.Error()}
	}
	return buf.Bytes(), nil
}

func annotation(a *workspace.Annotation, iris map[string]string) annotationJSON {
	j := annotationJSON{
		ID: urnUUID + a.ID, Type: "Annotation", Motivation: "classifying",
		Created: stamp(a.CreatedAt), Modified: stamp(a.UpdatedAt),
		Body: []any{bodyJSON{Type: "TextualBody", Purpose: "tagging", Value: string(a.Tag)}},
	}
	if a.Author != "" {
		j.Creator = &agentJSON{Type: "Person", Name: a.Author}
	}
	if a.Note != "" {
		j.Body = append(j.Body, bodyJSON{Type: "TextualBody", Purpose: "commenting", Format: "text/plain", Value: a.Note})
	}
	t := targetJSON{Type: "SpecificResource", Source: iris[a.ReadoutID], Selector: []any{
		quoteJSON{Type: "TextQuoteSelector", Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix},
	}}
	if a.Orphan {
		// Its offsets are on an earlier text: a position would mislead
		// any other tool.
		j.Orphan, j.AnchoredTo = true, a.AnchoredTo
	} else {
		t.Selector = append(t.Selector, positionJSON{Type: "TextPositionSelector", Start: a.Start, End: a.End})
	}
	j.PreviousExact = a.PreviousExact
	if len(a.OmittedBy) == 0 {
		j.Target = t
		return j
	}
	targets := []any{t}
	for _, id := range a.OmittedBy {
		targets = append(targets, iris[id])
	}
	j.Target = targets
	return j
}

// links returns w's links as linking annotations, one per pair (w has
// passed Validate, so each link is written on both ends alike and is read
// here from the end with the lower id), ordered by their targets: the two
// annotations' IRIs, lower id first. The id is a version 5 UUID of the
// pair, so the same link always gets the same id.
func links(w *workspace.Workspace) []linkJSON {
	var out []linkJSON
	for _, a := range w.Annotations {
		for _, l := range a.Links {
			if a.ID >= l.AnnotationID {
				continue
			}
			lo, hi := urnUUID+a.ID, urnUUID+l.AnnotationID
			j := linkJSON{
				ID: urnUUID + linkID(lo, hi), Type: "Annotation", Motivation: "linking",
				Body:   []bodyJSON{{Type: "TextualBody", Purpose: "tagging", Value: string(l.Kind)}},
				Target: [2]string{lo, hi},
			}
			if l.Note != "" {
				j.Body = append(j.Body, bodyJSON{Type: "TextualBody", Purpose: "commenting", Format: "text/plain", Value: l.Note})
			}
			out = append(out, j)
		}
	}
	order.Func(out, func(x, y linkJSON) int {
		if c := strings.Compare(x.Target[0], y.Target[0]); c != 0 {
			return c
		}
		return strings.Compare(x.Target[1], y.Target[1])
	})
	return out
}

// linkID is the id of the link between the annotations whose IRIs are lo
// and hi (lo < hi).
func linkID(lo, hi string) string { return derivedUUID("link " + lo + " " + hi) }

// readoutIRIs maps each readout id to its IRI: its URL when that is an
// absolute http(s) IRI used by no other readout, else urn:uuid:<id>.
func readoutIRIs(w *workspace.Workspace) map[string]string {
	uses := map[string]int{}
	for _, r := range w.Readouts {
		if usableURL(r.URL) {
			uses[r.URL]++
		}
	}
	m := make(map[string]string, len(w.Readouts))
	for _, r := range w.Readouts {
		if usableURL(r.URL) && uses[r.URL] == 1 {
			m[r.ID] = r.URL
		} else {
			m[r.ID] = urnUUID + r.ID
		}
	}
	return m
}

// usableURL reports whether s can serve as a readout's IRI: an absolute
// http or https IRI with a host, without characters IRIs exclude (space,
// controls, <>"{}|\^`).
func usableURL(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("<>\"{}|\\^`", r) {
			return false
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return false
	}
	return strings.EqualFold(u.Scheme, "http") || strings.EqualFold(u.Scheme, "https")
}

// stamp writes t as RFC 3339 UTC in whole seconds.
func stamp(t time.Time) string { return t.UTC().Truncate(time.Second).Format(timeLayout) }

// checkEncodable checks what the file needs beyond workspace.Validate
// (adapted from fcjson's checkEncodable): valid UTF-8, times with
// four-digit years, and prefix/suffix that are the context of the text.
func checkEncodable(w *workspace.Workspace, now time.Time) *refusal.Error {
	if err := jsonwalk.CheckTime("generated", now); err != nil {
		return err
	}
	if err := jsonwalk.CheckUTF8("workspace.title", w.Title); err != nil {
		return err
	}
	if err := jsonwalk.CheckTime("workspace.createdAt", w.CreatedAt); err != nil {
		return err
	}
	if err := jsonwalk.CheckTime("workspace.updatedAt", w.UpdatedAt); err != nil {
		return err
	}
	readouts := make(map[string]*workspace.Readout, len(w.Readouts))
	for i, r := range w.Readouts {
		readouts[r.ID] = r
		p := "readouts[" + strconv.Itoa(i) + "]."
		for _, f := range [...]struct{ name, s string }{
			{"title", r.Title}, {"source", r.Source}, {"url", r.URL},
			{"publishedAt", r.PublishedAt}, {"language", r.Language}, {"text", r.Text},
		} {
			if err := jsonwalk.CheckUTF8(p+f.name, f.s); err != nil {
				return err
			}
		}
	}
	for i, a := range w.Annotations {
		err := jsonwalk.CheckUTF8("note", a.Note)
		if err == nil {
			err = jsonwalk.CheckUTF8("author", a.Author)
		}
		if err == nil {
			err = jsonwalk.CheckTime("createdAt", a.CreatedAt)
		}
		if err == nil {
			err = jsonwalk.CheckTime("updatedAt", a.UpdatedAt)
		}
		if err == nil {
			err = checkContext(readouts[a.ReadoutID], a)
		}
		for j, l := range a.Links {
			if err == nil {
				err = jsonwalk.CheckUTF8("links["+strconv.Itoa(j)+"].note", l.Note)
			}
		}
		if err != nil {
			err.Path = "annotations[" + strconv.Itoa(i) + "]." + err.Path
			return err
		}
	}
	return nil
}

// checkContext checks that a's prefix and suffix are at most
// workspace.ContextLen code points of r's text just before and after it.
// a has passed workspace.Validate.
func checkContext(r *workspace.Readout, a *workspace.Annotation) *refusal.Error {
	t := r.TextOf(a) // an orphan's context is that of its version
	text := t.String()
	bs, err := t.ByteOffset(a.Start)
	be := bs + len(a.Exact)
	if err != nil || be > len(text) || text[bs:be] != a.Exact {
		return jsonwalk.Errorf("start", "%d-%d is not a span of readout %q", a.Start, a.End, r.Title)
	}
	if n := utf8.RuneCountInString(a.Prefix); n > workspace.ContextLen || !utf8.ValidString(a.Prefix) || !strings.HasSuffix(text[:bs], a.Prefix) {
		return jsonwalk.Errorf("prefix", "%q is not the text (of at most %d code points) just before offset %d of readout %q", jsonwalk.Clip(a.Prefix), workspace.ContextLen, a.Start, r.Title)
	}
	if n := utf8.RuneCountInString(a.Suffix); n > workspace.ContextLen || !utf8.ValidString(a.Suffix) || !strings.HasPrefix(text[be:], a.Suffix) {
		return jsonwalk.Errorf("suffix", "%q is not the text (of at most %d code points) just after offset %d of readout %q", jsonwalk.Clip(a.Suffix), workspace.ContextLen, a.End, r.Title)
	}
	return nil
}
