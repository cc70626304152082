package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"framecheck/app/agreement"
	"framecheck/app/browser"
	"framecheck/app/class"
	"framecheck/app/fcjson"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// classState is the class view's state, kept by the shell: loading files
// outlives any one component.
type classState struct {
	loading bool
	c       *class.Class
	readout int             // index into c.Readouts
	off     map[string]bool // students switched off
	keyOff  bool            // the key's layer hidden
	sort    string          // passages: "agreement" or "position"
	open    int             // the passage shown with its quotes, -1 none
	hits    []class.Hit     // who tagged the place last clicked
	hitAt   int             // that place, -1 none
	// figs holds the figures of each readout visited, among the students
	// shown when figsOff was taken: switching back to a readout costs
	// nothing.
	figs    map[int]class.Figures
	figsOff string
	// passages in the order chosen, and what they were sorted for: the
	// list renders on every change of the view.
	sorted    []agreement.Passage
	sortedFor string
	message   string
	// Long lists render on demand: go-app builds every node it is given,
	// and 30 students make 435 pairs and hundreds of passages.
	showPairs bool
	allPass   bool
	// listed says which class and readout the passages are listed for: a
	// new class or readout shows its overlay and figures first and lists
	// its passages after that frame is painted (see classView.paint).
	listed   listing
	pairs    []agreement.Pair
	pairsFor string
}

// listing names a class and one of its readouts (classState.listed).
type listing struct {
	c       *class.Class
	readout int
}

// pairsShown returns the pairwise F1 of the readout shown, computing it
// only when the students or the readout changed.
func (cs *classState) pairsShown() []agreement.Pair {
	key := fmt.Sprint(cs.c != nil, cs.readout, cs.off)
	if cs.pairsFor != key || cs.pairs == nil {
		cs.pairs = cs.c.Pairs(cs.readout, cs.on)
		cs.pairsFor = key
	}
	return cs.pairs
}

// shown is the class and readout shown, for listed.
func (cs *classState) shown() listing { return listing{cs.c, cs.readout} }

func newClassState() *classState {
	return &classState{off: map[string]bool{}, sort: "agreement", open: -1, hitAt: -1}
}

// on says whether a student is shown.
func (cs *classState) on(name string) bool { return !cs.off[name] }

// figures returns the figures of the readout shown among the students
// shown, computed once per readout until the students shown change.
func (cs *classState) figures() class.Figures {
	off := fmt.Sprint(cs.off)
	if cs.figs == nil || cs.figsOff != off {
		cs.figs, cs.figsOff = map[int]class.Figures{}, off
	}
	f, ok := cs.figs[cs.readout]
	if !ok {
		f = cs.c.Figures(cs.readout, cs.on)
		cs.figs[cs.readout] = f
	}
	return f
}

// passages returns the passages in the order chosen, sorted once per
// readout, students shown and order. The caller must not change them.
func (cs *classState) passages() []agreement.Passage {
	key := fmt.Sprint(cs.readout, cs.sort, cs.off)
	if cs.sorted != nil && cs.sortedFor == key {
		return cs.sorted
	}
	ps := slices.Clone(cs.figures().Passages)
	if cs.sort == "agreement" {
		agreement.SortByAgreement(ps)
	} // else as Passages gives them: by position
	cs.sorted, cs.sortedFor = ps, key
	return ps
}

