package fcjson

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

// versioned returns the sample with a new version of its White House
// readout: a sentence removed (one orphan), a figure changed (one quote
// changed).
func versioned(t *testing.T) *workspace.Workspace {
	t.Helper()
	w := sample(t)
	wh := w.Readouts[1]
	neu := strings.Replace(wh.Text, " The President made clear that the killing in Ukraine has to stop and that the United States expects serious steps toward a ceasefire.", "", 1)
	neu = strings.Replace(neu, "ninety minutes", "eighty minutes", 1)
	if _, err := w.Do(workspace.AddVersion{ReadoutID: wh.ID, Text: neu, URL: "https://example.org/v2"}, fixture.T0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	return w
}

// versionFields prints what the versions add to a workspace.
func versionFields(w *workspace.Workspace) string {
	var b strings.Builder
	for _, r := range w.Readouts {
		for _, v := range r.Versions {
			fmt.Fprintf(&b, "v %s %q %v %q\n", r.ID, v.Text, v.AddedAt, v.URL)
		}
	}
	for _, a := range w.Annotations {
		fmt.Fprintf(&b, "a %s %d-%d %q %v %q %q\n", a.ID, a.Start, a.End, a.Exact, a.Orphan, a.AnchoredTo, a.PreviousExact)
	}
	return b.String()
}

// A workspace with versions, an orphan and a changed quote exports, meets
// the schema (strictly) and opens again with everything as it was.
func TestVersionsRoundTrip(t *testing.T) {
	w := versioned(t)
	orphans, changed := 0, 0
	for _, a := range w.Annotations {
		if a.Orphan {
			orphans++
		}
		if a.PreviousExact != "" {
			changed++
		}
	}
	if orphans != 1 || changed != 1 {
		t.Fatalf("test bug: %d orphans, %d changed quotes", orphans, changed)
	}
	data := encode(t, w)
	if errs := validate(t, loadSchema(t), data, true); len(errs) > 0 {
		t.Errorf("the export does not satisfy the schema:\n%s", strings.Join(errs, "\n"))
	}
	for _, want := range []string{`"versions": [`, `"orphan": true`, `"previousExact": "for ninety minutes"`, `"anchoredTo": "` + workspace.TextSHA256(w.Readouts[1].Text) + `"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the export lacks %s", want)
		}
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffWorkspaces(w, got); d != "" {
		t.Error(d)
	}
	if a, b := versionFields(w), versionFields(got); a != b {
		t.Errorf("versions after the round trip:\n got %s\nwant %s", b, a)
	}
	if again := encode(t, got); string(again) != string(data) {
		t.Error("a second export differs from the first")
	}
}

func TestVersionsRefused(t *testing.T) {
	w := versioned(t)
	orphan := -1
	m := toMap(t, encode(t, w))
	for i, x := range m["annotations"].([]any) {
		if x.(map[string]any)["orphan"] == true {
			orphan = i
		}
	}
	ver := func(m map[string]any) map[string]any { return ro(m, 1)["versions"].([]any)[0].(map[string]any) }
	cases := map[string]struct {
		mut  func(m map[string]any)
		want string
	}{
		"version text changed": {func(m map[string]any) { ver(m)["text"] = "changed" },
			"readouts[1].versions[0].textSha256: the text of this version does not match its SHA-256"},
		"version without addedAt": {func(m map[string]any) { delete(ver(m), "addedAt") }, "readouts[1].versions[0].addedAt: missing"},
		"orphan not a boolean":    {func(m map[string]any) { an(m, orphan)["orphan"] = "yes" }, fmt.Sprintf("annotations[%d].orphan: \"yes\" is not true or false", orphan)},
		"orphan without its version": {func(m map[string]any) { delete(ro(m, 1), "versions") },
			fmt.Sprintf("annotations[%d].anchoredTo: ", orphan)},
		"orphan without anchoredTo": {func(m map[string]any) { delete(an(m, orphan), "anchoredTo") },
			fmt.Sprintf("annotations[%d].anchoredTo: an orphan must name the version", orphan)},
	}
	for name, c := range cases {
		m := toMap(t, encode(t, w))
		c.mut(m)
		_, err := Decode(marshal(t, m))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
}
