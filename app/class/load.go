package class

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"framecheck/app/fcjson"
	"framecheck/app/workspace"
)

// Student is one accepted hand-in.
type Student struct {
	Name        string
	File        string
	SubmittedAt time.Time
	// Annotations holds, per readout of the class (same index as
	// Class.Readouts), the student's own annotations: copies, with
	// ReadoutID set to the class's readout and Author to the student.
	Annotations [][]*workspace.Annotation
}

// Class is what Load made of the files.
type Class struct {
	Assignment workspace.Assignment
	// Readouts are the assignment's texts, from the pack if it was loaded,
	// else the ones most hand-ins carry.
	Readouts []*workspace.Readout
	Students []*Student // sorted by name
	// Key holds, per readout, the teacher's annotations; nil without a key.
	Key [][]*workspace.Annotation
	// Examples are annotations in the hand-ins that no student signed (the
	// pack's examples), once each, on the class's readouts. They are not
	// counted; the class export keeps them so that no link is lost.
	Examples []*workspace.Annotation
	Refused  []Refusal
	// Notes say what Load decided that the teacher should know (two
	// hand-ins of one student, which file gave the texts, the key).
	Notes []string
}

// Options of Load.
type Options struct {
	// Key is the teacher's own workspace; its annotations on the
	// assignment's texts (matched by text) are the answer key.
	Key    *workspace.Workspace
	Limits Limits
}

type candidate struct {
	file File
	w    *workspace.Workspace
	sums string // the readouts' text hashes, in order
}

// textSums returns the readouts' text hashes, in order (the decoder
// hashed each text it read once).
func textSums(rs []*workspace.Readout) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.TextSum())
	}
	return b.String()
}

// Load reads the files (ZIPs expanded), checks each on its own and builds
// the class. A file that cannot be part of it is listed in Refused with
// its reason and does not affect the others. Load never fails: an empty
// class is a class with no students.
func Load(files []File, opt Options) *Class {
	entries, refused := Expand(files, opt.Limits)
	c := &Class{Refused: refused}
	var hands, packs []candidate
	// The hand-ins carry the same texts: each is read, hashed and indexed
	// once, and the students' readouts share it.
	texts := &fcjson.Texts{}
	for _, f := range entries {
		w, _, err := fcjson.DecodeWith(f.Data, fcjson.Options{Texts: texts})
		if err != nil {
			c.refuse(f.Name, decodeReason(err))
			continue
		}
		cd := candidate{f, w, textSums(w.Readouts)}
		switch {
		case w.Assignment == nil:
			c.refuse(f.Name, "not a hand-in: an ordinary framecheck workspace, not work on an assignment")
		case w.SubmittedBy != "":
			hands = append(hands, cd)
		case w.Assignment.Student != "":
			c.refuse(f.Name, fmt.Sprintf("not a hand-in: %s's work saved with Export; ask them to use Hand in", w.Assignment.Student))
		default:
			packs = append(packs, cd)
		}
	}

	// The assignment: the pack's, else the one most hand-ins are for.
	var ref *candidate
	if len(packs) > 0 {
		ref = &packs[0]
	} else if len(hands) > 0 {
		ref = vote(hands, func(x candidate) string { return x.w.Assignment.ID })
	}
	if ref == nil {
		if len(c.Refused) > 0 {
			c.Notes = append(c.Notes, "No hand-in among the files.")
		}
		return c
	}
	c.Assignment = *ref.w.Assignment
	c.Assignment.Student = ""
	for _, p := range packs {
		switch {
		case p.w.Assignment.ID != c.Assignment.ID:
			c.refuse(p.file.Name, fmt.Sprintf("from another assignment (%q): a class pack", p.w.Assignment.Title))
		case p.file.Name != ref.file.Name:
			c.refuse(p.file.Name, "a second copy of the class pack; the first one gives the texts")
		}
	}
	var mine []candidate
	for _, h := range hands {
		if h.w.Assignment.ID != c.Assignment.ID {
			c.refuse(h.file.Name, fmt.Sprintf("from another assignment (%q, not %q)", h.w.Assignment.Title, c.Assignment.Title))
			continue
		}
		mine = append(mine, h)
	}

	// The texts: the pack's, else the teacher's if a hand-in has them,
	// else those most hand-ins carry.
	sums := ""
	switch {
	case len(packs) > 0:
		sums = ref.sums
		c.Readouts = ref.w.Readouts
		c.Notes = append(c.Notes, fmt.Sprintf("The texts are those of the class pack %s.", ref.file.Name))
	case len(mine) > 0:
		best := vote(mine, func(x candidate) string { return x.sums })
		if opt.Key != nil {
			ks := textSums(opt.Key.Readouts)
			if i := slices.IndexFunc(mine, func(x candidate) bool { return x.sums == ks }); i >= 0 {
				best = &mine[i]
			}
		}
		sums, c.Readouts = best.sums, best.w.Readouts
	}
	byName := map[string]*Student{}
	for _, h := range mine {
		if h.sums != sums {
			c.refuse(h.file.Name, textDiff(c.Readouts, h.w.Readouts))
			continue
		}
		s := &Student{Name: strings.TrimSpace(h.w.SubmittedBy), File: h.file.Name, SubmittedAt: h.w.SubmittedAt}
		s.Annotations = make([][]*workspace.Annotation, len(c.Readouts))
		idx := map[string]int{}
		for i, r := range h.w.Readouts {
			idx[r.ID] = i
		}
		// The decoded annotations are Load's own (the hand-in's workspace
		// is not kept): moved onto the class's readouts in place.
		for _, a := range h.w.Annotations {
			i := idx[a.ReadoutID]
			a.ReadoutID = c.Readouts[i].ID
			for k, o := range a.OmittedBy {
				a.OmittedBy[k] = c.Readouts[idx[o]].ID
			}
			if strings.TrimSpace(a.Author) == s.Name {
				a.Author = s.Name
				s.Annotations[i] = append(s.Annotations[i], a)
			} else {
				c.addExample(a)
			}
		}
		key := strings.ToLower(s.Name)
		if old, ok := byName[key]; ok {
			newer, older := s, old
			if s.SubmittedAt.Before(old.SubmittedAt) {
				newer, older = old, s
			}
			byName[key] = newer
			c.Notes = append(c.Notes, fmt.Sprintf("%s handed in twice: kept %s (handed in %s), set aside %s (handed in %s).",
				newer.Name, newer.File, newer.SubmittedAt.Format(time.RFC3339), older.File, older.SubmittedAt.Format(time.RFC3339)))
			c.refuse(older.File, fmt.Sprintf("an older hand-in of %s; the newer one (%s) is used", older.Name, newer.File))
			continue
		}
		byName[key] = s
	}
	for _, s := range byName {
		c.Students = append(c.Students, s)
	}
	slices.SortFunc(c.Students, func(a, b *Student) int { return strings.Compare(a.Name, b.Name) })
	if opt.Key != nil {
		c.setKey(opt.Key)
	}
	return c
}

