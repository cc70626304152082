package anchor

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"framecheck/app/textpos"
)

const ctx = 32

// target quotes the nth (from 0) occurrence of quote in text; with point,
// the point just before it.
func target(tb testing.TB, text, quote string, n int, point bool) Target {
	tb.Helper()
	occ := textpos.New(text).Find(quote)
	if n >= len(occ) {
		tb.Fatalf("test bug: %q occurs %d times", quote, len(occ))
	}
	s, e := occ[n], occ[n]+utf8.RuneCountInString(quote)
	if point {
		e = s
	}
	p, x, sf, err := textpos.New(text).Quote(s, e, ctx)
	if err != nil {
		tb.Fatal(err)
	}
	return Target{Start: s, End: e, Quote: Quote{Exact: x, Prefix: p, Suffix: sf}}
}

// checkPlacements checks the invariant of Reanchor: every placement is an
// orphan with its target's own span and quote, or sits on grapheme
// boundaries of new with new[Start:End] == Exact.
func checkPlacements(tb testing.TB, new *textpos.Text, targets []Target, got []Placement) {
	tb.Helper()
	if len(got) != len(targets) {
		tb.Fatalf("%d placements for %d targets", len(got), len(targets))
	}
	for i, p := range got {
		if p.Method == Orphan {
			if p.Start != targets[i].Start || p.End != targets[i].End || p.Quote != targets[i].Quote {
				tb.Errorf("orphan %d changed: %+v, target %+v", i, p, targets[i])
			}
			continue
		}
		s, err := new.Slice(p.Start, p.End)
		if err != nil || s != p.Exact {
			tb.Errorf("placement %d (%s): new[%d:%d] = %q (%v), exact %q", i, p.Method, p.Start, p.End, s, err, p.Exact)
		}
		if !new.IsBoundary(p.Start) || !new.IsBoundary(p.End) {
			tb.Errorf("placement %d (%s) %d-%d splits a grapheme cluster", i, p.Method, p.Start, p.End)
		}
		if p.Method != Fuzzy && p.Exact != targets[i].Exact {
			tb.Errorf("placement %d (%s): quote %q became %q", i, p.Method, targets[i].Exact, p.Exact)
		}
	}
}

func reanchor(old, new string, targets []Target) []Placement {
	return Reanchor(Compute(old, new), textpos.New(old), textpos.New(new), targets, ctx)
}

const readout = "The two presidents spoke by telephone on Tuesday. They discussed the situation in the region and agreed to continue contacts.\n\n" +
	"The Russian side stressed that 1,200 prisoners had been exchanged. The American side raised the question of grain exports.\n\n" +
	"Both leaders expressed satisfaction with the constructive tone of the conversation."

// TestReanchorEditPatterns: the edits official readouts go through.
func TestReanchorEditPatterns(t *testing.T) {
	type want struct {
		quote  string // the target's quote in the old text (first occurrence)
		point  bool
		method Method
		exact  string // the new exact ("" = unchanged quote)
	}
	cases := []struct {
		name string
		edit func(string) string
		want []want
	}{
		{name: "sentence removed",
			edit: func(s string) string {
				return strings.Replace(s, " They discussed the situation in the region and agreed to continue contacts.", "", 1)
			},
			want: []want{
				{quote: "spoke by telephone", method: Mapped},
				{quote: "agreed to continue contacts", method: Orphan},
				{quote: "1,200 prisoners", method: Mapped},
				{quote: "constructive tone", method: Mapped},
				{quote: " The American", point: true, method: Mapped},
			}},
		{name: "word replaced",
			edit: func(s string) string { return strings.Replace(s, "stressed", "noted", 1) },
			want: []want{
				{quote: "The Russian side stressed that 1,200 prisoners", method: Fuzzy, exact: "The Russian side noted that 1,200 prisoners"},
				{quote: "prisoners had been exchanged", method: Mapped},
				{quote: "stressed", method: Orphan},
			}},
		{name: "paragraph moved",
			edit: func(s string) string {
				ps := strings.Split(s, "\n\n")
				return ps[2] + "\n\n" + ps[0] + "\n\n" + ps[1]
			},
			want: []want{
				{quote: "constructive tone", method: Found},
				{quote: "spoke by telephone", method: Mapped},
				{quote: "grain exports", method: Mapped},
			}},
		{name: "figure changed",
			edit: func(s string) string { return strings.Replace(s, "1,200", "1,500", 1) },
			want: []want{
				{quote: "1,200 prisoners had been exchanged", method: Fuzzy, exact: "1,500 prisoners had been exchanged"},
				{quote: "1,200", method: Fuzzy, exact: "1,500"},
				{quote: "exchanged", method: Mapped},
			}},
		{name: "whitespace-only change",
			edit: func(s string) string {
				return strings.ReplaceAll(strings.ReplaceAll(s, "\n\n", "\n\n\n"), ". ", ".  ")
			},
			want: []want{
				{quote: "spoke by telephone", method: Mapped},
				{quote: "Tuesday. They", method: Fuzzy, exact: "Tuesday.  They"},
				{quote: "grain exports", method: Mapped},
				{quote: "\n\nBoth", point: true, method: Mapped},
			}},
		{name: "rewritten beyond recognition",
			edit: func(string) string {
				return "Совместное заявление: стороны договорились о новых мерах доверия и обмене делегациями в ближайшие месяцы."
			},
			want: []want{
				{quote: "spoke by telephone", method: Orphan},
				{quote: "constructive tone", method: Orphan},
				{quote: " The American", point: true, method: Orphan},
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			neu := c.edit(readout)
			var targets []Target
			for _, w := range c.want {
				targets = append(targets, target(t, readout, w.quote, 0, w.point))
			}
			got := reanchor(readout, neu, targets)
			checkPlacements(t, textpos.New(neu), targets, got)
			for i, w := range c.want {
				exact := w.exact
				if exact == "" && !w.point && w.method != Orphan {
					exact = w.quote
				}
				if got[i].Method != w.method || (w.method != Orphan && got[i].Exact != exact) {
					t.Errorf("%q: %s %q, want %s %q", w.quote, got[i].Method, got[i].Exact, w.method, exact)
				}
			}
		})
	}
}

