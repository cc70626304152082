package e2e

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
	"unicode/utf8"

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
	quoteInit  = "По инициативе американской стороны"
	quoteHour  = "1 час 25 минут"
	quoteFrank = "деловой и откровенный характер"
)

// chooseFiles opens the chooser of a file input by clicking it, as a user
// does, and chooses the files.
func chooseFiles(e *env, selector string, paths ...string) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, stepTimeout)
	defer cancel()
	choosers := chromedp.Events(ctx, page.FileChooserOpened)
	e.act("intercept the file chooser", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.SetInterceptFileChooserDialog, page.SetInterceptFileChooserDialogParams{Enabled: true})
		return err
	}))
	clickSettled(e, selector)
	var ev page.EventFileChooserOpened
	for x, err := range choosers {
		if err != nil {
			e.fatalf("clicking %s opened no file chooser within %v: %v", selector, stepTimeout, err)
		}
		ev = x
		break
	}
	if len(paths) > 1 && ev.Mode != page.FileChooserOpenedModeSelectMultiple {
		e.errorf("the chooser of %s takes one file (mode %s); the class view must take many", selector, ev.Mode)
	}
	e.act("choose the files", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, dom.SetFileInputFiles, dom.SetFileInputFilesParams{Files: paths, BackendNodeID: ev.BackendNodeID})
		return err
	}))
}

// studentOffline stops the student's server and switches the tab offline: the
// app is loaded, and from now on it must do without a server.
func studentOffline(t *testing.T, e *env) {
	t.Helper()
	e.srv.stop(t)
	t.Cleanup(func() { e.srv = startServer(t) }) // the harness stops one at the end
	e.act("switch the network off", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))
	if got := eval[string](e, `fetch('/?e2e-offline-probe=' + Date.now(), { cache: 'no-store' }).then(r => 'answered ' + r.status, err => 'failed')`); got != "failed" {
		t.Fatalf("test setup: the server should be gone, but a fetch %s", got)
	}
}

