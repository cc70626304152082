package fcjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

// goldenMap returns the golden export as generic JSON, numbers kept as
// json.Number, for tests to break.
func goldenMap(t *testing.T) map[string]any {
	t.Helper()
	data, err := Encode(golden(t), fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func obj(m map[string]any, key string) map[string]any { return m[key].(map[string]any) }
func ro(m map[string]any, i int) map[string]any       { return m["readouts"].([]any)[i].(map[string]any) }
func an(m map[string]any, i int) map[string]any       { return m["annotations"].([]any)[i].(map[string]any) }

// setText changes a readout's text and keeps its hash right.
func setText(r map[string]any, text string) {
	r["text"] = text
	r["textSha256"] = sha(text)
}

// In the golden file (canonical order) annotations[0] is the fact on
// «партнёрами» (43-55 of the Kremlin readout), annotations[4] the point
// omission at 185 and annotations[5] the Arabic span omission with
// omittedBy [English, Kremlin].

func TestDecodeRefusals(t *testing.T) {
	kremlinLen := utf8.RuneCountInString(fixture.GoldenTextK)
	type mut = func(m map[string]any)
	cases := []struct {
		name string
		mut  mut                        // changes the golden file, or
		raw  func(golden []byte) []byte // rewrites its bytes
		want string
	}{
		// The file as a whole.
		{name: "empty", raw: func([]byte) []byte { return nil }, want: "the file is empty"},
		{name: "white space", raw: func([]byte) []byte { return []byte(" \n\t ") }, want: "the file is empty"},
		{name: "too big", raw: func([]byte) []byte { return bytes.Repeat([]byte(" "), MaxFileSize+1) }, want: "the file is 52428801 bytes; framecheck opens files of up to 50 MB (52428800 bytes)"},
		{name: "too big, checked first", raw: func([]byte) []byte { return bytes.Repeat([]byte("x"), MaxFileSize+1) }, want: "framecheck opens files of up to 50 MB"},
		{name: "not JSON", raw: func(g []byte) []byte { return bytes.Replace(g, []byte(`"version": 1,`), []byte(`"version": 1`), 1) },
			want: "the file is not JSON: invalid character '\"' after object key:value pair at line 4, column 3"},
		{name: "truncated", raw: func(g []byte) []byte { return g[:len(g)/2] }, want: "the file is not JSON: unexpected end of JSON input at line"},
		{name: "not UTF-8", raw: func(g []byte) []byte { return bytes.Replace(g, []byte("same span"), []byte("same \xff span"), 1) },
			want: "the file is not UTF-8 text (line 60, column 21)"},
		{name: "array", raw: func([]byte) []byte { return []byte(`[{"format": "framecheck"}]`) }, want: "this is JSON but not a framecheck file: it holds an array, not an object"},
		{name: "other JSON", raw: func([]byte) []byte { return []byte(`{"name": "package.json"}`) }, want: "format: missing; this is JSON but not a framecheck file"},

		// Header.
		{name: "format other", mut: func(m map[string]any) { m["format"] = "hypothesis" }, want: `format: "hypothesis" is not "framecheck"; this is JSON but not a framecheck file`},
		{name: "format number", mut: func(m map[string]any) { m["format"] = 1 }, want: `format: 1 is not "framecheck"`},
		{name: "newer version", mut: func(m map[string]any) { m["version"] = 2; delete(m, "readouts") }, want: "version: made by a newer framecheck (version 2); this one reads version 1"},
		{name: "version missing", mut: func(m map[string]any) { delete(m, "version") }, want: "version: missing"},
		{name: "version zero", mut: func(m map[string]any) { m["version"] = 0 }, want: "version: 0 is not a version"},
		{name: "version negative", mut: func(m map[string]any) { m["version"] = -1 }, want: "version: -1 is not a version"},
		{name: "version string", mut: func(m map[string]any) { m["version"] = "1" }, want: "version: must be an integer, not a string"},
		{name: "version fraction", mut: func(m map[string]any) { m["version"] = json.Number("1.5") }, want: "version: 1.5 is not an integer"},
		{name: "version huge", mut: func(m map[string]any) { m["version"] = json.Number("1e999") }, want: "version: 1e999 is too large"},
		{name: "offsetUnit", mut: func(m map[string]any) { m["offsetUnit"] = "utf16" }, want: `offsetUnit: "utf16" is not supported; framecheck counts offsets in "codepoint"`},
		{name: "offsetUnit missing", mut: func(m map[string]any) { delete(m, "offsetUnit") }, want: "offsetUnit: missing"},
		{name: "exportedAt", mut: func(m map[string]any) { m["exportedAt"] = "yesterday" }, want: `exportedAt: "yesterday" is not an RFC 3339 time`},
		{name: "exportedAt missing", mut: func(m map[string]any) { delete(m, "exportedAt") }, want: "exportedAt: missing"},
		{name: "duplicate top-level key", raw: func(g []byte) []byte {
			return bytes.Replace(g, []byte(`"version": 1,`), []byte(`"version": 1, "version": 2,`), 1)
		}, want: "version: appears twice in the same object"},

		// Workspace.
		{name: "workspace missing", mut: func(m map[string]any) { delete(m, "workspace") }, want: "workspace: missing"},
		{name: "workspace array", mut: func(m map[string]any) { m["workspace"] = []any{} }, want: "workspace: must be an object, not an array"},
		{name: "workspace id missing", mut: func(m map[string]any) { delete(obj(m, "workspace"), "id") }, want: "workspace.id: missing"},
		{name: "workspace id malformed", mut: func(m map[string]any) { obj(m, "workspace")["id"] = "0b7f3c1e6d2a4c599e1b2f8a7d6c5b40" }, want: `workspace.id: "0b7f3c1e6d2a4c599e1b2f8a7d6c5b40" is not a UUID`},
		{name: "workspace id empty", mut: func(m map[string]any) { obj(m, "workspace")["id"] = "" }, want: "workspace.id: missing id"},
		{name: "workspace title empty", mut: func(m map[string]any) { obj(m, "workspace")["title"] = "  " }, want: "workspace.title: must not be empty"},
		{name: "workspace title null", mut: func(m map[string]any) { obj(m, "workspace")["title"] = nil }, want: "workspace.title: must be a string, not null"},
		{name: "workspace createdAt", mut: func(m map[string]any) { obj(m, "workspace")["createdAt"] = "2026-07-05" }, want: `workspace.createdAt: "2026-07-05" is not an RFC 3339 time`},
		{name: "workspace updatedAt", mut: func(m map[string]any) { obj(m, "workspace")["updatedAt"] = 1751701620 }, want: "workspace.updatedAt: must be a string, not a number"},

		// Readouts.
		{name: "readouts missing", mut: func(m map[string]any) { delete(m, "readouts") }, want: "readouts: missing"},
		{name: "readouts object", mut: func(m map[string]any) { m["readouts"] = map[string]any{} }, want: "readouts: must be an array, not an object"},
		{name: "readout not object", mut: func(m map[string]any) { m["readouts"].([]any)[1] = "readout" }, want: "readouts[1]: must be an object, not a string"},
		{name: "readout id missing", mut: func(m map[string]any) { delete(ro(m, 1), "id") }, want: "readouts[1].id: missing"},
		{name: "readout id malformed", mut: func(m map[string]any) { ro(m, 1)["id"] = "kremlin" }, want: `readouts[1].id: "kremlin" is not a UUID`},
		{name: "readout id duplicate", mut: func(m map[string]any) { ro(m, 2)["id"] = fixture.KR }, want: "readouts[2].id: id " + fixture.KR + " is already used by readouts[0].id"},
		{name: "readout id = workspace id", mut: func(m map[string]any) { ro(m, 0)["id"] = fixture.WS }, want: "readouts[0].id: id " + fixture.WS + " is already used by workspace.id"},
		{name: "readout title empty", mut: func(m map[string]any) { ro(m, 0)["title"] = "" }, want: "readouts[0].title: must not be empty"},
		{name: "readout source number", mut: func(m map[string]any) { ro(m, 0)["source"] = 5 }, want: "readouts[0].source: must be a string, not a number"},
		{name: "readout language null", mut: func(m map[string]any) { ro(m, 0)["language"] = nil }, want: "readouts[0].language: must be a string, not null"},
		{name: "text missing", mut: func(m map[string]any) { delete(ro(m, 1), "text") }, want: "readouts[1].text: missing"},
		{name: "text empty", mut: func(m map[string]any) { setText(ro(m, 1), "") }, want: "readouts[1].text: must not be empty"},
		{name: "text with CR", mut: func(m map[string]any) { setText(ro(m, 2), strings.ReplaceAll(fixture.GoldenTextE, "\n", "\r\n")) }, want: "readouts[2].text: contains a carriage return (line breaks must be LF)"},
		{name: "text changed", mut: func(m map[string]any) {
			ro(m, 0)["text"] = strings.Replace(fixture.GoldenTextK, "Конец", "Финал", 1)
		},
			want: `readouts[0].textSha256: the text of readout "Kremlin readout" does not match its SHA-256`},
		{name: "hash missing", mut: func(m map[string]any) { delete(ro(m, 0), "textSha256") }, want: "readouts[0].textSha256: missing"},
		{name: "hash uppercase", mut: func(m map[string]any) { ro(m, 0)["textSha256"] = strings.ToUpper(sha(fixture.GoldenTextK)) }, want: "readouts[0].textSha256: \"15509C6510665AA43443C6B94AEC05B37E38B603…\" is not a SHA-256 in lowercase hex (64 digits)"},
		{name: "hash short", mut: func(m map[string]any) { ro(m, 0)["textSha256"] = "abc" }, want: `readouts[0].textSha256: "abc" is not a SHA-256`},

		// Annotations.
		{name: "annotations missing", mut: func(m map[string]any) { delete(m, "annotations") }, want: "annotations: missing"},
		{name: "annotations null", mut: func(m map[string]any) { m["annotations"] = nil }, want: "annotations: must be an array, not null"},
		{name: "annotation not object", mut: func(m map[string]any) { m["annotations"].([]any)[3] = 3 }, want: "annotations[3]: must be an object, not a number"},
		{name: "annotation id missing", mut: func(m map[string]any) { delete(an(m, 3), "id") }, want: "annotations[3].id: missing"},
		{name: "annotation id malformed", mut: func(m map[string]any) { an(m, 3)["id"] = "{a1000000-0000-4000-8000-000000000002}" }, want: `annotations[3].id: "{a1000000-0000-4000-8000-000000000002}" is not a UUID`},
		{name: "annotation id duplicate", mut: func(m map[string]any) { an(m, 3)["id"] = fixture.AnnID(1) }, want: "annotations[3].id: id " + fixture.AnnID(1) + " is already used by annotations[0].id"},
		{name: "annotation id = readout id", mut: func(m map[string]any) { an(m, 2)["id"] = fixture.AR }, want: "annotations[2].id: id " + fixture.AR + " is already used by readouts[1].id"},
		{name: "readoutId unknown", mut: func(m map[string]any) { an(m, 2)["readoutId"] = fixture.AnnID(1) }, want: `annotations[2].readoutId: "` + fixture.AnnID(1) + `" is not a readout of this workspace`},
		{name: "readoutId missing", mut: func(m map[string]any) { delete(an(m, 2), "readoutId") }, want: "annotations[2].readoutId: missing"},
		{name: "tag unknown", mut: func(m map[string]any) { an(m, 2)["tag"] = "opinion" }, want: `annotations[2].tag: "opinion" is not one of fact, framing, omission`},
		{name: "tag case", mut: func(m map[string]any) { an(m, 2)["tag"] = "Fact" }, want: `annotations[2].tag: "Fact" is not one of`},
		{name: "tag missing", mut: func(m map[string]any) { delete(an(m, 2), "tag") }, want: "annotations[2].tag: missing"},
		// Offsets past the text or an exact not at its offsets are refused
		// when the quote cannot be found (TestReanchor has the others).
		{name: "end past text", mut: func(m map[string]any) { an(m, 0)["end"] = 912; an(m, 0)["exact"] = "«партнерами»" },
			want: fmt.Sprintf(`annotations[0].end: 912 is past the end of readout "Kremlin readout" (%d code points), and the quote "«партнерами»" does not occur in readout "Kremlin readout", so it cannot be re-anchored`, kremlinLen)},
		{name: "start past text", mut: func(m map[string]any) {
			an(m, 4)["start"] = kremlinLen + 1
			an(m, 4)["end"] = kremlinLen + 1
			an(m, 4)["prefix"] = "Конец!"
		}, want: fmt.Sprintf(`annotations[4].end: %d is past the end of readout "Kremlin readout" (%d code points), and its prefix and suffix ("Конец!", "") do not occur together in readout "Kremlin readout", so it cannot be re-anchored`, kremlinLen+1, kremlinLen)},
		{name: "start negative", mut: func(m map[string]any) { an(m, 0)["start"] = -1 }, want: "annotations[0].start: -1 is negative"},
		{name: "end negative", mut: func(m map[string]any) { an(m, 0)["end"] = -3 }, want: "annotations[0].end: -3 is negative"},
		{name: "reversed", mut: func(m map[string]any) { an(m, 0)["start"] = 50; an(m, 0)["end"] = 45 }, want: "annotations[0].end: 45 is before start 50"},
		{name: "start fraction", mut: func(m map[string]any) { an(m, 0)["start"] = json.Number("43.5") }, want: "annotations[0].start: 43.5 is not an integer"},
		{name: "end exponent fraction", mut: func(m map[string]any) { an(m, 0)["end"] = json.Number("5.55e1") }, want: "annotations[0].end: 5.55e1 is not an integer"},
		{name: "start string", mut: func(m map[string]any) { an(m, 0)["start"] = "43" }, want: "annotations[0].start: must be an integer, not a string"},
		{name: "start boolean", mut: func(m map[string]any) { an(m, 0)["start"] = true }, want: "annotations[0].start: must be an integer, not a boolean"},
		{name: "start missing", mut: func(m map[string]any) { delete(an(m, 0), "start") }, want: "annotations[0].start: missing"},
		{name: "start huge", mut: func(m map[string]any) { an(m, 0)["start"] = json.Number("100000000000000000000") }, want: "annotations[0].start: 100000000000000000000 is too large"},
		{name: "point fact", mut: func(m map[string]any) { an(m, 0)["end"] = 43; an(m, 0)["exact"] = "" }, want: "annotations[0].end: equals start (43); only an omission may be a point"},
		{name: "exact mismatch", mut: func(m map[string]any) { an(m, 0)["exact"] = "«партнерами»" },
			want: `annotations[0].exact: "«партнерами»" does not match the text at 43-55 of readout "Kremlin readout" ("«партнёрами»")`},
		{name: "exact shifted", mut: func(m map[string]any) { an(m, 0)["start"] = 44; an(m, 0)["end"] = 56 },
			want: `annotations[0]: no longer sits at 44-56 of readout "Kremlin readout", but its quote is found at one place, 43-55: it can be re-anchored by its quote`},
		{name: "exact missing", mut: func(m map[string]any) { delete(an(m, 0), "exact") }, want: "annotations[0].exact: missing"},
		{name: "exact missing on point", mut: func(m map[string]any) { delete(an(m, 4), "exact") }, want: "annotations[4].exact: missing"},
		{name: "exact on point", mut: func(m map[string]any) { an(m, 4)["exact"] = "." }, want: `annotations[4].exact: "." does not match the text at 185-185`},
		{name: "prefix wrong", mut: func(m map[string]any) { an(m, 0)["prefix"] = "России и " }, want: `annotations[0].prefix: "России и " is not the text just before offset 43 of readout "Kremlin readout"`},
		{name: "prefix too long", mut: func(m map[string]any) { an(m, 0)["prefix"] = "н" + an(m, 0)["prefix"].(string) }, want: "annotations[0].prefix: 33 code points is more than the 32 of context a prefix holds"},
		{name: "suffix wrong", mut: func(m map[string]any) { an(m, 4)["suffix"] = "!" }, want: `annotations[4].suffix: "!" is not the text just after offset 185`},
		{name: "note type", mut: func(m map[string]any) { an(m, 1)["note"] = []any{"a"} }, want: "annotations[1].note: must be a string, not an array"},
		{name: "author type", mut: func(m map[string]any) { an(m, 1)["author"] = false }, want: "annotations[1].author: must be a string, not a boolean"},
		{name: "createdAt bad", mut: func(m map[string]any) { an(m, 1)["createdAt"] = "2026-07-05 07:47:00" }, want: `annotations[1].createdAt: "2026-07-05 07:47:00" is not an RFC 3339 time`},
		{name: "createdAt impossible", mut: func(m map[string]any) { an(m, 1)["createdAt"] = "2026-02-30T07:47:00Z" }, want: `annotations[1].createdAt: "2026-02-30T07:47:00Z" is not an RFC 3339 time`},
		{name: "createdAt year 0 west", mut: func(m map[string]any) { an(m, 1)["createdAt"] = "0000-01-01T00:00:00+01:00" }, want: "annotations[1].createdAt: year -1 cannot be written in RFC 3339"},
		{name: "updatedAt missing", mut: func(m map[string]any) { delete(an(m, 1), "updatedAt") }, want: "annotations[1].updatedAt: missing"},
		{name: "omittedBy on fact", mut: func(m map[string]any) { an(m, 0)["omittedBy"] = []any{fixture.AR} }, want: "annotations[0].omittedBy: only omissions name the readouts that leave them out"},
		{name: "omittedBy unknown", mut: func(m map[string]any) { an(m, 5)["omittedBy"] = []any{fixture.EN, fixture.AnnID(1)} }, want: `annotations[5].omittedBy[1]: "` + fixture.AnnID(1) + `" is not a readout of this workspace`},
		{name: "omittedBy own readout", mut: func(m map[string]any) { an(m, 5)["omittedBy"] = []any{fixture.AR} }, want: "annotations[5].omittedBy[0]: names the annotation's own readout"},
		{name: "omittedBy twice", mut: func(m map[string]any) { an(m, 5)["omittedBy"] = []any{fixture.EN, fixture.EN} }, want: `annotations[5].omittedBy[1]: "` + fixture.EN + `" is listed twice`},
		{name: "omittedBy too long", mut: func(m map[string]any) { an(m, 5)["omittedBy"] = []any{fixture.EN, fixture.KR, fixture.EN} },
			want: "annotations[5].omittedBy: names more readouts than the 2 other readouts of the file"},
		{name: "huge array of junk", raw: func(g []byte) []byte {
			return bytes.Replace(g, []byte(`"readouts": [`), append([]byte(`"readouts": [`), bytes.Repeat([]byte("1,"), 5_000_000)...), 1)
		}, want: "readouts[0]: must be an object, not a number"},
		{name: "omittedBy string", mut: func(m map[string]any) { an(m, 5)["omittedBy"] = fixture.EN }, want: "annotations[5].omittedBy: must be an array, not a string"},
		{name: "omittedBy item", mut: func(m map[string]any) { an(m, 5)["omittedBy"] = []any{fixture.EN, 7} }, want: "annotations[5].omittedBy[1]: must be a string, not a number"},
		{name: "duplicate key", raw: func(g []byte) []byte {
			return bytes.Replace(g, []byte(`"tag": "fact",`), []byte(`"tag": "fact", "tag": "framing",`), 1)
		}, want: "annotations[0].tag: appears twice in the same object"},
		{name: "duplicate escaped key", raw: func(g []byte) []byte {
			return bytes.Replace(g, []byte(`"tag": "fact",`), []byte(`"tag": "fact", "t\u0061g": "framing",`), 1)
		}, want: "annotations[0].tag: appears twice in the same object"},
		{name: "key case", raw: func(g []byte) []byte { return bytes.Replace(g, []byte(`"start"`), []byte(`"Start"`), 1) }, want: "annotations[0].start: missing"},
	}
	golden, err := Encode(golden(t), fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var data []byte
			if c.raw != nil {
				data = c.raw(bytes.Clone(golden))
			} else {
				m := goldenMap(t)
				c.mut(m)
				data = marshal(t, m)
			}
			w, err := Decode(data)
			if err == nil {
				t.Fatalf("Decode succeeded (%d annotations), want %q", len(w.Annotations), c.want)
			}
			if w != nil {
				t.Error("Decode returned a workspace with its error")
			}
			var fe *Error
			if !errors.As(err, &fe) {
				t.Errorf("error %T is not an *Error", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("Decode error\n got %q\nwant it to contain %q", err, c.want)
			}
		})
	}
}

// What Decode accepts beyond the canonical form, and how it normalises it.
func TestDecodeAccepts(t *testing.T) {
	want := golden(t)
	want.Sort()
	cases := []struct {
		name string
		mut  func(m map[string]any)
		raw  func(g []byte) []byte
		// check, when set, replaces the comparison with the golden workspace.
		check func(t *testing.T, w *workspace.Workspace)
	}{
		{name: "canonical"},
		{name: "unknown fields everywhere", mut: func(m map[string]any) {
			m["generator"] = map[string]any{"name": "framecheck 1.3", "tricky": `"}]\"`, "list": []any{1, "{", nil}}
			obj(m, "workspace")["color"] = "red"
			ro(m, 0)["notes"] = []any{map[string]any{"id": "x"}}
			an(m, 0)["confidence"] = json.Number("0.8")
			an(m, 4)["Start"] = 3
		}},
		{name: "byte order mark", raw: func(g []byte) []byte { return append([]byte("\uFEFF"), g...) }},
		{name: "compact", raw: func(g []byte) []byte {
			var b bytes.Buffer
			if err := json.Compact(&b, g); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		}},
		{name: "CRLF between tokens", raw: func(g []byte) []byte { return bytes.ReplaceAll(g, []byte("\n"), []byte("\r\n")) }},
		{name: "escaped keys and values", raw: func(g []byte) []byte {
			g = bytes.Replace(g, []byte(`"start"`), []byte(`"\u0073tart"`), 1)
			return bytes.Replace(g, []byte(`"tag": "fact"`), []byte(`"tag": "f\u0061ct"`), 1)
		}},
		{name: "annotations in any order", mut: func(m map[string]any) {
			a := m["annotations"].([]any)
			for i, j := 0, len(a)-1; i < j; i, j = i+1, j-1 {
				a[i], a[j] = a[j], a[i]
			}
		}},
		{name: "integers written as decimals", mut: func(m map[string]any) {
			m["version"] = json.Number("1.0")
			an(m, 0)["start"] = json.Number("43.0")
			an(m, 0)["end"] = json.Number("5.5e1")
		}},
		{name: "empty optional fields", mut: func(m map[string]any) {
			ro(m, 2)["source"] = ""
			an(m, 0)["note"] = ""
			an(m, 0)["omittedBy"] = []any{}
		}},
		{name: "times with offsets and fractions", mut: func(m map[string]any) {
			obj(m, "workspace")["createdAt"] = "2026-07-05T09:47:00.999+03:00"
			an(m, 0)["updatedAt"] = "2026-07-05T07:47:00.5Z"
		}, check: func(t *testing.T, w *workspace.Workspace) {
			if got := w.CreatedAt; !got.Equal(fixture.T0.Add(-time.Hour)) || got.Location() != time.UTC {
				t.Errorf("workspace.createdAt = %v, want %v in UTC", got, fixture.T0.Add(-time.Hour))
			}
			if got := w.Annotations[0].UpdatedAt; !got.Equal(fixture.T0) {
				t.Errorf("updatedAt = %v, want %v", got, fixture.T0)
			}
		}},
		{name: "shorter context", mut: func(m map[string]any) {
			an(m, 0)["prefix"] = "с "
			delete(an(m, 0), "suffix")
		}, check: func(t *testing.T, w *workspace.Workspace) {
			if a := w.Annotations[0]; a.Prefix != "с " || a.Suffix != "" {
				t.Errorf("context = %q, %q", a.Prefix, a.Suffix)
			}
		}},
		{name: "uppercase uuid", mut: func(m map[string]any) {
			obj(m, "workspace")["id"] = strings.ToUpper(fixture.WS)
		}, check: func(t *testing.T, w *workspace.Workspace) {
			if w.ID != strings.ToUpper(fixture.WS) {
				t.Errorf("id = %q", w.ID)
			}
		}},
		{name: "empty workspace", raw: func([]byte) []byte {
			return []byte(`{"format":"framecheck","version":1,"offsetUnit":"codepoint","exportedAt":"2026-07-05T07:47:00Z",
				"workspace":{"id":"` + fixture.WS + `","title":"Empty","createdAt":"2026-07-05T07:47:00Z","updatedAt":"2026-07-05T07:47:00Z"},
				"readouts":[],"annotations":[]}`)
		}, check: func(t *testing.T, w *workspace.Workspace) {
			if w.Title != "Empty" || len(w.Readouts) != 0 || len(w.Annotations) != 0 {
				t.Errorf("got %+v", w)
			}
		}},
	}
	g, err := Encode(golden(t), fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := bytes.Clone(g)
			switch {
			case c.raw != nil:
				data = c.raw(data)
			case c.mut != nil:
				m := goldenMap(t)
				c.mut(m)
				data = marshal(t, m)
			}
			w, err := Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Validate(); err != nil {
				t.Fatalf("decoded workspace does not validate: %v", err)
			}
			if c.check != nil {
				c.check(t, w)
				return
			}
			if diff := diffWorkspaces(want, w); diff != "" {
				t.Error(diff)
			}
		})
	}
}

// Decode must not change or keep its input.
func TestDecodeLeavesInputAlone(t *testing.T) {
	data, err := Encode(golden(t), fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	orig := bytes.Clone(data)
	w, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, orig) {
		t.Fatal("Decode changed its input")
	}
	for i := range data {
		data[i] = ' '
	}
	if diff := diffWorkspaces(func() *workspace.Workspace { g := golden(t); g.Sort(); return g }(), w); diff != "" {
		t.Fatalf("the workspace shares memory with the input: %s", diff)
	}
}
