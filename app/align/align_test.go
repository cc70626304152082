package align

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// quality counts suggestions against the gold set.
type quality struct {
	pred, gold, tp, found      int // counterpart suggestions: made, gold, right, gold found
	onlyPred, onlyGold, onlyTP int // one-sided suggestions: sentences and clauses
	falseOmit                  int // one-sided suggestions of a sentence that has a counterpart
	partPred, partGold, partTP int // pairs flagged partial
	oppPred, oppGold, oppTP    int // pairs flagged opposite
}

func (q quality) precision() float64 { return ratio(q.tp, q.pred) }
func (q quality) recall() float64    { return ratio(q.found, q.gold) }
func (q quality) onlyP() float64     { return ratio(q.onlyTP, q.onlyPred) }
func (q quality) onlyR() float64     { return ratio(q.onlyTP, q.onlyGold) }

// falseOmitRate is the share of one-sided suggestions ("omitted by") made
// about a sentence the other readout does tell.
func (q quality) falseOmitRate() float64 {
	if q.onlyPred == 0 {
		return 0
	}
	return float64(q.falseOmit) / float64(q.onlyPred)
}

func (q *quality) add(o quality) {
	q.pred += o.pred
	q.gold += o.gold
	q.tp += o.tp
	q.found += o.found
	q.onlyPred += o.onlyPred
	q.onlyGold += o.onlyGold
	q.onlyTP += o.onlyTP
	q.falseOmit += o.falseOmit
	q.partPred += o.partPred
	q.partGold += o.partGold
	q.partTP += o.partTP
	q.oppPred += o.oppPred
	q.oppGold += o.oppGold
	q.oppTP += o.oppTP
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// sentenceOf returns the index of the one sentence of text containing quote.
func sentenceOf(t testing.TB, name, text string, spans []Span, quote string) int {
	t.Helper()
	rs := []rune(text)
	found := -1
	for i, sp := range spans {
		if strings.Contains(string(rs[sp.Start:sp.End]), quote) {
			if found >= 0 {
				t.Fatalf("%s: quote %q is in sentences %d and %d", name, quote, found, i)
			}
			found = i
		}
	}
	if found < 0 {
		t.Fatalf("%s: quote %q is in no sentence", name, quote)
	}
	return found
}

// spanOf returns the span of quote in text, which must occur once.
func spanOf(t testing.TB, name, text, quote string) Span {
	t.Helper()
	i := strings.Index(text, quote)
	if i < 0 || strings.Count(text, quote) != 1 {
		t.Fatalf("%s: clause %q must occur exactly once", name, quote)
	}
	start := len([]rune(text[:i]))
	return Span{start, start + len([]rune(quote))}
}

func indexOf(spans []Span, sp Span) int {
	for i, s := range spans {
		if s == sp {
			return i
		}
	}
	return -1
}

// evaluate aligns one document pair with p and scores it against its gold.
//
// A suggested pair is right when a gold pair (full, partial or opposite)
// names its two sentences. A one-sided suggestion of a whole sentence is
// right when the sentence is in no gold pair, and a false "omitted by" when
// it is; a one-sided clause (Result.RestA/RestB) is right when it overlaps a
// gold "only" clause of that readout, and a false "omitted by" otherwise. Neutral sentences count in neither.
func evaluate(t testing.TB, d goldDoc, p params) quality {
	t.Helper()
	sa, sb := Sentences(d.a), Sentences(d.b)
	type alts struct {
		a, b map[int]bool
		kind goldKind
	}
	var gold []alts
	inGoldA, inGoldB := map[int]bool{}, map[int]bool{}
	neutralA, neutralB := map[int]bool{}, map[int]bool{}
	for _, q := range d.neutralA {
		neutralA[sentenceOf(t, d.name, d.a, sa, q)] = true
	}
	for _, q := range d.neutralB {
		neutralB[sentenceOf(t, d.name, d.b, sb, q)] = true
	}
	for _, g := range d.pairs {
		x := alts{map[int]bool{}, map[int]bool{}, g.kind}
		for _, q := range strings.Split(g.a, "|") {
			i := sentenceOf(t, d.name, d.a, sa, q)
			x.a[i], inGoldA[i] = true, true
		}
		for _, q := range strings.Split(g.b, "|") {
			j := sentenceOf(t, d.name, d.b, sb, q)
			x.b[j], inGoldB[j] = true, true
		}
		gold = append(gold, x)
	}
	res := alignWith(d.a, d.b, p)
	q := quality{pred: len(res.Pairs), gold: len(gold)}
	for _, g := range gold {
		switch g.kind {
		case kindPartial:
			q.partGold++
		case kindOpposite:
			q.oppGold++
		}
	}
	// A suggested pair is right when a gold pair names both its sentences;
	// a gold pair is found when some suggested pair is right for it. With
	// "x|y" in the gold (one readout tells in two sentences what the other
	// tells in one) both (x, z) and (y, z) are right, and the gold pair is
	// found once.
	hit := make([]bool, len(gold))
	for _, pr := range res.Pairs {
		i, j := indexOf(sa, pr.A), indexOf(sb, pr.B)
		if i < 0 || j < 0 {
			t.Fatalf("%s: pair %v is not a sentence pair", d.name, pr)
		}
		if pr.Partial {
			q.partPred++
		}
		if pr.Opposite {
			q.oppPred++
		}
		right := false
		for k, g := range gold {
			if g.a[i] && g.b[j] {
				right = true
				q.tp++
				if !hit[k] {
					hit[k] = true
					q.found++
					if pr.Partial && g.kind == kindPartial {
						q.partTP++
					}
					if pr.Opposite && g.kind == kindOpposite {
						q.oppTP++
					}
				}
				break
			}
		}
		if !right && debugFalse != nil {
			ra, rb := []rune(d.a), []rune(d.b)
			debugFalse("%s: wrong pair %q <-> %q", d.name, string(ra[pr.A.Start:pr.A.End]), string(rb[pr.B.Start:pr.B.End]))
		}
	}
	// One-sided: whole sentences in no gold pair, and the gold clauses.
	for i := range sa {
		if !inGoldA[i] && !neutralA[i] {
			q.onlyGold++
		}
	}
	for j := range sb {
		if !inGoldB[j] && !neutralB[j] {
			q.onlyGold++
		}
	}
	q.onlyGold += len(d.onlyA) + len(d.onlyB)
	side := func(only []Span, ss []Span, inGold, neutral map[int]bool) {
		for _, sp := range only {
			k := indexOf(ss, sp)
			if neutral[k] {
				continue
			}
			q.onlyPred++
			if inGold[k] {
				if debugFalse != nil {
					debugFalse("%s: false omitted-by %v", d.name, sp)
				}
				q.falseOmit++
			} else {
				q.onlyTP++
			}
		}
	}
	side(res.OnlyA, sa, inGoldA, neutralA)
	side(res.OnlyB, sb, inGoldB, neutralB)
	rest := func(got []Span, text string, want []string) {
		used := make([]bool, len(want))
		for _, sp := range got {
			q.onlyPred++
			before := q.onlyTP
			for k, w := range want {
				g := spanOf(t, d.name, text, w)
				if !used[k] && sp.Start < g.End && g.Start < sp.End {
					used[k] = true
					q.onlyTP++
					break
				}
			}
			if q.onlyTP == before {
				if debugFalse != nil {
					debugFalse("%s: false clause %q", d.name, string([]rune(text)[sp.Start:sp.End]))
				}
				q.falseOmit++ // a clause the other readout does tell, or none marked
			}
		}
	}
	rest(res.RestA, d.a, d.onlyA)
	rest(res.RestB, d.b, d.onlyB)
	return q
}

// debugFalse, when set, is told every wrong pair and false one-sided
// suggestion.
var debugFalse func(format string, args ...any)

// langGroups are the language pairs the figures are given for.
var langGroups = []struct{ key, name string }{
	{"en-ru", "English–Russian"},
	{"en-uk", "English–Ukrainian"},
	{"en-en", "English–English"},
}

const qualityHeader = "%-22s %4s %4s %4s %5s %5s | %4s %4s %5s %5s %6s | %-8s %-8s\n"
const qualityRow = "%-22s %4d %4d %4d %5.2f %5.2f | %4d %4d %5.2f %5.2f %6.3f | %2d/%2d/%-2d %2d/%2d/%-2d\n"

func (q quality) row(name string) string {
	return fmt.Sprintf(qualityRow, name, q.pred, q.gold, q.tp, q.precision(), q.recall(),
		q.onlyPred, q.onlyGold, q.onlyP(), q.onlyR(), q.falseOmitRate(), q.partTP, q.partGold, q.partPred, q.oppTP, q.oppGold, q.oppPred)
}

// report logs a precision/recall table for a set and returns the totals.
func report(t testing.TB, set string, docs []goldDoc, p params, perDoc bool) quality {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "\n"+qualityHeader, set, "pred", "gold", "tp", "P", "R", "1pr", "1gd", "1P", "1R", "false", "part", "opp")
	var total quality
	for _, d := range docs {
		q := evaluate(t, d, p)
		total.add(q)
		if perDoc {
			b.WriteString(q.row(d.name))
		}
	}
	b.WriteString(total.row("TOTAL"))
	t.Log(b.String())
	return total
}

