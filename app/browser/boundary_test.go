package browser

import (
	"encoding/json"
	"os"
	"testing"
)

// boundaryCase is one case of testdata/boundary.json, shared with the
// test of framecheck.boundary (boundary_js_test.go).
type boundaryCase struct {
	Why    string `json:"why"`
	Nodes  []int  `json:"nodes"` // UTF-16 lengths of the text nodes
	Offset int    `json:"offset"`
	None   bool   `json:"none"`
	Node   int    `json:"node"`
	At     int    `json:"at"`
}

// startsEnd turns the node lengths into the starts and the end the rule
// takes.
func (c boundaryCase) startsEnd() (starts []int, end int) {
	for _, l := range c.Nodes {
		starts = append(starts, end)
		end += l
	}
	return starts, end
}

func boundaryCases(t *testing.T) []boundaryCase {
	t.Helper()
	b, err := os.ReadFile("testdata/boundary.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Cases []boundaryCase }
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Cases) == 0 {
		t.Fatal("testdata/boundary.json holds no cases")
	}
	return f.Cases
}

func TestBoundary(t *testing.T) {
	for _, c := range boundaryCases(t) {
		starts, end := c.startsEnd()
		node, at, ok := boundary(starts, end, c.Offset)
		switch {
		case c.None && ok:
			t.Errorf("%s: nodes %v, offset %d: got node %d at %d, want none", c.Why, c.Nodes, c.Offset, node, at)
		case !c.None && (!ok || node != c.Node || at != c.At):
			t.Errorf("%s: nodes %v, offset %d: got node %d at %d (ok %v), want node %d at %d", c.Why, c.Nodes, c.Offset, node, at, ok, c.Node, c.At)
		}
	}
}
