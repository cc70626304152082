package workspace

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// IsTextFile reports whether a file's name says it is plain text (.txt),
// which framecheck opens as a new readout rather than as an import.
func IsTextFile(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".txt" && len(name) > len(ext)-1
}

// ReadoutFromTextFile makes a readout of a plain-text file, as the New
// readout form does (NewReadout: line breaks normalised, the same limits),
// titled by the file name without its extension. A byte order mark is
// dropped; a file that is not UTF-8 is refused with the place of the first
// bad byte. Errors start with the file name.
func ReadoutFromTextFile(name string, data []byte) (*Readout, error) {
	name = strings.TrimSpace(name)
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		before := data[:off]
		line := 1 + bytes.Count(before, []byte("\n"))
		if i := bytes.LastIndexByte(before, '\n'); i >= 0 {
			before = before[i+1:]
		}
		return nil, fmt.Errorf("%s: the file is not UTF-8 text (line %d, column %d); save it as UTF-8", name, line, 1+utf8.RuneCount(before))
	}
	title := strings.TrimSuffix(name, path.Ext(name))
	r, err := NewReadout(title, "", "", "", "", string(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return r, nil
}
