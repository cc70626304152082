package ui

import (
	"strconv"
	"time"

	"framecheck/app/align"
	"framecheck/app/browser"
	"framecheck/app/formats"
	"framecheck/app/store"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// authorKey is the localStorage key of the name that signs annotations.
const authorKey = "framecheck.author"

// shell is the root component. It composes the parts that hold the state
// (the session: the open workspace; the saver: storage; the import flow),
// keeps the page-level state (which panels are open, the list filter) and
// lays out the rest. Its key handlers are in the binding table
// (bindings.go).
type shell struct {
	app.Compo

	home    *shellCtx // the shell's own context, for work that outlives a panel
	sess    *session
	save    *saver
	imports *importFlow

	showForm bool
	showHelp bool
	showWS   bool
	update   bool // a new version is ready; reloading is the user's call
	ready    bool // the first readout is painted (data-ready for tests)
	told     bool // the service worker was told the page has started
	filter   workspace.Tag
	loadErr  string

	// versionGone is set when another tab opened a newer version of the
	// storage: this tab's connection closed, and only a reload saves again.
	versionGone bool
	// waitNote replaces "Loading…" while opening the storage waits for
	// an old tab (IndexedDB's blocked event).
	waitNote string

	// pubFor is the ClaimReview format waiting for the publisher dialog.
	pubFor string

	// Classes (app/class): the pack form, and the class view's state.
	showPack bool
	classOn  bool
	cls      *classState
	clsRev   int

	// After a key that painted first (binding.paintFirst), go-app renders
	// the list and panels once keys pause.
	keyRender pauseRender
}

func newShell() *shell { return &shell{home: &shellCtx{}} }

// compose puts the parts together around sess, kept in lib at revision
// rev (see newSaver): the page calls it once storage is open, tests with a
// library of their own.
func (s *shell) compose(sess *session, lib *store.Library, rev int, warn string, volatile bool) {
	if s.home == nil {
		s.home = &shellCtx{}
	}
	s.sess = sess
	s.save = newSaver(s.home, sess, lib, rev, warn, volatile)
	s.imports = newImportFlow(s.home, sess, s.save)
	sess.onChange = func() { s.save.changed(s.home.ctx) }
}

// uiCtx returns the shell's own context (see shellCtx).
func (s *shell) uiCtx(ctx app.Context) app.Context { return s.home.or(ctx) }

func (s *shell) OnMount(ctx app.Context) {
	// Storage answers asynchronously: open it off the UI goroutine.
	s.home.ctx = ctx
	ev := browser.IDBEvents{
		Blocked: func() {
			ctx.Dispatch(func(app.Context) {
				s.waitNote = "Waiting for another framecheck tab to let go of its storage: reload or close the other framecheck tabs."
			})
		},
		VersionChange: func() { ctx.Dispatch(func(app.Context) { s.versionGone = true }) },
	}
	var lib *store.Library
	var ws *workspace.Workspace
	var rev int
	var warn string
	var volatile bool
	s.home.async(ctx, func() { lib, ws, rev, warn, volatile = openLibrary(time.Now(), ev) }, func(ctx app.Context) {
		s.start(ctx, lib, ws, rev, warn, volatile)
	})
}

// OnAppUpdate is go-app's news that a service worker was activated while a
// worker controls the page. That is also the first visit's own worker (its
// activation claims the page), so the banner waits for the worker to name
// a version other than the page's; without an answer it is shown. The page
// never reloads by itself: that could drop an edit in progress.
func (s *shell) OnAppUpdate(ctx app.Context) {
	page := app.Getenv("GOAPP_VERSION")
	var worker string
	s.home.async(ctx, func() { worker, _ = browser.WorkerVersion(3 * time.Second) }, func(app.Context) {
		s.update = page == "" || worker != page
	})
}

func (s *shell) onReload(ctx app.Context, e app.Event) { s.save.reloadWhenStored(ctx) }

// started runs once, when the first readout is painted (at once without
// readouts): a second later, a service worker that installs may precache the
// app. Sooner, its downloads and cache writes would compete with the start.
func (s *shell) started() {
	if !s.told {
		s.told = true
		browser.After(time.Second, browser.LetWorkerPrecache)
	}
}

// start shows the loaded workspace and installs the page-wide listeners.
func (s *shell) start(ctx app.Context, lib *store.Library, ws *workspace.Workspace, rev int, warn string, volatile bool) {
	s.compose(newSession(ws), lib, rev, warn, volatile)
	s.sess.author = browser.LocalGet(authorKey)
	s.sess.onPainted = func() {
		if !s.ready {
			ctx.Dispatch(func(app.Context) { s.ready = true })
		}
		s.started()
	}
	s.ready = len(ws.Readouts) == 0
	if s.ready {
		s.started()
	}
	browser.LocalSet(currentKey, ws.ID)
	browser.OnBroadcast(func(msg string) {
		ctx.Dispatch(func(ctx app.Context) { s.save.onOtherTab(ctx, msg) })
	})
	browser.OnDropFiles(func(files []browser.File) {
		if len(files) > 0 {
			ctx.Dispatch(func(ctx app.Context) {
				if s.classOn { // the class view takes many files at once
					s.loadClass(ctx, files)
					return
				}
				s.imports.start(ctx, files[0])
			})
		}
	})
	browser.Init(func(k browser.Key) bool {
		b, ok := bindingFor(k)
		if !ok {
			return false
		}
		var in keyInput
		if b.readsSel {
			in.sel, in.hasSel = browser.CurrentSelection()
		}
		if b.paintFirst != nil && b.paintFirst(s.sess, in) {
			// Inside the key event, where no go-app work is under way
			// (the page calls into Go only when Go is idle).
			b.run(s, ctx, in)
			s.keyRender.key(func() { ctx.Dispatch(func(app.Context) {}) })
			return true
		}
		ctx.Dispatch(func(ctx app.Context) { b.run(s, ctx, in) })
		return true
	})
}

// stepAnnotation selects the next (1) or previous (-1) annotation and
// shows its list entry.
func (s *shell) stepAnnotation(ctx app.Context, d int) {
	if s.sess.moveSelection(d) {
		s.revealSelected(ctx)
	}
}

// stepReadout shows the next (1) or previous (-1) readout; in the compare
// view it moves to the other column.
func (s *shell) stepReadout(d int) {
	ss := s.sess
	if other := ss.cmp.otherColumn(ss.ws, ss.activeReadout); other != "" && ss.cmp.on {
		ss.activeReadout = other
		if a := ss.ws.Annotation(ss.selected); a != nil && a.ReadoutID != other && ss.linkFrom == "" {
			ss.selected = ""
		}
	} else if n := len(ss.ws.Readouts); n > 0 {
		i := (ss.ws.ReadoutIndex(ss.activeReadout) + d + n) % n
		s.switchTo(ss.ws.Readouts[i].ID)
	}
}

// escape closes the topmost panel, else cancels linking, else clears the
// selection.
func (s *shell) escape() {
	ss := s.sess
	switch {
	case s.showHelp:
		s.closeHelp()
	case s.showForm:
		s.showForm = false
	case s.showWS:
		s.showWS = false
	case s.imports.cur != nil:
		s.imports.close()
	case s.pubFor != "":
		s.pubFor = ""
	case ss.cmp.summary:
		ss.cmp.closeSummary()
	case ss.linkFrom != "":
		ss.linkFrom = ""
		ss.notice("Linking cancelled")
	default:
		ss.selected = ""
	}
}

// exportChoices are the entries of the "Export as…" menu (doccano once per
// unit of offsets).
var exportChoices = formats.ExportChoices()

// slot is a fixed place for an optional part of the page.
func slot(name string, content app.UI) app.UI {
	return app.Div().Class("fc-slot").DataSet("slot", name).Body(content)
}

var saveLabel = map[string]string{
	"saved":  "Saved in this browser",
	"saving": "Saving…",
	"failed": "Not saved",
	"stale":  "Not saved: changed in another tab",
}

func nextFilter(t workspace.Tag) workspace.Tag {
	switch t {
	case "":
		return workspace.Fact
	case workspace.Fact:
		return workspace.Framing
	case workspace.Framing:
		return workspace.Omission
	}
	return ""
}

func (s *shell) openForm(ctx app.Context) {
	s.showForm = true
	s.showHelp = false
	ctx.Defer(func(app.Context) { browser.Focus(`[data-form="readout"] input[name="title"]`) })
}

func (s *shell) switchTo(readoutID string) {
	if s.sess.activeReadout != readoutID {
		s.sess.activeReadout = readoutID
		s.sess.selected = ""
	}
}

// revealSelected scrolls the selected annotation's list entry into view;
// the readout view scrolls the text itself.
func (s *shell) revealSelected(ctx app.Context) {
	id := s.sess.selected
	ctx.Defer(func(app.Context) {
		browser.ScrollIntoView(`[data-annotation-list] [data-annotation-id="` + id + `"]`)
	})
}

func (s *shell) onNewReadout(ctx app.Context, e app.Event) { s.openForm(ctx) }

func (s *shell) onCompare(ctx app.Context, e app.Event) { s.sess.toggleCompare() }

// suggest runs the aligner on the two columns in a goroutine, so the click
// or key that asked is answered first ("Aligning…"); the result comes back
// through the shell's context, which outlives the compare view.
func (s *shell) suggest(ctx app.Context) {
	ta, tb, ok := s.sess.startSuggest()
	if !ok {
		return
	}
	var res align.Result
	s.home.async(ctx, func() { res = align.Align(ta, tb) }, func(app.Context) { s.sess.finishSuggest(ta, tb, res) })
}
func (s *shell) onWorkspaces(ctx app.Context, e app.Event) {
	s.showWS = !s.showWS
	if s.showWS {
		ctx.Defer(func(app.Context) { browser.ScrollIntoView(`[data-panel="workspaces"]`) })
	}
}

// onImport opens the file picker; onImportFile starts the import.
func (s *shell) onImport(ctx app.Context, e app.Event) {
	browser.Click(`input[name="import-file"]`)
	ctx.PreventUpdate()
}

func (s *shell) onImportFile(ctx app.Context, e app.Event) {
	if files := browser.PickedFiles(`input[name="import-file"]`); len(files) > 0 {
		s.imports.start(ctx, files[0])
	}
}

func (s *shell) onExport(ctx app.Context, e app.Event) { s.sess.exportJSON() }

// onExportAs exports in the format named by the menu entry, then closes
// the menu.
func (s *shell) onExportAs(ctx app.Context, e app.Event) {
	id := ctx.JSSrc().Get("dataset").Get("export").String()
	browser.CloseMenus()
	if (id == formats.ClaimReview || id == formats.ClaimReviewHTML) && needsPublisher(s.sess.ws) {
		s.pubFor = id
		return
	}
	s.sess.exportAs(id)
}

// onPublisherDone closes the publisher dialog, exporting when it saved.
func (s *shell) onPublisherDone(ctx app.Context, export bool) {
	id := s.pubFor
	s.pubFor = ""
	if export {
		s.sess.exportAs(id)
	}
}
func (s *shell) onHelp(ctx app.Context, e app.Event) { s.toggleHelp(ctx) }

// toggleHelp opens the help, which takes the focus, or closes it and gives
// the focus back.
func (s *shell) toggleHelp(ctx app.Context) {
	if s.showHelp {
		s.closeHelp()
		return
	}
	s.showHelp = true
	ctx.Defer(func(app.Context) { browser.FocusDialog(`[data-panel="help"]`) })
}

// closeHelp closes the help and gives the focus back to where it was.
func (s *shell) closeHelp() {
	s.showHelp = false
	browser.ReturnFocus()
}

func (s *shell) onUndo(ctx app.Context, e app.Event) { s.sess.undoLast() }
func (s *shell) onRedo(ctx app.Context, e app.Event) { s.sess.redoLast() }

func (s *shell) onTab(ctx app.Context, e app.Event) {
	s.switchTo(ctx.JSSrc().Get("dataset").Get("readoutTab").String())
}

func (s *shell) onFilter(ctx app.Context, e app.Event) {
	// "all" (go-app drops an empty option value) and anything unknown show
	// every tag.
	s.filter = workspace.Tag(ctx.JSSrc().Get("value").String())
	if !s.filter.Valid() {
		s.filter = ""
	}
}

func (s *shell) onFormDone(ctx app.Context) {
	s.showForm = false
	ctx.Defer(func(app.Context) { browser.Focus(`.fc-text[data-readout-id]`) })
}

func (s *shell) Render() app.UI {
	if s.sess == nil {
		return s.renderLoading()
	}
	ss := s.sess
	saveState := s.save.state()
	_, _, compareOn := ss.cmp.columns(ss.ws)
	view := "single"
	if compareOn {
		view = "compare"
	}
	if s.classOn {
		view = "class"
	}
	student := ss.ws.Assignment != nil
	summary := ""
	if compareOn && ss.cmp.summary {
		summary = "open"
	}
	ready := ""
	if s.ready {
		ready = "1"
	}
	// Optional panels sit in fixed slots: go-app diffs children by index,
	// so a panel appearing must not shift (and re-create) the readout view
	// after it. Each part below keeps its number of children.
	body := []app.UI{s.renderHeader(saveState, compareOn, student)}
	body = append(body, s.renderBanners()...)
	body = append(body, s.renderDialogs()...)
	body = append(body, s.renderStatus())
	body = append(body, s.renderClassroom(student)...)
	body = append(body, s.renderTabs(compareOn))
	body = append(body, s.renderPanels(summary != "")...)
	body = append(body, s.renderReader(compareOn))
	return app.Main().Class("fc-shell").DataSet("ready", ready).DataSet("save-state", saveState).
		DataSet("view", view).DataSet("summary", summary).Body(body...)
}

// renderLoading is the page until storage has answered.
func (s *shell) renderLoading() app.UI {
	msg := "Loading…"
	if s.waitNote != "" {
		msg = s.waitNote
	}
	if s.loadErr != "" {
		msg = "framecheck could not start: " + s.loadErr
	}
	return app.Main().Class("fc-shell").Body(app.P().Class("fc-loading").Text(msg))
}

// renderHeader is the title, the save state and the toolbar.
func (s *shell) renderHeader(saveState string, compareOn, student bool) app.UI {
	ss := s.sess
	return app.Header().Class("fc-header").Body(
		app.Div().Class("fc-brand").Body(
			app.Span().Class("fc-logo").Text("framecheck"),
			app.H1().Class("fc-ws-title").Text(ss.ws.Title),
			// Here, not in the toolbar: its changing width must never move
			// a button between the press and the release of a click.
			app.Span().Class("fc-save-state").DataSet("save", saveState).Text(saveLabel[saveState]),
		),
		app.Nav().Class("fc-toolbar").Aria("label", "Workspace").Body(
			app.Button().Type("button").DataSet("action", "workspaces").Aria("expanded", s.showWS).Text("Workspaces").OnClick(s.onWorkspaces),
			app.Button().Type("button").DataSet("action", "compare").Aria("pressed", compareOn).
				Title("Compare two readouts side by side (C)").Text("Compare").OnClick(s.onCompare),
			app.If(!student, func() app.UI {
				return app.Button().Type("button").DataSet("action", "new-readout").Title("New readout (N)").Text("New readout").OnClick(s.onNewReadout)
			}),
			app.Button().Type("button").DataSet("action", "import-json").Title("Import a file: framecheck, W3C, doccano or Label Studio, or a .txt file as a new readout (I); or drop it on the page").Text("Import JSON").OnClick(s.onImport),
			app.Input().Type("file").Name("import-file").Accept(".json,.jsonl,.jsonld,.txt,application/json,application/ld+json,text/plain").Hidden(true).OnChange(s.onImportFile),
			app.Button().Type("button").DataSet("action", "export-json").Title("Export JSON (X)").Text("Export JSON").OnClick(s.onExport),
			app.Details().Class("fc-menu").DataSet("menu", "export").Body(
				app.Summary().Text("Export as…"),
				app.Div().Class("fc-menu-items").Role("menu").Body(
					app.Range(exportChoices).Slice(func(i int) app.UI {
						c := exportChoices[i]
						return app.Button().Type("button").Role("menuitem").DataSet("export", c.Key).Text(c.Label).OnClick(s.onExportAs)
					}),
				),
			),
			app.If(student, func() app.UI {
				return app.Button().Type("button").Class("fc-primary").DataSet("action", "hand-in").Title("Download your work for your teacher").Text("Hand in").OnClick(s.onHandIn)
			}).Else(func() app.UI {
				return app.Button().Type("button").DataSet("action", "make-pack").Aria("expanded", s.showPack).Title("Make a class pack of this workspace for students").Text("Class pack").OnClick(s.onMakePack)
			}),
			app.Button().Type("button").DataSet("action", "class-view").Aria("pressed", s.classOn).Title("Collect and compare the class's hand-ins").Text("Class view").OnClick(s.onClassView),
			app.Button().Type("button").DataSet("action", "undo").Title("Undo (Ctrl+Z)").Disabled(len(ss.undo) == 0).Text("Undo").OnClick(s.onUndo),
			app.Button().Type("button").DataSet("action", "redo").Title("Redo (Ctrl+Shift+Z)").Disabled(len(ss.redo) == 0).Text("Redo").OnClick(s.onRedo),
			app.Button().Type("button").DataSet("action", "help").Title("Keyboard shortcuts (?)").Aria("expanded", s.showHelp).Text("?").OnClick(s.onHelp),
		),
	)
}

// renderBanners are the page-wide messages: an update, storage refused,
// another tab's newer work, a switch that cannot store first.
func (s *shell) renderBanners() []app.UI {
	return []app.UI{
		slot("update", app.If(s.versionGone, func() app.UI {
			return app.Div().Class("fc-banner", "fc-banner-error").Role("alert").DataSet("banner", "reload").Body(
				app.Strong().Text("Reload to continue. "),
				app.Text("framecheck was updated in another tab, and this tab no longer saves. "),
				app.Button().Type("button").DataSet("action", "reload").Text("Reload").OnClick(s.onReload),
			)
		}).ElseIf(s.update, func() app.UI {
			return app.Div().Class("fc-banner").Role("status").DataSet("banner", "update").Body(
				app.Strong().Text("Update available. "),
				app.Text("A new version of framecheck is ready; your work is kept. "),
				app.Button().Type("button").DataSet("action", "reload").Text("Reload").OnClick(s.onReload),
			)
		})),
		slot("storage", app.If(s.save.failure != "", func() app.UI {
			return app.Div().Class("fc-banner", "fc-banner-error").Role("alert").DataSet("banner", "storage").Body(
				app.Strong().Text("Not saved. "),
				app.Text(s.save.failure+" "),
				app.Button().Type("button").DataSet("action", "export-now").Text("Export JSON now").OnClick(s.onExport),
			)
		})),
		slot("stale", app.If(s.save.stale, func() app.UI {
			return app.Div().Class("fc-banner").Role("alert").DataSet("banner", "stale").Body(
				app.Strong().Text("This workspace was changed in another tab. "),
				app.Text("Saving here would overwrite that newer work, so this tab has stopped saving. "),
				app.Button().Type("button").DataSet("action", "load-theirs").Text("Load the other tab's version").OnClick(s.save.onLoadTheirs),
				app.Button().Type("button").DataSet("action", "keep-mine").Text("Keep mine as a copy").OnClick(s.save.onKeepMine),
			)
		})),
		slot("leave", app.If(s.save.leave != nil, func() app.UI {
			a := s.save.leave
			return app.Div().Class("fc-banner", "fc-banner-error").Role("alert").DataSet("banner", "leave").Body(
				app.Strong().Text("Your latest changes are not stored. "),
				app.Text("Before you "+a.what+": "+a.reason.Error()+". "),
				app.Button().Type("button").DataSet("action", "leave-export").Text("Export JSON, then continue").OnClick(s.save.onLeaveExport),
				app.Button().Type("button").Class("fc-danger").DataSet("action", "leave-discard").Text("Discard them and continue").OnClick(s.save.onLeaveDiscard),
				app.Button().Type("button").DataSet("action", "leave-stay").Text("Stay").OnClick(s.save.onLeaveStay),
			)
		})),
	}
}

// renderDialogs are the publisher question, the import and the
// Workspaces panel.
func (s *shell) renderDialogs() []app.UI {
	ss := s.sess
	return []app.UI{
		slot("publisher", app.If(s.pubFor != "", func() app.UI { return newPublisherDialog(s.sess, s.pubFor, s.onPublisherDone) })),
		slot("import", app.If(s.imports.cur != nil, func() app.UI { return newImportDialog(s.imports, s.imports.rev) })),
		slot("workspaces", app.If(s.showWS && s.save.lib != nil, func() app.UI { return newWorkspacesPanel(s.save, s.save.listRev, ss.ws.ID) })),
	}
}

// renderStatus is the status line: the last notice or error.
func (s *shell) renderStatus() app.UI {
	ss := s.sess
	return app.P().Class("fc-status").Aria("live", "polite").Role("status").
		DataSet("error", strconv.FormatBool(ss.isError)).Text(ss.message)
}

// renderClassroom is the student's assignment, the pack form and the class
// view.
func (s *shell) renderClassroom(student bool) []app.UI {
	ss := s.sess
	return []app.UI{
		slot("assignment", app.If(student && !s.classOn, func() app.UI { return newAssignmentPanel(ss) })),
		slot("pack", app.If(s.showPack && !student, func() app.UI { return newPackForm(ss, s.onPackDone) })),
		slot("class", app.If(s.classOn, func() app.UI { return newClassView(s, s.clsRev) })),
	}
}

// renderTabs is one tab per readout (hidden in the compare and class
// views).
func (s *shell) renderTabs(compareOn bool) app.UI {
	ss := s.sess
	return app.Nav().Class("fc-tabs").Aria("label", "Readouts").Role("tablist").Hidden(compareOn || s.classOn).Body(
		app.Range(ss.ws.Readouts).Slice(func(i int) app.UI {
			r := ss.ws.Readouts[i]
			return app.Button().Type("button").Role("tab").Class("fc-tab").
				DataSet("readout-tab", r.ID).
				Aria("selected", r.ID == ss.activeReadout).
				Text(r.Title).OnClick(s.onTab)
		}),
	)
}

// renderPanels are the New readout form, the help and the pair's summary.
func (s *shell) renderPanels(summaryOpen bool) []app.UI {
	ss := s.sess
	return []app.UI{
		slot("form", app.If(s.showForm, func() app.UI { return newReadoutForm(ss, s.onFormDone) })),
		slot("help", app.If(s.showHelp, func() app.UI { return newHelpPanel() })),
		slot("summary", app.If(summaryOpen, func() app.UI { return newSummaryPanel(ss) })),
	}
}

// renderReader is the readout (or the two of the compare view) beside the
// annotation panel and list.
func (s *shell) renderReader(compareOn bool) app.UI {
	ss := s.sess
	active := ss.ws.Readout(ss.activeReadout)
	return app.Div().Class("fc-body").Hidden(s.classOn).Body(
		app.Section().Class("fc-reader").Aria("label", "Readout").Body(
			newTagBar(ss),
			app.If(compareOn, func() app.UI {
				return newCompareView(ss, s.suggest)
			}).ElseIf(active != nil, func() app.UI {
				return newReadoutView(ss, active.ID, ss.annRevs[active.ID], ss.selected)
			}).Else(func() app.UI {
				return app.P().Class("fc-empty").Text("No readout yet: press New readout and paste one.")
			}),
		),
		app.Aside().Class("fc-side").Body(
			newAnnotationPanel(ss, ss.selected, ss.rev),
			app.If(active != nil, func() app.UI {
				return newAnnotationList(ss, ss.activeReadout, ss.annRevs[ss.activeReadout], s.filter, ss.selected, s.onFilter)
			}),
		),
	)
}