func (c *Class) refuse(file, reason string) {
	c.Refused = append(c.Refused, Refusal{file, reason})
}

// addExample keeps an annotation no student signed once, merging the links
// each hand-in adds to it.
func (c *Class) addExample(a *workspace.Annotation) {
	for _, e := range c.Examples {
		if e.ID == a.ID {
			for _, l := range a.Links {
				if _, ok := e.LinkTo(l.AnnotationID); !ok {
					e.Links = append(e.Links, l)
				}
			}
			return
		}
	}
	c.Examples = append(c.Examples, a)
}

// setKey takes the teacher's annotations on each of the class's texts.
func (c *Class) setKey(k *workspace.Workspace) {
	c.Key = make([][]*workspace.Annotation, len(c.Readouts))
	found := 0
	for i, r := range c.Readouts {
		j := slices.IndexFunc(k.Readouts, func(x *workspace.Readout) bool { return x.Text == r.Text })
		if j < 0 {
			continue
		}
		found++
		for _, a := range k.AnnotationsOf(k.Readouts[j].ID) {
			cp := *a
			cp.ReadoutID = r.ID
			c.Key[i] = append(c.Key[i], &cp)
		}
	}
	if found == 0 {
		c.Key = nil
		c.Notes = append(c.Notes, fmt.Sprintf("Your workspace %q has none of the assignment's texts, so there is no key.", k.Title))
		return
	}
	c.Notes = append(c.Notes, fmt.Sprintf("The key is your workspace %q (%d of %d texts).", k.Title, found, len(c.Readouts)))
}

// vote returns the candidate whose key most candidates share; on a tie the
// first of them in file order.
func vote(cs []candidate, key func(candidate) string) *candidate {
	n := map[string]int{}
	for _, x := range cs {
		n[key(x)]++
	}
	best := 0
	for i, x := range cs {
		if n[key(x)] > n[key(cs[best])] {
			best = i
		}
	}
	return &cs[best]
}

// textDiff says how a hand-in's texts differ from the assignment's.
func textDiff(want, got []*workspace.Readout) string {
	if len(want) != len(got) {
		return fmt.Sprintf("changed text: it has %d readouts, the assignment %d", len(got), len(want))
	}
	for i := range want {
		if want[i].Text != got[i].Text {
			return fmt.Sprintf("changed text: readout %d (%q) is not the assignment's text (its SHA-256 differs)", i+1, got[i].Title)
		}
	}
	return "changed text"
}

// decodeReason says why a file that fcjson refuses is not part of the
// class, keeping fcjson's message (it names the place).
func decodeReason(err error) string {
	var fe *fcjson.Error
	if errors.As(err, &fe) && strings.HasSuffix(fe.Path, "textSha256") && strings.Contains(fe.Msg, "changed") {
		return "changed text: " + err.Error()
	}
	return "broken: " + err.Error()
}
