package w3c

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"framecheck/app/fcjson"
	"framecheck/app/workspace"
)

// t0 is the fixed clock of the tests.
var t0 = time.Date(2026, 7, 5, 7, 47, 0, 0, time.UTC)

// Fixed ids of the golden workspace (the same as fcjson's golden file).
const (
	idWS = "0b7f3c1e-6d2a-4c59-9e1b-2f8a7d6c5b40"
	idKR = "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5"
	idAR = "2d3e4f5a-6b7c-4d8e-9fa0-b1c2d3e4f5a6"
	idEN = "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7"
	idA1 = "a1000000-0000-4000-8000-000000000001"
	idA2 = "a1000000-0000-4000-8000-000000000002"
	idA3 = "a1000000-0000-4000-8000-000000000003"
	idA4 = "a1000000-0000-4000-8000-000000000004"
	idA5 = "a1000000-0000-4000-8000-000000000005"
	idA6 = "a1000000-0000-4000-8000-000000000006"
	idA7 = "a1000000-0000-4000-8000-000000000007"
	idA8 = "a1000000-0000-4000-8000-000000000008"
	idA9 = "a1000000-0000-4000-8000-000000000009"

	urlKR = "https://example.org/kremlin/events/1?a=1&b=2"

	// Cyrillic, a flag, an emoji ZWJ sequence with a skin tone (👩🏽‍💻) and
	// a family; quotes, a backslash and a tab.
	textK = "🇷🇺 Телефонный разговор Президента России с «партнёрами».\n" +
		"\n" +
		"Стороны обсудили <b>&amp;</b> вопросы; \"кавычки\", обратный слэш \\ и\tтабуляция.\n" +
		"Эмодзи: 👩🏽‍💻 программистка и 👨‍👩‍👧 семья. Конец."
	// Arabic with harakat (combining marks) and Latin with combining marks.
	textA = "قال المتحدث إن المُحادَثة كانت «بنّاءة» وإن الجانبين اتفقا على مواصلة الاتصالات.\n" +
		"Café (cafe\u0301) and Zu\u0308rich are spelled with combining marks."
	textE = "<p>Readout &amp; notes</p>\nThe leaders spoke for an hour. Nothing else was said."
)

// golden returns the deterministic workspace of the golden file: three
// scripts, astral and combining characters, HTML-ish text, every tag, a
// point omission and a span omission omitted by two readouts, a readout
// with a URL that serves as its IRI and one whose URL cannot, a note with a
// line separator, and an annotation with a short prefix. Its annotations
// are out of canonical order on purpose.
func golden(tb testing.TB) *workspace.Workspace {
	tb.Helper()
	kr := &workspace.Readout{ID: idKR, Title: "Kremlin readout", Source: "Kremlin press service (Telegram)",
		URL: urlKR, PublishedAt: "2026-07-05", Language: "ru", Text: textK}
	ar := &workspace.Readout{ID: idAR, Title: "بيان الرئاسة", Source: "Arabic desk", Language: "ar", Text: textA}
	en := &workspace.Readout{ID: idEN, Title: "White House <readout>", URL: "whitehouse.example/readout", Text: textE}
	w := &workspace.Workspace{ID: idWS, Title: "Call of 5 July — «test» & <check>", CreatedAt: t0.Add(-time.Hour), UpdatedAt: t0,
		Readouts: []*workspace.Readout{kr, ar, en}}
	short := mkAnn(tb, en, idA9, workspace.Fact, "an hour", false, "", "")
	short.Prefix = "for "
	w.Annotations = []*workspace.Annotation{
		mkAnn(tb, en, idA5, workspace.Framing, "<p>Readout &amp; notes</p>", false, "HTML stays as it is: <i>&lt;</i>", "Анна"),
		mkAnn(tb, kr, idA3, workspace.Omission, "Конец.", true, "Nothing on Ukraine.\nSecond line\u2028separator\tand tab.", ""),
		mkAnn(tb, kr, idA2, workspace.Framing, "👩🏽‍💻", false, "", "framecheck test"),
		mkAnn(tb, kr, idA7, workspace.Framing, "«партнёрами»", false, "same span, sorted by id", ""),
		mkAnn(tb, kr, idA1, workspace.Fact, "«партнёрами»", false, "", ""),
		mkAnn(tb, kr, idA6, workspace.Fact, "«партнёрами».", false, "longer span, sorted by end", ""),
		mkAnn(tb, ar, idA4, workspace.Omission, "المُحادَثة كانت «بنّاءة»", false, "Neither other readout calls it constructive.", ""),
		mkAnn(tb, ar, idA8, workspace.Fact, "cafe\u0301", false, "", ""),
		short,
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

// fc is the framecheck v1 export of w with a fixed exportedAt: two
// workspaces are the same exactly when these bytes are.
func fc(tb testing.TB, w *workspace.Workspace) string {
	tb.Helper()
	b, err := fcjson.Encode(w, t0)
	if err != nil {
		tb.Fatalf("fcjson.Encode: %v", err)
	}
	return string(b)
}

// asError checks that err is an *fcjson.Error and returns it.
func asError(tb testing.TB, err error) *fcjson.Error {
	tb.Helper()
	var fe *fcjson.Error
	if !errors.As(err, &fe) {
		tb.Fatalf("error %T (%v) is not an *fcjson.Error", err, err)
	}
	return fe
}
