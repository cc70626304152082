//go:build !importui

package ui

import (
	"framecheck/app/browser"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Temporary stand-in while the merge package lands.
type importState struct{}

func (s *shell) startImport(ctx app.Context, f browser.File) {}

func newImportDialog(sh *shell, rev int) app.UI { return app.Div() }
