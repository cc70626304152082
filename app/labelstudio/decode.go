package labelstudio

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
	// Unit is how the file counts offsets; Auto (the zero value) decides
	// from the regions' texts.
	Unit Unit
	// Now is the time of import, for what the file does not date. Zero
	// means time.Now().
	Now time.Time
	// NewID makes ids for what the file does not identify; nil makes
	// random UUIDs.
	NewID func() string
}

// Info tells the user what an import did beyond the obvious.
type Info struct {
	// Unit is the unit the offsets were read in.
	Unit Unit
	// Notes are sentences for the user.
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

// Decode reads a Label Studio JSON export (an array of tasks, or one task)
// into a new workspace. It checks the whole file first and refuses it with
// an *fcjson.Error whose Path names the place (`[2].annotations[0].result[3].value.end`).
// It never panics.
func Decode(data []byte, opt ImportOptions) (*workspace.Workspace, *Info, error) {
	if len(data) > MaxFileSize {
		return nil, nil, &fcjson.Error{Msg: fmt.Sprintf("the file is %d bytes; framecheck opens files of up to %d MB", len(data), MaxFileSize>>20)}
	}
	data = bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\uFEFF")))
	if len(data) == 0 {
		return nil, nil, &fcjson.Error{Msg: "the file is empty"}
	}
	if err := checkUTF8("", data); err != nil {
		return nil, nil, err
	}
	v, err := parseJSON(data)
	if err != nil {
		return nil, nil, &fcjson.Error{Msg: "the file is not JSON: " + strings.TrimPrefix(err.Error(), "json: ")}
	}
	var list []any
	single := false
	switch t := v.(type) {
	case []any:
		list = t
	case map[string]any:
		list, single = []any{t}, true
	default:
		return nil, nil, &fcjson.Error{Msg: fmt.Sprintf("a Label Studio export is a JSON array of tasks, not %s", kind(v))}
	}
	if len(list) == 0 {
		return nil, nil, &fcjson.Error{Msg: "the file has no tasks"}
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	opt.Now = opt.Now.UTC().Truncate(time.Second)
	if opt.NewID == nil {
		opt.NewID = newUUID
	}
	tasks := make([]*taskIn, 0, len(list))
	for i, t := range list {
		p := "[" + strconv.Itoa(i) + "]"
		if single {
			p = ""
		}
		ti, err := readTask(p, i, t)
		if err != nil {
			return nil, nil, err
		}
		tasks = append(tasks, ti)
	}
	unit := opt.Unit
	info := &Info{}
	if unit == Auto {
		unit = CodePoint
		if mismatch(tasks, CodePoint) != nil && mismatch(tasks, UTF16) == nil {
			unit = UTF16
			info.note("The offsets of this file count UTF-16 code units (as Label Studio before 1.6 and JavaScript do); they were converted to code points.")
		}
	}
	info.Unit = unit
	if err := mismatch(tasks, unit); err != nil {
		return nil, nil, err
	}
	d := &decoder{opt: opt, unit: unit, info: info, readoutIDs: map[string]int{}, annIDs: map[string]bool{},
		unknown: map[string]int{}, other: map[string]int{}, omitted: map[*workspace.Annotation][]string{}}
	for _, t := range tasks {
		if err := d.task(t); err != nil {
			return nil, nil, err
		}
	}
	return d.finish()
}

// taskIn is a task as read, before offsets are converted.
type taskIn struct {
	path    string
	index   int
	m       map[string]any
	data    map[string]any
	text    *lineText
	x       map[string]any
	regions []*region
	notes   map[string][]string // region key -> textarea texts
	// orphan notes: textareas without a region
	orphans   int
	relations int
	other     map[string]int
	sources   int // annotations (annotators) read
	fromPred  bool
}

type region struct {
	path       string
	key        string // annotation index + region id
	id         string
	start, end int // in the file's unit
	text       *string
	labels     []string
}

func readTask(p string, i int, v any) (*taskIn, *fcjson.Error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errAt(p, "must be a task object {\"data\": …, \"annotations\": …}, not %s", kind(v))
	}
	if p != "" {
		p += "."
	}
	data, ok := m["data"].(map[string]any)
	if !ok {
		if m["data"] == nil {
			return nil, errAt(p+"data", "missing; a Label Studio task has its text in data.text")
		}
		return nil, errAt(p+"data", "must be an object, not %s", kind(m["data"]))
	}
	text, ok := data["text"].(string)
	if !ok {
		if data["text"] == nil {
			return nil, errAt(p+"data.text", "missing; framecheck reads the text of a task from data.text (<Text value=\"$text\">)")
		}
		return nil, errAt(p+"data.text", "must be a string, not %s", kind(data["text"]))
	}
	if strings.TrimSpace(text) == "" {
		return nil, errAt(p+"data.text", "is empty; a readout needs text")
	}
	t := &taskIn{path: p, index: i, m: m, data: data, text: newLineText(text), notes: map[string][]string{}, other: map[string]int{}}
	if n := t.text.orig.Len(); n > workspace.MaxTextLen {
		return nil, errAt(p+"data.text", "%d characters is more than the limit of %d", n, workspace.MaxTextLen)
	}
	if xv, ok := data["framecheck"]; ok && xv != nil {
		if t.x, ok = xv.(map[string]any); !ok {
			return nil, errAt(p+"data.framecheck", "must be an object, not %s", kind(xv))
		}
	}
	key := "annotations"
	list, err := optArray(p, m, key)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		key = "predictions"
		if list, err = optArray(p, m, key); err != nil {
			return nil, err
		}
		t.fromPred = len(list) > 0
	}
	for j, av := range list {
		ap := p + key + "[" + strconv.Itoa(j) + "]"
		am, ok := av.(map[string]any)
		if !ok {
			return nil, errAt(ap, "must be an object with \"result\", not %s", kind(av))
		}
		results, err := optArray(ap+".", am, "result")
		if err != nil {
			return nil, err
		}
		t.sources++
		for k, rv := range results {
			if err := t.result(ap+".result["+strconv.Itoa(k)+"]", j, rv); err != nil {
				return nil, err
			}
		}
	}
	return t, nil
}

