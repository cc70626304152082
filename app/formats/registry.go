package formats

import (
	"time"

	"framecheck/app/claimreview"
	"framecheck/app/csvexport"
	"framecheck/app/doccano"
	"framecheck/app/fcjson"
	"framecheck/app/internal/refusal"
	"framecheck/app/labelstudio"
	"framecheck/app/report"
	"framecheck/app/w3c"
	"framecheck/app/workspace"
)

// all is the registry, in menu order. Detection tries the formats in this
// order too (framecheck before W3C before doccano for a JSON object).
var all = register(
	Format{
		ID: Framecheck, Name: "framecheck JSON", Ext: "framecheck.json", MIME: "application/json",
		encode: func(w *workspace.Workspace, now time.Time, _ ExportOptions) ([]byte, error) {
			return fcjson.Encode(w, now)
		},
		sniff:  sniffer{object: isFramecheck},
		decode: decodeFramecheck,
	},
	Format{
		ID: W3C, Name: "W3C Web Annotation (JSON-LD)", Ext: "w3c.jsonld", MIME: `application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"`,
		encode: func(w *workspace.Workspace, now time.Time, _ ExportOptions) ([]byte, error) {
			return w3c.Encode(w, now)
		},
		sniff: sniffer{object: isW3C},
		decode: func(data []byte, opt ImportOptions, out *Imported) error {
			w, err := w3c.DecodeTick(data, nil, opt.Tick)
			out.Workspace = w
			return err
		},
	},
	Format{
		ID: Doccano, Name: "doccano JSONL", Ext: "doccano.jsonl", MIME: "application/jsonl",
		encode: func(w *workspace.Workspace, _ time.Time, opt ExportOptions) ([]byte, error) {
			return doccano.EncodeWith(w, opt.DoccanoUnit)
		},
		// A one-line file is one JSON object; a longer one is JSONL.
		sniff: sniffer{object: isDoccanoLine, line: isDoccanoLine},
		decode: func(data []byte, opt ImportOptions, out *Imported) error {
			w, info, err := doccano.Decode(data, doccano.ImportOptions{Unit: opt.DoccanoUnit, Now: opt.Now, NewID: opt.NewID, Tick: opt.Tick})
			if err != nil {
				return err
			}
			out.Workspace, out.Notes, out.Unit = w, info.Notes, opt.DoccanoUnit.String()
			return nil
		},
		choices: doccanoChoices,
	},
	Format{
		ID: LabelStudio, Name: "Label Studio JSON", Ext: "labelstudio.json", MIME: "application/json",
		encode: func(w *workspace.Workspace, _ time.Time, _ ExportOptions) ([]byte, error) {
			return labelstudio.Encode(w)
		},
		sniff: sniffer{item: isLabelStudioTask},
		decode: func(data []byte, opt ImportOptions, out *Imported) error {
			w, info, err := labelstudio.Decode(data, labelstudio.ImportOptions{Unit: opt.LabelStudioUnit, Now: opt.Now, NewID: opt.NewID, Tick: opt.Tick})
			if err != nil {
				return err
			}
			out.Workspace, out.Notes = w, info.Notes
			return nil
		},
	},
	Format{
		ID: CSV, Name: "CSV (spreadsheet)", Ext: "csv", MIME: "text/csv; charset=utf-8",
		encode: func(w *workspace.Workspace, _ time.Time, _ ExportOptions) ([]byte, error) {
			return csvexport.Encode(w, csvexport.Options{BOM: true})
		},
	},
	Format{
		ID: Markdown, Name: "Markdown report", Ext: "md", MIME: "text/markdown; charset=utf-8",
		encode: func(w *workspace.Workspace, now time.Time, _ ExportOptions) ([]byte, error) {
			return report.Markdown(w, now)
		},
	},
	Format{
		ID: HTML, Name: "HTML report", Ext: "html", MIME: "text/html; charset=utf-8",
		encode: func(w *workspace.Workspace, now time.Time, _ ExportOptions) ([]byte, error) {
			return report.HTML(w, now)
		},
	},
	Format{
		ID: ClaimReview, Name: "ClaimReview (JSON-LD)", Ext: "claimreview.jsonld", MIME: "application/ld+json",
		encode: func(w *workspace.Workspace, _ time.Time, _ ExportOptions) ([]byte, error) {
			return encodeClaimReview(w, claimreview.Result.JSON)
		},
	},
	Format{
		ID: ClaimReviewHTML, Name: "ClaimReview HTML snippet", Ext: "claimreview.html", MIME: "text/html; charset=utf-8",
		encode: func(w *workspace.Workspace, _ time.Time, _ ExportOptions) ([]byte, error) {
			return encodeClaimReview(w, claimreview.Result.HTML)
		},
	},
)

// decodeFramecheck reads a framecheck file; fcjson's *ReanchorError passes
// through unchanged, for the UI to offer re-anchoring.
func decodeFramecheck(data []byte, opt ImportOptions, out *Imported) error {
	w, rep, err := fcjson.DecodeWith(data, fcjson.Options{Reanchor: opt.Reanchor, Tick: opt.Tick})
	if err != nil {
		return err
	}
	out.Workspace, out.Report = w, rep
	if s := rep.String(); s != "" {
		out.Notes = append(out.Notes, s)
	}
	return nil
}

// encodeClaimReview writes the checked claims that can be published
// (none makes an empty list or snippet: every workspace exports in every
// format). The UI lists the claims left out, with what they lack, from
// claimreview.Build, and says so when nothing could be written.
func encodeClaimReview(w *workspace.Workspace, write func(claimreview.Result) ([]byte, error)) ([]byte, error) {
	if err := refusal.Exportable(w); err != nil {
		return nil, err
	}
	return write(claimreview.Build(w))
}

// doccanoChoices is one "Export as…" entry per unit of offsets, the
// default (UTF-16, as doccano counts) first.
func doccanoChoices(f Format) []Choice {
	var out []Choice
	for _, u := range doccano.Units() {
		c := Choice{Key: f.ID, Label: f.label() + ", offsets in " + u.String(), Format: f.ID, Options: ExportOptions{DoccanoUnit: u}}
		switch u {
		case doccano.UTF16:
			c.Label += " as doccano counts them"
		case doccano.CodePoint:
			c.Key, c.Label = f.ID+"-codepoints", c.Label+" (for Python scripts)"
		case doccano.Grapheme:
			c.Key, c.Label = f.ID+"-graphemes", c.Label+" (for doccano's grapheme mode)"
		}
		out = append(out, c)
	}
	return out
}