// floors are the quality floors per language pair, a little under the
// figures measured when they were set (see docs/align.md, Gold set): low enough
// that an honest dictionary change does not trip them, high enough that a
// broken stemmer, transliteration or clause splitter does.
var floors = map[string]struct{ p, r, onlyP, falseOmit float64 }{
	// The false "omitted by" ceilings are the target of issue 16 (5%).
	"en-ru": {0.95, 0.95, 0.9, 0.05}, // measured 0.97, 1.00, 0.97, 0.034
	"en-uk": {0.95, 0.95, 0.9, 0.05}, // measured 1.00, 1.00, 1.00, 0.000
	"en-en": {0.95, 0.95, 0.9, 0.05}, // measured 0.98, 0.98, 0.96, 0.042
}

// TestPrecisionRecall is the quality floor, per language pair.
func TestPrecisionRecall(t *testing.T) {
	docs := loadGold(t)
	if len(docs) < 20 {
		t.Errorf("gold set has %d documents, want at least 20", len(docs))
	}
	var all quality
	for _, g := range langGroups {
		q := report(t, g.name, goldByLangs(docs, g.key), defaultParams, testing.Verbose())
		all.add(q)
		f := floors[g.key]
		if q.precision() < f.p || q.recall() < f.r || q.onlyP() < f.onlyP || q.falseOmitRate() > f.falseOmit {
			t.Errorf("%s: pair P %.2f (floor %.2f), R %.2f (floor %.2f); one-sided P %.2f (floor %.2f), false omitted-by %.3f (ceiling %.2f)",
				g.name, q.precision(), f.p, q.recall(), f.r, q.onlyP(), f.onlyP, q.falseOmitRate(), f.falseOmit)
		}
	}
	// Partial and opposite flags: measured 12/14 and 4/4 found, with 13
	// and 7 flagged; the floors are recall 0.7 and precision 0.5.
	if ratio(all.partTP, all.partGold) < 0.7 || ratio(all.partTP, all.partPred) < 0.5 {
		t.Errorf("partial pairs: %d of %d found, %d flagged", all.partTP, all.partGold, all.partPred)
	}
	if ratio(all.oppTP, all.oppGold) < 0.7 || ratio(all.oppTP, all.oppPred) < 0.5 {
		t.Errorf("opposite claims: %d of %d found, %d flagged", all.oppTP, all.oppGold, all.oppPred)
	}
}

