package align

import (
	"strings"
	"testing"
)

// pairOf returns the sentence of b paired with the sentence of a that
// contains qa, or "" when it has none.
func pairOf(res Result, a, b, qa string) string {
	ra, rb := []rune(a), []rune(b)
	for _, p := range res.Pairs {
		if strings.Contains(string(ra[p.A.Start:p.A.End]), qa) {
			return string(rb[p.B.Start:p.B.End])
		}
	}
	return ""
}

func onlyContains(spans []Span, text, q string) bool {
	rs := []rune(text)
	for _, sp := range spans {
		if strings.Contains(string(rs[sp.Start:sp.End]), q) {
			return true
		}
	}
	return false
}

func TestAlignScenarios(t *testing.T) {
	t.Run("paraphrase", func(t *testing.T) {
		a := "The leaders discussed the war in Ukraine and agreed that a durable ceasefire is urgently needed."
		b := "Both leaders agreed that a lasting ceasefire is needed urgently."
		res := Align(a, b)
		if len(res.Pairs) != 1 || res.Pairs[0].Score < Threshold {
			t.Errorf("want one pair, got %+v", res)
		}
	})
	t.Run("reordered paragraphs", func(t *testing.T) {
		d := goldDocNamed(t, "kremlin-en-vs-wh")
		res := Align(d.a, d.b)
		if got := pairOf(res, d.a, d.b, "Persian Gulf"); !strings.Contains(got, "Middle East and Iran") {
			t.Errorf("Middle East paragraph (last in A, first in B) paired with %q", got)
		}
		if got := pairOf(res, d.a, d.b, "ready to continue negotiations"); !strings.Contains(got, "ready to resume talks") {
			t.Errorf("Istanbul sentence paired with %q", got)
		}
	})
	t.Run("extra paragraph and one-sided sentences", func(t *testing.T) {
		d := goldDocNamed(t, "wh-vs-uk")
		res := Align(d.a, d.b)
		for _, q := range []string{"British national detained", "economic partnership"} {
			if !onlyContains(res.OnlyB, d.b, q) {
				t.Errorf("%q should be in OnlyB", q)
			}
		}
		if len(res.OnlyA) != 0 {
			t.Errorf("OnlyA = %v, want none", res.OnlyA)
		}
	})
	t.Run("russian vs english durations", func(t *testing.T) {
		a := "Беседа продолжалась 1 час 25 минут. Президенты обсудили торговлю."
		b := "The leaders discussed trade. The call lasted ninety minutes."
		res := Align(a, b)
		if got := pairOf(res, a, b, "1 час 25 минут"); got != "The call lasted ninety minutes." {
			t.Errorf("duration paired with %q", got)
		}
		if got := pairOf(res, a, b, "торговлю"); got != "The leaders discussed trade." {
			t.Errorf("trade paired with %q", got)
		}
	})
	t.Run("sample omissions", func(t *testing.T) {
		res := Align(sampleRU, sampleEN)
		if !onlyContains(res.OnlyA, sampleRU, "250-летием") {
			t.Errorf("congratulations should be an omission candidate: %+v", res.OnlyA)
		}
		if got := pairOf(res, sampleRU, sampleEN, "Президенты обсудили"); !strings.Contains(got, "Iran") {
			t.Errorf("Middle East sentence paired with %q", got)
		}
	})
	t.Run("one to one", func(t *testing.T) {
		for _, d := range loadGold(t) {
			res := Align(d.a, d.b)
			seenA, seenB := map[Span]bool{}, map[Span]bool{}
			for _, p := range res.Pairs {
				if seenA[p.A] || seenB[p.B] {
					t.Fatalf("%s: sentence paired twice", d.name)
				}
				seenA[p.A], seenB[p.B] = true, true
				if p.Score <= 0 || p.Score > 1+1e-9 {
					t.Errorf("%s: score %v out of (0, 1]", d.name, p.Score)
				}
			}
			if len(res.Pairs)+len(res.OnlyA) != len(Sentences(d.a)) || len(res.Pairs)+len(res.OnlyB) != len(Sentences(d.b)) {
				t.Errorf("%s: every sentence must be paired or left over", d.name)
			}
		}
	})
	t.Run("empty", func(t *testing.T) {
		if res := Align("", ""); len(res.Pairs)+len(res.OnlyA)+len(res.OnlyB) != 0 {
			t.Errorf("got %+v", res)
		}
		if res := Align("One claim.", ""); len(res.OnlyA) != 1 {
			t.Errorf("got %+v", res)
		}
	})
}

func TestTokens(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1 час 25 минут", "⌚ ⌚~90 ⌚=85"},
		{"1 hour and 25 minutes", "⌚ ⌚~90 ⌚=85"},
		{"85 minutes", "⌚ ⌚~90 ⌚=85"},
		{"ninety minutes", "⌚ ⌚~90 ⌚=90"},
		{"девяносто минут", "⌚ ⌚~90 ⌚=90"},
		{"an hour and a half", "⌚ ⌚~90 ⌚=90"},
		{"полтора часа", "⌚ ⌚~90 ⌚=90"},
		{"twenty-five", "25"},
		{"two hundred fifty", "250"},
		{"двести пятьдесят", "250"},
		{"1,5 и 1.5", "1.5 1.5"},
		{"20,000", "20000"},
		{"250th anniversary", "250 @anniversary"},
		{"250-летием", "250 @anniversary"},
		{"Putin Путина Путину", "@putin @putin @putin"},
		{"Украина Украины Украиной Ukraine", "@ukraine @ukraine @ukraine @ukraine"},
		{"United States США U.S. US Соединённых Штатов", "@usa @usa @usa @usa @usa"},
		{"us", ""},
		{"Middle East Ближнем Востоке", "@mideast @mideast"},
		{"Trump's", "@trump"},
	}
	for _, tc := range tests {
		got := strings.Join(tokenize([]rune(tc.in), nil), " ")
		if got != tc.want {
			t.Errorf("tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
