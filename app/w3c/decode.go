package w3c

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"framecheck/app/internal/interchange"
	"framecheck/app/internal/jsonwalk"
	"framecheck/app/internal/refusal"
	"framecheck/app/textpos"
	"framecheck/app/workspace"
)

// Decode reads W3C Web Annotations (see the package documentation) into a
// new workspace: a file written by Encode, or by another tool when it
// carries the readouts' texts. It is DecodeWithTexts(data, nil).
func Decode(data []byte) (*workspace.Workspace, error) {
	return DecodeWithTexts(data, nil)
}

// DecodeWithTexts is Decode for files that do not carry the readouts'
// texts: texts maps a target's source IRI to the text of that readout. The
// file's own texts come first; texts is used for the sources the file does
// not carry, and only those that annotations refer to become readouts.
//
// It checks the whole file before it returns anything: the workspace it
// returns passes workspace.Validate, with annotations in canonical order.
// Every refusal is a *refusal.Error that names the place, for example
// `first.items[3].target.selector[0]: the quote "…" does not occur in
// readout "…"`. It never panics and does not keep or change data or texts.
func DecodeWithTexts(data []byte, texts map[string]string) (*workspace.Workspace, error) {
	return DecodeTick(data, texts, nil)
}

// DecodeTick is DecodeWithTexts that calls tick, when set, once per
// annotation read: the browser yields to the page there and returns false
// to cancel the import.
func DecodeTick(data []byte, texts map[string]string, tick func() bool) (*workspace.Workspace, error) {
	w, err := decode(data, texts, tick)
	if err != nil {
		return nil, err
	}
	return w, nil
}

// decoder holds the workspace being read.
type decoder struct {
	data  []byte
	texts map[string]string
	tick  func() bool // see DecodeTick

	wsID, wsTitle       string
	wsCreated, wsUpdate time.Time
	hasWSTimes          bool
	fromFile            bool // the file has framecheck:readouts

	readouts []*readoutInfo
	byIRI    map[string]*readoutInfo
	anns     []*workspace.Annotation
	annPaths []string
	links    []linkInfo                     // linking annotations, read by finish
	untimed  map[*workspace.Annotation]bool // annotations without any time of their own
	ids      map[string]string              // id → the path that claimed it
	// Checks (check.go).
	scale     workspace.RatingScale
	publisher workspace.Publisher
	verdicts  map[*workspace.Annotation]checkParts
}

func decode(data []byte, texts map[string]string, tick func() bool) (*workspace.Workspace, *refusal.Error) {
	if len(data) > refusal.MaxFileSize {
		return nil, &refusal.Error{Msg: fmt.Sprintf("the file is %d bytes; framecheck opens files of up to %d MB (%d bytes)", len(data), refusal.MaxFileSize>>20, refusal.MaxFileSize)}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, &refusal.Error{Msg: "the file is empty"}
	}
	if !jsonwalk.Valid(data) {
		return nil, jsonwalk.SyntaxError(data)
	}
	if !utf8.Valid(data) {
		return nil, &refusal.Error{Msg: "the file is not UTF-8 text; save it as UTF-8"}
	}
	d := &decoder{data: data, texts: texts, tick: tick, byIRI: map[string]*readoutInfo{}, ids: map[string]string{}}
	var err *refusal.Error
	switch data[0] {
	case '[':
		err = d.items("", data)
	case '{':
		err = d.top(data)
	default:
		err = &refusal.Error{Msg: fmt.Sprintf("this is JSON but not a W3C Web Annotation file: it holds %s, not an annotation, a page or a collection", jsonwalk.Kind(data))}
	}
	if err != nil {
		return nil, err
	}
	return d.finish()
}

// top reads a file that is one object: a collection, a page or an
// annotation.
func (d *decoder) top(data []byte) *refusal.Error {
	o, err := jsonwalk.ParseObject("", data)
	if err != nil {
		return err
	}
	if v, _, _ := o.Get("format"); v != nil {
		if s, _ := jsonwalk.Str("", v); s == "framecheck" {
			return &refusal.Error{Path: "format", Msg: "this is a framecheck file, not a W3C Web Annotation file: open it as a framecheck file"}
		}
	}
	if err := checkLDContext(o); err != nil {
		return err
	}
	types, tp, err := typesOf(o)
	if err != nil {
		return err
	}
	switch {
	case len(types) == 0:
		return jsonwalk.Errorf(tp, "missing; this is JSON but not a W3C Web Annotation file (an Annotation, AnnotationPage or AnnotationCollection)")
	case slices.Contains(types, "AnnotationCollection"):
		return d.collection(o)
	case slices.Contains(types, "AnnotationPage"):
		return d.page(o)
	case slices.Contains(types, "Annotation"):
		return d.annotation(o)
	}
	return jsonwalk.Errorf(tp, "%q is not Annotation, AnnotationPage or AnnotationCollection; this is not a W3C Web Annotation file", jsonwalk.Clip(strings.Join(types, ", ")))
}

// checkLDContext checks the shape of "@context" when present: a string, an
// object or an array of them. Its content is not required: plain JSON with
// the Recommendation's keys is read alike.
func checkLDContext(o jsonwalk.Object) *refusal.Error {
	v, p, err := o.Get("@context")
	if err != nil || v == nil {
		return err
	}
	return jsonwalk.OneOrMany(p, v, func(p string, raw []byte) *refusal.Error {
		if raw[0] != '"' && raw[0] != '{' {
			return jsonwalk.Errorf(p, "must be a context IRI or object, not %s", jsonwalk.Kind(raw))
		}
		return nil
	})

}

