package align

import (
	"slices"
	"testing"
	"unicode/utf8"

	"framecheck/app/textpos"
)

// sentenceTexts returns the sentences of text as strings, via textpos so
// that the spans are checked as code point offsets.
func sentenceTexts(t testing.TB, text string) []string {
	tp := textpos.New(text)
	var out []string
	for _, sp := range Sentences(text) {
		s, err := tp.Slice(sp.Start, sp.End)
		if err != nil {
			panic(err) // t may be nil (benchmark set-up)
		}
		out = append(out, s)
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"blank", " \n\n\t ", nil},
		{"simple", "One. Two? Three!", []string{"One.", "Two?", "Three!"}},
		{"trim", "  One.   Two.  ", []string{"One.", "Two."}},
		{"cyrillic", "Президенты обсудили Украину. Разговор был долгим.", []string{"Президенты обсудили Украину.", "Разговор был долгим."}},
		{"mr", "Mr. Smith met Mrs. Jones. They talked.", []string{"Mr. Smith met Mrs. Jones.", "They talked."}},
		{"us acronym inside", "The U.S. President spoke. He left.", []string{"The U.S. President spoke.", "He left."}},
		{"us acronym at end", "Sanctions were imposed by the U.S. The talks ended.", []string{"Sanctions were imposed by the U.S.", "The talks ended."}},
		{"eg", "Topics, e.g. Iran, were raised. Then they hung up.", []string{"Topics, e.g. Iran, were raised.", "Then they hung up."}},
		{"eg lower", "Several, e.g. the war. Next.", []string{"Several, e.g. the war.", "Next."}},
		{"month", "On Jan. 5 they spoke. Later they met.", []string{"On Jan. 5 they spoke.", "Later they met."}},
		{"initial", "Envoy J. Smith arrived. He spoke.", []string{"Envoy J. Smith arrived.", "He spoke."}},
		{"initials dotted", "Ю.В. Ушаков сообщил. Это всё.", []string{"Ю.В. Ушаков сообщил.", "Это всё."}},
		{"pronoun I", "So did I. The end.", []string{"So did I.", "The end."}},
		{"т.е.", "Стороны, т.е. Россия и США, договорились. Далее.", []string{"Стороны, т.е. Россия и США, договорились.", "Далее."}},
		{"т.д. lower", "Санкции, пошлины и т.д. не обсуждались. Всё.", []string{"Санкции, пошлины и т.д. не обсуждались.", "Всё."}},
		{"т.д. at end", "Обсуждались санкции, пошлины и т.д. Президенты попрощались.", []string{"Обсуждались санкции, пошлины и т.д.", "Президенты попрощались."}},
		{"г. city", "Встреча прошла в г. Москва. Всё.", []string{"Встреча прошла в г. Москва.", "Всё."}},
		{"г. year at end", "Договор подписан в 2025 г. Президенты довольны.", []string{"Договор подписан в 2025 г.", "Президенты довольны."}},
		{"ru initial", "Помощник Президента Ю. Ушаков сообщил об этом. Конец.", []string{"Помощник Президента Ю. Ушаков сообщил об этом.", "Конец."}},
		{"numbers", "Growth was 1.5 percent, pi is 3.14 and 1,5 is Russian. Fine.", []string{"Growth was 1.5 percent, pi is 3.14 and 1,5 is Russian.", "Fine."}},
		{"number end", "They spoke for 90 min. in 2025. The end.", []string{"They spoke for 90 min. in 2025.", "The end."}},
		{"quote after period", `He said "it is over." Then he left.`, []string{`He said "it is over."`, "Then he left."}},
		{"guillemet after period", "Он сказал: «Всё кончено.» Потом ушёл.", []string{"Он сказал: «Всё кончено.»", "Потом ушёл."}},
		{"bracket after period", "They agreed (on paper.) Then left.", []string{"They agreed (on paper.)", "Then left."}},
		{"question exclamation", "Really?! Yes! Why? Because.", []string{"Really?!", "Yes!", "Why?", "Because."}},
		{"ellipsis", "They waited… Then they spoke... And left.", []string{"They waited…", "Then they spoke...", "And left."}},
		{"ellipsis lower", "They waited… and waited.", []string{"They waited… and waited."}},
		{"direct speech", "«Что дальше?» — спросил он. Ответа не было.", []string{"«Что дальше?» — спросил он.", "Ответа не было."}},
		{"paragraph break", "No full stop here\n\nNext paragraph.", []string{"No full stop here", "Next paragraph."}},
		{"paragraph break after abbreviation", "Meeting with Mr.\n\nSmith.", []string{"Meeting with Mr.", "Smith."}},
		{"heading", "Readout of the Call\n\nThe President spoke. He left.", []string{"Readout of the Call", "The President spoke.", "He left."}},
		{"heading with emoji", "🇷🇺🇺🇸 Телефонный разговор\n\nСостоялся разговор.", []string{"🇷🇺🇺🇸 Телефонный разговор", "Состоялся разговор."}},
		{"blank line with spaces", "Title\n   \t\nBody.", []string{"Title", "Body."}},
		{"crlf", "Title\r\n\r\nBody one. Body two.", []string{"Title", "Body one.", "Body two."}},
		{"signature", "Условлено продолжить контакты.\n\nПомощник Президента Ю. Ушаков", []string{"Условлено продолжить контакты.", "Помощник Президента Ю. Ушаков"}},
		{"single newline heading", "Readout\nThe President spoke.", []string{"Readout", "The President spoke."}},
		{"hard wrapped", "The President made clear that the killing in\nUkraine has to stop and that the United\nStates expects serious steps toward a\nceasefire. No agreements were reached.",
			[]string{"The President made clear that the killing in\nUkraine has to stop and that the United\nStates expects serious steps toward a\nceasefire.", "No agreements were reached."}},
		{"bullets", "Topics:\n- Ukraine\n- Iran\n1. Trade", []string{"Topics:", "- Ukraine", "- Iran", "1. Trade"}},
		{"list label", "1. First point here\n\n2. Second point.", []string{"1. First point here", "2. Second point."}},
		{"url", "See kremlin.ru for more. Done.", []string{"See kremlin.ru for more.", "Done."}},
		{"no trailing terminator", "One. Two", []string{"One.", "Two"}},
		{"paragraph separator", "One\u2029Two", []string{"One", "Two"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := sentenceTexts(t, tc.in)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestSentencesSample: the sample readouts split where a reader would.
func TestSentencesSample(t *testing.T) {
	got := sentenceTexts(t, sampleRU)
	if len(got) != 9 || got[8] != "Помощник Президента Ю. Ушаков" || got[2] != "Беседа продолжалась 1 час 25 минут." {
		t.Errorf("Kremlin sample: %q", got)
	}
	got = sentenceTexts(t, sampleEN)
	if len(got) != 7 || got[0] != "Readout of President Trump's Call with President Putin of Russia" {
		t.Errorf("White House sample: %q", got)
	}
}

// checkSpans is the invariant of Sentences: spans within [0, n], non-empty,
// ordered, non-overlapping, trimmed.
func checkSpans(t testing.TB, text string) {
	spans := Sentences(text)
	rs := []rune(text)
	n := utf8.RuneCountInString(text)
	if len(rs) != n {
		t.Fatalf("rune count mismatch")
	}
	prev := 0
	for _, sp := range spans {
		if sp.Start < prev || sp.End <= sp.Start || sp.End > n {
			t.Fatalf("bad span %v after %d in text of %d code points: %q", sp, prev, n, text)
		}
		if isSpace(rs[sp.Start]) || isSpace(rs[sp.End-1]) {
			t.Fatalf("span %v not trimmed: %q", sp, string(rs[sp.Start:sp.End]))
		}
		prev = sp.End
	}
	for i := 0; i < n; i++ { // every non-space code point is in a span
		if isSpace(rs[i]) {
			continue
		}
		k, _ := slices.BinarySearchFunc(spans, i, func(sp Span, p int) int {
			switch {
			case sp.End <= p:
				return -1
			case sp.Start > p:
				return 1
			}
			return 0
		})
		if k >= len(spans) || spans[k].Start > i || spans[k].End <= i {
			t.Fatalf("code point %d (%q) is in no sentence: %q", i, rs[i], text)
		}
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{
		"", ".", "..", "?!", "\n\n", "\r\n\r\n", "Mr. Smith. U.S. The", "1. Item\n2. Item",
		sampleRU, sampleEN, "«Что?» — спросил он.", "a.\u2029b", "\xff. \xfe\n\n.", "- a\n- b",
		"т.д. Президенты", "в 2025 г. Москва", "x\n\ty\nz\nw\nv",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSpans(t, s)
		b := s[len(s)/2:]
		res := Align(s, b)
		// One-sided clauses lie inside their text and are not empty.
		for _, c := range []struct {
			spans []Span
			n     int
		}{{res.RestA, len([]rune(s))}, {res.RestB, len([]rune(b))}} {
			for _, sp := range c.spans {
				if sp.Start < 0 || sp.Start >= sp.End || sp.End > c.n {
					t.Fatalf("clause %v out of its text (%d code points)", sp, c.n)
				}
			}
		}
	})
}
