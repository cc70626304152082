package w3c

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

func versionFields(w *workspace.Workspace) string {
	var b strings.Builder
	for _, r := range w.Readouts {
		for _, v := range r.Versions {
			fmt.Fprintf(&b, "v %s %q %v %q\n", r.ID, v.Text, v.AddedAt, v.URL)
		}
	}
	for _, a := range w.Annotations {
		fmt.Fprintf(&b, "a %s %d-%d %q %q %q %v %q %q\n", a.ID, a.Start, a.End, a.Exact, a.Prefix, a.Suffix, a.Orphan, a.AnchoredTo, a.PreviousExact)
	}
	return b.String()
}

// A workspace with a new version (an orphan, a changed quote) goes through
// a W3C file and back: the orphan keeps only its TextQuoteSelector, the
// versions travel under framecheck:, and everything comes back.
func TestVersionsRoundTrip(t *testing.T) {
	w, err := workspace.Sample(fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	wh := w.Readouts[1]
	neu := strings.Replace(wh.Text, " The President made clear that the killing in Ukraine has to stop and that the United States expects serious steps toward a ceasefire.", "", 1)
	neu = strings.Replace(neu, "ninety minutes", "eighty minutes", 1)
	if _, err := w.Do(workspace.AddVersion{ReadoutID: wh.ID, Text: neu}, fixture.T0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	data, err := Encode(w, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		First struct {
			Items []struct {
				Orphan bool            `json:"framecheck:orphan"`
				Target json.RawMessage `json:"target"`
			} `json:"items"`
		} `json:"first"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	orphans := 0
	for _, it := range doc.First.Items {
		if !it.Orphan {
			continue
		}
		orphans++
		var tg struct {
			Selector []struct {
				Type string `json:"type"`
			} `json:"selector"`
		}
		if err := json.Unmarshal(it.Target, &tg); err != nil {
			t.Fatalf("orphan target %s: %v", it.Target, err)
		}
		if len(tg.Selector) != 1 || tg.Selector[0].Type != "TextQuoteSelector" {
			t.Errorf("an orphan's selectors: %+v, want only its TextQuoteSelector", tg.Selector)
		}
	}
	if orphans != 1 || !strings.Contains(string(data), `"framecheck:versions": [`) || !strings.Contains(string(data), `"framecheck:previousExact": "for ninety minutes"`) {
		t.Errorf("%d orphans in the file; versions or previousExact missing", orphans)
	}
	back, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := versionFields(w), versionFields(back); a != b {
		t.Errorf("after the round trip:\n got %s\nwant %s", b, a)
	}
}
