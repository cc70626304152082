package agreement

import (
	"math"
	"strings"
	"testing"
)

func TestFigureString(t *testing.T) {
	for _, c := range []struct {
		f    Figure
		want string
	}{
		{defined(0.8591), "0.859"},
		{defined(-0.7003), "-0.700"},
		{defined(1.0000000000000004), "1.000"},
		{defined(-1e-17), "0.000"},
		{defined(0.0004), "0.000"},
		{defined(0.9995), "1.000"},
		{undefined("fewer than two coders"), "undefined"},
		{defined(math.NaN()), "undefined"},
		{defined(math.Inf(-1)), "undefined"},
	} {
		if got := c.f.String(); got != c.want {
			t.Errorf("%+v.String() = %q, want %q", c.f, got, c.want)
		}
	}
}

// TestDefinitions: every figure the panel shows has a one-line definition
// that names what it measures.
func TestDefinitions(t *testing.T) {
	for key, word := range map[string]string{
		"alpha-u": "Krippendorff", "alpha-u-all": "all tags", "f1-exact": "identical",
		"f1-overlap": "half", "precision": "key", "recall": "key", "f1-key": "harmonic", "passage": "overlap",
	} {
		d := Definitions[key]
		if !strings.Contains(d, word) || strings.Contains(d, "\n") {
			t.Errorf("Definitions[%q] = %q: want one line mentioning %q", key, d, word)
		}
	}
}
