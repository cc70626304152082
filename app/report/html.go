package report

import (
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"
	"time"

	"framecheck/app/internal/refusal"
	"framecheck/app/textpos"
	"framecheck/app/workspace"
)

// css: .text and .note use unicode-bidi:plaintext so that each paragraph
// takes the direction of its own first strong character (an English
// paragraph in an Arabic readout reads left to right).
const css = `:root{color-scheme:light;--fact:#2563eb;--framing:#ea580c;--omission:#c026d3}
body{font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#111;background:#fff}
h1{font-size:1.6rem;line-height:1.25}h2{margin-top:2.5rem;border-top:1px solid #ddd;padding-top:1rem}
.meta,.by,.ctx{color:#555;font-size:.9rem}
.text{unicode-bidi:plaintext;white-space:pre-wrap;overflow-wrap:anywhere;padding:1rem;border:1px solid #ddd;border-radius:.4rem;line-height:2.1}
mark{background:none;color:inherit;padding:0}
mark.fact{background:rgb(37 99 235/.14);border-bottom:2px solid var(--fact)}
mark.framing{background-color:rgb(234 88 12/.14);text-decoration:underline wavy var(--framing);text-underline-offset:.45em;text-decoration-skip-ink:none}
mark.omission{background-color:rgb(192 38 211/.12);border-top:2px dotted var(--omission)}
mark.fact.framing{background:rgb(150 90 120/.16)}
sup.ref a,a.point{text-decoration:none;font-size:.7em;color:#333}
a.point{color:var(--omission);font-weight:bold}
ol.anns{padding-left:0;list-style:none}ol.anns li{margin:.8rem 0;padding-left:2.2rem;text-indent:-2.2rem}
.n{display:inline-block;min-width:1.8rem;text-indent:0;font-weight:bold}
q{quotes:"“" "”"}.note{unicode-bidi:plaintext;white-space:pre-wrap;margin:.2rem 0;text-indent:0}
.legend span{margin-right:1.2rem}
@media print{h2{break-before:page}}
`

// pairCSS styles the counterparts section; it is added only to pages that
// have one.
const pairCSS = `.pair{display:grid;grid-template-columns:1fr 1fr;gap:.4rem 1.2rem;margin:1rem 0;padding:.8rem 1rem;border:1px solid #ddd;border-radius:.4rem}
.pair .end{overflow-wrap:anywhere}.pair .end .meta{margin:0 0 .3rem}.pair .note{grid-column:1/-1}
@media (max-width:32rem){.pair{grid-template-columns:1fr}}
`

// HTML renders w as one self-contained HTML page. now is printed as the
// time of the report.
func HTML(w *workspace.Workspace, now time.Time) ([]byte, error) {
	if err := refusal.Exportable(w); err != nil {
		return nil, err
	}
	e := html.EscapeString
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
	b.WriteString("<meta name=\"generator\" content=\"framecheck\">\n")
	vs := views(w)
	pairs := counterparts(vs)
	style := css
	if len(pairs) > 0 {
		style += pairCSS
	}
	checks := checkedClaims(vs)
	if len(checks) > 0 {
		style += checksCSS
	}
	fmt.Fprintf(&b, "<title>%s</title>\n<style>\n%s</style>\n</head>\n<body>\n", e(w.Title), style)
	fmt.Fprintf(&b, "<header>\n<h1>%s</h1>\n<p class=\"meta\">Fact-check report, %s. %s, %s.</p>\n",
		e(w.Title), e(stamp(now)), count(len(w.Readouts), "readout", "readouts"), count(len(w.Annotations), "annotation", "annotations"))
	b.WriteString("<p class=\"legend\"><span><mark class=\"fact\">Fact</mark>: checked against other sources</span> " +
		"<span><mark class=\"framing\">Framing</mark>: how it is put</span> " +
		"<span><mark class=\"omission\">Omission</mark>: what one readout leaves out</span> " +
		"<span><a class=\"point\">‸</a>: something is missing here</span> " +
		"<span>Numbers link a passage to its note.</span></p>\n</header>\n<main>\n")
	for _, v := range vs {
		writeReadoutHTML(&b, w, v)
	}
	if len(pairs) > 0 {
		fmt.Fprintf(&b, "<section id=\"counterparts\">\n<h2>Counterparts (%d)</h2>\n", len(pairs))
		b.WriteString("<p class=\"meta\">Passages of different readouts that tell the same claim, each pair once.</p>\n")
		for _, p := range pairs {
			b.WriteString("<div class=\"pair\">\n")
			writeEndHTML(&b, p.a)
			writeEndHTML(&b, p.b)
			if p.note != "" {
				fmt.Fprintf(&b, "<p class=\"note\">%s</p>\n", e(p.note))
			}
			b.WriteString("</div>\n")
		}
		b.WriteString("</section>\n")
	}
	if len(checks) > 0 {
		writeChecksHTML(&b, w, checks)
	}
	// One main landmark holds the content, for screen readers (axe-core
	// checks it in the e2e tests).
	b.WriteString("</main>\n</body>\n</html>\n")
	return []byte(b.String()), nil
}

