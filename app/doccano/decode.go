package doccano

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"framecheck/app/internal/interchange"
	"framecheck/app/internal/jsonwalk"
	"framecheck/app/internal/refusal"
	"framecheck/app/workspace"
)

// ImportOptions changes how Decode reads a file.
type ImportOptions struct {
	// Unit is how the file counts offsets: UTF16 (the zero value, as
	// doccano's screen counts), CodePoint (files made by Python scripts)
	// or Grapheme (doccano projects in grapheme mode).
	Unit Unit
	// Now is the time of import: the creation time of what the file does
	// not date. Zero means time.Now().
	Now time.Time
	// NewID makes ids for what the file does not identify; nil makes
	// random UUIDs. Tests pass a deterministic one.
	NewID func() string
	// Tick, when set, is called once per line; the browser yields to the
	// page there and returns false to cancel the import.
	Tick func() bool
}

// Info tells the user what an import did beyond the obvious.
type Info struct {
	// Notes are sentences for the user: labels that were not tags,
	// relations, comments and broken links that were left out, ids that
	// were replaced.
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
// whole file first and refuses it with a *refusal.Error whose Path names
// the line and the place in it (`line 3: label[1][0]`). It never panics.
// Unknown labels are not refused (see the package documentation); Info
// lists what was changed or left out.
func Decode(data []byte, opt ImportOptions) (*workspace.Workspace, *Info, error) {
	if len(data) > MaxFileSize {
		return nil, nil, &refusal.Error{Msg: fmt.Sprintf("the file is %d bytes; framecheck opens files of up to %d MB", len(data), MaxFileSize>>20)}
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	opt.Now = opt.Now.UTC().Truncate(time.Second)
	if opt.NewID == nil {
		opt.NewID = jsonwalk.NewUUID
	}
	d := &decoder{opt: opt, info: &Info{}, readoutIDs: map[string]int{}, annIDs: map[string]bool{}, unknown: map[string]int{},
		omitted: map[*workspace.Annotation][]string{}, links: map[*workspace.Annotation][]interchange.XLink{}}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	lines := 0
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		lines++
		if d.opt.Tick != nil && !d.opt.Tick() {
			return nil, nil, &refusal.Error{Msg: "the import was canceled"}
		}
		if err := d.line(n+1, line); err != nil {
			return nil, nil, err
		}
	}
	if lines == 0 {
		return nil, nil, &refusal.Error{Msg: "the file is empty"}
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
	omitted map[*workspace.Annotation][]string
	// links as the extras have them, resolved once every annotation is
	// known.
	links      map[*workspace.Annotation][]interchange.XLink
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

func (d *decoder) line(n int, raw []byte) *refusal.Error {
	at := "line " + strconv.Itoa(n)
	if err := jsonwalk.CheckText(at, raw); err != nil {
		return err
	}
	v, err := jsonwalk.Parse(raw)
	if err != nil {
		if e := jsonwalk.DepthError(at, raw); e != nil {
			return e
		}
		return jsonwalk.Errorf(at, "is not JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	m, ok := v.(map[string]any)
	if !ok {
		return jsonwalk.Errorf(at, "must be a JSON object with \"text\", not %s", jsonwalk.KindOf(v))
	}
	at += ": "
	text, ok := m["text"].(string)
	switch {
	case m["text"] == nil && m["data"] != nil:
		text, ok = m["data"].(string) // doccano's own name inside its pipeline
		if !ok {
			return jsonwalk.Errorf(at+"data", "must be a string, not %s", jsonwalk.KindOf(m["data"]))
		}
	case m["text"] == nil:
		return jsonwalk.Errorf(at+"text", "missing; a doccano line has the text to label in \"text\"")
	case !ok:
		return jsonwalk.Errorf(at+"text", "must be a string, not %s", jsonwalk.KindOf(m["text"]))
	}
	if strings.TrimSpace(text) == "" {
		return jsonwalk.Errorf(at+"text", "is empty; a readout needs text")
	}
	lt := interchange.NewLineText(text)
	if n := lt.Orig.Len(); n > workspace.MaxTextLen {
		return jsonwalk.Errorf(at+"text", "%d characters is more than the limit of %d", n, workspace.MaxTextLen)
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
			return jsonwalk.Errorf(at+"framecheck", "must be an object, not %s", jsonwalk.KindOf(v))
		}
	}
	r, err2 := d.readout(n, at, m, x, lt.Text)
	if err2 != nil {
		return err2
	}
	return d.annotations(at, lt, r, spans, x)
}

// spans reads "label" (or "labels") or "entities".
func (d *decoder) spans(at string, m map[string]any) ([]span, *refusal.Error) {
	var out []span
	if v, ok := m["entities"]; ok && v != nil && m["label"] == nil {
		list, ok := v.([]any)
		if !ok {
			return nil, jsonwalk.Errorf(at+"entities", "must be an array, not %s", jsonwalk.KindOf(v))
		}
		for i, e := range list {
			p := at + "entities[" + strconv.Itoa(i) + "]"
			o, ok := e.(map[string]any)
			if !ok {
				return nil, jsonwalk.Errorf(p, "must be an object {id, label, start_offset, end_offset}, not %s", jsonwalk.KindOf(e))
			}
			s, err := jsonwalk.Offset(p+".start_offset", o["start_offset"])
			if err != nil {
				return nil, err
			}
			en, err := jsonwalk.Offset(p+".end_offset", o["end_offset"])
			if err != nil {
				return nil, err
			}
			label, ok := o["label"].(string)
			if !ok {
				return nil, jsonwalk.Errorf(p+".label", "must be a string, not %s", jsonwalk.KindOf(o["label"]))
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
		return nil, jsonwalk.Errorf(at+key, "must be an array of [start, end, label], not %s", jsonwalk.KindOf(v))
	}
	for i, e := range list {
		p := at + key + "[" + strconv.Itoa(i) + "]"
		t, ok := e.([]any)
		if !ok {
			if _, isStr := e.(string); isStr {
				return nil, jsonwalk.Errorf(p, "is a category, not a span: this is a text classification export, which framecheck cannot open")
			}
			return nil, jsonwalk.Errorf(p, "must be [start, end, label], not %s", jsonwalk.KindOf(e))
		}
		if len(t) != 3 {
			return nil, jsonwalk.Errorf(p, "must be [start, end, label], not an array of %d items", len(t))
		}
		s, err := jsonwalk.Offset(p+"[0]", t[0])
		if err != nil {
			return nil, err
		}
		en, err := jsonwalk.Offset(p+"[1]", t[1])
		if err != nil {
			return nil, err
		}
		label, ok := t[2].(string)
		if !ok {
			return nil, jsonwalk.Errorf(p+"[2]", "must be a string (the label), not %s", jsonwalk.KindOf(t[2]))
		}
		out = append(out, span{path: p, start: s, end: en, label: label})
	}
	return out, nil
}

func (d *decoder) readout(n int, at string, m, x map[string]any, text string) (*workspace.Readout, *refusal.Error) {
	r := &workspace.Readout{Text: text}
	if x != nil {
		err := interchange.ReadReadout(at+"framecheck.", x, Version, r, func(p string, m map[string]any) *refusal.Error { return d.workspace(n, p, m) })
		if err != nil {
			return nil, err
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
			r.Title = "doccano #" + jsonwalk.Clip(string(id))
		case string:
			r.Title = "doccano #" + jsonwalk.Clip(id)
		default:
			r.Title = "doccano line " + strconv.Itoa(n)
		}
	}
	if r.ID != "" && !jsonwalk.IsUUID(r.ID) {
		d.info.note("Line %d: readout id %q is not a UUID; the readout got a new id.", n, jsonwalk.Clip(r.ID))
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
func (d *decoder) workspace(n int, p string, m map[string]any) *refusal.Error {
	id, title, created, updated, err := interchange.WorkspaceFields(p, m, d.opt.Now)
	if err != nil {
		return err
	}
	if d.ws != nil {
		if id != d.ws.ID {
			d.info.note("Line %d comes from another workspace (%q) than line %d; all lines were put in one workspace.", n, jsonwalk.Clip(title), d.wsLine)
		}
		return nil
	}
	if !jsonwalk.IsUUID(id) {
		id = d.opt.NewID()
	}
	if strings.TrimSpace(title) == "" {
		title = "doccano import"
	}
	scale, pub, err := interchange.WorkspaceChecks(p, m)
	if err != nil {
		return err
	}
	d.ws = &workspace.Workspace{ID: id, Title: strings.TrimSpace(title), CreatedAt: created, UpdatedAt: updated, RatingScale: scale, Publisher: pub}
	d.wsLine = n
	return nil
}

// annotations builds the annotations of one line: its labels, matched to
// the extras of the same span and tag where there are some, then the
// omission points of the extras.
func (d *decoder) annotations(at string, lt *interchange.LineText, r *workspace.Readout, spans []span, x map[string]any) *refusal.Error {
	xs, err := interchange.ReadAnnotations(at+"framecheck.annotations", x, d.opt.Now)
	if err != nil {
		return err
	}
	used := make([]bool, len(xs))
	unitLen := unitLength(lt, d.opt.Unit)
	for i, s := range spans {
		if s.start > unitLen || s.end > unitLen {
			return jsonwalk.Errorf(s.path, "%d-%d is past the end of the text (%d %s)%s", s.start, s.end, unitLen, d.opt.Unit, d.unitHint())
		}
		if s.end < s.start {
			return jsonwalk.Errorf(s.path, "end %d is before start %d", s.end, s.start)
		}
		start, ok1 := toCodePoint(lt, d.opt.Unit, s.start)
		end, ok2 := toCodePoint(lt, d.opt.Unit, s.end)
		if !ok1 || !ok2 {
			// Only UTF-16 has offsets inside a character.
			return jsonwalk.Errorf(s.path, "%d-%d falls between the two UTF-16 code units of one character%s", s.start, s.end, d.unitHint())
		}
		tag, known := interchange.TagOf(s.label)
		if !known {
			tag = workspace.Framing
		}
		if start == end && tag != workspace.Omission {
			return jsonwalk.Errorf(s.path, "%d-%d is empty; only an omission can be a point", s.start, s.end)
		}
		a := &workspace.Annotation{ReadoutID: r.ID, Tag: tag, Start: start, End: end, CreatedAt: d.opt.Now, UpdatedAt: d.opt.Now}
		if !known {
			d.unknown[s.label]++
			a.Note = "label: " + s.label
		}
		// The extras entry of this label: at the same place in the list
		// if it matches, else the first unused one that does.
		k := -1
		if i < len(xs) && !used[i] && xs[i].Matches(a) {
			k = i
		} else {
			for j := range xs {
				if !used[j] && xs[j].Matches(a) {
					k = j
					break
				}
			}
		}
		if k >= 0 && known {
			used[k] = true
			xs[k].Apply(a)
		}
		if err := d.add(s.path, r, a); err != nil {
			return err
		}
		if k >= 0 && known {
			d.omitted[a] = xs[k].OmittedBy
			d.links[a] = xs[k].Links
		}
	}
	for j, xa := range xs {
		if used[j] {
			continue
		}
		a, err := xa.Point(r)
		if err != nil {
			return err
		}
		if a == nil {
			d.dropped++ // its label was removed in doccano
			continue
		}
		if err := d.add(xa.Path, r, a); err != nil {
			return err
		}
		d.omitted[a] = xa.OmittedBy
		d.links[a] = xa.Links
	}
	return nil
}

func (d *decoder) unitHint() string {
	switch d.opt.Unit {
	case UTF16:
		return "; offsets were read as UTF-16 code units, as doccano counts them: if the file counts code points or grapheme clusters, import it with that unit"
	case CodePoint:
		return "; offsets were read as code points: if the file comes from doccano, import it with UTF-16 code units (or grapheme clusters for a grapheme mode project)"
	}
	return "; offsets were read as grapheme clusters: if the file counts UTF-16 code units or code points, import it with that unit"
}

// add quotes a and adds it, giving it an id if it has none or a used one.
func (d *decoder) add(path string, r *workspace.Readout, a *workspace.Annotation) *refusal.Error {
	if err := interchange.QuoteAnnotation(r, a); err != nil {
		return jsonwalk.Errorf(path, "%v", err)
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
	return nil
}

// finish resolves omittedBy, builds the workspace and validates it.
func (d *decoder) finish() (*workspace.Workspace, *Info, error) {
	w := d.ws
	if w == nil {
		w = &workspace.Workspace{ID: d.opt.NewID(), Title: "doccano import", CreatedAt: d.opt.Now, UpdatedAt: d.opt.Now}
	}
	w.Readouts = d.readouts
	lost := interchange.ResolveOmittedBy(d.anns, d.omitted, d.readoutIDs)
	lostLinks := interchange.ResolveLinks(d.anns, d.links)
	w.Annotations = d.anns
	if err := interchange.CheckQuoted(w.Annotations); err != nil {
		return nil, nil, err
	}
	workspace.NormalizeLineBreaks(w) // notes and titles; the texts are normalised with offsets mapped
	w.Sort()
	if len(d.unknown) > 0 {
		labels, total := interchange.QuotedCounts(d.unknown, 10)
		d.info.note("%d labels are not fact, framing or omission (%s): they were imported as framing, each with a note \"label: …\" to re-tag them by.", total, labels)
	}
	if d.relations > 0 {
		d.info.note("%d doccano relations were left out: they join entities of one line (one readout), and framecheck links only counterparts in different readouts, which travel in the framecheck extras.", d.relations)
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
	if n := interchange.LostLinksNote(lostLinks); n != "" {
		d.info.note("%s", n)
	}
	if n := interchange.VerdictsNote(interchange.ResolveVerdicts(w)); n != "" {
		d.info.note("%s", n)
	}
	if err := w.Validate(); err != nil {
		// Everything was checked above; this is a safety net.
		return nil, nil, &refusal.Error{Msg: "the file does not make a valid workspace: " + err.Error()}
	}
	return w, d.info, nil
}
