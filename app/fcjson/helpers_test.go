package fcjson

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"testing"
	"time"

	"framecheck/app/internal/fixture"
	"framecheck/app/workspace"
)

// golden returns the deterministic workspace of the golden file: three
// scripts, astral and combining characters, HTML-ish text, every tag, a
// point omission without omittedBy and a span omission with it. Its
// annotations are deliberately out of canonical order.
func golden(tb testing.TB) *workspace.Workspace {
	tb.Helper()
	kr := &workspace.Readout{ID: fixture.KR, Title: "Kremlin readout", Source: "Kremlin press service (Telegram)",
		URL: "https://example.org/kremlin?a=1&b=<2>", PublishedAt: "2026-07-05", Language: "ru", Text: fixture.GoldenTextK}
	ar := &workspace.Readout{ID: fixture.AR, Title: "بيان الرئاسة", Source: "Arabic desk", Language: "ar", Text: fixture.TextA}
	en := &workspace.Readout{ID: fixture.EN, Title: "White House <readout>", Text: fixture.GoldenTextE}
	w := &workspace.Workspace{ID: fixture.WS, Title: "Call of 5 July — «test» & <check>", CreatedAt: fixture.T0.Add(-time.Hour), UpdatedAt: fixture.T0,
		Readouts: []*workspace.Readout{kr, ar, en}}
	w.Annotations = []*workspace.Annotation{
		fixture.Ann(tb, en, fixture.AnnID(5), workspace.Framing, "<p>Readout &amp; notes</p>", false, "HTML stays as it is: <i>&lt;</i>", "Анна"),
		fixture.Ann(tb, kr, fixture.AnnID(3), workspace.Omission, "Конец.", true, "Nothing on Ukraine.\nSecond line\u2028separator\tand tab.", ""),
		fixture.Ann(tb, kr, fixture.AnnID(2), workspace.Framing, "👩🏽‍💻", false, "", "framecheck test"),
		fixture.Ann(tb, kr, fixture.AnnID(7), workspace.Framing, "«партнёрами»", false, "same span, sorted by id", ""),
		fixture.Ann(tb, kr, fixture.AnnID(1), workspace.Fact, "«партнёрами»", false, "", ""),
		fixture.Ann(tb, kr, fixture.AnnID(6), workspace.Fact, "«партнёрами».", false, "longer span, sorted by end", ""),
		fixture.Ann(tb, ar, fixture.AnnID(4), workspace.Omission, "المُحادَثة كانت «بنّاءة»", false, "Neither other readout calls it constructive.", ""),
		fixture.Ann(tb, ar, fixture.AnnID(8), workspace.Fact, "cafe\u0301", false, "", ""),
	}
	w.Annotations[6].OmittedBy = []string{fixture.EN, fixture.KR}
	if err := w.Validate(); err != nil {
		tb.Fatalf("golden workspace: %v", err)
	}
	return w
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
	w := &workspace.Workspace{ID: fixture.WS, Title: "Big", CreatedAt: fixture.T0, UpdatedAt: fixture.T0, Readouts: []*workspace.Readout{r}}
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
			Note: "note <" + fmt.Sprint(i) + ">", Author: "bench", CreatedAt: fixture.T0, UpdatedAt: fixture.T0,
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
