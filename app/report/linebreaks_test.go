package report

import (
	"regexp"
	"strings"
	"testing"

	"framecheck/app/internal/fixture"
)

// lineBreaks are the characters some reader or renderer takes for a line
// break: CommonMark's CR and CRLF, and Unicode's VT, FF, NEL, LS and PS.
var lineBreaks = []string{"\r", "\r\n", "\n", "\v", "\f", "\u0085", "\u2028", "\u2029"}

// A note (or link note, or readout text) with any kind of line break cannot
// forge Markdown blocks: "ok\r\r- forged entry\r\r---" must not become a
// list item and a thematic break (issue #10 item 6). The values are set
// directly on the model, as an old file or another tool could bring them.
func TestMarkdownAnyLineBreak(t *testing.T) {
	for _, br := range lineBreaks {
		w := fixture.Workspace(t)
		forged := "ok" + br + br + "- forged entry" + br + br + "---" + br + "# forged heading"
		w.Annotations[0].Note = forged
		for _, a := range w.Annotations {
			for i := range a.Links {
				a.Links[i].Note = forged
			}
		}
		w.Readouts[0].Title = forged
		w.Annotations[1].Author = forged
		got, err := Markdown(w, fixture.T0)
		if err != nil {
			t.Fatalf("%q: %v", br, err)
		}
		s := string(got)
		if i := strings.IndexAny(s, "\r\v\f\u0085\u2028\u2029"); i >= 0 {
			t.Errorf("%q: a raw line break %q is left in the report at byte %d", br, s[i:i+1], i)
		}
		bad := regexp.MustCompile(`^[\s>]*(- forged|---|# forged)`)
		for n, l := range strings.Split(s, "\n") {
			if bad.MatchString(l) {
				t.Errorf("%q: line %d forges a block: %q", br, n+1, l)
			}
		}
		if !strings.Contains(s, `\- forged entry`) {
			t.Errorf("%q: the note's text is not in the report, escaped", br)
		}
	}
}