// typesOf reads "type" (or "@type"): a string or an array of strings.
func typesOf(o jsonwalk.Object) ([]string, string, *refusal.Error) {
	v, p, err := o.Get("type", "@type")
	if err != nil || v == nil {
		return nil, p, err
	}
	ts, err := jsonwalk.StringList(p, v)
	return ts, p, err
}

func (d *decoder) collection(o jsonwalk.Object) *refusal.Error {
	if id, p, err := o.OptString("id", "@id"); err != nil {
		return err
	} else if id != "" {
		d.wsID = idFromIRI(id)
		d.ids[d.wsID] = p
	}
	if v, p, err := o.Get("label"); err != nil {
		return err
	} else if v != nil {
		labels, err := jsonwalk.StringList(p, v)
		if err != nil {
			return err
		}
		for _, l := range labels {
			if strings.TrimSpace(l) != "" {
				d.wsTitle = strings.TrimSpace(l)
				break
			}
		}
	}
	created, hasC, err := optTime(o, "created")
	if err != nil {
		return err
	}
	modified, hasM, err := optTime(o, "modified")
	if err != nil {
		return err
	}
	if hasC || hasM {
		d.hasWSTimes = true
		d.wsCreated, d.wsUpdate = orTime(created, hasC, modified), orTime(modified, hasM, created)
	}
	if err := d.readScale(o); err != nil {
		return err
	}
	// The readouts first, wherever they are in the object: annotations
	// refer to them.
	if v, p, err := o.Get(keyReadouts); err != nil {
		return err
	} else if v != nil {
		d.fromFile = true
		if err := jsonwalk.EachItem(p, v, func(i int, raw []byte) *refusal.Error { return d.fileReadout(jsonwalk.Index(p, i), raw) }); err != nil {
			return err
		}
	}
	total, totalPath := -1, ""
	if v, p, err := o.Get("total"); err != nil {
		return err
	} else if v != nil {
		if total, err = jsonwalk.Integer(p, v); err != nil {
			return err
		}
		if total < 0 {
			return jsonwalk.Errorf(p, "%d is negative", total)
		}
		totalPath = p
	}
	first, fp, err := o.Get("first")
	switch {
	case err != nil:
		return err
	case first == nil && total > 0:
		return jsonwalk.Errorf(fp, "missing, but total says the collection has %d annotations", total)
	case first == nil:
	case first[0] == '"':
		s, _ := jsonwalk.Str(fp, first)
		return jsonwalk.Errorf(fp, "the annotations are in a page that is not in the file (%q), and framecheck does not fetch pages: save the collection with its pages embedded", jsonwalk.Clip(s))
	default:
		po, err := jsonwalk.ParseObject(fp, first)
		if err != nil {
			return err
		}
		if err := d.page(po); err != nil {
			return err
		}
	}
	if held := len(d.anns) + len(d.links); total >= 0 && total != held {
		return jsonwalk.Errorf(totalPath, "says the collection has %d annotations, but the file holds %d", total, held)
	}
	return nil
}

// page reads an AnnotationPage and the pages embedded after it ("next").
func (d *decoder) page(o jsonwalk.Object) *refusal.Error {
	for {
		types, tp, err := typesOf(o)
		if err != nil {
			return err
		}
		if len(types) > 0 && !slices.Contains(types, "AnnotationPage") {
			return jsonwalk.Errorf(tp, "%q is not AnnotationPage", jsonwalk.Clip(strings.Join(types, ", ")))
		}
		v, p, err := o.Get("items")
		if err != nil {
			return err
		}
		if v == nil {
			return jsonwalk.Errorf(p, "missing; a page holds its annotations in items")
		}
		if err := d.items(p, v); err != nil {
			return err
		}
		next, np, err := o.Get("next")
		switch {
		case err != nil:
			return err
		case next == nil:
			return nil
		case next[0] == '"':
			s, _ := jsonwalk.Str(np, next)
			return jsonwalk.Errorf(np, "the collection goes on in a page that is not in the file (%q), and framecheck does not fetch pages: save the collection with its pages embedded", jsonwalk.Clip(s))
		}
		if o, err = jsonwalk.ParseObject(np, next); err != nil {
			return err
		}
	}
}

// items reads an array of annotations.
func (d *decoder) items(path string, v []byte) *refusal.Error {
	return jsonwalk.EachItem(path, v, func(i int, raw []byte) *refusal.Error {
		p := jsonwalk.Index(path, i)
		if d.tick != nil && !d.tick() {
			return &refusal.Error{Msg: "the import was canceled"}
		}
		if raw[0] == '"' {
			s, _ := jsonwalk.Str(p, raw)
			return jsonwalk.Errorf(p, "an annotation given only by its IRI (%q); the file must contain the annotation itself", jsonwalk.Clip(s))
		}
		o, err := jsonwalk.ParseObject(p, raw)
		if err != nil {
			return err
		}
		types, tp, err := typesOf(o)
		if err != nil {
			return err
		}
		if !slices.Contains(types, "Annotation") {
			if len(types) == 0 {
				return jsonwalk.Errorf(tp, "missing; an annotation has \"type\": \"Annotation\"")
			}
			return jsonwalk.Errorf(tp, "%q is not Annotation", jsonwalk.Clip(strings.Join(types, ", ")))
		}
		return d.annotation(o)
	})

}

