package class

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"framecheck/app/workspace"
)

// A ZIP as Moodle downloads it (a folder per student, nested folders,
// other files beside the JSON) gives the same class as the loose files;
// what is not JSON is listed, not counted.
func TestLoadZip(t *testing.T) {
	pack := newPack(t, "Readouts")
	ana := handIn(t, student(t, pack, "Ana", ann{0, workspace.Fact, 0, 4, ""}), t0)
	ben := handIn(t, student(t, pack, "Ben", ann{0, workspace.Framing, 1, 5, ""}), t0)
	z := zipOf(t,
		File{"Ana Lima_1001_assignsubmission_file_/Readouts - Ana.framecheck.json", ana},
		File{"Ben Okafor_1002_assignsubmission_file_/drafts/final/Readouts - Ben.framecheck.json", ben},
		File{"Ben Okafor_1002_assignsubmission_file_/notes.docx", []byte("PK not really")},
		File{"__MACOSX/._Readouts - Ana.framecheck.json", []byte{0, 5}},
		File{"inner.zip", zipOf(t, File{"x.json", ana})},
		File{"README.txt", []byte("hello")},
	)
	c := Load([]File{{"all submissions.zip", z}}, Options{})
	if names(c) != "Ana,Ben" {
		t.Fatalf("students %q\n%s", names(c), refusals(c))
	}
	want := map[string]string{
		"all submissions.zip/Ben Okafor_1002_assignsubmission_file_/notes.docx": "not a .json file",
		"all submissions.zip/inner.zip":                                         "ZIP inside a ZIP",
		"all submissions.zip/README.txt":                                        "not a .json file",
	}
	for f, w := range want {
		if !strings.Contains(refusedFor(c, f), w) {
			t.Errorf("%s: %q, want %q", f, refusedFor(c, f), w)
		}
	}
	if len(c.Refused) != len(want) {
		t.Errorf("refused:\n%s", refusals(c))
	}
	if !strings.HasSuffix(c.Students[1].File, "drafts/final/Readouts - Ben.framecheck.json") {
		t.Errorf("file of Ben: %s", c.Students[1].File)
	}
	// A broken archive is one refusal.
	c = Load([]File{{"cut.zip", z[:len(z)/2]}, {"ana.json", ana}}, Options{})
	if names(c) != "Ana" || !strings.Contains(refusedFor(c, "cut.zip"), "broken ZIP") {
		t.Errorf("cut archive: %q\n%s", names(c), refusals(c))
	}
}

// ZIP bombs: an entry that expands past the budget and an archive of more
// entries than the cap stop reading there, say why, and keep what was read.
func TestLoadZipBomb(t *testing.T) {
	pack := newPack(t, "Readouts")
	ana := handIn(t, student(t, pack, "Ana"), t0)
	zeros := bytes.Repeat([]byte{' '}, 8<<20) // white space: "valid" to any JSON sniffing
	z := zipOf(t, File{"a/ana.json", ana}, File{"b/bomb.json", zeros}, File{"c/ben.json", handIn(t, student(t, pack, "Ben"), t0)})
	if len(z) > 100<<10 {
		t.Fatalf("the bomb is %d bytes; not a bomb", len(z))
	}
	c := Load([]File{{"subs.zip", z}}, Options{Limits: Limits{MaxBytes: 1 << 20}})
	if names(c) != "Ana" || !strings.Contains(refusedFor(c, "subs.zip/b/bomb.json"), "guard against ZIP bombs") ||
		!strings.Contains(refusedFor(c, "subs.zip/b/bomb.json"), "the rest of subs.zip is not read") {
		t.Fatalf("bomb: %q\n%s", names(c), refusals(c))
	}
	// With the defaults, one entry past the size framecheck opens at all.
	big := zipOf(t, File{"big.json", bytes.Repeat([]byte{' '}, 51<<20)}, File{"ana.json", ana})
	c = Load([]File{{"big.zip", big}}, Options{})
	if names(c) != "Ana" || !strings.Contains(refusedFor(c, "big.zip/big.json"), "more than 50 MB") {
		t.Fatalf("big entry: %q\n%s", names(c), refusals(c))
	}
	// Too many entries: the cap, said once per entry not read.
	var many []File
	for i := range 30 {
		many = append(many, File{fmt.Sprintf("s%02d/x.json", i), []byte("{}")})
	}
	c = Load([]File{{"many.zip", zipOf(t, many...)}, {"ana.json", ana}}, Options{Limits: Limits{MaxFiles: 10}})
	n := 0
	for _, r := range c.Refused {
		if strings.Contains(r.Reason, "at most 10 files") {
			n++
		}
	}
	if n != 2 || names(c) != "" || !strings.Contains(refusedFor(c, "many.zip/s10/x.json"), "the rest of many.zip is not read") ||
		refusedFor(c, "many.zip/s11/x.json") != "" || refusedFor(c, "ana.json") == "" { // once for the archive, once for ana.json
		t.Fatalf("%d refused for the cap, students %q\n%s", n, names(c), refusals(c))
	}
}
