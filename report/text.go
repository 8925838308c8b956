package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/patmigrate/patmigrate/rules"
)

// Text renders the checklist for a terminal: per account, each credential
// with its sites and remediation, then the calls to rewrite and the
// references to review. Styling changes presentation only; without Color
// the same text prints plain.
type Text struct {
	opts Options
}

var _ Renderer = (*Text)(nil)

// textStyles name what they mean, not what colour they are.
type textStyles struct {
	header, accountHeader, dim, location, remediation lipgloss.Style
	severity                                          map[rules.Severity]lipgloss.Style
}

func newTextStyles(w io.Writer, color bool) textStyles {
	r := lipgloss.NewRenderer(w)
	r.SetColorProfile(termenv.Ascii)
	if color {
		r.SetColorProfile(termenv.ANSI)
	}
	return textStyles{
		header:        r.NewStyle().Bold(true),
		accountHeader: r.NewStyle().Bold(true).Underline(true),
		dim:           r.NewStyle().Faint(true),
		location:      r.NewStyle().Foreground(lipgloss.Color("6")),
		remediation:   r.NewStyle().Faint(true),
		severity: map[rules.Severity]lipgloss.Style{
			rules.Critical: r.NewStyle().Bold(true).Foreground(lipgloss.Color("9")),
			rules.High:     r.NewStyle().Bold(true).Foreground(lipgloss.Color("1")),
			rules.Warning:  r.NewStyle().Foreground(lipgloss.Color("3")),
			rules.Info:     r.NewStyle().Foreground(lipgloss.Color("4")),
		},
	}
}

// Render implements Renderer.
func (t *Text) Render(w io.Writer, r *Report) error {
	c := NewChecklist(r)
	st := newTextStyles(w, t.opts.Color)
	width := t.opts.Width
	if width <= 0 {
		width = 100
	}
	var b strings.Builder
	files, size := totalFiles(c)
	fmt.Fprintf(&b, "%s %s scanned (%s), %s\n", st.header.Render("patmigrate:"),
		plural(int(files), "file", "files"), humanBytes(size), plural(len(r.Findings), "finding", "findings"))
	if counts := summaryCounts(c); len(counts) > 0 {
		fmt.Fprintf(&b, "  %s\n", strings.Join(counts, " · "))
	}
	sev := func(s rules.Severity) string {
		return st.severity[s].Render(fmt.Sprintf("%-8s", strings.ToUpper(string(s))))
	}
	wrap := func(indent, text string) {
		for _, line := range wrapText(text, width-len(indent)) {
			b.WriteString(indent + st.remediation.Render(line) + "\n")
		}
	}
	site := func(f Finding, extra string) {
		loc := fmt.Sprintf("%s:%d:%d", displayPath(c, f), f.Line, f.Column)
		notes := []string{f.Usage}
		if !f.Tracked {
			notes = append(notes, "local file, not in git")
		}
		if extra != "" {
			notes = append(notes, extra)
		}
		fmt.Fprintf(&b, "    %s  %s\n", st.location.Render(loc), st.dim.Render(strings.Join(notes, " · ")))
		fmt.Fprintf(&b, "      %s\n", f.Snippet)
	}
	for _, g := range c.Accounts {
		fmt.Fprintf(&b, "\n%s\n", st.accountHeader.Render(g.Label()))
		// Each rule's remediation prints once per account, after its
		// first credential.
		advised := map[string]bool{}
		for _, cr := range g.Credentials {
			fmt.Fprintf(&b, "  %s %s %s  %s\n", sev(cr.Severity), kindNames[cr.Kind][0], cr.Secret, st.dim.Render(cr.SecretID))
			fmt.Fprintf(&b, "    → %s\n", action(cr))
			for _, s := range cr.Sites {
				site(s.Finding, "")
			}
			for _, s := range cr.Sites {
				if !advised[s.Rule] {
					advised[s.Rule] = true
					wrap("    ", s.Remediation)
				}
			}
		}
		// Calls and references print under their rule's description, one
		// block per rule, in the order of first appearance.
		for _, fs := range [][]Finding{g.Calls, g.References} {
			for _, byRule := range groupByRule(fs) {
				f0 := byRule[0]
				fmt.Fprintf(&b, "  %s %s\n", sev(f0.Severity), f0.Message)
				for _, f := range byRule {
					site(f, "")
				}
				wrap("    ", f0.Remediation)
			}
		}
	}
	if len(c.Errors) > 0 {
		fmt.Fprintf(&b, "\n%s\n", st.severity[rules.Critical].Render(fmt.Sprintf("Incomplete: %s could not be read", plural(len(c.Errors), "item", "items"))))
		for _, e := range c.Errors {
			fmt.Fprintf(&b, "  %s: %s\n", e.Path, e.Error)
		}
	}
	if len(r.Findings) == 0 && len(c.Errors) == 0 {
		b.WriteString("\nNo dbt Cloud credentials or cross-account calls found.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// wrapText breaks text into lines of at most width bytes at spaces.
func wrapText(text string, width int) []string {
	width = max(width, 20)
	var lines []string
	var cur strings.Builder
	for _, word := range strings.Fields(text) {
		if cur.Len() > 0 && cur.Len()+1+len(word) > width {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(word)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// groupByRule splits findings by rule, keeping the order of first appearance.
func groupByRule(fs []Finding) [][]Finding {
	var out [][]Finding
	index := map[string]int{}
	for _, f := range fs {
		i, ok := index[f.Rule]
		if !ok {
			i = len(out)
			index[f.Rule] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], f)
	}
	return out
}
