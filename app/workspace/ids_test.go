package workspace

import (
	"testing"
	"time"

	"github.com/google/uuid"
)

// With the pool on, ids are still random version 4 UUIDs and never repeat
// (a pool handing out the same bytes twice would fail here).
func TestIDsFromThePool(t *testing.T) {
	seen := map[string]bool{}
	for range 5000 {
		s := uuid.NewString()
		u, err := uuid.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		if u.Version() != 4 || u.Variant() != uuid.RFC4122 {
			t.Fatalf("%s: version %d, variant %v", s, u.Version(), u.Variant())
		}
		if seen[s] {
			t.Fatalf("%s given twice", s)
		}
		seen[s] = true
	}
}

// Giving 20,000 readouts and annotations new ids, as "Open as a new
// workspace" does. Under js/wasm (go_js_wasm_exec) this is where the id
// source shows: 203 ms per op with an id read from crypto/rand one at a time.
func BenchmarkReid(b *testing.B) {
	w := manyReadouts(10000)
	now := time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)
	for b.Loop() {
		w.Clone().Reid(now)
	}
}
