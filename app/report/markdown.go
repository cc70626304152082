package report

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"framecheck/app/internal/refusal"
	"framecheck/app/workspace"
)

// Markdown renders w as a CommonMark document. now is printed as the time
// of the report.
func Markdown(w *workspace.Workspace, now time.Time) ([]byte, error) {
	if err := refusal.Exportable(w); err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", mdLine(w.Title))
	fmt.Fprintf(&b, "Fact-check report, %s. %s, %s.\n\n", stamp(now),
		count(len(w.Readouts), "readout", "readouts"), count(len(w.Annotations), "annotation", "annotations"))
	b.WriteString("**Legend.** In the texts, ⟦ opens an annotated passage and ⟧ⁿ closes annotation n; " +
		"‸ⁿ marks omission point n, where something is missing. **Fact**: checked against other sources. " +
		"**Framing**: how it is put. **Omission**: what a readout leaves out.\n")
	vs := views(w)
	for _, v := range vs {
		writeReadoutMD(&b, w, v)
	}
	if pairs := counterparts(vs); len(pairs) > 0 {
		fmt.Fprintf(&b, "\n## Counterparts (%d)\n\n", len(pairs))
		b.WriteString("Passages of different readouts that tell the same claim, each pair once.\n\n")
		for _, p := range pairs {
			fmt.Fprintf(&b, "- %s ↔ %s", endMD(p.a), endMD(p.b))
			if p.note != "" {
				fmt.Fprintf(&b, "\\\n  %s", lineStart(mdBlock(p.note, "  ")))
			}
			b.WriteString("\n")
		}
	}
	if list := checkedClaims(vs); len(list) > 0 {
		writeChecksMD(&b, w, list)
	}
	return []byte(b.String()), nil
}

// endMD is one end of a counterpart pair: the readout's title, the
// annotation's number there and its quote (the text around it for a point).
func endMD(e end) string {
	a := e.x.a
	q := "“" + mdBlock(a.Exact, "  ") + "”"
	if a.IsPoint() {
		q = "missing at: “…" + mdBlock(a.Prefix, "  ") + "‸" + mdBlock(a.Suffix, "  ") + "…”"
	}
	return fmt.Sprintf("*%s* **%d.** %s", mdLine(e.v.r.Title), e.x.n, q)
}