func optArray(p string, m map[string]any, key string) ([]any, *fcjson.Error) {
	v, ok := m[key]
	if !ok || v == nil {
		return nil, nil
	}
	l, ok := v.([]any)
	if !ok {
		return nil, errAt(p+key, "must be an array, not %s", kind(v))
	}
	return l, nil
}

func (t *taskIn) result(p string, ann int, v any) *fcjson.Error {
	m, ok := v.(map[string]any)
	if !ok {
		return errAt(p, "must be a result object, not %s", kind(v))
	}
	typ, _ := m["type"].(string)
	id := ""
	switch x := m["id"].(type) {
	case string:
		id = x
	case json.Number:
		id = string(x)
	}
	key := strconv.Itoa(ann) + "/" + id
	switch typ {
	case "labels":
		val, ok := m["value"].(map[string]any)
		if !ok {
			return errAt(p+".value", "must be an object, not %s", kind(m["value"]))
		}
		r := &region{path: p, key: key, id: id}
		var err *fcjson.Error
		if r.start, err = offsetValue(p+".value.start", val["start"]); err != nil {
			return err
		}
		if r.end, err = offsetValue(p+".value.end", val["end"]); err != nil {
			return err
		}
		if s, ok := val["text"].(string); ok {
			r.text = &s
		}
		labels, ok := val["labels"].([]any)
		if !ok {
			return errAt(p+".value.labels", "must be an array of labels, not %s", kind(val["labels"]))
		}
		for i, l := range labels {
			s, ok := l.(string)
			if !ok {
				return errAt(p+".value.labels["+strconv.Itoa(i)+"]", "must be a string, not %s", kind(l))
			}
			r.labels = append(r.labels, s)
		}
		t.regions = append(t.regions, r)
	case "textarea":
		val, ok := m["value"].(map[string]any)
		if !ok {
			return errAt(p+".value", "must be an object, not %s", kind(m["value"]))
		}
		var texts []string
		switch x := val["text"].(type) {
		case string:
			texts = []string{x}
		case []any:
			for i, e := range x {
				s, ok := e.(string)
				if !ok {
					return errAt(p+".value.text["+strconv.Itoa(i)+"]", "must be a string, not %s", kind(e))
				}
				texts = append(texts, s)
			}
		default:
			return errAt(p+".value.text", "must be an array of strings, not %s", kind(val["text"]))
		}
		if id == "" {
			t.orphans++
			return nil
		}
		t.notes[key] = append(t.notes[key], texts...)
	case "relation":
		t.relations++
	default:
		if typ == "" {
			typ = "(no type)"
		}
		t.other[typ]++
	}
	return nil
}

