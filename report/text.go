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
	r = visibleReport(r) // scanned text must not act on the reader (visible.go)
	c := NewChecklist(r)
	tw := &textWriter{c: c, st: newTextStyles(w, t.opts.Color), width: t.opts.Width}
	if tw.width <= 0 {
		tw.width = 100
	}
	tw.summary(r)
	tw.suppressions()
	for _, g := range c.Accounts {
		tw.account(g)
	}
	tw.errors()
	if len(r.Findings) == 0 && len(c.Errors) == 0 {
		tw.b.WriteString("\nNo dbt Cloud credentials or cross-account calls found.\n")
	}
	_, err := io.WriteString(w, tw.b.String())
	return err
}

// textWriter builds the text output section by section.
type textWriter struct {
	b     strings.Builder
	c     *Checklist
	st    textStyles
	width int
}

func (tw *textWriter) summary(r *Report) {
	fmt.Fprintf(&tw.b, "%s %s scanned, %s\n", tw.st.header.Render("patmigrate:"),
		scannedSummary(r), Plural(len(r.Findings), "finding", "findings"))
	if counts := summaryCounts(tw.c); len(counts) > 0 {
		fmt.Fprintf(&tw.b, "  %s (%s)\n", strings.Join(counts, " · "), severityCounts(r.Findings))
	}
	if details := scanDetails(r); len(details) > 0 {
		fmt.Fprintf(&tw.b, "  %s\n", tw.st.dim.Render(strings.Join(details, " · ")))
	}
	for _, e := range r.StaleIgnores {
		fmt.Fprintf(&tw.b, "  %s:%d: %s matched nothing; remove it (%s)\n", e.File, e.Line, e.Fingerprint, e.Reason)
	}
}

// account prints one account: its credentials with their sites, then the
// calls and references, each rule's remediation once.
func (tw *textWriter) account(g *AccountGroup) {
	fmt.Fprintf(&tw.b, "\n%s\n", tw.st.accountHeader.Render(g.Label()))
	advised := map[string]bool{}
	advise := func(f Finding) {
		if !advised[f.Rule] {
			advised[f.Rule] = true
			tw.wrap("    ", f.Remediation)
		}
	}
	for _, cr := range g.Credentials {
		fmt.Fprintf(&tw.b, "  %s %s %s  %s\n", tw.sev(cr.Severity), kindNames[cr.Kind][0], cr.Secret, tw.st.dim.Render(cr.SecretID))
		fmt.Fprintf(&tw.b, "    → %s\n", action(cr))
		for _, s := range cr.Sites {
			tw.site(s.Finding)
		}
		for _, s := range cr.Sites {
			advise(s.Finding)
		}
	}
	// Calls and references print under their rule's description, one block
	// per rule, in the order of first appearance.
	for _, fs := range [][]Finding{g.Calls, g.References} {
		for _, byRule := range groupByRule(fs) {
			fmt.Fprintf(&tw.b, "  %s %s\n", tw.sev(byRule[0].Severity), byRule[0].Message)
			for _, f := range byRule {
				tw.site(f)
			}
			advise(byRule[0])
		}
	}
}

// suppressions prints, before any account, what the reviewed change adds
// to silence findings and what the gate did not read: a reviewer decides
// on them first.
func (tw *textWriter) suppressions() {
	tw.notices("Suppressions added in this change (not applied)", tw.c.Suppressions)
	tw.notices("Not scanned: over the size limit", tw.c.Unscanned)
}

func (tw *textWriter) notices(title string, fs []Finding) {
	if len(fs) == 0 {
		return
	}
	fmt.Fprintf(&tw.b, "\n%s\n", tw.st.accountHeader.Render(title))
	for _, f := range fs {
		fmt.Fprintf(&tw.b, "  %s %s\n", tw.sev(f.Severity), f.Message)
		tw.site(f)
	}
	tw.wrap("    ", fs[0].Remediation)
}

func (tw *textWriter) site(f Finding) {
	loc := fmt.Sprintf("%s:%d:%d", displayPath(tw.c, f), f.Line, f.Column)
	notes := []string{f.Usage}
	if !f.Tracked {
		notes = append(notes, "local file, not in git")
	}
	fmt.Fprintf(&tw.b, "    %s  %s\n", tw.st.location.Render(loc), tw.st.dim.Render(strings.Join(notes, " · ")))
	fmt.Fprintf(&tw.b, "      %s\n", f.Snippet)
}

func (tw *textWriter) errors() {
	if len(tw.c.Errors) == 0 {
		return
	}
	msg := fmt.Sprintf("Incomplete: %s could not be read", Plural(len(tw.c.Errors), "item", "items"))
	fmt.Fprintf(&tw.b, "\n%s\n", tw.st.severity[rules.Critical].Render(msg))
	for _, e := range tw.c.Errors {
		fmt.Fprintf(&tw.b, "  %s: %s\n", e.Path, e.Error)
	}
}

func (tw *textWriter) sev(s rules.Severity) string {
	return tw.st.severity[s].Render(fmt.Sprintf("%-8s", strings.ToUpper(string(s))))
}

func (tw *textWriter) wrap(indent, text string) {
	for _, line := range wrapText(text, tw.width-len(indent)) {
		tw.b.WriteString(indent + tw.st.remediation.Render(line) + "\n")
	}
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
