package appbench

import (
	"fmt"
	"io"
	"strings"
)

// printReport prints the figures as a table: median [min–max] for repeated
// measurements, p50 / p95 for interactions, with the spec's targets next to
// them. The targets are printed for reading, never asserted.
func printReport(w io.Writer, r *Report) {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	ms := func(s Summary) string {
		if s.N == 0 {
			return "n/a"
		}
		return fmt.Sprintf("%.0f [%.0f–%.0f]", s.Median, s.Min, s.Max)
	}
	mb := func(s Summary) string {
		if s.N == 0 {
			return "n/a"
		}
		return fmt.Sprintf("%s [%s–%s]", fmtBytes(s.Median), fmtBytes(s.Min), fmtBytes(s.Max))
	}
	under := func(v float64) string {
		if v == 0 {
			return "<16"
		}
		return fmt.Sprintf("%.0f", v)
	}
	pq := func(f InteractionFigures, s Summary) string {
		return fmt.Sprintf("%s / %s", under(s.Median), under(s.P95))
	}
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "MISSED"
	}
	A, F := r.App, r.Floor
	p("\nframecheck benchmark, %s\n%s; %d CPUs (%s); %s; load average %s -> %s; %.0f s\n",
		r.When, r.Browser, r.CPUs, r.CPUModel, r.GoVersion, r.LoadBefore, r.LoadAfter, r.ElapsedS)
	p("Loads: median [min–max] of %d runs (one warm-up dropped), each a new browser with a fresh profile.\n\n", A.ColdInteractive.N)

	p("%-48s | %-26s | %-26s | %-7s | %s\n", "figure", "framecheck", "floor (go-app hello)", "ratio", "target")
	p("%s\n", strings.Repeat("-", 140))
	row := func(name, a, f string, ratio float64, target string) {
		rs := ""
		if ratio > 0 {
			rs = fmt.Sprintf("%.2f×", ratio)
		}
		p("%-48s | %-26s | %-26s | %-7s | %s\n", name, a, f, rs, target)
	}
	row("1. app.wasm raw", fmtBytes(float64(A.WasmRaw)), fmtBytes(float64(F.WasmRaw)), r.Ratios["wasmRaw"], "")
	row("   app.wasm gzip (-9)", fmtBytes(float64(A.WasmGzip)), fmtBytes(float64(F.WasmGzip)), r.Ratios["wasmGzip"], "")
	row("   app.wasm brotli (11)", fmtBytes(float64(A.WasmBrotli)), fmtBytes(float64(F.WasmBrotli)), r.Ratios["wasmBrotli"],
		fmt.Sprintf("<= 1.25× floor (#15): %s", verdict(r.Ratios["wasmBrotli"] <= 1.25)))
	row("   cold load, wire bytes (page network events)", mb(A.ColdWireBytes), mb(F.ColdWireBytes), r.Ratios["coldWireBytes"], "")
	row("   cold load, body bytes served (incl. SW)", mb(A.ColdServerBytes), mb(F.ColdServerBytes), r.Ratios["coldServerBytes"], "")
	row("   warm reload, wire bytes", mb(A.WarmWireBytes), mb(F.WarmWireBytes), 0, "")
	row("3. cold: loader gone, ms", ms(A.ColdLoaderGone), ms(F.ColdLoaderGone), 0, "")
	row("   cold: app ready, ms", ms(A.ColdReady), ms(F.ColdReady), r.Ratios["coldReady"], "")
	row("   cold: interactive (probe key answered), ms", ms(A.ColdInteractive), ms(F.ColdInteractive), r.Ratios["coldInteractive"],
		fmt.Sprintf("<= 1.3× floor: %s", verdict(r.Ratios["coldInteractive"] <= 1.3)))
	row("   warm: loader gone, ms", ms(A.WarmLoaderGone), ms(F.WarmLoaderGone), 0, "")
	row("   warm: app ready, ms", ms(A.WarmReady), ms(F.WarmReady), r.Ratios["warmReady"], "")
	row("   warm: interactive (probe key answered), ms", ms(A.WarmInteractive), ms(F.WarmInteractive), r.Ratios["warmInteractive"],
		fmt.Sprintf("<= 1.3× floor: %s", verdict(r.Ratios["warmInteractive"] <= 1.3)))
	row("   WASM memory after cold load", mb(A.WasmMemory), mb(F.WasmMemory), r.Ratios["wasmMemory"], "")
	row("   JS heap after cold load (after GC)", mb(A.JSHeap), mb(F.JSHeap), 0, "")

	lr := r.LongReadout
	p("\n4. Long readout: %d code points (%d UTF-16 units), %d annotations (%d spans: %d nested, %d crossing; %d omission points), %s of JSON\n",
		lr.TextCodePoints, lr.TextUTF16, lr.Annotations, lr.Spans, lr.Nested, lr.Crossing, lr.Points, fmtBytes(float64(lr.JSONBytes)))
	p("%-62s | %-26s | %s\n", "figure", "median [min–max] ms", "target")
	p("%s\n", strings.Repeat("-", 120))
	p("%-62s | %-26s | <= 300 ms: %s\n", "open from Workspaces: click -> text + all highlights painted", ms(lr.OpenPainted), verdict(lr.OpenPainted.Median <= 300))
	p("%-62s | %-26s |\n", "open from Workspaces: click -> all list entries painted", ms(lr.OpenList))
	p("%-62s | %-26s |\n", "reload (warm): navigation -> text + all highlights painted", ms(lr.ReloadPainted))
	p("%-62s | %-26s |\n", "reload (warm): navigation -> all list entries painted", ms(lr.ReloadList))

	p("\n5. Interactions on the long readout, Event Timing (ms, p50 / p95; <16 = no entry: under the API's 16 ms threshold)\n")
	p("%-10s | %-5s | %-10s | %-13s | %-13s | %-13s | %-18s | %s\n", "", "n", "unreported", "duration", "processing", "input delay", "key -> painted*", "target")
	p("%s\n", strings.Repeat("-", 140))
	a, d := r.Annotate, r.Delete
	p("%-10s | %-5d | %-10d | %-13s | %-13s | %-13s | %-18s | duration <= 24 / 50: %s; processing p95 <= 8: %s\n", "annotate", a.Count, a.Unreported,
		pq(a, a.Duration), pq(a, a.Processing), pq(a, a.Delay), fmt.Sprintf("%.0f / %.0f", a.KeyToPaint.Median, a.KeyToPaint.P95),
		verdict(a.Duration.Median <= 24 && a.Duration.P95 <= 50), verdict(a.Processing.P95 <= 8))
	p("%-10s | %-5d | %-10d | %-13s | %-13s | %-13s | %-18s | duration p95 <= 50: %s\n", "delete", d.Count, d.Unreported,
		pq(d, d.Duration), pq(d, d.Processing), pq(d, d.Delay), fmt.Sprintf("%.0f / %.0f", d.KeyToPaint.Median, d.KeyToPaint.P95),
		verdict(d.Duration.P95 <= 50))
	if ra := r.DeleteRightAfter; ra.Count > 0 {
		p("%-10s | %-5d | %-10d | %-13s | %-13s | %-13s | %-18s | (Delete pressed as soon as the add was painted)\n", "delete**", ra.Count, ra.Unreported,
			pq(ra, ra.Duration), pq(ra, ra.Processing), pq(ra, ra.Delay), fmt.Sprintf("%.0f / %.0f", ra.KeyToPaint.Median, ra.KeyToPaint.P95))
	}
	if a.Failed+d.Failed > 0 {
		p("failed (no change seen within 30 s): annotate %d, delete %d\n", a.Failed, d.Failed)
	}
	p("* cross-check, not the Event Timing figure: keydown timeStamp -> end marker after the change was seen by polling\n")
	p("  rounds settle as the peer's do: after a scroll and between the add and the Delete, 100 ms without a change to the page or a long frame\n")
	p("** rounds that press Delete as soon as the add is painted, without settling (the add's deferred work may still be running)\n")
	if len(r.Profile) > 0 {
		p("  main thread per interaction (CDP trace, thread ms, last %.0f interactions):", r.Profile["interactions"])
		for _, k := range []string{"total", "script", "style", "layout", "prepaint", "paint", "layerize", "commit", "gc"} {
			if v, ok := r.Profile[k]; ok {
				p(" %s %.1f", k, v)
			}
		}
		p("\n")
	}

	bg := r.Big
	p("\n6. Workspace with %d annotations (%s of JSON)\n", bg.Annotations, fmtBytes(float64(bg.JSONBytes)))
	p("%-62s | %-26s | %s\n", "figure", "median [min–max] ms", "target")
	p("%s\n", strings.Repeat("-", 120))
	p("%-62s | %-26s | <= 100 ms: %s\n", "export: click -> file downloaded (Go clock)", ms(bg.ExportClickFile), verdict(bg.ExportClickFile.Median <= 100))
	p("%-62s | %-26s |\n", "export: click -> Blob handed to the browser (page clock)", ms(bg.ExportClickBlob))
	p("%-62s | %-26s |\n", "import: file chosen -> validated, summary painted", ms(bg.ImportValidate))
	p("%-62s | %-26s | <= 200 ms: %s\n", "import: click Open as new -> text + highlights painted", ms(bg.ImportOpen), verdict(bg.ImportOpen.Median <= 200))
	p("%-62s | %-26s |\n", "import: click Open as new -> all list entries painted", ms(bg.ImportList))
	p("%-62s | %-26s |\n", "import: file chosen -> everything painted", ms(bg.ImportTotal))

	p("\n7. Memory with the long readout open (after a GC)\n")
	p("   WASM linear memory %s (target <= 64 MB: %s); JS heap used %s of %s; Blink heap %s; %d elements in the document\n",
		fmtBytes(lr.WasmMemory), verdict(lr.WasmMemory <= 64<<20), fmtBytes(lr.JSHeapUsed), fmtBytes(lr.JSHeapTotal), fmtBytes(lr.EmbedderHeap), lr.DOMNodes)
	p("\nNotes:\n")
	for _, n := range r.Notes {
		p("  - %s\n", n)
	}
	fmt.Fprint(w, b.String())
}
