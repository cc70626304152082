package fcjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"framecheck/app/internal/fixture"
	"framecheck/app/textpos"
	"framecheck/app/workspace"
)

// recount rewrites the offsets of every annotation of w's export as
// another tool would have counted them (UTF-16 units, bytes): count turns a
// code point offset of a readout's text into that tool's offset.
func recount(t testing.TB, w *workspace.Workspace, count func(tx *textpos.Text, cp int) (int, error)) map[string]any {
	t.Helper()
	m := toMap(t, encode(t, w))
	for _, x := range m["annotations"].([]any) {
		a := x.(map[string]any)
		tx := w.Readout(a["readoutId"].(string)).Positions()
		for _, k := range []string{"start", "end"} {
			cp, err := strconv.Atoi(string(a[k].(json.Number)))
			if err != nil {
				t.Fatal(err)
			}
			if a[k], err = count(tx, cp); err != nil {
				t.Fatal(err)
			}
		}
	}
	return m
}

// recountData is recount as a file.
func recountData(tb testing.TB, w *workspace.Workspace, count func(tx *textpos.Text, cp int) (int, error)) []byte {
	tb.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(recount(tb, w, count)); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

var (
	utf16Offsets = (*textpos.Text).CodePointToUTF16
	byteOffsets  = (*textpos.Text).ByteOffset
)

// toMap parses a file as generic JSON, numbers kept as json.Number.
func toMap(t testing.TB, data []byte) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// sorted returns w with its annotations in canonical order.
func sorted(w *workspace.Workspace) *workspace.Workspace {
	w.Sort()
	return w
}

// repeatsText has quotes that occur more than once, for the cases where
// prefix and suffix decide. "President said" is at 4 and 34, "the
// President" at 30, 58 and 82, and the text is 110 code points long.
const repeatsText = "The President said yes. Later the President said no. Then the President left, and the President's aide stayed."

// repeats is a workspace on repeatsText. In its export, annotations[0] is
// the second "President said" (34-48), annotations[1] the third "the
// President" (82-95) and annotations[2] a point after "stayed" (109).
func repeats(t *testing.T) *workspace.Workspace {
	t.Helper()
	r := &workspace.Readout{ID: fixture.EN, Title: "Repeats", Text: repeatsText}
	w := &workspace.Workspace{ID: fixture.WS, Title: "Repeats", CreatedAt: fixture.T0, UpdatedAt: fixture.T0, Readouts: []*workspace.Readout{r}}
	point := nthAnn(t, r, fixture.AnnID(3), workspace.Omission, "stayed", 0)
	point.Start = point.End
	point.Prefix, point.Exact, point.Suffix = fixture.RuneQuote(r.Text, point.Start, point.End)
	w.Annotations = []*workspace.Annotation{
		nthAnn(t, r, fixture.AnnID(1), workspace.Fact, "President said", 1),
		nthAnn(t, r, fixture.AnnID(4), workspace.Framing, "the President", 2),
		point,
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	return w
}

// nthAnn quotes the nth (from 0) occurrence of quote in r.
func nthAnn(t *testing.T, r *workspace.Readout, id string, tag workspace.Tag, quote string, n int) *workspace.Annotation {
	t.Helper()
	occ := r.Positions().Find(quote)
	if n >= len(occ) {
		t.Fatalf("%q occurs %d times, not %d", quote, len(occ), n+1)
	}
	start := occ[n]
	end := start + len([]rune(quote))
	prefix, exact, suffix := fixture.RuneQuote(r.Text, start, end)
	return &workspace.Annotation{ID: id, ReadoutID: r.ID, Tag: tag, Start: start, End: end,
		Exact: exact, Prefix: prefix, Suffix: suffix, CreatedAt: fixture.T0, UpdatedAt: fixture.T0}
}

// TestReanchor: files whose annotations are not at their offsets. Each case
// either re-anchors to want (with the moves the offsets imply: Decode
// refuses with a *ReanchorError listing them, DecodeWith with Reanchor
// opens the file and reports them), or is refused by both with a plain
// *Error containing err.
func TestReanchor(t *testing.T) {
	type file = map[string]any
	kremlinLen := len([]rune(fixture.GoldenTextK))
	cases := []struct {
		name  string
		file  func(t *testing.T) file
		want  func(t *testing.T) *workspace.Workspace // nil: refused
		moves int
		err   string
	}{
		{name: "UTF-16 offsets on Cyrillic and emoji (golden)", moves: 5,
			file: func(t *testing.T) file { return recount(t, golden(t), utf16Offsets) },
			want: func(t *testing.T) *workspace.Workspace { return sorted(golden(t)) }},
		{name: "UTF-16 offsets on the sample", moves: 4,
			file: func(t *testing.T) file { return recount(t, sample(t), utf16Offsets) },
			want: func(t *testing.T) *workspace.Workspace { return sample(t) }},
		{name: "UTF-8 byte offsets on Cyrillic and Arabic", moves: 7,
			file: func(t *testing.T) file { return recount(t, golden(t), byteOffsets) },
			want: func(t *testing.T) *workspace.Workspace { return sorted(golden(t)) }},
		{name: "UTF-8 byte offsets on the sample", moves: 4,
			file: func(t *testing.T) file { return recount(t, sample(t), byteOffsets) },
			want: func(t *testing.T) *workspace.Workspace { return sample(t) }},
		{name: "short context taken afresh", moves: 5,
			file: func(t *testing.T) file {
				m := recount(t, golden(t), utf16Offsets)
				an(m, 0)["prefix"] = "с "
				delete(an(m, 0), "suffix")
				return m
			},
			want: func(t *testing.T) *workspace.Workspace { return sorted(golden(t)) }},
		{name: "end past the text", moves: 1,
			file: func(t *testing.T) file { m := goldenMap(t); an(m, 0)["end"] = 912; return m },
			want: func(t *testing.T) *workspace.Workspace { return sorted(golden(t)) }},
		{name: "point past the text, found by its context", moves: 1,
			file: func(t *testing.T) file {
				m := goldenMap(t)
				an(m, 4)["start"], an(m, 4)["end"] = kremlinLen+3, kremlinLen+3
				return m
			},
			want: func(t *testing.T) *workspace.Workspace { return sorted(golden(t)) }},
		{name: "repeated quote, prefix and suffix pick one", moves: 2,
			file: func(t *testing.T) file {
				m := toMap(t, encode(t, repeats(t)))
				an(m, 0)["start"], an(m, 0)["end"] = 1, 15  // "President said" occurs twice
				an(m, 1)["start"], an(m, 1)["end"] = 31, 44 // "the President" three times
				return m
			},
			want: repeats},
		{name: "repeated quote, the first occurrence, near the start", moves: 1,
			file: func(t *testing.T) file {
				w := repeats(t)
				w.Annotations[1] = nthAnn(t, w.Readouts[0], fixture.AnnID(4), workspace.Framing, "the President", 0)
				m := toMap(t, encode(t, w)) // it sorts first
				an(m, 0)["start"], an(m, 0)["end"] = 60, 73
				return m
			},
			want: func(t *testing.T) *workspace.Workspace {
				w := repeats(t)
				w.Annotations[1] = nthAnn(t, w.Readouts[0], fixture.AnnID(4), workspace.Framing, "the President", 0)
				return sorted(w)
			}},
		{name: "point moved, found by its context", moves: 1,
			file: func(t *testing.T) file {
				m := toMap(t, encode(t, repeats(t)))
				an(m, 2)["start"], an(m, 2)["end"] = 5, 5
				return m
			},
			want: repeats},
		{name: "exact at its offsets by chance, context elsewhere", moves: 1,
			file: func(t *testing.T) file {
				// The third "the President" put on the second: its exact
				// matches there, its prefix and suffix do not.
				m := toMap(t, encode(t, repeats(t)))
				an(m, 1)["start"], an(m, 1)["end"] = 58, 71
				return m
			},
			want: repeats},

		// Refusals: a plain *Error for the annotation that cannot be
		// re-anchored, saying why.
		{name: "quote absent",
			file: func(t *testing.T) file { m := goldenMap(t); an(m, 0)["exact"] = "«партнерами»"; return m },
			err:  `annotations[0].exact: "«партнерами»" does not match the text at 43-55 of readout "Kremlin readout" ("«партнёрами»"), and the quote "«партнерами»" does not occur in readout "Kremlin readout", so it cannot be re-anchored`},
		{name: "quote absent after others that can be re-anchored",
			file: func(t *testing.T) file {
				m := recount(t, golden(t), utf16Offsets)
				an(m, 3)["exact"] = "👩🏽‍💻!"
				return m
			},
			err: "annotations[3].exact: " + strconv.Quote("👩🏽‍💻!") + " does not match the text at"},
		{name: "repeated quote, no context", file: func(t *testing.T) file {
			m := toMap(t, encode(t, repeats(t)))
			an(m, 1)["start"], an(m, 1)["end"] = 31, 44
			delete(an(m, 1), "prefix")
			delete(an(m, 1), "suffix")
			return m
		}, err: `annotations[1].exact: "the President" does not match the text at 31-44 of readout "Repeats" ("he President "), and the quote "the President" occurs more than once in readout "Repeats" and its prefix and suffix fit more than one place: cannot tell which is meant, so it cannot be re-anchored`},
		{name: "repeated quote, context fits none", file: func(t *testing.T) file {
			m := toMap(t, encode(t, repeats(t)))
			an(m, 1)["start"], an(m, 1)["end"] = 31, 44
			an(m, 1)["prefix"] = "Now "
			return m
		}, err: `annotations[1].exact: "the President" does not match the text at 31-44 of readout "Repeats" ("he President "), and the quote "the President" occurs more than once in readout "Repeats" and its prefix and suffix fit none of the places, so it cannot be re-anchored`},
		{name: "exact at its offsets, context nowhere", file: func(t *testing.T) file {
			m := toMap(t, encode(t, repeats(t)))
			an(m, 1)["prefix"] = "Now "
			return m
		}, err: `annotations[1].prefix: "Now " is not the text just before offset 82 of readout "Repeats", and the quote "the President" with its prefix and suffix occurs nowhere in readout "Repeats", so it cannot be re-anchored`},
		{name: "exact at its offsets, context fits two others", file: func(t *testing.T) file {
			m := toMap(t, encode(t, repeats(t)))
			delete(an(m, 1), "prefix")
			an(m, 1)["suffix"] = " " // after the first and second, not the third
			return m
		}, err: `annotations[1].suffix: " " is not the text just after offset 95 of readout "Repeats", and the quote "the President" with its prefix and suffix occurs more than once in readout "Repeats": cannot tell which place is meant, so it cannot be re-anchored`},
		{name: "point without context",
			file: func(t *testing.T) file {
				m := goldenMap(t)
				an(m, 4)["start"], an(m, 4)["end"] = kremlinLen+1, kremlinLen+1
				delete(an(m, 4), "prefix")
				return m
			},
			err: fmt.Sprintf(`annotations[4].end: %d is past the end of readout "Kremlin readout" (%d code points), and it is a point with no prefix or suffix to find it by, so it cannot be re-anchored`, kremlinLen+1, kremlinLen)},
		{name: "point whose context occurs three times",
			file: func(t *testing.T) file {
				m := toMap(t, encode(t, repeats(t)))
				an(m, 2)["start"], an(m, 2)["end"] = 500, 500
				an(m, 2)["prefix"], an(m, 2)["suffix"] = "the ", "President"
				return m
			},
			err: `annotations[2].end: 500 is past the end of readout "Repeats" (110 code points), and its prefix and suffix ("the ", "President") occur together more than once in readout "Repeats": cannot tell which place is meant, so it cannot be re-anchored`},
		{name: "empty exact on a span omission",
			file: func(t *testing.T) file { m := goldenMap(t); an(m, 5)["exact"] = ""; return m },
			err:  `("المُحادَثة كانت «بنّاءة»"), and its exact is empty, leaving no quote to find it by, so it cannot be re-anchored`},

		// Everything else is checked as before: a re-anchorable file with
		// another fault is refused for that fault.
		{name: "another annotation's tag",
			file: func(t *testing.T) file {
				m := recount(t, golden(t), utf16Offsets)
				an(m, 7)["tag"] = "opinion"
				return m
			},
			err: `annotations[7].tag: "opinion" is not one of fact, framing, omission`},
		{name: "another annotation's context",
			file: func(t *testing.T) file { m := recount(t, golden(t), utf16Offsets); an(m, 7)["prefix"] = "x"; return m },
			err:  `annotations[7].prefix: "x" is not the text just before offset 0 of readout "White House <readout>", and the quote "<p>Readout &amp; notes</p>" with its prefix and suffix occurs nowhere in readout "White House <readout>", so it cannot be re-anchored`},
		{name: "a moved annotation's omittedBy",
			file: func(t *testing.T) file {
				m := recount(t, golden(t), byteOffsets)
				an(m, 5)["omittedBy"] = []any{fixture.AR}
				return m
			},
			err: "annotations[5].omittedBy[0]: names the annotation's own readout"},
		{name: "an earlier annotation's id",
			file: func(t *testing.T) file {
				m := recount(t, golden(t), utf16Offsets)
				an(m, 1)["id"] = fixture.AnnID(1)
				return m
			},
			err: "annotations[1].id: id " + fixture.AnnID(1) + " is already used by annotations[0].id"},
		{name: "text changed: textSha256 stays strict",
			file: func(t *testing.T) file {
				m := recount(t, golden(t), utf16Offsets)
				ro(m, 0)["text"] = strings.Replace(fixture.GoldenTextK, "Конец", "Финал", 1)
				return m
			},
			err: `readouts[0].textSha256: the text of readout "Kremlin readout" does not match its SHA-256`},
		{name: "text changed and rehashed: the quote is gone",
			file: func(t *testing.T) file {
				m := recount(t, golden(t), utf16Offsets)
				setText(ro(m, 0), strings.Replace(fixture.GoldenTextK, "👩🏽‍💻", "👩‍💻", 1))
				return m
			},
			err: "annotations[3].exact: " + strconv.Quote("👩🏽‍💻") + " does not match the text at"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := marshal(t, c.file(t))
			w0, err0 := Decode(data)
			w, rep, err := DecodeWith(data, Options{Reanchor: true})
			if c.want == nil {
				for name, e := range map[string]error{"Decode": err0, "DecodeWith": err} {
					var re *ReanchorError
					var fe *Error
					switch {
					case e == nil:
						t.Fatalf("%s succeeded, want %q", name, c.err)
					case errors.As(e, &re):
						t.Errorf("%s: a *ReanchorError (%v), want a plain refusal", name, e)
					case !errors.As(e, &fe):
						t.Errorf("%s: %T is not an *Error", name, e)
					case !strings.Contains(e.Error(), c.err):
						t.Errorf("%s error\n got %q\nwant it to contain %q", name, e, c.err)
					}
				}
				if w0 != nil || w != nil || rep != nil {
					t.Error("a workspace or report with an error")
				}
				return
			}
			want := c.want(t)
			wantMoves := impliedMoves(t, toMap(t, data), want)
			if len(wantMoves) != c.moves {
				t.Fatalf("the case moves %d annotations, want %d: %v", len(wantMoves), c.moves, wantMoves)
			}

			// Decode refuses, listing the moves.
			var re *ReanchorError
			if !errors.As(err0, &re) {
				t.Fatalf("Decode: %v (%T), want a *ReanchorError", err0, err0)
			}
			if w0 != nil {
				t.Error("Decode returned a workspace with its error")
			}
			if got := fmt.Sprint(re.Moves); got != fmt.Sprint(wantMoves) {
				t.Errorf("ReanchorError.Moves\n got %v\nwant %v", got, wantMoves)
			}
			var fe *Error
			if !errors.As(err0, &fe) || fe.Path != wantMoves[0].Path {
				t.Errorf("the *ReanchorError wraps %#v, want an *Error at %s", fe, wantMoves[0].Path)
			}

			// DecodeWith re-anchors them.
			if err != nil {
				t.Fatalf("DecodeWith(Reanchor): %v", err)
			}
			if diff := diffWorkspaces(want, w); diff != "" {
				t.Errorf("re-anchored workspace: %s", diff)
			}
			if got := fmt.Sprint(rep.Reanchored); got != fmt.Sprint(wantMoves) {
				t.Errorf("Report.Reanchored\n got %v\nwant %v", got, wantMoves)
			}
			for i, m := range rep.Reanchored {
				if m != re.Moves[i] {
					t.Errorf("move %d: report %+v, error %+v", i, m, re.Moves[i])
				}
			}
			// The result is an ordinary workspace: it exports and opens
			// again without re-anchoring.
			if err := w.Validate(); err != nil {
				t.Fatal(err)
			}
			if _, err := Decode(encode(t, w)); err != nil {
				t.Errorf("the re-anchored workspace does not reopen: %v", err)
			}
		})
	}
}

// impliedMoves lists, in file order, the annotations of the file m whose
// offsets differ from those of the same annotation in want.
func impliedMoves(t *testing.T, m map[string]any, want *workspace.Workspace) []Move {
	t.Helper()
	var out []Move
	for i, x := range m["annotations"].([]any) {
		a := x.(map[string]any)
		var start, end int
		fmt.Sscan(fmt.Sprint(a["start"]), &start)
		fmt.Sscan(fmt.Sprint(a["end"]), &end)
		w := want.Annotation(a["id"].(string))
		if w == nil {
			t.Fatalf("annotations[%d]: %v is not in the expected workspace", i, a["id"])
		}
		if w.Start != start || w.End != end {
			r := want.Readout(w.ReadoutID)
			out = append(out, Move{Path: fmt.Sprintf("annotations[%d]", i), ID: w.ID, ReadoutID: r.ID, ReadoutTitle: r.Title,
				Exact: w.Exact, OldStart: start, OldEnd: end, NewStart: w.Start, NewEnd: w.End})
		}
	}
	return out
}

// A file that needs no re-anchoring opens the same with and without it.
func TestDecodeWithNothingToDo(t *testing.T) {
	for name, w := range map[string]*workspace.Workspace{"golden": golden(t), "sample": sample(t), "repeats": repeats(t)} {
		data := encode(t, w)
		got, rep, err := DecodeWith(data, Options{Reanchor: true})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if rep == nil || len(rep.Reanchored) != 0 || rep.String() != "" {
			t.Errorf("%s: report %+v (%q), want an empty one", name, rep, rep.String())
		}
		plain, err := Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		if diff := diffWorkspaces(plain, got); diff != "" {
			t.Errorf("%s: %s", name, diff)
		}
		if _, rep, err := DecodeWith(data, Options{}); err != nil || rep == nil {
			t.Errorf("%s: DecodeWith(Options{}) = %v, %v", name, rep, err)
		}
	}
}

func TestReanchorMessages(t *testing.T) {
	one := []Move{{Path: "annotations[3]", ReadoutTitle: "Kremlin readout", OldStart: 12, OldEnd: 40, NewStart: 10, NewEnd: 38}}
	three := append(one, Move{Path: "annotations[5]"}, Move{Path: "annotations[9]"})
	cases := []struct{ got, want string }{
		{newReanchorError(one).Error(), `annotations[3]: no longer sits at 12-40 of readout "Kremlin readout", but its quote is found at one place, 10-38: it can be re-anchored by its quote`},
		{newReanchorError(three[:2]).Error(), `annotations[3]: no longer sits at 12-40 of readout "Kremlin readout", nor does 1 more annotation, but each one's quote is found at one place in its readout: they can be re-anchored by their quotes`},
		{newReanchorError(three).Error(), `annotations[3]: no longer sits at 12-40 of readout "Kremlin readout", nor do 2 more annotations, but each one's quote is found at one place in its readout: they can be re-anchored by their quotes`},
		{(&Report{Reanchored: one}).String(), "Re-anchored 1 annotation by its quote."},
		{(&Report{Reanchored: three}).String(), "Re-anchored 3 annotations by their quotes."},
		{(&Report{}).String(), ""},
		{(*Report)(nil).String(), ""},
		{one[0].String(), `annotations[3]: 12-40 → 10-38 of readout "Kremlin readout"`},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got  %q\nwant %q", c.got, c.want)
		}
	}
	var fe *Error
	if err := error(newReanchorError(three)); !errors.As(err, &fe) || fe.Path != "annotations[3]" {
		t.Errorf("errors.As(*ReanchorError, *Error) = %#v", fe)
	}
}

