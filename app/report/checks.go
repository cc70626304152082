package report

import (
	"fmt"
	"html"
	"net/url"
	"strings"

	"framecheck/app/workspace"
)

// Checked claims: when annotations carry checks, a last section lists
// each, in readout and text order: the verdict (symbol and name; "not rated
// yet" without one), the claim as published (the quote when the check has
// no claim of its own), the claimant, where it is (readout and number,
// linked to the annotation in HTML), and the sources, numbered. Only http
// and https URLs become links. Without checks there is no such section.

// checked is one checked annotation with where it is.
type checked struct {
	at    end
	c     *workspace.Check
	claim string
}

func checkedClaims(vs []readoutView) []checked {
	var out []checked
	for _, v := range vs {
		for _, x := range v.anns {
			if c := x.a.Check; c != nil {
				claim := c.Claim
				if claim == "" {
					claim = x.a.Exact
				}
				out = append(out, checked{at: end{v: v, x: x}, c: c, claim: claim})
			}
		}
	}
	return out
}

// verdictLabel is "✗ Mostly false", or "not rated yet".
func verdictLabel(w *workspace.Workspace, c *workspace.Check) string {
	if r, ok := w.Scale().Rating(c.Verdict); ok {
		return r.Symbol + " " + r.Name
	}
	return "not rated yet"
}

func isHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func writeChecksMD(b *strings.Builder, w *workspace.Workspace, list []checked) {
	fmt.Fprintf(b, "\n## Checked claims (%d)\n\n", len(list))
	for _, k := range list {
		fmt.Fprintf(b, "- **%s** — “%s”", mdLine(verdictLabel(w, k.c)), mdBlock(k.claim, "  "))
		if k.c.Claimant != "" {
			fmt.Fprintf(b, " — *%s*", mdLine(k.c.Claimant))
		}
		fmt.Fprintf(b, " (%s, **%d.**)\n", mdLine(k.at.v.r.Title), k.at.x.n)
		for i, e := range k.c.Evidence {
			src := mdLine(e.Title)
			switch {
			case isHTTP(e.URL) && !strings.ContainsAny(e.URL, "<> \n"):
				if src != "" {
					src += " "
				}
				src += "<" + e.URL + ">"
			case e.URL != "":
				if src != "" {
					src += " "
				}
				src += "(" + mdLine(e.URL) + ")"
			}
			fmt.Fprintf(b, "  %d. %s\n", i+1, src)
		}
	}
}

func writeChecksHTML(b *strings.Builder, w *workspace.Workspace, list []checked) {
	e := html.EscapeString
	fmt.Fprintf(b, "<section id=\"checks\">\n<h2>Checked claims (%d)</h2>\n<ol class=\"checks\">\n", len(list))
	for _, k := range list {
		style := ""
		if r, ok := w.Scale().Rating(k.c.Verdict); ok {
			style = fmt.Sprintf(" style=\"border-color:%s\"", e(r.Color))
		}
		fmt.Fprintf(b, "<li><span class=\"verdict\"%s>%s</span> <q dir=\"auto\">%s</q>", style, e(verdictLabel(w, k.c)), e(k.claim))
		if k.c.Claimant != "" {
			fmt.Fprintf(b, " — <span class=\"claimant\" dir=\"auto\">%s</span>", e(k.c.Claimant))
		}
		fmt.Fprintf(b, " <span class=\"meta\">(%s · <a href=\"#%s\">%d</a>)</span>", e(k.at.v.r.Title), anchor(k.at.v, k.at.x.n), k.at.x.n)
		if len(k.c.Evidence) > 0 {
			b.WriteString("\n<ol class=\"sources\">\n")
			for _, ev := range k.c.Evidence {
				title := ev.Title
				if title == "" {
					title = ev.URL
				}
				if isHTTP(ev.URL) {
					fmt.Fprintf(b, "<li><a href=\"%s\" rel=\"noreferrer\">%s</a></li>\n", e(ev.URL), e(title))
				} else if ev.URL != "" && ev.Title != "" {
					fmt.Fprintf(b, "<li>%s (%s)</li>\n", e(ev.Title), e(ev.URL))
				} else {
					fmt.Fprintf(b, "<li>%s</li>\n", e(title))
				}
			}
			b.WriteString("</ol>")
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("</ol>\n</section>\n")
}

// checksCSS styles the checked claims; added only to pages that have some.
const checksCSS = `ol.checks li{margin:.8rem 0}.verdict{font-weight:600;border-left:.35rem solid #57606a;padding-left:.4rem}ol.sources{margin:.3rem 0 0 1.5rem}
`
