package jsonwalk

import (
	"bytes"
	"encoding/json"
)

// The walker works on bytes that json.Valid has accepted (which also bounds
// nesting at 10,000), but still checks its bounds, so that it cannot panic
// whatever it is given; where the bytes are not JSON after all it returns
// Malformed(). It walks the bytes itself instead of unmarshalling because
// encoding/json matches keys case-insensitively, lets a duplicate key win
// silently and cannot say where a wrong value is. Raw values are passed
// without surrounding white space; a nil value means an absent key.

// SkipSpace returns the offset of the first byte at or after i that is not
// JSON white space.
func SkipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// ValueEnd returns the offset just after the value starting at b[i], or -1.
func ValueEnd(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return StringEnd(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				e := StringEnd(b, i)
				if e < 0 {
					return -1
				}
				i = e
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return -1
	}
	for j := i; j < len(b); j++ {
		switch b[j] {
		case ',', ']', '}', ' ', '\t', '\n', '\r':
			return j
		}
	}
	return len(b)
}

// StringEnd returns the offset just after the string starting at b[i], or -1.
func StringEnd(b []byte, i int) int {
	if i >= len(b) || b[i] != '"' {
		return -1
	}
	for j := i + 1; j < len(b); {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			return -1
		}
		q := j + k
		n := 0 // backslashes just before the quote
		for p := q - 1; p > i && b[p] == '\\'; p-- {
			n++
		}
		if n%2 == 0 {
			return q + 1
		}
		j = q + 1
	}
	return -1
}

// members calls member for each key (raw, with its quotes) and value of
// the object v, which starts with '{', in order, and stops at the first
// error.
func members(v []byte, member func(k, val []byte) *Error) *Error {
	i := SkipSpace(v, 1)
	if i < len(v) && v[i] == '}' {
		return nil
	}
	for i < len(v) {
		ke := StringEnd(v, i)
		if ke < 0 {
			return Malformed()
		}
		kv := v[i:ke]
		i = SkipSpace(v, ke)
		if i >= len(v) || v[i] != ':' {
			return Malformed()
		}
		vs := SkipSpace(v, i+1)
		ve := ValueEnd(v, vs)
		if ve < 0 {
			return Malformed()
		}
		if err := member(kv, v[vs:ve]); err != nil {
			return err
		}
		i = SkipSpace(v, ve)
		if i >= len(v) {
			return Malformed()
		}
		switch v[i] {
		case ',':
			i = SkipSpace(v, i+1)
		case '}':
			return nil
		default:
			return Malformed()
		}
	}
	return Malformed()
}

// Fields splits the object v (which starts with '{') into the values of
// keys, in the order of keys (nil when absent). Unknown keys are skipped;
// a key of keys given twice is refused, with the key as the path: error
// paths are relative to the object. Keys match exactly.
func Fields(v []byte, keys []string) ([][]byte, *Error) {
	return FieldsInto(nil, v, keys)
}

