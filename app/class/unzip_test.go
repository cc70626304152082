package class

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"strings"
	"testing"
)

// readZip must read what archive/zip reads, and refuse what it refuses
// with the same error, since Expand shows the error to the teacher. The
// archives are made by archive/zip's writer in the shapes Moodle, macOS
// and Windows produce, then cut short and damaged byte by byte.
func TestReadZipAsArchiveZip(t *testing.T) {
	cases := 0
	for name, a := range zipCorpus(t) {
		check := func(how string, data []byte) {
			t.Helper()
			cases++
			if got, want := ourListing(data), stdListing(data); got != want {
				t.Fatalf("%s %s:\nreadZip:     %s\narchive/zip: %s", name, how, got, want)
			}
		}
		check("as written", a)
		for n := range len(a) {
			check(fmt.Sprintf("cut to %d bytes", n), a[:n])
		}
		for i := range a {
			b := bytes.Clone(a)
			b[i] ^= 0xff
			check(fmt.Sprintf("byte %d flipped", i), b)
			b = bytes.Clone(a)
			b[i]++
			check(fmt.Sprintf("byte %d plus one", i), b)
			if i+4 <= len(a) {
				b = bytes.Clone(a)
				copy(b[i:], []byte{0xff, 0xff, 0xff, 0xff})
				check(fmt.Sprintf("bytes %d-%d all ones", i, i+3), b)
			}
		}
	}
	t.Logf("%d archives compared", cases)
}

func zipCorpus(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	make := func(name string, prefix string, fill func(w *zip.Writer) error) {
		var b bytes.Buffer
		b.WriteString(prefix)
		w := zip.NewWriter(&b)
		w.SetOffset(int64(len(prefix)))
		if err := fill(w); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		out[name] = b.Bytes()
	}
	add := func(w *zip.Writer, h *zip.FileHeader, body string) error {
		f, err := w.CreateHeader(h)
		if err != nil {
			return err
		}
		_, err = io.WriteString(f, body)
		return err
	}
	doc := `{"format": "framecheck", "readouts": []}`
	make("deflated", "", func(w *zip.Writer) error {
		for _, n := range []string{"Ana/a.json", "Ben/b.json", "notes.txt"} {
			if err := add(w, &zip.FileHeader{Name: n, Method: zip.Deflate}, strings.Repeat(doc, 3)); err != nil {
				return err
			}
		}
		return nil
	})
	make("stored, folders, comment", "", func(w *zip.Writer) error {
		d := &zip.FileHeader{Name: "Ana"}
		d.SetMode(fs.ModeDir | 0o755) // a Unix directory without the trailing slash
		if err := add(w, d, ""); err != nil {
			return err
		}
		if err := add(w, &zip.FileHeader{Name: "Ben/"}, ""); err != nil {
			return err
		}
		if err := add(w, &zip.FileHeader{Name: "Ana/a.json", Method: zip.Store}, doc); err != nil {
			return err
		}
		return w.SetComment("Moodle")
	})
	make("data before the archive", "#!/bin/sh\nexit 0\n", func(w *zip.Writer) error {
		return add(w, &zip.FileHeader{Name: "a.json", Method: zip.Deflate}, doc)
	})
	make("raw entries", "", func(w *zip.Writer) error {
		for _, h := range []zip.FileHeader{
			{Name: "bad-crc.json", Method: zip.Store, CRC32: 1, CompressedSize64: uint64(len(doc)), UncompressedSize64: uint64(len(doc))},
			{Name: "no-crc.json", Method: zip.Store, CompressedSize64: uint64(len(doc)), UncompressedSize64: uint64(len(doc))},
			{Name: "short.json", Method: zip.Store, CRC32: crc32.ChecksumIEEE([]byte(doc)), CompressedSize64: uint64(len(doc)), UncompressedSize64: uint64(len(doc)) + 5},
			{Name: "bzip2.json", Method: 12, CompressedSize64: uint64(len(doc)), UncompressedSize64: uint64(len(doc))},
		} {
			f, err := w.CreateRaw(&h)
			if err != nil {
				return err
			}
			if _, err := io.WriteString(f, doc); err != nil {
				return err
			}
		}
		return nil
	})
	make("empty", "", func(*zip.Writer) error { return nil })
	return out
}

// stdListing and ourListing describe an archive the way Expand sees it:
// the error opening it, or each entry's name, whether it is a folder,
// and what reading it gives.
func stdListing(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	for _, e := range zr.File {
		fmt.Fprintf(&b, "%q dir=%v ", e.Name, e.FileInfo().IsDir())
		if !e.FileInfo().IsDir() {
			rc, err := e.Open()
			b.WriteString(readResult(rc, err))
		}
		b.WriteString("; ")
	}
	return b.String()
}

func ourListing(data []byte) string {
	entries, err := readZip(data)
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	for _, e := range entries {
		fmt.Fprintf(&b, "%q dir=%v ", e.Name, e.isDir())
		if !e.isDir() {
			rc, err := e.open()
			b.WriteString(readResult(rc, err))
		}
		b.WriteString("; ")
	}
	return b.String()
}

func readResult(rc io.ReadCloser, err error) string {
	if err != nil {
		return "open: " + err.Error()
	}
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if err != nil {
		return fmt.Sprintf("read %d bytes: %v", len(got), err)
	}
	return fmt.Sprintf("%d bytes %08x", len(got), crc32.ChecksumIEEE(got))
}
