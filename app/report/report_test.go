package report

import (
	"flag"
	"strings"
	"testing"

	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	fixture.Golden(t, "testdata/"+name, got, *update)
}

func TestHTMLGolden(t *testing.T) {
	got, err := HTML(fixture.Workspace(t), fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "fixture.html", got)
}

func TestMarkdownGolden(t *testing.T) {
	got, err := Markdown(fixture.Workspace(t), fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "fixture.md", got)
}

// Everything quoted is escaped: the fixture.Hostile tag is in the workspace title,
// a readout title, a text, a quote and a note, and never comes out as
// markup. No scripts, no external resources.
func TestHTMLEscapesAndIsSelfContained(t *testing.T) {
	got, _ := HTML(fixture.Workspace(t), fixture.T0)
	s := string(got)
	if strings.Contains(s, "<img") || strings.Contains(s, "<b>") || strings.Contains(s, "<p>Readout") {
		t.Error("unescaped markup from the data")
	}
	if n := strings.Count(s, "&lt;img src=x onerror=alert(1)&gt;"); n < 5 {
		t.Errorf("fixture.Hostile text escaped %d times, want it in title, heading, readout title, text, quote, note", n)
	}
	for _, bad := range []string{"<script", "href=\"javascript:", "src=\"http", "href=\"http://evil", "<link", "@import", "url("} {
		if strings.Contains(strings.ToLower(s), bad) {
			t.Errorf("report contains %q", bad)
		}
	}
	if !strings.Contains(s, `<a href="https://example.org/kremlin?a=1&amp;b=&lt;2&gt;" rel="noreferrer">`) {
		t.Error("http URL should be a link, escaped")
	}
	if !strings.Contains(s, "default-src 'none'") {
		t.Error("no CSP")
	}
	// Overlaps combine classes: the flags are framing; "Телефонный" is framing and fact.
	if !strings.Contains(s, `<mark class="fact framing" title="1 Framing, 2 Fact">Телефонный</mark>`) {
		t.Error("overlap of fact and framing should be one mark with both classes")
	}
	if !strings.Contains(s, `<mark class="framing" title="1 Framing">🇷🇺🇺🇸 </mark>`) {
		t.Error("flags must stay whole in a mark")
	}
	if !strings.Contains(s, `‸<sup>`) || !strings.Contains(s, "Omitted by: White House &lt;img") {
		t.Error("omission point or omittedBy missing")
	}
}

// The readout's text, with the markers and escapes removed, is the text.
func TestHTMLTextIsExact(t *testing.T) {
	w := fixture.Workspace(t)
	got, _ := HTML(w, fixture.T0)
	s := string(got)
	for _, r := range w.Readouts {
		i := strings.Index(s, "<div class=\"text\" dir=\"auto\"")
		s = s[i:]
		j := strings.Index(s, "</div>")
		body := s[strings.Index(s, ">")+1 : j]
		s = s[j:]
		// Drop the inserted references and marks, then unescape.
		for _, cut := range []string{"<sup class=\"ref\">", "<a class=\"point\""} {
			for {
				k := strings.Index(body, cut)
				if k < 0 {
					break
				}
				end := strings.Index(body[k:], "</sup></a>")
				if cut == "<sup class=\"ref\">" {
					end = strings.Index(body[k:], "</a></sup>")
				}
				body = body[:k] + body[k+end+len("</a></sup>"):]
			}
		}
		for _, tag := range []string{"</mark>"} {
			body = strings.ReplaceAll(body, tag, "")
		}
		for {
			k := strings.Index(body, "<mark ")
			if k < 0 {
				break
			}
			body = body[:k] + body[k+strings.Index(body[k:], ">")+1:]
		}
		if un := unescape(body); un != r.Text {
			t.Errorf("%s: text in the page is\n%q\nwant\n%q", r.Title, un, r.Text)
		}
	}
}

func unescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", "\"", "&#39;", "'", "&amp;", "&").Replace(s)
}

