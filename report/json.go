package report

import (
	"encoding/json"
	"io"
)

// JSON writes the report as patmigrate.report/v1, indented, one document.
type JSON struct{}

var _ Renderer = JSON{}

// Render implements Renderer.
func (JSON) Render(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
