package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/patmigrate/patmigrate/rules"
)

// Short renders a report in a few lines: one per finding with its place and
// kind, then what to do. It is the pre-commit hook's output (scan --staged),
// read in a terminal while a commit waits. A clean, complete report prints
// nothing.
type Short struct{}

var _ Renderer = Short{}

// Render implements Renderer.
func (Short) Render(w io.Writer, r *Report) error {
	r = visibleReport(r) // scanned text must not act on the reader (visible.go)
	if len(r.Findings) == 0 && len(r.Errors) == 0 {
		return nil
	}
	var b strings.Builder
	where := "the scanned files"
	if len(r.Targets) > 0 && r.Targets[0].Mode == "staged" {
		where = "the staged changes"
	}
	if len(r.Findings) > 0 {
		fmt.Fprintf(&b, "patmigrate: %s in %s:\n", Plural(len(r.Findings), "dbt Cloud finding", "dbt Cloud findings"), where)
	}
	secrets := false
	for _, f := range r.Findings {
		what := kindNames[f.Kind][0]
		if f.Secret != "" {
			what += " " + f.Secret
			secrets = true
		}
		fmt.Fprintf(&b, "  %s:%d  %s (%s)\n", f.Path, f.Line, what, f.Severity)
	}
	if secrets {
		b.WriteString("Remove the credential from the file and read it from a secret store or the environment instead;\n" +
			"replace a legacy user key with a service token (automation) or a personal access token (your own use).\n")
	} else if len(r.Findings) > 0 && r.Findings[0].Kind != rules.CredentialReference {
		b.WriteString(r.Findings[0].Remediation + "\n")
	}
	// An ignore comment silences what a rule matched on a line; a file not
	// scanned or a suppression the change adds has no such line.
	if slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Kind != rules.NotScanned && f.Kind != rules.SuppressionAdded }) {
		b.WriteString("A false alarm? Add \"patmigrate:ignore\" in a comment on that line.\n")
	}
	for _, e := range r.Errors {
		fmt.Fprintf(&b, "patmigrate: could not read %s: %s\n", e.Path, e.Error)
	}
	if details := scanDetails(r); len(details) > 0 && len(r.Findings) > 0 {
		b.WriteString("(" + strings.Join(details, "; ") + ")\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
