package class

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"hash"
	"hash/crc32"
	"io"
)

// A ZIP reader for archives held in memory, in place of archive/zip: that
// package registers its deflate compressor at init, which links all of
// compress/flate's encoder, and brings io/fs, time and bufio with it (about
// 280 KB of app.wasm). This one only reads, and follows archive/zip's reader
// (Go 1.26) step by step, with its error values and texts, so Expand behaves
// the same; unzip_test.go compares the two on valid and broken archives.

var (
	errZipFormat    = errors.New("zip: not a valid zip file")
	errZipAlgorithm = errors.New("zip: unsupported compression algorithm")
	errZipChecksum  = errors.New("zip: checksum error")
)

const (
	zipDirEndLen    = 22
	zipDirHeaderLen = 46
	zipFileHeadLen  = 30
	zip64LocLen     = 20
	zip64EndLen     = 56
)

type zipEntry struct {
	data         []byte // the whole archive
	Name         string
	creator      uint16
	flags        uint16
	method       uint16
	crc          uint32
	compressed   uint64
	uncompressed uint64
	external     uint32
	headerOffset int64
}

// isDir is archive/zip's FileInfo().IsDir(): the creator's directory bit
// or a name ending in a slash.
func (e *zipEntry) isDir() bool {
	switch e.creator >> 8 {
	case 3, 19: // Unix, macOS: S_IFDIR
		if (e.external>>16)&0xf000 == 0x4000 {
			return true
		}
	case 0, 11, 14: // FAT, NTFS, VFAT: the MS-DOS directory attribute
		if e.external&0x10 != 0 {
			return true
		}
	}
	return len(e.Name) > 0 && e.Name[len(e.Name)-1] == '/'
}

// readZip lists an archive's entries (zip.NewReader).
func readZip(data []byte) ([]*zipEntry, error) {
	records, dirOffset, base, err := zipDirEnd(data)
	if err != nil {
		return nil, err
	}
	off := base + int64(dirOffset)
	var files []*zipEntry
	for {
		e := &zipEntry{data: data}
		var n int64
		n, err = zipDirHeader(e, data, off)
		if err == errZipFormat || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
		off += n
		e.headerOffset += base
		files = append(files, e)
	}
	if uint16(len(files)) != uint16(records) { // archive/zip compares 16 bits only
		return nil, err
	}
	return files, nil
}

