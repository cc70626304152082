package appbench

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"framecheck/app/fcjson"
	"framecheck/app/store"
	"framecheck/app/workspace"
)

// The long readout and the 10k workspace are made here, natively, with the
// app's own model (workspace.NewAnnotation snaps to graphemes and trims
// spaces exactly as the app does) and encoded with app/fcjson, so what the
// browser opens is a file the app itself could have written. Everything is
// derived from fixed seeds: every run opens the same bytes.

var benchT0 = time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)

var (
	latinWords = strings.Fields(`the president said talks were constructive and frank both sides
		agreed to continue contacts at expert level détente sanctions ceasefire négociations
		über façade naïve coöperation security guarantees sovereignty territorial integrity
		humanitarian corridor prisoner exchange grain deal energy infrastructure élan
		communiqué statement readout minutes discussed emphasised reaffirmed condemned`)
	cyrillicWords = strings.Fields(`президент подчеркнул что переговоры были конструктивными
		стороны договорились продолжить контакты на уровне экспертов безопасность гарантии
		суверенитет территориальная целостность гуманитарный коридор обмен пленными
		зерновая сделка энергетическая инфраструктура Україна переговори безпека обмін
		полонених заява зустріч Кремль Белый дом телефонный разговор длился час`)
	// Emoji that stress grapheme handling: ZWJ families and professions,
	// flags (regional indicator pairs), skin tones, variation selectors.
	emojiWords = []string{"🇺🇦", "🇷🇺", "🇺🇸", "👨‍👩‍👧‍👦", "👩‍💻", "🏳️‍🌈", "👍🏽", "✊🏿", "☎️", "🕊️", "📞", "🤝", "⚠️", "🔥"}
)

