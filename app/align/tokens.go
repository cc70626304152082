package align

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"framecheck/app/internal/order"
)

// Token normalisation. A sentence becomes a bag of tokens that mean the same
// thing in English and Russian wherever that is cheap to know:
//
//   - words are case folded (ё = е), split at hyphens, possessive "'s" dropped,
//     dotted acronyms joined ("U.S." = "US");
//   - function words of both languages are dropped;
//   - numbers are canonical digit strings: "90", "ninety", "девяносто",
//     "девяноста" are all "90"; "1,5" = "1.5"; "20,000" and "20 000" (with a
//     no-break or thin space) = "20000"; ordinal suffixes go ("250th",
//     "250-летием" gives "250" and the word "летием");
//   - durations become minute counts: "1 hour and 25 minutes",
//     "1 час 25 минут", "85 minutes" are all "⌚=85"; each duration also
//     gives "⌚~90" (rounded to a quarter hour, so "ninety minutes" and
//     "1 час 25 минут" still meet) and "⌚" (some duration was stated);
//   - other words are stemmed crudely (English: plural, -ed, -ing, final e;
//     Russian: the longest common case, number, gender or verb ending, the
//     reflexive -ся) and then looked up in a small bilingual dictionary of
//     the domain (concepts), single words and two-word terms ("United
//     States" = "Соединённые Штаты" = "США" = "US").
//
// Tokens of a concept start with "@"; they and numbers are the only tokens
// an English and a Russian sentence can share.

// rawWord is a word or a number as found in the text.
type rawWord struct {
	s    string // lower case, ё folded; canonical digits for numbers
	num  bool
	caps bool // written in capitals, two letters or more ("US", "NATO")
}

// words cuts rs into raw words.
func words(rs []rune) []rawWord {
	var out []rawWord
	n := len(rs)
	var b []rune
	isDigit := func(i int) bool { return i < n && rs[i] >= '0' && rs[i] <= '9' }
	for i := 0; i < n; {
		r := rs[i]
		switch {
		case isDigit(i):
			b = b[:0]
			for {
				for isDigit(i) {
					b = append(b, rs[i])
					i++
				}
				if (rs[min(i, n-1)] == '.' || rs[min(i, n-1)] == ',') && i < n && isDigit(i+1) {
					if rs[i] == ',' && isDigit(i+3) && !isDigit(i+4) {
						i++ // thousands separator: 20,000
						continue
					}
					b = append(b, '.') // decimal: 1.5, 1,5
					i++
					continue
				}
				// "20 000" with a no-break, thin or narrow no-break space.
				if i < n && (rs[i] == '\u00a0' || rs[i] == '\u2009' || rs[i] == '\u202f') &&
					isDigit(i+3) && isDigit(i+2) && isDigit(i+1) && !isDigit(i+4) {
					i++
					continue
				}
				break
			}
			out = append(out, rawWord{s: canonNumber(string(b)), num: true})
			// Ordinal suffixes glued to the number: 250th, 1st, 3rd, 1990s.
			j := i
			for j < n && unicode.IsLetter(rs[j]) {
				j++
			}
			switch strings.ToLower(string(rs[i:j])) {
			case "th", "st", "nd", "rd", "s":
				i = j
			}
		case unicode.IsLetter(r):
			b = b[:0]
			caps := true
			part := 0 // letters since the start or the last acronym dot
		word:
			for i < n {
				c := rs[i]
				switch {
				case unicode.IsLetter(c) || unicode.IsMark(c):
					if unicode.IsLower(c) {
						caps = false
					}
					b = append(b, c)
					part++
					i++
				case c == '.' && part == 1 && i+1 < n && unicode.IsLetter(rs[i+1]) &&
					(i+2 >= n || !unicode.IsLetter(rs[i+2])):
					// Dotted acronym: U.S., U.S.A., e.g., т.е.
					part = 0
					i++
				case (c == '\'' || c == '’') && i+1 < n && unicode.IsLetter(rs[i+1]):
					if (rs[i+1] == 's' || rs[i+1] == 'S') && (i+2 >= n || !unicode.IsLetter(rs[i+2])) {
						i += 2 // possessive
						break word
					}
					i++ // "don't", "O'Brien"
				default:
					break word
				}
			}
			w := strings.ReplaceAll(strings.ToLower(string(b)), "ё", "е")
			out = append(out, rawWord{s: w, caps: caps && len(b) >= 2})
		default:
			i++
		}
	}
	// Drop short Russian endings glued to numbers by a hyphen: "250-й",
	// "2026 г.".
	k := 0
	for j, w := range out {
		if j > 0 && out[j-1].num && !w.num && utf8.RuneCountInString(w.s) <= 2 && isCyrillicWord(w.s) &&
			!stopwords[w.s] && !hourUnits[w.s] && !minuteUnits[w.s] {
			continue
		}
		out[k] = w
		k++
	}
	return out[:k]
}

