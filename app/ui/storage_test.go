package ui

import (
	"errors"
	"strings"
	"testing"

	"framecheck/app/browser"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestStorageLineSaysWhetherWorkIsKept(t *testing.T) {
	for _, tc := range []struct {
		st       browser.StorageState
		err      error
		volatile bool
		checking bool // the estimate has not arrived yet
		state    string
		says     []string
	}{
		{st: browser.StorageState{Persisted: true, Usage: 1_234_567, Quota: 10_000_000_000}, state: "persistent",
			says: []string{"keeps your work until you delete it", "Using 1.2 MB of 10 GB."}},
		{st: browser.StorageState{Usage: 999, Quota: 50_000_000}, state: "best-effort",
			says: []string{"This browser may clear your work if the disk gets full: export a backup.", "Using 999 bytes of 50 MB."}},
		{err: errors.New("navigator.storage.estimate: not supported"), state: "unknown", says: []string{"export a backup"}},
		{volatile: true, state: "none", says: []string{"nothing is kept"}},
		{checking: true, state: "checking", says: []string{"Checking how this browser keeps your work"}},
		{checking: true, volatile: true, state: "none", says: []string{"nothing is kept"}},
	} {
		p := &workspacesPanel{save: &saver{volatile: tc.volatile}, storage: tc.st, storageErr: tc.err, storageSet: !tc.checking}
		html := app.HTMLString(p.storageLine())
		if !strings.Contains(html, `data-storage="`+tc.state+`"`) {
			t.Errorf("%+v: want data-storage=%q in %s", tc.st, tc.state, html)
		}
		for _, s := range tc.says {
			if !strings.Contains(html, s) {
				t.Errorf("%+v: want %q in %s", tc.st, s, html)
			}
		}
	}
}