func TestMarkdownEscapes(t *testing.T) {
	got, _ := Markdown(fixture.Workspace(t), fixture.T0)
	s := string(got)
	for _, want := range []string{
		`\<img src=x onerror=alert(1)\>`,         // never raw HTML
		`\<p\>Readout \&amp; notes\</p\>`,        // entities not decoded
		"> \u00a0\u00a0\u00a0\u00a0\\- indented", // no code block, no list
		"\\# not a heading",
		"⟦🇷🇺🇺🇸 ⟦Телефонный⟧¹ разговор⟧²",
		"‸³",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Contains(strings.ReplaceAll(s, `\<img`, ""), "<img") {
		t.Error("raw <img in markdown")
	}
}

// Each linked pair is listed once, the earlier end first, with both
// readouts' titles, quotes and numbers, and the note when there is one;
// everything quoted is escaped.
func TestCounterparts(t *testing.T) {
	w := fixture.Workspace(t)
	h, err := HTML(w, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	s := string(h)
	sec := s[strings.Index(s, `<section id="counterparts">`):]
	if n := strings.Count(sec, `<div class="pair">`); n != len(fixture.LinkedPairs) {
		t.Errorf("%d pairs, want each of %d once", n, len(fixture.LinkedPairs))
	}
	for _, want := range []string{
		`<p class="meta" dir="auto">Kremlin readout · <a href="#r1-2">2</a></p><q dir="auto" lang="ru">Телефонный разговор</q>`,
		`<q dir="auto" lang="ar">المُحادَثة كانت «بنّاءة»</q>`,
		`White House &lt;img src=x onerror=alert(1)&gt; · <a href="#r3-1">1</a></p><q dir="auto">&lt;p&gt;Readout &amp;amp; notes&lt;/p&gt; &lt;img src=x onerror=alert(1)&gt;</q>`,
		`<p class="note">Both name the call; only one calls it &lt;em&gt;constructive&lt;/em&gt; &amp; «friendly».</p>`,
	} {
		if !strings.Contains(sec, want) {
			t.Errorf("counterparts lack %s", want)
		}
	}
	if strings.Contains(sec, "<em>") || strings.Contains(sec, "<img") || strings.Count(sec, `<p class="note">`) != 2 {
		t.Error("unescaped note, or a note for the link without one")
	}
	// Every number links to an annotation of the page.
	for _, id := range []string{"r1-2", "r2-1", "r1-3", "r3-1", "r3-2"} {
		if !strings.Contains(sec, `href="#`+id+`"`) || !strings.Contains(s, `<li id="`+id+`">`) {
			t.Errorf("link to %s", id)
		}
	}
	m, err := Markdown(w, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	md := string(m)
	md = md[strings.Index(md, "\n## Counterparts (3)\n"):]
	if n := strings.Count(md, "\n- "); n != len(fixture.LinkedPairs) {
		t.Errorf("%d pairs in Markdown", n)
	}
	for _, want := range []string{
		"- *Kremlin readout* **3.** “«партнёрами»” ↔ *White House \\<img src=x onerror=alert(1)\\>* **1.** “\\<p\\>Readout \\&amp; notes\\</p\\> \\<img src=x onerror=alert(1)\\>”\n",
		"\\<em\\>constructive\\</em\\> \\& «friendly».\n",
		"\\\n  \\=1+1\\\n  second line\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown counterparts lack %q", want)
		}
	}
}

// Without links, no section and the page's style sheet is as before.
func TestNoCounterpartsWithoutLinks(t *testing.T) {
	w := fixture.Workspace(t)
	for _, a := range w.Annotations {
		a.Links = nil
	}
	h, _ := HTML(w, fixture.T0)
	m, _ := Markdown(w, fixture.T0)
	if strings.Contains(string(h), "Counterparts") || strings.Contains(string(h), ".pair{") || strings.Contains(string(m), "Counterparts") {
		t.Error("counterparts section without links")
	}
}

// An omission point can be a counterpart: it is shown by the text around
// it, as in the omissions.
func TestCounterpartPoint(t *testing.T) {
	w := fixture.Workspace(t)
	if _, err := w.Do(workspace.LinkAnnotations{A: fixture.AnnID(3), B: fixture.AnnID(11)}, fixture.T0); err != nil {
		t.Fatal(err)
	}
	h, _ := HTML(w, fixture.T0)
	if !strings.Contains(string(h), `<span class="ctx" dir="auto" lang="ru">Missing at: …`) {
		t.Error("point counterpart in HTML")
	}
	m, _ := Markdown(w, fixture.T0)
	if !strings.Contains(string(m), "- *Kremlin readout* **6.** missing at: “…") {
		t.Error("point counterpart in Markdown")
	}
}
