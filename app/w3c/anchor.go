package w3c

import (
	"fmt"
	"strings"

	"framecheck/app/anchor"
	"framecheck/app/internal/jsonwalk"
	"framecheck/app/internal/refusal"
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
// comes from and the finder of quotes in its text (made on first use).
type readoutInfo struct {
	r    *workspace.Readout
	path string // framecheck:readouts[i], or texts["<iri>"]

	f *anchor.Finder
	// versions are the readout's earlier texts, for orphans, by SHA-256.
	versions map[string]*readoutInfo
}

// finder returns the quote finder of ri's text. app/anchor bounds the work
// so that a file of many quote-only annotations on a long text cannot take
// minutes to open.
func (ri *readoutInfo) finder() *anchor.Finder {
	if ri.f == nil {
		ri.f = anchor.NewFinder(ri.r.Positions(), ri.r.Title)
	}
	return ri.f
}

// anchor places a target, given by its selectors (one of them may be nil),
// on ri's text and returns the span with its prefix and suffix. See the
// package documentation for the rules.
func (ri *readoutInfo) anchor(q *quoteSel, p *posSel) (start, end int, prefix, suffix string, err *refusal.Error) {
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
	if q == nil {
		prefix, _, suffix, _ = ri.r.Positions().Quote(start, end, workspace.ContextLen)
		return prefix, suffix
	}
	return ri.finder().Context(start, end, workspace.ContextLen, anchor.Quote{Exact: q.exact, Prefix: q.prefix, Suffix: q.suffix})
}

// locate finds the one place of the quote q in the text (anchor's rules),
// or says why it cannot.
func (ri *readoutInfo) locate(q *quoteSel) (start, end int, reason string) {
	start, end, miss := ri.finder().Locate(anchor.Quote{Exact: q.exact, Prefix: q.prefix, Suffix: q.suffix})
	if miss != nil {
		return 0, 0, miss.Reason
	}
	return start, end, ""
}