// canonNumber strips leading zeros and trailing fractional zeros.
func canonNumber(s string) string {
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return s
}

func isCyrillicWord(w string) bool {
	for _, r := range w {
		return unicode.Is(unicode.Cyrillic, r)
	}
	return false
}

// Number words, lower case.
var numberWords = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
	"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
	"eighty": 80, "ninety": 90, "hundred": 100,

	"один": 1, "одна": 1, "одно": 1, "одного": 1, "одной": 1, "одну": 1,
	"два": 2, "две": 2, "двух": 2, "три": 3, "трех": 3, "четыре": 4,
	"четырех": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7,
	"семи": 7, "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9,
	"десять": 10, "десяти": 10, "одиннадцать": 11, "двенадцать": 12,
	"тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15,
	"пятнадцати": 15, "шестнадцать": 16, "семнадцать": 17,
	"восемнадцать": 18, "девятнадцать": 19, "двадцать": 20, "двадцати": 20,
	"тридцать": 30, "тридцати": 30, "сорок": 40, "сорока": 40,
	"пятьдесят": 50, "пятидесяти": 50, "шестьдесят": 60, "шестидесяти": 60,
	"семьдесят": 70, "семидесяти": 70, "восемьдесят": 80,
	"восьмидесяти": 80, "девяносто": 90, "девяноста": 90, "сто": 100,
	"ста": 100, "двести": 200, "двухсот": 200, "триста": 300, "трехсот": 300,
	"полтора": 1.5, "полторы": 1.5, "полутора": 1.5,
}

var (
	hourUnits   = setOf("hour", "hours", "hr", "hrs", "h", "час", "часа", "часов", "часу", "ч")
	minuteUnits = setOf("minute", "minutes", "min", "mins", "минута", "минуты", "минут", "минуту", "мин")
)

// parseNumber reads a number (digits or number words) at ws[p]; it returns
// the value and the index after it, or ok false.
func parseNumber(ws []rawWord, p int) (v float64, q int, ok bool) {
	if p >= len(ws) {
		return 0, p, false
	}
	if ws[p].num {
		f, err := strconv.ParseFloat(ws[p].s, 64)
		if err != nil {
			return 0, p, false
		}
		return f, p + 1, true
	}
	last := 0.0
	q = p
	for ; q < len(ws); q++ {
		w := ws[q].s
		f, isNum := numberWords[w]
		switch {
		case !isNum:
		case q == p && w != "hundred":
			v, last = f, f
			continue
		case w == "hundred" && v >= 1 && v < 10 && last == v:
			v *= 100
			last = 100
			continue
		case last >= 100 && math.Mod(last, 100) == 0 && f < 100 && f >= 1,
			last >= 20 && last < 100 && math.Mod(last, 10) == 0 && f < 10 && f >= 1:
			v += f
			last = f
			continue
		}
		break
	}
	return v, q, q > p
}

