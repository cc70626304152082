package class

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"

	"framecheck/app/fcjson"
)

// File is one file the teacher chose or dropped, or one entry of a ZIP
// (Name is then "archive.zip/folder/file.json").
type File struct {
	Name string
	Data []byte
}

// Refusal is a file that is not part of the class, and why.
type Refusal struct {
	File   string
	Reason string
}

// Guards against ZIP bombs (an archive of a few kilobytes that expands to
// gigabytes, or to millions of entries): reading stops at these, and the
// refusal says so. A class of 200 hand-ins of a few hundred kilobytes each
// stays far below them.
const (
	DefaultMaxFiles = 1000
	DefaultMaxBytes = 256 << 20
)

// Limits caps what Expand reads; zero fields take the defaults.
type Limits struct {
	MaxFiles int   // files in all, archives' entries included
	MaxBytes int64 // bytes in all after expanding archives
}

func (l Limits) orDefault() Limits {
	if l.MaxFiles <= 0 {
		l.MaxFiles = DefaultMaxFiles
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	return l
}

// isZip tells an archive by its signature, not its name: browsers and
// platforms rename downloads.
func isZip(f File) bool {
	return bytes.HasPrefix(f.Data, []byte("PK\x03\x04")) || bytes.HasPrefix(f.Data, []byte("PK\x05\x06"))
}

// Expand replaces every ZIP among files by its JSON entries (in any folder,
// as Moodle puts each student's files in a folder of their own) and returns
// the files to read, and the ones it set aside: other entries (not JSON),
// a ZIP inside a ZIP, a broken archive, and whatever lies beyond the limits.
func Expand(files []File, lim Limits) ([]File, []Refusal) {
	lim = lim.orDefault()
	var out []File
	var refused []Refusal
	var total int64
	count := 0
	full := func(name string) bool {
		if count >= lim.MaxFiles {
			refused = append(refused, Refusal{name, fmt.Sprintf("not read: the class view reads at most %d files at once (a guard against ZIP bombs)", lim.MaxFiles)})
			return true
		}
		return false
	}
	for _, f := range files {
		if !isZip(f) {
			if full(f.Name) {
				continue
			}
			if total+int64(len(f.Data)) > lim.MaxBytes {
				refused = append(refused, Refusal{f.Name, fmt.Sprintf("not read: the files together pass %d MB, the most the class view reads at once", lim.MaxBytes>>20)})
				continue
			}
			count++
			total += int64(len(f.Data))
			out = append(out, f)
			continue
		}
		entries, err := readZip(f.Data)
		if err != nil {
			refused = append(refused, Refusal{f.Name, "broken ZIP archive: " + err.Error()})
			continue
		}
		stopped := false
		for _, e := range entries {
			name := f.Name + "/" + e.Name
			if e.isDir() {
				continue
			}
			base := path.Base(e.Name)
			switch {
			case stopped:
				continue
			case strings.HasPrefix(base, "._") || strings.HasPrefix(e.Name, "__MACOSX/"):
				continue // macOS resource forks, not files anyone made
			case strings.EqualFold(path.Ext(base), ".zip"):
				refused = append(refused, Refusal{name, "skipped: a ZIP inside a ZIP is not opened"})
				continue
			case !strings.EqualFold(path.Ext(base), ".json"):
				refused = append(refused, Refusal{name, "skipped: not a .json file"})
				continue
			}
			if count >= lim.MaxFiles {
				// One refusal for the rest: an archive of a million
				// entries must not give a million messages.
				refused = append(refused, Refusal{name, fmt.Sprintf("not read: the class view reads at most %d files at once (a guard against ZIP bombs); the rest of %s is not read", lim.MaxFiles, f.Name)})
				stopped = true
				continue
			}
			// The sizes in the archive's directory can lie; read at most
			// what is left of the budget plus one byte, to know it was more.
			budget := min(lim.MaxBytes-total, int64(fcjson.MaxFileSize))
			rc, err := e.open()
			if err != nil {
				refused = append(refused, Refusal{name, "cannot be read from the archive: " + err.Error()})
				continue
			}
			data, err := io.ReadAll(io.LimitReader(rc, budget+1))
			rc.Close()
			switch {
			case int64(len(data)) > budget && budget == int64(fcjson.MaxFileSize):
				refused = append(refused, Refusal{name, fmt.Sprintf("not read: expands to more than %d MB, the most framecheck opens (a guard against ZIP bombs)", fcjson.MaxFileSize>>20)})
				continue
			case int64(len(data)) > budget:
				refused = append(refused, Refusal{name, fmt.Sprintf("not read: the archive expands to more than %d MB, the most the class view reads at once (a guard against ZIP bombs); the rest of %s is not read", lim.MaxBytes>>20, f.Name)})
				stopped = true
				continue
			case err != nil:
				refused = append(refused, Refusal{name, "cannot be read from the archive: " + err.Error()})
				continue
			}
			if isZip(File{Data: data}) {
				refused = append(refused, Refusal{name, "skipped: a ZIP inside a ZIP is not opened"})
				continue
			}
			count++
			total += int64(len(data))
			out = append(out, File{Name: name, Data: data})
		}
	}
	return out, refused
}
