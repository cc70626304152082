package report

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"framecheck/app/internal/fixture"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := "testdata/" + name
	if *update {
		os.WriteFile(path, got, 0o644)
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("differs from %s:\n%s", path, got)
	}
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
