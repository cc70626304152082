package formats

import (
	"errors"
	"strings"
	"testing"
	"time"

	"framecheck/app/internal/refusal"
)

// Every format of the registry is complete: it writes, and it is
// recognised exactly when it is read; ids, names and file name endings
// are unique, so neither the menu nor a file name can be ambiguous.
func TestRegistryComplete(t *testing.T) {
	ids, names, exts := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, f := range All() {
		if f.ID == "" || f.Name == "" || f.Ext == "" || f.MIME == "" {
			t.Errorf("%q: id, name, extension or MIME type missing", f.ID)
		}
		for _, u := range []struct {
			seen map[string]bool
			key  string
		}{{ids, f.ID}, {names, f.Name}, {exts, f.Ext}} {
			if u.seen[u.key] {
				t.Errorf("%q: %q is used by another format too", f.ID, u.key)
			}
			u.seen[u.key] = true
		}
		if f.encode == nil {
			t.Errorf("%q: no encoder", f.ID)
		}
		if (f.decode != nil) != f.sniff.any() {
			t.Errorf("%q: decoder %v but detection %v: a format is read exactly when it is recognised", f.ID, f.decode != nil, f.sniff.any())
		}
		if f.Import != (f.decode != nil) {
			t.Errorf("%q: Import %v, decoder %v", f.ID, f.Import, f.decode != nil)
		}
		if f.Import && !strings.Contains(errUnknown, f.Name) {
			t.Errorf("%q: the message for unknown files does not name %q", f.ID, f.Name)
		}
	}
}

// Every encoder refuses a missing workspace with the same refusal (the
// guard is refusal.Exportable), rather than panic.
func TestExportNilWorkspace(t *testing.T) {
	for _, c := range ExportChoices() {
		_, _, _, err := ExportWith(c.Format, nil, time.Now(), c.Options)
		var fe *refusal.Error
		if !errors.As(err, &fe) || err.Error() != "no workspace to export" {
			t.Errorf("%s: %v, want a *refusal.Error \"no workspace to export\"", c.Key, err)
		}
	}
}

// The "Export as…" menu has an entry for every format, the first under
// the format's own id (its default), and no key twice.
func TestExportChoicesFromRegistry(t *testing.T) {
	keys := map[string]bool{}
	first := map[string]string{}
	for _, c := range ExportChoices() {
		if keys[c.Key] {
			t.Errorf("key %q twice", c.Key)
		}
		keys[c.Key] = true
		if _, ok := first[c.Format]; !ok {
			first[c.Format] = c.Key
		}
		if got, ok := ExportChoice(c.Key); !ok || got != c {
			t.Errorf("ExportChoice(%q) = %+v, %v", c.Key, got, ok)
		}
	}
	for _, f := range All() {
		if first[f.ID] != f.ID {
			t.Errorf("%q: first menu entry %q, want the format's id", f.ID, first[f.ID])
		}
	}
}
