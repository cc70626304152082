package main

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The WASM main must link no server code: app.wasm is downloaded by every
// visitor, and a client-only main keeps it small. This lists what the WASM
// build links and refuses our server package and what only the server
// needs.
func TestWasmLinksNoServerCode(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "./wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps ./wasm: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 || !slices.Contains(deps, "framecheck/app/ui") {
		t.Fatalf("go list gave an implausible dependency list: %q", deps)
	}
	forbidden := []string{
		"framecheck",                    // the server (package main at the root)
		"github.com/andybalholm/brotli", // precompression, server only
		"github.com/chromedp/chromedp",  // tests only
		"net/http/httptest",
		// compress/gzip is not listed: net/http, which go-app links, needs it.
	}
	for _, f := range forbidden {
		if slices.Contains(deps, f) {
			t.Errorf("app.wasm links %s, which only the server or the tests need", f)
		}
	}
}
