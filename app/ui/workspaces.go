package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"framecheck/app/browser"
	"framecheck/app/store"
	"framecheck/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// workspacesPanel lists the workspaces kept in this browser, and the trash.
// It loads the list itself (storage is asynchronous) each time it mounts or
// its Rev moves.
type workspacesPanel struct {
	app.Compo

	Rev     int
	Current string

	save    *saver
	list    []store.Meta
	trash   []store.Meta
	loadErr string

	storage    browser.StorageState
	storageErr error // the browser does not say (or there is no browser)
	storageSet bool
}

func newWorkspacesPanel(save *saver, rev int, current string) *workspacesPanel {
	return &workspacesPanel{save: save, Rev: rev, Current: current, list: save.lastList}
}

func (p *workspacesPanel) OnMount(ctx app.Context)  { p.load(ctx) }
func (p *workspacesPanel) OnUpdate(ctx app.Context) { p.load(ctx) }

func (p *workspacesPanel) load(ctx app.Context) {
	lib := p.save.lib
	if lib == nil {
		return
	}
	ctx.Async(func() {
		list, err1 := lib.List()
		trash, err2 := lib.Trash()
		st, stErr := browser.Storage()
		ctx.Dispatch(func(ctx app.Context) {
			p.list, p.trash, p.loadErr = list, trash, ""
			if err1 == nil {
				p.save.lastList = list
			}
			p.storage, p.storageErr, p.storageSet = st, stErr, true
			if err := firstErr(err1, err2); err != nil {
				p.loadErr = err.Error()
			}
		})
	})
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// id reads the workspace id an action button carries.
func (p *workspacesPanel) id(ctx app.Context) string {
	return ctx.JSSrc().Get("dataset").Get("workspace").String()
}

func (p *workspacesPanel) onOpen(ctx app.Context, e app.Event) { p.save.openWorkspace(ctx, p.id(ctx)) }

func (p *workspacesPanel) onNew(ctx app.Context, e app.Event) {
	p.save.createWorkspace(ctx, workspace.New("Untitled workspace", time.Now()), "")
}

func (p *workspacesPanel) onRename(ctx app.Context, e app.Event) {
	id := p.id(ctx)
	title := strings.TrimSpace(ctx.JSSrc().Get("value").String())
	if title == "" {
		p.save.sess.fail(fmt.Errorf("rename: a workspace needs a title"))
		return
	}
	if id == p.save.sess.ws.ID {
		_ = p.save.sess.apply(workspace.RenameWorkspace{Title: title})
		return
	}
	p.save.libTask(ctx, "rename", func(lib *store.Library) error {
		w, m, err := lib.Open(id)
		if err != nil {
			return err
		}
		w.Title = title
		_, err = lib.Save(w, m.Rev)
		return err
	})
}

func (p *workspacesPanel) onDuplicate(ctx app.Context, e app.Event) {
	id := p.id(ctx)
	var title string
	for _, m := range p.list {
		if m.ID == id {
			title = m.Title + " (copy)"
		}
	}
	if id == p.save.sess.ws.ID {
		title = p.save.sess.ws.Title + " (copy)" // the title on screen, maybe not yet stored
	}
	p.save.duplicateWorkspace(ctx, id, title)
}

func (p *workspacesPanel) onDelete(ctx app.Context, e app.Event) {
	id := p.id(ctx)
	if !browser.Confirm("Delete this workspace? You can restore it from the trash for " + itoa(store.TrashDays) + " days.") {
		return
	}
	p.save.deleteWorkspace(ctx, id)
}

func (p *workspacesPanel) onRestore(ctx app.Context, e app.Event) {
	id := p.id(ctx)
	p.save.libTask(ctx, "restore", func(lib *store.Library) error { return lib.Restore(id) })
}

func (p *workspacesPanel) onEmptyTrash(ctx app.Context, e app.Event) {
	if !browser.Confirm("Empty the trash? The workspaces in it are then gone for good.") {
		return
	}
	p.save.libTask(ctx, "empty trash", func(lib *store.Library) error { return lib.EmptyTrash() })
}

func (p *workspacesPanel) Render() app.UI {
	var open *workspace.Workspace
	if p.save.sess != nil {
		open = p.save.sess.ws
	}
	rows := store.WithOpen(p.list, open)
	return app.Section().Class("fc-workspaces").DataSet("panel", "workspaces").Aria("label", "Workspaces").Body(
		app.Header().Class("fc-ws-head").Body(
			app.H2().Text("Workspaces in this browser"),
			app.Button().Type("button").DataSet("action", "new-workspace").Text("New workspace").OnClick(p.onNew),
		),
		// Parts that come and go sit in containers that are always there:
		// go-app diffs children by position, so a sentence arriving later
		// (the storage estimate) would otherwise shift what follows and
		// re-create it, closing the rating scale the user just opened.
		slot("ws-error", app.If(p.loadErr != "", func() app.UI { return app.P().Role("alert").Class("fc-form-error").Text(p.loadErr) })),
		slot("ws-storage", p.storageLine()),
		app.Table().Class("fc-ws-table").Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Text("Title"), app.Th().Text("Readouts"), app.Th().Text("Annotations"), app.Th().Text("Last change"),
				app.Th().Body(app.Span().Class("fc-sr-only").Text("Actions")),
			)),
			app.TBody().Body(
				app.Range(rows).Slice(func(i int) app.UI {
					m := rows[i]
					current := m.ID == p.Current
					return app.Tr().DataSet("workspace-row", m.ID).Aria("current", current).Body(
						app.Td().Body(
							app.Input().Type("text").Name("workspace-title").Value(m.Title).
								Aria("label", "Title of workspace").DataSet("workspace", m.ID).OnChange(p.onRename),
						),
						app.Td().Text(itoa(m.Readouts)),
						app.Td().Text(itoa(m.Annotations)),
						app.Td().Text(stamp(m.UpdatedAt)),
						app.Td().Class("fc-ws-actions").Body(
							app.If(!current, func() app.UI {
								return app.Button().Type("button").DataSet("action", "open-workspace").DataSet("workspace", m.ID).Text("Open").OnClick(p.onOpen)
							}).Else(func() app.UI { return app.Span().Class("fc-badge-current").Text("open") }),
							app.Button().Type("button").DataSet("action", "duplicate-workspace").DataSet("workspace", m.ID).Text("Duplicate").OnClick(p.onDuplicate),
							app.Button().Type("button").DataSet("action", "delete-workspace").DataSet("workspace", m.ID).Text("Delete").OnClick(p.onDelete),
						),
					)
				}),
			),
		),
		// The open workspace's settings: its rating scale, also reachable
		// from a claim's Check section, is a setting of the workspace, so a
		// fact-checker can set it up before checking anything.
		slot("ws-settings", app.If(p.save.sess != nil && p.save.sess.ws != nil, func() app.UI {
			return app.Div().Class("fc-ws-settings").DataSet("settings", "workspace").Body(
				app.H3().Text("Settings of the open workspace"),
				newScalePanel(p.save.sess, p.Rev),
			)
		})),
		app.H3().Text("Trash ("+itoa(len(p.trash))+")"),
		app.If(len(p.trash) == 0, func() app.UI {
			return app.P().Class("fc-empty").Text("Deleted workspaces stay here for " + itoa(store.TrashDays) + " days.")
		}).Else(func() app.UI {
			return app.Div().Body(
				app.Ul().Class("fc-trash").Body(
					app.Range(p.trash).Slice(func(i int) app.UI {
						m := p.trash[i]
						return app.Li().DataSet("trash-row", m.ID).Body(
							app.Text(m.Title+" — deleted "+stamp(m.DeletedAt)+" "),
							app.Button().Type("button").DataSet("action", "restore-workspace").DataSet("workspace", m.ID).Text("Restore").OnClick(p.onRestore),
						)
					}),
				),
				app.Button().Type("button").Class("fc-danger").DataSet("action", "empty-trash").Text("Empty trash").OnClick(p.onEmptyTrash),
			)
		}),
	)
}

