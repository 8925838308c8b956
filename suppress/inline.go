package suppress

import (
	"bytes"

	"github.com/patmigrate/patmigrate/source"
)

// InlineMarker on a line silences the findings that start on it, in any
// comment syntax.
const InlineMarker = "patmigrate:ignore"

// Inline reports whether line carries InlineMarker.
func Inline(line []byte) bool { return bytes.Contains(line, []byte(InlineMarker)) }

// Silenced is Inline in the form scanner.Options.Silenced takes: a line
// with the marker is silenced wherever it is.
func Silenced(_ source.Provenance, _ int, line []byte) bool { return Inline(line) }
