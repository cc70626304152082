package align

// Negation. "No agreements were reached" and "Условлено продолжить
// контакты" share their topic (agreement) and say opposite things; a
// fact-checker wants that flagged rather than offered as a plain
// counterpart. A sentence is negated when it holds an odd number of
// negators, so "cannot happen without Ukraine" (two) is not. Russian and
// Ukrainian negative concord ("ни", "никаких", "жодних" next to "не")
// repeats one negation rather than adding one: those words count only in
// a sentence without "не". Verbs of refusal ("refuses a ceasefire") negate
// what follows them as "does not agree to" does.
var (
	negatorsEN = setOf("no", "not", "never", "without", "none", "nothing", "nobody", "neither", "cannot",
		"refuse", "refuses", "refused", "reject", "rejects", "rejected")
	negatorsCyr = setOf("не", "нет", "без", "ні", "ніяк")
	negConcord  = setOf("ни", "никаких", "никакие", "ничего", "никогда", "жодних", "жодні", "жоден", "жодного", "ніколи", "нічого")
)

// contractedNot are "n't" forms as words() leaves them (apostrophe out).
var contractedNot = setOf("dont", "doesnt", "didnt", "cant", "couldnt", "wont", "wouldnt", "shouldnt",
	"isnt", "arent", "wasnt", "werent", "hasnt", "havent", "hadnt", "mustnt")

// negated reports whether the sentence rs makes a negative claim.
func negated(rs []rune) bool { return negatedWords(words(rs)) }

func negatedWords(ws []rawWord) bool {
	count, concord, ne := 0, 0, false
	for _, w := range ws {
		s := w.s
		switch {
		case negatorsEN[s], contractedNot[s]:
			count++
		case negatorsCyr[s]:
			count++
			if s == "не" {
				ne = true
			}
		case negConcord[s]:
			concord++
		}
	}
	if !ne && concord > 0 {
		count++
	}
	return count%2 == 1
}
