package fcjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"framecheck/app/internal/fixture"
	"framecheck/app/internal/jsonwalk"
	"framecheck/app/workspace"
)

var update = flag.Bool("update", false, "rewrite testdata/sample.framecheck.json")

const goldenFile = "testdata/sample.framecheck.json"

func TestGolden(t *testing.T) {
	got, err := Encode(golden(t), fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	fixture.Golden(t, goldenFile, got, *update)
}

// The file is meant to be read by people: HTML and non-Latin text stay as
// they are, and it is indented with a trailing newline.
func TestEncodeReadable(t *testing.T) {
	got, err := Encode(golden(t), fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	s := string(got)
	for _, want := range []string{
		`<b>&amp;</b>`, `"title": "White House <readout>"`, `«партнёрами»`, `👩🏽‍💻`, `المُحادَثة`,
		`"exportedAt": "2026-07-05T07:47:00Z"`, "\n  \"workspace\": {\n    \"id\": ",
		`\"кавычки\", обратный слэш \\ и\tтабуляция`, `Second line\u2028separator`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %s", want)
		}
	}
	for _, bad := range []string{`\u003c`, `\u003e`, `\u0026`} {
		if strings.Contains(s, bad) {
			t.Errorf("output escapes HTML: %s", bad)
		}
	}
	if !strings.HasSuffix(s, "}\n") || strings.HasSuffix(s, "\n\n") {
		t.Errorf("output should end with one newline")
	}
}

func TestEncodeOrderAndCallerUntouched(t *testing.T) {
	w := golden(t)
	before := slices.Clone(w.Annotations)
	out, err := Encode(w, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(before, w.Annotations) {
		t.Fatal("Encode reordered the caller's annotations")
	}
	var f struct {
		Annotations []struct {
			ID string `json:"id"`
		} `json:"annotations"`
	}
	if err := json.Unmarshal(out, &f); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range f.Annotations {
		ids = append(ids, a.ID)
	}
	// Kremlin (A1 and A7 share a span: id order; A6 is longer), then the
	// Arabic readout, then the English one.
	want := []string{fixture.AnnID(1), fixture.AnnID(7), fixture.AnnID(6), fixture.AnnID(2), fixture.AnnID(3), fixture.AnnID(4), fixture.AnnID(8), fixture.AnnID(5)}
	if !slices.Equal(ids, want) {
		t.Errorf("annotation order\n got %v\nwant %v", ids, want)
	}
	// Shuffling the caller's slice does not change the bytes.
	slices.Reverse(w.Annotations)
	again, err := Encode(w, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, again) {
		t.Error("the same workspace in another annotation order exported other bytes")
	}
}

func TestRoundTrip(t *testing.T) {
	sample, err := workspace.Sample(fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	for name, w := range map[string]*workspace.Workspace{"golden": golden(t), "Sample": sample, "big": big(t, 5000, 300)} {
		t.Run(name, func(t *testing.T) {
			b1, err := Encode(w, fixture.T0)
			if err != nil {
				t.Fatal(err)
			}
			d, err := Decode(b1)
			if err != nil {
				t.Fatal(err)
			}
			if err := d.Validate(); err != nil {
				t.Fatalf("decoded workspace does not validate: %v", err)
			}
			sorted := *w
			sorted.Annotations = slices.Clone(w.Annotations)
			sorted.Sort()
			if diff := diffWorkspaces(&sorted, d); diff != "" {
				t.Fatalf("Decode(Encode(w)) != w: %s", diff)
			}
			b2, err := Encode(d, fixture.T0)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b1, b2) {
				t.Fatalf("Encode(Decode(Encode(w))) differs from Encode(w)")
			}
		})
	}
}

func TestDecodeGoldenFile(t *testing.T) {
	data, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	w, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	want := golden(t)
	want.Sort()
	if diff := diffWorkspaces(want, w); diff != "" {
		t.Fatal(diff)
	}
}

// Every exact in an export is the text at its code point offsets, and the
// context is the text around them, counted with a plain []rune (not
// textpos), from the raw JSON (not Decode).
func TestExactAtOffsets(t *testing.T) {
	sample, err := workspace.Sample(fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []*workspace.Workspace{golden(t), sample, big(t, 3000, 200)} {
		out, err := Encode(w, fixture.T0)
		if err != nil {
			t.Fatal(err)
		}
		var f map[string]any
		if err := json.Unmarshal(out, &f); err != nil {
			t.Fatal(err)
		}
		texts := map[string][]rune{}
		for _, r := range f["readouts"].([]any) {
			r := r.(map[string]any)
			texts[r["id"].(string)] = []rune(r["text"].(string))
		}
		for i, a := range f["annotations"].([]any) {
			a := a.(map[string]any)
			rs := texts[a["readoutId"].(string)]
			start, end := int(a["start"].(float64)), int(a["end"].(float64))
			exact, ok := a["exact"].(string)
			if !ok {
				t.Fatalf("annotations[%d]: exact missing", i)
			}
			if got := string(rs[start:end]); got != exact {
				t.Errorf("annotations[%d]: exact %q, text at %d-%d is %q", i, exact, start, end, got)
			}
			prefix, _ := a["prefix"].(string)
			suffix, _ := a["suffix"].(string)
			if want := string(rs[max(0, start-32):start]); prefix != want {
				t.Errorf("annotations[%d]: prefix %q, want %q", i, prefix, want)
			}
			if want := string(rs[end:min(len(rs), end+32)]); suffix != want {
				t.Errorf("annotations[%d]: suffix %q, want %q", i, suffix, want)
			}
			if _, has := a["omittedBy"]; has && a["tag"] != "omission" {
				t.Errorf("annotations[%d]: omittedBy on a %v", i, a["tag"])
			}
		}
	}
}

// The hand-written writer gives exactly the bytes encoding/json gives for
// the same data, so its string escaping is JSON-correct.
func TestEncodeMatchesEncodingJSON(t *testing.T) {
	type readout struct {
		ID          string `json:"id"`
		Title       string `json:"title"`
		Source      string `json:"source,omitempty"`
		URL         string `json:"url,omitempty"`
		PublishedAt string `json:"publishedAt,omitempty"`
		Language    string `json:"language,omitempty"`
		Text        string `json:"text"`
		TextSha256  string `json:"textSha256"`
	}
	type annotation struct {
		ID        string   `json:"id"`
		ReadoutID string   `json:"readoutId"`
		Tag       string   `json:"tag"`
		Start     int      `json:"start"`
		End       int      `json:"end"`
		Exact     string   `json:"exact"`
		Prefix    string   `json:"prefix,omitempty"`
		Suffix    string   `json:"suffix,omitempty"`
		Note      string   `json:"note,omitempty"`
		Author    string   `json:"author,omitempty"`
		OmittedBy []string `json:"omittedBy,omitempty"`
		CreatedAt string   `json:"createdAt"`
		UpdatedAt string   `json:"updatedAt"`
	}
	type file struct {
		Format     string `json:"format"`
		Version    int    `json:"version"`
		OffsetUnit string `json:"offsetUnit"`
		ExportedAt string `json:"exportedAt"`
		Workspace  struct {
			ID        string `json:"id"`
			Title     string `json:"title"`
			CreatedAt string `json:"createdAt"`
			UpdatedAt string `json:"updatedAt"`
		} `json:"workspace"`
		Readouts    []readout    `json:"readouts"`
		Annotations []annotation `json:"annotations"`
	}
	ts := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	sample, err := workspace.Sample(fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	// Every control character and the JavaScript line separators.
	var ctl strings.Builder
	for c := range rune(0x20) {
		if c != '\r' {
			ctl.WriteRune(c)
		}
	}
	ctl.WriteString("\u007f\u0080\u2028\u2029\ufeff\"\\/<>&")
	weird := golden(t)
	weird.Title = "t " + ctl.String()
	weird.Annotations[0].Note = ctl.String()
	weird.Readouts[2].Source = ctl.String()
	empty := &workspace.Workspace{ID: fixture.WS, Title: "empty", CreatedAt: fixture.T0, UpdatedAt: fixture.T0}

	for _, w := range []*workspace.Workspace{golden(t), sample, weird, empty, big(t, 2000, 100)} {
		got, err := Encode(w, fixture.T0)
		if err != nil {
			t.Fatal(err)
		}
		f := file{Format: "framecheck", Version: 1, OffsetUnit: "codepoint", ExportedAt: ts(fixture.T0),
			Readouts: []readout{}, Annotations: []annotation{}}
		f.Workspace.ID, f.Workspace.Title, f.Workspace.CreatedAt, f.Workspace.UpdatedAt = w.ID, w.Title, ts(w.CreatedAt), ts(w.UpdatedAt)
		for _, r := range w.Readouts {
			f.Readouts = append(f.Readouts, readout{r.ID, r.Title, r.Source, r.URL, r.PublishedAt, r.Language, r.Text, sha(r.Text)})
		}
		sorted := *w
		sorted.Annotations = slices.Clone(w.Annotations)
		sorted.Sort()
		for _, a := range sorted.Annotations {
			f.Annotations = append(f.Annotations, annotation{a.ID, a.ReadoutID, string(a.Tag), a.Start, a.End,
				a.Exact, a.Prefix, a.Suffix, a.Note, a.Author, a.OmittedBy, ts(a.CreatedAt), ts(a.UpdatedAt)})
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(f); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("workspace %q: Encode differs from encoding/json\n got: %s\nwant: %s", w.Title, jsonwalk.Clip(string(got)), jsonwalk.Clip(want.String()))
			for i := range min(len(got), want.Len()) {
				if got[i] != want.Bytes()[i] {
					t.Errorf("first difference at byte %d: %q vs %q", i, got[max(0, i-40):min(len(got), i+40)], want.Bytes()[max(0, i-40):min(want.Len(), i+40)])
					break
				}
			}
		}
	}
}

func TestAppendStringInvalidUTF8(t *testing.T) {
	s := "a\xffb\xe2\x80c"
	got := string(appendString(nil, s))
	want, _ := json.Marshal(s)
	if got != string(want) {
		t.Errorf("appendString(%q) = %s, encoding/json gives %s", s, got, want)
	}
}

func TestEncodeRefuses(t *testing.T) {
	cases := []struct {
		name   string
		change func(w *workspace.Workspace)
		at     time.Time
		want   string
	}{
		{"nil-safe model error", func(w *workspace.Workspace) { w.Annotations[1].End = 10_000 }, fixture.T0,
			`annotations[1].end: 10000 is past the end of readout "Kremlin readout"`},
		{"empty title", func(w *workspace.Workspace) { w.Title = " " }, fixture.T0, "workspace.title: must not be empty"},
		{"invalid UTF-8 text", func(w *workspace.Workspace) {
			w.Readouts[2].Text += "\xff"
		}, fixture.T0, "readouts[2].text: is not valid UTF-8"},
		{"invalid UTF-8 note", func(w *workspace.Workspace) { w.Annotations[4].Note = "\xc0" }, fixture.T0, "annotations[4].note: is not valid UTF-8"},
		{"wrong prefix", func(w *workspace.Workspace) { w.Annotations[4].Prefix = "xyz" }, fixture.T0, `annotations[4].prefix: "xyz" is not the text just before offset`},
		{"long suffix", func(w *workspace.Workspace) {
			a := w.Annotations[0]
			rs := []rune(w.Readouts[2].Text)
			a.Suffix = string(rs[a.End:min(len(rs), a.End+33)])
		}, fixture.T0, "annotations[0].suffix: 33 code points is more than the 32"},
		{"torn prefix", func(w *workspace.Workspace) {
			a := w.Annotations[6] // on the Arabic text, which starts the prefix
			a.Prefix = a.Prefix[1:]
		}, fixture.T0, "annotations[6].prefix: "},
		{"year 10000", func(w *workspace.Workspace) {
			w.Annotations[2].UpdatedAt = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
		}, fixture.T0,
			"annotations[2].updatedAt: year 10000 cannot be written"},
		{"exportedAt", func(w *workspace.Workspace) {}, time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), "exportedAt: year -1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := golden(t)
			c.change(w)
			_, err := Encode(w, c.at)
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("Encode = %v, want an *Error", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("Encode error\n got %q\nwant it to contain %q", err, c.want)
			}
		})
	}
	if _, err := Encode(nil, fixture.T0); err == nil {
		t.Error("Encode(nil) succeeded")
	}
}

func TestFilename(t *testing.T) {
	day := time.Date(2026, 7, 5, 23, 30, 0, 0, time.FixedZone("MSK", 3*3600))
	long := strings.Repeat("Телефонный разговор ", 20)
	cases := []struct{ title, want string }{
		{"Putin–Trump call, July 2026 (sample)", "Putin–Trump call, July 2026 (sample)-2026-07-05.framecheck.json"},
		{"Разговор Путина и Трампа", "Разговор Путина и Трампа-2026-07-05.framecheck.json"},
		{`a/b\c:d*e?f"g<h>i|j`, "a b c d e f g h i j-2026-07-05.framecheck.json"},
		{"  tabs\tand\nnew  lines  ", "tabs and new lines-2026-07-05.framecheck.json"},
		{"evil\u202Egnp.exe", "evil gnp.exe-2026-07-05.framecheck.json"},
		{"...hidden.", "hidden-2026-07-05.framecheck.json"},
		{"", "framecheck-2026-07-05.framecheck.json"},
		{" /// ", "framecheck-2026-07-05.framecheck.json"},
		{"\x00\x1f\x7f", "framecheck-2026-07-05.framecheck.json"},
		{"bad\xffbyte", "bad byte-2026-07-05.framecheck.json"},
		{"بيان الرئاسة 👩🏽‍💻", "بيان الرئاسة 👩🏽‍💻-2026-07-05.framecheck.json"},
	}
	for _, c := range cases {
		if got := Filename(c.title, day); got != c.want {
			t.Errorf("Filename(%q) = %q, want %q", c.title, got, c.want)
		}
	}
	// Long titles are cut within the limits, on a grapheme boundary.
	for _, title := range []string{long, strings.Repeat("👩🏽‍💻", 60), strings.Repeat("x", 500), strings.Repeat("e\u0301", 100)} {
		got := Filename(title, day)
		if len(got) > 200 || !utf8.ValidString(got) || !strings.HasSuffix(got, "-2026-07-05.framecheck.json") {
			t.Errorf("Filename(long %q…) = %q (%d bytes)", jsonwalk.Clip(title), got, len(got))
		}
		name := strings.TrimSuffix(got, "-2026-07-05.framecheck.json")
		if !strings.HasPrefix(title, name) || strings.HasSuffix(name, " ") {
			t.Errorf("Filename(long) = %q: not a clean prefix of the title", got)
		}
		if strings.HasPrefix(title, "👩") && strings.Count(name, "👩🏽‍💻")*len("👩🏽‍💻") != len(name) {
			t.Errorf("Filename tore an emoji: %q", name)
		}
		if strings.HasPrefix(title, "e\u0301") && strings.HasSuffix(name, "e") {
			t.Errorf("Filename tore off a combining mark: %q", name)
		}
	}
}

func TestErrorString(t *testing.T) {
	if got := (&Error{Path: "annotations[3].end", Msg: "bad"}).Error(); got != "annotations[3].end: bad" {
		t.Error(got)
	}
	if got := (&Error{Msg: "the file is empty"}).Error(); got != "the file is empty" {
		t.Error(got)
	}
}

func TestSchemaFileIsServedPath(t *testing.T) {
	// The schema lives where the server serves it from.
	if _, err := os.Stat(filepath.Join("..", "..", "web", "schema", "framecheck-v1.schema.json")); err != nil {
		t.Fatal(err)
	}
}

func TestAppendTime(t *testing.T) {
	for _, tm := range []time.Time{
		{}, fixture.T0, time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC),
		time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("X", -9*3600-30*60)),
		time.Date(1969, 7, 20, 20, 17, 40, 0, time.Local),
	} {
		want := `"` + tm.UTC().Format(timeLayout) + `"`
		if got := string(appendTime(nil, tm)); got != want {
			t.Errorf("appendTime(%v) = %s, want %s", tm, got, want)
		}
	}
}
