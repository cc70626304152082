package jsonwalk

import "fmt"

// Valid reports whether data is one JSON value (with optional white space
// around it), exactly as encoding/json.Valid does, nesting limit included
// (10,000 levels of objects and arrays). It is a plain loop without
// encoding/json's state functions: in the browser (wasm), encoding/json's
// scanner costs about a third of opening a large framecheck file, this
// several times less. Like encoding/json, it does not check that strings
// are UTF-8. FuzzValid checks it against encoding/json.
func Valid(data []byte) bool {
	const maxDepth = MaxDepth
	var stackBuf [64]byte
	stack := stackBuf[:0] // '{' or '[' per open container
	i := skipWS(data, 0)
	for {
		// A value starts at i.
		if i >= len(data) {
			return false
		}
		switch c := data[i]; c {
		case '{', '[':
			if len(stack) >= maxDepth {
				return false
			}
			stack = append(stack, c)
			i = skipWS(data, i+1)
			if i < len(data) && data[i] == c+2 { // '}' is '{'+2, ']' is '['+2
				stack = stack[:len(stack)-1]
				i++
				break
			}
			if c == '{' {
				if i = key(data, i); i < 0 {
					return false
				}
			}
			continue
		case '"':
			if i = stringEnd(data, i); i < 0 {
				return false
			}
		case 't':
			if i = literal(data, i, "true"); i < 0 {
				return false
			}
		case 'f':
			if i = literal(data, i, "false"); i < 0 {
				return false
			}
		case 'n':
			if i = literal(data, i, "null"); i < 0 {
				return false
			}
		default:
			if i = numberEnd(data, i); i < 0 {
				return false
			}
		}
		// After a value: a comma, the end of containers, or the end.
		for {
			i = skipWS(data, i)
			if len(stack) == 0 {
				return i == len(data)
			}
			if i >= len(data) {
				return false
			}
			top := stack[len(stack)-1]
			if data[i] == top+2 {
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			if data[i] != ',' {
				return false
			}
			i = skipWS(data, i+1)
			if top == '{' {
				if i = key(data, i); i < 0 {
					return false
				}
			}
			break
		}
	}
}

// skipWS is SkipSpace with a table: JSON white space is space, tab, LF
// and CR.
func skipWS(b []byte, i int) int {
	for i < len(b) && b[i] <= ' ' && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}

// key reads `"key" :` at i (an object member's start) and returns the
// offset of its value, or -1.
func key(b []byte, i int) int {
	if i >= len(b) || b[i] != '"' {
		return -1
	}
	if i = stringEnd(b, i); i < 0 {
		return -1
	}
	i = skipWS(b, i)
	if i >= len(b) || b[i] != ':' {
		return -1
	}
	return skipWS(b, i+1)
}

// inString marks the bytes a string cannot hold as they are: controls,
// the quote and the backslash.
var inString = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// stringEnd checks the string starting at b[i] (a quote) and returns the
// offset just after it, or -1: no control characters, only JSON's escapes.
func stringEnd(b []byte, i int) int {
	i++
	for i < len(b) {
		c := b[i]
		if !inString[c] {
			i++
			continue
		}
		switch c {
		case '"':
			return i + 1
		case '\\':
			if i+1 >= len(b) {
				return -1
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) {
					return -1
				}
				for _, h := range b[i+2 : i+6] {
					if !isHex(h) {
						return -1
					}
				}
				i += 6
			default:
				return -1
			}
		default: // a control character
			return -1
		}
	}
	return -1
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func literal(b []byte, i int, lit string) int {
	if len(b)-i < len(lit) || string(b[i:i+len(lit)]) != lit {
		return -1
	}
	return i + len(lit)
}

// numberEnd checks a JSON number at b[i]: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
// and returns the offset just after it, or -1.
func numberEnd(b []byte, i int) int {
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i >= len(b):
		return -1
	case b[i] == '0':
		i++
	case '1' <= b[i] && b[i] <= '9':
		i = digits(b, i+1)
	default:
		return -1
	}
	if i < len(b) && b[i] == '.' {
		j := digits(b, i+1)
		if j == i+1 {
			return -1
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(b, i)
		if j == i {
			return -1
		}
		i = j
	}
	return i
}

func digits(b []byte, i int) int {
	for i < len(b) && '0' <= b[i] && b[i] <= '9' {
		i++
	}
	return i
}

// MaxDepth is how deep arrays and objects may nest: encoding/json's limit,
// which Valid and Parse share.
const MaxDepth = 10000

// DepthError says that data nests deeper than MaxDepth, and where, or is
// nil when it does not. A file nested too deep is JSON that no reader here
// takes, so its refusal must say so rather than "not JSON". at prefixes the
// message ("line 3" of a JSONL file); empty means the file.
func DepthError(at string, data []byte) *Error {
	depth := 0
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '"':
			// Skip the string; an unterminated one ends the scan.
			j := i + 1
			for j < len(data) && data[j] != '"' {
				if data[j] == '\\' {
					j++
				}
				j++
			}
			i = j
		case '[', '{':
			if depth++; depth > MaxDepth {
				line, col := Position(data, i)
				what := "the file"
				if at != "" {
					what = "it"
				}
				return &Error{Path: at, Msg: fmt.Sprintf("%s is nested deeper than %d levels of arrays and objects (line %d, column %d); framecheck does not read JSON nested so deep", what, MaxDepth, line, col)}
			}
		case ']', '}':
			depth--
		}
	}
	return nil
}
