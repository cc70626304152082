package claimreview

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func build(t *testing.T) Result {
	t.Helper()
	return Build(fixture.Checked(t))
}

func TestGolden(t *testing.T) {
	res := build(t)
	js, err := res.JSON()
	if err != nil {
		t.Fatal(err)
	}
	fixture.Golden(t, filepath.Join("testdata", "checked.claimreview.jsonld"), js, *update)
	h, err := res.HTML()
	if err != nil {
		t.Fatal(err)
	}
	fixture.Golden(t, filepath.Join("testdata", "checked.claimreview.html"), h, *update)
}

func TestWhatIsWrittenAndWhatIsMissing(t *testing.T) {
	res := build(t)
	if len(res.Reviews) != 2 {
		t.Fatalf("%d reviews, want 2 (annotations 1 and 4)", len(res.Reviews))
	}
	// Canonical order: annotation 4 starts the Kremlin readout.
	r := res.Reviews[1]
	if r.URL != "https://desk.example/checks/call-5-july#claim-"+fixture.AnnID(1) {
		t.Errorf("url %s", r.URL)
	}
	if r.ClaimReviewed != fixture.HostileClaim || r.ReviewRating.AlternateName != "Mostly false" ||
		*r.ReviewRating.RatingValue != 2 || *r.ReviewRating.BestRating != 6 || *r.ReviewRating.WorstRating != 1 {
		t.Errorf("rating %+v", r.ReviewRating)
	}
	if r.ItemReviewed.Author != (Party{Type: "Organization", Name: "Kremlin press service"}) ||
		r.ItemReviewed.DatePublished != "2026-07-05" || r.ItemReviewed.Appearance.URL != "https://example.org/kremlin?a=1&b=<2>" ||
		r.ItemReviewed.Appearance.Headline != "Kremlin readout" || r.DatePublished != "2026-07-05" {
		t.Errorf("item %+v", r.ItemReviewed)
	}
	u := res.Reviews[0]
	if u.ReviewRating.RatingValue != nil || u.ReviewRating.BestRating != nil || u.ReviewRating.WorstRating != nil ||
		u.ReviewRating.AlternateName != "Unverifiable" {
		t.Errorf("unverifiable rating has numbers: %+v", u.ReviewRating)
	}
	if u.ItemReviewed.Author.Type != "Person" || u.ClaimReviewed != "🇷🇺🇺🇸 Телефонный" {
		t.Errorf("claim from the quote, Person claimant: %+v", u)
	}
	if len(res.Missing) != 2 {
		t.Fatalf("missing %v", res.Missing)
	}
	want := []string{
		`بيان الرئاسة: "café" lacks the readout's URL (http or https), the readout's date (YYYY-MM-DD)`,
		`White House <img src=x onerror=alert(1)>: "A formula" lacks a verdict, the readout's URL (http or https), the readout's date (YYYY-MM-DD)`,
	}
	for i, m := range res.Missing {
		if m.String() != want[i] {
			t.Errorf("missing[%d] = %s\nwant %s", i, m, want[i])
		}
	}
	// Without a publisher nothing is written, and every check says why.
	w := fixture.Checked(t)
	w.Publisher = workspace.Publisher{}
	res = Build(w)
	if len(res.Reviews) != 0 || len(res.Missing) != 4 || !strings.Contains(res.Missing[0].String(), "the publisher's name, the publisher's URL") {
		t.Errorf("without publisher: %d reviews, %v", len(res.Reviews), res.Missing)
	}
	js, _ := res.JSON()
	if string(js) != "[]\n" {
		t.Errorf("empty export %q", js)
	}
}

// decoded returns the reviews as generic JSON, as a reader sees them.
func decoded(t *testing.T) []map[string]any {
	t.Helper()
	js, err := build(t).JSON()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	if err := json.Unmarshal(js, &out); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("no reviews")
	}
	return out
}

