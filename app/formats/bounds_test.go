package formats

import (
	"fmt"
	"strings"
	"testing"

	"framecheck/app/internal/fixture"
	"framecheck/app/w3c"
	"framecheck/app/workspace"
)

// repetitive is a workspace of one highly repetitive readout (n times "a")
// with k one-letter annotations on it, and a second readout.
func repetitive(n, k int) *workspace.Workspace {
	w := &workspace.Workspace{ID: fixture.WS, Title: "big", CreatedAt: fixture.T0, UpdatedAt: fixture.T0}
	r := &workspace.Readout{ID: "c0000000-0000-4000-8000-000000000001", Title: "r", Text: strings.Repeat("a", n)}
	r2 := &workspace.Readout{ID: "c0000000-0000-4000-8000-000000000002", Title: "r2", Text: "b"}
	w.Readouts = []*workspace.Readout{r, r2}
	t := r.Positions()
	for i := range k {
		p, e, s, _ := t.Quote(i%n, i%n+1, workspace.ContextLen)
		w.Annotations = append(w.Annotations, &workspace.Annotation{ID: fmt.Sprintf("d0000000-0000-4000-8000-%012d", i), ReadoutID: r.ID, Tag: workspace.Fact,
			Start: i % n, End: i%n + 1, Exact: e, Prefix: p, Suffix: s, CreatedAt: fixture.T0, UpdatedAt: fixture.T0})
	}
	w.Sort()
	return w
}

// 100,000 annotations on a highly repetitive text open in every importable
// format. A step quadratic in the annotations would be 10^10 steps here,
// far past the test timeout; the linear import takes seconds.
func TestImport100kAnnotations(t *testing.T) {
	if testing.Short() {
		t.Skip("large import: skipped with -short")
	}
	const n, k = 100_000, 100_000
	w := repetitive(n, k)
	for _, f := range All() {
		if !f.Import {
			continue
		}
		in, want := w, k
		if f.ID == W3C || f.ID == LabelStudio {
			// 100,000 annotations take 90 MB in W3C and 63 MB in Label
			// Studio's JSON, past the 50 MB limit: half as many.
			in, want = repetitive(n, k/2), k/2
		}
		data, _, _, err := Export(f.ID, in, fixture.T0)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ImportWith(data, ImportOptions{Now: fixture.T0})
		if err != nil {
			t.Fatalf("%s: %v", f.ID, err)
		}
		if len(got.Workspace.Annotations) != want {
			t.Errorf("%s: %d annotations, want %d", f.ID, len(got.Workspace.Annotations), want)
		}
	}
}

// Formats that give offsets without quotes (doccano, Label Studio, W3C
// with position selectors only) let a small file make a huge workspace:
// 100 spans over a million characters quote 100 MB, which the autosave and
// every export would then write, and a framecheck file that big cannot be
// opened again. The import refuses it, saying why.
func TestImportQuoteBudget(t *testing.T) {
	text := strings.Repeat("a", 1_000_000)
	const k = 100
	var doc, ls, w3 strings.Builder
	doc.WriteString(`{"text": "` + text + `", "label": [`)
	ls.WriteString(`[{"data": {"text": "` + text + `"}, "annotations": [{"result": [`)
	w3.WriteString(`{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "first": {"type": "AnnotationPage", "items": [`)
	for i := range k {
		sep := ","
		if i == 0 {
			sep = ""
		}
		doc.WriteString(sep + `[0, 1000000, "fact"]`)
		fmt.Fprintf(&ls, `%s{"id": "r%d", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 0, "end": 1000000, "labels": ["fact"]}}`, sep, i)
		fmt.Fprintf(&w3, `%s{"type": "Annotation", "id": "urn:uuid:d0000000-0000-4000-8000-%012d", "body": {"type": "TextualBody", "purpose": "tagging", "value": "fact"}, "target": {"source": "urn:uuid:c0000000-0000-4000-8000-000000000001", "selector": {"type": "TextPositionSelector", "start": 0, "end": 1000000}}}`, sep, i)
	}
	doc.WriteString("]}\n")
	ls.WriteString("]}]}]")
	w3.WriteString(`]}}`)
	for name, data := range map[string]string{"doccano": doc.String(), "labelstudio": ls.String()} {
		_, err := ImportWith([]byte(data), ImportOptions{Now: fixture.T0})
		if err == nil || !strings.Contains(err.Error(), "quote") || !strings.Contains(err.Error(), "MB") {
			t.Errorf("%s: %v, want a refusal about the size of the quotes", name, err)
		}
	}
	texts := map[string]string{"urn:uuid:c0000000-0000-4000-8000-000000000001": text}
	_, err := w3c.DecodeWithTexts([]byte(w3.String()), texts)
	if err == nil || !strings.Contains(err.Error(), "quote") || !strings.Contains(err.Error(), "MB") {
		t.Errorf("w3c: %v, want a refusal about the size of the quotes", err)
	}
}

// Every importable format calls Tick while it reads (once per annotation,
// line or task), so the browser can yield to the page and show progress;
// Tick returning false cancels the import, which then returns nothing.
func TestImportTickAndCancel(t *testing.T) {
	w := fixture.Workspace(t)
	for _, f := range All() {
		if !f.Import {
			continue
		}
		data, _, _, err := Export(f.ID, w, fixture.T0)
		if err != nil {
			t.Fatal(err)
		}
		ticks := 0
		if _, err := ImportWith(data, ImportOptions{Now: fixture.T0, Tick: func() bool { ticks++; return true }}); err != nil {
			t.Fatalf("%s: %v", f.ID, err)
		}
		if ticks == 0 {
			t.Errorf("%s: Tick was never called", f.ID)
		}
		n := 0
		got, err := ImportWith(data, ImportOptions{Now: fixture.T0, Tick: func() bool { n++; return n < 2 }})
		if err == nil || got != nil || !strings.Contains(err.Error(), "canceled") {
			t.Errorf("%s: canceled import gave %v, %v", f.ID, got, err)
		}
	}
}