func TestAnnotationField(t *testing.T) {
	cases := []struct {
		path  string
		i     int
		field string
	}{
		{"annotations[3].exact", 3, "exact"},
		{"annotations[12].omittedBy[0]", 12, "omittedBy[0]"},
		{"annotations[3]", -1, ""},
		{"annotations[x].end", -1, ""},
		{"annotations[-1].end", -1, ""},
		{"readouts[3].text", -1, ""},
		{"", -1, ""},
	}
	for _, c := range cases {
		if i, f := annotationField(c.path); i != c.i || f != c.field {
			t.Errorf("annotationField(%q) = %d, %q; want %d, %q", c.path, i, f, c.i, c.field)
		}
	}
}

// sample returns a copy of workspace.Sample, with the same ids each time.
func sample(t testing.TB) *workspace.Workspace {
	t.Helper()
	sampleOnce.Do(func() { sampleWS, sampleErr = workspace.Sample(fixture.T0) })
	if sampleErr != nil {
		t.Fatal(sampleErr)
	}
	w, err := Decode(encode(t, sampleWS))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

var (
	sampleOnce sync.Once
	sampleWS   *workspace.Workspace
	sampleErr  error
)

func encode(t testing.TB, w *workspace.Workspace) []byte {
	t.Helper()
	data, err := Encode(w, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