// BenchmarkGold prints the gold-set figures per language pair as metrics
// (make bench): pair precision and recall, one-sided precision and recall,
// and the share of false "omitted by" suggestions.
func BenchmarkGold(b *testing.B) {
	docs := loadGold(b)
	for _, g := range langGroups {
		b.Run(g.key, func(b *testing.B) {
			set := goldByLangs(docs, g.key)
			var q quality
			for b.Loop() {
				q = quality{}
				for _, d := range set {
					q.add(evaluate(b, d, defaultParams))
				}
			}
			b.ReportMetric(q.precision(), "pairP")
			b.ReportMetric(q.recall(), "pairR")
			b.ReportMetric(q.onlyP(), "oneP")
			b.ReportMetric(q.onlyR(), "oneR")
			b.ReportMetric(q.falseOmitRate(), "falseOmit")
		})
	}
}

// TestThresholdSweep logs how precision and recall move with the thresholds
// and the neighbour bonus: the data behind the constants.
func TestThresholdSweep(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("logs a table; run with -v")
	}
	docs := loadGold(t)
	var b strings.Builder
	fmt.Fprintf(&b, "\n%6s %5s | %-13s | %-13s | %-13s\n", "thresh", "bonus", "en-ru P / R", "en-uk P / R", "en-en P / R")
	for _, th := range []float64{0.06, 0.08, 0.10, 0.12, 0.15, 0.18, 0.20, 0.25, 0.30} {
		for _, nb := range []float64{0, 0.25} {
			p := defaultParams
			p.threshold, p.neighbour = th, nb
			fmt.Fprintf(&b, "%6.2f %5.2f", th, nb)
			for _, g := range langGroups {
				var q quality
				for _, d := range goldByLangs(docs, g.key) {
					q.add(evaluate(t, d, p))
				}
				fmt.Fprintf(&b, " | %5.2f / %5.2f", q.precision(), q.recall())
			}
			b.WriteString("\n")
		}
	}
	t.Log(b.String())
}