// TestGoogleRequiredProperties checks every review for the properties
// Google's ClaimReview guide marks required (claimReviewed: Text,
// reviewRating: Rating, url: URL on the article's domain) and those this
// export promises (author, datePublished, itemReviewed Claim with author,
// datePublished and appearance), with the types schema.org gives them.
func TestGoogleRequiredProperties(t *testing.T) {
	str := func(m map[string]any, k string) string {
		s, ok := m[k].(string)
		if !ok || strings.TrimSpace(s) == "" {
			t.Errorf("%s: not a non-empty string: %#v", k, m[k])
		}
		return s
	}
	obj := func(m map[string]any, k string, types ...string) map[string]any {
		o, ok := m[k].(map[string]any)
		if !ok {
			t.Errorf("%s: not an object: %#v", k, m[k])
			return map[string]any{}
		}
		if !slices.Contains(types, o["@type"].(string)) {
			t.Errorf("%s: @type %v, want one of %v", k, o["@type"], types)
		}
		return o
	}
	isURL := func(k, s string) *url.URL {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			t.Errorf("%s: %q is not an absolute http(s) URL", k, s)
			return &url.URL{}
		}
		return u
	}
	isDate := func(k, s string) {
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			t.Errorf("%s: %q is not an ISO 8601 date", k, s)
		}
	}
	for _, r := range decoded(t) {
		if r["@context"] != "https://schema.org" || r["@type"] != "ClaimReview" {
			t.Errorf("context/type %v %v", r["@context"], r["@type"])
		}
		str(r, "claimReviewed")
		u := isURL("url", str(r, "url"))
		if u.Host != "desk.example" || !strings.HasPrefix(u.Fragment, FragmentPrefix) {
			t.Errorf("url %s is not the article plus a per-claim anchor", u)
		}
		rating := obj(r, "reviewRating", "Rating")
		str(rating, "alternateName")
		if v, ok := rating["ratingValue"]; ok {
			best, worst := rating["bestRating"].(float64), rating["worstRating"].(float64)
			if f := v.(float64); f < worst || f > best {
				t.Errorf("ratingValue %v outside %v-%v", f, worst, best)
			}
		} else if _, ok := rating["bestRating"]; ok {
			t.Error("bestRating without ratingValue")
		}
		author := obj(r, "author", "Organization")
		str(author, "name")
		isURL("author.url", str(author, "url"))
		isDate("datePublished", str(r, "datePublished"))
		claim := obj(r, "itemReviewed", "Claim")
		str(obj(claim, "author", "Organization", "Person"), "name")
		isDate("itemReviewed.datePublished", str(claim, "datePublished"))
		app := obj(claim, "appearance", "CreativeWork")
		isURL("appearance.url", str(app, "url"))
		str(app, "headline")
	}
}

// vocab is the subset of the schema.org vocabulary in testdata: the
// domains and ranges of properties and the superclasses of types.
type vocab struct {
	domain, rng map[string][]string
	super       map[string][]string
}

func loadVocab(t *testing.T) vocab {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "schemaorg-subset.nt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v := vocab{map[string][]string{}, map[string][]string{}, map[string][]string{}}
	line := regexp.MustCompile(`^<([^>]+)> <([^>]+)> <([^>]+)> \.$`)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			t.Fatalf("not an N-Triples line: %s", sc.Text())
		}
		switch m[2] {
		case "http://schema.org/domainIncludes":
			v.domain[m[1]] = append(v.domain[m[1]], m[3])
		case "http://schema.org/rangeIncludes":
			v.rng[m[1]] = append(v.rng[m[1]], m[3])
		case "http://www.w3.org/2000/01/rdf-schema#subClassOf":
			v.super[m[1]] = append(v.super[m[1]], m[3])
		}
	}
	return v
}

// isA reports whether type t is want or a subclass of it.
func (v vocab) isA(t, want string) bool {
	if t == want {
		return true
	}
	for _, s := range v.super[t] {
		if v.isA(s, want) {
			return true
		}
	}
	return false
}

