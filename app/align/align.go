package align

import (
	"cmp"
	"math"
	"slices"
	"unicode"

	"framecheck/app/internal/order"
)

// Pair is a suggested counterpart: sentence A of the first readout and
// sentence B of the second tell the same claim. Score is their similarity in
// [0, 1] (see Align).
type Pair struct {
	A, B  Span
	Score float64
	// Partial: one of the two sentences carries a clause the other does
	// not tell; that clause is in Result.RestA or Result.RestB.
	Partial bool
	// Opposite: same topic, opposite claim: one sentence is negated and
	// the other is not ("No agreements were reached" / "agreed to
	// continue contacts").
	Opposite bool
}

// Result of Align. Pairs are in the order of A. OnlyA and OnlyB are the
// sentences of each readout left without a counterpart, in text order: the
// candidates for an omission. A sentence with no word or number at all (a
// row of asterisks, a lone emoji) is in neither list.
type Result struct {
	Pairs        []Pair
	OnlyA, OnlyB []Span
	// RestA and RestB are the clauses of partially paired sentences that
	// the counterpart does not tell ("only here: …"), in text order.
	RestA, RestB []Span
}

// Threshold is the similarity (plus bonuses, see Align) from which two
// sentences are suggested as counterparts. Chosen on the labelled pairs of
// gold_test.go (TestThresholdSweep logs the sweep): with the bonuses,
// English–English precision and recall are both 1.00 at 0.12 and 0.15 and
// recall drops from 0.18 up; Russian–English precision rises from 0.70 at
// 0.06 to 0.88 at 0.15–0.18 with recall still 1.00, and recall drops from
// 0.20 up. 0.15 is on the plateau of both, at its low (recall) side. A separate, lower threshold
// for English–Russian pairs was planned (only dictionary concepts, numbers
// and durations can match across scripts, so untranslated words dilute the
// cosine), but the data did not call for it: with the dictionary the true
// cross-language pairs score as high as the monolingual ones. The set is
// small (31 gold pairs) and the threshold was chosen on it, so the figures
// are in-sample. On the 20-document gold set of testdata/gold (104 pairs,
// English–Russian, –Ukrainian and –English, docs/align.md) 0.15 with the
// bonus is still on the plateau: 0.12 costs English–Russian precision, 0.18
// recall.
const Threshold = 0.15

// params are the knobs of Align, fixed in defaultParams; tests sweep them.
type params struct {
	threshold float64
	neighbour float64 // weight of the neighbour bonus
	gate      float64 // the bonuses apply from gate × threshold up
	heading   float64 // bonus when both sentences are headings
	augment   bool    // re-pair along augmenting paths (see augment)
}

var defaultParams = params{threshold: Threshold, neighbour: 0.25, gate: 0.75, heading: 0.15, augment: true}