// parseDuration reads a duration at ws[p]: "1 hour and 25 minutes",
// "1 час 25 минут", "ninety minutes", "an hour and a half", "полтора часа",
// "half an hour", "полчаса". It returns minutes and the index after it.
func parseDuration(ws []rawWord, p int) (mins float64, q int, ok bool) {
	at := func(i int) string {
		if i < len(ws) {
			return ws[i].s
		}
		return ""
	}
	switch {
	case at(p) == "полчаса":
		return 30, p + 1, true
	case at(p) == "half" && (at(p+1) == "an" || at(p+1) == "a") && hourUnits[at(p+2)]:
		return 30, p + 3, true
	}
	v, q, ok := parseNumber(ws, p)
	if !ok && (at(p) == "an" || at(p) == "a") && hourUnits[at(p+1)] {
		v, q, ok = 1, p+1, true
	}
	if !ok {
		return 0, p, false
	}
	switch {
	case minuteUnits[at(q)]:
		return v, q + 1, true
	case hourUnits[at(q)]:
		mins, q = v*60, q+1
		// "and a half", "с половиной"
		if at(q) == "and" && at(q+1) == "a" && at(q+2) == "half" {
			return mins + 30, q + 3, true
		}
		if at(q) == "с" && at(q+1) == "половиной" {
			return mins + 30, q + 2, true
		}
		r := q
		if at(r) == "and" || at(r) == "и" {
			r++
		}
		if m, s, ok := parseNumber(ws, r); ok && minuteUnits[at(s)] {
			return mins + m, s + 1, true
		}
		return mins, q, true
	}
	return 0, p, false
}

// tokenize turns one sentence into tokens, appended to out.
func tokenize(rs []rune, out []string) []string {
	out, _ = tokenizeMode(rs, out, false)
	return out
}

// tokenizeMode is tokenize; with cross (the two readouts are in different
// scripts) every word that is neither a concept nor a number becomes its
// cognate key (translit.go) instead of its stem, so that "strategic" and
// "стратегической" meet. Between two readouts in one script stems are the
// better evidence, so cross is off there. neg reports whether the
// sentence is negated (see negated), from the same words.
func tokenizeMode(rs []rune, out []string, cross bool) (toks []string, neg bool) {
	loadDictionary()
	ws := words(rs)
	neg = negatedWords(ws)
	// Stems, with numbers and durations already canonical.
	stems := make([]string, 0, len(ws))
	for p := 0; p < len(ws); {
		if m, q, ok := parseDuration(ws, p); ok {
			stems = append(stems, "⌚", "⌚~"+strconv.Itoa(int(math.Round(m/15))*15), "⌚="+strconv.FormatFloat(m, 'f', -1, 64))
			p = q
			continue
		}
		if v, q, ok := parseNumber(ws, p); ok {
			stems = append(stems, strconv.FormatFloat(v, 'f', -1, 64))
			p = q
			continue
		}
		w := ws[p]
		p++
		if w.caps {
			if c, ok := acronyms[w.s]; ok {
				stems = append(stems, c)
				continue
			}
		}
		if stopwords[w.s] {
			continue
		}
		stems = append(stems, stem(w.s))
	}
	for i := 0; i < len(stems); i++ {
		s := stems[i]
		if i+1 < len(stems) {
			if c, ok := bigrams[[2]string{s, stems[i+1]}]; ok {
				out = append(out, c)
				i++
				continue
			}
		}
		if c, ok := concepts[s]; ok {
			out = append(out, c)
			continue
		}
		if cross && s != "" && s[0] != '@' && !strings.HasPrefix(s, "⌚") && (s[0] < '0' || s[0] > '9') {
			cyr := isCyrillicWord(s)
			lat := s
			if cyr {
				lat = transliterate(s)
			}
			if k, ok := cognateKey(lat, cyr); ok {
				out = append(out, k)
				continue
			}
		}
		out = append(out, s)
	}
	return out, neg
}

// ukFold maps the letters of Ukrainian that Russian lacks to their Russian
// counterparts in the common cognates (і, ї → и; є → е; ґ → г; the
// apostrophe goes; the adjective suffix -ськ- → -ск-), so that one
// Russian stem and one dictionary entry serve both languages: "України"
// and "Украины" both stem to "украин".
var ukFold = strings.NewReplacer("і", "и", "ї", "и", "є", "е", "ґ", "г", "'", "", "’", "", "ськ", "ск")

// ukEndings map Ukrainian case endings (with letters Russian lacks, so no
// Russian word is touched) to the Russian ones the stemmer strips:
// genitive plural "ударів" = "ударов", feminine genitive "великої" =
// "великой".
var ukEndings = [][2]string{{"ів", "ов"}, {"їв", "ев"}, {"ої", "ой"}, {"ії", "ии"}}

