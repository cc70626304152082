package fcjson

import (
	"bytes"
	"testing"
	"time"

	"framecheck/app/internal/fixture"
)

// Restamp must give exactly the bytes Encode writes at the other time.
func TestRestampIsEncodeAtAnotherTime(t *testing.T) {
	for _, w := range []struct {
		name string
		n    int
	}{{"small", 10}, {"big", 2000}} {
		ws := big(t, 5_000, w.n)
		saved, err := Encode(ws, ws.UpdatedAt)
		if err != nil {
			t.Fatal(err)
		}
		for _, at := range []time.Time{
			fixture.T0.Add(72 * time.Hour),
			time.Date(9999, 12, 31, 23, 59, 59, 999, time.FixedZone("x", 3600)),
			time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		} {
			want, err := Encode(ws, at)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := Restamp(saved, at)
			if !ok || !bytes.Equal(got, want) {
				t.Errorf("%s at %v: Restamp differs from Encode (ok %v)", w.name, at, ok)
			}
		}
	}
	good, err := Encode(big(t, 100, 3), fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := Restamp(good, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)); ok {
		t.Error("Restamp wrote a year Encode refuses")
	}
	for _, bad := range [][]byte{nil, []byte("{}"), good[:len(header)+5], bytes.Replace(good, []byte(`"exportedAt": "2`), []byte(`"exportedAt": "X`), 1),
		bytes.Replace(good, []byte(`"version": 1`), []byte(`"version": 2`), 1)} {
		if out, ok := Restamp(bad, fixture.T0); ok || out != nil {
			t.Errorf("Restamp(%.60q) accepted", bad)
		}
	}
}
