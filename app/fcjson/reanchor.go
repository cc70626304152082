package fcjson

import (
	"fmt"
	"strconv"
	"strings"

	"framecheck/app/anchor"
	"framecheck/app/internal/jsonwalk"
	"framecheck/app/internal/refusal"
	"framecheck/app/workspace"
)

// Options changes what DecodeWith accepts.
type Options struct {
	// Reanchor moves the annotations that are not at their offsets to the
	// one place in their readout where their quote is, instead of refusing
	// the file with a *ReanchorError. Ask the user first.
	Reanchor bool
	// Tick, when set, is called once per readout and annotation read; the
	// browser yields to the page there (a large file must not freeze it)
	// and returns false to cancel the import.
	Tick func() bool
	// Texts, when set, remembers the readout texts read with it across
	// calls: a text whose JSON string was read before is not unquoted,
	// hashed or indexed again, and its readouts share one string and one
	// index. The class view reads 30 hand-ins of the same texts.
	Texts *Texts
}

// Report says what DecodeWith changed to open a file.
type Report struct {
	// Reanchored lists the annotations moved to their quote, in the order
	// of the file.
	Reanchored []Move
}

// String summarises the report for the user, or is "" when DecodeWith
// changed nothing.
func (r *Report) String() string {
	if r == nil || len(r.Reanchored) == 0 {
		return ""
	}
	if n := len(r.Reanchored); n > 1 {
		return fmt.Sprintf("Re-anchored %d annotations by their quotes.", n)
	}
	return "Re-anchored 1 annotation by its quote."
}

// Move is an annotation that re-anchoring moves (or would move): from
// OldStart-OldEnd, where the file put it, to NewStart-NewEnd, where its
// quote is. Offsets are code points.
type Move struct {
	// Path is the annotation's place in the file, like `annotations[3]`
	// (indexes count from 0 in the order of the file).
	Path         string
	ID           string
	ReadoutID    string
	ReadoutTitle string
	// Exact is the quoted text ("" for an omission point).
	Exact            string
	OldStart, OldEnd int
	NewStart, NewEnd int
}

func (m Move) String() string {
	return fmt.Sprintf("%s: %d-%d → %d-%d of readout %q", m.Path, m.OldStart, m.OldEnd, m.NewStart, m.NewEnd, jsonwalk.Clip(m.ReadoutTitle))
}

// ReanchorError refuses a file whose only fault is annotations that are not
// at their offsets but whose quotes each identify one place in their
// readouts, so that they can be re-anchored (see the package documentation). Moves lists every one of them; DecodeWith
// with Options{Reanchor: true} opens the file with them moved. It wraps an
// *Error (Err, naming the first of them), so errors.As finds an *Error in
// every refusal of Decode and DecodeWith.
type ReanchorError struct {
	Moves []Move
	Err   *Error
}

func (e *ReanchorError) Error() string { return e.Err.Error() }

// Unwrap returns the *Error.
func (e *ReanchorError) Unwrap() error { return e.Err }

func newReanchorError(moves []Move) *ReanchorError {
	m := moves[0]
	msg := fmt.Sprintf("no longer sits at %d-%d of readout %q, but its quote is found at one place, %d-%d: it can be re-anchored by its quote",
		m.OldStart, m.OldEnd, jsonwalk.Clip(m.ReadoutTitle), m.NewStart, m.NewEnd)
	if n := len(moves) - 1; n > 0 {
		more := "nor does 1 more annotation"
		if n > 1 {
			more = "nor do " + strconv.Itoa(n) + " more annotations"
		}
		msg = fmt.Sprintf("no longer sits at %d-%d of readout %q, %s, but each one's quote is found at one place in its readout: they can be re-anchored by their quotes",
			m.OldStart, m.OldEnd, jsonwalk.Clip(m.ReadoutTitle), more)
	}
	return &ReanchorError{Moves: moves, Err: &Error{Path: m.Path, Msg: msg}}
}

// check validates a decoded workspace completely and puts its annotations
// in canonical order. Annotations that are not at their offsets but can be
// found by their quote are re-anchored first; unless opt.Reanchor, a file
// whose only fault they are is refused with a *ReanchorError listing them.
// Errors name places in the file: nothing is reordered before the end.
func check(w *workspace.Workspace, opt Options) ([]Move, error) {
	moves, failed := reanchor(w)
	// why completes the refusal of an annotation that is not at its
	// offsets with the reason it cannot be re-anchored.
	why := func(i int, e *Error) *Error {
		if reason, ok := failed[i]; ok {
			e.Msg += ", and " + reason + ", so it cannot be re-anchored"
		}
		return e
	}
	// The model's own invariants (ids, duplicates, references, offsets,
	// exact, omittedBy).
	if err := w.Validate(); err != nil {
		e := refusal.ModelError(err)
		if i, field := annotationField(e.Path); field == "exact" || field == "end" {
			e = why(i, e)
		}
		return nil, e
	}
	readouts := readoutMap(w)
	for i, a := range w.Annotations {
		if err := checkContext("", readouts[a.ReadoutID], a); err != nil {
			return nil, within("annotations["+strconv.Itoa(i)+"]", why(i, err))
		}
	}
	if len(moves) > 0 && !opt.Reanchor {
		return nil, newReanchorError(moves)
	}
	for _, a := range w.Annotations {
		if !a.Orphan {
			a.AnchoredTo = "" // the current text (Validate checked it): the model leaves it unsaid
		}
	}
	w.Sort()
	return moves, nil
}

