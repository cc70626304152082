package align

// Negation. "No agreements were reached" and "Условлено продолжить
// контакты" share their topic (agreement) and say opposite things; a
// fact-checker wants that flagged rather than offered as a plain
// counterpart. A sentence is negated when it holds an odd number of
// negators, so "cannot happen without Ukraine" (two) is not. Russian and
// Ukrainian negative concord ("ни", "никаких", "жодних" next to "не")
// repeats one negation rather than adding one: those words count only in
// a sentence without "не". Verbs of refusal ("refuses a ceasefire") negate
// what follows them as "does not agree to" does. "Without" after a verb of
// leaving ("strikes left families without power", "остались без света")
// tells a loss, not a denial: it does not count.
var (
	negatorsEN = setOf("no", "not", "never", "without", "none", "nothing", "nobody", "neither", "cannot",
		"refuse", "refuses", "refused", "reject", "rejects", "rejected")
	negatorsCyr = setOf("не", "нет", "без", "ні", "ніяк")
	negConcord  = setOf("ни", "никаких", "никакие", "ничего", "никогда", "жодних", "жодні", "жоден", "жодного", "ніколи", "нічого")
)

// leaveVerbs are the forms of "leave (someone without)" that make a following
// "without"/"без" a loss rather than a negation; leaveWindow is how many
// words before the "without" they may stand.
var leaveVerbs = setOf("left", "leave", "leaves", "leaving",
	"остались", "остался", "осталась", "осталось", "оставили", "оставил", "оставила", "оставив", "оставляя",
	"залишилися", "залишились", "залишився", "залишилась", "залишилося", "залишили", "залишив", "залишила", "залишивши")

const leaveWindow = 5

// contractedNot are "n't" forms as words() leaves them (apostrophe out).
var contractedNot = setOf("dont", "doesnt", "didnt", "cant", "couldnt", "wont", "wouldnt", "shouldnt",
	"isnt", "arent", "wasnt", "werent", "hasnt", "havent", "hadnt", "mustnt")

// negated reports whether the sentence rs makes a negative claim.
func negated(rs []rune) bool { return negatedWords(words(rs)) }

func negatedWords(ws []rawWord) bool {
	count, concord, ne := 0, 0, false
	for i, w := range ws {
		s := w.s
		switch {
		case (s == "without" || s == "без") && afterLeave(ws, i):
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

// afterLeave reports whether a verb of leaving stands in the leaveWindow
// words before ws[i]. An English one needs its object in between: "left
// families without power" is a loss, "they left without a deal" a denial.
// The Russian and Ukrainian verbs are intransitive ("остались без света").
func afterLeave(ws []rawWord, i int) bool {
	for j := max(0, i-leaveWindow); j < i; j++ {
		if leaveVerbs[ws[j].s] && (j < i-1 || isCyrillicWord(ws[j].s)) {
			return true
		}
	}
	return false
}
