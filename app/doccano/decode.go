package doccano

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"framecheck/app/fcjson"
	"framecheck/app/workspace"
)

// ImportOptions changes how Decode reads a file.
type ImportOptions struct {
	// Unit is how the file counts offsets: CodePoint (doccano's default)
	// or Grapheme (doccano projects in grapheme mode).
	Unit Unit
	// Now is the time of import: the creation time of what the file does
	// not date. Zero means time.Now().
	Now time.Time
	// NewID makes ids for what the file does not identify; nil makes
	// random UUIDs. Tests pass a deterministic one.
	NewID func() string
}

// Info tells the user what an import did beyond the obvious.
type Info struct {
	// Notes are sentences for the user: labels that were not tags,
	// relations and comments that were left out, ids that were replaced.
	Notes []string
}

func (in *Info) note(format string, args ...any) {
	in.Notes = append(in.Notes, fmt.Sprintf(format, args...))
}

// String joins the notes, one a line.
func (in *Info) String() string {
	if in == nil {
		return ""
	}
	return strings.Join(in.Notes, "\n")
}

// Decode reads a doccano JSONL file into a new workspace. It checks the
// whole file first and refuses it with an *fcjson.Error whose Path names
// the line and the place in it (`line 3: label[1][0]`). It never panics.
// Unknown labels are not refused (see the package documentation); Info
// lists what was changed or left out.
func Decode(data []byte, opt ImportOptions) (*workspace.Workspace, *Info, error) {
	if len(data) > MaxFileSize {
		return nil, nil, &fcjson.Error{Msg: fmt.Sprintf("the file is %d bytes; framecheck opens files of up to %d MB", len(data), MaxFileSize>>20)}
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	opt.Now = opt.Now.UTC().Truncate(time.Second)
	if opt.NewID == nil {
		opt.NewID = newUUID
	}
	d := &decoder{opt: opt, info: &Info{}, readoutIDs: map[string]int{}, annIDs: map[string]bool{}, unknown: map[string]int{}}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	lines := 0
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		lines++
		if err := d.line(n+1, line); err != nil {
			return nil, nil, err
		}
	}
	if lines == 0 {
		return nil, nil, &fcjson.Error{Msg: "the file is empty"}
	}
	return d.finish()
}

type decoder struct {
	opt  ImportOptions
	info *Info

	ws       *workspace.Workspace
	wsLine   int
	readouts []*workspace.Readout
	anns     []*workspace.Annotation
	// omittedBy as the file has it, resolved once every readout is known.
	omitted    map[*workspace.Annotation][]string
	readoutIDs map[string]int // id -> line
	annIDs     map[string]bool
	unknown    map[string]int // label -> count
	relations  int
	comments   int
	dropped    int
}

// span is a label of the file: [start, end) in the file's unit.
type span struct {
	path       string
	start, end int
	label      string
}

