package suppress

import "bytes"

// InlineMarker on a line silences the findings that start on it, in any
// comment syntax.
const InlineMarker = "patmigrate:ignore"

// Inline reports whether line carries InlineMarker. It is the scanner's
// Options.Silenced for a scan that honours inline ignores.
func Inline(line []byte) bool { return bytes.Contains(line, []byte(InlineMarker)) }
