package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"framecheck/app/class"
	"framecheck/app/fcjson"
	"framecheck/app/workspace"
)

// The classroom loop in Chromium: a teacher makes a pack; two students,
// each in a browser profile of their own and with the server gone, open
// it, annotate with keys and buttons and hand in; the teacher loads both
// hand-ins with a foreign and a tampered file (loose, then as one ZIP) and
// sees the refusals, the overlay, the passages and alpha_u equal to what
// app/class computes natively on the same files; the class export opens
// again.

const (
	e2eKQuoteInit  = "По инициативе американской стороны"
	e2eKQuoteHour  = "1 час 25 минут"
	e2eKQuoteFrank = "деловой и откровенный характер"
)

// e2eKChoose opens the chooser of a file input by clicking it, as a user
// does, and chooses the files.
func e2eKChoose(e *e2eEnv, selector string, paths ...string) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, e2eStepTimeout)
	defer cancel()
	choosers := chromedp.Events(ctx, page.FileChooserOpened)
	e.e2eDo("intercept the file chooser", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.SetInterceptFileChooserDialog, page.SetInterceptFileChooserDialogParams{Enabled: true})
		return err
	}))
	e2ePClick(e, selector)
	var ev page.EventFileChooserOpened
	for x, err := range choosers {
		if err != nil {
			e.e2eFatalf("clicking %s opened no file chooser within %v: %v", selector, e2eStepTimeout, err)
		}
		ev = x
		break
	}
	if len(paths) > 1 && ev.Mode != page.FileChooserOpenedModeSelectMultiple {
		e.e2eErrorf("the chooser of %s takes one file (mode %s); the class view must take many", selector, ev.Mode)
	}
	e.e2eDo("choose the files", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, dom.SetFileInputFiles, dom.SetFileInputFilesParams{Files: paths, BackendNodeID: ev.BackendNodeID})
		return err
	}))
}

// e2eKOffline stops the student's server and switches the tab offline: the
// app is loaded, and from now on it must do without a server.
func e2eKOffline(t *testing.T, e *e2eEnv) {
	t.Helper()
	e.srv.e2eStop(t)
	t.Cleanup(func() { e.srv = e2eStartServer(t) }) // the harness stops one at the end
	e.e2eDo("switch the network off", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))
	if got := e2eEval[string](e, `fetch('/?e2e-offline-probe=' + Date.now(), { cache: 'no-store' }).then(r => 'answered ' + r.status, err => 'failed')`); got != "failed" {
		t.Fatalf("test setup: the server should be gone, but a fetch %s", got)
	}
}

