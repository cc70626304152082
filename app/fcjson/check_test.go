package fcjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

// checked returns the golden workspace with its own scale (renamed,
// reordered, one rating added), a publisher and checks on three
// annotations: rated with evidence, unverifiable, in progress.
func checked(tb testing.TB) *workspace.Workspace {
	tb.Helper()
	w := golden(tb)
	s := workspace.DefaultScale().Renamed(1, "Largely «true» </script>").Moved(6, -2)
	s = append(s, workspace.Rating{ID: "0b7e4c1a-2f3d-4e5a-8b6c-7d8e9f0a1b2c", Name: "Satire", Color: "#8250DF", Symbol: "☺", Unscored: true})
	w.RatingScale = s
	w.Publisher = workspace.Publisher{Name: "Desk <Fact>", URL: "https://desk.example/", ArticleURL: "https://desk.example/call-5-july"}
	w.Annotations[4].Check = &workspace.Check{Verdict: workspace.DefaultRatingID("Mostly false"), Claim: "Они были «партнёрами» </script><b>",
		Claimant: "Kremlin", ClaimantType: "Organization", Evidence: []workspace.Evidence{{URL: "https://example.org/a?x=1&y=2", Title: "Transcript — полный"}, {Title: "Phone call, no URL"}, {URL: "javascript:alert(1)"}},
		CheckedAt: fixture.T0}
	w.Annotations[0].Check = &workspace.Check{Verdict: workspace.DefaultRatingID("Unverifiable"), Claim: "👩🏽‍💻 readout", Claimant: "Анна", ClaimantType: "Person", CheckedAt: fixture.T0}
	w.Annotations[2].Check = &workspace.Check{CheckedAt: fixture.T0}
	if err := w.Validate(); err != nil {
		tb.Fatal(err)
	}
	return w
}

func TestChecksRoundTrip(t *testing.T) {
	w := checked(t)
	data, err := Encode(w, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(data) {
		t.Fatalf("not JSON:\n%s", data)
	}
	back, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(back.RatingScale) != fmt.Sprint(w.RatingScale) || back.Publisher != w.Publisher {
		t.Errorf("scale or publisher changed:\n%v\n%v\n%+v", back.RatingScale, w.RatingScale, back.Publisher)
	}
	n := 0
	for _, a := range w.Annotations {
		b := back.Annotation(a.ID)
		if !a.Check.Equal(b.Check) {
			t.Errorf("annotation %s: check %+v came back as %+v", a.ID, a.Check, b.Check)
		}
		if a.Check != nil {
			n++
		}
	}
	if n != 3 {
		t.Fatalf("%d checks in the fixture", n)
	}
	again, err := Encode(back, fixture.T0)
	if err != nil || !bytes.Equal(again, data) {
		t.Errorf("second encode differs (%v)", err)
	}
	if errs := validate(t, loadSchema(t), data, true); len(errs) > 0 {
		t.Errorf("schema: %s", strings.Join(errs, "\n"))
	}
}

func TestOlderFilesKeepTheDefaultScale(t *testing.T) {
	w := golden(t)
	data, err := Encode(w, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("ratingScale")) || bytes.Contains(data, []byte("claimReview")) || bytes.Contains(data, []byte(`"check"`)) {
		t.Error("a workspace without checks writes check fields")
	}
	back, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if back.RatingScale != nil || len(back.Scale()) != 7 {
		t.Errorf("scale %v", back.RatingScale)
	}
	// A default-scale verdict in a file without ratingScale opens.
	w.Annotations[1].Check = &workspace.Check{Verdict: workspace.DefaultRatingID("False"), CheckedAt: fixture.T0}
	data, err = Encode(w, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Decode(data); err != nil {
		t.Fatal(err)
	}
}

// TestCheckRefusalsNamePlace breaks one thing at a time in an encoded file
// and expects the refusal to name its place.
func TestCheckRefusalsNamePlace(t *testing.T) {
	data, err := Encode(checked(t), fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	var idx int // the index in the file of the annotation with evidence
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for i, a := range m["annotations"].([]any) {
		if c, ok := a.(map[string]any)["check"].(map[string]any); ok && c["evidence"] != nil {
			idx = i
		}
	}
	an := func(m map[string]any) map[string]any { return m["annotations"].([]any)[idx].(map[string]any) }
	ck := func(m map[string]any) map[string]any { return an(m)["check"].(map[string]any) }
	sc := func(m map[string]any, i int) map[string]any {
		return m["workspace"].(map[string]any)["ratingScale"].([]any)[i].(map[string]any)
	}
	p := fmt.Sprintf("annotations[%d].check.", idx)
	cases := map[string]struct {
		edit func(m map[string]any)
		path string
	}{
		"unknown verdict":   {func(m map[string]any) { ck(m)["verdict"] = "9b2e4c1a-2f3d-4e5a-8b6c-7d8e9f0a1b2c" }, p + "verdict"},
		"verdict number":    {func(m map[string]any) { ck(m)["verdict"] = 3 }, p + "verdict"},
		"evidence not list": {func(m map[string]any) { ck(m)["evidence"] = "x" }, p + "evidence"},
		"evidence url type": {func(m map[string]any) { ck(m)["evidence"].([]any)[1].(map[string]any)["url"] = true }, p + "evidence[1].url"},
		"empty evidence":    {func(m map[string]any) { ck(m)["evidence"].([]any)[2] = map[string]any{} }, p + "evidence[2]"},
		"no checkedAt":      {func(m map[string]any) { delete(ck(m), "checkedAt") }, p + "checkedAt"},
		"check not object":  {func(m map[string]any) { an(m)["check"] = []any{} }, fmt.Sprintf("annotations[%d].check", idx)},
		"rating no name":    {func(m map[string]any) { delete(sc(m, 2), "name") }, "workspace.ratingScale[2].name"},
		"rating bad colour": {func(m map[string]any) { sc(m, 3)["color"] = "red" }, "workspace.ratingScale[3].color"},
		"rating unscored":   {func(m map[string]any) { sc(m, 3)["unscored"] = "yes" }, "workspace.ratingScale[3].unscored"},
		"duplicate name":    {func(m map[string]any) { sc(m, 1)["name"] = "TRUE" }, "workspace.ratingScale[1].name"},
		"removed rating": {func(m map[string]any) {
			s := m["workspace"].(map[string]any)["ratingScale"].([]any)
			m["workspace"].(map[string]any)["ratingScale"] = append(s[:5:5], s[6:]...) // Mostly false, in use
		}, p + "verdict"},
		"publisher type": {func(m map[string]any) {
			m["workspace"].(map[string]any)["claimReview"].(map[string]any)["articleUrl"] = 1
		}, "workspace.claimReview.articleUrl"},
	}
	for name, c := range cases {
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		c.edit(m)
		bad, _ := json.Marshal(m)
		_, err := Decode(bad)
		e, ok := err.(*Error)
		if !ok || e.Path != c.path {
			t.Errorf("%s: got %v, want path %s", name, err, c.path)
		}
		if errs := validate(t, loadSchema(t), bad, false); len(errs) == 0 && !strings.Contains("unknown verdict empty evidence duplicate name removed rating", name) {
			t.Errorf("%s: the schema accepts what Decode refuses", name)
		}
	}
}
