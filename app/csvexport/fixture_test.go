package csvexport

// The shared test fixture of the format packages (the same file is in
// app/doccano, app/labelstudio, app/csvexport, app/report and app/formats,
// with its package name changed).

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"framecheck/app/workspace"
)

// t0 is the fixed clock of the tests.
var t0 = time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)

// Fixed ids.
const (
	idWS = "0b7f3c1e-6d2a-4c59-9e1b-2f8a7d6c5b40"
	idKR = "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5"
	idAR = "2d3e4f5a-6b7c-4d8e-9fa0-b1c2d3e4f5a6"
	idEN = "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7"
)

func annID(i int) string { return fmt.Sprintf("a1000000-0000-4000-8000-%012d", i) }

const (
	hostile = "<img src=x onerror=alert(1)>"
	textK   = "🇷🇺🇺🇸 Телефонный разговор Президента России с «партнёрами».\n" +
		"\n" +
		"Стороны обсудили <b>&amp;</b> вопросы; \"кавычки\", обратный слэш \\ и\tтабуляция.\n" +
		"Эмодзи: 👩🏽‍💻 программистка и 👨‍👩‍👧 семья. Конец."
	textA = "قال المتحدث إن المُحادَثة كانت «بنّاءة» وإن الجانبين اتفقا على مواصلة الاتصالات.\n" +
		"Café (cafe\u0301) and Zu\u0308rich are spelled with combining marks."
	textE = "<p>Readout &amp; notes</p> " + hostile + "\n" +
		"=HYPERLINK(\"http://evil.example\",\"x\") The leaders spoke for an hour.\n" +
		"    - indented list? # not a heading\n" +
		"Nothing else was said."
)

// fixture is a deterministic workspace: three scripts, astral characters
// (flags, ZWJ sequences with a skin tone), combining marks, HTML and
// formula-looking text, every tag, overlapping spans, an omission point and
// a span omission with omittedBy.
func fixture(tb testing.TB) *workspace.Workspace {
	tb.Helper()
	kr := &workspace.Readout{ID: idKR, Title: "Kremlin readout", Source: "Kremlin press service (Telegram)",
		URL: "https://example.org/kremlin?a=1&b=<2>", PublishedAt: "2026-07-05", Language: "ru", Text: textK}
	ar := &workspace.Readout{ID: idAR, Title: "بيان الرئاسة", Source: "Arabic desk", Language: "ar", Text: textA}
	en := &workspace.Readout{ID: idEN, Title: "White House " + hostile, URL: "javascript:alert(1)", Text: textE}
	w := &workspace.Workspace{ID: idWS, Title: "Call of 5 July — «test» & " + hostile, CreatedAt: t0.Add(-time.Hour), UpdatedAt: t0,
		Readouts: []*workspace.Readout{kr, ar, en}}
	w.Annotations = []*workspace.Annotation{
		mkAnn(tb, kr, 1, workspace.Fact, "«партнёрами»", false, "", ""),
		mkAnn(tb, kr, 2, workspace.Framing, "👩🏽‍💻", false, "", "framecheck test"),
		mkAnn(tb, kr, 3, workspace.Omission, "Конец.", true, "Nothing on Ukraine.\nSecond line\u2028separator\tand tab.", ""),
		mkAnn(tb, kr, 4, workspace.Framing, "🇷🇺🇺🇸 Телефонный", false, "Flags open the post.", "Анна"),
		mkAnn(tb, kr, 5, workspace.Fact, "Телефонный разговор", false, "overlaps the framing", ""),
		mkAnn(tb, kr, 6, workspace.Framing, "«партнёрами»", false, "same span as a fact", ""),
		mkAnn(tb, ar, 7, workspace.Omission, "المُحادَثة كانت «بنّاءة»", false, "Neither other readout calls it constructive.", ""),
		mkAnn(tb, ar, 8, workspace.Fact, "cafe\u0301", false, "", ""),
		mkAnn(tb, en, 9, workspace.Framing, "<p>Readout &amp; notes</p> "+hostile, false, "note with "+hostile, "<b>author</b>"),
		mkAnn(tb, en, 10, workspace.Fact, "=HYPERLINK(\"http://evil.example\",\"x\")", false, "=1+1", "@mention"),
		mkAnn(tb, en, 11, workspace.Omission, "    - indented", true, "-starts with a minus", ""),
	}
	w.Annotations[6].OmittedBy = []string{idEN, idKR}
	w.Sort()
	if err := w.Validate(); err != nil {
		tb.Fatalf("fixture: %v", err)
	}
	return w
}

// mkAnn quotes the first occurrence of quote in r, counting with []rune.
func mkAnn(tb testing.TB, r *workspace.Readout, i int, tag workspace.Tag, quote string, point bool, note, author string) *workspace.Annotation {
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
	rs := []rune(r.Text)
	return &workspace.Annotation{ID: annID(i), ReadoutID: r.ID, Tag: tag, Start: start, End: end,
		Exact: string(rs[start:end]), Prefix: string(rs[max(0, start-workspace.ContextLen):start]),
		Suffix: string(rs[end:min(len(rs), end+workspace.ContextLen)]), Note: note, Author: author,
		CreatedAt: t0.Add(-30 * time.Minute), UpdatedAt: t0}
}

// seqIDs returns a deterministic id generator.
func seqIDs() func() string {
	n := 0
	return func() string {
		n++
		return fmt.Sprintf("f0000000-0000-4000-8000-%012d", n)
	}
}
