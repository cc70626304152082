package agreement_test

import (
	"fmt"

	"framecheck/app/agreement"
)

// Krippendorff's (2004) worked example as DKPro Agreement encodes it: two
// observers on a continuum of 300 (150..450 shifted to 0..300).
func ExampleAlphaU() {
	spans := []agreement.Span{
		{Coder: "i", Cat: "c", Start: 75, End: 145}, {Coder: "i", Cat: "c", Start: 220, End: 250},
		{Coder: "j", Cat: "c", Start: 70, End: 150}, {Coder: "j", Cat: "c", Start: 205, End: 225},
		{Coder: "j", Cat: "c", Start: 250, End: 270},
		{Coder: "i", Cat: "k", Start: 30, End: 90}, {Coder: "i", Cat: "k", Start: 150, End: 200},
		{Coder: "j", Cat: "k", Start: 30, End: 90}, {Coder: "j", Cat: "k", Start: 150, End: 200},
	}
	coders := []string{"i", "j"}
	for _, cat := range []string{"c", "k", ""} {
		fmt.Printf("%q %s\n", cat, agreement.AlphaU(300, coders, spans, cat))
	}
	fmt.Println(agreement.AlphaU(300, []string{"i"}, spans, "").Why)
	// Output:
	// "c" 0.729
	// "k" 1.000
	// "" 0.859
	// fewer than two coders
}
