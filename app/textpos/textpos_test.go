package textpos

import (
	"errors"
	"math"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// ---------------------------------------------------------------------------
// Slow reference implementations: obviously right, O(n) per question.

type reference struct {
	runes    []rune
	cpToU16  []int // len n+1
	cpToByte []int // len n+1
	u16ToCP  []int // len u16+1, mid-pair offsets rounded down
	bounds   []int // grapheme cluster boundaries in code points, from one uniseg pass
	isBound  []bool
}

func newReference(s string) reference {
	var ref reference
	ref.runes = []rune(s) // same decoding as a range loop: invalid byte -> U+FFFD
	for i := range s {
		ref.cpToByte = append(ref.cpToByte, i)
	}
	ref.cpToByte = append(ref.cpToByte, len(s))
	// UTF-16 offsets straight from the encoder: no width arithmetic here.
	u := 0
	for _, r := range ref.runes {
		ref.cpToU16 = append(ref.cpToU16, u)
		u += len(utf16.Encode([]rune{r}))
	}
	ref.cpToU16 = append(ref.cpToU16, u)
	for cp := range ref.runes {
		for u := ref.cpToU16[cp]; u < ref.cpToU16[cp+1]; u++ {
			ref.u16ToCP = append(ref.u16ToCP, cp)
		}
	}
	ref.u16ToCP = append(ref.u16ToCP, len(ref.runes))

	byteToCP := make([]int, len(s)+1)
	for cp, b := range ref.cpToByte {
		byteToCP[b] = cp
	}
	// One uniseg pass over the whole string, no chunking.
	ref.bounds = []int{0}
	for rest, state, b := s, -1, 0; rest != ""; {
		var cluster string
		cluster, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		b += len(cluster)
		ref.bounds = append(ref.bounds, byteToCP[b])
	}
	ref.isBound = make([]bool, len(ref.runes)+1)
	for _, b := range ref.bounds {
		ref.isBound[b] = true
	}
	return ref
}

// check compares every conversion of New(s) with the reference.
func checkAgainstReference(t *testing.T, s string) {
	t.Helper()
	ref := newReference(s)
	if got := len(utf16.Encode(ref.runes)); got != len(ref.u16ToCP)-1 {
		t.Fatalf("reference broken: utf16.Encode gives %d units, table %d", got, len(ref.u16ToCP)-1)
	}
	tx := New(s)
	n := len(ref.runes)
	if tx.Len() != n {
		t.Fatalf("%q: Len = %d, want %d", s, tx.Len(), n)
	}
	if tx.UTF16Len() != len(ref.u16ToCP)-1 {
		t.Fatalf("%q: UTF16Len = %d, want %d", s, tx.UTF16Len(), len(ref.u16ToCP)-1)
	}
	for cp := 0; cp <= n; cp++ {
		u, err := tx.CodePointToUTF16(cp)
		if err != nil || u != ref.cpToU16[cp] {
			t.Fatalf("%q: CodePointToUTF16(%d) = %d, %v; want %d", s, cp, u, err, ref.cpToU16[cp])
		}
		b, err := tx.ByteOffset(cp)
		if err != nil || b != ref.cpToByte[cp] {
			t.Fatalf("%q: ByteOffset(%d) = %d, %v; want %d", s, cp, b, err, ref.cpToByte[cp])
		}
		if back, err := tx.UTF16ToCodePoint(u); err != nil || back != cp {
			t.Fatalf("%q: round trip of code point %d via UTF-16 %d gives %d, %v", s, cp, u, back, err)
		}
	}
	for u, want := range ref.u16ToCP {
		cp, err := tx.UTF16ToCodePoint(u)
		if err != nil || cp != want {
			t.Fatalf("%q: UTF16ToCodePoint(%d) = %d, %v; want %d", s, u, cp, err, want)
		}
	}
	for cp := -1; cp <= n+1; cp++ {
		want := cp >= 0 && cp <= n && ref.isBound[cp]
		if got := tx.IsBoundary(cp); got != want {
			t.Fatalf("%q: IsBoundary(%d) = %v, want %v (boundaries %v)", s, cp, got, want, ref.bounds)
		}
	}
	for _, bad := range []int{-1, n + 1} {
		if _, err := tx.CodePointToUTF16(bad); !errors.Is(err, ErrOutOfRange) {
			t.Fatalf("%q: CodePointToUTF16(%d) error = %v", s, bad, err)
		}
	}
	if _, err := tx.UTF16ToCodePoint(len(ref.u16ToCP)); !errors.Is(err, ErrOutOfRange) {
		t.Fatalf("%q: UTF16ToCodePoint past end: error = %v", s, err)
	}
}

// ---------------------------------------------------------------------------
// Table tests

const family = "👩\u200d👩\u200d👧\u200d👦"

func TestConversionsTable(t *testing.T) {
	tests := []struct {
		name     string
		s        string
		cpToU16  []int
		cpToByte []int
		u16ToCP  []int // nil: identity
		bounds   []int
	}{
		{"empty", "", []int{0}, []int{0}, nil, []int{0}},
		{"ascii", "hello", []int{0, 1, 2, 3, 4, 5}, []int{0, 1, 2, 3, 4, 5}, nil, []int{0, 1, 2, 3, 4, 5}},
		{"cyrillic", "Путин и Трамп",
			[]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13},
			[]int{0, 2, 4, 6, 8, 10, 11, 13, 14, 16, 18, 20, 22, 24}, nil,
			[]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}},
		// م ُ ح َ م ّ َ د: every mark joins the letter before it.
		{"arabic diacritics", "مُحَمَّد",
			[]int{0, 1, 2, 3, 4, 5, 6, 7, 8},
			[]int{0, 2, 4, 6, 8, 10, 12, 14, 16}, nil,
			[]int{0, 2, 4, 7, 8}},
		{"emoji ZWJ family", family,
			[]int{0, 2, 3, 5, 6, 8, 9, 11},
			[]int{0, 4, 7, 11, 14, 18, 21, 25},
			[]int{0, 0, 1, 2, 2, 3, 4, 4, 5, 6, 6, 7},
			[]int{0, 7}},
		{"emoji skin tone", "👍🏽", []int{0, 2, 4}, []int{0, 4, 8}, []int{0, 0, 1, 1, 2}, []int{0, 2}},
		{"flags", "🇺🇦🇷🇺", []int{0, 2, 4, 6, 8}, []int{0, 4, 8, 12, 16},
			[]int{0, 0, 1, 1, 2, 2, 3, 3, 4}, []int{0, 2, 4}},
		{"combining acute", "e\u0301", []int{0, 1, 2}, []int{0, 1, 3}, nil, []int{0, 2}},
		{"decomposed short i", "и\u0306", []int{0, 1, 2}, []int{0, 2, 4}, nil, []int{0, 2}},
		{"astral", "𝔘", []int{0, 2}, []int{0, 4}, []int{0, 0, 1}, []int{0, 1}},
		{"astral inside ascii", "a𝔘b", []int{0, 1, 3, 4}, []int{0, 1, 5, 6}, []int{0, 1, 1, 2, 3}, []int{0, 1, 2, 3}},
		{"CRLF is one cluster", "a\r\nb", []int{0, 1, 2, 3, 4}, []int{0, 1, 2, 3, 4}, nil, []int{0, 1, 3, 4}},
		{"lone CR", "a\rb", []int{0, 1, 2, 3}, []int{0, 1, 2, 3}, nil, []int{0, 1, 2, 3}},
		// Go decodes every invalid byte as one U+FFFD; a truncated
		// sequence is two invalid bytes, not one rune.
		{"invalid UTF-8", "a\xffb\xe2\x82", []int{0, 1, 2, 3, 4, 5}, []int{0, 1, 2, 3, 4, 5}, nil, []int{0, 1, 2, 3, 4, 5}},
		{"real U+FFFD", "\uFFFD𝔘", []int{0, 1, 3}, []int{0, 3, 7}, []int{0, 1, 1, 2}, []int{0, 1, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tx := New(tc.s)
			n := len(tc.cpToU16) - 1
			if tx.Len() != n || tx.UTF16Len() != tc.cpToU16[n] {
				t.Fatalf("Len, UTF16Len = %d, %d; want %d, %d", tx.Len(), tx.UTF16Len(), n, tc.cpToU16[n])
			}
			if tx.String() != tc.s {
				t.Fatalf("String() = %q", tx.String())
			}
			for cp := 0; cp <= n; cp++ {
				if u, err := tx.CodePointToUTF16(cp); err != nil || u != tc.cpToU16[cp] {
					t.Errorf("CodePointToUTF16(%d) = %d, %v; want %d", cp, u, err, tc.cpToU16[cp])
				}
				if b, err := tx.ByteOffset(cp); err != nil || b != tc.cpToByte[cp] {
					t.Errorf("ByteOffset(%d) = %d, %v; want %d", cp, b, err, tc.cpToByte[cp])
				}
			}
			u16ToCP := tc.u16ToCP
			if u16ToCP == nil {
				for u := 0; u <= tc.cpToU16[n]; u++ {
					u16ToCP = append(u16ToCP, u)
				}
			}
			for u, want := range u16ToCP {
				if cp, err := tx.UTF16ToCodePoint(u); err != nil || cp != want {
					t.Errorf("UTF16ToCodePoint(%d) = %d, %v; want %d", u, cp, err, want)
				}
			}
			var bounds []int
			for cp := 0; cp <= n; cp++ {
				if tx.IsBoundary(cp) {
					bounds = append(bounds, cp)
				}
			}
			if !slices.Equal(bounds, tc.bounds) {
				t.Errorf("boundaries = %v, want %v", bounds, tc.bounds)
			}
			checkAgainstReference(t, tc.s)
		})
	}
}