// corpus is one sentence in each of 12 scripts, with emoji ZWJ sequences,
// flags and combining marks between them.
var corpus = []string{
	"Президенты обсудили ситуацию на Украине.",                         // Cyrillic
	"Οι πρόεδροι συζήτησαν την κατάσταση.",                             // Greek
	"ناقش الرئيسان الوضع في المنطقة.",                                  // Arabic
	"הנשיאים דנו במצב באזור.",                                          // Hebrew
	"राष्ट्रपतियों ने क्षेत्र की स्थिति पर चर्चा की।",                  // Devanagari
	"রাষ্ট্রপতিরা পরিস্থিতি নিয়ে আলোচনা করেন।",                        // Bengali
	"ประธานาธิบดีทั้งสองหารือสถานการณ์",                                // Thai
	"两国元首讨论了地区局势。",                                                     // Han
	"両首脳は地域情勢について協議した。",                                                // Japanese kana and kanji
	"양국 정상은 지역 정세를 논의했다.",                                              // Hangul
	"პრეზიდენტებმა განიხილეს ვითარება.",                                // Georgian
	"Cafe\u0301 👩‍👩‍👧‍👦 🇺🇦 👍🏽 the presidents discussed the situation.", // Latin, combining mark, emoji
}

// TestReanchorCorpus: in a text of 12 scripts, each sentence annotated; a
// word inserted into every sentence's neighbour and one sentence dropped.
// Every annotation of a surviving sentence is re-anchored on its own text;
// the dropped one is an orphan.
func TestReanchorCorpus(t *testing.T) {
	old := strings.Join(corpus, "\n")
	var kept []string
	for i, s := range corpus {
		if i == 5 {
			continue // dropped
		}
		kept = append(kept, "✱ "+s)
	}
	neu := strings.Join(kept, "\n")
	var targets []Target
	for _, s := range corpus {
		targets = append(targets, target(t, old, s, 0, false))
	}
	got := reanchor(old, neu, targets)
	checkPlacements(t, textpos.New(neu), targets, got)
	for i, p := range got {
		switch {
		case i == 5 && p.Method != Orphan:
			t.Errorf("the dropped sentence is %s at %d-%d", p.Method, p.Start, p.End)
		case i != 5 && (p.Method == Orphan || p.Exact != corpus[i]):
			t.Errorf("sentence %d: %s %q", i, p.Method, p.Exact)
		}
	}
}

// TestDiffSummary: counts and the edges of changes on grapheme clusters.
func TestDiffSummary(t *testing.T) {
	d := Compute("1,200 prisoners; Cafe\u0301 🇺🇦 ok.", "1,500 prisoners; Cafe 🇺🇸 ok!")
	s := d.Summary()
	// Semantic cleanup folds the one-space equality between the accent and
	// the flag into their change: "e\u0301 🇺🇦" → "e 🇺🇸", whole clusters.
	if s.Passages != 3 || s.Removed != 1+5+1 || s.Added != 1+4+1 {
		t.Errorf("summary %+v, ops %+v", s, d.Ops)
	}
	old := textpos.New("1,200 prisoners; Cafe\u0301 🇺🇦 ok.")
	neu := textpos.New("1,500 prisoners; Cafe 🇺🇸 ok!")
	for _, op := range d.Ops {
		if !old.IsBoundary(op.OldStart) || !old.IsBoundary(op.OldEnd) || !neu.IsBoundary(op.NewStart) || !neu.IsBoundary(op.NewEnd) {
			t.Errorf("op %+v splits a cluster", op)
		}
	}
}

