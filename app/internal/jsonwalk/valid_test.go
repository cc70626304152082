package jsonwalk

import (
	"encoding/json"
	"strings"
	"testing"
)

var validCases = []string{
	``, ` `, `{}`, `[]`, ` { } `, `[ ]`, `{"a":1}`, `{"a":1,}`, `{,}`, `[1,]`, `[,1]`, `[1 2]`, `{"a" 1}`, `{"a":}`,
	`{1:2}`, `{"a":1 "b":2}`, `{"a":[1,{"b":null}],"c":"d"}`, `{"a":1}}`, `{"a":1]`, `[1}`, `[[[]]]`, `[[[]]`,
	`"`, `""`, `"abc`, `"a\"b"`, `"a\\"`, `"a\\\"`, `"\/\b\f\n\r\t"`, `"\u00e9"`, `"\u00E9"`, `"\u00g9"`, `"\u12"`,
	`"\x"`, `"\'"`, "\"a\tb\"", "\"a\nb\"", "\"a\x00b\"", "\"a\x1fb\"", "\"a\x7fb\"", "\"\xff\xfe\"", `"é 🇺🇦"`,
	`true`, `false`, `null`, `tru`, `nul`, `nulll`, `True`, `[true,false,null]`, `[truefalse]`, `nan`, `Infinity`,
	`0`, `-0`, `01`, `-01`, `1.`, `.5`, `1.5`, `-1.5e10`, `1e`, `1e+`, `1e-5`, `1E5`, `1.e5`, `+1`, `-`, `--1`, `1.5.5`,
	`12345678901234567890123`, `0x10`, `1_000`, `[1,2,3]`, `[-]`, `[0.0e0]`, `{"a":-0.0E-0}`,
	" \t\r\n[1]\n", "\v[1]", "[1]\x00", "\u00a0[1]", `{"a":1}{"b":2}`, `1 2`, `"a" "b"`,
	`{"\u0000":"x"}`, `{"a\"b":1}`, `{"a":"b","a":"c"}`,
}

func TestValidMatchesEncodingJSON(t *testing.T) {
	for _, c := range validCases {
		if got, want := Valid([]byte(c)), json.Valid([]byte(c)); got != want {
			t.Errorf("Valid(%q) = %v, encoding/json says %v", c, got, want)
		}
	}
}

// TestValidDepth: encoding/json refuses more than 10,000 levels of nesting.
func TestValidDepth(t *testing.T) {
	for _, n := range []int{9999, 10000, 10001} {
		for _, open := range []string{"[", `{"a":`} {
			closeCh := "]"
			if open != "[" {
				closeCh = "}"
			}
			doc := strings.Repeat(open, n) + "1" + strings.Repeat(closeCh, n)
			if got, want := Valid([]byte(doc)), json.Valid([]byte(doc)); got != want {
				t.Errorf("depth %d of %q: Valid = %v, encoding/json says %v", n, open, got, want)
			}
		}
	}
}

func FuzzValid(f *testing.F) {
	for _, c := range validCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := Valid(data), json.Valid(data); got != want {
			t.Fatalf("Valid(%q) = %v, encoding/json says %v", data, got, want)
		}
	})
}

func BenchmarkValid(b *testing.B) {
	doc := []byte(`{"id": "0a000000-0000-4000-8000-000000000001", "text": "Президент подчеркнул, что \"переговоры\" были конструктивными 🇺🇦", "start": 12345, "end": 12400, "n": -1.5e3, "ok": true, "x": null}`)
	var sb strings.Builder
	sb.WriteString("[")
	for i := range 20000 {
		if i > 0 {
			sb.WriteString(",\n  ")
		}
		sb.Write(doc)
	}
	sb.WriteString("]")
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	b.Run("jsonwalk", func(b *testing.B) {
		for b.Loop() {
			if !Valid(data) {
				b.Fatal("invalid")
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		for b.Loop() {
			if !json.Valid(data) {
				b.Fatal("invalid")
			}
		}
	})
}

var strCases = []string{
	`"plain"`, `"a\nb"`, `"\"\\\/\b\f\n\r\t"`, `"\u00e9\u00E9"`, `"\ud83c\uddfa\ud83c\udde6"`, `"\ud83c"`, `"\ud83cx"`,
	`"\udde6\ud83c"`, `"\ud83c\u0041"`, `"\ud83c\ud83c\udde6"`, `"\u0000"`, `"\u2028"`, "\"\xff\\n\xc3\"", "\"é\\n🇺🇦\\t\xed\xa0\x80\"",
	`"\x"`, `"\u12"`, "\"a\\n\x01\"", `"tail\\"`,
}

// FuzzStr checks Str against encoding/json.Unmarshal on every string that
// encoding/json accepts, escapes or not.
func FuzzStr(f *testing.F) {
	for _, c := range strCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' || !json.Valid(v) || !strings.Contains(string(v), `\`) {
			return // the walker only hands out valid values; without a backslash Str returns the bytes as they are
		}
		var want string
		if err := json.Unmarshal(v, &want); err != nil {
			t.Fatalf("encoding/json: %v", err)
		}
		got, err := Str("x", v)
		if err != nil || got != want {
			t.Fatalf("Str(%q) = %q, %v; encoding/json gives %q", v, got, err, want)
		}
	})
}

func TestStrMatchesEncodingJSON(t *testing.T) {
	for _, c := range strCases {
		v := []byte(c)
		var want string
		wantErr := json.Unmarshal(v, &want)
		got, err := Str("x", v)
		if !strings.Contains(c, `\`) {
			continue
		}
		if (err != nil) != (wantErr != nil) || got != want {
			t.Errorf("Str(%q) = %q, %v; encoding/json gives %q, %v", c, got, err, want, wantErr)
		}
	}
}