// mismatch returns the first region whose offsets are out of range in unit
// or whose text is not the text at its offsets.
func mismatch(tasks []*taskIn, unit Unit) *fcjson.Error {
	for _, t := range tasks {
		n := t.text.length(unit)
		for _, r := range t.regions {
			if r.end < r.start {
				return errAt(r.path+".value.end", "%d is before start %d", r.end, r.start)
			}
			if r.end > n {
				return errAt(r.path+".value.end", "%d is past the end of the text (%d %s)%s", r.end, n, unit, hint(unit))
			}
			s, ok1 := t.text.toCodePointOrig(unit, r.start)
			e, ok2 := t.text.toCodePointOrig(unit, r.end)
			if !ok1 || !ok2 {
				return errAt(r.path+".value", "%d-%d cuts a character in two (a surrogate pair) in %s%s", r.start, r.end, unit, hint(unit))
			}
			if r.text != nil {
				got, _ := t.text.orig.Slice(s, e)
				if got != *r.text {
					return errAt(r.path+".value.text", "%q is not the text at %d-%d (%q) counted in %s%s", clip(*r.text), r.start, r.end, clip(got), unit, hint(unit))
				}
			}
		}
	}
	return nil
}

func hint(unit Unit) string {
	if unit == UTF16 {
		return "; try code points"
	}
	return "; if the file counts UTF-16 code units (Label Studio before 1.6), import it in that unit"
}

// toCodePointOrig converts to a code point offset of the original text.
func (lt *lineText) toCodePointOrig(unit Unit, off int) (int, bool) {
	if unit == UTF16 {
		cp, err := lt.orig.UTF16ToCodePoint(off)
		if err != nil {
			return 0, false
		}
		if back, _ := lt.orig.CodePointToUTF16(cp); back != off {
			return 0, false
		}
		return cp, true
	}
	if off < 0 || off > lt.orig.Len() {
		return 0, false
	}
	return off, true
}

type decoder struct {
	opt  ImportOptions
	unit Unit
	info *Info

	ws         *workspace.Workspace
	wsTask     int
	readouts   []*workspace.Readout
	anns       []*workspace.Annotation
	omitted    map[*workspace.Annotation][]string
	readoutIDs map[string]int
	annIDs     map[string]bool
	unknown    map[string]int
	other      map[string]int
	relations  int
	orphans    int
	dropped    int
	multi      int
	preds      int
}

