package w3c

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

// conform checks a document against the MUST rules of the W3C Web
// Annotation Data Model (Recommendation, 2017) that apply to what Encode
// writes, and returns the violations. It is a native checker, not a JSON-LD
// processor: it does not fetch or expand the context, so it checks keys
// against the terms anno.jsonld defines (plus "@context" and the
// "framecheck:" prefix the document's own context declares). Rules:
//
//   - @context: anno.jsonld is one of the values; a single value is a
//     string. Embedded annotations need none of their own (they inherit the
//     document's, as in the Recommendation's collection examples); one they
//     have must include anno.jsonld.
//   - Collection: an IRI id, type AnnotationCollection, total a
//     non-negative integer equal to the annotations it holds, first (an
//     embedded page) when there are any, label a string. Page: an IRI id,
//     type AnnotationPage, items an array.
//   - Annotation: an IRI id, type Annotation, 1 or more targets,
//     motivations from the W3C list, created/modified xsd:dateTime in UTC
//     ("Z"), creators typed agents with a name.
//   - Bodies: a TextualBody has exactly one string value; purposes are
//     motivations; format is a media type.
//   - Targets: an IRI, or a SpecificResource with a source IRI and
//     selectors; a TextQuoteSelector has exactly one string exact (prefix,
//     suffix strings); a TextPositionSelector has non-negative integer
//     start <= end. Beyond the model: the two agree on the readout's text
//     in code points, when the document carries it.
//   - Links (framecheck's use of the model): an annotation with motivation
//     linking has an array of exactly two targets, two different IRIs, and
//     no selectors; beyond the model, both are ids of non-linking
//     annotations of the collection, and a tagging body names the kind
//     (counterpart).
func conform(data []byte) []string {
	var bad []string
	fail := func(path, format string, args ...any) { bad = append(bad, path+": "+fmt.Sprintf(format, args...)) }
	var doc map[string]any
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return []string{"not a JSON object: " + err.Error()}
	}
	checkKeys(doc, "", fail)

	ctx := doc["@context"]
	switch c := ctx.(type) {
	case string:
		if c != AnnoContext {
			fail("@context", "%q is not %s", c, AnnoContext)
		}
	case []any:
		if len(c) < 2 {
			fail("@context", "a single context must be a string")
		}
		if !slices.Contains(c, any(AnnoContext)) {
			fail("@context", "does not include %s", AnnoContext)
		}
		for _, x := range c[1:] {
			if m, ok := x.(map[string]any); ok && m["framecheck"] != nil && m["framecheck"] != Namespace {
				fail("@context", "framecheck prefix is %v", m["framecheck"])
			}
		}
	default:
		fail("@context", "missing")
	}

	texts := map[string]string{}
	if rs, ok := doc["framecheck:readouts"].([]any); ok {
		for i, x := range rs {
			r, _ := x.(map[string]any)
			id, _ := r["id"].(string)
			v, _ := r["value"].(string)
			if !isIRI(id) || v == "" || r["type"] != "Text" {
				fail(fmt.Sprintf("framecheck:readouts[%d]", i), "a readout needs an IRI id, type Text and a value")
			}
			texts[id] = v
		}
	}

	if !hasType(doc["type"], "AnnotationCollection") {
		fail("type", "%v is not AnnotationCollection", doc["type"])
		return bad
	}
	if id, _ := doc["id"].(string); !isIRI(id) {
		fail("id", "%q is not an IRI", id)
	}
	if l, ok := doc["label"]; ok {
		if _, ok := l.(string); !ok {
			fail("label", "not a string")
		}
	}
	total, ok := nonNegInt(doc["total"])
	if !ok {
		fail("total", "not a non-negative integer")
	}
	count := 0
	annIDs := map[string]bool{}
	type linkItem struct {
		path string
		a    map[string]any
	}
	var linkItems []linkItem
	page, _ := doc["first"].(map[string]any)
	if page == nil && total > 0 {
		fail("first", "missing although total is %d", total)
	}
	for path := "first"; page != nil; path += ".next" {
		if id, _ := page["id"].(string); !isIRI(id) {
			fail(path+".id", "%q is not an IRI", id)
		}
		if !hasType(page["type"], "AnnotationPage") {
			fail(path+".type", "not AnnotationPage")
		}
		items, ok := page["items"].([]any)
		if !ok {
			fail(path+".items", "missing")
		}
		for i, x := range items {
			p := fmt.Sprintf("%s.items[%d]", path, i)
			a, ok := x.(map[string]any)
			if !ok {
				fail(p, "not an object")
				continue
			}
			conformAnnotation(p, a, texts, fail)
			count++
			if slices.Contains(list(a["motivation"]), any("linking")) {
				linkItems = append(linkItems, linkItem{p, a})
			} else if id, ok := a["id"].(string); ok {
				annIDs[id] = true
			}
		}
		page, _ = page["next"].(map[string]any)
	}
	for _, l := range linkItems {
		conformLink(l.path, l.a, annIDs, fail)
	}
	if count != total {
		fail("total", "is %d, the collection holds %d", total, count)
	}
	if last, ok := doc["last"]; ok {
		if s, _ := last.(string); !isIRI(s) {
			fail("last", "not an IRI")
		}
	}
	return bad
}