// e2eKStudent is one student's session: open the pack, give a name (after
// a refused first try to annotate), annotate, open the pack again and
// continue, hand in. It returns the hand-in's bytes.
func e2eKStudent(t *testing.T, packPath, name string, annotate func(e *e2eEnv, rid string)) []byte {
	e := e2eStart(t)
	e.e2eLoad()
	e2eKOffline(t, e)
	e2ePImport(e, packPath)
	e.e2eWait("the pack's import dialog", `!!document.querySelector('[data-panel="import"] [data-format="pack"]') && !!document.querySelector('[data-panel="import"] button[data-action="import-new"]')`, e2eStepTimeout)
	if e2ePHas(e, `[data-panel="import"] button[data-action="import-merge"]`) {
		t.Errorf("a pack offers to merge into the open workspace")
	}
	e2ePClick(e, `[data-panel="import"] button[data-action="import-new"]`)
	e.e2eWait("assignment mode", `!!document.querySelector('[data-panel="assignment"] [data-instructions]') && !document.querySelector('[data-panel="import"]')`, e2eStepTimeout)
	if got := e2eEval[[]string](e, `[...document.querySelectorAll('[data-instructions] p')].map(p => p.textContent)`); strings.Join(got, "|") != "Read both readouts.|Tag what each leaves out; note why." {
		t.Errorf("instructions shown as %q", got)
	}
	if e2ePHas(e, `button[data-action="new-readout"]`) || e2ePHas(e, `button[data-action="make-pack"]`) {
		t.Errorf("a student can add readouts or make packs")
	}
	rid := e.e2eActiveReadout()
	// Annotating before giving a name is refused, and the name is asked.
	e2ePSelect(e, rid, e2eKQuoteInit)
	e.e2ePressKey("2")
	e.e2eWait("the name asked", `document.querySelector('.fc-status').dataset.error === 'true' && document.querySelector('.fc-status').textContent.includes('enter your name first') && document.activeElement && document.activeElement.name === 'student-name'`, e2eStepTimeout,
		`document.querySelector('.fc-status').textContent`, `document.activeElement && document.activeElement.outerHTML.slice(0, 100)`)
	if n := len(e.e2eList()); n != 0 {
		t.Fatalf("an annotation was made before the name: %d", n)
	}
	e.e2eType(`input[name="student-name"]`, name)
	e2ePClick(e, `button[data-action="set-name"]`)
	e.e2eWait("signed as "+name, e2eJS(`(n) => !!document.querySelector('[data-panel="assignment"] [data-student="' + n + '"]')`, name), e2eStepTimeout)
	annotate(e, rid)
	e2ePWaitSaved(e, "after annotating")

	// The same pack again: continue, never a silent second copy.
	ws := e2eEval[string](e, `document.querySelector('.fc-ws-title').textContent`)
	n := len(e.e2eList())
	e2ePImport(e, packPath)
	e.e2eWait("the offer to continue", `!!document.querySelector('[data-panel="import"] [data-import-prior]') && !!document.querySelector('button[data-action="continue-assignment"]')`, e2eStepTimeout,
		`document.querySelector('[data-panel="import"]') && document.querySelector('[data-panel="import"]').textContent`)
	e2ePClick(e, `button[data-action="continue-assignment"]`)
	e.e2eWait("the dialog closed", `!document.querySelector('[data-panel="import"]')`, e2eStepTimeout)
	if got := e2eEval[string](e, `document.querySelector('.fc-ws-title').textContent`); got != ws || len(e.e2eList()) != n {
		t.Errorf("continuing gave %q with %d annotations, want %q with %d", got, len(e.e2eList()), ws, n)
	}

	raw, file := e.e2eDownload("hand in", func() { e2ePClick(e, `button[data-action="hand-in"]`) })
	if want := "Call readouts - " + name + ".framecheck.json"; file != want {
		t.Errorf("hand-in named %q, want %q", file, want)
	}
	w, err := fcjson.Decode(raw)
	if err != nil {
		t.Fatalf("the hand-in does not open: %v", err)
	}
	if w.SubmittedBy != name || w.SubmittedAt.IsZero() || w.Assignment == nil || w.Assignment.Student != name {
		t.Fatalf("hand-in stamp: %q %v %+v", w.SubmittedBy, w.SubmittedAt, w.Assignment)
	}
	for _, a := range w.Annotations {
		if a.Author != name {
			t.Errorf("annotation %q signed %q, want %q", a.Exact, a.Author, name)
		}
	}
	return raw
}