// fileReadout reads one element of framecheck:readouts.
func (d *decoder) fileReadout(path string, raw []byte) *refusal.Error {
	o, err := jsonwalk.ParseObject(path, raw)
	if err != nil {
		return err
	}
	iri, iriPath, err := o.OptString("id", "@id")
	if err != nil {
		return err
	}
	if iri == "" {
		return jsonwalk.Errorf(iriPath, "missing; a readout needs the IRI that its annotations' targets name as their source")
	}
	if prev := d.byIRI[iri]; prev != nil {
		return jsonwalk.Errorf(iriPath, "%q is already the IRI of %s", jsonwalk.Clip(iri), prev.path)
	}
	r := &workspace.Readout{ID: idFromIRI(iri)}
	rid, ridPath, err := o.OptString("framecheck:readoutId")
	if err != nil {
		return err
	}
	if rid != "" {
		u, ok := strings.CutPrefix(rid, urnUUID)
		if !ok || !jsonwalk.IsUUID(u) {
			return jsonwalk.Errorf(ridPath, "%q is not urn:uuid:<uuid>", jsonwalk.Clip(rid))
		}
		r.ID = u
	} else {
		ridPath = iriPath
	}
	if err := d.claim(r.ID, ridPath); err != nil {
		return err
	}
	labelPath := ""
	if r.Title, labelPath, err = o.OptString("label"); err != nil {
		return err
	}
	if strings.TrimSpace(r.Title) == "" {
		r.Title = iri
	}
	for _, f := range [...]struct {
		key string
		dst *string
	}{{"framecheck:outlet", &r.Source}, {"framecheck:url", &r.URL}, {"framecheck:publishedAt", &r.PublishedAt}, {"language", &r.Language}} {
		if *f.dst, _, err = o.OptString(f.key); err != nil {
			return err
		}
	}
	text, textPath, err := o.OptString("value")
	if err != nil {
		return err
	}
	if text == "" {
		return jsonwalk.Errorf(textPath, "missing; a readout carries its text in value")
	}
	r.Text = text
	if sum, p, err := o.OptString("framecheck:textSha256"); err != nil {
		return err
	} else if sum != "" {
		if got := sha256.Sum256([]byte(text)); hex.EncodeToString(got[:]) != sum {
			return jsonwalk.Errorf(p, "the text of readout %q does not match its SHA-256: it was changed after export, so its annotations cannot be trusted", jsonwalk.Clip(r.Title))
		}
	}
	if v, vp, err := o.Get("framecheck:versions"); err != nil {
		return err
	} else if v != nil {
		if err := jsonwalk.EachItem(vp, v, func(i int, raw []byte) *refusal.Error {
			ver, err := fileVersion(vp+"["+strconv.Itoa(i)+"]", raw)
			if err == nil {
				r.Versions = append(r.Versions, ver)
			}
			return err
		}); err != nil {
			return err
		}
	}
	if err := r.Check(); err != nil {
		field, msg, _ := strings.Cut(err.Error(), ": ")
		if field == "title" {
			return jsonwalk.Errorf(labelPath, "%s", msg)
		}
		return jsonwalk.Errorf(textPath, "%s", msg)
	}
	ri := &readoutInfo{r: r, path: path}
	d.readouts = append(d.readouts, ri)
	d.byIRI[iri] = ri
	if alias := urnUUID + r.ID; alias != iri && d.byIRI[alias] == nil {
		d.byIRI[alias] = ri
	}
	return nil
}

// fileVersion reads one element of a readout's framecheck:versions.
func fileVersion(path string, raw []byte) (*workspace.Version, *refusal.Error) {
	o, err := jsonwalk.ParseObject(path, raw)
	if err != nil {
		return nil, err
	}
	v := &workspace.Version{}
	text, textPath, err := o.OptString("value")
	if err != nil {
		return nil, err
	}
	if text == "" {
		return nil, jsonwalk.Errorf(textPath, "missing; a version carries its text in value")
	}
	v.Text = text
	if sum, p, err := o.OptString("framecheck:textSha256"); err != nil {
		return nil, err
	} else if sum != "" && workspace.TextSHA256(text) != sum {
		return nil, jsonwalk.Errorf(p, "the text of this version does not match its SHA-256: it was changed after export")
	}
	added, has, err := optTime(o, "framecheck:addedAt")
	if err != nil {
		return nil, err
	}
	if !has {
		return nil, jsonwalk.Errorf(path, "framecheck:addedAt is missing")
	}
	v.AddedAt = added
	if v.URL, _, err = o.OptString("framecheck:url"); err != nil {
		return nil, err
	}
	return v, nil
}

// readoutFor returns the readout a target's source names, making it from
// texts when the file does not carry it. path is the source's.
func (d *decoder) readoutFor(iri, path string) (*readoutInfo, *refusal.Error) {
	if ri := d.byIRI[iri]; ri != nil {
		return ri, nil
	}
	text, ok := d.texts[iri]
	if !ok {
		if d.fromFile {
			return nil, jsonwalk.Errorf(path, "%q is not one of the readouts of the file (%s), and no text was given for it", clipIRI(iri), keyReadouts)
		}
		return nil, jsonwalk.Errorf(path, "the file does not carry the text of readout %q, and no text was given for it", clipIRI(iri))
	}
	tp := "texts[" + strconv.Quote(jsonwalk.Clip(iri)) + "]"
	if !utf8.ValidString(text) {
		return nil, jsonwalk.Errorf(path, "the text given for %q is not valid UTF-8", jsonwalk.Clip(iri))
	}
	r := &workspace.Readout{ID: idFromIRI(iri), Title: iri, Text: textpos.NormalizeNewlines(text)}
	if usableURL(iri) {
		r.URL = iri
	}
	if strings.TrimSpace(r.Text) == "" {
		return nil, jsonwalk.Errorf(path, "the text given for %q is empty", jsonwalk.Clip(iri))
	}
	if err := r.Check(); err != nil {
		return nil, jsonwalk.Errorf(path, "the text given for %q: %s", jsonwalk.Clip(iri), strings.TrimPrefix(err.Error(), "text: "))
	}
	if err := d.claim(r.ID, path); err != nil {
		return nil, err
	}
	ri := &readoutInfo{r: r, path: tp}
	d.readouts = append(d.readouts, ri)
	d.byIRI[iri] = ri
	return ri, nil
}