// TestJSONLDExpansion expands every review with the local copy of the
// schema.org context, the way a JSON-LD processor does for the subset of
// JSON-LD the encoder writes (plain terms, nested node objects, @type,
// string and number values; no @id, @list or @language): each term must be
// defined in the context itself (@vocab would turn a misspelt term into a
// made-up IRI rather than drop it), and must expand to a schema.org
// property whose domain, per the vocabulary, includes the node's type and
// whose range includes the value's type. A term the context did not define
// would be dropped or mangled by a consumer; this fails on it.
func TestJSONLDExpansion(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "schemaorgcontext.jsonld"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Context map[string]any `json:"@context"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	ctx := doc.Context
	if ctx["@vocab"] != "http://schema.org/" || ctx["schema"] != "http://schema.org/" {
		t.Fatalf("unexpected context header: @vocab %v schema %v", ctx["@vocab"], ctx["schema"])
	}
	v := loadVocab(t)
	// expandIRI turns a term's "schema:x" @id into http://schema.org/x.
	term := func(name string) (iri, typ string, ok bool) {
		def, ok := ctx[name].(map[string]any)
		if !ok {
			return "", "", false
		}
		id, _ := def["@id"].(string)
		local, ok := strings.CutPrefix(id, "schema:")
		if !ok {
			return "", "", false
		}
		typ, _ = def["@type"].(string)
		return "http://schema.org/" + local, typ, true
	}
	expanded := 0
	var node func(path string, m map[string]any)
	node = func(path string, m map[string]any) {
		tname, _ := m["@type"].(string)
		typeIRI, _, ok := term(tname)
		if !ok {
			t.Errorf("%s: @type %q is not a type of the schema.org context", path, tname)
			return
		}
		for k, val := range m {
			if k == "@type" || k == "@context" {
				continue
			}
			p := path + "." + k
			iri, coerce, ok := term(k)
			if !ok {
				t.Errorf("%s: term %q is not defined by the schema.org context (it would be dropped or mangled)", p, k)
				continue
			}
			expanded++
			if !slices.ContainsFunc(v.domain[iri], func(d string) bool { return v.isA(typeIRI, d) }) {
				t.Errorf("%s: %s is not a property of %s (domainIncludes %v)", p, iri, typeIRI, v.domain[iri])
			}
			inRange := func(want string) bool {
				return slices.ContainsFunc(v.rng[iri], func(r string) bool { return v.isA(want, r) })
			}
			switch x := val.(type) {
			case map[string]any:
				child, _, _ := term(x["@type"].(string))
				if !inRange(child) {
					t.Errorf("%s: a %s is not in the range %v", p, child, v.rng[iri])
				}
				node(p, x)
			case string:
				switch {
				case coerce == "@id": // url: an IRI
					if u, err := url.Parse(x); err != nil || !u.IsAbs() || !inRange("http://schema.org/URL") {
						t.Errorf("%s: %q is not an absolute IRI, or URL not in range", p, x)
					}
				case coerce == "Date":
					if _, err := time.Parse(time.DateOnly, x); err != nil || !inRange("http://schema.org/Date") {
						t.Errorf("%s: %q is not a Date", p, x)
					}
				case coerce != "":
					t.Errorf("%s: the context coerces to %s, which this test does not know", p, coerce)
				default:
					if !inRange("http://schema.org/Text") {
						t.Errorf("%s: text is not in the range %v", p, v.rng[iri])
					}
				}
			case float64:
				if !inRange("http://schema.org/Number") {
					t.Errorf("%s: a number is not in the range %v", p, v.rng[iri])
				}
			default:
				t.Errorf("%s: %T values are not written by the encoder", p, val)
			}
		}
	}
	for i, r := range decoded(t) {
		node("["+string(rune('0'+i))+"]", r)
	}
	if expanded < 30 {
		t.Errorf("only %d properties expanded", expanded)
	}
}

// TestExpansionCatchesUnknownTerm makes sure the expansion check is not
// vacuous: a misspelt property fails it.
func TestExpansionCatchesUnknownTerm(t *testing.T) {
	data, _ := os.ReadFile(filepath.Join("testdata", "schemaorgcontext.jsonld"))
	for _, bad := range []string{`"claimReviwed": {`, `"ratingValeu": {`} {
		if bytes.Contains(data, []byte(bad)) {
			t.Errorf("the context defines %s", bad)
		}
	}
	if !bytes.Contains(data, []byte(`"claimReviewed": {`)) {
		t.Error("the context does not define claimReviewed")
	}
}

// TestHTMLSnippetKeepsHostileTextAsText checks that the snippet has exactly
// one script element per review, that nothing in a claim or name closes it
// or opens a comment, and that each script's JSON decodes back to the
// claim with its markup intact.
func TestHTMLSnippetKeepsHostileTextAsText(t *testing.T) {
	res := build(t)
	h, err := res.HTML()
	if err != nil {
		t.Fatal(err)
	}
	s := string(h)
	lower := strings.ToLower(s)
	if n := strings.Count(lower, "<script"); n != len(res.Reviews) {
		t.Fatalf("%d <script openings for %d reviews:\n%s", n, len(res.Reviews), s)
	}
	if n := strings.Count(lower, "</script"); n != len(res.Reviews) {
		t.Fatalf("%d </script closings for %d reviews", n, len(res.Reviews))
	}
	if strings.Contains(s, "\u2028") || strings.Contains(s, "alert(1)</") || strings.Contains(s, "<img") {
		t.Error("hostile text written as markup")
	}
	// Comments: every <!-- ends at the next -->, with no -- in between.
	for rest := s; ; {
		i := strings.Index(rest, "<!--")
		if i < 0 {
			break
		}
		j := strings.Index(rest[i+4:], "-->")
		if j < 0 || strings.Contains(rest[i+4:i+4+j], "--") {
			t.Fatalf("bad comment in %q", rest[i:])
		}
		rest = rest[i+4+j+3:]
	}
	open := `<script type="application/ld+json">`
	for i, part := range strings.Split(s, open)[1:] {
		body, _, ok := strings.Cut(part, "</script>")
		if !ok {
			t.Fatal("unclosed script")
		}
		var r map[string]any
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Fatalf("script %d is not JSON: %v", i, err)
		}
		if r["claimReviewed"] != res.Reviews[i].ClaimReviewed {
			t.Errorf("script %d: claim %q, want %q", i, r["claimReviewed"], res.Reviews[i].ClaimReviewed)
		}
	}
	if res.Reviews[1].ClaimReviewed != fixture.HostileClaim {
		t.Fatal("the fixture's first claim is not the hostile one")
	}
}
