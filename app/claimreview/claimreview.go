// Package claimreview writes a workspace's checked claims as schema.org
// ClaimReview JSON-LD, the markup fact-check readers (Google's Fact Check
// Explorer, search engines, the Duke Reporters' Lab database) read, and as
// an HTML snippet of <script type="application/ld+json"> blocks to paste
// into a CMS. It is browser-free.
//
// What is written, and where the rules come from (looked up, not recalled):
//
//   - Google's "Fact check (ClaimReview) structured data" guide
//     (https://developers.google.com/search/docs/appearance/structured-data/factcheck)
//     marks claimReviewed (Text), reviewRating (Rating) and url (URL) as the
//     required properties of ClaimReview, and author, datePublished and
//     itemReviewed as recommended. The url must be on the domain of the page
//     that carries the markup; Google's Fact Check Tools API says the only
//     permitted override of the page URL is "the page URL plus an optional
//     anchor link", hence the article URL plus a per-claim fragment here.
//     The guide also notes that Google is phasing out ClaimReview in Search
//     while the Fact Check Explorer keeps reading it.
//   - Google's Fact Check Tools API (ClaimRating) maps the textual rating to
//     reviewRating.alternateName and the numeric one to ratingValue "in the
//     range worstRating — bestRating inclusive"; the guide asks for a
//     documented number-to-text scheme for numeric ratings. A rating outside
//     the numeric order (Unverifiable) has alternateName only.
//   - schema.org (https://schema.org/ClaimReview, /Claim, /Rating):
//     claimReviewed is Text; itemReviewed a Thing, here a Claim whose author
//     is an Organization or Person, whose datePublished is the readout's
//     date and whose appearance (Claim.appearance, a CreativeWork; the API's
//     ClaimReview.itemReviewed[@type=Claim].appearance.url) is the readout.
//
// A check that lacks something this needs (a verdict, the publisher, the
// article URL, the readout's URL or date, the claimant) is not written: it
// is listed in Result.Missing with what it lacks.
package claimreview

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"framecheck/app/workspace"
)

// ClaimReview is one review, in the order its properties are written.
type ClaimReview struct {
	Context       string `json:"@context"`
	Type          string `json:"@type"`
	URL           string `json:"url"`
	ClaimReviewed string `json:"claimReviewed"`
	DatePublished string `json:"datePublished"`
	Author        Party  `json:"author"`
	ReviewRating  Rating `json:"reviewRating"`
	ItemReviewed  Claim  `json:"itemReviewed"`
	annotation    string // the annotation it reviews
	readout       *workspace.Readout
}

// Party is an Organization or a Person.
type Party struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// Rating is a reviewRating. The numeric members are absent for a rating
// outside the numeric order.
type Rating struct {
	Type          string `json:"@type"`
	RatingValue   *int   `json:"ratingValue,omitempty"`
	BestRating    *int   `json:"bestRating,omitempty"`
	WorstRating   *int   `json:"worstRating,omitempty"`
	AlternateName string `json:"alternateName"`
}

// Claim is the itemReviewed.
type Claim struct {
	Type          string       `json:"@type"`
	Author        Party        `json:"author"`
	DatePublished string       `json:"datePublished"`
	Appearance    CreativeWork `json:"appearance"`
}

// CreativeWork is where the claim appeared: the readout.
type CreativeWork struct {
	Type     string `json:"@type"`
	URL      string `json:"url"`
	Headline string `json:"headline"`
}

// Missing is a checked claim the export left out, with what it lacks.
type Missing struct {
	AnnotationID string
	Readout      string // the readout's title
	Claim        string // the claim (or quote), for the message
	Lacks        []string
}

func (m Missing) String() string {
	return fmt.Sprintf("%s: %q lacks %s", m.Readout, clip(m.Claim), strings.Join(m.Lacks, ", "))
}

// Result is an export: the reviews written and the checks left out.
type Result struct {
	Reviews []ClaimReview
	Missing []Missing
}

// FragmentPrefix starts the per-claim fragment of a review's url:
// "#claim-<annotation id>", stable for as long as the annotation exists.
const FragmentPrefix = "claim-"