func (d *decoder) task(t *taskIn) *fcjson.Error {
	r, err := d.readout(t)
	if err != nil {
		return err
	}
	xs, err := extraAnnotations(t.path+"data.framecheck.annotations", t.x, d.opt.Now)
	if err != nil {
		return err
	}
	byID := map[string]*xAnn{}
	for _, x := range xs {
		if _, dup := byID[x.id]; !dup && x.id != "" {
			byID[x.id] = x
		}
	}
	used := map[*xAnn]bool{}
	for _, rg := range t.regions {
		start, _ := t.text.toCodePoint(d.unit, rg.start)
		end, _ := t.text.toCodePoint(d.unit, rg.end)
		note := strings.Join(t.notes[rg.key], "\n")
		labels := rg.labels
		if len(labels) == 0 {
			labels = []string{""}
		}
		for li, label := range labels {
			tag, known := tagOf(label)
			a := &workspace.Annotation{ReadoutID: r.ID, Tag: tag, Start: start, End: end, Note: note, CreatedAt: d.opt.Now, UpdatedAt: d.opt.Now}
			if !known {
				a.Tag = workspace.Framing
				d.unknown[label]++
				a.Note = joinNote("label: "+label, note)
			}
			if start == end && a.Tag != workspace.Omission {
				return errAt(rg.path+".value", "%d-%d is empty; only an omission can be a point", rg.start, rg.end)
			}
			var x *xAnn
			if li == 0 && isUUID(rg.id) {
				a.ID = rg.id
				if x = byID[rg.id]; x != nil && !used[x] {
					used[x] = true
					a.Author, a.CreatedAt, a.UpdatedAt = x.author, x.created, x.updated
					if x.tag != a.Tag || x.note != a.Note || x.start != a.Start || x.end != a.End {
						a.UpdatedAt = d.opt.Now // changed in Label Studio
					}
				} else {
					x = nil
				}
			}
			if err := d.add(rg.path, r, a); err != nil {
				return err
			}
			if x != nil {
				d.omitted[a] = x.omittedBy
			}
		}
	}
	for _, x := range xs {
		if used[x] {
			continue
		}
		if x.start != x.end {
			d.dropped++ // its region was deleted in Label Studio
			continue
		}
		if x.tag != workspace.Omission {
			return errAt(x.path+".end", "equals start (%d); only an omission can be a point", x.start)
		}
		if n := r.Positions().Len(); x.start > n {
			return errAt(x.path+".start", "%d is past the end of the text (%d code points)", x.start, n)
		}
		a := &workspace.Annotation{ID: x.id, ReadoutID: r.ID, Tag: workspace.Omission, Start: x.start, End: x.start,
			Note: x.note, Author: x.author, CreatedAt: x.created, UpdatedAt: x.updated}
		if !isUUID(a.ID) {
			a.ID = ""
		}
		if err := d.add(x.path, r, a); err != nil {
			return err
		}
		d.omitted[a] = x.omittedBy
	}
	d.relations += t.relations
	d.orphans += t.orphans
	for k, n := range t.other {
		d.other[k] += n
	}
	if t.sources > 1 {
		d.multi++
	}
	if t.fromPred {
		d.preds++
	}
	return nil
}

func joinNote(a, b string) string {
	if b == "" {
		return a
	}
	return a + "\n\n" + b
}

func tagOf(label string) (workspace.Tag, bool) {
	t := workspace.Tag(strings.ToLower(strings.TrimSpace(label)))
	return t, t.Valid()
}

func (d *decoder) readout(t *taskIn) (*workspace.Readout, *fcjson.Error) {
	r := &workspace.Readout{Text: t.text.text}
	if x := t.x; x != nil {
		xp := t.path + "data.framecheck."
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
			if err := d.workspace(t.index, xp+"workspace.", wm); err != nil {
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
		if s, ok := t.data["title"].(string); ok {
			r.Title = strings.TrimSpace(s)
		}
	}
	if r.Title == "" {
		switch id := t.m["id"].(type) {
		case json.Number:
			r.Title = "Label Studio task #" + clip(string(id))
		case string:
			r.Title = "Label Studio task #" + clip(id)
		default:
			r.Title = "Label Studio task " + strconv.Itoa(t.index+1)
		}
	}
	n := t.index + 1
	if r.ID != "" && !isUUID(r.ID) {
		d.info.note("Task %d: readout id %q is not a UUID; the readout got a new id.", n, clip(r.ID))
		r.ID = ""
	}
	if prev, ok := d.readoutIDs[r.ID]; ok && r.ID != "" {
		d.info.note("Task %d: readout id %s is already used by task %d; the readout got a new id.", n, r.ID, prev)
		r.ID = ""
	}
	if r.ID == "" {
		r.ID = d.opt.NewID()
	}
	d.readoutIDs[r.ID] = n
	d.readouts = append(d.readouts, r)
	return r, nil
}

func (d *decoder) workspace(i int, p string, m map[string]any) *fcjson.Error {
	id, err := optString(p, m, "id")
	if err != nil {
		return err
	}
	title, err := optString(p, m, "title")
	if err != nil {
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
			d.info.note("Task %d comes from another workspace (%q) than task %d; all tasks were put in one workspace.", i+1, clip(title), d.wsTask+1)
		}
		return nil
	}
	if !isUUID(id) {
		id = d.opt.NewID()
	}
	if strings.TrimSpace(title) == "" {
		title = "Label Studio import"
	}
	d.ws = &workspace.Workspace{ID: id, Title: strings.TrimSpace(title), CreatedAt: created, UpdatedAt: updated}
	d.wsTask = i
	return nil
}

