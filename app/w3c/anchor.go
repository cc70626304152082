package w3c

import (
	"fmt"
	"index/suffixarray"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"framecheck/app/fcjson"
	"framecheck/app/internal/jsonwalk"
	"framecheck/app/textpos"
	"framecheck/app/workspace"
)

// quoteSel is a TextQuoteSelector of the file; path is the selector's.
type quoteSel struct {
	path                  string
	exact, prefix, suffix string
}

// posSel is a TextPositionSelector of the file (0 <= start <= end).
type posSel struct {
	path       string
	start, end int
}

// readoutInfo is a readout of the workspace being decoded, with where it
// comes from and what finding quotes in it needs.
type readoutInfo struct {
	r    *workspace.Readout
	path string // framecheck:readouts[i], or texts["<iri>"]

	lookups int
	sa      *suffixarray.Index
}

// Quote look-ups scan the whole text; after this many on one readout, a
// suffix array answers the rest in O(|quote| log n), so that a file of many
// quote-only annotations on a long text cannot take minutes to open.
const suffixArrayAfter = 32

// anchor places a target, given by its selectors (one of them may be nil),
// on ri's text and returns the span with its prefix and suffix. See the
// package documentation for the rules.
func (ri *readoutInfo) anchor(q *quoteSel, p *posSel) (start, end int, prefix, suffix string, err *fcjson.Error) {
	t := ri.r.Positions()
	n, s := t.Len(), t.String()
	if q != nil {
		// Quotes are taken on texts whose line breaks may have been
		// normalised; normalise theirs alike (a no-op without CR).
		q = &quoteSel{path: q.path, exact: textpos.NormalizeNewlines(q.exact),
			prefix: textpos.NormalizeNewlines(q.prefix), suffix: textpos.NormalizeNewlines(q.suffix)}
	}
	posExact := false // the position holds the quote's exact
	var held string
	if p != nil {
		switch {
		case p.end > n && q == nil:
			return 0, 0, "", "", jsonwalk.Errorf(p.path+".end", "%d is past the end of readout %q (%d code points)", p.end, jsonwalk.Clip(ri.r.Title), n)
		case p.end > n:
			held = fmt.Sprintf("its TextPositionSelector (%d-%d) is past the end of the text (%d code points)", p.start, p.end, n)
		case q == nil:
			prefix, _, suffix, _ = t.Quote(p.start, p.end, workspace.ContextLen)
			return p.start, p.end, prefix, suffix, nil
		default:
			bs, _ := t.ByteOffset(p.start)
			be, _ := t.ByteOffset(p.end)
			if s[bs:be] == q.exact {
				posExact = true
				if strings.HasSuffix(s[:bs], q.prefix) && strings.HasPrefix(s[be:], q.suffix) {
					prefix, suffix = ri.context(q, p.start, p.end)
					return p.start, p.end, prefix, suffix, nil
				}
			}
			held = fmt.Sprintf("its TextPositionSelector (%d-%d) holds %q", p.start, p.end, jsonwalk.Clip(s[bs:be]))
		}
	}
	start, end, reason := ri.locate(q)
	if reason == "" {
		prefix, suffix = ri.context(q, start, end)
		return start, end, prefix, suffix, nil
	}
	if posExact { // the quote cannot place it better than its position
		prefix, suffix = ri.context(q, p.start, p.end)
		return p.start, p.end, prefix, suffix, nil
	}
	if held != "" {
		reason += ", and " + held
	}
	return 0, 0, "", "", jsonwalk.Errorf(q.path, "%s", reason)
}

