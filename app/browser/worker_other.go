//go:build !(js && wasm)

package browser

import "time"

func WorkerVersion(timeout time.Duration) (string, error) { return "", ErrNoBrowser }

func LetWorkerPrecache() {}
