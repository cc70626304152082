package align

import (
	"strings"
	"unicode"
)

// Span is a half-open range [Start, End) of code points in a text.
type Span struct {
	Start, End int
}

// Sentences cuts text into sentences and returns their code point spans in
// order, without leading or trailing white space. Spans never overlap, and
// text that is only white space yields no sentence.
//
// # Why not uniseg
//
// UAX #29 sentence segmentation (github.com/rivo/uniseg) was the starting
// point, but three of its rules are wrong for readouts and fixing them
// afterwards means undoing most of its cuts:
//   - it breaks after "Mr.", "Gen.", "U.S." and initials ("J. Smith",
//     "Ю. Ушаков") whenever a capital letter follows, because the standard
//     knows no abbreviations (it says so: tailoring is left to the user);
//   - it breaks after every line feed (rule SB4), which cuts hard-wrapped
//     text (e-mails, pasted PDFs) in the middle of sentences;
//   - it does not treat an ellipsis "…" as a terminator.
//
// So this is a small single-pass scanner over code points with the rules
// below, O(n) in the text length. It keeps the one good idea of UAX #29
// (rule SB8): a full stop followed by a lower-case word is not a sentence
// end ("e.g. the", "т.е. это", "и т.д. и т.п.").
//
// # Rules
//
//   - A paragraph break (a line break, optional blanks, another line break;
//     or U+2029) always ends a sentence, so a heading without a full stop
//     followed by a blank line is a sentence of its own.
//   - A terminator run (".", "?", "!", "…", "?!", "...", CJK and Arabic
//     marks), with closing quotes and brackets glued to it (`."`, `.»`,
//     `.)`, `?»`), ends a sentence when white space or the end of the text
//     follows and the next word does not start with a lower-case letter
//     (opening quotes and dashes are skipped first, so Russian direct speech
//     `«…?» — спросил он` stays one sentence). Terminators inside a token
//     never end a sentence: "1.5", "3.14", "U.S.", "example.com".
//   - After a single ".", the word before it decides:
//     titles and Latin/Russian abbreviations that never end a sentence
//     ("Mr.", "Dr.", "Gen.", "e.g.", "i.e.", "vs.", "т.е.", "т.н.", "им.",
//     "ул.", "г." when not after a number, i.e. "г. Москва") never break;
//     abbreviations that precede a number ("No. 5", "p. 5", "Jan. 5",
//     "ст. 5", "янв. 5") do not break before a digit; a single capital
//     letter or a dotted capital acronym ("J.", "Ю.", "Ю.В.", "U.S.", "U.K.")
//     breaks only when the next word is a function word that typically
//     starts a sentence ("The", "He", "In", "Это", "Он", "В"...), so
//     "J. Smith", "Ю. Ушаков" and "the U.S. President" stay whole while
//     "...met the U.S. The talks..." is cut; a number that starts a line
//     ("1. Item") is a list label. Abbreviations that often end a sentence
//     ("etc.", "т.д.", "т.п.", "2026 г.") follow the general rule.
//   - A single line break is white space when the text looks hard-wrapped
//     (most single line breaks fall after a line without terminator: see
//     hardWrapped). Otherwise it ends a sentence unless the next line starts
//     with a lower-case letter or the line before ended in a terminator
//     (already decided above). A line that starts with a bullet ("- ",
//     "• ", "1) ", "2. ") always starts a new sentence.
func Sentences(text string) []Span {
	return splitSentences([]rune(text))
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '\u2060'
}

// isNewline reports a line break other than U+2029, which is a paragraph
// break on its own.
func isNewline(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', '\u0085', '\u2028':
		return true
	}
	return false
}

func isTerminator(r rune) bool {
	switch r {
	case '.', '?', '!', '…', '‼', '⁇', '⁈', '⁉', '。', '？', '！', '｡', '؟', '।':
		return true
	}
	return false
}

// isCloser: punctuation that belongs to the sentence when it follows the
// terminator directly: `."`, `.»`, `.)`, German `.“`.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '»', '”', '’', '“', '›', ')', ']', '}', '」', '』', '）':
		return true
	}
	return false
}

// trimClosers returns e moved back over the closers that end rs[:e], so
// that rs[e-1] is what they close (a terminator, if the sentence ends).
func trimClosers(rs []rune, e int) int {
	for e > 0 && isCloser(rs[e-1]) {
		e--
	}
	return e
}

// isOpener: punctuation skipped before looking at the first letter of the
// next word.
func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '«', '“', '„', '‘', '‹', '(', '[', '{', '—', '–', '-', '‒', '「', '『', '（':
		return true
	}
	return false
}

func isBulletRune(r rune) bool {
	switch r {
	case '-', '–', '—', '•', '·', '*', '▪', '●', '◦', '‣', '⁃', '►', '▸', '✓', '✔', '■', '□':
		return true
	}
	return false
}

