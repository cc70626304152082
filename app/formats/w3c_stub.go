//go:build fc_now3c

package formats

import (
	"time"

	"framecheck/app/fcjson"
	"framecheck/app/workspace"
)

// Built with -tags fc_now3c while app/w3c is not complete: W3C files are
// detected but refused.
var (
	w3cEncode = func(*workspace.Workspace, time.Time) ([]byte, error) {
		return nil, &fcjson.Error{Msg: "W3C Web Annotation export is not built into this framecheck"}
	}
	w3cDecode = func([]byte) (*workspace.Workspace, error) {
		return nil, &fcjson.Error{Msg: "W3C Web Annotation import is not built into this framecheck"}
	}
)