func writeReadoutMD(b *strings.Builder, w *workspace.Workspace, v readoutView) {
	r := v.r
	fmt.Fprintf(b, "\n## %s\n\n", mdLine(r.Title))
	var meta []string
	if r.Source != "" {
		meta = append(meta, mdLine(r.Source))
	}
	if r.PublishedAt != "" {
		meta = append(meta, mdLine(r.PublishedAt))
	}
	if r.URL != "" {
		if u, err := url.Parse(r.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && !strings.ContainsAny(r.URL, "<> \n") {
			meta = append(meta, "<"+r.URL+">")
		} else {
			meta = append(meta, mdLine(r.URL))
		}
	}
	if len(meta) > 0 {
		fmt.Fprintf(b, "%s\n\n", strings.Join(meta, " · "))
	}

	// The text with markers, escaped piece by piece.
	var text strings.Builder
	ev := events(v)
	t := r.Positions()
	pos := 0
	flush := func(to int) {
		s, _ := t.Slice(pos, to)
		text.WriteString(mdInline(s))
		pos = to
	}
	for p := 0; p <= t.Len(); p++ {
		x := ev[p]
		if x == nil {
			continue
		}
		flush(p)
		for _, n := range x.closes {
			text.WriteString("⟧" + sup(n))
		}
		for _, n := range x.points {
			text.WriteString("‸" + sup(n))
		}
		text.WriteString(strings.Repeat("⟦", x.opens))
	}
	flush(t.Len())
	b.WriteString(blockquote(text.String()))

	item := func(x numbered, body string) {
		fmt.Fprintf(b, "- **%d.** %s", x.n, body)
		if x.a.Note != "" {
			fmt.Fprintf(b, "\\\n  %s", mdBlock(x.a.Note, "  "))
		}
		if x.a.Author != "" {
			fmt.Fprintf(b, "\\\n  — *%s*", mdLine(x.a.Author))
		}
		b.WriteString("\n")
	}
	for _, sec := range sections {
		list := v.byTag(sec.tag)
		if len(list) == 0 {
			continue
		}
		fmt.Fprintf(b, "\n### %s (%d)\n\n", sec.title, len(list))
		for _, x := range list {
			item(x, "“"+mdBlock(x.a.Exact, "  ")+"”")
		}
	}
	if list := v.byTag(workspace.Omission); len(list) > 0 {
		fmt.Fprintf(b, "\n### Omissions (%d)\n\n", len(list))
		for _, x := range list {
			if x.a.IsPoint() {
				item(x, "missing at: “…"+mdBlock(x.a.Prefix, "  ")+"‸"+mdBlock(x.a.Suffix, "  ")+"…”")
				continue
			}
			body := "“" + mdBlock(x.a.Exact, "  ") + "”"
			if len(x.a.OmittedBy) > 0 {
				titles := make([]string, len(x.a.OmittedBy))
				for i, id := range x.a.OmittedBy {
					titles[i] = mdLine(titleOf(w, id))
				}
				body += "\\\n  omitted by: " + strings.Join(titles, "; ")
			}
			item(x, body)
		}
	}
}

var supDigits = []string{"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"}

func sup(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for _, c := range s {
		b.WriteString(supDigits[c-'0'])
	}
	return b.String()
}

// mdInline escapes every character that CommonMark (or GitHub's dialect)
// could read as markup inside a line, HTML included. Every kind of line
// break becomes LF, which the callers split on: CommonMark also ends a line
// at CR, and other readers at VT, FF, NEL, LS or PS, so a note with any of
// them left raw could open a list or a rule after the escaping
// (issue #10 item 6).
func mdInline(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	prevCR := false
	for _, r := range s {
		wasCR := prevCR
		prevCR = r == '\r'
		switch r {
		case '\n':
			if wasCR {
				continue // the LF of a CRLF: the CR gave the break
			}
		case '\r', '\v', '\f', '\u0085', '\u2028', '\u2029':
			r = '\n'
		}
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '&', '|', '~', '!', '#', '{', '}', '$':
			b.WriteByte('\\')
		}
		if r == utf8.RuneError {
			r = '\uFFFD'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// lineStart makes the start of an escaped line safe: characters that open
// a block (headings, lists, quotes, thematic breaks, setext underlines)
// are escaped, and leading spaces, which would make code, become no-break
// spaces.
func lineStart(l string) string {
	i := 0
	for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
		i++
	}
	lead := strings.Repeat("\u00a0", i)
	rest := l[i:]
	if rest == "" {
		return lead
	}
	switch rest[0] {
	case '-', '+', '=', '>', '#', '*', '_':
		if !strings.HasPrefix(rest, "\\") {
			return lead + "\\" + rest
		}
	}
	// "1." or "1)" opens an ordered list.
	j := 0
	for j < len(rest) && j < 9 && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	if j > 0 && j < len(rest) && (rest[j] == '.' || rest[j] == ')') {
		return lead + rest[:j] + "\\" + rest[j:]
	}
	return lead + rest
}

// mdLine escapes a one-line value (a title, an author); line breaks become
// spaces.
func mdLine(s string) string {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
	return lineStart(mdInline(s))
}

// mdBlock escapes a value that may have several lines, continuing each
// line break as a hard break followed by indent.
func mdBlock(s, indent string) string {
	lines := strings.Split(mdInline(s), "\n")
	for i, l := range lines {
		if i > 0 {
			lines[i] = lineStart(l)
		}
	}
	// A blank line would end the list item: keep it as an empty hard break.
	return strings.Join(lines, "\\\n"+indent)
}

// blockquote quotes escaped text: every line starts with "> ", lines of a
// paragraph end in a hard break, blank lines separate paragraphs.
func blockquote(s string) string {
	lines := strings.Split(s, "\n")
	var b strings.Builder
	for i, l := range lines {
		l = lineStart(l)
		if strings.TrimSpace(strings.ReplaceAll(l, "\u00a0", " ")) == "" {
			b.WriteString(">\n")
			continue
		}
		b.WriteString("> " + l)
		if i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" {
			b.WriteString("\\")
		}
		b.WriteString("\n")
	}
	return b.String()
}
