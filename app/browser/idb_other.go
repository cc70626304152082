//go:build !(js && wasm)

package browser

import (
	"fmt"

	"framecheck/app/store"
)

// OpenIDB has no IndexedDB outside a browser.
func OpenIDB(ev IDBEvents) (store.Backend, error) {
	return nil, fmt.Errorf("open storage: %w (%v)", store.ErrUnavailable, ErrNoBrowser)
}