func (d *decoder) line(n int, raw []byte) *fcjson.Error {
	at := "line " + strconv.Itoa(n)
	if err := checkUTF8(at, raw); err != nil {
		return err
	}
	v, err := parseJSON(raw)
	if err != nil {
		return errAt(at, "is not JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	m, ok := v.(map[string]any)
	if !ok {
		return errAt(at, "must be a JSON object with \"text\", not %s", kind(v))
	}
	at += ": "
	text, ok := m["text"].(string)
	switch {
	case m["text"] == nil && m["data"] != nil:
		text, ok = m["data"].(string) // doccano's own name inside its pipeline
		if !ok {
			return errAt(at+"data", "must be a string, not %s", kind(m["data"]))
		}
	case m["text"] == nil:
		return errAt(at+"text", "missing; a doccano line has the text to label in \"text\"")
	case !ok:
		return errAt(at+"text", "must be a string, not %s", kind(m["text"]))
	}
	if strings.TrimSpace(text) == "" {
		return errAt(at+"text", "is empty; a readout needs text")
	}
	lt := newLineText(text)
	if n := lt.orig.Len(); n > workspace.MaxTextLen {
		return errAt(at+"text", "%d characters is more than the limit of %d", n, workspace.MaxTextLen)
	}

	spans, err2 := d.spans(at, m)
	if err2 != nil {
		return err2
	}
	if c, ok := m["Comments"].([]any); ok {
		d.comments += len(c)
	}

	var x map[string]any
	if v, ok := m["framecheck"]; ok && v != nil {
		if x, ok = v.(map[string]any); !ok {
			return errAt(at+"framecheck", "must be an object, not %s", kind(v))
		}
	}
	r, err2 := d.readout(n, at, m, x, lt.text)
	if err2 != nil {
		return err2
	}
	return d.annotations(at, lt, r, spans, x)
}

// spans reads "label" (or "labels") or "entities".
func (d *decoder) spans(at string, m map[string]any) ([]span, *fcjson.Error) {
	var out []span
	if v, ok := m["entities"]; ok && v != nil && m["label"] == nil {
		list, ok := v.([]any)
		if !ok {
			return nil, errAt(at+"entities", "must be an array, not %s", kind(v))
		}
		for i, e := range list {
			p := at + "entities[" + strconv.Itoa(i) + "]"
			o, ok := e.(map[string]any)
			if !ok {
				return nil, errAt(p, "must be an object {id, label, start_offset, end_offset}, not %s", kind(e))
			}
			s, err := offsetValue(p+".start_offset", o["start_offset"])
			if err != nil {
				return nil, err
			}
			en, err := offsetValue(p+".end_offset", o["end_offset"])
			if err != nil {
				return nil, err
			}
			label, ok := o["label"].(string)
			if !ok {
				return nil, errAt(p+".label", "must be a string, not %s", kind(o["label"]))
			}
			out = append(out, span{path: p, start: s, end: en, label: label})
		}
		if rel, ok := m["relations"].([]any); ok {
			d.relations += len(rel)
		}
		return out, nil
	}
	key := "label"
	if m[key] == nil && m["labels"] != nil {
		key = "labels"
	}
	v := m[key]
	if v == nil {
		return nil, nil // a text without labels yet
	}
	list, ok := v.([]any)
	if !ok {
		return nil, errAt(at+key, "must be an array of [start, end, label], not %s", kind(v))
	}
	for i, e := range list {
		p := at + key + "[" + strconv.Itoa(i) + "]"
		t, ok := e.([]any)
		if !ok {
			if _, isStr := e.(string); isStr {
				return nil, errAt(p, "is a category, not a span: this is a text classification export, which framecheck cannot open")
			}
			return nil, errAt(p, "must be [start, end, label], not %s", kind(e))
		}
		if len(t) != 3 {
			return nil, errAt(p, "must be [start, end, label], not an array of %d items", len(t))
		}
		s, err := offsetValue(p+"[0]", t[0])
		if err != nil {
			return nil, err
		}
		en, err := offsetValue(p+"[1]", t[1])
		if err != nil {
			return nil, err
		}
		label, ok := t[2].(string)
		if !ok {
			return nil, errAt(p+"[2]", "must be a string (the label), not %s", kind(t[2]))
		}
		out = append(out, span{path: p, start: s, end: en, label: label})
	}
	return out, nil
}

func (d *decoder) readout(n int, at string, m, x map[string]any, text string) (*workspace.Readout, *fcjson.Error) {
	r := &workspace.Readout{Text: text}
	if x != nil {
		xp := at + "framecheck."
		if v, ok := x["version"]; ok {
			ver, err := offsetValue(xp+"version", v)
			if err != nil {
				return nil, err
			}
			if ver > Version {
				return nil, errAt(xp+"version", "made by a newer framecheck (version %d); this one reads version %d", ver, Version)
			}
		}
		if wv, ok := x["workspace"]; ok && wv != nil {
			wm, ok := wv.(map[string]any)
			if !ok {
				return nil, errAt(xp+"workspace", "must be an object, not %s", kind(wv))
			}
			if err := d.workspace(n, xp+"workspace.", wm); err != nil {
				return nil, err
			}
		}
		for _, f := range []struct {
			key string
			dst *string
		}{{"id", &r.ID}, {"title", &r.Title}, {"source", &r.Source}, {"url", &r.URL}, {"publishedAt", &r.PublishedAt}, {"language", &r.Language}} {
			s, err := optString(xp, x, f.key)
			if err != nil {
				return nil, err
			}
			*f.dst = strings.TrimSpace(s)
		}
	}
	if r.Title == "" {
		if s, ok := m["title"].(string); ok {
			r.Title = strings.TrimSpace(s)
		} else if meta, ok := m["meta"].(map[string]any); ok {
			if s, ok := meta["title"].(string); ok {
				r.Title = strings.TrimSpace(s)
			}
		}
	}
	if r.Title == "" {
		switch id := m["id"].(type) {
		case json.Number:
			r.Title = "doccano #" + clip(string(id))
		case string:
			r.Title = "doccano #" + clip(id)
		default:
			r.Title = "doccano line " + strconv.Itoa(n)
		}
	}
	if r.ID != "" && !isUUID(r.ID) {
		d.info.note("Line %d: readout id %q is not a UUID; the readout got a new id.", n, clip(r.ID))
		r.ID = ""
	}
	if prev, ok := d.readoutIDs[r.ID]; ok && r.ID != "" {
		d.info.note("Line %d: readout id %s is already used on line %d; the readout got a new id.", n, r.ID, prev)
		r.ID = ""
	}
	if r.ID == "" {
		r.ID = d.opt.NewID()
	}
	d.readoutIDs[r.ID] = n
	d.readouts = append(d.readouts, r)
	return r, nil
}

// workspace takes the workspace of the file from the first line that has
// one.
func (d *decoder) workspace(n int, p string, m map[string]any) *fcjson.Error {
	var id, title string
	var err *fcjson.Error
	if id, err = optString(p, m, "id"); err != nil {
		return err
	}
	if title, err = optString(p, m, "title"); err != nil {
		return err
	}
	created, err := optTime(p, m, "createdAt", d.opt.Now)
	if err != nil {
		return err
	}
	updated, err := optTime(p, m, "updatedAt", d.opt.Now)
	if err != nil {
		return err
	}
	if d.ws != nil {
		if id != d.ws.ID {
			d.info.note("Line %d comes from another workspace (%q) than line %d; all lines were put in one workspace.", n, clip(title), d.wsLine)
		}
		return nil
	}
	if !isUUID(id) {
		id = d.opt.NewID()
	}
	if strings.TrimSpace(title) == "" {
		title = "doccano import"
	}
	d.ws = &workspace.Workspace{ID: id, Title: strings.TrimSpace(title), CreatedAt: created, UpdatedAt: updated}
	d.wsLine = n
	return nil
}

// tagOf maps a label to a tag, case-insensitively; ok is false for a label
// that is not a tag.
func tagOf(label string) (workspace.Tag, bool) {
	t := workspace.Tag(strings.ToLower(strings.TrimSpace(label)))
	return t, t.Valid()
}

// annotations builds the annotations of one line: its labels, matched to
// the extras of the same span and tag where there are some, then the
// omission points of the extras.
func (d *decoder) annotations(at string, lt *lineText, r *workspace.Readout, spans []span, x map[string]any) *fcjson.Error {
	xs, err := d.extraAnnotations(at, x)
	if err != nil {
		return err
	}
	used := make([]bool, len(xs))
	unitLen := lt.length(d.opt.Unit)
	for i, s := range spans {
		if s.start > unitLen || s.end > unitLen {
			return errAt(s.path, "%d-%d is past the end of the text (%d %s)%s", s.start, s.end, unitLen, d.opt.Unit, d.unitHint())
		}
		if s.end < s.start {
			return errAt(s.path, "end %d is before start %d", s.end, s.start)
		}
		start, _ := lt.toCodePoint(d.opt.Unit, s.start)
		end, _ := lt.toCodePoint(d.opt.Unit, s.end)
		tag, known := tagOf(s.label)
		if !known {
			tag = workspace.Framing
		}
		if start == end && tag != workspace.Omission {
			return errAt(s.path, "%d-%d is empty; only an omission can be a point", s.start, s.end)
		}
		a := &workspace.Annotation{ReadoutID: r.ID, Tag: tag, Start: start, End: end, CreatedAt: d.opt.Now, UpdatedAt: d.opt.Now}
		if !known {
			d.unknown[s.label]++
			a.Note = "label: " + s.label
		}
		// The extras entry of this label: at the same place in the list
		// if it matches, else the first unused one that does.
		k := -1
		if i < len(xs) && !used[i] && xs[i].matches(a) {
			k = i
		} else {
			for j := range xs {
				if !used[j] && xs[j].matches(a) {
					k = j
					break
				}
			}
		}
		if k >= 0 && known {
			used[k] = true
			xs[k].apply(a)
		}
		if err := d.add(s.path, r, a); err != nil {
			return err
		}
		if k >= 0 && known {
			d.omitted[a] = xs[k].omittedBy
		}
	}
	for j, xa := range xs {
		if used[j] {
			continue
		}
		if xa.start != xa.end {
			d.dropped++ // its label was removed in doccano
			continue
		}
		if xa.tag != workspace.Omission {
			return errAt(xa.path+".end", "equals start (%d); only an omission can be a point", xa.start)
		}
		// Extras count code points of the readout's text (line breaks
		// normalised), whatever the unit of the labels.
		if n := r.Positions().Len(); xa.start > n {
			return errAt(xa.path+".start", "%d is past the end of the text (%d code points)", xa.start, n)
		}
		a := &workspace.Annotation{ReadoutID: r.ID, Tag: workspace.Omission, Start: xa.start, End: xa.start}
		xa.apply(a)
		if err := d.add(xa.path, r, a); err != nil {
			return err
		}
		d.omitted[a] = xa.omittedBy
	}
	return nil
}

func (d *decoder) unitHint() string {
	if d.opt.Unit == CodePoint {
		return "; if the doccano project counts grapheme clusters, import with the grapheme unit"
	}
	return ""
}

// add quotes a and adds it, giving it an id if it has none or a used one.
func (d *decoder) add(path string, r *workspace.Readout, a *workspace.Annotation) *fcjson.Error {
	if err := quote(r, a); err != nil {
		return errAt(path, "%v", err)
	}
	if a.ID != "" && d.annIDs[a.ID] {
		d.info.note("Annotation id %s appears twice; the second one got a new id.", a.ID)
		a.ID = ""
	}
	if a.ID == "" {
		a.ID = d.opt.NewID()
	}
	d.annIDs[a.ID] = true
	d.anns = append(d.anns, a)
	if d.omitted == nil {
		d.omitted = map[*workspace.Annotation][]string{}
	}
	return nil
}

// xAnn is an annotation entry of the extras.
type xAnn struct {
	path             string
	id               string
	tag              workspace.Tag
	start, end       int
	note, author     string
	omittedBy        []string
	created, updated time.Time
}

// matches reports whether the entry describes the span a was made from.
// Extras count code points; a has them already.
func (x *xAnn) matches(a *workspace.Annotation) bool {
	return x.tag == a.Tag && x.start == a.Start && x.end == a.End
}

func (x *xAnn) apply(a *workspace.Annotation) {
	if isUUID(x.id) {
		a.ID = x.id
	}
	a.Note, a.Author = x.note, x.author
	a.CreatedAt, a.UpdatedAt = x.created, x.updated
}

func (d *decoder) extraAnnotations(at string, x map[string]any) ([]*xAnn, *fcjson.Error) {
	if x == nil || x["annotations"] == nil {
		return nil, nil
	}
	p := at + "framecheck.annotations"
	list, ok := x["annotations"].([]any)
	if !ok {
		return nil, errAt(p, "must be an array, not %s", kind(x["annotations"]))
	}
	out := make([]*xAnn, 0, len(list))
	for i, v := range list {
		ip := p + "[" + strconv.Itoa(i) + "]"
		m, ok := v.(map[string]any)
		if !ok {
			return nil, errAt(ip, "must be an object, not %s", kind(v))
		}
		xa := &xAnn{path: ip}
		ip += "."
		var err *fcjson.Error
		var tag string
		for _, f := range []struct {
			key string
			dst *string
		}{{"id", &xa.id}, {"tag", &tag}, {"note", &xa.note}, {"author", &xa.author}} {
			if *f.dst, err = optString(ip, m, f.key); err != nil {
				return nil, err
			}
		}
		xa.tag = workspace.Tag(tag)
		if !xa.tag.Valid() {
			return nil, errAt(ip+"tag", "%q is not one of fact, framing, omission", clip(tag))
		}
		if xa.start, err = offsetValue(ip+"start", m["start"]); err != nil {
			return nil, err
		}
		if xa.end, err = offsetValue(ip+"end", m["end"]); err != nil {
			return nil, err
		}
		if xa.end < xa.start {
			return nil, errAt(ip+"end", "%d is before start %d", xa.end, xa.start)
		}
		if ob, ok := m["omittedBy"]; ok && ob != nil {
			l, ok := ob.([]any)
			if !ok {
				return nil, errAt(ip+"omittedBy", "must be an array of readout ids, not %s", kind(ob))
			}
			for j, e := range l {
				s, ok := e.(string)
				if !ok {
					return nil, errAt(ip+"omittedBy["+strconv.Itoa(j)+"]", "must be a string, not %s", kind(e))
				}
				xa.omittedBy = append(xa.omittedBy, s)
			}
		}
		if xa.created, err = optTime(ip, m, "createdAt", d.opt.Now); err != nil {
			return nil, err
		}
		if xa.updated, err = optTime(ip, m, "updatedAt", xa.created); err != nil {
			return nil, err
		}
		out = append(out, xa)
	}
	return out, nil
}

// finish resolves omittedBy, builds the workspace and validates it.
func (d *decoder) finish() (*workspace.Workspace, *Info, error) {
	w := d.ws
	if w == nil {
		w = &workspace.Workspace{ID: d.opt.NewID(), Title: "doccano import", CreatedAt: d.opt.Now, UpdatedAt: d.opt.Now}
	}
	w.Readouts = d.readouts
	lost := 0
	for _, a := range d.anns {
		for _, id := range d.omitted[a] {
			if _, ok := d.readoutIDs[id]; !ok || id == a.ReadoutID || slices.Contains(a.OmittedBy, id) || a.Tag != workspace.Omission {
				lost++
				continue
			}
			a.OmittedBy = append(a.OmittedBy, id)
		}
	}
	w.Annotations = d.anns
	w.Sort()
	if len(d.unknown) > 0 {
		labels := make([]string, 0, len(d.unknown))
		total := 0
		for l, n := range d.unknown {
			labels = append(labels, strconv.Quote(clip(l)))
			total += n
		}
		sort.Strings(labels)
		if len(labels) > 10 {
			labels = append(labels[:10], "…")
		}
		d.info.note("%d labels are not fact, framing or omission (%s): they were imported as framing, each with a note \"label: …\" to re-tag them by.", total, strings.Join(labels, ", "))
	}
	if d.relations > 0 {
		d.info.note("%d relations were left out: framecheck does not keep links between annotations yet.", d.relations)
	}
	if d.comments > 0 {
		d.info.note("%d doccano comments were left out: framecheck has no comments on a whole text.", d.comments)
	}
	if d.dropped > 0 {
		d.info.note("%d annotations of the framecheck extras no longer have their label (removed in doccano) and were left out.", d.dropped)
	}
	if lost > 0 {
		d.info.note("%d \"omitted by\" entries named readouts that are not in the file and were left out.", lost)
	}
	if err := w.Validate(); err != nil {
		// Everything was checked above; this is a safety net.
		return nil, nil, &fcjson.Error{Msg: "the file does not make a valid workspace: " + err.Error()}
	}
	return w, d.info, nil
}