// FuzzReanchor: random edits of a mixed-script text; every annotation is
// re-anchored on its text or an orphan, never lost, never a panic.
func FuzzReanchor(f *testing.F) {
	f.Add(uint64(1), uint8(5))
	f.Add(uint64(42), uint8(40))
	f.Add(uint64(7), uint8(200))
	f.Fuzz(func(t *testing.T, seed uint64, edits uint8) {
		rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
		old := strings.Join(corpus, " ") + "\n" + readout
		or := []rune(old)
		var targets []Target
		ot := textpos.New(old)
		for range 40 {
			s := rng.IntN(len(or))
			e := min(len(or), s+rng.IntN(30))
			if rng.IntN(5) == 0 {
				e = s
			}
			s, e = ot.SnapSpan(s, e)
			p, x, sf, _ := ot.Quote(s, e, ctx)
			targets = append(targets, Target{Start: s, End: e, Quote: Quote{Exact: x, Prefix: p, Suffix: sf}})
		}
		nr := append([]rune(nil), or...)
		pieces := []string{"a", "ё", "👩‍💻", "\u0301", " ", "\n", "ع", "🇺🇦", "the "}
		for range int(edits) % 64 {
			if len(nr) == 0 {
				break
			}
			at := rng.IntN(len(nr))
			switch rng.IntN(3) {
			case 0: // delete
				l := min(len(nr)-at, rng.IntN(12))
				nr = append(nr[:at], nr[at+l:]...)
			case 1: // insert
				ins := []rune(pieces[rng.IntN(len(pieces))])
				nr = append(nr[:at], append(ins, nr[at:]...)...)
			default: // replace
				nr[at] = []rune(pieces[rng.IntN(len(pieces))])[0]
			}
		}
		neu := string(nr)
		got := reanchor(old, neu, targets)
		checkPlacements(t, textpos.New(neu), targets, got)
	})
}

// BenchmarkReanchor: a new version of a 100,000-code-point readout with
// 2,000 annotations and 1% of its words edited: diff and re-anchoring.
func BenchmarkReanchor(b *testing.B) {
	var sb strings.Builder
	for i := 0; sb.Len() < 300_000; i++ {
		fmt.Fprintf(&sb, "%s %d. ", corpus[i%len(corpus)], i)
	}
	old := string([]rune(sb.String())[:100_000])
	ot := textpos.New(old)
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Split(old, " ")
	for range len(words) / 100 {
		words[rng.IntN(len(words))] = "edited"
	}
	neu := strings.Join(words, " ")
	targets := make([]Target, 2000)
	for i := range targets {
		s := rng.IntN(ot.Len() - 40)
		s, e := ot.SnapSpan(s, s+1+rng.IntN(30))
		p, x, sf, _ := ot.Quote(s, e, ctx)
		targets[i] = Target{Start: s, End: e, Quote: Quote{Exact: x, Prefix: p, Suffix: sf}}
	}
	b.ResetTimer()
	for b.Loop() {
		nt := textpos.New(neu)
		Reanchor(Compute(old, neu), textpos.New(old), nt, targets, ctx)
	}
}

