package appbench

import (
	"cmp"
	"context"
	"encoding/json"
	"math"
	"slices"
	"testing"
	"time"

	"framecheck/internal/browsertest"
)

// A CDP trace of a few interactions gives the main thread's time by phase
// (thread time, which other processes on the machine do not inflate), as in
// bench/renderers. Only the time between a key's mark (fcb-annotate,
// fcb-delete) and the following fcb-painted mark counts.

type traceEvent struct {
	Name string  `json:"name"`
	Cat  string  `json:"cat"`
	Ph   string  `json:"ph"`
	Ts   float64 `json:"ts"`
	Dur  float64 `json:"dur"`
	Tdur float64 `json:"tdur"`
	Pid  int     `json:"pid"`
	Tid  int     `json:"tid"`
	Args struct {
		Name string `json:"name"`
	} `json:"args"`
}

// tracer is one trace of a tab, through browsertest's Tracer.
type tracer struct {
	bt *browsertest.Tracer
}

func startTrace(t *testing.T, tb *tab) *tracer {
	bt, err := browsertest.NewTracer(tb.ctx)
	if err != nil {
		t.Logf("trace: %v", err)
		return nil
	}
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	if err := bt.Start(ctx, "devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "__metadata"); err != nil {
		t.Logf("trace: %v", err)
		return nil
	}
	return &tracer{bt: bt}
}

var tracePhase = map[string]string{
	"UpdateLayoutTree": "style",
	"Layout":           "layout",
	"PrePaint":         "prepaint",
	"Paint":            "paint",
	"Layerize":         "layerize",
	"Commit":           "commit",
	"MajorGC":          "gc",
	"MinorGC":          "gc",
}

var scriptEvents = map[string]bool{
	"EventDispatch": true, "FunctionCall": true, "TimerFire": true, "FireAnimationFrame": true,
	"RunMicrotasks": true, "v8.callFunction": true, "EvaluateScript": true, "v8.run": true,
}

// end ends the trace and returns its events, or nil (logged) when the
// trace could not be completed. stop and traceSummary share it.
func (tr *tracer) end(t *testing.T, tb *tab) []traceEvent {
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	raw, err := tr.bt.Stop(ctx, 60*time.Second)
	if err != nil {
		t.Logf("trace: %v", err)
		return nil
	}
	evs := make([]traceEvent, 0, len(raw))
	for _, r := range raw {
		var e traceEvent
		if json.Unmarshal(r, &e) == nil {
			evs = append(evs, e)
		}
	}
	return evs
}

// stop ends the trace and returns main-thread ms per interaction by phase.
func (tr *tracer) stop(t *testing.T, tb *tab) map[string]float64 {
	evs := tr.end(t, tb)
	if evs == nil {
		return nil
	}
	// the renderer's main thread is where the user timing marks are
	type win struct{ from, to float64 }
	var wins []win
	var open float64 = -1
	pid, tid := 0, 0
	slices.SortFunc(evs, func(a, b traceEvent) int { return cmp.Compare(a.Ts, b.Ts) })
	for _, e := range evs {
		switch e.Name {
		case "fcb-annotate", "fcb-delete":
			open, pid, tid = e.Ts, e.Pid, e.Tid
		case "fcb-painted":
			if open >= 0 {
				wins = append(wins, win{open, e.Ts})
				open = -1
			}
		}
	}
	if len(wins) == 0 {
		t.Logf("trace: no interaction windows found")
		return nil
	}
	in := func(e traceEvent) bool {
		if e.Pid != pid || e.Tid != tid || e.Ph != "X" {
			return false
		}
		for _, w := range wins {
			if e.Ts >= w.from && e.Ts < w.to {
				return true
			}
		}
		return false
	}
	out := map[string]float64{}
	scriptEnd := math.Inf(-1)
	for _, e := range evs {
		if !in(e) {
			continue
		}
		if e.Name == "RunTask" {
			out["total"] += e.Tdur / 1000
		}
		if k, ok := tracePhase[e.Name]; ok {
			out[k] += e.Tdur / 1000
		}
		if scriptEvents[e.Name] && e.Ts >= scriptEnd { // outermost script event only
			out["script"] += e.Tdur / 1000
			scriptEnd = e.Ts + e.Dur
		}
	}
	for k, v := range out {
		out[k] = math.Round(v/float64(len(wins))*100) / 100
	}
	out["interactions"] = float64(len(wins))
	return out
}