func TestMidSurrogateRoundsDown(t *testing.T) {
	// A DOM selection can land between the halves of a surrogate pair (e.g.
	// after a script moved the caret by one unit); it must not split the
	// character.
	tx := New("x𝔘𝔘y")
	for u, want := range map[int]int{0: 0, 1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 6: 4} {
		if got, err := tx.UTF16ToCodePoint(u); err != nil || got != want {
			t.Errorf("UTF16ToCodePoint(%d) = %d, %v; want %d", u, got, err, want)
		}
	}
}

// Long texts go through the checkpoint index, including a checkpoint landing
// exactly at a surrogate pair and at the end of the text.
func TestConversionsAcrossCheckpoints(t *testing.T) {
	for _, s := range []string{
		strings.Repeat("a", 64) + "𝔘" + strings.Repeat("b", 63),
		strings.Repeat("𝔘", 128),
		strings.Repeat("Жa", 100) + "𝔘",
		strings.Repeat("ab", 200) + "ж", // ASCII prefix longer than a checkpoint step
		strings.Repeat("\xff", 130) + "👍",
		strings.Repeat("x", 64),
		strings.Repeat("ж", 64),
		strings.Repeat("𝔘", 64),
	} {
		checkAgainstReference(t, s)
	}
}

func TestErrors(t *testing.T) {
	tx := New("Путин") // 5 code points, 5 UTF-16 units
	tests := []struct {
		name    string
		call    func() error
		is      error
		message string
	}{
		{"Slice end past length", func() error { _, err := tx.Slice(2, 9); return err },
			ErrOutOfRange, "textpos: code point span [2, 9) out of range [0, 5]"},
		{"Slice negative start", func() error { _, err := tx.Slice(-1, 3); return err },
			ErrOutOfRange, "textpos: code point span [-1, 3) out of range [0, 5]"},
		{"Slice reversed", func() error { _, err := tx.Slice(4, 1); return err },
			ErrReversed, "textpos: code point span [4, 1) is reversed (text length 5)"},
		{"Slice reversed and out of range", func() error { _, err := tx.Slice(9, 1); return err },
			ErrOutOfRange, "textpos: code point span [9, 1) out of range [0, 5]"},
		{"Quote reversed", func() error { _, _, _, err := tx.Quote(3, 2, 32); return err },
			ErrReversed, "textpos: code point span [3, 2) is reversed (text length 5)"},
		{"Quote out of range", func() error { _, _, _, err := tx.Quote(0, 6, 32); return err },
			ErrOutOfRange, "textpos: code point span [0, 6) out of range [0, 5]"},
		{"UTF16ToCodePoint negative", func() error { _, err := tx.UTF16ToCodePoint(-1); return err },
			ErrOutOfRange, "textpos: UTF-16 offset -1 out of range [0, 5]"},
		{"UTF16ToCodePoint past end", func() error { _, err := tx.UTF16ToCodePoint(6); return err },
			ErrOutOfRange, "textpos: UTF-16 offset 6 out of range [0, 5]"},
		{"CodePointToUTF16 past end", func() error { _, err := tx.CodePointToUTF16(6); return err },
			ErrOutOfRange, "textpos: code point offset 6 out of range [0, 5]"},
		{"ByteOffset negative", func() error { _, err := tx.ByteOffset(math.MinInt); return err },
			ErrOutOfRange, "textpos: code point offset -9223372036854775808 out of range [0, 5]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if !errors.Is(err, tc.is) {
				t.Fatalf("error = %v, want %v", err, tc.is)
			}
			if err.Error() != tc.message {
				t.Fatalf("message = %q, want %q", err.Error(), tc.message)
			}
		})
	}
	// Astral text: the UTF-16 length differs from the code point length and
	// the message must name the right one.
	_, err := New("𝔘").UTF16ToCodePoint(3)
	if err == nil || err.Error() != "textpos: UTF-16 offset 3 out of range [0, 2]" {
		t.Fatalf("astral: error = %v", err)
	}
}

