package w3c

import (
	"strings"

	"framecheck/app/internal/jsonwalk"
	"framecheck/app/internal/refusal"
	"framecheck/app/workspace"
)

// Fact-check verdicts (issue #14) in the W3C export. A check is bodies of
// its annotation, in standard terms where the model has them:
//
//	{"type": "TextualBody", "purpose": "assessing", "value": "<rating name>",  // "" while unrated
//	 "framecheck:verdict": "urn:uuid:<rating id>",                              // when rated
//	 "framecheck:claim": "…", "framecheck:claimant": "…",                      // when set
//	 "framecheck:claimantType": "Person",                                       // when set
//	 "framecheck:checkedAt": "2026-07-05T07:47:00Z"}
//	{"type": "SpecificResource", "purpose": "linking", "source": "<evidence URL>",
//	 "framecheck:title": "<title>"}                                             // when set
//	{"type": "TextualBody", "purpose": "linking", "value": "<title>"}          // evidence without a URL
//
// "assessing" and "linking" are purposes of the Web Annotation Vocabulary.
// The collection carries the workspace's own rating scale, when it has one,
// as "framecheck:ratingScale" (a JSON array in scale order; framecheck reads
// the order of the file) and the ClaimReview publisher as
// "framecheck:publisher". Decode reads all of them back. An "assessing"
// body of another tool is a verdict by its value: a rating of the scale
// with that name (ignoring case) or, if there is none, a new rating added
// to the scale outside the numeric order, so no verdict is dropped.

type ratingJSON struct {
	ID       string `json:"framecheck:ratingId"`
	Label    string `json:"label"`
	Color    string `json:"framecheck:color"`
	Symbol   string `json:"framecheck:symbol"`
	Unscored bool   `json:"framecheck:unscored,omitempty"`
}

type publisherJSON struct {
	Name       string `json:"name,omitempty"`
	URL        string `json:"framecheck:url,omitempty"`
	ArticleURL string `json:"framecheck:articleUrl,omitempty"`
}

type assessingJSON struct {
	Type         string `json:"type"`
	Purpose      string `json:"purpose"`
	Value        string `json:"value"`
	Verdict      string `json:"framecheck:verdict,omitempty"`
	Claim        string `json:"framecheck:claim,omitempty"`
	Claimant     string `json:"framecheck:claimant,omitempty"`
	ClaimantType string `json:"framecheck:claimantType,omitempty"`
	CheckedAt    string `json:"framecheck:checkedAt"`
}

type evidenceJSON struct {
	Type    string `json:"type"`
	Purpose string `json:"purpose"`
	Source  string `json:"source,omitempty"`
	Value   string `json:"value,omitempty"`
	Title   string `json:"framecheck:title,omitempty"`
}

// scaleJSON returns w's own scale for the collection, nil without one.
func scaleJSON(w *workspace.Workspace) []ratingJSON {
	if w.RatingScale == nil {
		return nil
	}
	out := make([]ratingJSON, len(w.RatingScale))
	for i, r := range w.RatingScale {
		out[i] = ratingJSON{ID: urnUUID + r.ID, Label: r.Name, Color: r.Color, Symbol: r.Symbol, Unscored: r.Unscored}
	}
	return out
}

func publisherOf(w *workspace.Workspace) *publisherJSON {
	if w.Publisher == (workspace.Publisher{}) {
		return nil
	}
	return &publisherJSON{Name: w.Publisher.Name, URL: w.Publisher.URL, ArticleURL: w.Publisher.ArticleURL}
}

// checkBodies returns the bodies of a's check.
func checkBodies(w *workspace.Workspace, c *workspace.Check) []any {
	if c == nil {
		return nil
	}
	b := assessingJSON{Type: "TextualBody", Purpose: "assessing", Claim: c.Claim, Claimant: c.Claimant,
		ClaimantType: c.ClaimantType, CheckedAt: stamp(c.CheckedAt)}
	if r, ok := w.Scale().Rating(c.Verdict); ok {
		b.Value, b.Verdict = r.Name, urnUUID+r.ID
	}
	out := []any{b}
	for _, e := range c.Evidence {
		if e.URL != "" {
			out = append(out, evidenceJSON{Type: "SpecificResource", Purpose: "linking", Source: e.URL, Title: e.Title})
		} else {
			out = append(out, evidenceJSON{Type: "TextualBody", Purpose: "linking", Value: e.Title})
		}
	}
	return out
}

// checkParts is what a decoded annotation's bodies say about its check.
type checkParts struct {
	seen        bool
	verdictName string
	verdictID   string
	path        string // of the assessing body
	check       workspace.Check
}

