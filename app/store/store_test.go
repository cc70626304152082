package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"framecheck/app/fcjson"
	"framecheck/app/workspace"
)

var t0 = time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)

func sample(t *testing.T) *workspace.Workspace {
	t.Helper()
	w, err := workspace.Sample(t0)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func newLib() (*Library, *Memory, *time.Time) {
	now := t0
	m := NewMemory()
	return &Library{B: m, Now: func() time.Time { return now }}, m, &now
}

func TestSaveOpenIsByteIdentical(t *testing.T) {
	l, _, _ := newLib()
	w := sample(t)
	rev, err := l.Save(w, 0)
	if err != nil || rev != 1 {
		t.Fatalf("save: rev %d, %v", rev, err)
	}
	got, meta, err := l.Open(w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if meta.Rev != 1 || meta.Readouts != 2 || meta.Annotations != len(w.Annotations) || meta.Title != w.Title {
		t.Fatalf("meta: %+v", meta)
	}
	a, _ := fcjson.Encode(w, t0)
	b, _ := fcjson.Encode(got, t0)
	if string(a) != string(b) {
		t.Fatal("export after a reload differs from the export before")
	}
}

func TestConflictNeverOverwritesNewerWork(t *testing.T) {
	l, _, _ := newLib()
	w := sample(t)
	if _, err := l.Save(w, 0); err != nil {
		t.Fatal(err)
	}
	// Two tabs open revision 1; the first saves revision 2.
	tabA, _, _ := l.Open(w.ID)
	tabB, _, _ := l.Open(w.ID)
	tabA.Title = "changed in A"
	if _, err := l.Save(tabA, 1); err != nil {
		t.Fatal(err)
	}
	tabB.Title = "changed in B"
	if _, err := l.Save(tabB, 1); !errors.Is(err, ErrConflict) {
		t.Fatalf("stale save: got %v, want ErrConflict", err)
	}
	got, meta, _ := l.Open(w.ID)
	if got.Title != "changed in A" || meta.Rev != 2 {
		t.Fatalf("stored %q rev %d", got.Title, meta.Rev)
	}
	// A new workspace must not replace an existing one with the same id.
	if _, err := l.Save(tabB, 0); !errors.Is(err, ErrConflict) {
		t.Fatalf("save as new over existing: %v", err)
	}
}

func TestTrashRestoreEmptyAndExpiry(t *testing.T) {
	l, _, now := newLib()
	a, b := sample(t), sample(t)
	b.Title = "second"
	for _, w := range []*workspace.Workspace{a, b} {
		if _, err := l.Save(w, 0); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.MoveToTrash(a.ID); err != nil {
		t.Fatal(err)
	}
	list, _ := l.List()
	trash, _ := l.Trash()
	if len(list) != 1 || list[0].ID != b.ID || len(trash) != 1 || trash[0].ID != a.ID {
		t.Fatalf("list %v trash %v", list, trash)
	}
	if err := l.Restore(a.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ = l.List(); len(list) != 2 {
		t.Fatalf("restore: %v", list)
	}
	// Expiry: 29 days keeps it, 31 days purges it.
	if err := l.MoveToTrash(a.ID); err != nil {
		t.Fatal(err)
	}
	*now = t0.Add(29 * 24 * time.Hour)
	_ = l.PurgeExpired()
	if trash, _ = l.Trash(); len(trash) != 1 {
		t.Fatal("purged too early")
	}
	*now = t0.Add(31 * 24 * time.Hour)
	_ = l.PurgeExpired()
	if trash, _ = l.Trash(); len(trash) != 0 {
		t.Fatal("not purged after 30 days")
	}
	if err := l.MoveToTrash(b.ID); err != nil {
		t.Fatal(err)
	}
	if err := l.EmptyTrash(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := l.Open(b.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("emptied workspace still opens: %v", err)
	}
}

func TestDuplicateReids(t *testing.T) {
	l, _, _ := newLib()
	w := sample(t)
	// A link too: Validate below fails if its ends keep the old ids.
	ka, wa := w.AnnotationsOf(w.Readouts[0].ID)[0], w.AnnotationsOf(w.Readouts[1].ID)[0]
	if _, err := w.Do(workspace.LinkAnnotations{A: ka.ID, B: wa.ID}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Save(w, 0); err != nil {
		t.Fatal(err)
	}
	c, err := l.Duplicate(w.ID, "copy")
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == w.ID || c.Title != "copy" || len(c.Annotations) != len(w.Annotations) {
		t.Fatalf("duplicate: %+v", c)
	}
	seen := map[string]bool{w.ID: true}
	for _, r := range w.Readouts {
		seen[r.ID] = true
	}
	for _, a := range w.Annotations {
		seen[a.ID] = true
	}
	for _, r := range c.Readouts {
		if seen[r.ID] {
			t.Fatal("readout id reused")
		}
	}
	for _, a := range c.Annotations {
		if seen[a.ID] || c.Readout(a.ReadoutID) == nil {
			t.Fatal("annotation id reused or dangling")
		}
		for _, o := range a.OmittedBy {
			if c.Readout(o) == nil {
				t.Fatal("omittedBy not rewritten")
			}
		}
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestRefusedStorageKeepsState(t *testing.T) {
	l, m, _ := newLib()
	w := sample(t)
	m.Fail = ErrUnavailable
	if _, err := l.Save(w, 0); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("got %v", err)
	}
	if err := w.Validate(); err != nil {
		t.Fatal("a refused save damaged the workspace")
	}
}

// A class's largest case: 20 readouts of 100,000 characters each must
// store and come back whole.
func TestLargeWorkspaceRoundTrip(t *testing.T) {
	l, _, _ := newLib()
	w := workspace.New("large", t0)
	para := strings.Repeat("Президент заявил 👩‍👩‍👧‍👦 that the call was productive. ", 40)
	for i := 0; i < 20; i++ {
		text := strings.Repeat(para+"\n\n", 100000/len([]rune(para))+1)
		text = string([]rune(text)[:100000])
		r, err := workspace.NewReadout(fmt.Sprintf("Readout %d", i), "", "", "", "", text)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Do(workspace.AddReadout{Readout: r, Index: -1}, t0); err != nil {
			t.Fatal(err)
		}
		for j := 0; j < 50; j++ {
			a, err := w.NewAnnotation(r.ID, workspace.Tags[j%3], j*1000, j*1000+40, "", t0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Do(workspace.AddAnnotation{Annotation: a}, t0); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := l.Save(w, 0); err != nil {
		t.Fatal(err)
	}
	got, meta, err := l.Open(w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if meta.Readouts != 20 || meta.Annotations != 1000 {
		t.Fatalf("meta %+v", meta)
	}
	a, _ := fcjson.Encode(w, t0)
	b, _ := fcjson.Encode(got, t0)
	if string(a) != string(b) {
		t.Fatal("large workspace changed in storage")
	}
}

func TestHas(t *testing.T) {
	l, _, _ := newLib()
	a := sample(t)
	if has, err := l.Has(a.ID); has || err != nil {
		t.Fatalf("Has before saving = %v, %v", has, err)
	}
	if _, err := l.Save(a, 0); err != nil {
		t.Fatal(err)
	}
	if has, err := l.Has(a.ID); !has || err != nil {
		t.Fatalf("Has after saving = %v, %v", has, err)
	}
	if err := l.MoveToTrash(a.ID); err != nil {
		t.Fatal(err)
	}
	if has, err := l.Has(a.ID); !has || err != nil {
		t.Fatalf("Has of a trashed workspace = %v, %v (its id is still taken)", has, err)
	}
}

// The workspace list shows the open workspace as it is on screen: a new one
// not stored yet is there (first, as the latest change), a stored one with
// unsaved edits shows them, and the order is List's, so the rows do not
// move when the autosave's write lands.
func TestWithOpenShowsTheOpenWorkspace(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	lib := &Library{B: NewMemory()}
	a := workspace.New("A", t0)
	b := workspace.New("B", t0.Add(time.Hour))
	for _, w := range []*workspace.Workspace{a, b} {
		if _, err := lib.Save(w, 0); err != nil {
			t.Fatal(err)
		}
	}
	stored, err := lib.List()
	if err != nil {
		t.Fatal(err)
	}
	ids := func(ms []Meta) string {
		var s []string
		for _, m := range ms {
			s = append(s, m.Title)
		}
		return strings.Join(s, ",")
	}
	if got := ids(stored); got != "B,A" {
		t.Fatalf("stored list %s, want B,A", got)
	}

	// A new workspace, not stored yet.
	n := workspace.New("New", t0.Add(2*time.Hour))
	got := WithOpen(stored, n)
	if ids(got) != "New,B,A" {
		t.Fatalf("with a new open workspace: %s, want New,B,A", ids(got))
	}
	// Once stored, List gives the same rows in the same order.
	if _, err := lib.Save(n, 0); err != nil {
		t.Fatal(err)
	}
	after, _ := lib.List()
	if ids(after) != ids(got) {
		t.Fatalf("after the write the rows move: %s, before %s", ids(after), ids(got))
	}

	// A's unsaved edits: its row shows them and moves to the top.
	a.Title = "A, renamed"
	a.UpdatedAt = t0.Add(3 * time.Hour)
	got = WithOpen(after, a)
	if ids(got) != "A, renamed,New,B" {
		t.Fatalf("with unsaved edits of A: %s", ids(got))
	}
	if ids(after) != "New,B,A" {
		t.Fatalf("WithOpen changed the list it was given: %s", ids(after))
	}
	if got[0].Rev != 1 {
		t.Fatalf("the open row keeps its stored revision; got %d", got[0].Rev)
	}
	if ids(WithOpen(after, nil)) != "New,B,A" {
		t.Fatal("no open workspace: the list as stored")
	}
}
