// Package textpos converts positions in a readout text between the units the
// project meets: Unicode code points (the unit of every stored and exported
// offset, as the W3C Web Annotation model requires), UTF-16 code units (the
// unit of the DOM) and UTF-8 bytes (the unit of Go strings). It also snaps
// span edges to grapheme clusters, builds quote context (prefix/suffix) and
// cuts a text into segments by spans for rendering.
//
// This is the one place where those conversions happen; nothing else in the
// project counts UTF-16 units.
package textpos