// Align splits a and b into sentences (see Sentences) and suggests
// counterparts.
//
// # Similarity
//
// Each sentence becomes a bag of normalised tokens (see tokens.go: case
// folding, stop words out, crude stemming for English and Russian, numbers
// and durations made canonical, a bilingual dictionary of the domain mapping
// "Путина"/"Putin", "США"/"United States", "перемирие"/"ceasefire" to one
// concept token). Tokens are weighted by TF-IDF, with the document frequency
// counted over the sentences of both readouts, so a word that is in every
// sentence ("President", "Путин") counts little and a rare shared word
// ("ceasefire", "⌚~90") counts a lot. The similarity is the cosine of the two
// weight vectors. Between an English and a Russian sentence the words that no
// dictionary entry covers cannot match but still count in the norms: the
// cosine is damped by the share of the sentence the dictionary understands,
// which is the honest thing (little evidence, low score). Between an
// English and a Cyrillic readout the words the dictionary does not know
// meet as cognates (translit.go): "stability" and "стабильности" give one
// token.
//
// # Evidence, clauses, negation
//
// Two sentences that share only weak tokens (names of leaders, titles of
// office: isWeak) score 0: a pair needs evidence beyond "Putin" and
// "Trump". A matched pair is then compared clause by clause (clauses.go):
// a clause of one side with content of its own and nothing in common with
// the other sentence makes the pair Partial and goes to RestA or RestB. A
// pair whose sides differ in negation (polarity.go) is Opposite.
//
// # Order
//
// Readouts tell the same call in a different order (the Kremlin leads with
// congratulations, the White House with Ukraine), so there is no monotonic
// alignment (a DP over the diagonal would force one). What does survive
// reordering is the order inside a paragraph: when sentence i pairs with j,
// i+1 tends to pair with j+1. So the ranking score of (i, j) is the
// similarity plus a bonus of 0.25 times the best similarity of its diagonal
// neighbours (i-1, j-1) and (i+1, j+1). Headings (a sentence that does not
// end in a terminator: a title, a signature) get 0.15 more when paired with
// a heading, since a title and the opening sentence say the same thing
// ("X spoke with Y") and titles should meet titles. Both bonuses apply only
// when the similarity itself reaches 0.75 × Threshold: they can break a tie
// or rescue a weak true pair, not invent one (with 0.5 × Threshold the sweep
// showed pairs of unrelated sentences pulled over the line by their
// neighbours). Remaining ties go to the pair closer to the same relative
// position in both texts.
//
// # Matching
//
// A sentence pairs with at most one other. Candidates over the threshold are
// taken best first (greedy). With symmetric scores greedy best-first gives a
// stable matching: no two sentences left apart prefer each other to what
// they got, which is what a reviewer checks when a suggestion looks odd.
// One repair follows (augment): where greedy broke a near tie and left two
// sentences alone that the other choice would have paired, it re-pairs.
// The Hungarian method maximises the sum instead and will trade a clear
// 0.9 pair for two murky 0.5 ones; it also costs O(n³) against O(k log k)
// for k candidates. Pair.Score is the similarity, without the bonus.
//
// # Cost
//
// Tokenising is linear in the text; the score matrix costs one merge of two
// short sorted vectors per sentence pair. Two readouts of 20,000 characters
// (about 220 sentences each) align in 15–25 ms on a 2-core VM
// (BenchmarkAlign20k).
func Align(a, b string) Result {
	return alignWith(a, b, defaultParams)
}

// entry is one weighted token of a sentence vector, sorted by id.
type entry struct {
	id int32
	w  float64
}

type sentence struct {
	span    Span
	toks    []string
	vec     []entry
	heading bool // no terminator at the end: a title or a signature line
	neg     bool // a negative claim (see negated)
}

func prepare(text string, cross bool) []sentence {
	rs := []rune(text)
	spans := splitSentences(rs)
	out := make([]sentence, len(spans))
	var buf []string
	for i, sp := range spans {
		part := rs[sp.Start:sp.End]
		var neg bool
		buf, neg = tokenizeMode(part, buf[:0], cross)
		e := trimClosers(part, len(part))
		out[i] = sentence{span: sp, toks: slices.Clone(buf), heading: e > 0 && !isTerminator(part[e-1]), neg: neg}
	}
	return out
}

// vectorize fills vec of every sentence with L2-normalised TF-IDF weights
// and returns, by token id, whether the token is weak evidence (see
// isWeak).
func vectorize(sa, sb []sentence) []bool {
	ids := map[string]int32{}
	var df []int
	docs := 0
	var seen []int32
	all := [][]sentence{sa, sb}
	for _, ss := range all {
		for i := range ss {
			s := &ss[i]
			if len(s.toks) == 0 {
				continue
			}
			docs++
			seen = seen[:0]
			for _, t := range s.toks {
				id, ok := ids[t]
				if !ok {
					id = int32(len(df))
					ids[t] = id
					df = append(df, 0)
				}
				seen = append(seen, id)
			}
			slices.Sort(seen)
			seen = slices.Compact(seen)
			for _, id := range seen {
				df[id]++
			}
		}
	}
	for _, ss := range all {
		for i := range ss {
			s := &ss[i]
			if len(s.toks) == 0 {
				continue
			}
			v := make([]entry, 0, len(s.toks))
			for _, t := range s.toks {
				v = append(v, entry{id: ids[t], w: 1})
			}
			order.Func(v, func(x, y entry) int { return cmp.Compare(x.id, y.id) })
			k := 0
			for j := 0; j < len(v); j++ { // merge duplicates into counts
				if k > 0 && v[k-1].id == v[j].id {
					v[k-1].w++
					continue
				}
				v[k] = v[j]
				k++
			}
			v = v[:k]
			norm := 0.0
			for j := range v {
				idf := math.Log(1 + float64(docs)/float64(df[v[j].id]))
				v[j].w = (1 + math.Log(v[j].w)) * idf
				norm += v[j].w * v[j].w
			}
			norm = math.Sqrt(norm)
			for j := range v {
				v[j].w /= norm
			}
			s.vec = v
		}
	}
	weak := make([]bool, len(df))
	for t, id := range ids {
		weak[id] = isWeak(t)
	}
	return weak
}