// clipIRI shortens an IRI for a message less than clip does: the user
// needs it whole to tell which readout is meant.
func clipIRI(s string) string {
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "…"
	}
	return s
}

// claim records id as used at path, refusing one used before.
func (d *decoder) claim(id, path string) *refusal.Error {
	if prev, ok := d.ids[id]; ok {
		return jsonwalk.Errorf(path, "id %s is already used by %s", id, orWhole(prev))
	}
	d.ids[id] = path
	return nil
}

func orWhole(p string) string {
	if p == "" {
		return "the file"
	}
	return p
}

// target is one target of an annotation.
type target struct {
	path       string
	source     string
	sourcePath string
	q          *quoteSel
	p          *posSel
	selPath    string
}

func (t *target) anchored() bool { return t.q != nil || t.p != nil }

// parseTarget reads a target: an IRI, an external resource or a
// SpecificResource with selectors.
func parseTarget(path string, v []byte) (target, *refusal.Error) {
	t := target{path: path}
	switch v[0] {
	case '"':
		s, err := jsonwalk.Str(path, v)
		if err != nil {
			return t, err
		}
		if s == "" {
			return t, jsonwalk.Errorf(path, "is empty; a target names the readout by its IRI")
		}
		t.source, t.sourcePath = s, path
		return t, nil
	case '{':
	default:
		return t, jsonwalk.Errorf(path, "must be an IRI or an object, not %s", jsonwalk.Kind(v))
	}
	o, err := jsonwalk.ParseObject(path, v)
	if err != nil {
		return t, err
	}
	src, sp, err := o.Get("source")
	if err != nil {
		return t, err
	}
	switch {
	case src == nil:
		id, ip, err := o.OptString("id", "@id")
		if err != nil {
			return t, err
		}
		if o.Has("selector") {
			return t, jsonwalk.Errorf(sp, "missing; a target with a selector names the readout in source")
		}
		if id == "" {
			return t, jsonwalk.Errorf(sp, "missing; a target names the readout by its IRI, in source (or id)")
		}
		t.source, t.sourcePath = id, ip
		return t, nil
	case src[0] == '{':
		so, err := jsonwalk.ParseObject(sp, src)
		if err != nil {
			return t, err
		}
		id, ip, err := so.OptString("id", "@id")
		if err != nil {
			return t, err
		}
		if id == "" {
			return t, jsonwalk.Errorf(ip, "missing; the source must have an IRI")
		}
		t.source, t.sourcePath = id, ip
	default:
		s, err := jsonwalk.Str(sp, src)
		if err != nil {
			return t, jsonwalk.Errorf(sp, "must be the IRI of the readout, not %s", jsonwalk.Kind(src))
		}
		if s == "" {
			return t, jsonwalk.Errorf(sp, "is empty; it must be the IRI of the readout")
		}
		t.source, t.sourcePath = s, sp
	}
	sel, selPath, err := o.Get("selector")
	if err != nil || sel == nil {
		return t, err
	}
	t.selPath = selPath
	other := ""
	err = jsonwalk.OneOrMany(selPath, sel, func(p string, raw []byte) *refusal.Error {
		switch raw[0] {
		case '"':
			if other == "" {
				other = "a selector given by its IRI"
			}
			return nil
		case '{':
		default:
			return jsonwalk.Errorf(p, "must be a selector object, not %s", jsonwalk.Kind(raw))
		}
		so, err := jsonwalk.ParseObject(p, raw)
		if err != nil {
			return err
		}
		types, tp, err := typesOf(so)
		if err != nil {
			return err
		}
		quote, pos := slices.Contains(types, "TextQuoteSelector"), slices.Contains(types, "TextPositionSelector")
		if !quote && !pos {
			if other == "" {
				other = "a selector without a type"
				if len(types) > 0 {
					other = "a " + types[0]
				}
			}
			return nil
		}
		if quote && t.q != nil || pos && t.p != nil {
			return nil
		}
		if rv, rp, _ := so.Get("refinedBy"); rv != nil {
			return jsonwalk.Errorf(rp, "refined selectors are not supported: framecheck reads a TextQuoteSelector or TextPositionSelector on its own")
		}
		if quote && pos {
			return jsonwalk.Errorf(tp, "a selector cannot be both a TextQuoteSelector and a TextPositionSelector")
		}
		if quote {
			q := &quoteSel{path: p}
			ev, ep, err := so.Get("exact")
			if err != nil {
				return err
			}
			if ev == nil {
				return jsonwalk.Errorf(ep, "missing; a TextQuoteSelector must have exact")
			}
			if q.exact, err = jsonwalk.Str(ep, ev); err != nil {
				return err
			}
			if q.prefix, _, err = so.OptString("prefix"); err != nil {
				return err
			}
			if q.suffix, _, err = so.OptString("suffix"); err != nil {
				return err
			}
			t.q = q
			return nil
		}
		ps := &posSel{path: p}
		sv, spath, err := so.Get("start")
		if err != nil {
			return err
		}
		ev, epath, err := so.Get("end")
		if err != nil {
			return err
		}
		if ps.start, err = jsonwalk.Integer(spath, sv); err != nil {
			return err
		}
		if ps.end, err = jsonwalk.Integer(epath, ev); err != nil {
			return err
		}
		switch {
		case ps.start < 0:
			return jsonwalk.Errorf(spath, "%d is negative", ps.start)
		case ps.end < ps.start:
			return jsonwalk.Errorf(epath, "%d is before start %d", ps.end, ps.start)
		}
		t.p = ps
		return nil
	})

	if err != nil {
		return t, err
	}
	if !t.anchored() {
		return t, jsonwalk.Errorf(selPath, "has no TextQuoteSelector or TextPositionSelector (only %s); framecheck finds passages by their quote or position", other)
	}
	return t, nil
}

