// Package fcjson is the framecheck export format, version 1: a JSON file that
// carries a whole workspace (readouts with their full text, annotations with
// code point offsets and a W3C-style text quote) so that another fact-checker,
// or another tool, can open it and find every annotation where it was made.
//
// Encode writes canonical bytes: the same workspace always gives the same
// file, apart from "exportedAt", so exports can be diffed and hashed. Decode
// checks a file completely before it returns anything and says what is wrong
// and where ("annotations[3].end: ..."), because the files come from people's
// downloads folders and mail attachments, not from this program.
//
// # Format decisions
//
//   - Offsets ("start", "end") count Unicode code points of "text", end
//     exclusive (offsetUnit "codepoint"), as the W3C Web Annotation model does.
//   - "exact" is always written, even for an omission point, where it is ""
//     ("start" == "end"). A reader can thus rely on it, and the JSON Schema can
//     require it; a point is recognised by start == end, not by a missing key.
//   - Optional fields are left out when empty: source, url, publishedAt and
//     language of a readout; prefix, suffix, note, author and omittedBy of an
//     annotation. Decode treats a missing optional field, an empty string and
//     an empty omittedBy array alike.
//   - "prefix" and "suffix" are up to 32 code points of the text just before
//     "start" and just after "end" (a W3C TextQuoteSelector). Decode accepts
//     shorter context but refuses context that is not the text at that place.
//   - "textSha256" is the lowercase hex SHA-256 of the UTF-8 text, so a text
//     edited after export is caught before its offsets are trusted.
//   - Unknown fields are ignored everywhere (top level, workspace, readouts,
//     annotations), so a later version 1 file with extra optional fields
//     still opens here; such fields are not kept when the workspace is saved
//     again. A change old readers must not ignore raises "version", which
//     Decode refuses. A known key given twice in one object is refused: JSON
//     readers disagree about which one wins. Keys match exactly (encoding/json
//     would also take "Start" for "start").
//   - Times are UTC RFC 3339 with whole seconds. Decode also accepts other
//     offsets and fractions of a second and turns them into that form.
//
// # Re-anchoring
//
// A file edited by hand, or written by a tool that counted offsets in
// UTF-16 units or bytes rather than code points, has annotations whose
// quote is intact but whose offsets are not where it is. Such an
// annotation is "not at its offsets": its offsets are past the end of the
// text, or its exact is not the text there, or its prefix or suffix is not
// the text around them (an omission point has only its context to tell
// where it belongs, and a short exact can match at a wrong place by
// chance). It can be re-anchored when its quote identifies one place in
// its readout (textpos.Text.Find, byte for byte, no normalisation):
//
//   - a span whose exact is not at its offsets: the place where the exact
//     occurs, if it occurs once; if it occurs more often, the one
//     occurrence whose surrounding text matches its prefix and suffix, if
//     exactly one does;
//   - a span whose exact is at its offsets but whose context is not: the
//     one other occurrence of the exact with that context;
//   - an omission point: between its prefix and suffix, where they occur
//     together once.
//
// Decode refuses a file with such annotations; if they can all be
// re-anchored and nothing else is wrong with the file, the refusal is a
// *ReanchorError listing every one of them (path, old and new offsets) so
// the user can be asked, and DecodeWith(data, Options{Reanchor: true})
// opens the file with them moved and their prefix and suffix taken afresh
// from the text (32 code points); its Report lists the moves. Their other
// fields, times included, are kept. If one of them cannot be re-anchored
// (quote absent or ambiguous), the refusal is an *Error for it that says
// why. Everything else is checked as strictly as without re-anchoring, and
// the whole file is checked before anything is returned.
//
// The places are found by app/anchor (the W3C import uses the same rules
// and messages), in near-linear time whatever the file. Orphans (annotations
// a new version of their readout could not place: "orphan": true) are
// checked against the earlier version "anchoredTo" names, in
// "readouts[].versions", and never re-anchored here.
//
// "textSha256" stays strict: re-anchoring is for offsets that are wrong on
// a text that is intact. A text changed after export is refused before any
// offset is looked at, since the quotes that would re-anchor its
// annotations were taken from the text as it was.
//
// The JSON Schema of the format is web/schema/framecheck-v1.schema.json.
package fcjson

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"framecheck/app/internal/refusal"
	"framecheck/app/textpos"
)

// Version is the version of the format this package writes and the newest
// it reads.
const Version = 1

// The constant header fields of every file.
const (
	formatName = "framecheck"
	offsetUnit = "codepoint"
)

// MaxFileSize is the largest file Decode reads (50 MB), as every importer
// (see app/internal/refusal).
const MaxFileSize = refusal.MaxFileSize

// Error is the refusal of every format, app/internal/refusal's: a message
// with the place it concerns (a JSON path like `annotations[3].end`). It is
// named here too for the UI and tests, which check refusals with
// errors.As(err, new(*fcjson.Error)).
type Error = refusal.Error

// timeLayout is RFC 3339 in UTC with whole seconds.
const timeLayout = "2006-01-02T15:04:05Z"

// Filename suggests a name for the export of a workspace:
// `<title>-<YYYY-MM-DD>.framecheck.json`. The title is made safe for every
// common file system: the characters Windows forbids (/ \ : * ? " < > |),
// control and invisible format characters (bidi overrides can disguise a
// file's extension) become spaces, runs of white space become one space,
// leading and trailing spaces and dots go, and the result is cut to a
// length that stays well within the 255-byte limit of file names, on a
// grapheme cluster boundary. Letters of every script are kept. An empty
// result falls back to "framecheck". The date is day's calendar date in its
// own location: pass local time to get the user's day.
func Filename(title string, day time.Time) string {
	const maxRunes, maxBytes = 80, 160
	var b strings.Builder
	space := false
	for _, r := range title {
		if unsafeInName(r) || unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	name := b.String()
	if n := utf8.RuneCountInString(name); n > maxRunes || len(name) > maxBytes {
		cut := min(n, maxRunes)
		for {
			t := textpos.New(name)
			cut, _ = t.SnapSpan(cut, cut) // back to a grapheme boundary
			bo, _ := t.ByteOffset(cut)
			if bo <= maxBytes {
				name = name[:bo]
				break
			}
			cut--
		}
	}
	name = strings.Trim(name, " .")
	if name == "" {
		name = "framecheck"
	}
	return name + "-" + day.Format("2006-01-02") + ".framecheck.json"
}

// unsafeInName reports whether r has no place in a file name.
func unsafeInName(r rune) bool {
	switch r {
	case '/', '\\', ':', '*', '?', '"', '<', '>', '|', utf8.RuneError:
		return true
	case '\u200c', '\u200d': // joiners shape Persian, Indic scripts and emoji
		return false
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) ||
		unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r)
}