// motivations is the W3C list (section 3.3.5).
var motivations = []string{"assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
	"highlighting", "identifying", "linking", "moderating", "questioning", "replying", "tagging"}

var dateTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$`)

func conformAnnotation(p string, a map[string]any, texts map[string]string, fail func(string, string, ...any)) {
	if c, ok := a["@context"]; ok && c != AnnoContext {
		if l, ok := c.([]any); !ok || !slices.Contains(l, any(AnnoContext)) {
			fail(p+".@context", "does not include %s", AnnoContext)
		}
	}
	if id, _ := a["id"].(string); !isIRI(id) {
		fail(p+".id", "%q is not an IRI", id)
	}
	if !hasType(a["type"], "Annotation") {
		fail(p+".type", "not Annotation")
	}
	for _, m := range list(a["motivation"]) {
		if s, _ := m.(string); !slices.Contains(motivations, s) {
			fail(p+".motivation", "%v is not a W3C motivation", m)
		}
	}
	for _, k := range []string{"created", "modified", "generated"} {
		if v, ok := a[k]; ok {
			if s, _ := v.(string); !dateTime.MatchString(s) {
				fail(p+"."+k, "%v is not an xsd:dateTime in UTC", v)
			}
		}
	}
	for _, c := range list(a["creator"]) {
		m, ok := c.(map[string]any)
		if s, isStr := c.(string); isStr && isIRI(s) {
			continue
		}
		if !ok || !(hasType(m["type"], "Person") || hasType(m["type"], "Organization") || hasType(m["type"], "Software")) {
			fail(p+".creator", "not a typed agent")
		} else if n, _ := m["name"].(string); n == "" {
			fail(p+".creator.name", "missing")
		}
	}
	for i, b := range list(a["body"]) {
		bp := fmt.Sprintf("%s.body[%d]", p, i)
		m, ok := b.(map[string]any)
		if !ok {
			if s, _ := b.(string); !isIRI(s) {
				fail(bp, "neither an object nor an IRI")
			}
			continue
		}
		if hasType(m["type"], "TextualBody") {
			if _, ok := m["value"].(string); !ok {
				fail(bp+".value", "a TextualBody must have one string value")
			}
		}
		for _, pu := range list(m["purpose"]) {
			if s, _ := pu.(string); !slices.Contains(motivations, s) {
				fail(bp+".purpose", "%v is not a motivation", pu)
			}
		}
		if f, ok := m["format"]; ok {
			if s, _ := f.(string); !regexp.MustCompile(`^[a-z]+/[a-z0-9.+-]+$`).MatchString(s) {
				fail(bp+".format", "%v is not a media type", f)
			}
		}
	}
	targets := list(a["target"])
	if len(targets) == 0 {
		fail(p+".target", "an annotation must have 1 or more targets")
	}
	for i, t := range targets {
		tp := fmt.Sprintf("%s.target[%d]", p, i)
		if s, ok := t.(string); ok {
			if !isIRI(s) {
				fail(tp, "%q is not an IRI", s)
			}
			continue
		}
		m, ok := t.(map[string]any)
		if !ok {
			fail(tp, "neither an IRI nor an object")
			continue
		}
		src, _ := m["source"].(string)
		if !isIRI(src) {
			fail(tp+".source", "%q is not an IRI", src)
		}
		if m["type"] != nil && !hasType(m["type"], "SpecificResource") {
			fail(tp+".type", "a resource with a source is a SpecificResource")
		}
		var quote, pos map[string]any
		for j, s := range list(m["selector"]) {
			sp := fmt.Sprintf("%s.selector[%d]", tp, j)
			sm, _ := s.(map[string]any)
			switch {
			case hasType(sm["type"], "TextQuoteSelector"):
				quote = sm
				if _, ok := sm["exact"].(string); !ok {
					fail(sp+".exact", "a TextQuoteSelector must have one string exact")
				}
				for _, k := range []string{"prefix", "suffix"} {
					if v, ok := sm[k]; ok {
						if _, ok := v.(string); !ok {
							fail(sp+"."+k, "not a string")
						}
					}
				}
			case hasType(sm["type"], "TextPositionSelector"):
				pos = sm
				s, ok1 := nonNegInt(sm["start"])
				e, ok2 := nonNegInt(sm["end"])
				if !ok1 || !ok2 || s > e {
					fail(sp, "a TextPositionSelector must have integer start <= end, both >= 0")
				}
			default:
				fail(sp, "selector of unexpected type %v", sm["type"])
			}
		}
		// Beyond the model: the selectors agree on the text, in code points.
		text, ok := texts[src]
		if !ok || quote == nil || pos == nil {
			continue
		}
		rs := []rune(text)
		s, ok1 := nonNegInt(pos["start"])
		e, ok2 := nonNegInt(pos["end"])
		if !ok1 || !ok2 || s > e {
			continue // reported above
		}
		if e > len(rs) || string(rs[s:e]) != quote["exact"] {
			fail(tp, "the TextPositionSelector does not hold the TextQuoteSelector's exact (in code points)")
			continue
		}
		pre, _ := quote["prefix"].(string)
		suf, _ := quote["suffix"].(string)
		if !strings.HasSuffix(string(rs[:s]), pre) || !strings.HasPrefix(string(rs[e:]), suf) {
			fail(tp, "prefix or suffix is not the text around the selection")
		}
	}
}

// conformLink checks a linking annotation: two different annotation IRIs
// as its targets, and its kind as a tag.
func conformLink(p string, a map[string]any, annIDs map[string]bool, fail func(string, string, ...any)) {
	targets, ok := a["target"].([]any)
	if !ok || len(targets) != 2 {
		fail(p+".target", "a link's target is an array of the two annotations' IRIs")
		return
	}
	for i, t := range targets {
		s, ok := t.(string)
		switch {
		case !ok || !isIRI(s):
			fail(fmt.Sprintf("%s.target[%d]", p, i), "a link's target is the IRI of an annotation, not %v", t)
		case !annIDs[s]:
			fail(fmt.Sprintf("%s.target[%d]", p, i), "%q is not an annotation of the collection", s)
		}
	}
	if targets[0] == targets[1] {
		fail(p+".target", "a link joins two different annotations")
	}
	kinds := 0
	for _, b := range list(a["body"]) {
		if m, ok := b.(map[string]any); ok && slices.Contains(list(m["purpose"]), any("tagging")) {
			kinds++
			if m["value"] != string(workspace.Counterpart) {
				fail(p+".body", "the kind %v is not a link kind", m["value"])
			}
		}
	}
	if kinds != 1 {
		fail(p+".body", "a link has one tagging body, its kind; it has %d", kinds)
	}
}

// annoTerms are the keys of the anno.jsonld context that Encode may use.
var annoTerms = []string{"@context", "id", "type", "label", "total", "first", "last", "next", "items", "startIndex",
	"created", "modified", "generated", "generator", "creator", "name", "motivation", "body", "target", "purpose",
	"value", "format", "language", "source", "selector", "exact", "prefix", "suffix", "start", "end"}

// checkKeys reports keys that are neither anno.jsonld terms nor
// framecheck: extension terms, and context objects in the wrong place.
func checkKeys(v any, path string, fail func(string, string, ...any)) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			p := strings.TrimPrefix(path+"."+k, ".")
			if k == "@context" {
				continue
			}
			if !slices.Contains(annoTerms, k) && !strings.HasPrefix(k, "framecheck:") {
				fail(p, "not a term of anno.jsonld nor of the declared framecheck prefix")
			}
			checkKeys(val, p, fail)
		}
	case []any:
		for i, e := range x {
			checkKeys(e, fmt.Sprintf("%s[%d]", path, i), fail)
		}
	}
}

func list(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return x
	}
	return []any{v}
}

func hasType(v any, t string) bool { return slices.Contains(list(v), any(t)) }

func nonNegInt(v any) (int, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return int(i), err == nil && i >= 0
}

var iriScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^` + "`" + `]+$`)