// writeEndHTML writes one end of a counterpart pair: the readout's title
// and the annotation's number there, linked to the annotation, and its
// quote (the text around it for a point), in the readout's language.
func writeEndHTML(b *strings.Builder, x end) {
	e := html.EscapeString
	a := x.x.a
	lang := ""
	if x.v.r.Language != "" {
		lang = " lang=\"" + e(x.v.r.Language) + "\""
	}
	q := fmt.Sprintf("<q dir=\"auto\"%s>%s</q>", lang, e(a.Exact))
	if a.IsPoint() {
		q = fmt.Sprintf("<span class=\"ctx\" dir=\"auto\"%s>Missing at: …%s<a class=\"point\">‸</a>%s…</span>", lang, e(a.Prefix), e(a.Suffix))
	}
	fmt.Fprintf(b, "<div class=\"end\"><p class=\"meta\" dir=\"auto\">%s · <a href=\"#%s\">%d</a></p>%s</div>\n",
		e(x.v.r.Title), anchor(x.v, x.x.n), x.x.n, q)
}

func anchor(v readoutView, n int) string { return fmt.Sprintf("r%d-%d", v.index+1, n) }

func writeReadoutHTML(b *strings.Builder, w *workspace.Workspace, v readoutView) {
	e := html.EscapeString
	r := v.r
	fmt.Fprintf(b, "<article id=\"r%d\">\n<h2>%s</h2>\n", v.index+1, e(r.Title))
	var meta []string
	if r.Source != "" {
		meta = append(meta, e(r.Source))
	}
	if r.PublishedAt != "" {
		meta = append(meta, e(r.PublishedAt))
	}
	if r.URL != "" {
		if u, err := url.Parse(r.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			meta = append(meta, fmt.Sprintf("<a href=\"%s\" rel=\"noreferrer\">%s</a>", e(r.URL), e(r.URL)))
		} else {
			meta = append(meta, e(r.URL))
		}
	}
	if len(meta) > 0 {
		fmt.Fprintf(b, "<p class=\"meta\">%s</p>\n", strings.Join(meta, " · "))
	}
	lang := ""
	if r.Language != "" {
		lang = " lang=\"" + e(r.Language) + "\""
	}
	fmt.Fprintf(b, "<div class=\"text\" dir=\"auto\"%s>", lang)
	t := r.Positions()
	ev := events(v)
	marks := func(p int) {
		x := ev[p]
		if x == nil {
			return
		}
		for _, n := range x.closes {
			fmt.Fprintf(b, "<sup class=\"ref\"><a href=\"#%s\">%d</a></sup>", anchor(v, n), n)
		}
		for _, n := range x.points {
			fmt.Fprintf(b, "<a class=\"point\" href=\"#%s\" title=\"Omission %d\">‸<sup>%d</sup></a>", anchor(v, n), n, n)
		}
	}
	for _, seg := range textpos.Segments(t.Len(), spans(v)) {
		marks(seg.Start)
		s, _ := t.Slice(seg.Start, seg.End)
		if len(seg.Keys) == 0 {
			b.WriteString(e(s))
			continue
		}
		has := map[workspace.Tag]bool{}
		var nums []string
		for _, k := range seg.Keys {
			i, _ := strconv.Atoi(k)
			x := v.anns[i]
			has[x.a.Tag] = true
			nums = append(nums, fmt.Sprintf("%d %s", x.n, x.a.Tag.Label()))
		}
		var classes []string
		for _, tag := range workspace.Tags {
			if has[tag] {
				classes = append(classes, string(tag))
			}
		}
		fmt.Fprintf(b, "<mark class=\"%s\" title=\"%s\">%s</mark>", strings.Join(classes, " "), e(strings.Join(nums, ", ")), e(s))
	}
	marks(t.Len())
	b.WriteString("</div>\n")

	item := func(x numbered, body string) {
		fmt.Fprintf(b, "<li id=\"%s\"><span class=\"n\">%d</span> %s", anchor(v, x.n), x.n, body)
		if x.a.Note != "" {
			fmt.Fprintf(b, "<p class=\"note\">%s</p>", e(x.a.Note))
		}
		if x.a.Author != "" {
			fmt.Fprintf(b, "<p class=\"by\">— %s</p>", e(x.a.Author))
		}
		b.WriteString("</li>\n")
	}
	for _, sec := range sections {
		list := v.byTag(sec.tag)
		if len(list) == 0 {
			continue
		}
		fmt.Fprintf(b, "<h3>%s (%d)</h3>\n<ol class=\"anns\">\n", sec.title, len(list))
		for _, x := range list {
			item(x, "<q>"+e(x.a.Exact)+"</q>")
		}
		b.WriteString("</ol>\n")
	}
	if list := v.byTag(workspace.Omission); len(list) > 0 {
		fmt.Fprintf(b, "<h3>Omissions (%d)</h3>\n<ol class=\"anns\">\n", len(list))
		for _, x := range list {
			if x.a.IsPoint() {
				item(x, fmt.Sprintf("<span class=\"ctx\">Missing at: …%s<a class=\"point\">‸</a>%s…</span>", e(x.a.Prefix), e(x.a.Suffix)))
				continue
			}
			body := "<q>" + e(x.a.Exact) + "</q>"
			if len(x.a.OmittedBy) > 0 {
				titles := make([]string, len(x.a.OmittedBy))
				for i, id := range x.a.OmittedBy {
					titles[i] = e(titleOf(w, id))
				}
				body += "<p class=\"by\">Omitted by: " + strings.Join(titles, "; ") + "</p>"
			}
			item(x, body)
		}
		b.WriteString("</ol>\n")
	}
	b.WriteString("</article>\n")
}
