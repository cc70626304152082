package align

import (
	"strings"
	"sync"
)

// Cognates across scripts. Russian and Ukrainian diplomatic vocabulary is
// full of words shared with English (стратегический/strategic,
// стабильность/stability, санкции/sanctions) that no dictionary of the size
// we can ship will list. Between an English and a Cyrillic readout every
// word the dictionary does not know is transliterated to Latin and reduced
// to a cognate key, and the two sides meet on equal keys.
//
// Transliteration follows ISO 9:1995 (= GOST 7.79 System A), one Latin
// letter per Cyrillic letter, Russian and Ukrainian letters of its table 1
// (as tabulated on https://en.wikipedia.org/wiki/ISO_9, 1995 column):
// а a, б b, в v, г g, ґ g̀, д d, е e, ё ë, є ê, ж ž, з z, и i, і ì, ї ï,
// й j, к k, л l, м m, н n, о o, п p, р r, с s, т t, у u, ф f, х h, ц c,
// ч č, ш š, щ ŝ, ъ ʺ, ы y, ь ʹ, э è, ю û, я â. The hard and soft signs
// are left out (cognateKey would skip them anyway), and ґ is written g
// (ISO 9's g̀ is g with a combining grave: the key drops the mark).
const iso9Table = "аa бb вv гg ґg дd еe ёë єê жž зz иi іì їï йj кk лl мm нn оo пp рr сs тt уu фf хh цc чč шš щŝ ъ ыy ь эè юû яâ"

var (
	translitOnce sync.Once
	translitMap  map[rune]string
)

// transliterate writes a lower-case Cyrillic word in Latin letters (ISO 9
// without diacritics); other letters pass through.
func transliterate(w string) string {
	translitOnce.Do(func() {
		translitMap = map[rune]string{}
		for _, f := range strings.Fields(iso9Table) {
			rs := []rune(f)
			translitMap[rs[0]] = string(rs[1:])
		}
	})
	var b strings.Builder
	for _, r := range w {
		if s, ok := translitMap[r]; ok {
			b.WriteString(s)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cognateKey reduces a stemmed Latin word (English, or transliterated by
// transliterate) to the consonant skeleton that English words and
// transliterated Russian or Ukrainian words share: a leading vowel as "a",
// then the first four consonants, diacritics dropped (č as k, so that
// "-ический" meets "-ic"; š, ž, ŝ as s), s and z merged, English c as k
// (as s before e, i, y), Cyrillic ц (ISO 9 c) as t so that "-tion" meets
// "-ция", English h and w dropped (ch is then k), Cyrillic х as k,
// doubled letters collapsed; four letters in all. "stability" and
// "стабильности" give "~stbl", "sanctions" and "санкций" "~snkt",
// "economic" and "экономический" "~aknm". A word with a shorter skeleton
// is too weak to trust: ok is false.
func cognateKey(w string, cyr bool) (key string, ok bool) {
	rs := []rune(w)
	out := make([]rune, 0, 4)
	var last rune
	for i := 0; i < len(rs) && len(out) < 4; i++ {
		c := rs[i]
		var next rune
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'j', 'ë', 'ê', 'ì', 'ï', 'è', 'û', 'â':
			if len(out) == 0 {
				out = append(out, 'a')
			}
			last = 0 // a vowel between two equal consonants keeps both
			continue
		case 'h':
			if !cyr { // English h is in digraphs (ch, th, sh) or silent
				continue
			}
			c = 'k' // х: техн- meets techn-, хим- chem-
		case 'w':
			continue
		case 'c':
			switch {
			case cyr:
				c = 't'
			case next == 'e' || next == 'i' || next == 'y':
				c = 's'
			default:
				c = 'k'
			}
		case 'č', 'q':
			c = 'k'
		case 'z', 'š', 'ž', 'ŝ':
			c = 's'
		case 'x':
			c = 'k' // ks: the s would rarely fit in the four letters
		}
		if c < 'a' || c > 'z' {
			continue
		}
		if c == last {
			continue
		}
		out = append(out, c)
		last = c
	}
	if len(out) < 4 {
		return "", false
	}
	return "~" + string(out), true
}
