package interchange

import (
	"strconv"
	"strings"
	"time"

	"framecheck/app/internal/jsonwalk"
	"framecheck/app/internal/refusal"
	"framecheck/app/workspace"
)

// Checks in the extras (issue #14), as in framecheck JSON: the workspace
// object may have "ratingScale" and "claimReview" (the publisher), an
// annotation entry "check". doccano and Label Studio have no place for a
// verdict, so the extras are where it travels.

// RatingExtra is a rating of the workspace's own scale.
type RatingExtra struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Color    string `json:"color"`
	Symbol   string `json:"symbol"`
	Unscored bool   `json:"unscored,omitempty"`
}

// PublisherExtra is the ClaimReview publisher of the workspace.
type PublisherExtra struct {
	PublisherName string `json:"publisherName,omitempty"`
	PublisherURL  string `json:"publisherUrl,omitempty"`
	ArticleURL    string `json:"articleUrl,omitempty"`
}

// CheckExtra is an annotation's check.
type CheckExtra struct {
	Verdict      string          `json:"verdict,omitempty"`
	Claim        string          `json:"claim,omitempty"`
	Claimant     string          `json:"claimant,omitempty"`
	ClaimantType string          `json:"claimantType,omitempty"`
	Evidence     []EvidenceExtra `json:"evidence,omitempty"`
	CheckedAt    string          `json:"checkedAt"`
}

// EvidenceExtra is a source of a check.
type EvidenceExtra struct {
	URL   string `json:"url,omitempty"`
	Title string `json:"title,omitempty"`
}

func scaleExtras(w *workspace.Workspace) []RatingExtra {
	var out []RatingExtra
	for _, r := range w.RatingScale {
		out = append(out, RatingExtra{ID: r.ID, Name: r.Name, Color: r.Color, Symbol: r.Symbol, Unscored: r.Unscored})
	}
	return out
}

func publisherExtras(w *workspace.Workspace) *PublisherExtra {
	if w.Publisher == (workspace.Publisher{}) {
		return nil
	}
	return &PublisherExtra{PublisherName: w.Publisher.Name, PublisherURL: w.Publisher.URL, ArticleURL: w.Publisher.ArticleURL}
}

func checkExtras(c *workspace.Check) *CheckExtra {
	if c == nil {
		return nil
	}
	x := &CheckExtra{Verdict: c.Verdict, Claim: c.Claim, Claimant: c.Claimant, ClaimantType: c.ClaimantType, CheckedAt: jsonwalk.TimeString(c.CheckedAt)}
	for _, e := range c.Evidence {
		x.Evidence = append(x.Evidence, EvidenceExtra(e))
	}
	return x
}

// WorkspaceChecks reads the scale and publisher of the workspace object m
// of the extras (path p, with its separator). A file without them has the
// default scale (nil) and no publisher.
func WorkspaceChecks(p string, m map[string]any) (workspace.RatingScale, workspace.Publisher, *jsonwalk.Error) {
	var pub workspace.Publisher
	var scale workspace.RatingScale
	if v, ok := m["ratingScale"]; ok && v != nil {
		list, ok := v.([]any)
		if !ok {
			return nil, pub, jsonwalk.Errorf(p+"ratingScale", "must be an array of ratings, not %s", jsonwalk.KindOf(v))
		}
		scale = workspace.RatingScale{}
		for i, e := range list {
			ip := p + "ratingScale[" + strconv.Itoa(i) + "]"
			rm, ok := e.(map[string]any)
			if !ok {
				return nil, pub, jsonwalk.Errorf(ip, "must be an object, not %s", jsonwalk.KindOf(e))
			}
			var r workspace.Rating
			for _, f := range []struct {
				key string
				dst *string
			}{{"id", &r.ID}, {"name", &r.Name}, {"color", &r.Color}, {"symbol", &r.Symbol}} {
				s, err := jsonwalk.OptString(ip+".", rm, f.key)
				if err != nil {
					return nil, pub, err
				}
				*f.dst = s
			}
			if u, ok := rm["unscored"]; ok && u != nil {
				b, ok := u.(bool)
				if !ok {
					return nil, pub, jsonwalk.Errorf(ip+".unscored", "must be true or false, not %s", jsonwalk.KindOf(u))
				}
				r.Unscored = b
			}
			scale = append(scale, r)
		}
		if err := scale.Check(); err != nil {
			e := refusal.ModelError(err)
			e.Path = p + e.Path
			return nil, pub, e
		}
	}
	if v, ok := m["claimReview"]; ok && v != nil {
		cm, ok := v.(map[string]any)
		if !ok {
			return nil, pub, jsonwalk.Errorf(p+"claimReview", "must be an object, not %s", jsonwalk.KindOf(v))
		}
		for _, f := range []struct {
			key string
			dst *string
		}{{"publisherName", &pub.Name}, {"publisherUrl", &pub.URL}, {"articleUrl", &pub.ArticleURL}} {
			s, err := jsonwalk.OptString(p+"claimReview.", cm, f.key)
			if err != nil {
				return nil, pub, err
			}
			*f.dst = strings.TrimSpace(s)
		}
	}
	return scale, pub, nil
}

