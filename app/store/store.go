// Package store keeps workspaces in the browser between visits. It knows
// nothing of the DOM: a Backend holds opaque records (IndexedDB in the
// browser, a map in tests), and Library turns workspaces into framecheck v1
// bytes and back, with a revision number per workspace so that two tabs
// never silently overwrite each other's newer work.
package store

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"framecheck/app/fcjson"
	"framecheck/app/workspace"
)

// Meta describes a stored workspace for the workspace list.
type Meta struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Readouts    int       `json:"readouts"`
	Annotations int       `json:"annotations"`
	UpdatedAt   time.Time `json:"updatedAt"`
	// Rev counts saves; a save must name the revision it started from.
	Rev int `json:"rev"`
	// DeletedAt is set while the workspace is in the trash.
	DeletedAt time.Time `json:"deletedAt,omitzero"`
}

// Trashed reports whether the workspace is in the trash.
func (m Meta) Trashed() bool { return !m.DeletedAt.IsZero() }

// Backend stores records. Put must be atomic and must refuse (with
// ErrConflict) when the stored revision is not expectRev, in the same
// transaction as the write.
type Backend interface {
	Put(meta Meta, data []byte, expectRev int) error
	Get(id string) (Meta, []byte, error)
	Metas() ([]Meta, error)
	Delete(id string) error
}

// Errors a Backend or the Library returns.
var (
	ErrNotFound = errors.New("no such workspace")
	// ErrConflict means another tab saved this workspace since we loaded it.
	ErrConflict = errors.New("this workspace was changed in another tab")
	// ErrUnavailable means the browser refuses storage (private mode,
	// quota exceeded, disabled).
	ErrUnavailable = errors.New("the browser refuses to store data")
)

// TrashDays is how long a deleted workspace can be restored.
const TrashDays = 30

// Library is the set of workspaces in one browser.
type Library struct {
	B   Backend
	Now func() time.Time
}

func (l *Library) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

// Save writes w, starting from revision baseRev (0 for a new workspace), and
// returns the new revision.
func (l *Library) Save(w *workspace.Workspace, baseRev int) (int, error) {
	m, data, err := Record(w, baseRev)
	if err != nil {
		return baseRev, err
	}
	return l.Put(m, data, baseRev)
}

// Record encodes w for storage as the revision after baseRev. It is split
// from Put so the page can encode on the UI goroutine (a consistent
// snapshot) and write in the background.
func Record(w *workspace.Workspace, baseRev int) (Meta, []byte, error) {
	// exportedAt is the last change, so the stored bytes depend only on
	// the workspace: saving twice without a change writes the same bytes.
	data, err := fcjson.Encode(w, w.UpdatedAt)
	if err != nil {
		return Meta{}, nil, fmt.Errorf("save %q: %w", w.Title, err)
	}
	m := metaOf(w)
	m.Rev = baseRev + 1
	return m, data, nil
}

func metaOf(w *workspace.Workspace) Meta {
	return Meta{ID: w.ID, Title: w.Title, Readouts: len(w.Readouts), Annotations: len(w.Annotations), UpdatedAt: w.UpdatedAt}
}

// WithOpen returns list (from List) with the open workspace w as it is on
// screen: the list is read from storage, and a new workspace's first write
// or the latest edits land later. Without this the rows would move under
// the pointer when the write lands (a click meant for one row's Open
// button then hits another's). list is not changed.
func WithOpen(list []Meta, w *workspace.Workspace) []Meta {
	if w == nil {
		return list
	}
	open := metaOf(w)
	out := make([]Meta, 0, len(list)+1)
	for _, m := range list {
		if m.ID == w.ID {
			open.Rev = m.Rev
			continue
		}
		out = append(out, m)
	}
	out = append(out, open)
	sortMetas(out, false)
	return out
}

// Put writes a record made by Record and returns its revision.
func (l *Library) Put(m Meta, data []byte, baseRev int) (int, error) {
	if err := l.B.Put(m, data, baseRev); err != nil {
		return baseRev, fmt.Errorf("save %q: %w", m.Title, err)
	}
	return m.Rev, nil
}

// Open loads a workspace and the revision it was saved at.
func (l *Library) Open(id string) (*workspace.Workspace, Meta, error) {
	m, data, err := l.B.Get(id)
	if err != nil {
		return nil, Meta{}, fmt.Errorf("open %s: %w", id, err)
	}
	w, err := fcjson.Decode(data)
	if err != nil {
		return nil, m, fmt.Errorf("open %q: stored data is damaged: %w", m.Title, err)
	}
	return w, m, nil
}

// Has reports whether a workspace with this id is stored (in the trash
// too). It reads the list of records, not the workspace itself.
func (l *Library) Has(id string) (bool, error) {
	all, err := l.B.Metas()
	if err != nil {
		return false, err
	}
	for _, m := range all {
		if m.ID == id {
			return true, nil
		}
	}
	return false, nil
}

