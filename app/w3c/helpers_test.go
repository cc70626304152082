package w3c

import (
	"errors"
	"testing"
	"time"

	"framecheck/app/fcjson"
	"framecheck/app/internal/fixture"
	"framecheck/app/internal/refusal"
	"framecheck/app/workspace"
)

// urlKR is the URL of the Kremlin readout, which serves as its IRI.
const urlKR = "https://example.org/kremlin/events/1?a=1&b=2"

// golden returns the deterministic workspace of the golden file: three
// scripts, astral and combining characters, HTML-ish text, every tag, a
// point omission and a span omission omitted by two readouts, a readout
// with a URL that serves as its IRI and one whose URL cannot, a note with a
// line separator, an annotation with a short prefix, and counterpart links
// with and without a note. Its annotations are out of canonical order on
// purpose.
func golden(tb testing.TB) *workspace.Workspace {
	tb.Helper()
	kr := &workspace.Readout{ID: fixture.KR, Title: "Kremlin readout", Source: "Kremlin press service (Telegram)",
		URL: urlKR, PublishedAt: "2026-07-05", Language: "ru", Text: fixture.GoldenTextK}
	ar := &workspace.Readout{ID: fixture.AR, Title: "بيان الرئاسة", Source: "Arabic desk", Language: "ar", Text: fixture.TextA}
	en := &workspace.Readout{ID: fixture.EN, Title: "White House <readout>", URL: "whitehouse.example/readout", Text: fixture.GoldenTextE}
	w := &workspace.Workspace{ID: fixture.WS, Title: "Call of 5 July — «test» & <check>", CreatedAt: fixture.T0.Add(-time.Hour), UpdatedAt: fixture.T0,
		Readouts: []*workspace.Readout{kr, ar, en}}
	short := fixture.Ann(tb, en, fixture.AnnID(9), workspace.Fact, "an hour", false, "", "")
	short.Prefix = "for "
	w.Annotations = []*workspace.Annotation{
		fixture.Ann(tb, en, fixture.AnnID(5), workspace.Framing, "<p>Readout &amp; notes</p>", false, "HTML stays as it is: <i>&lt;</i>", "Анна"),
		fixture.Ann(tb, kr, fixture.AnnID(3), workspace.Omission, "Конец.", true, "Nothing on Ukraine.\nSecond line\u2028separator\tand tab.", ""),
		fixture.Ann(tb, kr, fixture.AnnID(2), workspace.Framing, "👩🏽‍💻", false, "", "framecheck test"),
		fixture.Ann(tb, kr, fixture.AnnID(7), workspace.Framing, "«партнёрами»", false, "same span, sorted by id", ""),
		fixture.Ann(tb, kr, fixture.AnnID(1), workspace.Fact, "«партнёрами»", false, "", ""),
		fixture.Ann(tb, kr, fixture.AnnID(6), workspace.Fact, "«партнёрами».", false, "longer span, sorted by end", ""),
		fixture.Ann(tb, ar, fixture.AnnID(4), workspace.Omission, "المُحادَثة كانت «بنّاءة»", false, "Neither other readout calls it constructive.", ""),
		fixture.Ann(tb, ar, fixture.AnnID(8), workspace.Fact, "cafe\u0301", false, "", ""),
		short,
	}
	w.Annotations[6].OmittedBy = []string{fixture.EN, fixture.KR}
	// Counterpart links: one with a note (HTML and two scripts), one
	// without, one with a two-line note; annotation 1 has two links, the
	// second given with the higher id first.
	for _, op := range []workspace.LinkAnnotations{
		{A: fixture.AnnID(1), B: fixture.AnnID(4), Note: "«партнёрами» ≈ «بنّاءة»: the same warmth, <b>two</b> words"},
		{A: fixture.AnnID(9), B: fixture.AnnID(1)},
		{A: fixture.AnnID(8), B: fixture.AnnID(5), Note: "Not the same claim\u2028but the same place.\nSecond line."},
	} {
		if _, err := op.Apply(w, fixture.T0); err != nil {
			tb.Fatalf("golden workspace: %v", err)
		}
	}
	if err := w.Validate(); err != nil {
		tb.Fatalf("golden workspace: %v", err)
	}
	return w
}

// fc is the framecheck v1 export of w with a fixed exportedAt: two
// workspaces are the same exactly when these bytes are.
func fc(tb testing.TB, w *workspace.Workspace) string {
	tb.Helper()
	b, err := fcjson.Encode(w, fixture.T0)
	if err != nil {
		tb.Fatalf("fcjson.Encode: %v", err)
	}
	return string(b)
}

// asError checks that err is a *refusal.Error and returns it.
func asError(tb testing.TB, err error) *refusal.Error {
	tb.Helper()
	var fe *refusal.Error
	if !errors.As(err, &fe) {
		tb.Fatalf("error %T (%v) is not a *refusal.Error", err, err)
	}
	return fe
}
