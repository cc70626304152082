package workspace

import "framecheck/app/textpos"

// nl normalises the line breaks of a free-text field (CRLF and lone CR
// become LF): a CR kept in a note could end a line in some readers and not
// in others, and reports split on LF (issue #10 item 6).
func nl(s string) string { return textpos.NormalizeNewlines(s) }

// NormalizeLineBreaks normalises the line breaks of every free-text field of
// w, for an import: workspace and readout details, notes, authors and link
// notes. The readout text and the quotes (exact, prefix, suffix) are left
// as they are: offsets count code points of the text as stored, and a
// framecheck file's textSha256 covers it (the interchange formats already
// normalise their texts, mapping offsets; see app/internal/interchange).
func NormalizeLineBreaks(w *Workspace) {
	w.Title = nl(w.Title)
	for _, r := range w.Readouts {
		r.Title, r.Source, r.URL = nl(r.Title), nl(r.Source), nl(r.URL)
		r.PublishedAt, r.Language = nl(r.PublishedAt), nl(r.Language)
	}
	for _, a := range w.Annotations {
		a.Note, a.Author = nl(a.Note), nl(a.Author)
		for i := range a.Links {
			a.Links[i].Note = nl(a.Links[i].Note)
		}
	}
}