// startsBullet reports whether the line starting at k begins with a list
// bullet: a bullet character, a number or a single letter followed by "."
// or ")", then white space.
func startsBullet(rs []rune, k int) bool {
	n := len(rs)
	if k >= n {
		return false
	}
	if isBulletRune(rs[k]) {
		return k+1 < n && isSpace(rs[k+1])
	}
	j := k
	for j < n && j-k < 3 && rs[j] >= '0' && rs[j] <= '9' {
		j++
	}
	if j == k {
		if !unicode.IsLetter(rs[k]) || k+1 >= n || rs[k+1] != ')' {
			return false
		}
		j = k + 1 // "a) ", "б) "
	}
	if j >= n || (rs[j] != '.' && rs[j] != ')') {
		return false
	}
	return j+1 < n && isSpace(rs[j+1]) && !isNewline(rs[j+1])
}

// Abbreviation lists, lower case, without the final full stop; dotted ones
// keep their inner dots.
var (
	// Never end a sentence: titles before a name and Latin/Russian
	// abbreviations that are always followed by more of the sentence.
	abbrNeverFinal = setOf(
		"mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "sen", "rep", "gov",
		"lt", "col", "capt", "sgt", "maj", "adm", "cmdr", "st", "rev", "hon",
		"amb", "pres", "mme", "mlle", "e.g", "i.e", "cf", "vs", "viz", "approx",
		"incl", "esp", "fig",
		"т.е", "т.н", "т.к", "т.ч", "напр", "см", "ср", "им", "ул", "пр-т",
		"акад", "проф", "ген", "тов", "гос", "св", "пос", "обл", "р-н", "д-р",
	)
	// Do not end a sentence before a number.
	abbrBeforeNumber = setOf(
		"no", "nos", "nr", "p", "pp", "vol", "art", "sec", "ch", "para",
		"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
		"nov", "dec",
		"ст", "п", "пп", "ч", "гл", "рис", "стр", "с", "т", "вып",
		"янв", "фев", "февр", "мар", "апр", "авг", "сент", "окт", "нояб", "дек",
	)
	// Function words that typically start a sentence: after an initial or
	// a dotted acronym they mean the sentence did end there.
	sentenceStarters = setOf(
		"the", "a", "an", "this", "that", "these", "those", "there", "they",
		"he", "she", "it", "its", "we", "i", "you", "in", "on", "at", "by",
		"for", "from", "with", "as", "after", "before", "during", "but", "and",
		"or", "so", "however", "both", "all", "also", "no", "our", "his", "her",
		"their", "my", "then", "today", "yesterday", "when", "while", "if",
		"although", "what", "why", "how", "meanwhile", "earlier",
		"later", "separately", "finally", "moreover", "furthermore",
		"он", "она", "оно", "они", "это", "этот", "эта", "эти", "в", "во",
		"на", "по", "с", "со", "к", "о", "об", "при", "за", "из", "для", "но",
		"и", "а", "однако", "также", "кроме", "мы", "я", "вы", "все", "обе",
		"оба", "тогда", "затем", "сегодня", "вчера", "ранее", "помимо",
	)
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// splitSentences is Sentences on a decoded text.
func splitSentences(rs []rune) []Span {
	n := len(rs)
	var out []Span
	emit := func(s, e int) {
		for s < e && isSpace(rs[s]) {
			s++
		}
		for e > s && isSpace(rs[e-1]) {
			e--
		}
		if s < e {
			out = append(out, Span{s, e})
		}
	}
	wrapped := hardWrapped(rs)
	seg := 0
	decided := -1 // end of the last terminator run followed by white space
	for i := 0; i < n; {
		r := rs[i]
		switch {
		case r == '\u2029':
			emit(seg, i)
			i++
			seg = i
		case isNewline(r):
			nl := i
			j := i + 1
			if r == '\r' && j < n && rs[j] == '\n' {
				j++
			}
			k := skipBlanks(rs, j)
			if k < n && (isNewline(rs[k]) || rs[k] == '\u2029') { // paragraph break
				emit(seg, nl)
				for k < n && isSpace(rs[k]) {
					k++
				}
				seg, i = k, k
				continue
			}
			if k < n && lastContent(rs, nl) != decided && breakAtLine(rs, k, wrapped) {
				emit(seg, nl)
				seg = k
			}
			i = k
		case isTerminator(r):
			ti := i
			for i < n && isTerminator(rs[i]) {
				i++
			}
			te := i
			for i < n && isCloser(rs[i]) {
				i++
			}
			if i == n || isSpace(rs[i]) {
				decided = i
				if breakAfter(rs, ti, te, i) {
					emit(seg, i)
					seg = i
				}
			}
		default:
			i++
		}
	}
	emit(seg, n)
	return out
}

// skipBlanks skips white space other than line breaks.
func skipBlanks(rs []rune, k int) int {
	for k < len(rs) && isSpace(rs[k]) && !isNewline(rs[k]) && rs[k] != '\u2029' {
		k++
	}
	return k
}

// lastContent returns one past the last non-space code point before nl.
func lastContent(rs []rune, nl int) int {
	for nl > 0 && isSpace(rs[nl-1]) {
		nl--
	}
	return nl
}

// breakAtLine decides a single line break whose next line starts at k.
func breakAtLine(rs []rune, k int, wrapped bool) bool {
	if startsBullet(rs, k) {
		return true
	}
	if wrapped {
		return false
	}
	return !startsLower(rs, k)
}

// startsLower reports whether the first letter after opening punctuation and
// blanks at k is lower case.
func startsLower(rs []rune, k int) bool {
	for k < len(rs) && (isOpener(rs[k]) || (isSpace(rs[k]) && !isNewline(rs[k]))) {
		k++
	}
	return k < len(rs) && unicode.IsLower(rs[k])
}

// hardWrapped reports whether single line breaks look like hard wrapping:
// at least three of them follow a line that does not end in a terminator,
// and those outnumber the others two to one. Lines before a bullet and
// paragraph breaks are not counted. A text with headings on their own lines
// is not hard-wrapped; a pasted e-mail usually is.
func hardWrapped(rs []rune) bool {
	open, closed := 0, 0
	n := len(rs)
	for i := 0; i < n; i++ {
		if !isNewline(rs[i]) {
			continue
		}
		nl := i
		if rs[i] == '\r' && i+1 < n && rs[i+1] == '\n' {
			i++
		}
		k := skipBlanks(rs, i+1)
		if k >= n || isNewline(rs[k]) || rs[k] == '\u2029' || startsBullet(rs, k) {
			continue
		}
		e := lastContent(rs, nl)
		if e == 0 || isNewline(rs[e-1]) || rs[e-1] == '\u2029' {
			continue
		}
		if e = trimClosers(rs, e); e > 0 && isTerminator(rs[e-1]) {
			closed++
		} else {
			open++
		}
	}
	return open >= 3 && open > 2*closed
}

// breakAfter decides whether the terminator run rs[ti:te], with closers up
// to j (rs[j] is white space or j is the end), ends a sentence.
func breakAfter(rs []rune, ti, te, j int) bool {
	n := len(rs)
	if j == n {
		return true
	}
	// The next word, past white space, opening quotes and dashes.
	k := j
	for k < n && (isSpace(rs[k]) || isOpener(rs[k])) {
		if isNewline(rs[k]) || rs[k] == '\u2029' {
			if p := skipBlanks(rs, k+1); p >= n || isNewline(rs[p]) || rs[p] == '\u2029' {
				return true // paragraph break
			}
		}
		k++
	}
	if k == n {
		return true
	}
	if unicode.IsLower(rs[k]) {
		return false
	}
	if te-ti != 1 || rs[ti] != '.' {
		return true
	}
	// A single full stop: look at the word before it.
	ws := ti
	for ws > 0 && (unicode.IsLetter(rs[ws-1]) || unicode.IsDigit(rs[ws-1]) || rs[ws-1] == '.' || rs[ws-1] == '-') {
		ws--
	}
	for ws < ti && (rs[ws] == '.' || rs[ws] == '-') {
		ws++
	}
	if ws == ti {
		return true
	}
	word := rs[ws:ti]
	lw := strings.ToLower(string(word))
	if abbrNeverFinal[lw] {
		return false
	}
	nextIsDigit := unicode.IsDigit(rs[k])
	if nextIsDigit && abbrBeforeNumber[lw] {
		return false
	}
	if lw == "г" || lw == "гг" {
		// "2026 г. Президенты..." may end a sentence, "г. Москва" does not.
		p := ws
		for p > 0 && isSpace(rs[p-1]) {
			p--
		}
		return p > 0 && unicode.IsDigit(rs[p-1])
	}
	if allDigits(word) && len(word) <= 3 && atLineStart(rs, ws) {
		return false // "1. Item"
	}
	if isInitials(word) {
		e := k
		for e < n && unicode.IsLetter(rs[e]) {
			e++
		}
		return sentenceStarters[strings.ToLower(string(rs[k:e]))]
	}
	return true
}

func allDigits(w []rune) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return len(w) > 0
}

// isInitials: a single capital letter ("J", "Ю") or a dotted capital
// acronym whose parts have at most two letters ("U.S", "Ю.В", "J.R.R").
func isInitials(w []rune) bool {
	part := 0
	for i, r := range w {
		switch {
		case r == '.':
			if part == 0 {
				return false
			}
			part = 0
		case unicode.IsLetter(r):
			if part == 0 && !unicode.IsUpper(r) {
				return false
			}
			part++
			if part > 2 || (part == 2 && len(w) == 2 && i == 1) {
				return false // "Dr" alone is a word, not an initial
			}
		default:
			return false
		}
	}
	return part > 0 && part <= 2
}

// atLineStart reports whether only blanks separate p from the start of its
// line.
func atLineStart(rs []rune, p int) bool {
	for p > 0 && isSpace(rs[p-1]) && !isNewline(rs[p-1]) {
		p--
	}
	return p == 0 || isNewline(rs[p-1]) || rs[p-1] == '\u2029'
}