func TestSlice(t *testing.T) {
	tx := New("a" + family + "Жb\u0301")
	for _, tc := range []struct {
		start, end int
		want       string
	}{
		{0, 0, ""},
		{0, 1, "a"},
		{1, 8, family},
		{8, 9, "Ж"},
		{9, 11, "b\u0301"},
		{0, 11, "a" + family + "Жb\u0301"},
		{11, 11, ""},
	} {
		got, err := tx.Slice(tc.start, tc.end)
		if err != nil || got != tc.want {
			t.Errorf("Slice(%d, %d) = %q, %v; want %q", tc.start, tc.end, got, err, tc.want)
		}
	}
}

func TestNilAndZeroText(t *testing.T) {
	for name, tx := range map[string]*Text{"nil": nil, "zero": {}, "New(\"\")": New("")} {
		if tx.Len() != 0 || tx.UTF16Len() != 0 || tx.String() != "" {
			t.Errorf("%s: not empty", name)
		}
		if s, e := tx.SnapSpan(-3, 7); s != 0 || e != 0 {
			t.Errorf("%s: SnapSpan = %d, %d", name, s, e)
		}
		if !tx.IsBoundary(0) || tx.IsBoundary(1) {
			t.Errorf("%s: IsBoundary wrong", name)
		}
		if got := tx.Find("a"); got != nil {
			t.Errorf("%s: Find = %v", name, got)
		}
		if _, err := tx.Slice(0, 1); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("%s: Slice error = %v", name, err)
		}
	}
}

