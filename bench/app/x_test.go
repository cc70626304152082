package appbench

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/chromedp"
)

func TestXLook(t *testing.T) {
	chromium := findChromium()
	root, _ := filepath.Abs("../..")
	srv := startServer(t, filepath.Join(root, "bin", "framecheck"), filepath.Join(root, "web"))
	paths := classFiles(t)
	tb := newTab(t, chromium, instrumentation(`main.fc-shell[data-ready="1"]`, ""))
	defer tb.close()
	tb.navigate(srv.url + "/")
	tb.waitJS("ready", `document.querySelector('main.fc-shell[data-ready="1"]')`, 120*time.Second)
	eval[bool](tb, 10*time.Second, `(document.querySelector('button[data-action="class-view"]').click(), true)`)
	tb.waitJS("the class view", `document.querySelector('input[name="class-files"]')`, 30*time.Second)
	eval[bool](tb, 10*time.Second, `(window.__cv = [], document.addEventListener('contentvisibilityautostatechange', e => __cv.push([Math.round(performance.now()), [...e.target.parentNode.children].indexOf(e.target), e.skipped]), true), true)`)
	tb.do(30*time.Second, "choose", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		doc, _ := cdp.Call(ctx, tg, dom.GetDocument, dom.GetDocumentParams{})
		q, _ := cdp.Call(ctx, tg, dom.QuerySelector, dom.QuerySelectorParams{NodeID: doc.Root.NodeID, Selector: `input[name="class-files"]`})
		_, err := cdp.Call(ctx, tg, dom.SetFileInputFiles, dom.SetFileInputFilesParams{Files: paths, NodeID: q.NodeID})
		return err
	}))
	tb.waitJS("class", `document.querySelectorAll('[data-class-text] .fc-seg').length > 1 && !!document.querySelector('[data-agreement="alpha-u"]')`, 30*time.Second)
	t.Log(eval[string](tb, 10*time.Second, `JSON.stringify([Math.round(performance.now()), __cv])`))
	time.Sleep(time.Second)
	t.Log(eval[string](tb, 10*time.Second, `JSON.stringify([Math.round(performance.now()), __cv])`))
	t.Log(eval[string](tb, 10*time.Second, `(() => {
	  const el = document.querySelector('[data-class-text]');
	  const bs = [...el.querySelectorAll('.fc-class-block')];
	  const r = el.getBoundingClientRect();
	  return JSON.stringify({vw: innerWidth, vh: innerHeight, overlay: [r.top, r.height, el.scrollHeight], blocks: bs.length, shown: bs.filter(b => b.checkVisibility({contentVisibilityAuto: true})).length,
	    segs: el.querySelectorAll('.fc-seg').length, nodes: document.querySelectorAll('*').length, passages: document.querySelectorAll('[data-passage]').length, docH: document.documentElement.scrollHeight,
	    grads: [...document.querySelectorAll('*')].filter(e => getComputedStyle(e).backgroundImage !== 'none').length });
	})()`))
	buf, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	t.Log(err)
	os.WriteFile("/tmp/look.png", buf, 0o644)
}