// genText returns a deterministic text of exactly n code points:
// paragraphs of 30 to 120 words separated by blank lines, mixing Latin
// (with accents), Russian and Ukrainian Cyrillic and about 4% emoji.
func genText(seed uint64, n int) string {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var b strings.Builder
	cps := 0
	add := func(s string) bool {
		c := utf8.RuneCountInString(s)
		if cps+c > n {
			return false
		}
		b.WriteString(s)
		cps += c
		return true
	}
	for cps < n {
		words := 30 + rng.IntN(91)
		cyr := rng.IntN(2) == 0 // each paragraph leans to one script
		for w := 0; w < words; w++ {
			var word string
			switch r := rng.IntN(100); {
			case r < 4:
				word = emojiWords[rng.IntN(len(emojiWords))]
			case (r < 70) == cyr:
				word = cyrillicWords[rng.IntN(len(cyrillicWords))]
			default:
				word = latinWords[rng.IntN(len(latinWords))]
			}
			if w == 0 {
				rs := []rune(word)
				word = strings.ToUpper(string(rs[:1])) + string(rs[1:])
			}
			sep := " "
			if w == words-1 {
				sep = ".\n\n"
			} else if rng.IntN(12) == 0 {
				sep = ", "
			}
			if !add(word + sep) {
				goto fill
			}
		}
	}
fill:
	for cps < n {
		add("x")
	}
	return b.String()
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// benchWorkspace is one generated workspace and what the page must show.
type benchWorkspace struct {
	WS        *workspace.Workspace
	JSON      []byte // framecheck v1, as the app stores and exports it
	Meta      store.Meta
	ReadoutID string
	TextLen16 int // UTF-16 length of the readout's text (textContent.length)
	Spans     int // annotations painted as Highlight ranges (not points)
	Points    int // omission points (markers)
	Nested    int // annotations inside an earlier one
	Crossing  int // annotations crossing an edge of an earlier one
}

// painted is the page condition (a JS arrow function) that w's readout is
// painted: its text and every span held (see __fcb.painted).
func (w *benchWorkspace) painted() string {
	return fmt.Sprintf(`() => __fcb.painted(%q, %d, %d)`, w.ReadoutID, w.TextLen16, w.Spans)
}

// openRow selects w's Open button in the Workspaces panel.
func (w *benchWorkspace) openRow() string {
	return fmt.Sprintf(`[data-workspace-row=%q] button[data-action="open-workspace"]`, w.WS.ID)
}

// openAsCurrent opens w from the Workspaces panel (opening the panel when
// its row is not shown), waits until it is painted, and leaves the app the
// time to remember it as the current workspace, so a reload opens it.
func openAsCurrent(tb *tab, w *benchWorkspace) {
	row := w.openRow()
	eval[bool](tb, 10*time.Second, fmt.Sprintf(`(document.querySelector(%q) || document.querySelector('button[data-action="workspaces"]').click(), true)`, row))
	tb.waitJS("the workspace in the list", fmt.Sprintf(`document.querySelector(%q)`, row), 30*time.Second)
	tb.click(row)
	eval[float64](tb, 70*time.Second, fmt.Sprintf(`__fcb.until(%s, 60000)`, w.painted()))
	time.Sleep(1500 * time.Millisecond) // the current workspace is remembered on open
}

// genWorkspace builds a workspace of one readout of textCP code points and
// k annotations: about 65% free spans of 3 to 200 code points, 15% nested in
// an earlier span, 15% crossing an edge of one, 5% omission points; tags in
// turn. Ids are fixed (tag is the first hex digit of every id).
func genWorkspace(tb testing.TB, tag byte, title string, seed uint64, textCP, k int) *benchWorkspace {
	tb.Helper()
	text := genText(seed, textCP)
	id := func(kind byte, i int) string {
		return fmt.Sprintf("%c%c000000-0000-4000-8000-%012d", tag, kind, i)
	}
	r := &workspace.Readout{ID: id('1', 0), Title: title + " readout", Source: "bench", Language: "ru", Text: text}
	w := &workspace.Workspace{ID: id('0', 0), Title: title, CreatedAt: benchT0, UpdatedAt: benchT0, Readouts: []*workspace.Readout{r}}
	rng := rand.New(rand.NewPCG(seed+1, seed*31+7))
	out := &benchWorkspace{WS: w, ReadoutID: r.ID, TextLen16: utf16Len(text)}
	var spans []*workspace.Annotation
	tags := workspace.Tags
	for i := 0; len(w.Annotations) < k; i++ {
		var start, end int
		kind := rng.IntN(100)
		var tg workspace.Tag
		switch {
		case kind < 5:
			tg = workspace.Omission
			start = rng.IntN(textCP)
			end = start
		case kind < 20 && len(spans) > 0: // nested in an earlier span
			p := spans[rng.IntN(len(spans))]
			if p.End-p.Start < 4 {
				continue
			}
			start = p.Start + rng.IntN((p.End-p.Start)/2)
			end = start + 1 + rng.IntN(p.End-start-1)
		case kind < 35 && len(spans) > 0: // crossing the end of an earlier span
			p := spans[rng.IntN(len(spans))]
			if p.End-p.Start < 2 || p.End+2 >= textCP {
				continue
			}
			start = p.Start + 1 + rng.IntN(p.End-p.Start-1)
			end = min(textCP, p.End+1+rng.IntN(120))
		default:
			start = rng.IntN(textCP - 3)
			end = min(textCP, start+3+rng.IntN(198))
		}
		if tg == "" {
			tg = tags[len(w.Annotations)%3]
		}
		a, err := w.NewAnnotation(r.ID, tg, start, end, "bench", benchT0)
		if err != nil {
			continue // a span of only spaces, say
		}
		a.ID = id('2', len(w.Annotations))
		if !a.IsPoint() {
			for _, p := range spans {
				switch {
				case a.Start >= p.Start && a.End <= p.End:
					out.Nested++
				case a.Start < p.End && a.End > p.End, a.Start < p.Start && a.End > p.Start:
					out.Crossing++
				default:
					continue
				}
				break
			}
			spans = append(spans, a)
			out.Spans++
		} else {
			out.Points++
		}
		w.Annotations = append(w.Annotations, a)
	}
	w.Sort()
	if err := w.Validate(); err != nil {
		tb.Fatalf("generated workspace %q is invalid: %v", title, err)
	}
	data, err := fcjson.Encode(w, benchT0)
	if err != nil {
		tb.Fatalf("encoding %q: %v", title, err)
	}
	out.JSON = data
	out.Meta = store.Meta{ID: w.ID, Title: w.Title, Readouts: 1, Annotations: len(w.Annotations), UpdatedAt: w.UpdatedAt, Rev: 1}
	return out
}

func TestGenerators(t *testing.T) {
	a, b := genText(7, 100_000), genText(7, 100_000)
	if a != b || utf8.RuneCountInString(a) != 100_000 {
		t.Fatalf("genText: not deterministic or not 100,000 code points (%d)", utf8.RuneCountInString(a))
	}
	w := genWorkspace(t, 'a', "Long readout", 7, 100_000, 2_000)
	if len(w.WS.Annotations) != 2000 || w.Spans+w.Points != 2000 || w.Nested == 0 || w.Crossing == 0 {
		t.Fatalf("long readout: %d annotations, %d spans, %d points, %d nested, %d crossing", len(w.WS.Annotations), w.Spans, w.Points, w.Nested, w.Crossing)
	}
	if _, err := fcjson.Decode(w.JSON); err != nil {
		t.Fatalf("the app would refuse the generated file: %v", err)
	}
	t.Logf("long readout: %d UTF-16 units, %d spans (%d nested, %d crossing), %d points, %d bytes of JSON", w.TextLen16, w.Spans, w.Nested, w.Crossing, w.Points, len(w.JSON))
}