// noteParts collects what becomes the tag and the note.
type noteParts struct {
	link   bool          // the bodies of a link: the tag is its kind
	kind   bool          // a link: the kind counterpart was seen
	tag    workspace.Tag // the first known tag
	anyTag bool          // a tag body was seen, known or not
	texts  []string      // text bodies, in order
	lines  []string      // "tag: …", "body: …", "motivation: …"
	chk    checkParts    // "assessing" and "linking" bodies: a check
}

func (n *noteParts) note() string {
	note := strings.Join(n.texts, "\n\n")
	if len(n.lines) > 0 {
		if note != "" {
			note += "\n\n"
		}
		note += strings.Join(n.lines, "\n")
	}
	return note
}

// addTag records a tag body's value.
func (n *noteParts) addTag(value string) {
	n.anyTag = true
	if n.link {
		// The one kind of link; a link of another kind (no such link
		// in framecheck) is kept as a counterpart, its kind noted.
		switch {
		case !n.kind && workspace.LinkKind(strings.ToLower(strings.TrimSpace(value))) == workspace.Counterpart:
			n.kind = true
		case strings.TrimSpace(value) != "":
			n.lines = append(n.lines, "tag: "+value)
		}
		return
	}
	t := workspace.Tag(strings.ToLower(strings.TrimSpace(value)))
	switch {
	case t.Valid() && n.tag == "":
		n.tag = t
	case strings.TrimSpace(value) != "":
		n.lines = append(n.lines, "tag: "+value)
	}
}

// body reads one body (or an array of them) into n.
func body(path string, v []byte, motivations []string, n *noteParts) *refusal.Error {
	return jsonwalk.OneOrMany(path, v, func(p string, raw []byte) *refusal.Error {
		return oneBody(p, raw, motivations, n)
	})

}

func oneBody(path string, v []byte, motivations []string, n *noteParts) *refusal.Error {
	soleTagging := len(motivations) == 1 && (motivations[0] == "tagging" || motivations[0] == "classifying")
	switch v[0] {
	case '"':
		s, err := jsonwalk.Str(path, v)
		if err != nil {
			return err
		}
		if soleTagging {
			n.addTag(s)
		} else if s != "" {
			n.lines = append(n.lines, "body: "+s)
		}
		return nil
	case '{':
	default:
		return jsonwalk.Errorf(path, "must be an object or an IRI, not %s", jsonwalk.Kind(v))
	}
	o, err := jsonwalk.ParseObject(path, v)
	if err != nil {
		return err
	}
	types, _, err := typesOf(o)
	if err != nil {
		return err
	}
	if slices.Contains(types, "Choice") {
		items, ip, err := o.Get("items")
		if err != nil {
			return err
		}
		if items == nil {
			return jsonwalk.Errorf(ip, "missing; a Choice lists its bodies in items")
		}
		first := true
		return jsonwalk.EachItem(ip, items, func(i int, raw []byte) *refusal.Error {
			if !first {
				return nil
			}
			first = false
			return oneBody(jsonwalk.Index(ip, i), raw, motivations, n)
		})

	}
	isTag := soleTagging
	if pv, pp, err := o.Get("purpose"); err != nil {
		return err
	} else if pv != nil {
		purposes, err := jsonwalk.StringList(pp, pv)
		if err != nil {
			return err
		}
		isTag = slices.Contains(purposes, "tagging") || slices.Contains(purposes, "classifying")
		if !n.link && !isTag && slices.Contains(purposes, "assessing") {
			return n.assessing(o)
		}
		if !n.link && !isTag && slices.Contains(purposes, "linking") {
			return n.evidence(o, types)
		}
	}
	if vv, vp, err := o.Get("value"); err != nil {
		return err
	} else if vv != nil {
		s, err := jsonwalk.Str(vp, vv)
		if err != nil {
			return err
		}
		if isTag {
			n.addTag(s)
		} else if s != "" {
			n.texts = append(n.texts, s)
		}
		return nil
	} else if slices.Contains(types, "TextualBody") {
		return jsonwalk.Errorf(vp, "missing; a TextualBody must have a value")
	}
	iri := ""
	if sv, sp, err := o.Get("source"); err != nil {
		return err
	} else if sv != nil {
		if iri, err = jsonwalk.Str(sp, sv); err != nil {
			return err
		}
	} else if iri, _, err = o.OptString("id", "@id"); err != nil {
		return err
	}
	if iri == "" {
		return jsonwalk.Errorf(path, "has no value, source or id: nothing to read")
	}
	if isTag {
		n.addTag(iri)
	} else {
		n.lines = append(n.lines, "body: "+iri)
	}
	return nil
}

// absorbed motivations are what framecheck annotations are; others are
// kept in the note.
var absorbed = []string{"classifying", "tagging", "commenting", "highlighting"}