// stem picks the stemmer by script.
func stem(w string) string {
	if w == "" || w[0] == '@' || strings.HasPrefix(w, "⌚") {
		return w
	}
	if isCyrillicWord(w) {
		for _, e := range ukEndings {
			if strings.HasSuffix(w, e[0]) && utf8.RuneCountInString(w) > 4 {
				w = strings.TrimSuffix(w, e[0]) + e[1]
				break
			}
		}
		return stemRU(ukFold.Replace(w))
	}
	if w[0] < 0x80 {
		return stemEN(w)
	}
	return w
}

// stemEN is a light English stemmer: plurals, -ed, -ing, a final e. Enough
// for "talks"/"talked", "sanctions", "agreed"/"agree", "leaders".
func stemEN(w string) string {
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		w = w[:n-3] + "y"
	case n > 4 && strings.HasSuffix(w, "sses"):
		w = w[:n-2]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:n-1]
	}
	n = len(w)
	stripped := false
	switch {
	case n > 5 && strings.HasSuffix(w, "ing"):
		w, stripped = w[:n-3], true
	case n > 4 && strings.HasSuffix(w, "ied"):
		w = w[:n-3] + "y"
	case n > 4 && strings.HasSuffix(w, "ed"):
		w, stripped = w[:n-2], true
	}
	n = len(w)
	if stripped && n >= 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouylsz", rune(w[n-1])) {
		w = w[:n-1] // stopped -> stop
	}
	if n = len(w); n > 4 && w[n-1] == 'e' {
		w = w[:n-1]
	}
	return w
}

// Russian endings, longest first within the list so that the first match is
// the longest one.
var ruEndings = func() [][]rune {
	list := []string{
		"иями", "ями", "ами", "иях", "иям", "ией", "ием",
		"ого", "его", "ому", "ему", "ыми", "ими", "ала", "ила", "ыла", "ела",
		"али", "или", "ыли", "ели", "ало", "ило", "ать", "ять", "ить", "еть",
		"уть", "ует", "уют", "ают", "яют", "ешь", "ишь",
		"ях", "ах", "ям", "ам", "ой", "ей", "ий", "ый", "ая", "яя", "ое", "ее",
		"ые", "ие", "ую", "юю", "ых", "их", "ым", "им", "ом", "ем", "ов", "ев",
		"ью", "ия", "ии", "ию", "ья", "ье", "ьи", "ет", "ут", "ют", "ит", "ат",
		"ят", "ал", "ил", "ел", "ыл",
		"а", "я", "о", "е", "и", "ы", "у", "ю", "ь", "й",
	}
	out := make([][]rune, len(list))
	for i, e := range list {
		out[i] = []rune(e)
	}
	order.StableFunc(out, func(x, y []rune) int { return len(y) - len(x) })
	return out
}()

// stemRU strips the reflexive -ся/-сь and then the longest common ending,
// keeping at least three letters. Crude on purpose: it only has to map the
// case forms of the same word to the same stem ("Украина", "Украины",
// "Украине", "Украиной" give "украин").
func stemRU(w string) string {
	r := []rune(w)
	const minStem = 3
	if len(r) > minStem+2 && r[len(r)-2] == 'с' && (r[len(r)-1] == 'я' || r[len(r)-1] == 'ь') {
		r = r[:len(r)-2]
	}
	for _, e := range ruEndings {
		if len(r)-len(e) >= minStem && hasRuneSuffix(r, e) {
			r = r[:len(r)-len(e)]
			break
		}
	}
	return string(r)
}

func hasRuneSuffix(r, suf []rune) bool {
	if len(suf) > len(r) {
		return false
	}
	for i := range suf {
		if r[len(r)-len(suf)+i] != suf[i] {
			return false
		}
	}
	return true
}

