package csvexport

import (
	"bytes"
	"encoding/csv"
	"flag"
	"strings"
	"testing"

	"framecheck/app/internal/fixture"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestGolden(t *testing.T) {
	got, err := Encode(fixture.Workspace(t), Options{BOM: true})
	if err != nil {
		t.Fatal(err)
	}
	fixture.Golden(t, "testdata/fixture.csv", got, *update)
}

func TestRowsAndQuoting(t *testing.T) {
	w := fixture.Workspace(t)
	data, err := Encode(w, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(data, []byte("\uFEFF")) {
		t.Error("BOM without Options.BOM")
	}
	if !bytes.HasSuffix(data, []byte("\r\n")) || bytes.Count(data, []byte("\r\n")) < len(w.Annotations)+1 {
		t.Error("lines must end in CRLF")
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(w.Annotations)+1 || strings.Join(rows[0], ",") != strings.Join(Header, ",") {
		t.Fatalf("%d rows, header %q", len(rows), rows[0])
	}
	byQuote := map[string][]string{}
	for _, r := range rows[1:] {
		byQuote[r[4]] = r
	}
	// Exact quotes survive, multi-line notes too (as CRLF), omittedBy is titles.
	if r := byQuote["المُحادَثة كانت «بنّاءة»"]; r == nil || r[7] != "White House <img src=x onerror=alert(1)>; Kremlin readout" || r[1] != "omission" {
		t.Errorf("omission row %q", r)
	}
	if r := byQuote["👩🏽‍💻"]; r == nil || r[6] != "framecheck test" || r[8] != "2026-07-05T07:17:00Z" {
		t.Errorf("emoji row %q", r)
	}
	// Formula-looking cells are defused; the quote is otherwise exact.
	r := byQuote[`'=HYPERLINK("http://evil.example","x")`]
	if r == nil || r[5] != "'=1+1" || r[6] != "'@mention" {
		t.Errorf("formula row %q", r)
	}
	// Every row is checked for a quoted point, not only those before the
	// defused note.
	defused := false
	for _, r := range rows[1:] {
		if r[1] == "omission" && r[2] == r[3] && r[4] != "" {
			t.Errorf("point with a quote: %q", r)
		}
		defused = defused || r[5] == "'-starts with a minus"
	}
	if !defused {
		t.Error("note starting with '-' not defused")
	}
}

func TestDefuse(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"a=1": "a=1", " =1": " =1", "«=»": "«=»", "'quoted": "'quoted",
	} {
		if got := Defuse(in); got != want {
			t.Errorf("Defuse(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestChecks: a checked annotation's row carries its verdict, claim,
// claimant and sources, defused like every text cell.
func TestChecks(t *testing.T) {
	got, err := Encode(fixture.Checked(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := string(got)
	for _, want := range []string{
		`,verdict,claim,claimant,sources` + "\r\n",
		`,Mostly false,They were «партнёрами» </script><script>alert(1)</script> <!-- x --> ` + "\u2028" + ` & done,Kremlin press service,Transcript <img src=x onerror=alert(1)> <https://example.org/transcript?a=1&b=2>; Phone call with the desk; not a link <javascript:alert(1)>` + "\r\n",
		`,Unverifiable,,Анна,` + "\r\n",
		`,,A formula,White House,https://example.org/x` + "\r\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("CSV lacks %q:\n%s", want, s)
		}
	}
}
