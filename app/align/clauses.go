package align

import (
	"strings"
	"unicode"
)

// Clauses. One readout often tells in one sentence what the other tells
// in part: "agreed to continue our shared efforts on strategic stability"
// against "…обеспечения стратегической стабильности и борьбы с
// международным терроризмом". Inside a paired sentence the aligner cuts
// clauses and looks for each in the counterpart sentence; a clause with
// content of its own and nothing in common with the counterpart makes the
// pair partial and is offered on its own ("only here: …").
//
// A clause ends at ";", at a comma followed by a conjunction or a relative
// pronoun, and before "and"/"и"/"та"/"і" and "including"/"в том числе"/
// "включая"/"зокрема" even without a comma.

// clauseOpeners are the words a new clause starts with (after a comma, or
// alone for the ones in clauseBreakers).
var (
	clauseOpeners = setOf("and", "but", "while", "whereas", "which", "who", "where", "including", "as",
		"и", "а", "но", "включая", "который", "которая", "которое", "которые", "где",
		"та", "і", "й", "але", "зокрема", "який", "яка", "яке", "які")
	clauseBreakers = setOf("and", "including", "и", "включая", "та", "і", "зокрема")
)

// multiword openers: "в том числе", "а также", "as well as", "у тому числі".
var clauseOpenerPhrases = [][]string{
	{"в", "том", "числе"}, {"у", "тому", "числі"}, {"а", "также"}, {"а", "також"}, {"as", "well", "as"},
}

// splitClauses returns the clauses of the sentence rs[sp.Start:sp.End] as
// spans of the whole text, each trimmed of spaces and punctuation at its
// edges and of the opening conjunction.
func splitClauses(rs []rune, sp Span) []Span {
	type word struct {
		start, end int
		s          string
	}
	var ws []word
	for i := sp.Start; i < sp.End; {
		if !unicode.IsLetter(rs[i]) && !unicode.IsDigit(rs[i]) {
			i++
			continue
		}
		j := i
		for j < sp.End && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || rs[j] == '\'' || rs[j] == '’' || rs[j] == '-') {
			j++
		}
		w := ""
		if j-i <= 9 { // the longest opener is "including": no need to fold longer words
			w = strings.ToLower(string(rs[i:j]))
		}
		ws = append(ws, word{i, j, w})
		i = j
	}
	phraseAt := func(k int) int { // length of an opener phrase at word k
		for _, ph := range clauseOpenerPhrases {
			if k+len(ph) <= len(ws) {
				ok := true
				for m, p := range ph {
					if ws[k+m].s != p {
						ok = false
						break
					}
				}
				if ok {
					return len(ph)
				}
			}
		}
		return 0
	}
	if len(ws) == 0 {
		return nil
	}
	var out []Span
	start := ws[0].start // content start of the current clause
	for k := 1; k < len(ws); k++ {
		gap := string(rs[ws[k-1].end:ws[k].start])
		cut, skip := false, 0
		switch {
		case strings.ContainsRune(gap, ';'):
			cut = true
		case strings.ContainsRune(gap, ','):
			if n := phraseAt(k); n > 0 {
				cut, skip = true, n
			} else if clauseOpeners[ws[k].s] {
				cut, skip = true, 1
			}
		default:
			if n := phraseAt(k); n > 0 && ws[k].s != "а" {
				cut, skip = true, n
			} else if clauseBreakers[ws[k].s] {
				cut, skip = true, 1
			}
		}
		if !cut {
			continue
		}
		if start < ws[k-1].end {
			out = append(out, Span{start, ws[k-1].end})
		}
		if k+skip >= len(ws) { // the sentence ends with the opener
			return out
		}
		start = ws[k+skip].start
		k += max(skip-1, 0) // the opener's words start no clause of their own (";" skips none)
	}
	return append(out, Span{start, ws[len(ws)-1].end})
}
