package agreement

import "strconv"

// tol is PointTolerance in words, so the definitions cannot drift from it.
var tol = strconv.Itoa(PointTolerance)

// Definitions holds a one-line definition of each figure, for tooltips and
// footnotes; keys match the UI's data-agreement hooks.
var Definitions = map[string]string{
	"alpha-u": "Krippendorff's unitizing alpha (2004): 1 − observed/expected disagreement over where coders placed spans of a tag " +
		"and where they left text unmarked; 1 = perfect agreement, 0 = no better than chance, below 0 = systematic disagreement. " +
		"Omission points have no length and are not counted.",
	"alpha-u-all": "Unitizing alpha over all tags together: 1 − (sum of the tags' observed disagreements)/(sum of their expected " +
		"disagreements), as DKPro Agreement and INCEpTION compute it.",
	"f1-exact": "Span F1, exact: the share of two coders' spans that pair up one to one with the same tag and identical start and end " +
		"(2 × matched pairs / all spans of both).",
	"f1-overlap": "Span F1, overlap: as exact F1, but two spans of the same tag pair up when they overlap by at least half of the " +
		"shorter one (omission points: within " + tol + " characters).",
	"precision": "Precision against the key: the share of the student's spans that match a span of the key (same tag, overlap of at " +
		"least half the shorter span).",
	"recall": "Recall against the key: the share of the key's spans that the student found (same tag, overlap of at least half the " +
		"shorter span).",
	"f1-key":  "F1 against the key: the harmonic mean of precision and recall (2 × matched / (student's spans + key's spans)).",
	"passage": "Passage: spans of different students that overlap one another, or omission points within " + tol + " characters of each other.",
}