var stopwords = setOf(
	// English
	"a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by",
	"for", "with", "from", "as", "that", "this", "these", "those", "it",
	"its", "is", "are", "was", "were", "be", "been", "being", "has", "have",
	"had", "will", "would", "shall", "should", "can", "could", "may",
	"might", "must", "do", "does", "did", "not", "no", "so", "than", "then",
	"there", "their", "they", "them", "he", "she", "his", "her", "him", "we",
	"our", "us", "you", "your", "i", "my", "me", "also", "which", "who",
	"whom", "whose", "what", "when", "where", "while", "both", "all", "any",
	"each", "other", "such", "into", "about", "over", "after", "before",
	"during", "between", "through", "toward", "towards", "up", "out",
	"very", "more", "most", "some", "eg", "ie", "etc", "mr", "mrs", "ms",
	"s", "well", "including", "own", "only", "just", "further",
	// Russian
	"и", "в", "во", "не", "что", "он", "на", "я", "с", "со", "как", "а",
	"то", "все", "она", "так", "его", "но", "да", "ты", "к", "у",
	"же", "вы", "за", "бы", "по", "только", "ее", "мне", "было", "вот",
	"от", "меня", "еще", "нет", "о", "из", "ему", "когда", "даже", "ли",
	"если", "уже", "или", "ни", "быть", "был", "него", "до", "вас", "там",
	"себя", "ей", "может", "они", "тут", "где", "есть", "ней", "для", "мы",
	"их", "чем", "была", "сам", "чтобы", "без", "чего", "тоже", "себе",
	"под", "будет", "ж", "тогда", "кто", "этот", "того", "потому", "этого",
	"какой", "ним", "здесь", "этом", "тем", "нее", "были", "можно", "при",
	"об", "хоть", "после", "над", "больше", "тот", "через", "эти", "нас",
	"про", "всего", "них", "эту", "этой", "перед", "том", "такой", "им",
	"более", "всех", "между", "также", "лишь", "это", "этих", "те", "тд",
	"тп", "ряд", "весь", "свой", "своей", "своих", "который", "которые",
	"которой", "котором", "которых", "именно", "кроме",
	// Ukrainian (the forms that differ from the Russian ones)
	"та", "з", "із", "зі", "й", "і", "у", "що", "як", "від", "щодо",
	"також", "це", "цей", "ця", "ці", "його", "її", "їх", "вони", "він",
	"вона", "але", "або", "чи", "ні", "вже", "ще", "лише", "тільки", "між",
	"після", "своїх", "свій", "своєї", "який", "яка", "які", "яке",
	"зокрема", "було", "був", "була", "були", "буде", "окремо",
)

// acronyms written in capitals; checked before the stop words so that "US"
// is the country and "us" the pronoun.
var acronyms = map[string]string{
	"us": "@usa", "usa": "@usa", "сша": "@usa", "uk": "@uk", "eu": "@eu",
	"ес": "@eu", "un": "@un", "оон": "@un", "nato": "@nato", "нато": "@nato",
}