// cosine is the cosine of two normalised vectors, or 0 when they share no
// token but weak ones: a pair needs evidence beyond names and titles.
func cosine(x, y []entry, weak []bool) float64 {
	sum, strong := 0.0, false
	for i, j := 0, 0; i < len(x) && j < len(y); {
		switch {
		case x[i].id < y[j].id:
			i++
		case x[i].id > y[j].id:
			j++
		default:
			sum += x[i].w * y[j].w
			strong = strong || !weak[x[i].id]
			i++
			j++
		}
	}
	if !strong {
		return 0
	}
	return sum
}

// minRest is how many tokens of content (not weak) a clause needs to be
// reported as told only in its readout: a lone word left over is more
// often a translation the dictionary does not know than a claim of its own.
const minRest = 2

// rest returns the clauses of s (in rs, the runes of its text) that share
// no token with its counterpart o and carry content of their own.
func rest(rs []rune, s, o sentence, cross bool) []Span {
	cl := splitClauses(rs, s.span)
	if len(cl) < 2 {
		return nil
	}
	have := make(map[string]bool, len(o.toks))
	for _, t := range o.toks {
		have[t] = true
	}
	var out []Span
	var buf []string
	for _, c := range cl {
		buf, _ = tokenizeMode(rs[c.Start:c.End], buf[:0], cross)
		content, shared := 0, false
		for _, t := range buf {
			if have[t] {
				shared = true
				break
			}
			if !isWeak(t) {
				content++
			}
		}
		if !shared && content >= minRest {
			out = append(out, c)
		}
	}
	if len(out) == len(cl) { // nothing in common at all: not a partial pair
		return nil
	}
	return out
}

func alignWith(a, b string, p params) Result {
	cross := cyrillicText(a) != cyrillicText(b)
	sa, sb := prepare(a, cross), prepare(b, cross)
	weak := vectorize(sa, sb)
	na, nb := len(sa), len(sb)
	sim := make([]float64, na*nb)
	for i := range sa {
		if len(sa[i].vec) == 0 {
			continue
		}
		for j := range sb {
			if len(sb[j].vec) != 0 {
				sim[i*nb+j] = cosine(sa[i].vec, sb[j].vec, weak)
			}
		}
	}
	at := func(i, j int) float64 {
		if i < 0 || j < 0 || i >= na || j >= nb {
			return 0
		}
		return sim[i*nb+j]
	}
	type cand struct {
		i, j       int
		rank, dist float64
	}
	var cands []cand
	for i := range sa {
		for j := range sb {
			s := at(i, j)
			th := p.threshold
			titles := i == 0 && j == 0 && sa[i].heading && sb[j].heading
			if (s < th*p.gate && !titles) || s == 0 {
				continue
			}
			rank := s + p.neighbour*max(at(i-1, j-1), at(i+1, j+1))
			if sa[i].heading && sb[j].heading {
				rank += p.heading
				if i == 0 && j == 0 {
					// The titles of two readouts of one call name the
					// same event: with shared content (s > 0: more than
					// names and titles of office) they meet whatever
					// their score.
					rank = max(rank, th)
				}
			}
			if rank < th {
				continue
			}
			dist := math.Abs((float64(i)+0.5)/float64(na) - (float64(j)+0.5)/float64(nb))
			cands = append(cands, cand{i, j, rank, dist})
		}
	}
	order.Func(cands, func(x, y cand) int {
		if c := cmp.Compare(y.rank, x.rank); c != 0 {
			return c
		}
		if c := cmp.Compare(x.dist, y.dist); c != 0 {
			return c
		}
		if c := cmp.Compare(x.i, y.i); c != 0 {
			return c
		}
		return cmp.Compare(x.j, y.j)
	})
	// Greedy best-first matching, one counterpart a sentence.
	partA, partB := make([]int, na), make([]int, nb)
	for i := range partA {
		partA[i] = -1
	}
	for j := range partB {
		partB[j] = -1
	}
	for _, c := range cands {
		if partA[c.i] < 0 && partB[c.j] < 0 {
			partA[c.i], partB[c.j] = c.j, c.i
		}
	}
	if p.augment {
		// Candidates of each sentence, best first (the order of cands,
		// which breaks every tie, so equal paths are chosen the same way
		// on every run).
		ofA, ofB := make([][]candidate, na), make([][]candidate, nb)
		for _, c := range cands {
			ofA[c.i] = append(ofA[c.i], candidate{c.j, c.rank})
			ofB[c.j] = append(ofB[c.j], candidate{c.i, c.rank})
		}
		augment(partA, partB, ofA, ofB)
	}
	ra, rb := []rune(a), []rune(b)
	var res Result
	for i, j := range partA {
		if j < 0 {
			continue
		}
		p := Pair{A: sa[i].span, B: sb[j].span, Score: at(i, j), Opposite: sa[i].neg != sb[j].neg}
		var restA, restB []Span
		if !sa[i].heading && !sb[j].heading { // a title makes no claim to split
			restA = rest(ra, sa[i], sb[j], cross)
			restB = rest(rb, sb[j], sa[i], cross)
		}
		if len(restA) > 0 && len(restB) > 0 {
			// Both sides tell something the other does not: more often
			// one clause translated in words the dictionary lacks than
			// two claims of their own. Say nothing rather than send the
			// reader after two omissions that may not be there.
			restA, restB = nil, nil
		}
		p.Partial = len(restA)+len(restB) > 0
		res.RestA = append(res.RestA, restA...)
		res.RestB = append(res.RestB, restB...)
		res.Pairs = append(res.Pairs, p)
	}
	order.Func(res.Pairs, func(x, y Pair) int { return cmp.Compare(x.A.Start, y.A.Start) })
	byStart := func(x, y Span) int { return cmp.Compare(x.Start, y.Start) }
	order.Func(res.RestA, byStart)
	order.Func(res.RestB, byStart)
	for i, s := range sa {
		if partA[i] < 0 && len(s.toks) > 0 {
			res.OnlyA = append(res.OnlyA, s.span)
		}
	}
	for j, s := range sb {
		if partB[j] < 0 && len(s.toks) > 0 {
			res.OnlyB = append(res.OnlyB, s.span)
		}
	}
	return res
}

