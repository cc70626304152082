// Package refusal is the error every framecheck format returns when it
// refuses a file or a workspace (importers and exporters alike: fcjson,
// w3c, doccano, labelstudio, csvexport, report, formats), so that none of
// them imports another format for its error type, and the checks that
// every exporter makes before it writes.
package refusal

import (
	"fmt"
	"strings"

	"framecheck/app/workspace"
)

// Error is a refusal with the place it concerns, so the UI can show both.
// Path is a path like `annotations[3].end` or `workspace.title` (a JSON
// path for the JSON formats); it is empty when the whole file or workspace
// is concerned (empty, not JSON).
//
// fcjson.Error and jsonwalk.Error are this type.
type Error struct {
	Path string
	Msg  string
}

func (e *Error) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Errorf returns a refusal at path with a formatted message.
func Errorf(path, format string, args ...any) *Error {
	return &Error{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// MaxFileSize is the largest file any importer reads (50 MB). A workspace
// at the limits of the model is far smaller; anything bigger is a wrong
// file, and refusing it early keeps a browser tab from choking on it.
const MaxFileSize = 50 << 20

// ModelError turns an error of workspace.Validate, which reads
// "path: message", into an *Error with that path; any other error becomes
// an *Error without a path.
func ModelError(err error) *Error {
	s := err.Error()
	if i := strings.Index(s, ": "); i > 0 && !strings.ContainsAny(s[:i], " \"") {
		return &Error{Path: s[:i], Msg: s[i+2:]}
	}
	return &Error{Msg: s}
}

// Exportable is the check every exporter makes before it writes: there is
// a workspace, and it passes workspace.Validate (the refusal has the
// path Validate names). It returns a plain nil error when w may be
// written, so that callers can return its result as their error.
func Exportable(w *workspace.Workspace) error {
	if w == nil {
		return &Error{Msg: "no workspace to export"}
	}
	if err := w.Validate(); err != nil {
		return ModelError(err)
	}
	return nil
}