// dumpAlign logs every sentence pair and leftover of a document (debugging).
func dumpAlign(t *testing.T, d goldDoc) {
	ra, rb := []rune(d.a), []rune(d.b)
	res := Align(d.a, d.b)
	for _, p := range res.Pairs {
		t.Logf("%.3f %q <-> %q", p.Score, string(ra[p.A.Start:p.A.End]), string(rb[p.B.Start:p.B.End]))
	}
	for _, s := range res.OnlyA {
		t.Logf("onlyA %q", string(ra[s.Start:s.End]))
	}
	for _, s := range res.OnlyB {
		t.Logf("onlyB %q", string(rb[s.Start:s.End]))
	}
}

func TestDump(t *testing.T) {
	if !testing.Verbose() {
		t.Skip()
	}
	for _, d := range loadGold(t) {
		t.Log("== " + d.name)
		dumpAlign(t, d)
	}
}

// TestHeldOut reports the figures on testdata/heldout: readout pairs in the
// gold format never used to choose the rules (three written before the
// rules were tuned for the false "omitted by" target, two after the third
// step of that work, see docs/align.md). They are few (five documents), so
// the figures are logged with -v and held only to loose floors.
func TestHeldOut(t *testing.T) {
	docs := loadGoldDir(t, "heldout")
	var all quality
	for _, g := range langGroups {
		all.add(report(t, "held out "+g.key, goldByLangs(docs, g.key), defaultParams, testing.Verbose()))
	}
	t.Log(all.row("ALL HELD OUT"))
	// Measured: pairs 26 of 26 right, 26 of 28 found; one-sided precision
	// 0.60, false "omitted by" 10 of 25 (most of them split claims, see
	// docs/align.md). The first three documents alone: 14 of 14 right and
	// found, 0.71, 4 of 14.
	if all.precision() < 0.9 || all.recall() < 0.9 || all.onlyP() < 0.55 || all.falseOmitRate() > 0.45 {
		t.Errorf("held out: pair P %.2f R %.2f (floors 0.9), one-sided P %.2f (floor 0.55), false omitted-by %.3f (ceiling 0.45)",
			all.precision(), all.recall(), all.onlyP(), all.falseOmitRate())
	}
}

// augment breaks near ties only: x1 and x0 compete for y0 and greedy gave
// it to x0; x0 has y1 left alone as well. The same with the readouts
// swapped.
func TestAugment(t *testing.T) {
	for _, tc := range []struct {
		name   string
		x1y0   float64 // rank of the pair greedy passed over (x0-y0 is 0.35)
		wantA  []int
		wantB0 int
	}{
		{"near tie: two pairs", 0.34, []int{1, 0}, 1},
		{"clear choice: kept", 0.29, []int{0, -1}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := [][]candidate{{{0, 0.35}, {1, 0.16}}, {{0, tc.x1y0}}}
			y := [][]candidate{{{0, 0.35}, {1, tc.x1y0}}, {{0, 0.16}}}
			partA, partB := []int{0, -1}, []int{0, -1}
			augment(partA, partB, x, y)
			if !slices.Equal(partA, tc.wantA) || partB[0] != tc.wantB0 {
				t.Errorf("partA %v partB %v, want partA %v and y0 with x%d", partA, partB, tc.wantA, tc.wantB0)
			}
			partA, partB = []int{0, -1}, []int{0, -1}
			augment(partB, partA, y, x) // a and b swapped
			if !slices.Equal(partA, tc.wantA) || partB[0] != tc.wantB0 {
				t.Errorf("swapped: partA %v partB %v, want partA %v and y0 with x%d", partA, partB, tc.wantA, tc.wantB0)
			}
		})
	}
}

// Swapping the two readouts swaps the suggestions and changes nothing else.
func TestAlignSymmetric(t *testing.T) {
	docs := append(loadGold(t), loadGoldDir(t, "heldout")...)
	for _, d := range docs {
		ab, ba := Align(d.a, d.b), Align(d.b, d.a)
		if len(ab.Pairs) != len(ba.Pairs) {
			t.Errorf("%s: %d pairs, %d swapped", d.name, len(ab.Pairs), len(ba.Pairs))
			continue
		}
		swapped := map[[2]Span]Pair{}
		for _, p := range ba.Pairs {
			swapped[[2]Span{p.B, p.A}] = p
		}
		for _, p := range ab.Pairs {
			q, ok := swapped[[2]Span{p.A, p.B}]
			if !ok || q.Partial != p.Partial || q.Opposite != p.Opposite {
				t.Errorf("%s: pair %v not found swapped (%v)", d.name, p, ok)
			}
		}
		if !slices.Equal(ab.OnlyA, ba.OnlyB) || !slices.Equal(ab.OnlyB, ba.OnlyA) ||
			!slices.Equal(ab.RestA, ba.RestB) || !slices.Equal(ab.RestB, ba.RestA) {
			t.Errorf("%s: one-sided suggestions differ when swapped", d.name)
		}
	}
}