// storageLine says in a plain sentence whether the browser promised to
// keep this site's storage, and how much of its quota is used.
func (p *workspacesPanel) storageLine() app.UI {
	st := p.storage
	state, text := "best-effort", "This browser may clear your work if the disk gets full: export a backup."
	switch {
	case p.save.volatile:
		state, text = "none", "This browser refused storage: nothing is kept after you leave the page. Export JSON to keep your work."
	case !p.storageSet:
		// The line is there from the start, so that nothing below it
		// moves under the pointer when the browser's estimate arrives.
		state, text = "checking", "Checking how this browser keeps your work…"
	case p.storageErr != nil:
		state, text = "unknown", "This browser does not say whether it keeps your work: export a backup now and then."
	case st.Persisted:
		state, text = "persistent", "This browser keeps your work until you delete it (persistent storage)."
	}
	if p.storageSet && p.storageErr == nil && st.Quota > 0 {
		text += " Using " + sizeText(st.Usage) + " of " + sizeText(st.Quota) + "."
	}
	return app.P().Class("fc-storage").DataSet("storage", state).
		DataSet("usage", strconv.FormatInt(st.Usage, 10)).DataSet("quota", strconv.FormatInt(st.Quota, 10)).Text(text)
}

// sizeText writes a number of bytes for people: 1.2 MB, 10 GB.
func sizeText(n int64) string {
	units := []string{"bytes", "kB", "MB", "GB", "TB"}
	f, i := float64(n), 0
	for f >= 1000 && i < len(units)-1 {
		f /= 1000
		i++
	}
	if i == 0 {
		return strconv.FormatInt(n, 10) + " bytes"
	}
	prec := 1
	if f >= 10 {
		prec = 0
	}
	return strconv.FormatFloat(f, 'f', prec, 64) + " " + units[i]
}