// Build makes one ClaimReview per checked annotation of w, in canonical
// annotation order. An annotation with a check but no verdict is listed as
// missing one, as is everything else a review needs.
func Build(w *workspace.Workspace) Result {
	var res Result
	scale := w.Scale()
	pub := w.Publisher
	var pubLacks []string
	if pub.Name == "" {
		pubLacks = append(pubLacks, "the publisher's name")
	}
	if !httpURL(pub.URL) {
		pubLacks = append(pubLacks, "the publisher's URL (http or https)")
	}
	if !httpURL(pub.ArticleURL) {
		pubLacks = append(pubLacks, "the fact-check article's URL (http or https)")
	}
	for _, a := range w.Annotations {
		c := a.Check
		if c == nil {
			continue
		}
		r := w.Readout(a.ReadoutID)
		claim := c.Claim
		if claim == "" {
			claim = strings.TrimSpace(a.Exact)
		}
		lacks := append([]string(nil), pubLacks...)
		if claim == "" {
			lacks = append(lacks, "the claim")
		}
		rating, ok := scale.Rating(c.Verdict)
		if !ok {
			lacks = append(lacks, "a verdict")
		}
		if c.Claimant == "" {
			lacks = append(lacks, "the claimant")
		}
		if !httpURL(r.URL) {
			lacks = append(lacks, "the readout's URL (http or https)")
		}
		date, dok := isoDate(r.PublishedAt)
		if !dok {
			lacks = append(lacks, "the readout's date (YYYY-MM-DD)")
		}
		if len(lacks) > 0 {
			res.Missing = append(res.Missing, Missing{AnnotationID: a.ID, Readout: r.Title, Claim: claim, Lacks: lacks})
			continue
		}
		rr := Rating{Type: "Rating", AlternateName: rating.Name}
		if v, best, ok := scale.Value(rating.ID); ok {
			worst := 1
			rr.RatingValue, rr.BestRating, rr.WorstRating = &v, &best, &worst
		}
		claimant := Party{Type: "Organization", Name: c.Claimant}
		if c.ClaimantType == "Person" {
			claimant.Type = "Person"
		}
		res.Reviews = append(res.Reviews, ClaimReview{
			Context: "https://schema.org", Type: "ClaimReview",
			URL:           withFragment(pub.ArticleURL, FragmentPrefix+a.ID),
			ClaimReviewed: claim,
			DatePublished: c.CheckedAt.UTC().Format(time.DateOnly),
			Author:        Party{Type: "Organization", Name: pub.Name, URL: pub.URL},
			ReviewRating:  rr,
			ItemReviewed: Claim{Type: "Claim", Author: claimant, DatePublished: date,
				Appearance: CreativeWork{Type: "CreativeWork", URL: r.URL, Headline: r.Title}},
			annotation: a.ID, readout: r,
		})
	}
	return res
}

// JSON writes the reviews as one JSON-LD array (each review carries its
// own @context), indented, with a trailing newline. <, > and & are escaped
// as \u003c etc. here too, so the same bytes are safe inside a script
// element; JSON readers undo the escapes.
func (res Result) JSON() ([]byte, error) {
	reviews := res.Reviews
	if reviews == nil {
		reviews = []ClaimReview{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(reviews); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// HTML writes the snippet to paste into a CMS: for each review a comment
// naming the claim and a <script type="application/ld+json"> element. The
// JSON is encoding/json's, which writes <, > and & as \u003c, \u003e and
// \u0026 (and U+2028/U+2029 escaped), so no text in a claim, title or name
// can close the script element or open a comment ("</script>", "<!--").
// The comment text is HTML-escaped and "--" is broken up.
func (res Result) HTML() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("<!-- ClaimReview markup written by framecheck: paste into the <head> or <body> of the fact-check article. -->\n")
	for _, r := range res.Reviews {
		js, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return nil, err
		}
		if bytes.ContainsAny(js, "<>&") {
			return nil, fmt.Errorf("claimreview: unescaped markup in JSON") // encoding/json escapes them; a guard, not a path
		}
		fmt.Fprintf(&b, "<!-- %s: %s -->\n", commentText(r.ReviewRating.AlternateName), commentText(clip(r.ClaimReviewed)))
		fmt.Fprintf(&b, "<script type=\"application/ld+json\">\n%s\n</script>\n", js)
	}
	return b.Bytes(), nil
}

// commentText makes s safe inside an HTML comment: escaped, on one line,
// without "--".
func commentText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == '\u2028' || r == '\u2029' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	s = html.EscapeString(s)
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "- -")
	}
	return s
}

// httpURL reports whether s is an absolute http(s) URL with a host.
func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.ContainsAny(s, " \t\n")
}

// withFragment replaces u's fragment with frag.
func withFragment(u, frag string) string {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	return u + "#" + frag
}

// isoDate takes a readout's published date as the user gave it: a
// YYYY-MM-DD date or an RFC 3339 time (kept as given, as schema.org's Date
// or DateTime).
func isoDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return s, true
	}
	if _, err := time.Parse(time.RFC3339, s); err == nil {
		return s, true
	}
	return "", false
}

func clip(s string) string {
	const max = 80
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max]) + "…"
}