// annotationField splits a path like `annotations[3].exact` into 3 and
// "exact"; it returns -1 and "" for other paths.
func annotationField(path string) (int, string) {
	rest, ok := strings.CutPrefix(path, "annotations[")
	if !ok {
		return -1, ""
	}
	num, field, ok := strings.Cut(rest, "].")
	if !ok {
		return -1, ""
	}
	i, err := strconv.Atoi(num)
	if err != nil || i < 0 {
		return -1, ""
	}
	return i, field
}

// reanchor moves the annotations of w that are not at their offsets to the
// one place in their readout where their quote is, recomputing prefix and
// suffix there. It returns the moves and, for each annotation (by index)
// that is not at its offsets and cannot be moved, the reason.
//
// An annotation is not at its offsets when its offsets are past the end of
// the text, when its exact is not the text there, or when its prefix or
// suffix is not the text around them (an omission point is placed by its
// context alone, and a short exact can match by chance). Only annotations
// that are otherwise sound are considered (known readout, known tag, start
// not after end, no empty exact on a span tag): anything else is refused by
// Validate as before. The quote is found by app/anchor, byte for byte and
// in near-linear time overall: see anchor.Finder.Locate for the rules. A
// span whose exact is at its offsets but whose context is not goes to the
// one occurrence of its exact with that context, if there is one
// (anchor.Finder.LocateWithContext).
func reanchor(w *workspace.Workspace) ([]Move, map[int]string) {
	var (
		moves  []Move
		failed map[int]string
	)
	readouts := make(map[string]*workspace.Readout, len(w.Readouts))
	for _, r := range w.Readouts {
		readouts[r.ID] = r
	}
	sound := map[*workspace.Readout]bool{} // readouts that pass Check
	finders := map[*workspace.Readout]*anchor.Finder{}
	for i, a := range w.Annotations {
		r := readouts[a.ReadoutID]
		// Orphans are placed on an earlier version, by the user: not here.
		if r == nil || a.Orphan || !a.Tag.Valid() || a.Start > a.End || (a.Exact == "" && a.Tag != workspace.Omission) {
			continue
		}
		f := finders[r]
		if f == nil {
			f = anchor.NewFinder(r.Positions(), r.Title)
			finders[r] = f
		}
		q := anchor.Quote{Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix}
		exactHere, contextHere := f.At(a.Start, a.End, q)
		if exactHere && contextHere {
			continue
		}
		ok, seen := sound[r]
		if !seen {
			ok = r.Check() == nil // Validate refuses the file anyway: no need to search
			sound[r] = ok
		}
		if !ok {
			continue
		}
		start, end, reason := locate(f, a, q, exactHere)
		if reason != "" {
			if failed == nil {
				failed = map[int]string{}
			}
			failed[i] = reason
			if !exactHere {
				// Validate refuses the file at this annotation or
				// before it: what follows does not matter.
				break
			}
			continue
		}
		prefix, _, suffix, err := r.Positions().Quote(start, end, workspace.ContextLen)
		if err != nil { // cannot happen: start and end come from Locate
			continue
		}
		moves = append(moves, Move{
			Path: "annotations[" + strconv.Itoa(i) + "]", ID: a.ID, ReadoutID: r.ID, ReadoutTitle: r.Title,
			Exact: a.Exact, OldStart: a.Start, OldEnd: a.End, NewStart: start, NewEnd: end,
		})
		a.Start, a.End, a.Prefix, a.Suffix = start, end, prefix, suffix
	}
	return moves, failed
}

// locate finds where a belongs (see reanchor), or says why it cannot.
// exactHere tells whether a's exact is the text at its offsets.
func locate(f *anchor.Finder, a *workspace.Annotation, q anchor.Quote, exactHere bool) (start, end int, reason string) {
	if a.Exact == "" && a.Start != a.End {
		return 0, 0, "its exact is empty, leaving no quote to find it by"
	}
	var miss *anchor.Miss
	if exactHere {
		start, end, miss = f.LocateWithContext(q)
	} else {
		start, end, miss = f.Locate(q)
	}
	if miss != nil {
		return 0, 0, miss.Reason
	}
	return start, end, ""
}