func TestSimilarity(t *testing.T) {
	cases := []struct {
		a, b string
		want float64
	}{
		{"", "", 1},
		{"abc", "", 0},
		{"for ninety minutes", "for eighty minutes", 1 - 3.0/18},
		{"кот", "кит", 1 - 1.0/3},
		{"👩🏽‍💻", "👩‍💻", 1 - 1.0/4},
	}
	for _, c := range cases {
		if got := Similarity(c.a, c.b); got < c.want-1e-9 || got > c.want+1e-9 {
			t.Errorf("Similarity(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// TestSimilarityTrimsOnlyWhatIsCommon: skipping the common prefix and
// suffix gives the distance of the whole strings.
func TestSimilarityTrimsOnlyWhatIsCommon(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	alpha := []rune("abа́🇺🇦 ")
	gen := func() []rune {
		rs := make([]rune, rng.IntN(12))
		for i := range rs {
			rs[i] = alpha[rng.IntN(len(alpha))]
		}
		return rs
	}
	for range 5000 {
		a, b := gen(), gen()
		if rng.IntN(2) == 0 { // share a prefix and a suffix
			p, s := gen(), gen()
			a = append(append(slices.Clone(p), a...), s...)
			b = append(append(slices.Clone(p), b...), s...)
		}
		want := 1.0
		if n := max(len(a), len(b)); n > 0 {
			want = 1 - float64(levenshtein(a, b))/float64(n)
		}
		if got := Similarity(string(a), string(b)); got != want {
			t.Fatalf("Similarity(%q, %q) = %v, want %v", string(a), string(b), got, want)
		}
	}
}

// TestTokensASCIIShortcut: tokens cuts exactly as asking uniseg for every
// cluster does, on the 12-script corpus and on random mixes of ASCII, CR
// LF, combining marks, regional indicators and emoji sequences.
func TestTokensASCIIShortcut(t *testing.T) {
	slow := func(s string, words bool) []string {
		var out []string
		state, start, prevClass := -1, 0, 0
		for i := 0; i < len(s); {
			cluster, _, _, st := uniseg.FirstGraphemeClusterInString(s[i:], state)
			state = st
			class := 0
			if words {
				r, _ := utf8.DecodeRuneInString(cluster)
				switch {
				case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
					class = 1
				case unicode.IsSpace(r):
					class = 2
				}
			}
			if i > start && (class == 0 || class != prevClass) {
				out = append(out, s[start:i])
				start = i
			}
			prevClass = class
			i += len(cluster)
		}
		if start < len(s) {
			out = append(out, s[start:])
		}
		return out
	}
	pieces := []string{"a", "b", " ", "\r", "\n", "\r\n", "1", ",", "#", "e\u0301", "\u0301", "\u200d", "🇺", "🇦", "🇺🇦", "👨‍👩‍👧", "\ufe0f", "\u20e3", "я", "क्", "ि", "\u0e33", "ж", "Ж", "\u0483", "ё", "λ", "é", "©", "\u00ad", "\u0085", "\u052f"}
	texts := []string{strings.Join(corpus, "\n")}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(16) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		for _, words := range []bool{true, false} {
			if got, want := tokens(s, words), slow(s, words); !slices.Equal(got, want) {
				t.Fatalf("tokens(%q, %v) = %q, want %q", s, words, got, want)
			}
		}
	}
}

// TestSimpleRunes: two runes simpleRune accepts are always two grapheme
// clusters, by uniseg's rules (which the tokens shortcut skips).
func TestSimpleRunes(t *testing.T) {
	var simple []rune
	for r := rune(0); r < 0x600; r++ {
		if simpleRune(r) && utf8.ValidRune(r) {
			simple = append(simple, r)
		}
	}
	for _, a := range simple {
		for _, b := range simple {
			s := string(a) + string(b)
			if c, _, _, _ := uniseg.FirstGraphemeClusterInString(s, -1); c != string(a) {
				t.Fatalf("%U %U: uniseg's first cluster is %q, not %q", a, b, c, string(a))
			}
		}
	}
}

// TestFuzzyWindow: fuzzy's window, cut to where Bitap can accept a match,
// finds what a window twice as wide finds, on edited texts of the 12-script
// corpus and on repetitive ones (where exact copies of the quote lie at
// every distance), with the expected place off by up to 800 code points.
func TestFuzzyWindow(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	var prose strings.Builder
	for i := 0; prose.Len() < 40_000; i++ {
		fmt.Fprintf(&prose, "%s %d. ", corpus[i%len(corpus)], i)
	}
	texts := []string{prose.String(), strings.Repeat("the talks were long and the talks were frank ", 300), strings.Repeat("ab", 3000)}
	checked, found := 0, 0
	for _, old := range texts {
		or := []rune(old)
		for range 400 {
			s := rng.IntN(len(or) - 80)
			q := string(or[s : s+MinFuzzyLen+rng.IntN(60)])
			// Edit the text around the quote: replace, drop or insert a few
			// code points, sometimes inside the quote.
			nr := slices.Clone(or)
			for range 1 + rng.IntN(6) {
				at := max(0, min(len(nr)-1, s-40+rng.IntN(120)))
				switch rng.IntN(3) {
				case 0:
					nr[at] = []rune("xё ع")[rng.IntN(4)]
				case 1:
					nr = append(nr[:at], nr[min(len(nr), at+1+rng.IntN(4)):]...)
				default:
					nr = slices.Insert(nr, at, []rune("new words ")...)
				}
			}
			nt := textpos.New(string(nr))
			expected := max(0, min(nt.Len(), s+rng.IntN(1601)-800))
			s1, e1, sim1, ok1 := fuzzyWithin(nt, q, expected, bitapReach)
			s2, e2, sim2, ok2 := fuzzyWithin(nt, q, expected, matchDistance)
			if s1 != s2 || e1 != e2 || sim1 != sim2 || ok1 != ok2 {
				t.Fatalf("quote %q near %d: window %d gives [%d,%d) %.3f %v, window %d gives [%d,%d) %.3f %v",
					q, expected, bitapReach, s1, e1, sim1, ok1, matchDistance, s2, e2, sim2, ok2)
			}
			checked++
			if ok1 {
				found++
			}
		}
	}
	if found < checked/4 {
		t.Fatalf("only %d of %d quotes found: the cases do not exercise matching", found, checked)
	}
}
