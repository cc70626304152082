//go:build !(js && wasm)

package browser

func RequestPersistence() (bool, error) { return false, ErrNoBrowser }
func Storage() (StorageState, error)    { return StorageState{}, ErrNoBrowser }
