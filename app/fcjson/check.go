package fcjson

import (
	"strconv"

	"framecheck/app/internal/jsonwalk"
	"framecheck/app/workspace"
)

// Fact-check verdicts (issue #14), added to version 1 without a version
// change: files without them stay valid, and a reader that does not know
// them ignores them.
//
//   - "workspace.ratingScale" (optional): the ordered ratings, best first,
//     each {"id", "name", "color", "symbol", "unscored"?}; "unscored": true
//     puts a rating outside the numeric order (Unverifiable). A file
//     without it uses the default scale (workspace.DefaultScale), whose
//     ids are fixed; Encode writes it only when the workspace has its own.
//   - "workspace.claimReview" (optional): {"publisherName", "publisherUrl",
//     "articleUrl"}, the ClaimReview export's publisher and article.
//   - "check" on an annotation (optional): {"verdict"?, "claim"?,
//     "claimant"?, "claimantType"? ("Person" or "Organization"), "evidence"?: [{"url"?, "title"?}], "checkedAt"}; the
//     verdict is the id of a rating of the scale.

var (
	ratingKeys   = []string{"id", "name", "color", "symbol", "unscored"}
	publishKeys  = []string{"publisherName", "publisherUrl", "articleUrl"}
	checkKeys    = []string{"verdict", "claim", "claimant", "evidence", "checkedAt", "claimantType"}
	evidenceKeys = []string{"url", "title"}
)

// appendScale writes the workspace's own scale and publisher, if any, as
// the last members of "workspace".
func appendScale(b []byte, w *workspace.Workspace) []byte {
	const in = "    "
	if w.RatingScale != nil {
		b = append(b, ",\n"+in+"\"ratingScale\": ["...)
		for i, r := range w.RatingScale {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n"+in+"  {\"id\": "...)
			b = appendString(b, r.ID)
			b = append(b, ", \"name\": "...)
			b = appendString(b, r.Name)
			b = append(b, ", \"color\": "...)
			b = appendString(b, r.Color)
			b = append(b, ", \"symbol\": "...)
			b = appendString(b, r.Symbol)
			if r.Unscored {
				b = append(b, ", \"unscored\": true"...)
			}
			b = append(b, '}')
		}
		b = append(b, "\n"+in+"]"...)
	}
	if p := w.Publisher; p != (workspace.Publisher{}) {
		b = append(b, ",\n"+in+"\"claimReview\": {"...)
		first := true
		for _, f := range [...]struct{ k, v string }{{"publisherName", p.Name}, {"publisherUrl", p.URL}, {"articleUrl", p.ArticleURL}} {
			if f.v == "" {
				continue
			}
			if !first {
				b = append(b, ", "...)
			}
			first = false
			b = append(b, '"')
			b = append(b, f.k...)
			b = append(b, "\": "...)
			b = appendString(b, f.v)
		}
		b = append(b, '}')
	}
	return b
}