// List returns the workspaces not in the trash, most recently changed first.
func (l *Library) List() ([]Meta, error) { return l.list(false) }

// Trash returns the workspaces in the trash, most recently deleted first.
func (l *Library) Trash() ([]Meta, error) { return l.list(true) }

func (l *Library) list(trashed bool) ([]Meta, error) {
	all, err := l.B.Metas()
	if err != nil {
		return nil, err
	}
	var out []Meta
	for _, m := range all {
		if m.Trashed() == trashed {
			out = append(out, m)
		}
	}
	sortMetas(out, trashed)
	return out, nil
}

// sortMetas orders the list most recent first: by last change, or in the
// trash by deletion.
func sortMetas(out []Meta, trashed bool) {
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].UpdatedAt, out[j].UpdatedAt
		if trashed {
			a, b = out[i].DeletedAt, out[j].DeletedAt
		}
		if !a.Equal(b) {
			return a.After(b)
		}
		return out[i].ID < out[j].ID
	})
}

// setDeleted moves a workspace into the trash (at t) or out of it (zero t).
func (l *Library) setDeleted(id string, t time.Time) error {
	m, data, err := l.B.Get(id)
	if err != nil {
		return err
	}
	base := m.Rev
	m.DeletedAt = t
	m.Rev++
	return l.B.Put(m, data, base)
}

// MoveToTrash deletes a workspace so that it can still be restored for
// TrashDays days.
func (l *Library) MoveToTrash(id string) error {
	if err := l.setDeleted(id, l.now().UTC()); err != nil {
		return fmt.Errorf("delete workspace: %w", err)
	}
	return nil
}

// Restore takes a workspace out of the trash.
func (l *Library) Restore(id string) error {
	if err := l.setDeleted(id, time.Time{}); err != nil {
		return fmt.Errorf("restore workspace: %w", err)
	}
	return nil
}

// EmptyTrash removes every workspace in the trash for good.
func (l *Library) EmptyTrash() error {
	trash, err := l.Trash()
	if err != nil {
		return err
	}
	for _, m := range trash {
		if err := l.B.Delete(m.ID); err != nil {
			return fmt.Errorf("empty trash: %w", err)
		}
	}
	return nil
}

// PurgeExpired removes trashed workspaces older than TrashDays.
func (l *Library) PurgeExpired() error {
	trash, err := l.Trash()
	if err != nil {
		return err
	}
	limit := l.now().Add(-TrashDays * 24 * time.Hour)
	for _, m := range trash {
		if m.DeletedAt.Before(limit) {
			if err := l.B.Delete(m.ID); err != nil {
				return fmt.Errorf("purge trash: %w", err)
			}
		}
	}
	return nil
}

// Duplicate copies a workspace under new ids (workspace, readouts,
// annotations, with omittedBy rewritten) and a new title, and saves it.
func (l *Library) Duplicate(id, title string) (*workspace.Workspace, error) {
	_, data, err := l.B.Get(id)
	if err != nil {
		return nil, fmt.Errorf("duplicate %s: %w", id, err)
	}
	return l.SaveCopy(data, title)
}

// SaveCopy stores a copy, under new ids and the title, of the workspace
// whose framecheck bytes are data (as Record made them): the page copies
// the open workspace as it is on screen, whether or not it is stored.
func (l *Library) SaveCopy(data []byte, title string) (*workspace.Workspace, error) {
	w, err := fcjson.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("duplicate: %w", err)
	}
	c := w.Reid(l.now())
	c.Title = title
	if _, err := l.Save(c, 0); err != nil {
		return nil, err
	}
	return c, nil
}

// Memory is a Backend in memory, for tests and as the fallback when the
// browser refuses storage (the app then says that nothing is saved).
type Memory struct {
	recs map[string]memRec
	// Fail, when set, makes every write fail with it (to test refusals).
	Fail error
}

type memRec struct {
	meta Meta
	data []byte
}

// NewMemory returns an empty Memory backend.
func NewMemory() *Memory { return &Memory{recs: map[string]memRec{}} }

func (m *Memory) Put(meta Meta, data []byte, expectRev int) error {
	if m.Fail != nil {
		return m.Fail
	}
	cur, ok := m.recs[meta.ID]
	if (ok && cur.meta.Rev != expectRev) || (!ok && expectRev != 0) {
		return ErrConflict
	}
	m.recs[meta.ID] = memRec{meta: meta, data: append([]byte(nil), data...)}
	return nil
}

func (m *Memory) Get(id string) (Meta, []byte, error) {
	r, ok := m.recs[id]
	if !ok {
		return Meta{}, nil, ErrNotFound
	}
	return r.meta, append([]byte(nil), r.data...), nil
}

func (m *Memory) Metas() ([]Meta, error) {
	out := make([]Meta, 0, len(m.recs))
	for _, r := range m.recs {
		out = append(out, r.meta)
	}
	return out, nil
}

func (m *Memory) Delete(id string) error {
	delete(m.recs, id)
	return nil
}
