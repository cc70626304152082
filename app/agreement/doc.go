// Package agreement computes the class view's agreement figures for one
// readout: Krippendorff's unitizing alpha (alpha_u), pairwise span F1 between
// coders, precision/recall/F1 of a coder against a teacher's key, and
// passages (groups of spans that overlap). It imports no browser code, so
// `go test` checks it natively; docs/agreement.md states the definitions for
// teachers.
//
// # Input
//
// A [Span] is one coder's annotation on one readout: Start and End are code
// points over the readout text, End exclusive. Start == End is an omission
// point. Cat is the tag ("fact", "framing", "omission"); a span with an empty
// Cat is ignored. Spans are clipped to the continuum [0, length); a reversed
// span (End < Start) is ignored. The coders list given to [AlphaU] and
// [PairwiseF1] is authoritative: a listed coder with no spans counts (as one
// who marked nothing), a span of an unlisted coder is ignored.
//
// # Figures
//
// Every result is a [Figure]: Value is meaningful only when Defined; when it
// is not, Why says why in plain words (for example "fewer than two
// coders"). A Defined figure is never NaN or ±Inf. [Figure.String] gives the
// three-decimal text the UI shows.
//
// # alpha_u
//
// [AlphaU] follows Krippendorff (2004, Quality & Quantity 38: 787-800) as
// DKPro Agreement's KrippendorffAlphaUnitizingAgreement implements it: the
// continuum is the readout's code points, each coder's spans of a category
// and the unmarked stretches between them (gaps) partition it, the observed
// disagreement sums, over all pairs of coders, the squared boundary
// differences of overlapping units and the squared length of a unit lying
// inside the other coder's gap, and the expected disagreement is computed
// from all units and gaps of the category. cat "" gives the overall figure
// as DKPro computes it: 1 - (sum of the categories' observed disagreements)
// / (sum of their expected disagreements), over the categories that have
// units of positive length.
//
// Decisions where the definition leaves a choice (the UI footnotes these):
//   - Omission points (Start == End) have no length and so no weight in
//     alpha_u; they are left out of it (DKPro's unitizing measure cannot see
//     them either). They are counted by [Passages] and by the F1 figures,
//     where points match within [PointTolerance] code points.
//   - alpha_u assumes a coder's units of one category do not overlap. As
//     INCEpTION does before handing units to DKPro (INCEpTION issue #5348),
//     a coder's spans of one category are taken in order of start, longer
//     first, and a span that overlaps an earlier one (kept or dropped) is
//     dropped; identical spans count once. Adjacent spans stay two units.
//   - When the expected disagreement is zero there is nothing to compare
//     against, and the figure is undefined (DKPro reports 0 or 1 there).
//
// # Span F1
//
// [PairwiseF1] and [AgainstKey] match spans one to one (a maximum matching)
// and only spans of the same category match. [Exact] matching needs equal
// Start and End; [Overlap] matching needs the overlap to be at least half of
// the shorter span. A point matches only a point: at the same position
// (Exact) or within [PointTolerance] code points (Overlap). With M matched
// pairs, F1 = 2M / (|A| + |B|); against a key, precision = M / |coder| and
// recall = M / |key|. [AgainstKey] uses Overlap matching; [AgainstKeyMatch]
// takes the mode.
//
// # Passages
//
// [Passages] groups spans of positive length that overlap (transitively)
// into passages, and omission points whose neighbours lie within
// pointTolerance code points into point passages, sorted by position;
// [SortByAgreement] orders them by how many coders found them.
//
// [Definitions] holds a one-line definition of each figure for tooltips.
package agreement