func TestNormalizeNewlines(t *testing.T) {
	for in, want := range map[string]string{
		"":                    "",
		"no newline":          "no newline",
		"a\nb":                "a\nb",
		"a\r\nb":              "a\nb",
		"a\rb":                "a\nb",
		"\r\n\r\n":            "\n\n",
		"\r\r\n":              "\n\n",
		"\n\r":                "\n\n",
		"\r":                  "\n",
		"Путин\r\nи\rТрамп\r": "Путин\nи\nТрамп\n",
		"\xff\r\n\xe2\x82\r":  "\xff\n\xe2\x82\n", // invalid bytes untouched
		"👍🏽\r\n" + family:     "👍🏽\n" + family,
	} {
		if got := NormalizeNewlines(in); got != want {
			t.Errorf("NormalizeNewlines(%q) = %q, want %q", in, got, want)
		}
	}
	// After normalisation a CR no longer hides inside a cluster, so every
	// line break is a boundary on both sides.
	tx := New(NormalizeNewlines("a\r\nb"))
	if tx.Len() != 3 || !tx.IsBoundary(1) || !tx.IsBoundary(2) {
		t.Errorf("normalised text: Len %d, boundaries wrong", tx.Len())
	}
}

func TestSnapSpan(t *testing.T) {
	tests := []struct {
		name               string
		s                  string
		start, end         int
		wantStart, wantEnd int
	}{
		{"ascii unchanged", "hello", 1, 3, 1, 3},
		{"ascii reversed", "hello", 3, 1, 1, 3},
		{"ascii clamped", "hello", -5, 99, 0, 5},
		{"ascii both below", "hello", -5, -1, 0, 0},
		{"ascii both above", "hello", 7, 99, 5, 5},
		{"extreme ints", "hello", math.MaxInt, math.MinInt, 0, 5},
		{"ascii point", "hello", 2, 2, 2, 2},
		{"cyrillic", "Путин и Трамп", 6, 7, 6, 7},
		{"combining: end inside cluster", "xe\u0301y", 1, 2, 1, 3},
		{"combining: start inside cluster", "xe\u0301y", 2, 3, 1, 3},
		{"combining: reversed", "xe\u0301y", 3, 2, 1, 3},
		{"combining: point inside cluster", "xe\u0301y", 2, 2, 1, 1},
		{"decomposed й: base only", "зи\u0306м", 1, 2, 1, 3},
		{"decomposed й: breve only", "зи\u0306м", 2, 3, 1, 3},
		{"arabic: point on mark", "مُحَمَّد", 1, 1, 0, 0},
		{"arabic: shadda", "مُحَمَّد", 5, 6, 4, 7},
		{"family: inside", "a" + family + "b", 3, 4, 1, 8},
		{"family: point inside", "a" + family + "b", 5, 5, 1, 1},
		{"family: before", "a" + family + "b", 0, 1, 0, 1},
		{"family: after", "a" + family + "b", 8, 9, 8, 9},
		{"family: clamped end", "a" + family, 2, 100, 1, 8},
		{"skin tone: modifier only", "👍🏽!", 1, 2, 0, 2},
		{"flags: across pair", "🇺🇦🇷🇺", 1, 3, 0, 4},
		{"flags: first half", "🇺🇦🇷🇺", 1, 2, 0, 2},
		{"flags: second flag", "🇺🇦🇷🇺", 2, 3, 2, 4},
		{"flags: point", "🇺🇦🇷🇺", 3, 3, 2, 2},
		{"CRLF: point between", "a\r\nb", 2, 2, 1, 1},
		{"CRLF: LF only", "a\r\nb", 2, 3, 1, 3},
		{"CRLF: CR only", "a\r\nb", 1, 2, 1, 3},
		{"empty text", "", 3, 1, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, e := New(tc.s).SnapSpan(tc.start, tc.end)
			if s != tc.wantStart || e != tc.wantEnd {
				t.Errorf("SnapSpan(%d, %d) = %d, %d; want %d, %d", tc.start, tc.end, s, e, tc.wantStart, tc.wantEnd)
			}
		})
	}
}