func isIRI(s string) bool { return iriScheme.MatchString(s) }

func TestConformance(t *testing.T) {
	sample, err := workspace.Sample(fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	empty := &workspace.Workspace{ID: fixture.WS, Title: "Empty", CreatedAt: fixture.T0, UpdatedAt: fixture.T0}
	for name, w := range map[string]*workspace.Workspace{"golden": golden(t), "sample": sample, "empty": empty} {
		data, err := Encode(w, fixture.T0)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range conform(data) {
			t.Errorf("%s: %s", name, v)
		}
	}
}

// The checker is not a rubber stamp: it catches each kind of violation.
func TestConformanceCatches(t *testing.T) {
	g, err := Encode(golden(t), fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	gs := string(g)
	for old, new := range map[string]string{
		`"motivation": "classifying"`: `"motivation": "flagging"`,
		`"start": 43,`:                `"start": 56,`,
		`"type": "TextPositionSelector",` + "\n" + `              "start": 43`: `"type": "TextPositionSelector",` + "\n" + `              "start": -1`,
		`"exact": "«партнёрами»"`:                                              `"exact2": "«партнёрами»"`,
		`"total": 12`:                                                          `"total": 11`,
		`"urn:uuid:a1000000-0000-4000-8000-000000000001",` + "\n" + `          "urn:uuid:a1000000-0000-4000-8000-000000000004"`: `"urn:uuid:a1000000-0000-4000-8000-000000000001"`,
		`"urn:uuid:a1000000-0000-4000-8000-000000000001",` + "\n" + `          "urn:uuid:a1000000-0000-4000-8000-000000000009"`: `"urn:uuid:a1000000-0000-4000-8000-000000000001",` + "\n" + `          "urn:uuid:a1000000-0000-4000-8000-000000000099"`,
		`"urn:uuid:a1000000-0000-4000-8000-000000000005",` + "\n" + `          "urn:uuid:a1000000-0000-4000-8000-000000000008"`: `"urn:uuid:a1000000-0000-4000-8000-000000000005",` + "\n" + `          "urn:uuid:a1000000-0000-4000-8000-000000000005"`,
		`"value": "counterpart"`:                                           `"value": "rebuttal"`,
		`"id": "urn:uuid:a1000000-0000-4000-8000-000000000001"`:            `"id": "a1"`,
		`"created": "2026-07-05T07:17:00Z"`:                                `"created": "2026-07-05T07:17:00+02:00"`,
		`"purpose": "tagging"`:                                             `"purpose": "labelling"`,
		`"value": "fact"`:                                                  `"valeur": "fact"`,
		`"type": "Annotation"`:                                             `"type": "Note"`,
		`"@context": [` + "\n" + `    "http://www.w3.org/ns/anno.jsonld",`: `"@context": [` + "\n" + `    "http://example.org/other.jsonld",`,
	} {
		if !strings.Contains(gs, old) {
			t.Fatalf("golden lacks %q", old)
		}
		if v := conform([]byte(strings.Replace(gs, old, new, 1))); len(v) == 0 {
			t.Errorf("replacing %q with %q went unnoticed", old, new)
		}
	}
}