// tieMargin is how close two ranks must be for augment to call them a
// tie. The gold set has one tie that augment should break (0.007 apart)
// and one clear choice it should keep (0.057 apart); see docs/align.md.
const tieMargin = 0.025

// candidate is a counterpart over the threshold: sentence o of the other
// readout, at rank.
type candidate struct {
	o    int
	rank float64
}

// augment re-pairs along augmenting paths of length three. Greedy paired v
// with w although v's candidate u, left alone, ranked within tieMargin of w
// (a coin toss); when w has a candidate z left alone as well, it takes
// (v, u) and (w, z) for (v, w): two pairs over the threshold instead of
// two false "omitted by". Without the tie rule a clear pair would be
// traded for two murky ones (the objection to the Hungarian method, see
// Align). v is tried on both sides, so swapping the readouts changes
// nothing; of several paths the best sum of ranks wins, and a pair made
// here is not re-paired.
func augment(partA, partB []int, ofA, ofB [][]candidate) {
	done := make([]bool, len(partA)) // by sentence of a: pairs made here
	for i, j := range partA {
		if j < 0 || done[i] {
			continue
		}
		if u, z, ok := repair(ofA[i], ofB[j], j, partB, partA); ok { // v = i
			partA[i], partB[u] = u, i
			partA[z], partB[j] = j, z
			done[i], done[z] = true, true
		} else if u, z, ok := repair(ofB[j], ofA[i], i, partA, partB); ok { // v = j
			partA[u], partB[j] = j, u
			partA[i], partB[z] = z, i
			done[i], done[u] = true, true
		}
	}
}

// repair looks for the path of augment around the pair (v, w): a candidate
// u of v (in ofV) and a candidate z of w (in ofW), both left alone (partU
// and partZ hold the partners on their sides), with rank(v, u) within
// tieMargin of rank(v, w).
func repair(ofV, ofW []candidate, w int, partU, partZ []int) (u, z int, ok bool) {
	rvw := 0.0
	for _, c := range ofV {
		if c.o == w {
			rvw = c.rank
		}
	}
	best := 0.0
	for _, c := range ofV {
		if partU[c.o] >= 0 || c.rank < rvw-tieMargin {
			continue
		}
		for _, c2 := range ofW {
			if partZ[c2.o] < 0 && c.rank+c2.rank > best {
				u, z, ok, best = c.o, c2.o, true, c.rank+c2.rank
			}
		}
	}
	return u, z, ok
}

// cyrillicText reports whether most letters of text are Cyrillic.
func cyrillicText(text string) bool {
	cyr, other := 0, 0
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		case unicode.IsLetter(r):
			other++
		}
	}
	return cyr > other
}