// student is one student's session: open the pack, give a name (after
// a refused first try to annotate), annotate, open the pack again and
// continue, hand in. It returns the hand-in's bytes.
func student(t *testing.T, packPath, name string, annotate func(e *env, rid string)) []byte {
	e := start(t)
	e.load()
	studentOffline(t, e)
	importPath(e, packPath)
	e.wait("the pack's import dialog", `!!document.querySelector('[data-panel="import"] [data-format="pack"]') && !!document.querySelector('[data-panel="import"] button[data-action="import-new"]')`, stepTimeout)
	if has(e, `[data-panel="import"] button[data-action="import-merge"]`) {
		t.Errorf("a pack offers to merge into the open workspace")
	}
	clickSettled(e, `[data-panel="import"] button[data-action="import-new"]`)
	e.wait("assignment mode", `!!document.querySelector('[data-panel="assignment"] [data-instructions]') && !document.querySelector('[data-panel="import"]')`, stepTimeout)
	if got := eval[[]string](e, `[...document.querySelectorAll('[data-instructions] p')].map(p => p.textContent)`); strings.Join(got, "|") != "Read both readouts.|Tag what each leaves out; note why." {
		t.Errorf("instructions shown as %q", got)
	}
	if has(e, `button[data-action="new-readout"]`) || has(e, `button[data-action="make-pack"]`) {
		t.Errorf("a student can add readouts or make packs")
	}
	rid := e.activeReadout()
	// Annotating before giving a name is refused, and the name is asked.
	selectText(e, rid, quoteInit)
	e.pressKey("2")
	e.wait("the name asked", `document.querySelector('.fc-status').dataset.error === 'true' && document.querySelector('.fc-status').textContent.includes('enter your name first') && document.activeElement && document.activeElement.name === 'student-name'`, stepTimeout,
		`document.querySelector('.fc-status').textContent`, `document.activeElement && document.activeElement.outerHTML.slice(0, 100)`)
	if n := len(e.list()); n != 0 {
		t.Fatalf("an annotation was made before the name: %d", n)
	}
	e.typeText(`input[name="student-name"]`, name)
	clickSettled(e, `button[data-action="set-name"]`)
	e.wait("signed as "+name, js(`(n) => !!document.querySelector('[data-panel="assignment"] [data-student="' + n + '"]')`, name), stepTimeout)
	annotate(e, rid)
	waitSaved(e, "after annotating")

	// The same pack again: continue, never a silent second copy.
	ws := eval[string](e, `document.querySelector('.fc-ws-title').textContent`)
	n := len(e.list())
	importPath(e, packPath)
	e.wait("the offer to continue", `!!document.querySelector('[data-panel="import"] [data-import-prior]') && !!document.querySelector('button[data-action="continue-assignment"]')`, stepTimeout,
		`document.querySelector('[data-panel="import"]') && document.querySelector('[data-panel="import"]').textContent`)
	clickSettled(e, `button[data-action="continue-assignment"]`)
	e.wait("the dialog closed", `!document.querySelector('[data-panel="import"]')`, stepTimeout)
	if got := eval[string](e, `document.querySelector('.fc-ws-title').textContent`); got != ws || len(e.list()) != n {
		t.Errorf("continuing gave %q with %d annotations, want %q with %d", got, len(e.list()), ws, n)
	}

	raw, file := e.download("hand in", func() { clickSettled(e, `button[data-action="hand-in"]`) })
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

func TestClassLoopFromPackToAgreement(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}

	// The teacher: the sample's annotations stay behind as the key.
	e := start(t)
	e.load()
	clickSettled(e, `button[data-action="make-pack"]`)
	e.wait("the pack form", `!!document.querySelector('[data-form="pack"] input[name="pack-title"]')`, stepTimeout)
	eval[bool](e, `(() => { document.querySelector('[data-form="pack"] input[name="pack-title"]').value = ''; return true; })()`)
	e.typeText(`[data-form="pack"] input[name="pack-title"]`, "Call readouts")
	e.typeText(`[data-form="pack"] textarea[name="pack-instructions"]`, "Read both readouts.\n\nTag what each leaves out; note why.")
	packRaw, packName := e.download("make a pack", func() { clickSettled(e, `button[data-action="pack-download"]`) })
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
		ana = student(t, packPath, "Ana", func(e *env, rid string) {
			annotate(e, rid, quoteInit, "2", "framing")
			before := idsOf(e.list())
			selectText(e, rid, quoteHour)
			clickSettled(e, `button[data-tag-button="fact"]`)
			e.waitNewAnnotation(before, "fact", "the Fact button")
		})
	})
	t.Run("student Ben", func(t *testing.T) {
		ben = student(t, packPath, "Ben", func(e *env, rid string) {
			before := idsOf(e.list())
			selectText(e, rid, quoteInit)
			clickSettled(e, `button[data-tag-button="framing"]`)
			e.waitNewAnnotation(before, "framing", "the Framing button")
			annotate(e, rid, quoteFrank, "1", "fact")
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
	_, keyRaw, _ := exportSettled(e)
	key, err := fcjson.Decode(keyRaw)
	if err != nil {
		t.Fatal(err)
	}
	want := class.Load(in, class.Options{Key: key})
	if len(want.Students) != 2 || len(want.Refused) != 2 {
		t.Fatalf("test setup: natively %d students, refused %+v", len(want.Students), want.Refused)
	}
	fig := want.Figures(0, nil)

	clickSettled(e, `button[data-action="class-view"]`)
	e.wait("the class view", `document.querySelector('main.fc-shell').dataset.view === 'class' && !!document.querySelector('input[name="class-files"][multiple]')`, stepTimeout)
	check := func(how string, extra int) {
		t.Helper()
		e.wait("the class of two ("+how+")", `!!document.querySelector('[data-class-student="Ana"]') && !!document.querySelector('[data-class-student="Ben"]') && document.querySelectorAll('[data-class-text] .fc-seg').length > 1`, 2*stepTimeout,
			`(document.querySelector('[data-panel="class"]') || {}).textContent`)
		refused := eval[map[string]string](e, `Object.fromEntries([...document.querySelectorAll('[data-refused-file]')].map(li => [li.dataset.refusedFile, li.textContent]))`)
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
		got := eval[map[string]string](e, js(`(q) => {
		  const segs = [...document.querySelectorAll('[data-class-text] .fc-seg')];
		  const s = segs.find(s => q.includes(s.textContent) && s.textContent.length > 5);
		  return { d1: s ? s.style.getPropertyValue('--d1') : 'none', text: document.querySelector('[data-class-text]').textContent.slice(0, 40) };
		}`, quoteInit))
		if got["d1"] != "1.000" || !strings.HasPrefix(want.Readouts[0].Text, got["text"]) {
			t.Errorf("%s: overlay %q", how, got)
		}
		// The whole overlay is painted: all of the text, in pieces numbered
		// in order, each in a block of the overlay, each levelled piece with
		// all three levels set.
		whole := eval[map[string]any](e, `(() => {
		  const el = document.querySelector('[data-class-text]');
		  const segs = [...el.querySelectorAll('.fc-seg')];
		  const bad = segs.findIndex((s, i) => s.dataset.piece !== String(i) ||
		    !s.parentNode.classList.contains('fc-class-block') || s.parentNode.parentNode !== el ||
		    (s.style.length > 0 && ['--d0', '--d1', '--d2'].some(v => !/^[01]\.\d{3}$/.test(s.style.getPropertyValue(v)))));
		  return { text: el.textContent, pieces: segs.length, bad: bad };
		})()`)
		if whole["text"] != want.Readouts[0].Text || whole["bad"] != float64(-1) {
			t.Errorf("%s: overlay not painted whole: %v pieces, piece %v out of order, out of its block or without its levels, text %q", how, whole["pieces"], whole["bad"], clip(fmt.Sprint(whole["text"]), 80))
		}
		// The blocks (which the browser may skip while off screen) end at
		// line breaks and lay the text out in the same lines as one block:
		// every piece at the same place with all blocks rendered.
		blocks := eval[map[string]any](e, `(() => {
		  const el = document.querySelector('[data-class-text]');
		  const texts = [...el.children].map(b => b.className === 'fc-class-block' ? b.textContent : null);
		  const one = el.cloneNode(true), blk = document.createElement('div');
		  one.removeAttribute('data-class-text');
		  blk.className = 'fc-class-block';
		  one.querySelectorAll('.fc-seg').forEach(s => blk.appendChild(s));
		  one.textContent = '';
		  one.appendChild(blk);
		  el.after(one);
		  const places = (x) => {
		    x.style.maxHeight = 'none';
		    x.querySelectorAll('.fc-class-block').forEach(b => b.style.contentVisibility = 'visible');
		    const top = x.getBoundingClientRect().top;
		    return [...x.querySelectorAll('.fc-seg')].map(s => [...s.getClientRects()].map(r => Math.round(r.top - top) + ',' + Math.round(r.left)).join(' ')).join('|');
		  };
		  const a = places(el), b = places(one);
		  one.remove();
		  el.style.maxHeight = '';
		  el.querySelectorAll('.fc-class-block').forEach(b => b.style.contentVisibility = '');
		  return { texts: texts, same: a === b && a.length > 0 };
		})()`)
		bt, _ := blocks["texts"].([]any)
		for i, b := range bt {
			s, ok := b.(string)
			if !ok || i < len(bt)-1 && !strings.HasSuffix(s, "\n") {
				t.Errorf("%s: block %d of %d is %q", how, i, len(bt), b)
			}
		}
		if len(bt) < 2 || blocks["same"] != true {
			t.Errorf("%s: %d blocks (the readout has %d code points and line breaks), laid out as one block: %v", how, len(bt), utf8.RuneCountInString(want.Readouts[0].Text), blocks["same"])
		}
		// Passages: listed after the overlay's frame; the opening phrase,
		// found by both.
		e.wait("the passages", `!!document.querySelector('[data-panel="passages"] li[data-passage]')`, stepTimeout,
			`(document.querySelector('[data-panel="passages"]') || {}).textContent`)
		if n := eval[int](e, `document.querySelectorAll('[data-panel="passages"] li[data-passage][data-students="2"]').length`); n != 1 {
			t.Errorf("%s: %d passages found by both students, want 1", how, n)
		}
		// alpha_u per tag and overall: what app/class computes.
		for _, cat := range class.Cats() {
			hook := catName(cat)
			text := eval[string](e, js(`(t) => (document.querySelector('[data-panel="agreement"] [data-agreement="alpha-u"][data-tag="' + t + '"]') || {textContent: 'missing'}).textContent`, hook))
			f := fig.Alpha[cat]
			if f.Defined && text != class.Format(f) || !f.Defined && !strings.HasPrefix(text, "undefined because") {
				t.Errorf("%s: alpha_u %s shows %q, natively %+v", how, hook, text, f)
			}
		}
	}
	chooseFiles(e, `input[name="class-files"]`, paths...)
	check("four loose files", 0)

	// The pairwise matrix, on demand: Ana and Ben's exact F1 as computed natively.
	clickSettled(e, `button[data-action="show-pairs"]`)
	e.wait("the pairwise matrix", `!!document.querySelector('[data-agreement="pairwise"] [data-agreement="f1-exact"][data-pair="Ana / Ben"]')`, stepTimeout)
	pairs := want.Pairs(0, nil)
	if got := eval[string](e, `document.querySelector('[data-agreement="f1-exact"][data-pair="Ana / Ben"]').textContent`); len(pairs) != 1 || got != class.Format(pairs[0].Exact) {
		t.Errorf("pairwise exact F1 shows %q, natively %+v", got, pairs)
	}

	// Who tagged a place: a click in the opening phrase.
	eval[bool](e, js(`(q) => {
	  const seg = [...document.querySelectorAll('[data-class-text] .fc-seg')].find(s => q.includes(s.textContent) && s.textContent.length > 5);
	  const r = document.createRange(); r.setStart(seg.firstChild, 3); r.collapse(true);
	  const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r);
	  seg.dispatchEvent(new MouseEvent('click', { bubbles: true }));
	  return true;
	}`, quoteInit))
	e.wait("who tagged it", `!!document.querySelector('[data-class-hits] [data-hit-student="Ana"][data-tag="framing"]') && !!document.querySelector('[data-class-hits] [data-hit-student="Ben"][data-tag="framing"]')`, stepTimeout,
		`document.querySelector('[data-class-hits]').textContent`)
	if os.Getenv("FRAMECHECK_SCREENSHOTS") != "" {
		screenshot(e, "class.png")
	}

	// Printing prints the agreement panel alone.
	printMedia(e, true)
	shown := eval[map[string]bool](e, `(() => {
	  const vis = (sel) => { const el = document.querySelector(sel); return !!el && el.getClientRects().length > 0; };
	  return { agreement: vis('[data-panel="agreement"]'), overlay: vis('[data-class-text]'), toolbar: vis('.fc-toolbar'), passages: vis('[data-panel="passages"]') };
	})()`)
	printMedia(e, false)
	if !shown["agreement"] || shown["overlay"] || shown["toolbar"] || shown["passages"] {
		t.Errorf("print media shows %v; want the agreement panel alone", shown)
	}

	// Copy Ana's annotation into the teacher's own workspace.
	clickSettled(e, `[data-class-hits] [data-hit-student="Ana"] button[data-action="copy-annotation"]`)
	e.wait("the copy", `document.querySelector('[data-class-message]').textContent.startsWith("Copied Ana's Framing")`, stepTimeout,
		`document.querySelector('[data-class-message]').textContent`)

	// Switching a student off changes the figures to undefined (one left).
	clickSettled(e, `[data-class-student="Ben"]`)
	e.wait("alpha_u undefined with one student", `document.querySelector('[data-agreement="alpha-u"][data-tag="all"]').textContent.startsWith('undefined because')`, stepTimeout)
	clickSettled(e, `[data-class-student="Ben"]`)

	// The class export opens again and holds both students' annotations,
	// ids kept and signed.
	raw, name := e.download("class export", func() { clickSettled(e, `button[data-action="class-export"]`) })
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
	if annsSummary(cw) != annsSummary(nw) || len(cw.Annotations) != 4 {
		t.Errorf("class export:\n%s\nnatively:\n%s", annsSummary(cw), annsSummary(nw))
	}

	mine, _, _ := exportSettled(e)
	copied := 0
	for _, a := range mine.Annotations {
		if a.Author == "Ana" && a.Exact == quoteInit && a.Tag == "framing" {
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
	chooseFiles(e, `input[name="class-files"]`, write("submissions.zip", zb.Bytes()))
	e.wait("the ZIP's non-JSON entry listed", `!!document.querySelector('[data-refused-file="submissions.zip/index.html"]')`, 2*stepTimeout)
	check("one ZIP", 1)
}

// annsSummary describes a workspace's annotations by id, author, tag and span.
func annsSummary(w *workspace.Workspace) string {
	var b strings.Builder
	for _, a := range w.Annotations {
		fmt.Fprintf(&b, "%s %s %s %d-%d\n", a.ID, a.Author, a.Tag, a.Start, a.End)
	}
	return b.String()
}

func catName(cat string) string {
	if cat == "" {
		return "all"
	}
	return cat
}
