# framecheck. GNU make. `make test` is the one command CI runs (.ci/run).
GO ?= go
ADDR ?= localhost:8000

WASM := web/app.wasm
WASM_ENC := web/app.wasm.br web/app.wasm.gz
BIN := bin/framecheck

# Inputs of both builds: every non-test Go file of the module, go.mod, go.sum
# and all other files under app/ and wasm/ (go:embed). Rules are file-based,
# so a second `make build` with nothing changed does nothing. Both outputs
# depend on the whole set (the e2e harness checks freshness the same way);
# when an edit does not concern an output, go build reuses its cache and
# does not relink, which takes seconds.
SRC := $(shell find . -name '*.go' ! -name '*_test.go' \
	! -path './.git/*' ! -path './bin/*' ! -path './web/*' ! -path './dist/*' ! -path '*/testdata/*') \
	$(shell find app wasm -type f ! -name '*.go' ! -path '*/testdata/*') go.mod go.sum

.PHONY: build run test static bench clean fmt

## build: web/app.wasm, bin/framecheck, then web/app.wasm.br and .gz
build: $(WASM) $(BIN) $(WASM_ENC)

$(WASM): $(SRC)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" -o $@ ./wasm

$(BIN): $(SRC)
	@mkdir -p $(@D)
	$(GO) build -trimpath -o $@ .

# Brotli quality 11 + gzip best, by the server binary itself. It leaves files
# that already decode to the current app.wasm alone; touch keeps make quiet.
$(WASM_ENC) &: $(WASM) $(BIN)
	./$(BIN) -web web -precompress
	@touch $(WASM_ENC)

## run: serve on $(ADDR)
run: build
	./$(BIN) -addr $(ADDR)

## test: vet and all tests (the e2e tests use web/app.wasm and bin/framecheck; app/browser's
## js/wasm tests run under Node with a fake IndexedDB). The e2e package runs last, alone,
## with its own timeout; axe-core for its accessibility check comes from npm (e2e/axe,
## pinned by package-lock.json, into its git-ignored node_modules).
test: build
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./app/browser
	@if command -v node >/dev/null 2>&1; then \
		echo 'GOOS=js GOARCH=wasm go test ./app/browser (under Node)'; \
		GOOS=js GOARCH=wasm $(GO) test -exec="$$($(GO) env GOROOT)/lib/wasm/go_js_wasm_exec" ./app/browser; \
	elif [ -n "$$CI" ]; then \
		echo 'FAIL: Node is missing, so the js/wasm tests of app/browser cannot run (CI is set)'; exit 1; \
	else \
		echo '################################################################'; \
		echo '# SKIPPED: app/browser js/wasm tests (Node is not installed)    #'; \
		echo '################################################################'; \
	fi
	@if command -v npm >/dev/null 2>&1 && (cd e2e/axe && npm ci --no-audit --no-fund --loglevel=error); then :; \
	elif [ -n "$$CI" ]; then \
		echo 'FAIL: axe-core could not be installed (npm missing or npm ci failed; CI is set)'; exit 1; \
	else \
		echo '################################################################'; \
		echo '# axe-core not installed (npm missing or npm ci failed):        #'; \
		echo '# the accessibility check of the e2e tests will be SKIPPED      #'; \
		echo '################################################################'; \
	fi
	$(GO) test -timeout 5m $$($(GO) list ./... | grep -vx 'framecheck/e2e')
	$(GO) test -timeout 14m ./e2e/

## static: static copy of the site in dist/, for any static file host
static: build
	rm -rf dist
	./$(BIN) -web web -static dist

## bench: native benchmarks of the core (and bench/app's BenchmarkAddVersion, the
## browser's version case without the browser), then the browser benchmark
## (bench/app: loads against a go-app hello world, long readout, annotate
## latency, export/import of 10k annotations, memory, a new version of the
## long readout). Figures only, never
## pass/fail; the browser figures also go to $(BENCH_JSON) as JSON. GO is
## passed on so the floor is built by the same toolchain as app.wasm. TestPeer
## runs after TestBench: Recogito's text annotator (bench/peer, npm ci into its
## git-ignored node_modules; without npm or on a failed install its rows say
## so and the rest runs) on the same readout, beside framecheck's figures. Last,
## the loopback load test of the server (bench/load: 200 clients for 20 s,
## then 2,000 bad requests; fails on errors or growing memory, never on time).
BENCH_JSON ?= bench-results.json
bench: build
	@if command -v npm >/dev/null 2>&1; then \
		(cd bench/peer && npm ci --no-audit --no-fund) || echo "bench/peer: npm ci failed; the peer rows will say so"; \
	else echo "bench/peer: npm not found; the peer rows will say so"; fi
	$(GO) test -run='^$$' -bench=. ./app/... ./bench/app/
	GO="$(GO)" BENCH_JSON="$(abspath $(BENCH_JSON))" FRAMECHECK_BENCH=1 $(GO) test -run '^(TestBench|TestBenchClass|TestBenchVersion|TestPeer)$$' -v -count=1 -timeout 30m ./bench/app/
	FRAMECHECK_BENCH=1 $(GO) test -run '^TestLoad$$' -v -count=1 -timeout 5m ./bench/load/

clean:
	rm -rf bin dist $(WASM) $(WASM).* web/.$(notdir $(WASM)).*

## fmt: fail if any Go file needs gofmt
fmt:
	@files="$$(gofmt -l .)"; \
	if [ -n "$$files" ]; then echo "gofmt needed:"; echo "$$files"; exit 1; fi