func TestQuote(t *testing.T) {
	digits := strings.Repeat("0123456789", 5) // 50
	letters := strings.Repeat("abcdefghij", 5)
	cyr := strings.Repeat("Жё", 20) // 40 code points, 80 bytes
	emo := strings.Repeat("👍🏽", 20) // 40 code points, astral
	full := digits + "EXACT" + letters
	tests := []struct {
		name                  string
		s                     string
		start, end, n         int
		prefix, exact, suffix string
	}{
		{"truncated both sides", digits + "EXACT" + letters, 50, 55, 32,
			digits[18:], "EXACT", letters[:32]},
		{"near start", digits + "EXACT" + letters, 3, 5, 32, "012", "34", digits[5:37]},
		{"near end", full, 100, 105, 32, full[68:100], full[100:], ""},
		{"suffix shorter than n", full, 90, 95, 32, full[58:90], full[90:95], full[95:]},
		{"multi-byte prefix cut by code points", cyr + "X" + cyr, 40, 41, 32,
			strings.Repeat("Жё", 16), "X", strings.Repeat("Жё", 16)},
		{"astral context may split a cluster", emo + "X" + emo, 40, 41, 3,
			"🏽👍🏽", "X", "👍🏽👍"},
		{"n = 0", "abc", 1, 2, 0, "", "b", ""},
		{"negative n is 0", "abc", 1, 2, -7, "", "b", ""},
		{"huge n", "abc", 1, 2, math.MaxInt, "a", "b", "c"},
		{"point", "abc", 1, 1, 32, "a", "", "bc"},
		{"whole text", "abc", 0, 3, 32, "", "abc", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, e, s, err := New(tc.s).Quote(tc.start, tc.end, tc.n)
			if err != nil || p != tc.prefix || e != tc.exact || s != tc.suffix {
				t.Errorf("Quote(%d, %d, %d) = %q, %q, %q, %v;\nwant %q, %q, %q",
					tc.start, tc.end, tc.n, p, e, s, err, tc.prefix, tc.exact, tc.suffix)
			}
		})
	}
}

func TestFind(t *testing.T) {
	tests := []struct {
		name, s, quote string
		want           []int
	}{
		{"overlapping", "abababa", "aba", []int{0, 2, 4}},
		{"single char", "abababa", "a", []int{0, 2, 4, 6}},
		{"run", "aaaaaa", "aaaa", []int{0, 1, 2}},
		{"absent", "abababa", "x", nil},
		{"empty quote", "abc", "", nil},
		{"quote longer than text", "ab", "abc", nil},
		{"whole text", "abc", "abc", []int{0}},
		{"cyrillic", "и и и", "и", []int{0, 2, 4}},
		{"cyrillic phrase", "Путин и Трамп и Путин", "Путин", []int{0, 16}},
		{"emoji base also inside skin-tone cluster", "👍🏽👍👍🏽", "👍", []int{0, 2, 3}},
		{"skin tone modifier", "👍🏽👍👍🏽", "🏽", []int{1, 4}},
		{"flags across clusters", "🇺🇦🇷🇺", "🇦🇷", []int{1}},
		{"family member", "a" + family, "👧", []int{5}},
		{"arabic", "مُحَمَّد مُحَمَّد", "مُ", []int{0, 9}},
		{"no normalisation", "e\u0301 é", "é", []int{3}},
		{"continuation byte inside a rune", "€", "\x82", nil},
		{"truncated rune", "€", "\xe2\x82", nil},
		{"stray invalid bytes", "\xe2\x82x\xe2\x82", "\x82", []int{1, 4}},
		{"invalid prefix", "\xe2\x82x", "\xe2\x82", []int{0}},
		{"byte-exact: U+FFFD is not an invalid byte", "\uFFFD", "\xff", nil},
		{"after astral", "𝔘a𝔘a", "a", []int{1, 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := New(tc.s).Find(tc.quote)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Find(%q) = %v, want %v", tc.quote, got, tc.want)
			}
			// Every hit must slice back to the quote.
			tx := New(tc.s)
			for _, cp := range got {
				if q, err := tx.Slice(cp, cp+utf8.RuneCountInString(tc.quote)); err != nil || q != tc.quote {
					t.Errorf("Slice at hit %d = %q, %v", cp, q, err)
				}
			}
		})
	}
}

