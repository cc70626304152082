package anchor

import (
	"strings"
	"testing"
)

func BenchmarkTokensCyr(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 200_000 {
		sb.WriteString("договор страна lorem ipsum мир 😀 dolor. ")
	}
	s := sb.String()
	for b.Loop() {
		tokens(s, true)
	}
}
