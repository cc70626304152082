package doccano

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

// emojiText has astral characters (UTF-16 pairs), flags (pairs of regional
// indicators), ZWJ sequences, skin tones and a combining mark, each before
// some of the annotated words, so every unit gives other offsets.
const emojiText = "🇺🇦 Kyiv and 👨‍👩‍👧 family; 👍🏽 agreed. 👶🏻👦🏻👧🏻👨🏻 children, café\u0301 talks, 𝕏 post, 🏳️‍🌈 flag end."

// emojiWorkspace annotates emojiText on words after the emoji and on the
// emoji themselves.
func emojiWorkspace(t *testing.T) *workspace.Workspace {
	t.Helper()
	w := &workspace.Workspace{ID: "6f1f7d1e-4c55-4a8e-9d1e-8a1b2c3d4e5f", Title: "Emoji", CreatedAt: fixture.T0, UpdatedAt: fixture.T0}
	r, err := workspace.NewReadout("Emoji readout", "", "", "", "en", emojiText)
	if err != nil {
		t.Fatal(err)
	}
	r.ID = "0a9b8c7d-6e5f-4a3b-8c1d-0e9f8a7b6c5d"
	w.Readouts = []*workspace.Readout{r}
	ids := fixture.SeqIDs()
	for _, q := range []string{"🇺🇦", "Kyiv", "👨‍👩‍👧 family", "agreed", "👦🏻", "children", "café\u0301", "𝕏", "post", "🏳️‍🌈", "end"} {
		occ := r.Positions().Find(q)
		if len(occ) == 0 {
			t.Fatalf("%q not in the text", q)
		}
		a, err := w.NewAnnotation(r.ID, workspace.Fact, occ[0], occ[0]+len([]rune(q)), "", fixture.T0)
		if err != nil {
			t.Fatal(err)
		}
		a.ID = ids()
		if _, err := w.Do(workspace.AddAnnotation{Annotation: a}, fixture.T0); err != nil {
			t.Fatal(err)
		}
	}
	w.UpdatedAt = fixture.T0
	return w
}

type plainLine struct {
	Text  string  `json:"text"`
	Label [][]any `json:"label"`
}

func readLines(t *testing.T, data []byte) []plainLine {
	t.Helper()
	var out []plainLine
	for _, l := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var p plainLine
		if err := json.Unmarshal(l, &p); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// doccano's annotation screen (doccano/v-annotator) counts offsets in
// JavaScript string indices, UTF-16 code units, and its backend stores what
// the screen sends: so the default export must put every label where
// JavaScript's String.prototype.slice finds the quote. The check is made by
// Node, independently of framecheck's own conversion (skipped without Node,
// except under CI).
func TestEmojiGoldenUTF16(t *testing.T) {
	w := emojiWorkspace(t)
	data, err := Encode(w)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "emoji.doccano.jsonl", data)
	lines := readLines(t, data)
	var want []string
	for _, a := range w.Annotations {
		want = append(want, a.Exact)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is needed to check UTF-16 offsets independently, and CI is set")
		}
		t.Skip("node not found: the independent UTF-16 check is skipped")
	}
	// Node reads the file and prints text.slice(start, end) of each label,
	// as doccano's screen would cut it.
	const js = `const fs=require("fs");const out=[];for(const l of fs.readFileSync(process.argv[1],"utf8").trim().split("\n")){const o=JSON.parse(l);for(const [s,e] of o.label)out.push(o.text.slice(s,e))}process.stdout.write(JSON.stringify(out))`
	f := t.TempDir() + "/emoji.jsonl"
	if err := os.WriteFile(f, data, 0o600); err != nil {
		t.Fatal(err)
	}
	outb, err := exec.Command(node, "-e", js, f).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got []string
	if err := json.Unmarshal(outb, &got); err != nil {
		t.Fatalf("node output %q: %v", outb, err)
	}
	// Labels are sorted by start like the annotations here (one readout,
	// no ties), so the lists line up.
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("JavaScript slices of the labels:\n got %q\nwant %q", got, want)
	}
	if len(lines) != 1 || len(lines[0].Label) != len(want) {
		t.Fatalf("lines %+v", lines)
	}
}

// Each unit round-trips: export in it, import in it, the same spans. And
// the default of import is the default of export (UTF-16), without extras.
func TestUnitsRoundTrip(t *testing.T) {
	w := emojiWorkspace(t)
	for _, u := range []Unit{UTF16, CodePoint, Grapheme} {
		data, err := EncodeWith(w, u)
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		// Without the extras, only the label offsets say where spans are.
		var plain bytes.Buffer
		for _, l := range readLines(t, data) {
			b, _ := json.Marshal(l)
			plain.Write(b)
			plain.WriteByte('\n')
		}
		got, _, err := Decode(plain.Bytes(), ImportOptions{Unit: u, Now: fixture.T0, NewID: fixture.SeqIDs()})
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		var a, b []string
		for i := range w.Annotations {
			a = append(a, w.Annotations[i].Exact)
		}
		for i := range got.Annotations {
			b = append(b, got.Annotations[i].Exact)
		}
		if strings.Join(a, "|") != strings.Join(b, "|") {
			t.Errorf("%s: got %q, want %q", u, b, a)
		}
	}
	def, _ := Encode(w)
	utf, _ := EncodeWith(w, UTF16)
	if !bytes.Equal(def, utf) {
		t.Error("Encode is not EncodeWith UTF16")
	}
}

// doccano's own example: four emoji with skin tones are 16 UTF-16 units
// (v-annotator's test "check codepoint length" expects 16) and 8 code
// points; the second is at 4-8. Read by default (UTF-16), it is found.
func TestDecodeDefaultUTF16(t *testing.T) {
	in := `{"text": "👶🏻👦🏻👧🏻👨🏻 ok", "label": [[4, 8, "fact"], [17, 19, "framing"]]}`
	w, _, err := Decode([]byte(in), ImportOptions{Now: fixture.T0, NewID: fixture.SeqIDs()})
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Annotations) != 2 || w.Annotations[0].Exact != "👦🏻" || w.Annotations[1].Exact != "ok" {
		t.Errorf("annotations %q", []string{w.Annotations[0].Exact, w.Annotations[1].Exact})
	}
	// An offset between the halves of a surrogate pair is refused, with
	// the unit named and a hint.
	_, _, err = Decode([]byte(`{"text": "👶🏻 ok", "label": [[1, 3, "fact"]]}`), ImportOptions{})
	if err == nil || !strings.Contains(err.Error(), "line 1: label[0]") || !strings.Contains(err.Error(), "UTF-16") {
		t.Errorf("err = %v", err)
	}
}
