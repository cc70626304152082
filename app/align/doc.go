// Package align is the browser-free core of the alignment assist: it cuts two
// readouts of the same call into sentences and suggests which sentence of one
// readout tells the same claim as which sentence of the other, and which
// sentences have no counterpart at all (candidates for an omission).
//
// Every offset is a code point offset into the text exactly as stored, the
// unit of package textpos and of every stored annotation; a [Span] can be
// passed to textpos.Text.Slice unchanged. Code points are counted the way a
// Go range loop counts them (an invalid byte is one U+FFFD), as textpos does.
//
// The package is pure Go (no syscall/js): the UI calls it from WASM, the
// tests and the benchmark run natively.
package align