// annotation reads one annotation.
func (d *decoder) annotation(o jsonwalk.Object) *refusal.Error {
	path := o.Path
	a := &workspace.Annotation{}
	id, idPath, err := o.OptString("id", "@id")
	if err != nil {
		return err
	}
	if id != "" {
		a.ID = idFromIRI(id)
	} else {
		a.ID = derivedUUID(d.fileHash() + " " + path)
		idPath = path
	}
	if err := d.claim(a.ID, idPath); err != nil {
		return err
	}
	var motivations []string
	if v, p, err := o.Get("motivation"); err != nil {
		return err
	} else if v != nil {
		if motivations, err = jsonwalk.StringList(p, v); err != nil {
			return err
		}
	}
	created, hasC, err := optTime(o, "created")
	if err != nil {
		return err
	}
	modified, hasM, err := optTime(o, "modified")
	if err != nil {
		return err
	}
	a.CreatedAt, a.UpdatedAt = orTime(created, hasC, modified), orTime(modified, hasM, created)
	if !hasC && !hasM {
		if d.untimed == nil {
			d.untimed = map[*workspace.Annotation]bool{}
		}
		d.untimed[a] = true
	}
	if v, p, err := o.Get("creator"); err != nil {
		return err
	} else if v != nil {
		if a.Author, err = creator(p, v); err != nil {
			return err
		}
	}

	tv, tpath, err := o.Get("target")
	if err != nil {
		return err
	}
	if tv == nil {
		return jsonwalk.Errorf(tpath, "missing; an annotation must have a target")
	}
	var targets []target
	if err := jsonwalk.OneOrMany(tpath, tv, func(p string, raw []byte) *refusal.Error {
		t, err := parseTarget(p, raw)
		if err == nil {
			targets = append(targets, t)
		}
		return err
	}); err != nil {
		return err
	}
	linking := slices.Contains(motivations, "linking")
	main := -1
	for i := range targets {
		if !targets[i].anchored() {
			continue
		}
		if main >= 0 {
			if linking {
				return jsonwalk.Errorf(targets[i].path, "a second target with selectors: framecheck links annotations, not passages; annotate each passage and make the targets of the linking annotation the IRIs of the two annotations")
			}
			return jsonwalk.Errorf(targets[i].path, "a second target with selectors: a framecheck annotation marks one passage; to link two passages, annotate each and link the annotations (a \"linking\" annotation whose targets are their IRIs)")
		}
		main = i
	}
	// A linking annotation whose targets have no selectors links
	// annotations: it is read when all annotations are (finish).
	isLink := linking && main < 0 && len(targets) > 1

	n := noteParts{link: isLink}
	bv, bp, err := o.Get("body")
	if err != nil {
		return err
	}
	if vv, vp, err := o.Get("bodyValue"); err != nil {
		return err
	} else if vv != nil {
		if bv != nil {
			return jsonwalk.Errorf(vp, "an annotation has either body or bodyValue, not both")
		}
		s, err := jsonwalk.Str(vp, vv)
		if err != nil {
			return err
		}
		if s != "" {
			n.texts = append(n.texts, s)
		}
	}
	if bv != nil {
		if err := body(bp, bv, motivations, &n); err != nil {
			return err
		}
	}
	for _, m := range motivations {
		if !slices.Contains(absorbed, m) && !(isLink && m == "linking") && strings.TrimSpace(m) != "" {
			n.lines = append(n.lines, "motivation: "+m)
		}
	}
	if isLink {
		delete(d.untimed, a) // a link has no times of its own
		if a.Author != "" {
			n.lines = append(n.lines, "creator: "+a.Author)
		}
		d.links = append(d.links, linkInfo{path: path, targetPath: tpath, targets: targets, note: n.note()})
		return nil
	}

	switch {
	case len(targets) == 0:
		return jsonwalk.Errorf(tpath, "is empty; an annotation must have a target")
	case main < 0 && len(targets) > 1:
		return jsonwalk.Errorf(tpath, "%d targets and none has a selector: framecheck cannot tell which readout the annotation marks", len(targets))
	case main < 0:
		main = 0
	}
	t := &targets[main]
	ri, err := d.readoutFor(t.source, t.sourcePath)
	if err != nil {
		return err
	}
	a.ReadoutID = ri.r.ID
	if a.Orphan, a.AnchoredTo, a.PreviousExact, err = orphanFields(o); err != nil {
		return err
	}
	if a.Orphan {
		// Placed by its quote on the version it last anchored in.
		vi, err := ri.versionInfo(a.AnchoredTo, path)
		if err != nil {
			return err
		}
		if t.q == nil {
			return jsonwalk.Errorf(t.path, "an orphan needs its TextQuoteSelector")
		}
		if a.Start, a.End, a.Prefix, a.Suffix, err = vi.anchor(t.q, nil); err != nil {
			return err
		}
		a.Exact, _ = vi.r.Positions().Slice(a.Start, a.End)
	} else if t.anchored() {
		if a.Start, a.End, a.Prefix, a.Suffix, err = ri.anchor(t.q, t.p); err != nil {
			return err
		}
		a.Exact, _ = ri.r.Positions().Slice(a.Start, a.End)
	} else {
		a.Start, a.End, a.Exact = 0, ri.r.Positions().Len(), ri.r.Text
	}

	if !n.anyTag {
		n.lines = append(n.lines, "tag: none")
	}
	a.Tag = n.tag
	if a.Tag == "" {
		a.Tag = workspace.Framing
		if a.IsPoint() {
			a.Tag = workspace.Omission
		}
	}
	a.Note = n.note()
	if a.IsPoint() && a.Tag != workspace.Omission {
		return jsonwalk.Errorf(t.selPath, "marks a point (start == end), and only an omission can be a point; this annotation is tagged %s", a.Tag)
	}
	// A set, not a scan per target: an omission may name 50,000 readouts.
	var listed map[string]bool
	if len(targets) > 2 {
		listed = make(map[string]bool, len(targets))
		for _, id := range a.OmittedBy {
			listed[id] = true
		}
	}
	for i := range targets {
		if i == main {
			continue
		}
		o := &targets[i]
		if a.Tag != workspace.Omission {
			return jsonwalk.Errorf(o.path, "a further target names a readout that leaves the passage out, and only an omission has such readouts; this annotation is tagged %s", a.Tag)
		}
		ro, err := d.readoutFor(o.source, o.sourcePath)
		if err != nil {
			return err
		}
		switch {
		case ro == ri:
			return jsonwalk.Errorf(o.path, "names the annotation's own readout as one that leaves the passage out")
		case listed[ro.r.ID] || (listed == nil && slices.Contains(a.OmittedBy, ro.r.ID)):
			return jsonwalk.Errorf(o.path, "names readout %q a second time", jsonwalk.Clip(ro.r.Title))
		}
		if listed != nil {
			listed[ro.r.ID] = true
		}
		a.OmittedBy = append(a.OmittedBy, ro.r.ID)
	}
	if n.chk.seen || len(n.chk.check.Evidence) > 0 {
		c := n.chk.check
		if c.CheckedAt.IsZero() {
			c.CheckedAt = a.UpdatedAt
		}
		a.Check = &c
		if d.verdicts == nil {
			d.verdicts = map[*workspace.Annotation]checkParts{}
		}
		d.verdicts[a] = n.chk
	}
	d.anns = append(d.anns, a)
	d.annPaths = append(d.annPaths, path)
	return nil
}

