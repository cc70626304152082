package labelstudio

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
	// Unit is how the file counts offsets; Auto (the zero value) decides
	// from the regions' texts.
	Unit Unit
	// Now is the time of import, for what the file does not date. Zero
	// means time.Now().
	Now time.Time
	// NewID makes ids for what the file does not identify; nil makes
	// random UUIDs.
	NewID func() string
	// Tick, when set, is called once per task; the browser yields to the
	// page there and returns false to cancel the import.
	Tick func() bool
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
// a *refusal.Error whose Path names the place (`[2].annotations[0].result[3].value.end`).
// It never panics.
func Decode(data []byte, opt ImportOptions) (*workspace.Workspace, *Info, error) {
	if len(data) > MaxFileSize {
		return nil, nil, &refusal.Error{Msg: fmt.Sprintf("the file is %d bytes; framecheck opens files of up to %d MB", len(data), MaxFileSize>>20)}
	}
	data = bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\uFEFF")))
	if len(data) == 0 {
		return nil, nil, &refusal.Error{Msg: "the file is empty"}
	}
	if err := jsonwalk.CheckText("", data); err != nil {
		return nil, nil, err
	}
	v, err := jsonwalk.Parse(data)
	if err != nil {
		if e := jsonwalk.DepthError("", data); e != nil {
			return nil, nil, e
		}
		return nil, nil, &refusal.Error{Msg: "the file is not JSON: " + strings.TrimPrefix(err.Error(), "json: ")}
	}
	var list []any
	single := false
	switch t := v.(type) {
	case []any:
		list = t
	case map[string]any:
		list, single = []any{t}, true
	default:
		return nil, nil, &refusal.Error{Msg: fmt.Sprintf("a Label Studio export is a JSON array of tasks, not %s", jsonwalk.KindOf(v))}
	}
	if len(list) == 0 {
		return nil, nil, &refusal.Error{Msg: "the file has no tasks"}
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	opt.Now = opt.Now.UTC().Truncate(time.Second)
	if opt.NewID == nil {
		opt.NewID = jsonwalk.NewUUID
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
	// Each unit's check walks every region: Auto's answer for code points
	// is kept rather than checked a second time.
	var bad *refusal.Error
	if unit == Auto {
		unit = CodePoint
		if bad = mismatch(tasks, CodePoint); bad != nil && mismatch(tasks, UTF16) == nil {
			unit, bad = UTF16, nil
			info.note("The offsets of this file count UTF-16 code units (as Label Studio before 1.6 and JavaScript do); they were converted to code points.")
		}
	} else {
		bad = mismatch(tasks, unit)
	}
	info.Unit = unit
	if bad != nil {
		return nil, nil, bad
	}
	d := &decoder{opt: opt, unit: unit, info: info, readoutIDs: map[string]int{}, annIDs: map[string]bool{},
		unknown: map[string]int{}, other: map[string]int{}, omitted: map[*workspace.Annotation][]string{},
		links: map[*workspace.Annotation][]interchange.XLink{}}
	for _, t := range tasks {
		if d.opt.Tick != nil && !d.opt.Tick() {
			return nil, nil, &refusal.Error{Msg: "the import was canceled"}
		}
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
	text    *interchange.LineText
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

func readTask(p string, i int, v any) (*taskIn, *refusal.Error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, jsonwalk.Errorf(p, "must be a task object {\"data\": …, \"annotations\": …}, not %s", jsonwalk.KindOf(v))
	}
	if p != "" {
		p += "."
	}
	data, ok := m["data"].(map[string]any)
	if !ok {
		if m["data"] == nil {
			return nil, jsonwalk.Errorf(p+"data", "missing; a Label Studio task has its text in data.text")
		}
		return nil, jsonwalk.Errorf(p+"data", "must be an object, not %s", jsonwalk.KindOf(m["data"]))
	}
	text, ok := data["text"].(string)
	if !ok {
		if data["text"] == nil {
			return nil, jsonwalk.Errorf(p+"data.text", "missing; framecheck reads the text of a task from data.text (<Text value=\"$text\">)")
		}
		return nil, jsonwalk.Errorf(p+"data.text", "must be a string, not %s", jsonwalk.KindOf(data["text"]))
	}
	if strings.TrimSpace(text) == "" {
		return nil, jsonwalk.Errorf(p+"data.text", "is empty; a readout needs text")
	}
	t := &taskIn{path: p, index: i, m: m, data: data, text: interchange.NewLineText(text), notes: map[string][]string{}, other: map[string]int{}}
	if n := t.text.Orig.Len(); n > workspace.MaxTextLen {
		return nil, jsonwalk.Errorf(p+"data.text", "%d characters is more than the limit of %d", n, workspace.MaxTextLen)
	}
	if xv, ok := data["framecheck"]; ok && xv != nil {
		if t.x, ok = xv.(map[string]any); !ok {
			return nil, jsonwalk.Errorf(p+"data.framecheck", "must be an object, not %s", jsonwalk.KindOf(xv))
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
			return nil, jsonwalk.Errorf(ap, "must be an object with \"result\", not %s", jsonwalk.KindOf(av))
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

func optArray(p string, m map[string]any, key string) ([]any, *refusal.Error) {
	v, ok := m[key]
	if !ok || v == nil {
		return nil, nil
	}
	l, ok := v.([]any)
	if !ok {
		return nil, jsonwalk.Errorf(p+key, "must be an array, not %s", jsonwalk.KindOf(v))
	}
	return l, nil
}

func (t *taskIn) result(p string, ann int, v any) *refusal.Error {
	m, ok := v.(map[string]any)
	if !ok {
		return jsonwalk.Errorf(p, "must be a result object, not %s", jsonwalk.KindOf(v))
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
			return jsonwalk.Errorf(p+".value", "must be an object, not %s", jsonwalk.KindOf(m["value"]))
		}
		r := &region{path: p, key: key, id: id}
		var err *refusal.Error
		if r.start, err = jsonwalk.Offset(p+".value.start", val["start"]); err != nil {
			return err
		}
		if r.end, err = jsonwalk.Offset(p+".value.end", val["end"]); err != nil {
			return err
		}
		if s, ok := val["text"].(string); ok {
			r.text = &s
		}
		labels, ok := val["labels"].([]any)
		if !ok {
			return jsonwalk.Errorf(p+".value.labels", "must be an array of labels, not %s", jsonwalk.KindOf(val["labels"]))
		}
		for i, l := range labels {
			s, ok := l.(string)
			if !ok {
				return jsonwalk.Errorf(p+".value.labels["+strconv.Itoa(i)+"]", "must be a string, not %s", jsonwalk.KindOf(l))
			}
			r.labels = append(r.labels, s)
		}
		t.regions = append(t.regions, r)
	case "textarea":
		val, ok := m["value"].(map[string]any)
		if !ok {
			return jsonwalk.Errorf(p+".value", "must be an object, not %s", jsonwalk.KindOf(m["value"]))
		}
		var texts []string
		switch x := val["text"].(type) {
		case string:
			texts = []string{x}
		case []any:
			for i, e := range x {
				s, ok := e.(string)
				if !ok {
					return jsonwalk.Errorf(p+".value.text["+strconv.Itoa(i)+"]", "must be a string, not %s", jsonwalk.KindOf(e))
				}
				texts = append(texts, s)
			}
		default:
			return jsonwalk.Errorf(p+".value.text", "must be an array of strings, not %s", jsonwalk.KindOf(val["text"]))
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
func mismatch(tasks []*taskIn, unit Unit) *refusal.Error {
	for _, t := range tasks {
		n := unitLength(t.text, unit)
		for _, r := range t.regions {
			if r.end < r.start {
				return jsonwalk.Errorf(r.path+".value.end", "%d is before start %d", r.end, r.start)
			}
			if r.end > n {
				return jsonwalk.Errorf(r.path+".value.end", "%d is past the end of the text (%d %s)%s", r.end, n, unit, hint(unit))
			}
			s, ok1 := toCodePointOrig(t.text, unit, r.start)
			e, ok2 := toCodePointOrig(t.text, unit, r.end)
			if !ok1 || !ok2 {
				return jsonwalk.Errorf(r.path+".value", "%d-%d cuts a character in two (a surrogate pair) in %s%s", r.start, r.end, unit, hint(unit))
			}
			if r.text != nil {
				got, _ := t.text.Orig.Slice(s, e)
				if got != *r.text {
					return jsonwalk.Errorf(r.path+".value.text", "%q is not the text at %d-%d (%q) counted in %s%s", jsonwalk.Clip(*r.text), r.start, r.end, jsonwalk.Clip(got), unit, hint(unit))
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
func toCodePointOrig(lt *interchange.LineText, unit Unit, off int) (int, bool) {
	if unit == UTF16 {
		return lt.OrigFromUTF16(off)
	}
	if off < 0 || off > lt.Orig.Len() {
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
	links      map[*workspace.Annotation][]interchange.XLink
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

func (d *decoder) task(t *taskIn) *refusal.Error {
	r, err := d.readout(t)
	if err != nil {
		return err
	}
	xs, err := interchange.ReadAnnotations(t.path+"data.framecheck.annotations", t.x, d.opt.Now)
	if err != nil {
		return err
	}
	byID := map[string]*interchange.XAnn{}
	for _, x := range xs {
		if _, dup := byID[x.ID]; !dup && x.ID != "" {
			byID[x.ID] = x
		}
	}
	used := map[*interchange.XAnn]bool{}
	for _, rg := range t.regions {
		start, _ := toCodePoint(t.text, d.unit, rg.start)
		end, _ := toCodePoint(t.text, d.unit, rg.end)
		note := strings.Join(t.notes[rg.key], "\n")
		labels := rg.labels
		if len(labels) == 0 {
			labels = []string{""}
		}
		for li, label := range labels {
			tag, known := interchange.TagOf(label)
			a := &workspace.Annotation{ReadoutID: r.ID, Tag: tag, Start: start, End: end, Note: note, CreatedAt: d.opt.Now, UpdatedAt: d.opt.Now}
			if !known {
				a.Tag = workspace.Framing
				d.unknown[label]++
				a.Note = joinNote("label: "+label, note)
			}
			if start == end && a.Tag != workspace.Omission {
				return jsonwalk.Errorf(rg.path+".value", "%d-%d is empty; only an omission can be a point", rg.start, rg.end)
			}
			var x *interchange.XAnn
			if li == 0 && jsonwalk.IsUUID(rg.id) {
				a.ID = rg.id
				if x = byID[rg.id]; x != nil && !used[x] {
					used[x] = true
					a.Author, a.CreatedAt, a.UpdatedAt = x.Author, x.Created, x.Updated
					a.Check = x.Check.Clone()
					if x.Tag != a.Tag || x.Note != a.Note || x.Start != a.Start || x.End != a.End {
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
				d.omitted[a] = x.OmittedBy
				d.links[a] = x.Links
			}
		}
	}
	for _, x := range xs {
		if used[x] {
			continue
		}
		a, err := x.Point(r)
		if err != nil {
			return err
		}
		if a == nil {
			d.dropped++ // its region was deleted in Label Studio
			continue
		}
		if err := d.add(x.Path, r, a); err != nil {
			return err
		}
		d.omitted[a] = x.OmittedBy
		d.links[a] = x.Links
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

func (d *decoder) readout(t *taskIn) (*workspace.Readout, *refusal.Error) {
	r := &workspace.Readout{Text: t.text.Text}
	if x := t.x; x != nil {
		err := interchange.ReadReadout(t.path+"data.framecheck.", x, Version, r, func(p string, m map[string]any) *refusal.Error { return d.workspace(t.index, p, m) })
		if err != nil {
			return nil, err
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
			r.Title = "Label Studio task #" + jsonwalk.Clip(string(id))
		case string:
			r.Title = "Label Studio task #" + jsonwalk.Clip(id)
		default:
			r.Title = "Label Studio task " + strconv.Itoa(t.index+1)
		}
	}
	n := t.index + 1
	if r.ID != "" && !jsonwalk.IsUUID(r.ID) {
		d.info.note("Task %d: readout id %q is not a UUID; the readout got a new id.", n, jsonwalk.Clip(r.ID))
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

func (d *decoder) workspace(i int, p string, m map[string]any) *refusal.Error {
	id, title, created, updated, err := interchange.WorkspaceFields(p, m, d.opt.Now)
	if err != nil {
		return err
	}
	if d.ws != nil {
		if id != d.ws.ID {
			d.info.note("Task %d comes from another workspace (%q) than task %d; all tasks were put in one workspace.", i+1, jsonwalk.Clip(title), d.wsTask+1)
		}
		return nil
	}
	if !jsonwalk.IsUUID(id) {
		id = d.opt.NewID()
	}
	if strings.TrimSpace(title) == "" {
		title = "Label Studio import"
	}
	scale, pub, err := interchange.WorkspaceChecks(p, m)
	if err != nil {
		return err
	}
	d.ws = &workspace.Workspace{ID: id, Title: strings.TrimSpace(title), CreatedAt: created, UpdatedAt: updated, RatingScale: scale, Publisher: pub}
	d.wsTask = i
	return nil
}

func (d *decoder) add(path string, r *workspace.Readout, a *workspace.Annotation) *refusal.Error {
	if err := interchange.QuoteAnnotation(r, a); err != nil {
		return jsonwalk.Errorf(path, "%v", err)
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

func (d *decoder) finish() (*workspace.Workspace, *Info, error) {
	w := d.ws
	if w == nil {
		w = &workspace.Workspace{ID: d.opt.NewID(), Title: "Label Studio import", CreatedAt: d.opt.Now, UpdatedAt: d.opt.Now}
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
		d.info.note("%d region labels are not fact, framing or omission (%s): they were imported as framing, each with a note \"label: …\" to re-tag them by.", total, labels)
	}
	if d.relations > 0 {
		d.info.note("%d relations were left out: Label Studio relations join regions of one task (one readout), and framecheck links only counterparts in different readouts, which travel in data.framecheck.", d.relations)
	}
	if len(d.other) > 0 {
		kinds, total := interchange.QuotedCounts(d.other, 0)
		d.info.note("%d results of other kinds (%s) were left out: framecheck reads text regions (labels) and their notes (textarea).", total, kinds)
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
	if n := interchange.LostLinksNote(lostLinks); n != "" {
		d.info.note("%s", n)
	}
	if n := interchange.VerdictsNote(interchange.ResolveVerdicts(w)); n != "" {
		d.info.note("%s", n)
	}
	if err := w.Validate(); err != nil {
		return nil, nil, &refusal.Error{Msg: "the file does not make a valid workspace: " + err.Error()}
	}
	return w, d.info, nil
}
