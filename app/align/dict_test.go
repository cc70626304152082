package align

import (
	"strings"
	"testing"
)

// A stemmed form in two concepts made the tokens depend on map order: the
// figures of TestPrecisionRecall changed from run to run ("talked" in call
// and "talks" in negotiate both stem to "talk").
func TestDictionaryUnambiguous(t *testing.T) {
	seen := map[string]string{}
	for _, line := range strings.Split(conceptTable, "\n") {
		c, forms, ok := strings.Cut(line, ": ")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		for _, f := range strings.Split(forms, "|") {
			var parts []string
			for _, w := range strings.FieldsFunc(strings.ReplaceAll(strings.ToLower(f), "ё", "е"), func(r rune) bool { return r == ' ' || r == '-' }) {
				if !stopwords[w] {
					parts = append(parts, stem(w))
				}
			}
			k := strings.Join(parts, " ")
			if o, ok := seen[k]; ok && o != c {
				t.Errorf("form %q (%s) is in concepts %s and %s", k, f, o, c)
			}
			seen[k] = c
		}
	}
}
