package w3c

import (
	"bytes"
	"strings"
	"testing"

	"framecheck/app/internal/fixture"
	"framecheck/app/internal/refusal"
)

// Every refusal says what and where, and returns nothing else.
func TestHostile(t *testing.T) {
	g, err := Encode(golden(t), fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	gs := string(g)
	edit := func(old, new string) string {
		if !strings.Contains(gs, old) {
			t.Fatalf("golden file lacks %q", old)
		}
		return strings.Replace(gs, old, new, 1)
	}
	ann := func(target string) string {
		return `{"type":"Annotation","body":{"purpose":"tagging","value":"fact"},"target":` + target + `}`
	}
	sel := func(sel string) string { return ann(`{"source":"` + srcA + `","selector":` + sel + `}`) }
	// Links: annotations urn:a and urn:a2 on readout A, urn:b on B.
	annAt := func(id, src, exact string) string {
		return `{"type":"Annotation","id":"` + id + `","body":{"purpose":"tagging","value":"fact"},"target":{"source":"` + src + `","selector":{"type":"TextQuoteSelector","exact":"` + exact + `"}}}`
	}
	annA, annA2, annB := annAt("urn:a", srcA, "leaders agreed"), annAt("urn:a2", srcA, "spoke"), annAt("urn:b", srcB, "leaves things out")
	link := func(targets string) string {
		return `{"type":"Annotation","motivation":"linking","target":[` + targets + `]}`
	}
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	for name, tc := range map[string]struct {
		data     string
		path     string
		contains string
	}{
		"empty":              {"  \n", "", "empty"},
		"not JSON":           {`{"type": "Annotation",}`, "", "not JSON"},
		"not UTF-8":          {"{\"type\":\"Annotation\",\"x\":\"\xff\"}", "", "not UTF-8"},
		"too deep":           {deep, "", "nested deeper than 10000 levels"},
		"number":             {"42", "", "not a W3C Web Annotation file"},
		"no type":            {`{"id":"x"}`, "type", "missing"},
		"other type":         {`{"type":"Person"}`, "type", "not Annotation"},
		"framecheck v1":      {`{"format":"framecheck","version":1}`, "format", "open it as a framecheck file"},
		"duplicate key":      {`{"type":"Annotation","type":"Annotation"}`, "type", "appears twice"},
		"id and @id":         {`{"type":"Annotation","id":"urn:a","@id":"urn:b","target":"` + srcA + `"}`, "@id", "given twice"},
		"no target":          {`{"type":"Annotation"}`, "target", "missing"},
		"empty targets":      {`{"type":"Annotation","target":[]}`, "target", "empty"},
		"target number":      {ann(`5`), "target", "must be an IRI or an object"},
		"bad context":        {`{"@context":5,"type":"Annotation"}`, "@context", "context IRI or object"},
		"missing text":       {ann(`{"source":"urn:nowhere","selector":{"type":"TextQuoteSelector","exact":"x"}}`), "target.source", `readout "urn:nowhere", and no text was given`},
		"quote not found":    {sel(`{"type":"TextQuoteSelector","exact":"Moscow"}`), "target.selector", `the quote "Moscow" does not occur`},
		"quote ambiguous":    {sel(`{"type":"TextQuoteSelector","exact":"Ukraine"}`), "target.selector", "more than once"},
		"context fits none":  {sel(`{"type":"TextQuoteSelector","exact":"Ukraine","prefix":"zzz"}`), "target.selector", "fit none"},
		"point ambiguous":    {sel(`{"type":"TextQuoteSelector","exact":"","prefix":"Ukraine"}`), "target.selector", "more than once"},
		"point nothing":      {sel(`{"type":"TextQuoteSelector","exact":""}`), "target.selector", "a point with no prefix or suffix to find it by"},
		"no exact":           {sel(`{"type":"TextQuoteSelector","prefix":"a"}`), "target.selector.exact", "missing"},
		"exact number":       {sel(`{"type":"TextQuoteSelector","exact":1}`), "target.selector.exact", "must be a string"},
		"end past":           {sel(`[{"type":"FragmentSelector","value":"x"},{"type":"TextPositionSelector","start":1,"end":912}]`), "target.selector[1].end", "past the end"},
		"end before start":   {sel(`{"type":"TextPositionSelector","start":5,"end":2}`), "target.selector.end", "before start 5"},
		"negative start":     {sel(`{"type":"TextPositionSelector","start":-1,"end":2}`), "target.selector.start", "negative"},
		"fraction":           {sel(`{"type":"TextPositionSelector","start":1.5,"end":2}`), "target.selector.start", "not an integer"},
		"huge":               {sel(`{"type":"TextPositionSelector","start":1,"end":1e300}`), "target.selector.end", "too large"},
		"string offset":      {sel(`{"type":"TextPositionSelector","start":"1","end":2}`), "target.selector.start", "must be an integer"},
		"both wrong":         {sel(`[{"type":"TextPositionSelector","start":0,"end":3},{"type":"TextQuoteSelector","exact":"nope"}]`), "target.selector[1]", `holds "The"`},
		"only range":         {sel(`{"type":"RangeSelector"}`), "target.selector", "only a RangeSelector"},
		"refined":            {sel(`{"type":"TextQuoteSelector","exact":"x","refinedBy":{"type":"TextPositionSelector","start":0,"end":1}}`), "target.selector.refinedBy", "not supported"},
		"point not omission": {sel(`{"type":"TextPositionSelector","start":3,"end":3}`), "target.selector", "only an omission can be a point; this annotation is tagged fact"},
		"two anchored":       {ann(`[{"source":"` + srcA + `","selector":{"type":"TextPositionSelector","start":0,"end":3}},{"source":"` + srcB + `","selector":{"type":"TextPositionSelector","start":0,"end":3}}]`), "target[1]", "a framecheck annotation marks one passage"},
		"link two passages":  {`{"type":"Annotation","motivation":"linking","target":[{"source":"` + srcA + `","selector":{"type":"TextPositionSelector","start":0,"end":3}},{"source":"` + srcB + `","selector":{"type":"TextPositionSelector","start":0,"end":3}}]}`, "target[1]", "framecheck links annotations, not passages"},
		"link to nowhere":    {`[` + annA + `,` + annB + `,` + link(`"urn:a","urn:uuid:a1000000-0000-4000-8000-000000000099"`) + `]`, "[2].target[1]", `"urn:uuid:a1000000-0000-4000-8000-000000000099" is not an annotation of this file`},
		"link to a readout":  {`[` + annA + `,` + annB + `,` + link(`"urn:a","`+srcB+`"`) + `]`, "[2].target[1]", "is a readout, not an annotation"},
		"link to itself":     {`[` + annA + `,` + annB + `,` + link(`"urn:a",{"id":"urn:a"}`) + `]`, "[2].target[1]", "cannot be linked to itself"},
		"link same readout":  {`[` + annA + `,` + annA2 + `,` + link(`"urn:a","urn:a2"`) + `]`, "[2].target", "same readout"},
		"link three":         {`[` + annA + `,` + annB + `,` + annA2 + `,` + link(`"urn:a","urn:b","urn:a2"`) + `]`, "[3].target", "3 targets"},
		"link twice":         {`[` + link(`"urn:b","urn:a"`) + `,` + annA + `,` + annB + `,` + link(`"urn:a","urn:b"`) + `]`, "[3].target", "the same two annotations as [0]"},
		"golden link target": {edit(`"urn:uuid:a1000000-0000-4000-8000-000000000001",
          "urn:uuid:a1000000-0000-4000-8000-000000000009"`, `"urn:uuid:a1000000-0000-4000-8000-000000000001",
          "urn:uuid:a1000000-0000-4000-8000-000000000099"`), "first.items[10].target[1]", "not an annotation of this file"},
		"golden link moved": {edit(`"urn:uuid:a1000000-0000-4000-8000-000000000001",
          "urn:uuid:a1000000-0000-4000-8000-000000000009"`, `"urn:uuid:a1000000-0000-4000-8000-000000000001",
          "urn:uuid:a1000000-0000-4000-8000-000000000006"`), "first.items[10].target", "same readout"},
		"two whole":          {ann(`["` + srcA + `","` + srcB + `"]`), "target", "none has a selector"},
		"omitted by on fact": {ann(`[{"source":"` + srcA + `","selector":{"type":"TextPositionSelector","start":0,"end":3}},"` + srcB + `"]`), "target[1]", "only an omission has such readouts"},
		"body and bodyValue": {`{"type":"Annotation","body":"urn:b","bodyValue":"x","target":"` + srcA + `"}`, "bodyValue", "not both"},
		"textual no value":   {`{"type":"Annotation","body":{"type":"TextualBody"},"target":"` + srcA + `"}`, "body.value", "must have a value"},
		"body number":        {`{"type":"Annotation","body":[{"value":"x"},7],"target":"` + srcA + `"}`, "body[1]", "must be an object or an IRI"},
		"bad time":           {`{"type":"Annotation","created":"yesterday","target":"` + srcA + `"}`, "created", "not a date and time"},
		"creator number":     {`{"type":"Annotation","creator":3,"target":"` + srcA + `"}`, "creator", "must be a name"},
		"item by IRI":        {`{"type":"AnnotationPage","items":["urn:a"]}`, "items[0]", "given only by its IRI"},
		"item not annot":     {`[{"type":"Person"}]`, "[0].type", "not Annotation"},
		"page not embedded":  {`{"type":"AnnotationCollection","total":3,"first":"http://example.org/page1"}`, "first", "does not fetch pages"},
		"next not embedded":  {`{"type":"AnnotationPage","items":[],"next":"http://example.org/page2"}`, "next", "does not fetch pages"},
		"first missing":      {`{"type":"AnnotationCollection","total":3}`, "first", "total says"},
		"total wrong":        {edit(`"total": 12`, `"total": 9`), "total", "the file holds 12"},
		"duplicate id":       {`[` + ann(`"` + srcA + `"`)[:len(ann(`"`+srcA+`"`))-1] + `,"id":"urn:a"},` + ann(`"` + srcA + `"`)[:len(ann(`"`+srcA+`"`))-1] + `,"id":"urn:a"}]`, "[1].id", "already used by [0].id"},
		"golden hash":        {edit(`"value": "<p>Readout`, `"value": "<p>Readouts`), "framecheck:readouts[2].framecheck:textSha256", "changed after export"},
		"golden readout IRI": {edit(`"source": "urn:uuid:2d3e4f5a`, `"source": "urn:uuid:9d3e4f5a`), "first.items[5].target[0].source", "is not one of the readouts of the file"},
		"golden omitted twice": {edit(`"urn:uuid:3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7",
          "https://example.org`, `"https://example.org/kremlin/events/1?a=1&b=2",
          "https://example.org`), "first.items[5].target[2]", "a second time"},
		"golden own readout": {edit(`"urn:uuid:3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7",
          "https://example.org`, `"urn:uuid:2d3e4f5a-6b7c-4d8e-9fa0-b1c2d3e4f5a6",
          "https://example.org`), "first.items[5].target[1]", "own readout"},
		"golden readout CR":    {edit(`"value": "<p>Readout &amp; notes</p>\n`, `"value": "<p>Readout &amp; notes</p>\r\n`), "framecheck:readouts[2]", ""},
		"golden bad readoutId": {edit(`"framecheck:readoutId": "urn:uuid:1c2d`, `"framecheck:readoutId": "1c2d`), "framecheck:readouts[0].framecheck:readoutId", "not urn:uuid"},
	} {
		t.Run(name, func(t *testing.T) {
			w, err := DecodeWithTexts([]byte(tc.data), texts)
			if err == nil || w != nil {
				t.Fatalf("got %v, %v; want a refusal", w, err)
			}
			e := asError(t, err)
			if !strings.HasPrefix(e.Path, tc.path) || (tc.path == "" && e.Path != "") || !strings.Contains(e.Msg, tc.contains) {
				t.Fatalf("got %q: %q\nwant %q: …%s…", e.Path, e.Msg, tc.path, tc.contains)
			}
		})
	}
}

func TestHostileSize(t *testing.T) {
	big := bytes.Repeat([]byte(" "), refusal.MaxFileSize+1)
	_, err := Decode(big)
	if e := asError(t, err); !strings.Contains(e.Msg, "50 MB") {
		t.Fatal(err)
	}
}

// A wrong position (moved, or past the end) is put back by its quote.
func TestGoldenMovedPosition(t *testing.T) {
	g, _ := Encode(golden(t), fixture.T0)
	for _, r := range [][2]string{{`"start": 43,`, `"start": 44,`}, {`"end": 55`, `"end": 912`}, {`"end": 55`, `"end": 54`}} {
		data := bytes.Replace(g, []byte(r[0]), []byte(r[1]), 1)
		w, err := Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		if fc(t, w) != fc(t, golden(t)) {
			t.Fatalf("%s: the quote did not put the annotation back", r[1])
		}
	}
}
