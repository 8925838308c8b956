package main

import (
	"github.com/patmigrate/patmigrate/internal/atomicfile"
	"github.com/patmigrate/patmigrate/report"
)

// sink is one report to write: a format and a file ("" for standard
// output).
type sink struct {
	format string
	path   string
	r      report.Renderer
}

// newSinks pairs the --format and --output flags in order: the n-th output
// takes the n-th format (--format json --output r.json --format sarif
// --output r.sarif); a last format without an output goes to standard
// output (--format sarif --output r.sarif --format github).
func newSinks(s *streams, formats, outputs []string) ([]sink, error) {
	switch {
	case len(outputs) > len(formats):
		return nil, usageError("--output: %d outputs for %d formats: give one --format per --output", len(outputs), len(formats))
	case len(outputs) < len(formats)-1:
		return nil, usageError("--format: %d formats need at least %d --output files (one may go to standard output)", len(formats), len(formats)-1)
	}
	var sinks []sink
	seen := map[string]string{} // target: the output that named it
	for i, f := range formats {
		k := sink{format: f}
		if i < len(outputs) && outputs[i] != "-" { // "-": standard output
			k.path = outputs[i]
			// Refused before the scan, not found after it: two outputs
			// that name one file (y.json and $PWD/y.json), and a folder
			// that does not exist or takes no new file.
			target, err := atomicfile.Target(k.path)
			if err != nil {
				return nil, usageError("--output: %v", err)
			}
			if other, ok := seen[target]; ok {
				return nil, usageError("--output: %s and %s are one file", other, k.path)
			}
			seen[target] = k.path
			if err := atomicfile.Check(k.path); err != nil {
				return nil, usageError("--output: %v", err)
			}
		}
		r, err := report.New(f, report.Options{Color: s.Color && k.path == "", Width: s.Width})
		if err != nil {
			return nil, usageError("--format: %v", err)
		}
		k.r = r
		sinks = append(sinks, k)
	}
	return sinks, nil
}

// textOnStdout reports whether a human-readable report goes to standard
// output, which then needs no status line on standard error.
func (p *scanSetup) textOnStdout() bool {
	for _, k := range p.sinks {
		if k.path == "" && (k.format == "text" || k.format == "short") {
			return true
		}
	}
	return false
}
