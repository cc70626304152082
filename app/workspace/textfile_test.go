package workspace

import (
	"strings"
	"testing"
)

// A plain-text file becomes a readout as the New readout form makes one:
// title from the file name, line breaks normalised, the same limits; a
// byte order mark is not text; a file that is not UTF-8 is refused, saying
// where.
func TestReadoutFromTextFile(t *testing.T) {
	if !IsTextFile("Kremlin Readout.TXT") || IsTextFile("a.json") || IsTextFile("txt") {
		t.Error("IsTextFile")
	}
	r, err := ReadoutFromTextFile("  Kremlin readout.txt", []byte("\uFEFFПервая строка\r\nвторая 👨‍👩‍👧\rтретья"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "Kremlin readout" || r.Text != "Первая строка\nвторая 👨‍👩‍👧\nтретья" || r.ID == "" {
		t.Errorf("got %q %q", r.Title, r.Text)
	}
	for _, c := range []struct {
		name string
		data string
		want string
	}{
		{"empty.txt", "  \r\n ", "empty.txt: text: paste the readout's text; it is empty"},
		{"latin1.txt", "ok\nna\xefve", "latin1.txt: the file is not UTF-8 text (line 2, column 3); save it as UTF-8"},
		{"big.txt", strings.Repeat("a", MaxTextLen+1), "big.txt: text: 2000001 characters is more than the limit of 2000000"},
		{".txt", "text", ".txt: title: must not be empty"},
	} {
		if _, err := ReadoutFromTextFile(c.name, []byte(c.data)); err == nil || err.Error() != c.want {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