// pieces cuts the readout shown into overlay pieces: per tag, the share of
// the students shown who tagged each stretch, and where the key tags it.
func (cs *classState) pieces() []browser.Piece {
	c := cs.c
	r := c.Readouts[cs.readout]
	t := r.Positions()
	n := 0
	for _, s := range c.Students {
		if cs.on(s.Name) {
			n++
		}
	}
	spans := c.Spans(cs.readout, cs.on)
	var key []class.Segment
	if !cs.keyOff {
		key = class.Segments(t.Len(), c.KeySpans(cs.readout))
	}
	// Cut at the boundaries of both the class's segments and the key's.
	cuts := []int{0, t.Len()}
	segs := class.Segments(t.Len(), spans)
	for _, s := range segs {
		cuts = append(cuts, s.Start)
	}
	for _, s := range key {
		if s.Count != [3]int{} {
			cuts = append(cuts, s.Start, s.End)
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var out []browser.Piece
	si, ki := 0, 0
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		for si < len(segs) && segs[si].End <= a {
			si++
		}
		for ki < len(key) && key[ki].End <= a {
			ki++
		}
		text, _ := t.Slice(a, b)
		p := browser.Piece{Text: text}
		if si < len(segs) && n > 0 {
			for k, v := range segs[si].Count {
				p.Level[k] = float64(v) / float64(n)
			}
		}
		if ki < len(key) && key[ki].Count != [3]int{} {
			p.Key = true
		}
		out = append(out, p)
	}
	return out
}

// loadClass reads the chosen or dropped files and builds the class off the
// UI goroutine; the teacher's open workspace is the key when it has the
// assignment's texts.
func (s *shell) loadClass(ctx app.Context, files []browser.File) {
	ctx = s.uiCtx(ctx)
	if s.cls == nil {
		s.cls = newClassState()
	}
	cs := s.cls
	cs.loading = true
	cs.message = fmt.Sprintf("Reading %d files…", len(files))
	s.clsRev++
	var key *workspace.Workspace
	if s.sess.ws.Assignment == nil && len(s.sess.ws.Annotations) > 0 {
		key = s.sess.ws.Clone() // a copy: the teacher may edit meanwhile
	}
	ctx.Async(func() {
		data, errs := browser.ReadAll(files, func(f browser.File) int {
			if strings.HasSuffix(strings.ToLower(f.Name), ".zip") {
				return class.DefaultMaxBytes
			}
			return fcjson.MaxFileSize
		})
		var in []class.File
		var unread []class.Refusal
		for i, f := range files {
			if errs[i] != nil {
				unread = append(unread, class.Refusal{File: f.Name, Reason: "not read: " + errs[i].Error()})
				continue
			}
			in = append(in, class.File{Name: f.Name, Data: data[i]})
		}
		c := class.Load(in, class.Options{Key: key})
		c.Refused = append(unread, c.Refused...)
		ctx.Dispatch(func(ctx app.Context) {
			cs.loading = false
			cs.c = c
			cs.readout, cs.open, cs.hitAt, cs.hits, cs.figs, cs.sorted = 0, -1, -1, nil, nil, nil
			cs.off, cs.allPass, cs.pairs = map[string]bool{}, false, nil
			cs.message = fmt.Sprintf("%d hand-ins in the class, %d files set aside.", len(c.Students), len(c.Refused))
			s.clsRev++
		})
	})
}

// copyToMine copies a student's annotation into the teacher's open
// workspace, onto the readout with the same text, signed by the student.
func (s *shell) copyToMine(h class.Hit) error {
	ws := s.sess.ws
	if ws.Locked() {
		return fmt.Errorf("copy: the open workspace is a student's assignment")
	}
	src := s.cls.c.Readouts[s.cls.readout]
	i := slices.IndexFunc(ws.Readouts, func(r *workspace.Readout) bool { return r.Text == src.Text })
	if i < 0 {
		return fmt.Errorf("copy: the open workspace %q has no readout with the text of %q", ws.Title, src.Title)
	}
	a, err := ws.NewAnnotation(ws.Readouts[i].ID, h.Annotation.Tag, h.Annotation.Start, h.Annotation.End, h.Student, time.Now())
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	a.Note = h.Annotation.Note
	if err := s.sess.apply(workspace.AddAnnotation{Annotation: a}); err != nil {
		return err
	}
	s.sess.notice(fmt.Sprintf("Copied %s's %s into %q (Undo takes it back).", h.Student, h.Annotation.Tag.Label(), ws.Title))
	return nil
}

// exportClass downloads the class as one framecheck file.
func (s *shell) exportClass() error {
	c := s.cls.c
	w, notes, err := c.Workspace(time.Now())
	if err != nil {
		return err
	}
	data, err := fcjson.Encode(w, w.CreatedAt)
	if err != nil {
		return err
	}
	if err := browser.Download(class.ClassName(c.Assignment.Title), "application/json", data); err != nil {
		return err
	}
	s.cls.message = "Exported " + class.ClassName(c.Assignment.Title) + ". " + strings.Join(notes, " ")
	return nil
}

// exportClassCSV downloads the class's CSV.
func (s *shell) exportClassCSV() error {
	c := s.cls.c
	data, err := c.CSV()
	if err != nil {
		return err
	}
	if err := browser.Download(class.CSVName(c.Assignment.Title), "text/csv", data); err != nil {
		return err
	}
	s.cls.message = "Exported " + class.CSVName(c.Assignment.Title)
	return nil
}