// conceptTable lists the surface forms of each concept in both languages,
// one concept a line ("concept: form|form|…"); two words make a two-word
// term. Forms are stemmed (on the first alignment) with the same stemmers
// as the text, so listing the dictionary form and the odd irregular form is
// enough. It is text, not a map literal of slices: that compiles to an init
// function costing far more bytes in app.wasm than the strings themselves.
const conceptTable = `
putin: putin|путин
trump: trump|трамп
vladimir: vladimir|владимир
donald: donald|дональд
biden: biden|байден
zelensky: zelenskyy|zelensky|zelenskiy|зеленский|зеленского|зеленским
ushakov: ushakov|ушаков
lavrov: lavrov|лавров
rubio: rubio|рубио
witkoff: witkoff|уиткофф
dmitriev: dmitriev|дмитриев
vance: vance|вэнс|вэнса
netanyahu: netanyahu|нетаньяху
erdogan: erdogan|эрдоган
ukraine: ukraine|ukrainian|ukrainians|украина|украины|украине|украину|украинский|украинской|украинского|украинские|украинских|украинцы
russia: russia|russian|russians|россия|россии|российский|российская|российской|российского|российские|российских|россияне|рф
usa: united states|america|american|americans|соединенные штаты|соединенных штатов|америка|американский|американская|американской|американского|американские|американцы|американских
europe: europe|european|europeans|европа|европейский|европейские|европейских|европейцы|европейской|европейского
kyiv: kyiv|kiev|киев|киева|киеву|киевом|киевский|киевского|киевские|киевских|киевского режима
moscow: moscow|москва|москвы
washington: washington|вашингтон
kremlin: kremlin|кремль|кремля
whitehouse: white house|белый дом|белого дома
iran: iran|iranian|иран|иранский|иранская|иранскую|иранской|иранского|тегеран|tehran
israel: israel|israeli|израиль|израиля|израильский
gaza: gaza|gaza strip|сектор газа
syria: syria|syrian|сирия|сирии|сирийский
china: china|chinese|китай|китая|китайский
turkey: turkey|turkish|турция|турции|турецкий
india: india|indian|индия|индии
venezuela: venezuela|венесуэла|венесуэлы
alaska: alaska|аляска|аляске|anchorage|анкоридж
budapest: budapest|будапешт
istanbul: istanbul|стамбул
riyadh: riyadh|эр-рияд|saudi|саудовская|саудовской
crimea: crimea|крым|крыма
donbas: donbas|donbass|донбасс|donetsk|донецк|luhansk|луганск
zaporizhzhia: zaporizhzhia|запорожье|запорожская|запорожской
mideast: middle east|ближний восток|ближнем востоке|ближневосточный|ближневосточного
blacksea: black sea|черное море|черном море
ceasefire: ceasefire|truce|cease fire|перемирие|перемирия|прекращение огня|прекращения огня
sanction: sanction|sanctions|санкции|санкций|санкционный|санкционного|санкционные
call: call|phone|telephone|conversation|spoke|speak|разговор|разговора|телефонный|телефонного|беседа|беседы|звонок|созвонились
negotiate: negotiation|negotiations|negotiate|talks|переговоры|переговоров|переговорный
president: president|presidential|leader|leaders|президент|президента|президенты|президентский|лидер|лидеры|глава|главы
discuss: discuss|discussed|discussion|обсудили|обсудил|обсуждение|обсуждали|обсуждался|обсуждены|обсуждена|обсуждать
trade: trade|commerce|commercial|торговля|торговли|торговый|торговое|торгово|торговых
economy: economic|economy|economies|экономический|экономического|экономика|экономики|экономическое|экономических
cooperate: cooperation|cooperate|collaboration|сотрудничество|сотрудничества|сотрудничать
congrat: congratulated|congratulate|congratulations|поздравил|поздравила|поздравление|поздравления|поздравить
independence: independence|независимость|независимости
anniversary: anniversary|летие|летием|летия|годовщина|годовщины|юбилей
holiday: holiday|праздник|праздником|праздника
people: people|nation|народ|народа|народу
conflict: conflict|war|warfare|fighting|hostilities|конфликт|конфликта|война|войны|боевые действия|боевых действий
settle: settlement|resolution|resolve|урегулирование|урегулирования|урегулировать
peace: peace|peaceful|мир|мира|мирный|мирного|мирное
agree: agreement|agreements|deal|agree|agreed|договоренность|договоренности|договоренностей|соглашение|соглашения|договорились|условлено|согласились
contact: contact|contacts|контакт|контакты|контактов
continue: continue|continued|продолжить|продолжать|продолжение|продолжалась|продолжался|продолжили
level: level|levels|уровень|уровнях|уровне
meet: meeting|meet|summit|встреча|встречи|встретиться|саммит|саммита
visit: visit|визит|визита
team: team|teams|delegation|delegations|команда|команды|делегация|делегации
security: security|безопасность|безопасности
nuclear: nuclear|ядерный|ядерного|ядерной|ядерное
energy: energy|энергетический|энергетика|энергетической|энергетических|энергетики
infrastructure: infrastructure|инфраструктура|инфраструктуры
strike: strike|strikes|attack|attacks|удар|удары|ударов|атака|атаки
drone: drone|drones|беспилотник|беспилотники|беспилотников|дрон|дроны
prisoner: prisoner|prisoners|captive|пленный|пленных|пленные|военнопленные|военнопленных
exchange: exchange|swap|обмен|обмена|обменяться
humanitarian: humanitarian|гуманитарный|гуманитарной|гуманитарных|гуманитарного
situation: situation|ситуация|ситуации|положение|положения
side: side|sides|сторона|стороны|стороной|сторон
killing: killing|bloodshed|deaths|кровопролитие|кровопролития|гибель|убийства
stop: stop|end|halt|прекратить|прекращение|остановить|остановка|положить конец
step: step|steps|measure|measures|шаг|шаги|шагов|меры|мер
serious: serious|серьезный|серьезные|серьезных
frank: frank|candid|откровенный|откровенного
businesslike: businesslike|деловой|делового
constructive: constructive|productive|конструктивный|конструктивного|конструктивном|продуктивный
initiative: initiative|request|инициатива|инициативе|инициативы|просьбе
thank: thanked|thank|thanks|gratitude|поблагодарил|благодарность|благодарил
invite: invited|invite|invitation|пригласил|приглашение
condolence: condolences|condolence|соболезнования|соболезнование
terror: terrorist|terrorism|террористический|терроризм|теракт|теракта
oil: oil|нефть|нефти
grain: grain|food|зерно|зерна|продовольствие
rootcause: root cause|root causes|первопричины|первопричин|коренные причины|коренных причин
eliminate: eliminate|elimination|устранение|устранении|устранить
partner: partner|partners|партнер|партнеры|партнеров|партнерами
day: day|days|день|дня|дни|дней
today: today|сегодня
week: week|weeks|неделя|недели|неделе
envoy: envoy|спецпосланник|посланник|спецпредставитель
secstate: secretary of state|госсекретарь|госсекретаря
minister: minister|министр|министра
aide: aide|adviser|advisor|помощник|помощника|советник
military: military|troops|army|военный|военные|военных|войска|армия
territory: territory|territorial|territories|территория|территории|территориальный|территориальные
weapon: weapon|weapons|arms|оружие|оружия|вооружения
missile: missile|missiles|ракета|ракеты|ракет
relation: relations|relationship|ties|отношения|отношений
bilateral: bilateral|двусторонний|двусторонних|двусторонней|двустороннего
normalize: normalization|normalize|нормализация|нормализации
restore: restore|restoration|восстановление|восстановления|восстановить
embassy: embassy|embassies|посольство|посольств|посольства
diplomat: diplomat|diplomats|diplomatic|дипломат|дипломаты|дипломатический|дипломатических
investment: investment|investments|investor|инвестиции|инвестиций
business: business|businesses|бизнес|бизнеса
project: project|projects|проект|проекты|проектов
space: space|космос|космосе|космический
arctic: arctic|арктика|арктике
perspective: prospect|prospects|перспектива|перспективы
stress: stressed|emphasized|underscored|underlined|подчеркнул|подчеркнула|подчеркнули
note: noted|отметил|отметила|отметили
expect: expect|expects|expected|ожидает|рассчитывает|ожидают
possible: possible|возможно|возможен|возможным
lasting: lasting|durable|sustainable|прочное|прочный|долгосрочное|устойчивый|устойчивое
soon: soon|shortly|вскоре|ближайшее время
future: future|coming|будущее|ближайшие
hour: hour|hours|час|часа|часов
minute: minute|minutes|минута|минуты|минут
world: world|global|мировой|мирового|глобальный
threat: threat|угроза|угрозы
election: election|elections|выборы|выборов
region: region|regional|регион|региона|региональный
border: border|граница|границы
civilian: civilian|civilians|мирные жители|мирных жителей
child: child|children|ребенок|дети|детей
return: return|возвращение|вернуть
sovereignty: sovereignty|суверенитет|суверенитета
offer: offer|proposal|proposed|предложение|предложил|предложения
support: support|supported|поддержка|поддержал|поддержку
reiterate: reiterated|reaffirmed|подтвердил|вновь|подтвердили
clear: clear|ясно|четко
press: press|пресс
statement: statement|заявление|заявил
# Paraphrases of diplomatic prose: a verb phrase that says what a single
# word of another concept says ("made clear" is "stressed"; an "exchange of
# views" is a discussion, not a swap).
stress: made clear|make clear|makes clear|making clear
conflict: situation around|ситуация вокруг|ситуации вокруг|ситуацию вокруг|ситуація навколо|ситуації навколо|ситуацію навколо
discuss: exchanged views|exchange of views|exchange views|обмен мнениями|обменялись мнениями|обмін думками|обмінялися думками
# Ukrainian forms (folded by ukFold before stemming, so only the words
# that differ from the Russian ones are listed); a concept may have more
# than one line.
usa: сполучені штати|сполучених штатів|американсько
call: розмова|розмову|телефонну
discuss: обговорили|обговорення|обговорено
meet: зустріч|зустрівся|зустрілися|зустрінуться|зустрічі
agree: угода|угоду|угоди|домовилися|домовленість|домовленості
thank: подякував|подякувала|подякували|вдячність
russia: росія|росії|російський|російської|російських
kyiv: київ|києві|києва
child: діти|дітей
prisoner: полонені|полонених|полоненими|військовополонених
exchange: обмін|обміну
return: повернення|повернути
reiterate: підтвердив|підтвердила|підтвердили
lasting: тривалий|тривалого|тривалий
offer: пропозиція|пропозицію|пропозиції
ceasefire: припинення вогню|перемир'я
restore: відновлять|відновити|відновлення
security: безпека|безпеки|безпекою
oil: нафта|нафти
energy: енергетика|енергетики|енергетичної|енергетичний
partner: партнерів|партнери
secstate: держсекретар|державний секретар|державним секретарем|державного секретаря
envoy: посланець|посланцем|посланця|спецпосланець
step: крок|кроки|кроків
stress: наголосив|наголосила|наголосили
invite: запросив|запросила|запрошення
visit: відвідати|візит
week: тиждень|тижня
today: сьогодні
people: народ|народу|народові
support: підтримка|підтримку|підтримав
intelligence: intelligence|розвідка|розвідувальними|розвідувальної|разведка|разведывательной|разведданными
sign: signed|sign|signing|подписали|подписал|підписали|підписав|підписання
fund: fund|фонд|фонду
airdefense: air defense|air defence|пво|протиповітряної оборони|противовоздушной обороны
assistance: assistance|aid|допомога|допомогу|помощь|помощи
ready: ready|readiness|готов|готовность|готовність|готові
`