// FieldsInto is Fields writing into vals when it has room for keys (its
// contents are replaced), so that a reader of many objects of one kind
// reuses one slice rather than making one per object.
func FieldsInto(vals [][]byte, v []byte, keys []string) ([][]byte, *Error) {
	if cap(vals) >= len(keys) {
		vals = vals[:len(keys)]
		clear(vals)
	} else {
		vals = make([][]byte, len(keys))
	}
	err := members(v, func(kv, val []byte) *Error {
		if k := keyIndex(kv, keys); k >= 0 {
			if vals[k] != nil {
				return &Error{Path: keys[k], Msg: "appears twice in the same object"}
			}
			vals[k] = val
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return vals, nil
}

// keyIndex returns the position in keys of the JSON string kv, or -1. It
// allocates nothing for a key without escapes, so that a file of many
// unknown keys costs no garbage.
func keyIndex(kv []byte, keys []string) int {
	body := kv[1 : len(kv)-1]
	if bytes.IndexByte(body, '\\') >= 0 {
		var key string
		if json.Unmarshal(kv, &key) != nil {
			return -1
		}
		body = []byte(key)
	}
	for k, name := range keys {
		if string(body) == name {
			return k
		}
	}
	return -1
}

// Member is one key of an object with its raw value.
type Member struct {
	Key string
	Val []byte
}

// Object is a JSON object of the file, with its path, its members in the
// order of the file.
type Object struct {
	Path    string
	Members []Member
}

// ParseObject splits the object v at path (which must be present and an
// object) into its members, in order. Keys are unescaped; a key that is
// not a valid string is refused at path.
func ParseObject(path string, v []byte) (Object, *Error) {
	if err := Need(path, v, '{'); err != nil {
		return Object{}, err
	}
	o := Object{Path: path}
	err := members(v, func(kv, val []byte) *Error {
		k, err := Str(path, kv)
		if err != nil {
			return err
		}
		o.Members = append(o.Members, Member{k, val})
		return nil
	})
	if err != nil {
		return Object{}, err
	}
	return o, nil
}

// Get returns the value of the first of names present (names are aliases,
// like "id" and JSON-LD's "@id"), and its path: Key(o.Path, name) of the
// name it was found under, or of names[0] when none is present, in which
// case v is nil. A key given twice, or under two aliases, is refused: JSON
// readers disagree about which one wins.
func (o Object) Get(names ...string) (v []byte, path string, err *Error) {
	found := ""
	for _, m := range o.Members {
		for _, n := range names {
			if m.Key != n {
				continue
			}
			if v != nil {
				if found == n {
					return nil, "", Errorf(Key(o.Path, n), "appears twice in the same object")
				}
				return nil, "", Errorf(Key(o.Path, n), "given twice, as %q and %q", found, n)
			}
			v, found = m.Val, n
		}
	}
	if v == nil {
		return nil, Key(o.Path, names[0]), nil
	}
	return v, Key(o.Path, found), nil
}

// Has reports whether any of names is a key of o.
func (o Object) Has(names ...string) bool {
	for _, m := range o.Members {
		for _, n := range names {
			if m.Key == n {
				return true
			}
		}
	}
	return false
}

// OptString reads an optional string member under any of names (see Get):
// "" when absent. It also returns the member's path.
func (o Object) OptString(names ...string) (string, string, *Error) {
	v, p, err := o.Get(names...)
	if err != nil || v == nil {
		return "", p, err
	}
	s, err := Str(p, v)
	return s, p, err
}

// EachItem calls item for each element of the array v at path (which must
// be present and an array), in order, and stops at the first error: a
// long array of wrong things is refused at its first element, before it
// costs memory.
func EachItem(path string, v []byte, item func(i int, raw []byte) *Error) *Error {
	if err := Need(path, v, '['); err != nil {
		return err
	}
	i := SkipSpace(v, 1)
	if i < len(v) && v[i] == ']' {
		return nil
	}
	for n := 0; i < len(v); n++ {
		e := ValueEnd(v, i)
		if e < 0 {
			return Malformed()
		}
		if err := item(n, v[i:e]); err != nil {
			return err
		}
		i = SkipSpace(v, e)
		if i >= len(v) {
			return Malformed()
		}
		switch v[i] {
		case ',':
			i = SkipSpace(v, i+1)
		case ']':
			return nil
		default:
			return Malformed()
		}
	}
	return Malformed()
}

// OneOrMany calls item for v itself, or for each element when v is an
// array: JSON-LD lets a single value stand for an array of one. Paths of
// elements get their index; a single value keeps path.
func OneOrMany(path string, v []byte, item func(path string, raw []byte) *Error) *Error {
	if len(v) > 0 && v[0] == '[' {
		return EachItem(path, v, func(i int, raw []byte) *Error { return item(Index(path, i), raw) })
	}
	return item(path, v)
}

// StringList reads a string or an array of strings (see OneOrMany).
func StringList(path string, v []byte) ([]string, *Error) {
	var out []string
	err := OneOrMany(path, v, func(p string, raw []byte) *Error {
		s, err := Str(p, raw)
		if err == nil {
			out = append(out, s)
		}
		return err
	})
	return out, err
}
