package jsonwalk

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestErrorAndPaths(t *testing.T) {
	if got := Errorf("a[1].b", "%d is bad", 3).Error(); got != "a[1].b: 3 is bad" {
		t.Errorf("Error() = %q", got)
	}
	if got := (&Error{Msg: "the file is empty"}).Error(); got != "the file is empty" {
		t.Errorf("Error() without path = %q", got)
	}
	if got := Key("", "items"); got != "items" {
		t.Errorf("Key = %q", got)
	}
	if got := Index(Key("first", "items"), 3); got != "first.items[3]" {
		t.Errorf("Index(Key) = %q", got)
	}
	if a, b := Malformed(), Malformed(); a == b || a.Msg != "the file is not JSON" {
		t.Errorf("Malformed = %p %p %q", a, b, a.Msg)
	}
}

func TestValueEnd(t *testing.T) {
	for _, tc := range []struct {
		in   string
		i    int
		want int
	}{
		{`"a\"b" ,`, 0, 6},
		{`"a\\" ,`, 0, 5},
		{`{"a":[1,{"b":"}"}]} x`, 0, 19},
		{`12.5e3,`, 0, 6},
		{`true`, 0, 4},
		{`  null]`, 2, 6},
		{`{"a":1`, 0, -1},
		{`"open`, 0, -1},
		{``, 0, -1},
	} {
		if got := ValueEnd([]byte(tc.in), tc.i); got != tc.want {
			t.Errorf("ValueEnd(%q, %d) = %d, want %d", tc.in, tc.i, got, tc.want)
		}
	}
	if got := SkipSpace([]byte(" \t\r\nx"), 0); got != 4 {
		t.Errorf("SkipSpace = %d", got)
	}
	if got := StringEnd([]byte(`x"a"`), 0); got != -1 {
		t.Errorf("StringEnd of a non-string = %d", got)
	}
}

