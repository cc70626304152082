package ui

import (
	"strings"
	"testing"

	"framecheck/app/fcjson"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// exportOf returns the framecheck bytes of the test session's workspace.
func exportOf(t *testing.T, s *session) []byte {
	t.Helper()
	b, err := fcjson.Encode(s.ws, s.now())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestImportRefusalChangesNothing(t *testing.T) {
	s := testSession(t)
	sh := testShell(s, nil, 0, app.Context{})
	before := exportOf(t, s)
	bad := strings.Replace(string(before), `"tag": "framing"`, `"tag": "opinion"`, 1)
	sh.imports.cur = &importState{name: "bad.json", data: []byte(bad)}
	sh.imports.validate(false)
	if sh.imports.cur.err == "" || !strings.Contains(sh.imports.cur.err, "annotations[") || !strings.Contains(sh.imports.cur.err, "tag") {
		t.Fatalf("refusal should say what and where, got %q", sh.imports.cur.err)
	}
	html := app.HTMLString(newImportDialog(sh.imports, 1))
	if !strings.Contains(html, `data-import-error="1"`) || !strings.Contains(html, "Nothing was changed") {
		t.Fatalf("dialog does not show the refusal:\n%s", html)
	}
	if string(exportOf(t, s)) != string(before) {
		t.Fatal("a refused import changed the workspace")
	}
}

func TestImportMergeIsOneUndoableStep(t *testing.T) {
	s := testSession(t)
	sh := testShell(s, nil, 0, app.Context{})
	before := exportOf(t, s)
	// The incoming file: the same workspace with one more annotation.
	in, err := fcjson.Decode(before)
	if err != nil {
		t.Fatal(err)
	}
	a, err := in.NewAnnotation(in.Readouts[1].ID, workspace.Fact, 0, 7, "Other", s.now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Do(workspace.AddAnnotation{Annotation: a}, s.now()); err != nil {
		t.Fatal(err)
	}
	data, err := fcjson.Encode(in, s.now())
	if err != nil {
		t.Fatal(err)
	}
	sh.imports.cur = &importState{name: "theirs.json", data: data}
	sh.imports.validate(false)
	if sh.imports.cur.ws == nil {
		t.Fatalf("valid file refused: %s", sh.imports.cur.err)
	}
	(&importDialog{flow: sh.imports}).onMerge(app.Context{}, app.Event{})
	if sh.imports.cur != nil || s.ws.Annotation(a.ID) == nil {
		t.Fatalf("merge did not add the annotation (message %q)", s.message)
	}
	if !strings.Contains(s.message, "1 new annotation") {
		t.Fatalf("merge should say how many were merged: %q", s.message)
	}
	if !s.undoLast() {
		t.Fatal("merge is not undoable")
	}
	if got := exportOf(t, s); string(got) != string(before) {
		t.Fatal("undo of a merge did not restore the workspace")
	}
}

func TestImportOffersReanchoring(t *testing.T) {
	s := testSession(t)
	sh := testShell(s, nil, 0, app.Context{})
	// Shift one annotation's offsets as a UTF-16-counting tool would: the
	// Kremlin readout opens with flags, so its UTF-16 offsets are larger.
	kr := s.ws.Readouts[0]
	var target *workspace.Annotation
	for _, a := range s.ws.AnnotationsOf(kr.ID) {
		if !a.IsPoint() {
			target = a
			break
		}
	}
	u0, _ := kr.Positions().CodePointToUTF16(target.Start)
	u1, _ := kr.Positions().CodePointToUTF16(target.End)
	orig, origEnd := target.Start, target.End
	if u0 == orig {
		t.Fatal("fixture: the span must follow astral characters")
	}
	// Encode refuses an invalid workspace, so patch the JSON instead.
	data := exportOf(t, s)
	old := `"start": ` + itoa(orig) + `,` + "\n      \"end\": " + itoa(origEnd) + `,`
	if !strings.Contains(string(data), old) {
		t.Fatal("fixture: offsets not found")
	}
	data = []byte(strings.Replace(string(data), old, `"start": `+itoa(u0)+`,`+"\n      \"end\": "+itoa(u1)+`,`, 1))
	sh.imports.cur = &importState{name: "utf16.json", data: data}
	sh.imports.validate(false)
	if sh.imports.cur.reanchor == nil {
		t.Fatalf("expected an offer to re-anchor, got err %q", sh.imports.cur.err)
	}
	if html := app.HTMLString(newImportDialog(sh.imports, 1)); !strings.Contains(html, `data-action="import-reanchor"`) {
		t.Fatal("dialog does not offer re-anchoring")
	}
	sh.imports.validate(true)
	if sh.imports.cur.ws == nil || sh.imports.cur.moved != 1 {
		t.Fatalf("re-anchor: ws %v moved %d err %q", sh.imports.cur.ws != nil, sh.imports.cur.moved, sh.imports.cur.err)
	}
	if got := sh.imports.cur.ws.Annotation(target.ID); got == nil || got.Start != orig {
		t.Fatalf("re-anchored to the wrong place: %+v", got)
	}
}
