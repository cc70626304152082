package workspace

import "github.com/google/uuid"

// Every id is a random (version 4) UUID. Without uuid's pool each one is a
// call to the platform's random source, which in the browser costs about
// 5 µs whatever the size read (crypto.getRandomValues through Go's wasm
// import): a 10,000-annotation import opened under new ids spent about
// 58 ms on it. The pool reads 16 ids' worth at a time. Ids are not secrets,
// so random bytes waiting in memory are no concern here; enabling it in
// init keeps it out of any concurrent New, as uuid asks.
func init() { uuid.EnableRandPool() }