// appendCheck writes an annotation's check member, if it has one.
func appendCheck(b []byte, c *workspace.Check) []byte {
	if c == nil {
		return b
	}
	const in = "        "
	b = append(b, ",\n      \"check\": {"...)
	sep := "\n"
	for _, f := range [...]struct{ k, v string }{{"verdict", c.Verdict}, {"claim", c.Claim}, {"claimant", c.Claimant}, {"claimantType", c.ClaimantType}} {
		if f.v == "" {
			continue
		}
		b = append(b, sep+in+"\""+f.k+"\": "...)
		b = appendString(b, f.v)
		sep = ",\n"
	}
	if len(c.Evidence) > 0 {
		b = append(b, sep+in+"\"evidence\": ["...)
		for j, e := range c.Evidence {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n"+in+"  {"...)
			if e.URL != "" {
				b = append(b, "\"url\": "...)
				b = appendString(b, e.URL)
			}
			if e.Title != "" {
				if e.URL != "" {
					b = append(b, ", "...)
				}
				b = append(b, "\"title\": "...)
				b = appendString(b, e.Title)
			}
			b = append(b, '}')
		}
		b = append(b, "\n"+in+"]"...)
		sep = ",\n"
	}
	b = append(b, sep+in+"\"checkedAt\": "...)
	b = appendTime(b, c.CheckedAt)
	return append(b, "\n      }"...)
}

// checkEncodableCheck is checkEncodable for a check; the path is relative
// to the annotation.
func checkEncodableCheck(c *workspace.Check) *Error {
	if c == nil {
		return nil
	}
	for _, f := range [...]struct{ name, s string }{{"claim", c.Claim}, {"claimant", c.Claimant}} {
		if err := jsonwalk.CheckUTF8("check."+f.name, f.s); err != nil {
			return err
		}
	}
	for j, e := range c.Evidence {
		p := "check.evidence[" + strconv.Itoa(j) + "]."
		if err := jsonwalk.CheckUTF8(p+"url", e.URL); err != nil {
			return err
		}
		if err := jsonwalk.CheckUTF8(p+"title", e.Title); err != nil {
			return err
		}
	}
	return jsonwalk.CheckTime("check.checkedAt", c.CheckedAt)
}

// ratingScale reads "workspace.ratingScale".
func (d *decoder) ratingScale(v []byte) (workspace.RatingScale, *Error) {
	return decodeArray(v, "ratingScale", workspace.MaxRatings, "has more ratings than the limit of "+strconv.Itoa(workspace.MaxRatings),
		func(v []byte) (workspace.Rating, *Error) {
			var r workspace.Rating
			if err := jsonwalk.Need("", v, '{'); err != nil {
				return r, err
			}
			f, err := jsonwalk.Fields(v, ratingKeys)
			if err != nil {
				return r, err
			}
			for k, dst := range [...]*string{&r.ID, &r.Name, &r.Color, &r.Symbol} {
				if *dst, err = reqString(ratingKeys[k], f[k]); err != nil {
					return r, err
				}
			}
			if r.Unscored, err = optBool("unscored", f[4]); err != nil {
				return r, err
			}
			return r, nil
		})
}

// publisher reads "workspace.claimReview".
func publisher(v []byte) (workspace.Publisher, *Error) {
	var p workspace.Publisher
	if err := jsonwalk.Need("claimReview", v, '{'); err != nil {
		return p, err
	}
	f, err := jsonwalk.Fields(v, publishKeys)
	if err != nil {
		return p, within("claimReview", err)
	}
	for k, dst := range [...]*string{&p.Name, &p.URL, &p.ArticleURL} {
		if *dst, err = optString(publishKeys[k], f[k]); err != nil {
			return p, within("claimReview", err)
		}
	}
	return p, nil
}

// check reads an annotation's "check".
func (d *decoder) check(v []byte) (*workspace.Check, *Error) {
	if err := jsonwalk.Need("", v, '{'); err != nil {
		return nil, err
	}
	f, err := jsonwalk.Fields(v, checkKeys)
	if err != nil {
		return nil, err
	}
	c := &workspace.Check{}
	if c.Verdict, err = d.shared("verdict", f[0]); err != nil {
		return nil, err
	}
	if c.Claim, err = optString("claim", f[1]); err != nil {
		return nil, err
	}
	if c.Claimant, err = d.shared("claimant", f[2]); err != nil {
		return nil, err
	}
	if c.ClaimantType, err = d.shared("claimantType", f[5]); err != nil {
		return nil, err
	}
	if f[3] != nil {
		ev, err := decodeArray(f[3], "evidence", workspace.MaxEvidence, "has more sources than the limit of "+strconv.Itoa(workspace.MaxEvidence),
			func(v []byte) (workspace.Evidence, *Error) {
				var e workspace.Evidence
				if err := jsonwalk.Need("", v, '{'); err != nil {
					return e, err
				}
				f, err := jsonwalk.Fields(v, evidenceKeys)
				if err != nil {
					return e, err
				}
				if e.URL, err = optString("url", f[0]); err != nil {
					return e, err
				}
				if e.Title, err = optString("title", f[1]); err != nil {
					return e, err
				}
				return e, nil
			})
		if err != nil {
			return nil, err
		}
		if len(ev) > 0 {
			c.Evidence = ev
		}
	}
	if c.CheckedAt, err = d.time("checkedAt", f[4]); err != nil {
		return nil, err
	}
	return c, nil
}

func optBool(path string, v []byte) (bool, *Error) {
	switch string(v) {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, &Error{Path: path, Msg: "is " + jsonwalk.Kind(v) + ", not true or false"}
}