// assessing reads an "assessing" body object into n.
func (n *noteParts) assessing(o jsonwalk.Object) *refusal.Error {
	c := &n.chk
	if c.seen {
		// A second verdict: kept in the note, not dropped.
		v, _, err := o.OptString("value")
		if err != nil {
			return err
		}
		n.lines = append(n.lines, "verdict: "+v)
		return nil
	}
	c.seen, c.path = true, o.Path
	var err *refusal.Error
	if c.verdictName, _, err = o.OptString("value"); err != nil {
		return err
	}
	c.verdictName = strings.TrimSpace(c.verdictName)
	var id string
	if id, _, err = o.OptString("framecheck:verdict"); err != nil {
		return err
	}
	if id != "" {
		c.verdictID = idFromIRI(id)
	}
	for _, f := range [...]struct {
		key string
		dst *string
	}{{"framecheck:claim", &c.check.Claim}, {"framecheck:claimant", &c.check.Claimant}, {"framecheck:claimantType", &c.check.ClaimantType}} {
		if *f.dst, _, err = o.OptString(f.key); err != nil {
			return err
		}
	}
	if t, ok, err := optTime(o, "framecheck:checkedAt"); err != nil {
		return err
	} else if ok {
		c.check.CheckedAt = t
	}
	return nil
}

// evidence reads a "linking" body object into n.
func (n *noteParts) evidence(o jsonwalk.Object, types []string) *refusal.Error {
	var e workspace.Evidence
	var err *refusal.Error
	if e.Title, _, err = o.OptString("framecheck:title"); err != nil {
		return err
	}
	src, _, err := o.OptString("source")
	if err != nil {
		return err
	}
	if src == "" && !contains(types, "TextualBody") {
		if src, _, err = o.OptString("id", "@id"); err != nil {
			return err
		}
	}
	val, _, err := o.OptString("value")
	if err != nil {
		return err
	}
	e.URL = strings.TrimSpace(src)
	if e.Title == "" {
		e.Title = strings.TrimSpace(val)
	} else if val != "" {
		n.texts = append(n.texts, val)
	}
	if e.URL == "" && e.Title == "" {
		return nil
	}
	n.chk.check.Evidence = append(n.chk.check.Evidence, e)
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// readScale reads the collection's "framecheck:ratingScale" and
// "framecheck:publisher".
func (d *decoder) readScale(o jsonwalk.Object) *refusal.Error {
	if v, p, err := o.Get("framecheck:ratingScale"); err != nil {
		return err
	} else if v != nil {
		scale := workspace.RatingScale{}
		if err := jsonwalk.EachItem(p, v, func(i int, raw []byte) *refusal.Error {
			ro, err := jsonwalk.ParseObject(jsonwalk.Index(p, i), raw)
			if err != nil {
				return err
			}
			var r workspace.Rating
			var id string
			if id, _, err = ro.OptString("framecheck:ratingId"); err != nil {
				return err
			}
			r.ID = idFromIRI(id)
			for _, f := range [...]struct {
				key string
				dst *string
			}{{"label", &r.Name}, {"framecheck:color", &r.Color}, {"framecheck:symbol", &r.Symbol}} {
				if *f.dst, _, err = ro.OptString(f.key); err != nil {
					return err
				}
			}
			if uv, up, err := ro.Get("framecheck:unscored"); err != nil {
				return err
			} else if uv != nil {
				switch string(uv) {
				case "true":
					r.Unscored = true
				case "false":
				default:
					return jsonwalk.Errorf(up, "must be true or false, not %s", jsonwalk.Kind(uv))
				}
			}
			scale = append(scale, r)
			return nil
		}); err != nil {
			return err
		}
		if err := scale.Check(); err != nil {
			e := refusal.ModelError(err)
			e.Path = p + strings.TrimPrefix(e.Path, "ratingScale")
			return e
		}
		d.scale = scale
	}
	if v, p, err := o.Get("framecheck:publisher"); err != nil {
		return err
	} else if v != nil {
		po, err := jsonwalk.ParseObject(p, v)
		if err != nil {
			return err
		}
		for _, f := range [...]struct {
			key string
			dst *string
		}{{"name", &d.publisher.Name}, {"framecheck:url", &d.publisher.URL}, {"framecheck:articleUrl", &d.publisher.ArticleURL}} {
			if *f.dst, _, err = po.OptString(f.key); err != nil {
				return err
			}
		}
	}
	return nil
}

// resolveChecks gives each decoded check its verdict on w's scale: by
// rating id, else by name (ignoring case), else a new unscored rating of
// that name, so that no verdict of another tool is dropped.
func (d *decoder) resolveChecks(w *workspace.Workspace) {
	w.RatingScale, w.Publisher = d.scale, d.publisher
	for _, a := range d.anns {
		ref, ok := d.verdicts[a]
		if !ok {
			continue
		}
		scale := w.Scale()
		if _, ok := scale.Rating(ref.verdictID); ok && ref.verdictID != "" {
			a.Check.Verdict = ref.verdictID
			continue
		}
		if ref.verdictName == "" {
			continue
		}
		found := false
		for _, r := range scale {
			if strings.EqualFold(r.Name, ref.verdictName) {
				a.Check.Verdict, found = r.ID, true
				break
			}
		}
		if found {
			continue
		}
		r := workspace.Rating{ID: derivedUUID("rating " + strings.ToLower(ref.verdictName)), Name: ref.verdictName,
			Color: "#57606a", Symbol: "•", Unscored: true}
		if len([]rune(r.Name)) > 60 {
			r.Name = string([]rune(r.Name)[:60])
		}
		w.RatingScale = append(append(workspace.RatingScale{}, scale...), r)
		a.Check.Verdict = r.ID
	}
}
