package workspace

import (
	"strings"
	"testing"
	"time"
)

func TestLinkOpsAndInvariants(t *testing.T) {
	now := time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)
	w, err := Sample(now)
	if err != nil {
		t.Fatal(err)
	}
	kr, wh := w.Readouts[0], w.Readouts[1]
	a, b := w.AnnotationsOf(kr.ID)[0], w.AnnotationsOf(wh.ID)[0]
	c := w.AnnotationsOf(kr.ID)[1]
	for _, bad := range []Op{
		LinkAnnotations{A: a.ID, B: a.ID},
		LinkAnnotations{A: a.ID, B: c.ID},
		LinkAnnotations{A: a.ID, B: "nope"},
		UnlinkAnnotations{A: a.ID, B: b.ID},
	} {
		if _, err := w.Do(bad, now); err == nil {
			t.Errorf("%#v accepted", bad)
		}
	}
	inv, err := w.Do(LinkAnnotations{A: a.ID, B: b.ID, Note: " same claim "}, now)
	if err != nil {
		t.Fatal(err)
	}
	if l, ok := b.LinkTo(a.ID); !ok || l.Note != "same claim" || l.Kind != Counterpart {
		t.Fatalf("back link: %+v", b.Links)
	}
	if _, err := w.Do(LinkAnnotations{A: b.ID, B: a.ID}, now); err == nil {
		t.Fatal("linked twice")
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	// A one-sided link is invalid, and the message names where.
	saved := b.Links
	b.Links = nil
	if err := w.Validate(); err == nil || !strings.Contains(err.Error(), "links[0]") {
		t.Fatalf("one-sided link: %v", err)
	}
	b.Links = saved
	// Deleting a readout drops the links into it; undo restores them.
	undo, err := w.Do(DeleteReadout{ID: wh.ID}, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Links) != 0 {
		t.Fatal("a link into a deleted readout remains")
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Do(undo, now); err != nil {
		t.Fatal(err)
	}
	if _, ok := a.LinkTo(b.ID); !ok {
		t.Fatal("undo of the readout delete did not restore the link")
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Do(inv, now); err != nil || len(a.Links)+len(b.Links) != 0 {
		t.Fatalf("unlink: %v", err)
	}
}
