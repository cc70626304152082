package ui

import (
	"slices"
	"testing"

	"framecheck/app/store"
)

// The one rule for which workspace opens, at start and after the open one
// goes to the trash.
func TestOpenOrder(t *testing.T) {
	list := []store.Meta{{ID: "recent"}, {ID: "older"}, {ID: "last"}}
	for _, tc := range []struct {
		name   string
		last   string
		list   []store.Meta
		listed bool
		want   []string
	}{
		{"the one open last, then the most recent", "last", list, true, []string{"last", "recent"}},
		{"the last is the most recent: tried once", "recent", list, true, []string{"recent"}},
		{"the last is in the trash or gone: the most recent", "trashed", list, true, []string{"recent"}},
		{"nothing open last (after a delete): the most recent", "", list, true, []string{"recent"}},
		{"the list unreadable: only the last", "last", nil, false, []string{"last"}},
		{"nothing stored: a new one", "last", nil, true, nil},
		{"nothing known: a new one", "", nil, false, nil},
	} {
		if got := openOrder(tc.last, tc.list, tc.listed); !slices.Equal(got, tc.want) {
			t.Errorf("%s: openOrder = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// openChosen follows openOrder on a library, skipping what does not open.
func TestOpenChosen(t *testing.T) {
	lib := &store.Library{B: store.NewMemory()}
	if w, _ := openChosen(lib, "x"); w != nil {
		t.Fatalf("empty library: opened %q", w.Title)
	}
	s := testSession(t)
	if _, err := lib.Save(s.ws, 0); err != nil {
		t.Fatal(err)
	}
	if w, rev := openChosen(lib, "gone"); w == nil || w.ID != s.ws.ID || rev != 1 {
		t.Fatalf("the last one gone: want the most recent, got %v rev %d", w, rev)
	}
	if err := lib.MoveToTrash(s.ws.ID); err != nil {
		t.Fatal(err)
	}
	if w, _ := openChosen(lib, s.ws.ID); w != nil {
		t.Fatalf("opened %q from the trash", w.Title)
	}
}