// readCheck reads an annotation entry's "check" (path p); nil when absent.
func readCheck(p string, v any, now time.Time) (*workspace.Check, *jsonwalk.Error) {
	if v == nil {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, jsonwalk.Errorf(p, "must be an object, not %s", jsonwalk.KindOf(v))
	}
	c := &workspace.Check{}
	for _, f := range []struct {
		key string
		dst *string
	}{{"verdict", &c.Verdict}, {"claim", &c.Claim}, {"claimant", &c.Claimant}, {"claimantType", &c.ClaimantType}} {
		s, err := jsonwalk.OptString(p+".", m, f.key)
		if err != nil {
			return nil, err
		}
		*f.dst = strings.TrimSpace(s)
	}
	if ev, ok := m["evidence"]; ok && ev != nil {
		list, ok := ev.([]any)
		if !ok {
			return nil, jsonwalk.Errorf(p+".evidence", "must be an array of sources {url, title}, not %s", jsonwalk.KindOf(ev))
		}
		for i, e := range list {
			ep := p + ".evidence[" + strconv.Itoa(i) + "]"
			em, ok := e.(map[string]any)
			if !ok {
				return nil, jsonwalk.Errorf(ep, "must be an object {url, title}, not %s", jsonwalk.KindOf(e))
			}
			var x workspace.Evidence
			var err *jsonwalk.Error
			if x.URL, err = jsonwalk.OptString(ep+".", em, "url"); err != nil {
				return nil, err
			}
			if x.Title, err = jsonwalk.OptString(ep+".", em, "title"); err != nil {
				return nil, err
			}
			if strings.TrimSpace(x.URL) == "" && strings.TrimSpace(x.Title) == "" {
				return nil, jsonwalk.Errorf(ep, "empty; give a URL or a title")
			}
			c.Evidence = append(c.Evidence, x)
		}
	}
	t, err := jsonwalk.OptTime(p+".", m, "checkedAt", now)
	if err != nil {
		return nil, err
	}
	c.CheckedAt = t
	return c, nil
}

// ResolveVerdicts clears the verdicts of w's checks that name no rating of
// w's scale (lines or tasks from workspaces with other scales) and returns
// how many it cleared, for the import's notes. Their checks stay.
func ResolveVerdicts(w *workspace.Workspace) (cleared int) {
	scale := w.Scale()
	for _, a := range w.Annotations {
		if a.Check == nil || a.Check.Verdict == "" {
			continue
		}
		if _, ok := scale.Rating(a.Check.Verdict); !ok {
			a.Check.Verdict = ""
			cleared++
		}
	}
	return cleared
}

// VerdictsNote is the note of an import that cleared n verdicts; "" for 0.
func VerdictsNote(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n) + " verdicts of the framecheck extras name ratings that are not on the workspace's rating scale; their checks were kept without a verdict."
}
