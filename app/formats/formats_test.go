package formats

import (
	"bytes"
	"errors"
	"flag"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"framecheck/app/fcjson"
	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func fc(t *testing.T, w *workspace.Workspace) string {
	t.Helper()
	b, err := fcjson.Encode(w, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestAll(t *testing.T) {
	var ids []string
	for _, f := range All() {
		ids = append(ids, f.ID)
		if f.Name == "" || f.Ext == "" || f.MIME == "" {
			t.Errorf("%+v incomplete", f)
		}
	}
	if strings.Join(ids, ",") != "framecheck,w3c,doccano,labelstudio,csv,markdown,html,claimreview,claimreview-html" {
		t.Errorf("ids %v", ids)
	}
	a := All()
	a[0].ID = "changed"
	if All()[0].ID != Framecheck {
		t.Error("All returns the registry itself")
	}
}

// Every export has the expected name and MIME type, is deterministic and
// is detected as what it is (for importable formats).
func TestExportGoldenAndDetect(t *testing.T) {
	w := fixture.Workspace(t)
	day := time.Date(2026, 7, 6, 9, 0, 0, 0, time.UTC)
	for _, f := range All() {
		t.Run(f.ID, func(t *testing.T) {
			w := w
			if f.ID == ClaimReview || f.ID == ClaimReviewHTML {
				w = fixture.Checked(t) // without checks there is nothing to publish
			}
			data, name, mime, err := Export(f.ID, w, day)
			if err != nil {
				t.Fatal(err)
			}
			if want := "Call of 5 July — «test» & img src=x onerror=alert(1)-2026-07-06." + f.Ext; name != want {
				t.Errorf("name %q, want %q", name, want)
			}
			if mime != f.MIME {
				t.Errorf("mime %q", mime)
			}
			fixture.Golden(t, filepath.Join("testdata", "fixture."+f.Ext), data, *update)
			if !f.Import {
				if _, err := Detect(data); err == nil {
					t.Errorf("%s export detected as importable", f.ID)
				}
				return
			}
			got, err := Detect(data)
			if err != nil || got.ID != f.ID {
				t.Errorf("Detect = %v, %v", got.ID, err)
			}
		})
	}
	if _, _, _, err := Export("pdf", w, day); err == nil {
		t.Error("unknown format exported")
	}
}

// framecheck → X → framecheck for each importable format. What X cannot
// carry is normalised before comparing (nothing for framecheck, doccano
// and Label Studio, whose extras carry it all).
func TestRoundTrips(t *testing.T) {
	w := fixture.Workspace(t)
	for _, id := range []string{Framecheck, Doccano, LabelStudio} {
		data, _, _, err := Export(id, w, fixture.T0)
		if err != nil {
			t.Fatal(err)
		}
		got, f, err := Import(data)
		if err != nil || f.ID != id {
			t.Fatalf("%s: %v %v", id, f.ID, err)
		}
		if a, b := fc(t, w), fc(t, got); a != b {
			t.Errorf("%s round trip differs:\n%s", id, b)
		}
	}
}

// W3C carries spans, tags and notes of every annotation (see app/w3c for
// what else); compared here on those.
func TestRoundTripW3C(t *testing.T) {
	w := fixture.Workspace(t)
	data, _, _, err := Export(W3C, w, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	got, f, err := Import(data)
	if err != nil || f.ID != W3C {
		t.Fatalf("%v %v", f.ID, err)
	}
	type key struct {
		readout, tag, exact, note string
		start, end                int
	}
	set := func(w *workspace.Workspace) map[key]int {
		m := map[key]int{}
		for _, a := range w.Annotations {
			m[key{w.Readout(a.ReadoutID).Text, string(a.Tag), a.Exact, a.Note, a.Start, a.End}]++
		}
		return m
	}
	a, b := set(w), set(got)
	if len(a) != len(b) {
		t.Fatalf("%d vs %d distinct annotations", len(a), len(b))
	}
	for k, n := range a {
		if b[k] != n {
			t.Errorf("missing after W3C: %+v", k)
		}
	}
}

func TestImportWithNotes(t *testing.T) {
	in := `{"text": "Alice met Bob.", "label": [[0, 5, "PER"]]}`
	r, err := ImportWith([]byte(in), ImportOptions{Now: fixture.T0, NewID: fixture.SeqIDs()})
	if err != nil {
		t.Fatal(err)
	}
	if r.Format.ID != Doccano || len(r.Notes) != 1 || r.Workspace.Annotations[0].Note != "label: PER" {
		t.Errorf("%+v", r)
	}
}

// A framecheck file that can be re-anchored is refused with fcjson's
// *ReanchorError, unchanged, and opens with Reanchor.
func TestReanchorErrorPassesThrough(t *testing.T) {
	w := fixture.Workspace(t)
	data, _ := fcjson.Encode(w, fixture.T0)
	// Shift an annotation's offsets by one (as a UTF-16 counting tool would).
	a := w.Annotations[len(w.Annotations)-1]
	old := []byte(`"start": ` + itoa(a.Start) + `,
      "end": ` + itoa(a.End) + `,`)
	if !bytes.Contains(data, old) {
		t.Fatal("fixture changed")
	}
	bad := bytes.Replace(data, old, []byte(`"start": `+itoa(a.Start+1)+`,
      "end": `+itoa(a.End+1)+`,`), 1)
	_, f, err := Import(bad)
	var re *fcjson.ReanchorError
	if !errors.As(err, &re) || f.ID != Framecheck {
		t.Fatalf("err = %T %v", err, err)
	}
	if _, ok := err.(*fcjson.ReanchorError); !ok {
		t.Error("the *ReanchorError is wrapped; the UI expects it as it is")
	}
	r, err := ImportWith(bad, ImportOptions{Reanchor: true})
	if err != nil || len(r.Report.Reanchored) != 1 || len(r.Notes) != 1 {
		t.Fatalf("%v %+v", err, r)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestDetect(t *testing.T) {
	big := bytes.Repeat([]byte(" "), MaxFileSize+1)
	for _, c := range []struct{ name, in, id, err string }{
		{"framecheck", `{"format": "framecheck", "version": 1}`, Framecheck, ""},
		{"framecheck bom", "\uFEFF\n {\"version\": 1, \"format\": \"framecheck\"}", Framecheck, ""},
		{"w3c context", `{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection"}`, W3C, ""},
		{"w3c context array", `{"@context": ["http://www.w3.org/ns/anno.jsonld", {"fc": "x"}]}`, W3C, ""},
		{"w3c type only", `{"type": "Annotation", "body": "x"}`, W3C, ""},
		{"w3c page", `{"type": ["AnnotationPage"]}`, W3C, ""},
		{"labelstudio", `[{"id": 1, "data": {"text": "x"}, "annotations": []}]`, LabelStudio, ""},
		{"labelstudio predictions", `[{"data": {"text": "x"}, "predictions": []}]`, LabelStudio, ""},
		{"doccano", "{\"text\": \"a\", \"label\": []}\n{\"text\": \"b\", \"label\": []}\n", Doccano, ""},
		{"doccano one line", `{"id": 1, "text": "a", "label": [[0, 1, "fact"]]}`, Doccano, ""},
		{"doccano relations", `{"text": "a", "entities": [], "relations": []}`, Doccano, ""},
		{"doccano blank first", "\n\n{\"text\": \"a\", \"labels\": []}\n", Doccano, ""},
		{"other format", `{"format": "other"}`, "", `"format" that is not "framecheck"`},
		{"other object", `{"hello": 1}`, "", "JSON object of another kind"},
		{"jsonl other", "{\"a\": 1}\n{\"b\": 2}", "", `first line is a JSON object without "text"`},
		{"broken jsonl", "{\"text\": \n", "", "starts like JSON but is not JSON"},
		{"empty array", `[]`, "", "empty JSON array"},
		{"array of numbers", `[1, 2]`, "", "not Label Studio tasks"},
		{"array of w3c", `[{"type": "Annotation"}]`, "", "array of W3C annotations"},
		{"broken array", `[{"data": `, "", "starts like a JSON array but is not JSON"},
		{"text", "hello, world", "", "this file is not JSON"},
		{"csv", "readout,tag\r\nx,fact\r\n", "", "this file is not JSON"},
		{"empty", " \n\t", "", "the file is empty"},
		{"too big", string(big), "", "up to 50 MB"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := Detect([]byte(c.in))
			if c.err != "" {
				var fe *fcjson.Error
				if err == nil || !errors.As(err, &fe) || !strings.Contains(err.Error(), c.err) {
					t.Errorf("Detect = %v, %v; want error with %q", f.ID, err, c.err)
				}
				return
			}
			if err != nil || f.ID != c.id {
				t.Errorf("Detect = %q, %v; want %q", f.ID, err, c.id)
			}
		})
	}
}

// Hostile files are refused with a message that says where, never a panic.
func TestImportHostile(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"not json", "%PDF-1.4", "this file is not JSON"},
		{"framecheck wrong", `{"format": "framecheck", "version": 1, "offsetUnit": "utf16"}`, `offsetUnit: "utf16" is not supported`},
		{"ls offsets", `[{"data": {"text": "ab"}, "annotations": [{"result": [{"id": "x", "type": "labels", "value": {"start": 0, "end": 99, "labels": ["fact"]}}]}]}]`, `[0].annotations[0].result[0].value.end: 99 is past the end`},
		{"ls reversed", `[{"data": {"text": "ab"}, "annotations": [{"result": [{"id": "x", "type": "labels", "value": {"start": 2, "end": 1, "labels": ["fact"]}}]}]}]`, `value.end: 1 is before start 2`},
		{"doccano float", `{"text": "ab", "label": [[0, 1.5, "fact"]]}`, `line 1: label[0][1]: 1.5 is not a whole number`},
		{"doccano huge", `{"text": "ab", "label": [[0, 99999999999999999999999, "fact"]]}`, `line 1: label[0][1]: 99999999999999999999999 is too large`},
		{"doccano type", `{"text": "ab", "label": [[0, true, "fact"]]}`, `line 1: label[0][1]: must be a whole number, not a boolean`},
		{"w3c garbage", `{"@context": "http://www.w3.org/ns/anno.jsonld", "type": 5}`, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			w, _, err := Import([]byte(c.in))
			if err == nil || w != nil {
				t.Fatalf("accepted: %v", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q lacks %q", err, c.want)
			}
		})
	}
}