// orphanFields reads framecheck's extension for annotations that a new
// version of their readout could not place.
func orphanFields(o jsonwalk.Object) (orphan bool, anchoredTo, previousExact string, err *refusal.Error) {
	if v, p, err := o.Get("framecheck:orphan"); err != nil {
		return false, "", "", err
	} else if v != nil {
		switch string(v) {
		case "true":
			orphan = true
		case "false":
		default:
			return false, "", "", jsonwalk.Errorf(p, "%s is not true or false", jsonwalk.Clip(string(v)))
		}
	}
	if anchoredTo, _, err = o.OptString("framecheck:anchoredTo"); err != nil {
		return false, "", "", err
	}
	if !orphan {
		anchoredTo = "" // the current text: the model leaves it unsaid
	}
	if previousExact, _, err = o.OptString("framecheck:previousExact"); err != nil {
		return false, "", "", err
	}
	return orphan, anchoredTo, previousExact, nil
}

// versionInfo returns the readoutInfo of ri's earlier version whose text
// has the SHA-256 sum, for placing an orphan; path is the annotation's.
func (ri *readoutInfo) versionInfo(sum, path string) (*readoutInfo, *refusal.Error) {
	v := ri.r.Version(sum)
	if v == nil {
		return nil, jsonwalk.Errorf(path+".framecheck:anchoredTo", "%q is not an earlier version of readout %q", jsonwalk.Clip(sum), jsonwalk.Clip(ri.r.Title))
	}
	if ri.versions == nil {
		ri.versions = map[string]*readoutInfo{}
	}
	vi := ri.versions[sum]
	if vi == nil {
		vi = &readoutInfo{r: &workspace.Readout{ID: ri.r.ID, Title: ri.r.Title, Text: v.Text}, path: ri.path}
		ri.versions[sum] = vi
	}
	return vi, nil
}

// creator reads the creators' names: strings, or agent objects.
func creator(path string, v []byte) (string, *refusal.Error) {
	var names []string
	err := jsonwalk.OneOrMany(path, v, func(p string, raw []byte) *refusal.Error {
		switch raw[0] {
		case '"':
			s, err := jsonwalk.Str(p, raw)
			if strings.TrimSpace(s) != "" {
				names = append(names, strings.TrimSpace(s))
			}
			return err
		case '{':
		default:
			return jsonwalk.Errorf(p, "must be a name, an IRI or an agent object, not %s", jsonwalk.Kind(raw))
		}
		o, err := jsonwalk.ParseObject(p, raw)
		if err != nil {
			return err
		}
		for _, k := range [][]string{{"name"}, {"nickname"}, {"id", "@id"}} {
			v, kp, err := o.Get(k...)
			if err != nil {
				return err
			}
			if v == nil {
				continue
			}
			list, err := jsonwalk.StringList(kp, v)
			if err != nil {
				return err
			}
			for _, s := range list {
				if strings.TrimSpace(s) != "" {
					names = append(names, strings.TrimSpace(s))
					return nil
				}
			}
		}
		return nil
	})

	return strings.Join(names, ", "), err
}

// optTime reads an optional xsd:dateTime: RFC 3339, or without an offset
// (taken as UTC); it returns it in UTC, in whole seconds.
func optTime(o jsonwalk.Object, name string) (time.Time, bool, *refusal.Error) {
	s, p, err := o.OptString(name)
	if err != nil {
		return time.Time{}, false, err
	}
	if v, _, _ := o.Get(name); v == nil {
		return time.Time{}, false, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Truncate(time.Second), true, nil
		}
	}
	return time.Time{}, false, jsonwalk.Errorf(p, "%q is not a date and time like %q", jsonwalk.Clip(s), "2026-07-05T07:47:00Z")
}