func TestSegments(t *testing.T) {
	type seg = Segment
	tests := []struct {
		name  string
		n     int
		spans []Span
		want  []Segment
	}{
		{"no spans", 10, nil, []seg{{0, 10, nil}}},
		{"one span", 10, []Span{{2, 5, "A"}},
			[]seg{{0, 2, nil}, {2, 5, []string{"A"}}, {5, 10, nil}}},
		{"overlapping", 10, []Span{{0, 6, "A"}, {4, 10, "B"}},
			[]seg{{0, 4, []string{"A"}}, {4, 6, []string{"A", "B"}}, {6, 10, []string{"B"}}}},
		{"keys in input order, not position order", 10, []Span{{4, 10, "B"}, {0, 6, "A"}},
			[]seg{{0, 4, []string{"A"}}, {4, 6, []string{"B", "A"}}, {6, 10, []string{"B"}}}},
		{"nested", 10, []Span{{1, 9, "A"}, {3, 5, "B"}},
			[]seg{{0, 1, nil}, {1, 3, []string{"A"}}, {3, 5, []string{"A", "B"}}, {5, 9, []string{"A"}}, {9, 10, nil}}},
		{"touching", 10, []Span{{0, 5, "A"}, {5, 10, "B"}},
			[]seg{{0, 5, []string{"A"}}, {5, 10, []string{"B"}}}},
		{"identical spans", 4, []Span{{1, 3, "A"}, {1, 3, "B"}},
			[]seg{{0, 1, nil}, {1, 3, []string{"A", "B"}}, {3, 4, nil}}},
		{"duplicate keys kept", 4, []Span{{1, 3, "A"}, {1, 3, "A"}},
			[]seg{{0, 1, nil}, {1, 3, []string{"A", "A"}}, {3, 4, nil}}},
		{"point inside a span cuts it", 10, []Span{{0, 5, "A"}, {3, 3, "P"}},
			[]seg{{0, 3, []string{"A"}}, {3, 5, []string{"A"}}, {5, 10, nil}}},
		{"point alone", 10, []Span{{4, 4, "P"}},
			[]seg{{0, 4, nil}, {4, 10, nil}}},
		{"points at the ends cut nothing", 10, []Span{{0, 0, "P"}, {10, 10, "Q"}},
			[]seg{{0, 10, nil}}},
		{"clamped", 10, []Span{{-5, 3, "A"}, {8, 20, "B"}},
			[]seg{{0, 3, []string{"A"}}, {3, 8, nil}, {8, 10, []string{"B"}}}},
		{"out of range and reversed ignored", 10, []Span{{20, 30, "A"}, {-9, -1, "B"}, {7, 2, "R"}},
			[]seg{{0, 10, nil}}},
		{"whole text", 3, []Span{{0, 3, "A"}}, []seg{{0, 3, []string{"A"}}}},
		{"empty text", 0, []Span{{0, 0, "A"}}, nil},
		{"negative length", -1, []Span{{0, 1, "A"}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Segments(tc.n, tc.spans)
			if !slices.EqualFunc(got, tc.want, func(a, b Segment) bool {
				return a.Start == b.Start && a.End == b.End && slices.Equal(a.Keys, b.Keys)
			}) {
				t.Errorf("Segments = %v\nwant       %v", got, tc.want)
			}
		})
	}
}

func TestSegmentsKeysDoNotAlias(t *testing.T) {
	segs := Segments(10, []Span{{0, 5, "A"}, {5, 10, "B"}})
	_ = append(segs[0].Keys, "X")
	if segs[1].Keys[0] != "B" {
		t.Fatalf("appending to one segment's keys changed the next: %v", segs)
	}
}

// ---------------------------------------------------------------------------
// Property tests against the reference

// pieces mixes everything that makes offsets interesting: multi-byte and
// astral runes, every grapheme rule (combining marks, ZWJ, regional
// indicators, Hangul, Indic virama, prepend, spacing marks, CR LF), and
// invalid UTF-8.
var pieces = []string{
	"a", "b", " ", "\n", "\r", "\r\n", "\t", "Ж", "ё", "и", "\u0306", "\u0301", "é",
	"م", "\u064F", "\u0651", "𝔘", "👍", "🏽", "\u200d", "👩", "🇺", "🇦", "©", "®", "\ufe0f",
	"\u1100", "\u1161", "\u11a8", "\uac00", "क", "\u094d", "\u0903", "\u0600", "\u0483",
	"\xff", "\xe2\x82", "\x80", "\xc0\x80", "\xc1\xbf", "\xdf", "\xed\xa0\x80", "\uFFFD", "ÿ", "Ω", "Ա", "\u0590", "\u0591",
}

func randomText(r *rand.Rand, maxPieces int) string {
	var b strings.Builder
	for range r.Intn(maxPieces + 1) {
		b.WriteString(pieces[r.Intn(len(pieces))])
	}
	return b.String()
}

func TestConversionsProperty(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for range 2000 {
		checkAgainstReference(t, randomText(r, 300))
	}
}