func parseConcepts(table string) map[string][]string {
	out := map[string][]string{}
	for _, line := range strings.Split(table, "\n") {
		name, forms, ok := strings.Cut(line, ": ")
		if ok && !strings.HasPrefix(line, "#") {
			out[name] = append(out[name], strings.Split(forms, "|")...)
		}
	}
	return out
}

// concepts and bigrams map stemmed forms to concept tokens. They are built
// on the first alignment, not at start-up: stemming the dictionary takes
// tens of milliseconds in WebAssembly, and most sessions never press
// Suggest.
var (
	dictOnce sync.Once
	concepts map[string]string
	bigrams  map[[2]string]string
)

// weakConcepts and weakWords are names of leaders and titles of office:
// two sentences that share only these ("President Trump"/"Трамп") are not
// counterparts for that alone (see isWeak).
const (
	weakConcepts = "putin trump vladimir donald biden zelensky ushakov lavrov rubio witkoff dmitriev vance netanyahu erdogan president minister secstate aide envoy"
	weakWords    = "prime secretary chancellor vice general mr ms premier readout"
)

var weak map[string]bool

// isWeak reports whether token t is weak evidence of a counterpart: the
// name of a leader, a title of office, in any of its forms (concept,
// stem, cognate key).
func isWeak(t string) bool {
	loadDictionary()
	return weak[t]
}

func loadDictionary() {
	dictOnce.Do(func() {
		weak = map[string]bool{}
		for _, c := range strings.Fields(weakConcepts) {
			weak["@"+c] = true
		}
		for _, w := range strings.Fields(weakWords) {
			s := stem(w)
			weak[s] = true
			if k, ok := cognateKey(s, false); ok {
				weak[k] = true
			}
		}
		concepts, bigrams = map[string]string{}, map[[2]string]string{}
		for c, forms := range parseConcepts(conceptTable) {
			tok := "@" + c
			for _, f := range forms {
				f = strings.ReplaceAll(strings.ToLower(f), "ё", "е")
				var parts []string
				for _, w := range strings.FieldsFunc(f, func(r rune) bool { return r == ' ' || r == '-' }) {
					if !stopwords[w] {
						parts = append(parts, stem(w))
					}
				}
				switch len(parts) {
				case 1:
					concepts[parts[0]] = tok
				case 2:
					bigrams[[2]string{parts[0], parts[1]}] = tok
				}
			}
		}
	})
}