func (d *decoder) add(path string, r *workspace.Readout, a *workspace.Annotation) *fcjson.Error {
	if err := quote(r, a); err != nil {
		return errAt(path, "%v", err)
	}
	if a.ID != "" && d.annIDs[a.ID] {
		a.ID = ""
	}
	if a.ID == "" {
		a.ID = d.opt.NewID()
	}
	d.annIDs[a.ID] = true
	d.anns = append(d.anns, a)
	return nil
}

type xAnn struct {
	path             string
	id               string
	tag              workspace.Tag
	start, end       int
	note, author     string
	omittedBy        []string
	created, updated time.Time
}

func extraAnnotations(p string, x map[string]any, now time.Time) ([]*xAnn, *fcjson.Error) {
	if x == nil || x["annotations"] == nil {
		return nil, nil
	}
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
		if xa.created, err = optTime(ip, m, "createdAt", now); err != nil {
			return nil, err
		}
		if xa.updated, err = optTime(ip, m, "updatedAt", xa.created); err != nil {
			return nil, err
		}
		out = append(out, xa)
	}
	return out, nil
}

func (d *decoder) finish() (*workspace.Workspace, *Info, error) {
	w := d.ws
	if w == nil {
		w = &workspace.Workspace{ID: d.opt.NewID(), Title: "Label Studio import", CreatedAt: d.opt.Now, UpdatedAt: d.opt.Now}
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
		d.info.note("%d region labels are not fact, framing or omission (%s): they were imported as framing, each with a note \"label: …\" to re-tag them by.", total, strings.Join(labels, ", "))
	}
	if d.relations > 0 {
		d.info.note("%d relations were left out: framecheck does not keep links between annotations yet.", d.relations)
	}
	if len(d.other) > 0 {
		kinds := make([]string, 0, len(d.other))
		total := 0
		for k, n := range d.other {
			kinds = append(kinds, strconv.Quote(clip(k)))
			total += n
		}
		sort.Strings(kinds)
		d.info.note("%d results of other kinds (%s) were left out: framecheck reads text regions (labels) and their notes (textarea).", total, strings.Join(kinds, ", "))
	}
	if d.orphans > 0 {
		d.info.note("%d text area results belong to no region and were left out: framecheck keeps notes on annotations only.", d.orphans)
	}
	if d.multi > 0 {
		d.info.note("%d tasks have several annotations (annotators); the regions of all of them were imported.", d.multi)
	}
	if d.preds > 0 {
		d.info.note("%d tasks had no annotations; their predictions were imported instead.", d.preds)
	}
	if d.dropped > 0 {
		d.info.note("%d annotations of the framecheck extras no longer have their region (deleted in Label Studio) and were left out.", d.dropped)
	}
	if lost > 0 {
		d.info.note("%d \"omitted by\" entries named readouts that are not in the file and were left out.", lost)
	}
	if err := w.Validate(); err != nil {
		return nil, nil, &fcjson.Error{Msg: "the file does not make a valid workspace: " + err.Error()}
	}
	return w, d.info, nil
}