// The chunked boundary computation must agree with one uniseg pass on long
// texts too, where many chunks meet.
func TestBoundariesLongText(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	s := randomText(r, 20000)
	ref := newReference(s)
	tx := New(s)
	var got []int
	for cp := 0; cp <= tx.Len(); cp++ {
		if tx.IsBoundary(cp) {
			got = append(got, cp)
		}
	}
	if !slices.Equal(got, ref.bounds) {
		t.Fatalf("boundaries differ from a single uniseg pass")
	}
}

// buildBoundaries relies on two facts about every pair of "simple" code
// points r, q: there is a boundary between them, and the clusters from q on
// do not depend on anything before q. Check both for every simple code point
// against uniseg, so that a uniseg upgrade changing a property is caught.
func TestIsSimpleAgreesWithUniseg(t *testing.T) {
	count := uniseg.GraphemeClusterCount
	simpleSamples := []string{"x", "\x01", "\n", "\t", "Ж", "Ω", "\u00a0", "ÿ"}
	// Left contexts ending in a simple code point but preceded by things that
	// open multi-code-point rules (ZWJ sequences, RI pairs, conjuncts, CR).
	contexts := []string{"x", "\x01", "\n", "👍\u200dx", "🇺x", "क\u094dx", "\rx", "e\u0301Ж"}
	probes := []string{
		"\r", "\n", "\x01", "x", "\u0301", "\u200d", "🇺", "\u0600", "\u0903", "\u1100",
		"\u1161", "\u11a8", "\uac00", "\uac01", "👍", "🏽", "\ufe0f", "\u094d", "क", "©",
	}
	tails := []string{"", "\u0301", "\u200d👍", "🇺", "\u094dक"}
	leftCount := make([]int, len(contexts))
	for i, left := range contexts {
		leftCount[i] = count(left)
	}
	checked := 0
	for r := rune(0); r < 0x10000; r++ {
		if !isSimple(r) {
			continue
		}
		checked++
		c := string(r)
		for _, q := range append(simpleSamples, c) {
			if count(c+q) != 2 || count(q+c) != 2 {
				t.Fatalf("isSimple(%U): no boundary between %q and %q", r, c, q)
			}
		}
		for _, p := range probes {
			for _, tail := range tails {
				right := c + p + tail
				want := count(right)
				for i, left := range contexts {
					if got := count(left+right) - leftCount[i]; got != want {
						t.Fatalf("isSimple(%U): %q after %q gives %d clusters, alone %d", r, right, left, got, want)
					}
				}
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d simple code points", checked)
	}
}

func TestSnapSpanProperty(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for range 2000 {
		s := randomText(r, 40)
		checkSnap(t, New(s), r.Intn(60)-10, r.Intn(60)-10)
	}
}

func checkSnap(t *testing.T, tx *Text, a, b int) {
	t.Helper()
	n := tx.Len()
	s, e := tx.SnapSpan(a, b)
	ca, cb := min(max(a, 0), n), min(max(b, 0), n)
	lo, hi := min(ca, cb), max(ca, cb)
	if s < 0 || e > n || s > e || !tx.IsBoundary(s) || !tx.IsBoundary(e) {
		t.Fatalf("%q: SnapSpan(%d, %d) = %d, %d: not a boundary span", tx.String(), a, b, s, e)
	}
	if lo == hi {
		if s != e || s > lo {
			t.Fatalf("%q: SnapSpan(%d, %d) = %d, %d: point not kept", tx.String(), a, b, s, e)
		}
		for cp := s + 1; cp <= lo; cp++ {
			if tx.IsBoundary(cp) {
				t.Fatalf("%q: SnapSpan(%d, %d) = %d: skipped boundary %d", tx.String(), a, b, s, cp)
			}
		}
		return
	}
	if s > lo || e < hi {
		t.Fatalf("%q: SnapSpan(%d, %d) = %d, %d does not cover [%d, %d)", tx.String(), a, b, s, e, lo, hi)
	}
	for cp := s + 1; cp <= lo; cp++ {
		if tx.IsBoundary(cp) {
			t.Fatalf("%q: SnapSpan(%d, %d) start %d is not the nearest boundary", tx.String(), a, b, s)
		}
	}
	for cp := hi; cp < e; cp++ {
		if tx.IsBoundary(cp) {
			t.Fatalf("%q: SnapSpan(%d, %d) end %d is not the nearest boundary", tx.String(), a, b, e)
		}
	}
}

func TestFindProperty(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	for range 2000 {
		s := randomText(r, 30)
		q := randomText(r, 2)
		checkFind(t, s, q)
	}
}

// checkFind compares Find with a brute force over code point offsets.
func checkFind(t *testing.T, s, q string) {
	t.Helper()
	ref := newReference(s)
	var want []int
	if q != "" {
		for cp := range ref.runes {
			from := ref.cpToByte[cp]
			end := from + len(q)
			if end <= len(s) && s[from:end] == q && slices.Contains(ref.cpToByte, end) {
				want = append(want, cp)
			}
		}
	}
	if got := New(s).Find(q); !slices.Equal(got, want) {
		t.Fatalf("Find(%q) in %q = %v, want %v", q, s, got, want)
	}
}

func TestSegmentsProperty(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for range 2000 {
		n := r.Intn(30)
		spans := make([]Span, r.Intn(8))
		for i := range spans {
			spans[i] = Span{r.Intn(40) - 5, r.Intn(40) - 5, string(rune('A' + i))}
		}
		checkSegments(t, n, spans)
	}
}

// checkSegments verifies Segments against per-code-point coverage.
func checkSegments(t *testing.T, n int, spans []Span) {
	t.Helper()
	segs := Segments(n, spans)
	if n <= 0 {
		if segs != nil {
			t.Fatalf("n=%d: got segments %v", n, segs)
		}
		return
	}
	edges := map[int]bool{0: true, n: true}
	for _, sp := range spans {
		if sp.Start <= sp.End {
			edges[min(max(sp.Start, 0), n)] = true
			edges[min(max(sp.End, 0), n)] = true
		}
	}
	pos := 0
	for _, sg := range segs {
		if sg.Start != pos || sg.End <= sg.Start || !edges[sg.Start] || !edges[sg.End] {
			t.Fatalf("n=%d spans=%v: bad segment %v in %v", n, spans, sg, segs)
		}
		for cp := sg.Start + 1; cp < sg.End; cp++ {
			if edges[cp] {
				t.Fatalf("n=%d spans=%v: edge %d not cut in %v", n, spans, cp, segs)
			}
		}
		for cp := sg.Start; cp < sg.End; cp++ {
			var want []string
			for _, sp := range spans {
				if sp.Start <= cp && cp < sp.End {
					want = append(want, sp.Key)
				}
			}
			if !slices.Equal(sg.Keys, want) {
				t.Fatalf("n=%d spans=%v: keys at %d = %v, want %v", n, spans, cp, sg.Keys, want)
			}
		}
		pos = sg.End
	}
	if pos != n {
		t.Fatalf("n=%d spans=%v: segments end at %d", n, spans, pos)
	}
}

// Concurrent first use must build each index once and race-free (run with -race).
func TestConcurrentFirstUse(t *testing.T) {
	r := rand.New(rand.NewSource(6))
	s := randomText(r, 5000)
	ref := newReference(s)
	tx := New(s)
	done := make(chan bool)
	for g := range 8 {
		go func() {
			ok := true
			for cp := g; cp <= tx.Len(); cp += 97 {
				u, _ := tx.CodePointToUTF16(cp)
				ok = ok && u == ref.cpToU16[cp] && tx.IsBoundary(cp) == ref.isBound[cp]
			}
			done <- ok
		}()
	}
	for range 8 {
		if !<-done {
			t.Fatal("concurrent reads disagree with the reference")
		}
	}
}

// ---------------------------------------------------------------------------
// Fuzzing

func FuzzConversions(f *testing.F) {
	for _, s := range []string{
		"", "hello", "Путин и Трамп", "مُحَمَّد", family, "👍🏽", "🇺🇦🇷🇺", "e\u0301", "и\u0306",
		"𝔘", "a\r\nb", "a\xffb\xe2\x82", strings.Repeat("ж𝔘", 35),
	} {
		f.Add(s, 1, 3)
	}
	f.Fuzz(func(t *testing.T, s string, a, b int) {
		// The checks are quadratic-ish and the minimizer is quadratic in the
		// input length; 300 bytes still spans several index checkpoints.
		s = s[:min(len(s), 300)]
		checkAgainstReference(t, s)
		tx := New(s)
		checkSnap(t, tx, a, b)
		ss, se := tx.SnapSpan(a, b)
		p, exact, suf, err := tx.Quote(ss, se, 32)
		if err != nil || !strings.Contains(s, p+exact+suf) {
			t.Fatalf("Quote(%d, %d) = %q, %q, %q, %v", ss, se, p, exact, suf, err)
		}
		if exact != "" && !slices.Contains(tx.Find(exact), ss) {
			t.Fatalf("Find(%q) misses %d", exact, ss)
		}
		if len(s) > 0 {
			// A quote cut from s at an arbitrary byte, possibly mid-rune.
			i := int(uint(a) % uint(len(s)))
			checkFind(t, s, s[i:min(i+1+int(uint(b)%4), len(s))])
		}
		checkSegments(t, tx.Len(), []Span{{a % 50, b % 50, "A"}, {ss, se, "B"}, {b % 20, a % 30, "C"}})
	})
}
