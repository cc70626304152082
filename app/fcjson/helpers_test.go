package fcjson

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"framecheck/app/workspace"
)

// t0 is the fixed clock of the tests.
var t0 = time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)

// Fixed ids of the golden workspace.
const (
	idWS  = "0b7f3c1e-6d2a-4c59-9e1b-2f8a7d6c5b40"
	idKR  = "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5"
	idAR  = "2d3e4f5a-6b7c-4d8e-9fa0-b1c2d3e4f5a6"
	idEN  = "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7"
	idA1  = "a1000000-0000-4000-8000-000000000001"
	idA2  = "a1000000-0000-4000-8000-000000000002"
	idA3  = "a1000000-0000-4000-8000-000000000003"
	idA4  = "a1000000-0000-4000-8000-000000000004"
	idA5  = "a1000000-0000-4000-8000-000000000005"
	idA6  = "a1000000-0000-4000-8000-000000000006"
	idA7  = "a1000000-0000-4000-8000-000000000007"
	idA8  = "a1000000-0000-4000-8000-000000000008"
	textK = "🇷🇺 Телефонный разговор Президента России с «партнёрами».\n" +
		"\n" +
		"Стороны обсудили <b>&amp;</b> вопросы; \"кавычки\", обратный слэш \\ и\tтабуляция.\n" +
		"Эмодзи: 👩🏽‍💻 программистка и 👨‍👩‍👧 семья. Конец."
	textA = "قال المتحدث إن المُحادَثة كانت «بنّاءة» وإن الجانبين اتفقا على مواصلة الاتصالات.\n" +
		"Café (cafe\u0301) and Zu\u0308rich are spelled with combining marks."
	textE = "<p>Readout &amp; notes</p>\nThe leaders spoke for an hour. Nothing else was said."
)

// golden returns the deterministic workspace of the golden file: three
// scripts, astral and combining characters, HTML-ish text, every tag, a
// point omission without omittedBy and a span omission with it. Its
// annotations are deliberately out of canonical order.
func golden(tb testing.TB) *workspace.Workspace {
	tb.Helper()
	kr := &workspace.Readout{ID: idKR, Title: "Kremlin readout", Source: "Kremlin press service (Telegram)",
		URL: "https://example.org/kremlin?a=1&b=<2>", PublishedAt: "2026-07-05", Language: "ru", Text: textK}
	ar := &workspace.Readout{ID: idAR, Title: "بيان الرئاسة", Source: "Arabic desk", Language: "ar", Text: textA}
	en := &workspace.Readout{ID: idEN, Title: "White House <readout>", Text: textE}
	w := &workspace.Workspace{ID: idWS, Title: "Call of 5 July — «test» & <check>", CreatedAt: t0.Add(-time.Hour), UpdatedAt: t0,
		Readouts: []*workspace.Readout{kr, ar, en}}
	w.Annotations = []*workspace.Annotation{
		mkAnn(tb, en, idA5, workspace.Framing, "<p>Readout &amp; notes</p>", false, "HTML stays as it is: <i>&lt;</i>", "Анна"),
		mkAnn(tb, kr, idA3, workspace.Omission, "Конец.", true, "Nothing on Ukraine.\nSecond line\u2028separator\tand tab.", ""),
		mkAnn(tb, kr, idA2, workspace.Framing, "👩🏽‍💻", false, "", "framecheck test"),
		mkAnn(tb, kr, idA7, workspace.Framing, "«партнёрами»", false, "same span, sorted by id", ""),
		mkAnn(tb, kr, idA1, workspace.Fact, "«партнёрами»", false, "", ""),
		mkAnn(tb, kr, idA6, workspace.Fact, "«партнёрами».", false, "longer span, sorted by end", ""),
		mkAnn(tb, ar, idA4, workspace.Omission, "المُحادَثة كانت «بنّاءة»", false, "Neither other readout calls it constructive.", ""),
		mkAnn(tb, ar, idA8, workspace.Fact, "cafe\u0301", false, "", ""),
	}
	w.Annotations[6].OmittedBy = []string{idEN, idKR}
	if err := w.Validate(); err != nil {
		tb.Fatalf("golden workspace: %v", err)
	}
	return w
}