// context returns the prefix and suffix of [start, end): the quote's own
// when they are at most workspace.ContextLen code points and are the text
// there, else workspace.ContextLen code points of the text.
func (ri *readoutInfo) context(q *quoteSel, start, end int) (prefix, suffix string) {
	t := ri.r.Positions()
	prefix, _, suffix, _ = t.Quote(start, end, workspace.ContextLen)
	if q == nil {
		return prefix, suffix
	}
	s := t.String()
	bs, _ := t.ByteOffset(start)
	be, _ := t.ByteOffset(end)
	if utf8.RuneCountInString(q.prefix) <= workspace.ContextLen && strings.HasSuffix(s[:bs], q.prefix) {
		prefix = q.prefix
	}
	if utf8.RuneCountInString(q.suffix) <= workspace.ContextLen && strings.HasPrefix(s[be:], q.suffix) {
		suffix = q.suffix
	}
	return prefix, suffix
}

// locate finds the one place of the quote q in the text, or says why it
// cannot.
func (ri *readoutInfo) locate(q *quoteSel) (start, end int, reason string) {
	title := jsonwalk.Clip(ri.r.Title)
	if q.exact == "" {
		both := q.prefix + q.suffix
		if both == "" {
			return 0, 0, "its exact is empty and it has no prefix or suffix: nothing to find the place by"
		}
		switch occ := ri.find(both); len(occ) {
		case 0:
			return 0, 0, fmt.Sprintf("its prefix and suffix (%q, %q) do not occur together in readout %q", jsonwalk.Clip(q.prefix), jsonwalk.Clip(q.suffix), title)
		case 1:
			p := occ[0] + utf8.RuneCountInString(q.prefix)
			return p, p, ""
		default:
			return 0, 0, fmt.Sprintf("its prefix and suffix (%q, %q) occur together more than once in readout %q: cannot tell which place is meant", jsonwalk.Clip(q.prefix), jsonwalk.Clip(q.suffix), title)
		}
	}
	n := utf8.RuneCountInString(q.exact)
	occ := ri.find(q.exact)
	switch len(occ) {
	case 0:
		return 0, 0, fmt.Sprintf("the quote %q does not occur in readout %q", jsonwalk.Clip(q.exact), title)
	case 1:
		return occ[0], occ[0] + n, ""
	}
	if q.prefix == "" && q.suffix == "" {
		return 0, 0, fmt.Sprintf("the quote %q occurs more than once in readout %q and has no prefix or suffix to choose among them", jsonwalk.Clip(q.exact), title)
	}
	switch occ := ri.find(q.prefix + q.exact + q.suffix); len(occ) {
	case 0:
		return 0, 0, fmt.Sprintf("the quote %q occurs more than once in readout %q and its prefix and suffix fit none of them", jsonwalk.Clip(q.exact), title)
	case 1:
		p := occ[0] + utf8.RuneCountInString(q.prefix)
		return p, p + n, ""
	default:
		return 0, 0, fmt.Sprintf("the quote %q occurs more than once in readout %q and its prefix and suffix fit more than one: cannot tell which is meant", jsonwalk.Clip(q.exact), title)
	}
}

// find returns the code point offsets of up to two occurrences of the
// non-empty quote in the text (overlapping ones included), in order: enough
// to tell none, one and several apart. Text and quote are valid UTF-8, so
// byte matches start and end on code point boundaries.
func (ri *readoutInfo) find(quote string) []int {
	s := ri.r.Text
	ri.lookups++
	if ri.sa == nil && ri.lookups > suffixArrayAfter && len(s) > 1<<12 {
		ri.sa = suffixarray.New([]byte(s))
	}
	var bs []int
	if ri.sa != nil {
		bs = ri.sa.Lookup([]byte(quote), 2)
		slices.Sort(bs)
	} else if i := strings.Index(s, quote); i >= 0 {
		bs = append(bs, i)
		if j := strings.Index(s[i+1:], quote); j >= 0 {
			bs = append(bs, i+1+j)
		}
	}
	out := make([]int, len(bs))
	t := ri.r.Positions()
	for k, b := range bs {
		// The code point offset whose byte offset is b.
		out[k] = sort.Search(t.Len()+1, func(cp int) bool {
			o, _ := t.ByteOffset(cp)
			return o >= b
		})
	}
	return out
}
