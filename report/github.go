package report

import (
	"cmp"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/patmigrate/patmigrate/rules"
)

// GitHub writes the report as GitHub Actions workflow commands: one
// annotation per finding (::error for critical and high, ::warning for
// warning, ::notice for info) that GitHub shows on the pull request diff,
// one ::error per item that could not be read, then a ::notice with the
// counts. Values are escaped as GitHub documents, so no content can end a
// command early or start another. Secrets are always redacted.
type GitHub struct{}

var _ Renderer = GitHub{}

// Render implements Renderer.
func (GitHub) Render(w io.Writer, r *Report) error {
	var b strings.Builder
	findings := ciFindings(r)
	for _, f := range findings {
		p := ciPath(r, f.Root, f.Path)
		props := [][2]string{{"file", p}}
		if f.Line > 0 {
			end := max(f.EndLine, f.Line)
			props = append(props, [2]string{"line", strconv.Itoa(f.Line)})
			// GitHub takes columns only on a single line; its endColumn is
			// the last column, ours is the one after it.
			if end == f.Line && f.Column > 0 {
				props = append(props, [2]string{"col", strconv.Itoa(f.Column)})
				props = append(props, [2]string{"endLine", strconv.Itoa(end)})
				if f.EndColumn > f.Column {
					props = append(props, [2]string{"endColumn", strconv.Itoa(f.EndColumn - 1)})
				}
			} else {
				props = append(props, [2]string{"endLine", strconv.Itoa(end)})
			}
		}
		props = append(props, [2]string{"title", capitalize(kindName(f.Kind)) + " (" + f.Rule + ")"})
		writeCommand(&b, githubLevel(f.Severity), props, githubMessage(f))
	}
	for _, e := range ciErrors(r) {
		p := ciPath(r, e.Root, e.Path)
		var props [][2]string
		msg := "could not read " + cmp.Or(p, "the repository")
		if e.Commit != "" {
			msg += " in commit " + e.Commit
		} else if e.Path != "" {
			props = append(props, [2]string{"file", p})
		}
		props = append(props, [2]string{"title", "patmigrate: incomplete scan"})
		writeCommand(&b, "error", props, msg+": "+e.Error)
	}
	writeCommand(&b, "notice", nil, githubSummary(r, findings))
	_, err := io.WriteString(w, b.String())
	return err
}

// githubLevel maps a severity to an annotation command.
func githubLevel(s rules.Severity) string {
	switch s {
	case rules.Critical, rules.High:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "notice"
}

// githubMessage is an annotation's text: what was found, then what to do.
func githubMessage(f Finding) string {
	msg := sentence(f)
	if f.Commit != "" {
		msg += " Introduced in commit " + f.Commit
		if !f.InHead {
			msg += ", no longer in HEAD"
		}
		msg += "."
	}
	if !f.Tracked {
		msg += " The file is not tracked by git: a local copy."
	}
	if f.Remediation != "" {
		msg += "\n" + f.Remediation
	}
	return msg
}

// githubSummary is the last line: what was scanned and found.
func githubSummary(r *Report, findings []Finding) string {
	s := "patmigrate scanned " + scannedSummary(r) + ": "
	if len(findings) == 0 {
		s += "no dbt Cloud credentials or cross-account calls found"
	} else {
		s += Plural(len(findings), "finding", "findings") + " (" + severityCounts(findings) + "): " +
			strings.Join(kindCounts(findings), ", ")
	}
	if len(r.Errors) > 0 {
		s += "; incomplete scan: " + Plural(len(r.Errors), "item", "items") + " could not be read"
	}
	if details := scanDetails(r); len(details) > 0 {
		s += "; " + strings.Join(details, "; ")
	}
	return s + "."
}

// writeCommand writes one workflow command line: ::name k=v,k=v::message.
func writeCommand(b *strings.Builder, name string, props [][2]string, msg string) {
	b.WriteString("::" + name)
	for i, p := range props {
		if i == 0 {
			b.WriteString(" ")
		} else {
			b.WriteString(",")
		}
		b.WriteString(p[0] + "=" + escapeProperty(p[1]))
	}
	fmt.Fprintf(b, "::%s\n", escapeData(msg))
}

// escapeData escapes a command's message as the Actions toolkit does, and
// "::" too, so that no scanned text reads as a command's syntax; other
// controls (an escape sequence for the log viewer) are made visible.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", "::", ":%3A").Replace(visible(s, true))
}

// escapeProperty escapes a command's property value as the Actions toolkit
// does: like a message, and also the separators ':' and ','.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(visible(s, true))
}
