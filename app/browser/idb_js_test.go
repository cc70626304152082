//go:build js && wasm

package browser

import (
	"encoding/json"
	"syscall/js"
	"testing"
	"time"

	"framecheck/app/store"
)

// Records are written without encoding/json now; they must read back the
// same, and records an older framecheck wrote through JSON must still read.
func TestMetaRecords(t *testing.T) {
	t0 := time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)
	for _, m := range []store.Meta{
		{ID: "0a000000-0000-4000-8000-000000000001", Title: "Kremlin «readout» 🇺🇦", Readouts: 2, Annotations: 10000, UpdatedAt: t0, Rev: 7},
		{ID: "0a000000-0000-4000-8000-000000000002", Title: "Trashed", UpdatedAt: t0, Rev: 1, DeletedAt: t0.Add(90 * time.Minute)},
		{ID: "0a000000-0000-4000-8000-000000000003", Title: "Fractions", UpdatedAt: t0.Add(123456789 * time.Nanosecond), Rev: 2},
	} {
		got, err := metaFromJS(metaToJS(m))
		if err != nil || !sameMeta(got, m) {
			t.Errorf("round trip of %+v: %+v, %v", m, got, err)
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		old := js.Global().Get("JSON").Call("parse", string(b))
		got, err = metaFromJS(old)
		if err != nil || !sameMeta(got, m) {
			t.Errorf("record written through JSON %s: %+v, %v", b, got, err)
		}
		if back := js.Global().Get("JSON").Call("stringify", metaToJS(m)).String(); back != string(b) {
			t.Errorf("the record's JSON is %s, encoding/json wrote %s", back, b)
		}
	}
	for _, bad := range []string{`{"id": 3}`, `{"rev": "7"}`, `{"updatedAt": "yesterday"}`, `"a string"`} {
		if m, err := metaFromJS(js.Global().Get("JSON").Call("parse", bad)); err == nil {
			t.Errorf("%s: read as %+v, want an error", bad, m)
		}
	}
}

func sameMeta(a, b store.Meta) bool {
	return a.ID == b.ID && a.Title == b.Title && a.Readouts == b.Readouts && a.Annotations == b.Annotations &&
		a.UpdatedAt.Equal(b.UpdatedAt) && a.Rev == b.Rev && a.DeletedAt.Equal(b.DeletedAt)
}
