package report

import (
	"strings"
	"testing"

	"framecheck/app/internal/fixture"
)

func TestChecksGolden(t *testing.T) {
	w := fixture.Checked(t)
	h, err := HTML(w, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "checked.html", h)
	m, err := Markdown(w, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "checked.md", m)
}

// Each checked claim is listed with its rating and numbered sources;
// hostile text stays text, and only http(s) sources are links.
func TestChecksListed(t *testing.T) {
	w := fixture.Checked(t)
	h, _ := HTML(w, fixture.T0)
	s := string(h)
	sec := s[strings.Index(s, `<section id="checks">`):]
	for _, want := range []string{
		`<h2>Checked claims (4)</h2>`,
		`✗ Mostly false</span> <q dir="auto">They were «партнёрами» &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;`,
		`<li><a href="https://example.org/transcript?a=1&amp;b=2" rel="noreferrer">Transcript &lt;img src=x onerror=alert(1)&gt;</a></li>`,
		`<li>Phone call with the desk</li>`,
		`<li>not a link (javascript:alert(1))</li>`,
		`? Unverifiable</span>`, `not rated yet`,
	} {
		if !strings.Contains(sec, want) {
			t.Errorf("HTML checks section lacks %s", want)
		}
	}
	if strings.Contains(sec, `href="javascript`) || strings.Contains(s, "<script") {
		t.Error("a javascript: source became a link, or a script got in")
	}
	m, _ := Markdown(w, fixture.T0)
	md := string(m)
	sec = md[strings.Index(md, "## Checked claims (4)"):]
	for _, want := range []string{
		"  1. Transcript \\<img src=x onerror=alert(1)\\> <https://example.org/transcript?a=1&b=2>\n",
		"  2. Phone call with the desk\n",
		"  3. not a link (javascript:alert(1))\n",
	} {
		if !strings.Contains(sec, want) {
			t.Errorf("Markdown checks section lacks %q:\n%s", want, sec)
		}
	}
	// Without checks, no section (the pages of TestHTMLGolden are unchanged).
	plain, _ := HTML(fixture.Workspace(t), fixture.T0)
	if strings.Contains(string(plain), "Checked claims") {
		t.Error("a workspace without checks has the section")
	}
}