// orTime returns t when it is given, else alt.
func orTime(t time.Time, given bool, alt time.Time) time.Time {
	if given {
		return t
	}
	return alt
}

// fileHash names the file for ids derived from it.
func (d *decoder) fileHash() string {
	sum := sha256.Sum256(d.data)
	return hex.EncodeToString(sum[:])
}

// finish builds and validates the workspace.
func (d *decoder) finish() (*workspace.Workspace, *refusal.Error) {
	w := &workspace.Workspace{ID: d.wsID, Title: d.wsTitle}
	if w.ID == "" {
		w.ID = derivedUUID("workspace " + d.fileHash())
		if err := d.claim(w.ID, ""); err != nil {
			return nil, err
		}
	}
	if w.Title == "" {
		w.Title = defaultTitle
	}
	if d.hasWSTimes {
		w.CreatedAt, w.UpdatedAt = d.wsCreated, d.wsUpdate
	} else {
		first := true
		for _, a := range d.anns {
			if d.untimed[a] {
				continue
			}
			if first || a.CreatedAt.Before(w.CreatedAt) {
				w.CreatedAt = a.CreatedAt
			}
			if first || a.UpdatedAt.After(w.UpdatedAt) {
				w.UpdatedAt = a.UpdatedAt
			}
			first = false
		}
	}
	for a := range d.untimed {
		a.CreatedAt, a.UpdatedAt = w.CreatedAt, w.UpdatedAt
		if a.Check != nil && a.Check.CheckedAt.IsZero() {
			a.Check.CheckedAt = w.UpdatedAt
		}
	}
	d.resolveChecks(w)
	for _, ri := range d.readouts {
		w.Readouts = append(w.Readouts, ri.r)
	}
	w.Annotations = d.anns
	if err := d.link(); err != nil {
		return nil, err
	}
	if err := interchange.CheckQuoted(w.Annotations); err != nil {
		return nil, err
	}
	workspace.NormalizeLineBreaks(w) // notes and titles; the texts are normalised when read
	if err := w.Validate(); err != nil {
		// Not expected: the checks above come first. Name the place in
		// the file all the same.
		e := refusal.ModelError(err)
		if rest, ok := strings.CutPrefix(e.Path, "annotations["); ok {
			if num, field, ok := strings.Cut(rest, "]"); ok {
				if i, err := strconv.Atoi(num); err == nil && i >= 0 && i < len(d.annPaths) {
					return nil, jsonwalk.Errorf(d.annPaths[i], "%s: %s", strings.TrimPrefix(field, "."), e.Msg)
				}
			}
		}
		if rest, ok := strings.CutPrefix(e.Path, "readouts["); ok {
			if num, field, ok := strings.Cut(rest, "]"); ok {
				if i, err := strconv.Atoi(num); err == nil && i >= 0 && i < len(d.readouts) {
					return nil, jsonwalk.Errorf(d.readouts[i].path, "%s: %s", strings.TrimPrefix(field, "."), e.Msg)
				}
			}
		}
		return nil, e
	}
	w.Sort()
	return w, nil
}

// linkInfo is a linking annotation between annotations, read when all
// annotations are known (a link may come before what it links).
type linkInfo struct {
	path, targetPath string
	targets          []target // without selectors, at least two
	note             string
}

// link writes each linking annotation as a counterpart link on both of
// the annotations it targets. A target must be an annotation of the file;
// the two must be on different readouts and linked once.
func (d *decoder) link() *refusal.Error {
	if len(d.links) == 0 {
		return nil
	}
	byID := make(map[string]*workspace.Annotation, len(d.anns))
	for _, a := range d.anns {
		byID[a.ID] = a
	}
	seen := map[[2]string]string{}
	touched := map[*workspace.Annotation]bool{}
	for _, l := range d.links {
		if len(l.targets) != 2 {
			return jsonwalk.Errorf(l.targetPath, "%d targets: a linking annotation links two annotations of the file", len(l.targets))
		}
		var ends [2]*workspace.Annotation
		for i, t := range l.targets {
			a := byID[idFromIRI(t.source)]
			if a == nil {
				if _, ok := d.texts[t.source]; ok || d.byIRI[t.source] != nil {
					return jsonwalk.Errorf(t.path, "%q is a readout, not an annotation: framecheck links annotations; annotate the passage and make the annotation's IRI the target", clipIRI(t.source))
				}
				return jsonwalk.Errorf(t.path, "%q is not an annotation of this file: a linking annotation links two annotations of the file (by their ids), and framecheck keeps no link to anything else", clipIRI(t.source))
			}
			ends[i] = a
		}
		a, b := ends[0], ends[1]
		switch {
		case a == b:
			return jsonwalk.Errorf(l.targets[1].path, "names the same annotation as the other target: an annotation cannot be linked to itself")
		case a.ReadoutID == b.ReadoutID:
			return jsonwalk.Errorf(l.targetPath, "links two annotations of the same readout; framecheck links counterparts, passages of different readouts")
		}
		key := [2]string{min(a.ID, b.ID), max(a.ID, b.ID)}
		if prev, ok := seen[key]; ok {
			return jsonwalk.Errorf(l.targetPath, "links the same two annotations as %s; two annotations are linked once", orWhole(prev))
		}
		seen[key] = l.path
		a.Links = append(a.Links, workspace.Link{AnnotationID: b.ID, Kind: workspace.Counterpart, Note: l.note})
		b.Links = append(b.Links, workspace.Link{AnnotationID: a.ID, Kind: workspace.Counterpart, Note: l.note})
		touched[a], touched[b] = true, true
	}
	for a := range touched {
		workspace.SortLinks(a.Links)
	}
	return nil
}
