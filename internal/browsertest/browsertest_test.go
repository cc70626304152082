package browsertest

import (
	"os"
	"path/filepath"
	"testing"
)

// $FRAMECHECK_CHROMIUM, when set, is the only browser considered: a path
// that is not there means no browser, never a fallback to another one.
func TestFindTakesOnlyTheBrowserAskedFor(t *testing.T) {
	exe := filepath.Join(t.TempDir(), "my-chromium")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvChromium, exe)
	if got := Find(); got != exe {
		t.Errorf("Find() with %s=%s = %q, want that path", EnvChromium, exe, got)
	}
	t.Setenv(EnvChromium, filepath.Join(t.TempDir(), "absent"))
	if got := Find(); got != "" {
		t.Errorf("Find() with %s naming a missing file = %q, want \"\"", EnvChromium, got)
	}
}

func TestJSQuotesItsArguments(t *testing.T) {
	got := JS(`(a, b) => a + b`, `it's "quoted"`, 2)
	want := `((a, b) => a + b)("it's \"quoted\"", 2)`
	if got != want {
		t.Errorf("JS = %s, want %s", got, want)
	}
}