func TestFields(t *testing.T) {
	vals, err := Fields([]byte(`{ "b" : [1, 2] , "x":{"a":1}, "\u0061": "s", "B": 3 }`), []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	if string(vals[0]) != `"s"` || string(vals[1]) != `[1, 2]` {
		t.Errorf("Fields = %q", vals)
	}
	if _, err := Fields([]byte(`{"a":1,"a":2}`), []string{"a"}); err == nil || err.Error() != "a: appears twice in the same object" {
		t.Errorf("duplicate key: %v", err)
	}
	if vals, err := Fields([]byte(`{}`), []string{"a"}); err != nil || vals[0] != nil {
		t.Errorf("empty object: %q %v", vals, err)
	}
	for _, bad := range []string{`{"a" 1}`, `{"a":1 "b":2}`, `{"a":1,`} {
		if _, err := Fields([]byte(bad), []string{"a"}); err == nil || err.Msg != "the file is not JSON" {
			t.Errorf("Fields(%s) = %v, want the malformed refusal", bad, err)
		}
	}
	// FieldsInto reuses a slice with room: the values of the object before
	// are gone (a key absent now is nil), and the same array is used.
	keys := []string{"a", "b"}
	buf, _ := FieldsInto(nil, []byte(`{"a": 1, "b": 2}`), keys)
	again, err := FieldsInto(buf, []byte(`{"b": 3}`), keys)
	if err != nil || again[0] != nil || string(again[1]) != "3" || &again[0] != &buf[0] {
		t.Errorf("FieldsInto over a used slice: %q %v (same array: %v)", again, err, &again[0] == &buf[0])
	}
	if more, _ := FieldsInto(buf[:0:1], []byte(`{"b": 4}`), keys); len(more) != 2 || string(more[1]) != "4" {
		t.Errorf("FieldsInto into a slice without room: %q", more)
	}
}

func TestObject(t *testing.T) {
	o, err := ParseObject("first", []byte(`{"id":"x","type":["A","B"],"n":7,"@id":"y"}`))
	if err != nil {
		t.Fatal(err)
	}
	if !o.Has("n") || o.Has("N") {
		t.Error("Has matches keys inexactly")
	}
	if _, _, err := o.Get("id", "@id"); err == nil || err.Error() != `first.@id: given twice, as "id" and "@id"` {
		t.Errorf("aliases: %v", err)
	}
	if v, p, err := o.Get("missing", "other"); v != nil || p != "first.missing" || err != nil {
		t.Errorf("absent: %q %q %v", v, p, err)
	}
	if s, p, err := o.OptString("id"); s != "x" || p != "first.id" || err != nil {
		t.Errorf("OptString: %q %q %v", s, p, err)
	}
	if _, _, err := o.OptString("n"); err == nil || err.Error() != "first.n: must be a string, not a number" {
		t.Errorf("OptString of a number: %v", err)
	}
	v, p, _ := o.Get("type")
	if ts, err := StringList(p, v); err != nil || strings.Join(ts, ",") != "A,B" {
		t.Errorf("StringList: %q %v", ts, err)
	}
	if _, err := StringList("t", []byte(`["A",1]`)); err == nil || err.Error() != "t[1]: must be a string, not a number" {
		t.Errorf("StringList with a number: %v", err)
	}
	o2, _ := ParseObject("", []byte(`{"a":1,"a":2}`))
	if _, _, err := o2.Get("a"); err == nil || err.Error() != "a: appears twice in the same object" {
		t.Errorf("duplicate: %v", err)
	}
	if _, err := ParseObject("p", []byte(`[1]`)); err == nil || err.Error() != "p: must be an object, not an array" {
		t.Errorf("ParseObject of an array: %v", err)
	}
	if _, err := ParseObject("p", nil); err == nil || err.Error() != "p: missing" {
		t.Errorf("ParseObject(nil): %v", err)
	}
}

func TestEachItem(t *testing.T) {
	var got []string
	err := EachItem("a", []byte(`[ 1 , "x" ,{"b":[2]}]`), func(i int, raw []byte) *Error {
		got = append(got, Index("a", i)+"="+string(raw))
		return nil
	})
	if err != nil || strings.Join(got, " ") != `a[0]=1 a[1]="x" a[2]={"b":[2]}` {
		t.Errorf("EachItem: %q %v", got, err)
	}
	stop := Errorf("a[0]", "stop")
	if err := EachItem("a", []byte(`[1,2]`), func(int, []byte) *Error { return stop }); err != stop {
		t.Errorf("EachItem does not stop at the first error: %v", err)
	}
	if err := EachItem("a", []byte(`{}`), nil); err == nil || err.Error() != "a: must be an array, not an object" {
		t.Errorf("EachItem of an object: %v", err)
	}
	var paths []string
	_ = OneOrMany("s", []byte(`"one"`), func(p string, raw []byte) *Error { paths = append(paths, p); return nil })
	_ = OneOrMany("s", []byte(`["a","b"]`), func(p string, raw []byte) *Error { paths = append(paths, p); return nil })
	if strings.Join(paths, " ") != "s s[0] s[1]" {
		t.Errorf("OneOrMany paths = %q", paths)
	}
}

func TestValues(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{`12`, "12"},
		{`1.2e1`, "12"},
		{`-0.0`, "0"},
		{`12.5`, "n: 12.5 is not an integer"},
		{`1e300`, "n: 1e300 is too large"},
		{`1e999`, "n: 1e999 is too large"},
		{`"12"`, "n: must be an integer, not a string"},
		{`null`, "n: must be an integer, not null"},
	} {
		n, err := Integer("n", []byte(tc.in))
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			got = strconv.Itoa(n)
		}
		if got != tc.want {
			t.Errorf("Integer(%s) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if _, err := Integer("n", nil); err == nil || err.Error() != "n: missing" {
		t.Errorf("Integer(nil): %v", err)
	}
	if s, err := Str("s", []byte(`"a\u00e9\n"`)); s != "aé\n" || err != nil {
		t.Errorf("Str with escapes: %q %v", s, err)
	}
	if _, err := Str("s", []byte(`7`)); err == nil || err.Error() != "s: must be a string, not a number" {
		t.Errorf("Str of a number: %v", err)
	}
	if _, err := Str("s", []byte(`"`)); err == nil || err.Msg != "the file is not JSON" {
		t.Errorf("Str of a lone quote: %v", err)
	}
	if err := Need("v", []byte{}, '{'); err == nil || err.Error() != "v: must be an object, not nothing" {
		t.Errorf("Need of nothing: %v", err)
	}
	for in, want := range map[string]string{`{`: "an object", `[`: "an array", `"`: "a string", `t`: "a boolean", `f`: "a boolean", `n`: "null", `-1`: "a number"} {
		if got := Kind([]byte(in)); got != want {
			t.Errorf("Kind(%s) = %q", in, got)
		}
	}
	long := strings.Repeat("é", 41)
	if got := Clip(long); got != strings.Repeat("é", 40)+"…" {
		t.Errorf("Clip = %q", got)
	}
	if got := Clip("short"); got != "short" {
		t.Errorf("Clip(short) = %q", got)
	}
}

func TestSyntaxErrorAndPosition(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"{\n  \"a\": 1,\n  é\n}", "the file is not JSON: invalid character 'Ã' looking for beginning of object key string at line 3, column 3"},
		{"[1, 2", "the file is not JSON: unexpected end of JSON input at line 1, column 6"},
	} {
		if got := SyntaxError([]byte(tc.in)).Error(); got != tc.want {
			t.Errorf("SyntaxError(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
	if got := SyntaxError([]byte(`{}`)).Error(); got != "the file is not JSON" {
		t.Errorf("SyntaxError of valid JSON = %q", got)
	}
	if l, c := Position([]byte("ab\nçd"), 5); l != 2 || c != 2 {
		t.Errorf("Position = %d:%d", l, c)
	}
	if l, c := Position([]byte("ab"), 99); l != 1 || c != 3 {
		t.Errorf("Position past the end = %d:%d", l, c)
	}
}

func TestChecks(t *testing.T) {
	if err := CheckUTF8("title", "ok"); err != nil {
		t.Error(err)
	}
	if err := CheckUTF8("title", "a\xffb"); err == nil || err.Error() != "title: is not valid UTF-8" {
		t.Errorf("CheckUTF8: %v", err)
	}
	if err := CheckTime("t", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil || err.Error() != "t: year 10000 cannot be written in RFC 3339" {
		t.Errorf("CheckTime: %v", err)
	}
	if err := CheckText("line 2", []byte("ab\xffc")); err == nil || err.Error() != "line 2: is not UTF-8 text (byte 3); save the file as UTF-8" {
		t.Errorf("CheckText: %v", err)
	}
	u := NewUUID()
	if !IsUUID(u) || u[14] != '4' || !strings.ContainsRune("89ab", rune(u[19])) || NewUUID() == u {
		t.Errorf("NewUUID = %s", u)
	}
	for s, want := range map[string]bool{
		"0B7F3C1E-6d2a-4c59-9e1b-2f8a7d6c5b40":  true,
		"0b7f3c1e-6d2a-4c59-9e1b-2f8a7d6c5b4":   false,
		"0b7f3c1e_6d2a-4c59-9e1b-2f8a7d6c5b40":  false,
		"0b7f3c1e-6d2a-4c59-9e1b-2f8a7d6c5b4g":  false,
		"{0b7f3c1e-6d2a-4c59-9e1b-2f8a7d6c5b4}": false,
	} {
		if IsUUID(s) != want {
			t.Errorf("IsUUID(%q) = %v", s, !want)
		}
	}
	if got := TimeString(time.Date(2026, 7, 5, 9, 47, 0, 5e8, time.FixedZone("", 2*3600))); got != "2026-07-05T07:47:00Z" {
		t.Errorf("TimeString = %q", got)
	}
}

func TestTree(t *testing.T) {
	v, err := Parse([]byte(`{"n": 12.0, "s": "x", "t": "2026-07-05T09:47:00.5+02:00", "bad": "yesterday", "neg": -1, "f": 1.5, "big": 1e13}`))
	if err != nil {
		t.Fatal(err)
	}
	m := v.(map[string]any)
	if n, err := Offset("n", m["n"]); n != 12 || err != nil {
		t.Errorf("Offset(12.0) = %d %v", n, err)
	}
	for k, want := range map[string]string{
		"s":   "p: must be a whole number, not a string",
		"neg": "p: -1 is negative",
		"f":   "p: 1.5 is not a whole number",
		"big": "p: 1e13 is too large",
		"nil": "p: must be a whole number, not null",
	} {
		if _, err := Offset("p", m[k]); err == nil || err.Error() != want {
			t.Errorf("Offset(%s) = %v, want %q", k, err, want)
		}
	}
	if s, err := OptString("x.", m, "absent"); s != "" || err != nil {
		t.Errorf("OptString(absent) = %q %v", s, err)
	}
	if _, err := OptString("x.", m, "n"); err == nil || err.Error() != "x.n: must be a string, not a number" {
		t.Errorf("OptString(number): %v", err)
	}
	def := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	if tm, err := OptTime("x.", m, "t", def); err != nil || !tm.Equal(time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)) || tm.Location() != time.UTC {
		t.Errorf("OptTime = %v %v", tm, err)
	}
	if tm, err := OptTime("x.", m, "absent", def); err != nil || !tm.Equal(def) {
		t.Errorf("OptTime(absent) = %v %v", tm, err)
	}
	if _, err := OptTime("x.", m, "bad", def); err == nil || err.Error() != `x.bad: "yesterday" is not an RFC 3339 time like "2026-07-05T07:47:00Z"` {
		t.Errorf("OptTime(bad): %v", err)
	}
	if _, err := Parse([]byte(`{} {}`)); err == nil || err.Error() != "more than one JSON value" {
		t.Errorf("Parse of two values: %v", err)
	}
	for _, tc := range []struct {
		v    any
		want string
	}{{nil, "null"}, {map[string]any{}, "an object"}, {[]any{}, "an array"}, {"", "a string"}, {true, "a boolean"}, {json.Number("1"), "a number"}, {1.5, "something else"}} {
		if got := KindOf(tc.v); got != tc.want {
			t.Errorf("KindOf(%#v) = %q", tc.v, got)
		}
	}
}

// DepthError finds nesting past MaxDepth outside strings, and names where.
func TestDepthError(t *testing.T) {
	deep := strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1)
	e := DepthError("line 2", []byte(deep))
	if e == nil || e.Error() != "line 2: it is nested deeper than 10000 levels of arrays and objects (line 1, column 10001); framecheck does not read JSON nested so deep" {
		t.Errorf("got %v", e)
	}
	for _, ok := range []string{
		strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth),
		`["` + strings.Repeat("[", MaxDepth+1) + `"]`,     // brackets in a string do not count
		`["\"` + strings.Repeat("{", MaxDepth+1) + `\\"]`, // nor after an escaped quote
	} {
		if e := DepthError("", []byte(ok)); e != nil {
			t.Errorf("%.20s…: %v", ok, e)
		}
	}
}