func TestE2EClassLoop(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}

	// The teacher: the sample's annotations stay behind as the key.
	e := e2eStart(t)
	e.e2eLoad()
	e2ePClick(e, `button[data-action="make-pack"]`)
	e.e2eWait("the pack form", `!!document.querySelector('[data-form="pack"] input[name="pack-title"]')`, e2eStepTimeout)
	e2eEval[bool](e, `(() => { document.querySelector('[data-form="pack"] input[name="pack-title"]').value = ''; return true; })()`)
	e.e2eType(`[data-form="pack"] input[name="pack-title"]`, "Call readouts")
	e.e2eType(`[data-form="pack"] textarea[name="pack-instructions"]`, "Read both readouts.\n\nTag what each leaves out; note why.")
	packRaw, packName := e.e2eDownload("make a pack", func() { e2ePClick(e, `button[data-action="pack-download"]`) })
	if packName != "Call readouts.pack.framecheck.json" {
		t.Errorf("pack named %q", packName)
	}
	pack, err := fcjson.Decode(packRaw)
	if err != nil {
		t.Fatal(err)
	}
	if pack.Assignment == nil || pack.Assignment.Title != "Call readouts" || len(pack.Annotations) != 0 || len(pack.Readouts) != 2 || !strings.Contains(string(packRaw), `"textSha256"`) {
		t.Fatalf("pack: %+v, %d annotations", pack.Assignment, len(pack.Annotations))
	}
	packPath := write(packName, packRaw)

	var ana, ben []byte
	t.Run("student Ana", func(t *testing.T) {
		ana = e2eKStudent(t, packPath, "Ana", func(e *e2eEnv, rid string) {
			e2ePAnnotate(e, rid, e2eKQuoteInit, "2", "framing")
			before := e2eIDs(e.e2eList())
			e2ePSelect(e, rid, e2eKQuoteHour)
			e2ePClick(e, `button[data-tag-button="fact"]`)
			e.e2eWaitNewAnnotation(before, "fact", "the Fact button")
		})
	})
	t.Run("student Ben", func(t *testing.T) {
		ben = e2eKStudent(t, packPath, "Ben", func(e *e2eEnv, rid string) {
			before := e2eIDs(e.e2eList())
			e2ePSelect(e, rid, e2eKQuoteInit)
			e2ePClick(e, `button[data-tag-button="framing"]`)
			e.e2eWaitNewAnnotation(before, "framing", "the Framing button")
			e2ePAnnotate(e, rid, e2eKQuoteFrank, "1", "fact")
		})
	})
	if ana == nil || ben == nil {
		t.FailNow()
	}

	// A foreign hand-in (another assignment) and a tampered one (Ben's text
	// edited by hand after handing in).
	fw, err := fcjson.Decode(ana)
	if err != nil {
		t.Fatal(err)
	}
	fw.Assignment.ID, fw.Assignment.Title, fw.SubmittedBy, fw.Assignment.Student = uuid.NewString(), "Last week", "Cleo", "Cleo"
	for _, a := range fw.Annotations {
		a.Author = "Cleo"
	}
	foreign, err := fcjson.Encode(fw, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tampered := bytes.Replace(ben, []byte("Условлено"), []byte("Решено"), 1)
	if bytes.Equal(tampered, ben) {
		t.Fatal("test setup: the tampered file is not changed")
	}
	files := map[string][]byte{
		"Call readouts - Ana.framecheck.json": ana, "Call readouts - Ben.framecheck.json": ben,
		"Last week - Cleo.framecheck.json": foreign, "Call readouts - Ben (edited).framecheck.json": tampered,
	}
	var paths []string
	var in []class.File
	for name, data := range files {
		paths = append(paths, write(name, data))
		in = append(in, class.File{Name: name, Data: data})
	}

	// The native result on the same files, with the teacher's workspace as
	// the key.
	_, keyRaw, _ := e2ePExport(e)
	key, err := fcjson.Decode(keyRaw)
	if err != nil {
		t.Fatal(err)
	}
	want := class.Load(in, class.Options{Key: key})
	if len(want.Students) != 2 || len(want.Refused) != 2 {
		t.Fatalf("test setup: natively %d students, refused %+v", len(want.Students), want.Refused)
	}
	fig := want.Figures(0, nil)

	e2ePClick(e, `button[data-action="class-view"]`)
	e.e2eWait("the class view", `document.querySelector('main.fc-shell').dataset.view === 'class' && !!document.querySelector('input[name="class-files"][multiple]')`, e2eStepTimeout)
	check := func(how string, extra int) {
		t.Helper()
		e.e2eWait("the class of two ("+how+")", `!!document.querySelector('[data-class-student="Ana"]') && !!document.querySelector('[data-class-student="Ben"]') && document.querySelectorAll('[data-class-text] .fc-seg').length > 1`, 2*e2eStepTimeout,
			`(document.querySelector('[data-panel="class"]') || {}).textContent`)
		refused := e2eEval[map[string]string](e, `Object.fromEntries([...document.querySelectorAll('[data-refused-file]')].map(li => [li.dataset.refusedFile, li.textContent]))`)
		var foreignWhy, tamperedWhy string
		for f, why := range refused {
			switch {
			case strings.HasSuffix(f, "Last week - Cleo.framecheck.json"):
				foreignWhy = why
			case strings.HasSuffix(f, "Ben (edited).framecheck.json"):
				tamperedWhy = why
			}
		}
		if len(refused) != 2+extra || !strings.Contains(foreignWhy, "another assignment") || !strings.Contains(tamperedWhy, "changed text") {
			t.Errorf("%s: refusals %q", how, refused)
		}
		// The overlay: where both students tagged framing, the framing bar
		// is at full strength; its text is the readout's.
		got := e2eEval[map[string]string](e, e2eJS(`(q) => {
		  const segs = [...document.querySelectorAll('[data-class-text] .fc-seg')];
		  const s = segs.find(s => q.includes(s.textContent) && s.textContent.length > 5);
		  return { d1: s ? s.style.getPropertyValue('--d1') : 'none', text: document.querySelector('[data-class-text]').textContent.slice(0, 40) };
		}`, e2eKQuoteInit))
		if got["d1"] != "1.000" || !strings.HasPrefix(want.Readouts[0].Text, got["text"]) {
			t.Errorf("%s: overlay %q", how, got)
		}
		// The whole overlay is painted: all of the text, in pieces numbered
		// in order, each levelled piece with all three bars.
		whole := e2eEval[map[string]any](e, `(() => {
		  const el = document.querySelector('[data-class-text]');
		  const segs = [...el.querySelectorAll('.fc-seg')];
		  const bad = segs.findIndex((s, i) => s.dataset.piece !== String(i) || s.parentNode !== el ||
		    (s.style.length > 0 && ['--d0', '--d1', '--d2'].some(v => !/^[01]\.\d{3}$/.test(s.style.getPropertyValue(v)))));
		  return { text: el.textContent, pieces: segs.length, bad: bad };
		})()`)
		if whole["text"] != want.Readouts[0].Text || whole["bad"] != float64(-1) {
			t.Errorf("%s: overlay not painted whole: %v pieces, piece %v out of order or without its bars, text %q", how, whole["pieces"], whole["bad"], e2eClip(fmt.Sprint(whole["text"]), 80))
		}
		// Passages: the opening phrase, found by both.
		if n := e2eEval[int](e, `document.querySelectorAll('[data-panel="passages"] li[data-passage][data-students="2"]').length`); n != 1 {
			t.Errorf("%s: %d passages found by both students, want 1", how, n)
		}
		// alpha_u per tag and overall: what app/class computes.
		for _, cat := range class.Cats() {
			hook := e2eKCat(cat)
			text := e2eEval[string](e, e2eJS(`(t) => (document.querySelector('[data-panel="agreement"] [data-agreement="alpha-u"][data-tag="' + t + '"]') || {textContent: 'missing'}).textContent`, hook))
			f := fig.Alpha[cat]
			if f.Defined && text != class.Format(f) || !f.Defined && !strings.HasPrefix(text, "undefined because") {
				t.Errorf("%s: alpha_u %s shows %q, natively %+v", how, hook, text, f)
			}
		}
	}
	e2eKChoose(e, `input[name="class-files"]`, paths...)
	check("four loose files", 0)

	// The pairwise matrix, on demand: Ana and Ben's exact F1 as computed natively.
	e2ePClick(e, `button[data-action="show-pairs"]`)
	e.e2eWait("the pairwise matrix", `!!document.querySelector('[data-agreement="pairwise"] [data-agreement="f1-exact"][data-pair="Ana / Ben"]')`, e2eStepTimeout)
	pairs := want.Pairs(0, nil)
	if got := e2eEval[string](e, `document.querySelector('[data-agreement="f1-exact"][data-pair="Ana / Ben"]').textContent`); len(pairs) != 1 || got != class.Format(pairs[0].Exact) {
		t.Errorf("pairwise exact F1 shows %q, natively %+v", got, pairs)
	}

	// Who tagged a place: a click in the opening phrase.
	e2eEval[bool](e, e2eJS(`(q) => {
	  const seg = [...document.querySelectorAll('[data-class-text] .fc-seg')].find(s => q.includes(s.textContent) && s.textContent.length > 5);
	  const r = document.createRange(); r.setStart(seg.firstChild, 3); r.collapse(true);
	  const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r);
	  seg.dispatchEvent(new MouseEvent('click', { bubbles: true }));
	  return true;
	}`, e2eKQuoteInit))
	e.e2eWait("who tagged it", `!!document.querySelector('[data-class-hits] [data-hit-student="Ana"][data-tag="framing"]') && !!document.querySelector('[data-class-hits] [data-hit-student="Ben"][data-tag="framing"]')`, e2eStepTimeout,
		`document.querySelector('[data-class-hits]').textContent`)
	if os.Getenv("FRAMECHECK_SCREENSHOTS") != "" {
		e2eCScreenshot(e, "class.png")
	}

	// Printing prints the agreement panel alone.
	e2eCPrintMedia(e, true)
	shown := e2eEval[map[string]bool](e, `(() => {
	  const vis = (sel) => { const el = document.querySelector(sel); return !!el && el.getClientRects().length > 0; };
	  return { agreement: vis('[data-panel="agreement"]'), overlay: vis('[data-class-text]'), toolbar: vis('.fc-toolbar'), passages: vis('[data-panel="passages"]') };
	})()`)
	e2eCPrintMedia(e, false)
	if !shown["agreement"] || shown["overlay"] || shown["toolbar"] || shown["passages"] {
		t.Errorf("print media shows %v; want the agreement panel alone", shown)
	}

	// Copy Ana's annotation into the teacher's own workspace.
	e2ePClick(e, `[data-class-hits] [data-hit-student="Ana"] button[data-action="copy-annotation"]`)
	e.e2eWait("the copy", `document.querySelector('[data-class-message]').textContent.startsWith("Copied Ana's Framing")`, e2eStepTimeout,
		`document.querySelector('[data-class-message]').textContent`)

	// Switching a student off changes the figures to undefined (one left).
	e2ePClick(e, `[data-class-student="Ben"]`)
	e.e2eWait("alpha_u undefined with one student", `document.querySelector('[data-agreement="alpha-u"][data-tag="all"]').textContent.startsWith('undefined because')`, e2eStepTimeout)
	e2ePClick(e, `[data-class-student="Ben"]`)

	// The class export opens again and holds both students' annotations,
	// ids kept and signed.
	raw, name := e.e2eDownload("class export", func() { e2ePClick(e, `button[data-action="class-export"]`) })
	if name != "Call readouts - class.framecheck.json" {
		t.Errorf("class export named %q", name)
	}
	cw, err := fcjson.Decode(raw)
	if err != nil {
		t.Fatalf("the class export does not open: %v", err)
	}
	nw, _, err := want.Workspace(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if e2eKAnns(cw) != e2eKAnns(nw) || len(cw.Annotations) != 4 {
		t.Errorf("class export:\n%s\nnatively:\n%s", e2eKAnns(cw), e2eKAnns(nw))
	}

	mine, _, _ := e2ePExport(e)
	copied := 0
	for _, a := range mine.Annotations {
		if a.Author == "Ana" && a.Exact == e2eKQuoteInit && a.Tag == "framing" {
			copied++
		}
	}
	if copied != 1 || len(mine.Annotations) != len(key.Annotations)+1 {
		t.Errorf("after Copy to mine the teacher's workspace has %d annotations (%d by Ana), want %d", len(mine.Annotations), copied, len(key.Annotations)+1)
	}

	// The same files as one ZIP, a folder per student as Moodle gives them.
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for name, data := range files {
		f, err := zw.Create(strings.TrimSuffix(name, ".framecheck.json") + "_assignsubmission_file_/" + name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(data)
	}
	if f, err := zw.Create("index.html"); err == nil {
		f.Write([]byte("<p>not a hand-in</p>"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	e2eKChoose(e, `input[name="class-files"]`, write("submissions.zip", zb.Bytes()))
	e.e2eWait("the ZIP's non-JSON entry listed", `!!document.querySelector('[data-refused-file="submissions.zip/index.html"]')`, 2*e2eStepTimeout)
	check("one ZIP", 1)
}

// e2eKAnns describes a workspace's annotations by id, author, tag and span.
func e2eKAnns(w *workspace.Workspace) string {
	var b strings.Builder
	for _, a := range w.Annotations {
		fmt.Fprintf(&b, "%s %s %s %d-%d\n", a.ID, a.Author, a.Tag, a.Start, a.End)
	}
	return b.String()
}

func e2eKCat(cat string) string {
	if cat == "" {
		return "all"
	}
	return cat
}