// readAt is bytes.Reader.ReadAt on the archive: at the end, io.EOF.
func readAt(data []byte, p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("bytes.Reader.ReadAt: negative offset")
	}
	if off >= int64(len(data)) {
		return 0, io.EOF
	}
	n := copy(p, data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// readFull is io.ReadFull from off: io.EOF when nothing is left,
// io.ErrUnexpectedEOF when part of p is.
func readFull(data []byte, p []byte, off int64) error {
	if off >= int64(len(data)) {
		if len(p) == 0 {
			return nil
		}
		return io.EOF
	}
	if n := copy(p, data[off:]); n < len(p) {
		return io.ErrUnexpectedEOF
	}
	return nil
}

// zipDirEnd finds the end of the central directory (readDirectoryEnd).
func zipDirEnd(data []byte) (records, dirOffset uint64, base int64, err error) {
	size := int64(len(data))
	var buf []byte
	var endOffset int64
	for i, bLen := range []int64{1024, 65 * 1024} {
		bLen = min(bLen, size)
		buf = data[size-bLen:]
		if p := zipEndSignature(buf); p >= 0 {
			buf = buf[p:]
			endOffset = size - bLen + int64(p)
			break
		}
		if i == 1 || bLen == size {
			return 0, 0, 0, errZipFormat
		}
	}
	le := binary.LittleEndian
	records = uint64(le.Uint16(buf[10:]))
	dirSize := uint64(le.Uint32(buf[12:]))
	dirOffset = uint64(le.Uint32(buf[16:]))
	if int(le.Uint16(buf[20:])) > len(buf)-zipDirEndLen {
		return 0, 0, 0, errors.New("zip: invalid comment length")
	}
	if records == 0xffff || dirSize == 0xffff || dirOffset == 0xffffffff {
		p, err := zip64End(data, endOffset)
		if err == nil && p >= 0 {
			endOffset = p
			records, dirSize, dirOffset, err = zip64Record(data, p, records, dirSize, dirOffset)
		}
		if err != nil {
			return 0, 0, 0, err
		}
	}
	const maxInt64 = uint64(1<<63 - 1)
	if dirSize > maxInt64 || dirOffset > maxInt64 {
		return 0, 0, 0, errZipFormat
	}
	base = endOffset - int64(dirSize) - int64(dirOffset)
	if o := base + int64(dirOffset); o < 0 || o >= size {
		return 0, 0, 0, errZipFormat
	}
	if base > 0 {
		// Data before the archive, or a directory size that lies: trust
		// the stated offset if a header is there.
		if _, err := zipDirHeader(&zipEntry{}, data, int64(dirOffset)); err == nil {
			base = 0
		}
	}
	return records, dirOffset, base, nil
}

func zipEndSignature(b []byte) int {
	for i := len(b) - zipDirEndLen; i >= 0; i-- {
		if b[i] == 'P' && b[i+1] == 'K' && b[i+2] == 0x05 && b[i+3] == 0x06 {
			n := int(b[i+zipDirEndLen-2]) | int(b[i+zipDirEndLen-1])<<8
			if n+zipDirEndLen+i > len(b) {
				return -1
			}
			return i
		}
	}
	return -1
}

func zip64End(data []byte, endOffset int64) (int64, error) {
	loc := endOffset - zip64LocLen
	if loc < 0 {
		return -1, nil
	}
	buf := make([]byte, zip64LocLen)
	if _, err := readAt(data, buf, loc); err != nil {
		return -1, err
	}
	le := binary.LittleEndian
	if le.Uint32(buf) != 0x07064b50 || le.Uint32(buf[4:]) != 0 || le.Uint32(buf[16:]) != 1 {
		return -1, nil
	}
	return int64(le.Uint64(buf[8:])), nil
}

func zip64Record(data []byte, off int64, records, dirSize, dirOffset uint64) (uint64, uint64, uint64, error) {
	buf := make([]byte, zip64EndLen)
	if _, err := readAt(data, buf, off); err != nil {
		return records, dirSize, dirOffset, err
	}
	le := binary.LittleEndian
	if le.Uint32(buf) != 0x06064b50 {
		return records, dirSize, dirOffset, errZipFormat
	}
	return le.Uint64(buf[32:]), le.Uint64(buf[40:]), le.Uint64(buf[48:]), nil
}

// zipDirHeader reads one central directory header at off into e and
// returns its length (readDirectoryHeader).
func zipDirHeader(e *zipEntry, data []byte, off int64) (int64, error) {
	var buf [zipDirHeaderLen]byte
	if off < 0 {
		return 0, errors.New("io.SectionReader: invalid offset")
	}
	if err := readFull(data, buf[:], off); err != nil {
		return 0, err
	}
	le := binary.LittleEndian
	if le.Uint32(buf[:]) != 0x02014b50 {
		return 0, errZipFormat
	}
	e.creator = le.Uint16(buf[4:])
	e.flags = le.Uint16(buf[8:])
	e.method = le.Uint16(buf[10:])
	e.crc = le.Uint32(buf[16:])
	c32, u32 := le.Uint32(buf[20:]), le.Uint32(buf[24:])
	e.compressed, e.uncompressed = uint64(c32), uint64(u32)
	nameLen, extraLen, commentLen := int(le.Uint16(buf[28:])), int(le.Uint16(buf[30:])), int(le.Uint16(buf[32:]))
	e.external = le.Uint32(buf[38:])
	h32 := le.Uint32(buf[42:])
	e.headerOffset = int64(h32)
	d := make([]byte, nameLen+extraLen+commentLen)
	if err := readFull(data, d, off+zipDirHeaderLen); err != nil {
		return 0, err
	}
	e.Name = string(d[:nameLen])
	needU, needC, needH := u32 == ^uint32(0), c32 == ^uint32(0), h32 == ^uint32(0)
	for extra := d[nameLen : nameLen+extraLen]; len(extra) >= 4; {
		tag, n := le.Uint16(extra), int(le.Uint16(extra[2:]))
		extra = extra[4:]
		if len(extra) < n {
			break
		}
		field := extra[:n]
		extra = extra[n:]
		if tag != 0x0001 { // only zip64 sizes matter here; times are not read
			continue
		}
		for _, f := range []struct {
			need *bool
			dst  func(uint64)
		}{
			{&needU, func(v uint64) { e.uncompressed = v }},
			{&needC, func(v uint64) { e.compressed = v }},
			{&needH, func(v uint64) { e.headerOffset = int64(v) }},
		} {
			if !*f.need {
				continue
			}
			*f.need = false
			if len(field) < 8 {
				return 0, errZipFormat
			}
			f.dst(le.Uint64(field))
			field = field[8:]
		}
	}
	if needC || needH {
		return 0, errZipFormat
	}
	return int64(zipDirHeaderLen + len(d)), nil
}

// open returns a reader of the entry's contents that checks its size and
// CRC-32 at the end (File.Open). Directories are skipped before it.
func (e *zipEntry) open() (io.ReadCloser, error) {
	var head [zipFileHeadLen]byte
	if _, err := readAt(e.data, head[:], e.headerOffset); err != nil {
		return nil, err
	}
	le := binary.LittleEndian
	if le.Uint32(head[:]) != 0x04034b50 {
		return nil, errZipFormat
	}
	body := e.headerOffset + zipFileHeadLen + int64(le.Uint16(head[26:])) + int64(le.Uint16(head[28:]))
	size := int64(e.compressed)
	r := io.NewSectionReader(bytes.NewReader(e.data), body, size)
	var rc io.ReadCloser
	switch e.method {
	case 0:
		rc = io.NopCloser(r)
	case 8:
		rc = flate.NewReader(r)
	default:
		return nil, errZipAlgorithm
	}
	var desc io.Reader
	if e.flags&0x8 != 0 {
		desc = io.NewSectionReader(bytes.NewReader(e.data), body+size, 16)
	}
	return &zipChecked{rc: rc, hash: crc32.NewIEEE(), e: e, desc: desc}, nil
}

// zipChecked is archive/zip's checksumReader.
type zipChecked struct {
	rc    io.ReadCloser
	hash  hash.Hash32
	nread uint64
	e     *zipEntry
	desc  io.Reader
	err   error
}

func (r *zipChecked) Read(b []byte) (n int, err error) {
	if r.err != nil {
		return 0, r.err
	}
	n, err = r.rc.Read(b)
	r.hash.Write(b[:n])
	r.nread += uint64(n)
	if r.nread > r.e.uncompressed {
		return 0, errZipFormat
	}
	if err == nil {
		return
	}
	if err == io.EOF {
		if r.nread != r.e.uncompressed {
			return 0, io.ErrUnexpectedEOF
		}
		if r.desc != nil {
			if err1 := zipDescriptor(r.desc, r.e); err1 != nil {
				if err1 == io.EOF {
					err = io.ErrUnexpectedEOF
				} else {
					err = err1
				}
			} else if r.hash.Sum32() != r.e.crc {
				err = errZipChecksum
			}
		} else if r.e.crc != 0 && r.hash.Sum32() != r.e.crc {
			err = errZipChecksum
		}
	}
	r.err = err
	return
}

func (r *zipChecked) Close() error { return r.rc.Close() }

// zipDescriptor checks the CRC-32 of the data descriptor after the data,
// with or without its optional signature (readDataDescriptor).
func zipDescriptor(r io.Reader, e *zipEntry) error {
	var buf [16]byte
	if _, err := io.ReadFull(r, buf[:4]); err != nil {
		return err
	}
	off := 0
	if binary.LittleEndian.Uint32(buf[:4]) != 0x08074b50 {
		off = 4
	}
	if _, err := io.ReadFull(r, buf[off:12]); err != nil {
		return err
	}
	if binary.LittleEndian.Uint32(buf[:12]) != e.crc {
		return errZipChecksum
	}
	return nil
}