// mkAnn quotes the first occurrence of quote in r, independently of
// textpos: offsets and context are counted with []rune.
func mkAnn(tb testing.TB, r *workspace.Readout, id string, tag workspace.Tag, quote string, point bool, note, author string) *workspace.Annotation {
	tb.Helper()
	b := strings.Index(r.Text, quote)
	if b < 0 {
		tb.Fatalf("quote %q not in %q", quote, r.Title)
	}
	start := utf8.RuneCountInString(r.Text[:b])
	end := start + utf8.RuneCountInString(quote)
	if point {
		start = end
	}
	prefix, exact, suffix := runeQuote(r.Text, start, end)
	return &workspace.Annotation{ID: id, ReadoutID: r.ID, Tag: tag, Start: start, End: end,
		Exact: exact, Prefix: prefix, Suffix: suffix, Note: note, Author: author,
		CreatedAt: t0.Add(-30 * time.Minute), UpdatedAt: t0}
}

// runeQuote is the reference quote: exact and 32 code points either side.
func runeQuote(text string, start, end int) (prefix, exact, suffix string) {
	rs := []rune(text)
	return string(rs[max(0, start-workspace.ContextLen):start]), string(rs[start:end]),
		string(rs[end:min(len(rs), end+workspace.ContextLen)])
}

// big returns a workspace of one readout of n code points (mixed scripts)
// with k annotations, for benchmarks.
func big(tb testing.TB, n, k int) *workspace.Workspace {
	tb.Helper()
	unit := []rune("Президенты обсудили ситуацию 🇺🇦 and the wider <Middle East> & Iran. ")
	rs := make([]rune, 0, n)
	for len(rs) < n {
		rs = append(rs, unit[:min(len(unit), n-len(rs))]...)
	}
	r := &workspace.Readout{ID: "5e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7", Title: "Big readout", Text: string(rs)}
	w := &workspace.Workspace{ID: idWS, Title: "Big", CreatedAt: t0, UpdatedAt: t0, Readouts: []*workspace.Readout{r}}
	t := r.Positions()
	tags := workspace.Tags
	for i := range k {
		start := (i * 7919) % (n - 40)
		end := start + 1 + i%37
		tag := tags[i%3]
		if tag == workspace.Omission && i%2 == 0 {
			end = start
		}
		prefix, exact, suffix, err := t.Quote(start, end, workspace.ContextLen)
		if err != nil {
			tb.Fatal(err)
		}
		w.Annotations = append(w.Annotations, &workspace.Annotation{
			ID: fmt.Sprintf("b0000000-0000-4000-8000-%012d", i), ReadoutID: r.ID, Tag: tag,
			Start: start, End: end, Exact: exact, Prefix: prefix, Suffix: suffix,
			Note: "note <" + fmt.Sprint(i) + ">", Author: "bench", CreatedAt: t0, UpdatedAt: t0,
		})
	}
	if err := w.Validate(); err != nil {
		tb.Fatalf("big workspace: %v", err)
	}
	return w
}

// diffWorkspaces describes the first difference between two workspaces in
// their exported fields (the readouts' position caches do not count).
func diffWorkspaces(a, b *workspace.Workspace) string {
	if a.ID != b.ID || a.Title != b.Title || !a.CreatedAt.Equal(b.CreatedAt) || !a.UpdatedAt.Equal(b.UpdatedAt) {
		return fmt.Sprintf("workspace header: %q %q %v %v vs %q %q %v %v", a.ID, a.Title, a.CreatedAt, a.UpdatedAt, b.ID, b.Title, b.CreatedAt, b.UpdatedAt)
	}
	if len(a.Readouts) != len(b.Readouts) {
		return fmt.Sprintf("%d readouts vs %d", len(a.Readouts), len(b.Readouts))
	}
	for i, r := range a.Readouts {
		s := b.Readouts[i]
		if r.ID != s.ID || r.Title != s.Title || r.Source != s.Source || r.URL != s.URL ||
			r.PublishedAt != s.PublishedAt || r.Language != s.Language || r.Text != s.Text {
			return fmt.Sprintf("readouts[%d] differ", i)
		}
	}
	if len(a.Annotations) != len(b.Annotations) {
		return fmt.Sprintf("%d annotations vs %d", len(a.Annotations), len(b.Annotations))
	}
	for i, x := range a.Annotations {
		y := b.Annotations[i]
		if x.ID != y.ID || x.ReadoutID != y.ReadoutID || x.Tag != y.Tag || x.Start != y.Start || x.End != y.End ||
			x.Exact != y.Exact || x.Prefix != y.Prefix || x.Suffix != y.Suffix || x.Note != y.Note ||
			x.Author != y.Author || !slices.Equal(x.OmittedBy, y.OmittedBy) ||
			!x.CreatedAt.Equal(y.CreatedAt) || !x.UpdatedAt.Equal(y.UpdatedAt) {
			return fmt.Sprintf("annotations[%d] differ: %+v vs %+v", i, *x, *y)
		}
	}
	return ""
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
