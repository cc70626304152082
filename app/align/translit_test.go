package align

import "testing"

func TestCognateKey(t *testing.T) {
	key := func(w string) string {
		cyr := isCyrillicWord(w)
		s := stem(w)
		if cyr {
			s = transliterate(s)
		}
		k, _ := cognateKey(s, cyr)
		return k
	}
	same := [][2]string{
		{"strategic", "стратегической"},
		{"stability", "стабильности"},
		{"terrorism", "терроризмом"},
		{"sanctions", "санкций"},
		{"economic", "экономический"},
		{"infrastructure", "інфраструктури"},
		{"operation", "операция"},
		{"president", "президентом"},
		{"technical", "технических"},
		{"critical", "критичних"},
		{"minerals", "мінералів"},
	}
	for _, p := range same {
		if a, b := key(p[0]), key(p[1]); a == "" || a != b {
			t.Errorf("%s → %q, %s → %q: want one key", p[0], a, p[1], b)
		}
	}
	differ := [][2]string{
		{"strategic", "стабильности"},
		{"sanctions", "санитарный"},
		{"prisoners", "присоединение"},
	}
	for _, p := range differ {
		if a, b := key(p[0]), key(p[1]); a == b {
			t.Errorf("%s and %s share the key %q", p[0], p[1], a)
		}
	}
	if k, ok := cognateKey("war", false); ok {
		t.Errorf("two consonants gave key %q", k)
	}
	if got := transliterate("щука"); got != "ŝuka" {
		t.Errorf("transliterate(щука) = %q", got)
	}
}
