package report

import (
	"fmt"
	"io"
	"strings"
)

// Markdown renders the checklist as GitHub-flavoured Markdown with task
// items (- [ ]) that a person can paste into a ticket and tick off.
type Markdown struct{}

var _ Renderer = Markdown{}

// Render implements Renderer.
func (Markdown) Render(w io.Writer, r *Report) error {
	r = visibleReport(r) // scanned text must not act on the reader (visible.go)
	mw := &markdownWriter{c: NewChecklist(r)}
	mw.header(r)
	mw.notices("Suppressions added in this change (not applied)", mw.c.Suppressions)
	mw.notices("Not scanned: over the size limit", mw.c.Unscanned)
	for _, g := range mw.c.Accounts {
		mw.account(g)
	}
	if len(mw.c.Errors) > 0 {
		mw.b.WriteString("\n## Could not be read\n\n")
		for _, e := range mw.c.Errors {
			fmt.Fprintf(&mw.b, "- [ ] %s: %s\n", code(e.Path), markdownText(e.Error))
		}
	}
	_, err := io.WriteString(w, mw.b.String())
	return err
}

// markdownWriter builds the checklist section by section.
type markdownWriter struct {
	b strings.Builder
	c *Checklist
}

func (mw *markdownWriter) header(r *Report) {
	b, c := &mw.b, mw.c
	b.WriteString("# dbt Cloud credential migration checklist\n\n")
	files, size := totalFiles(c)
	roots := make([]string, len(c.Targets))
	for i, t := range c.Targets {
		roots[i] = code(t.Root) + " (" + t.Mode + ")"
	}
	fmt.Fprintf(b, "Scanned %s: %s, %s.", strings.Join(roots, ", "), Plural(int(files), "file", "files"), humanBytes(size))
	if counts := summaryCounts(c); len(counts) > 0 {
		fmt.Fprintf(b, " Found %s (%s).", strings.Join(counts, ", "), severityCounts(r.Findings))
	} else {
		b.WriteString(" Nothing to migrate was found.")
	}
	if details := scanDetails(r); len(details) > 0 {
		b.WriteString(" " + capitalize(strings.Join(details, "; ")) + ".")
	}
	b.WriteString("\n")
	if len(c.Errors) > 0 {
		fmt.Fprintf(b, "\n> **Incomplete scan:** %s could not be read; see the end of this list.\n", Plural(len(c.Errors), "item", "items"))
	}
}

// account writes one account's section. Each rule's remediation is said
// once, under "What to do".
func (mw *markdownWriter) account(g *AccountGroup) {
	b := &mw.b
	fmt.Fprintf(b, "\n## %s\n", g.Label())
	var advice []string
	advised := map[string]bool{}
	advise := func(f Finding) {
		if !advised[f.Rule] {
			advised[f.Rule] = true
			advice = append(advice, fmt.Sprintf("- **%s.** %s", markdownText(f.Message), markdownText(f.Remediation)))
		}
	}
	if len(g.Credentials) > 0 {
		b.WriteString("\n### Credentials\n\n")
	}
	for _, cr := range g.Credentials {
		fmt.Fprintf(b, "- [ ] **%s %s** (%s, `%s`): %s\n", capitalize(kindNames[cr.Kind][0]), code(cr.Secret), cr.Severity, cr.SecretID, action(cr))
		for _, s := range cr.Sites {
			b.WriteString("  ")
			mw.item(s.Finding, "")
			advise(s.Finding)
		}
	}
	if len(g.Calls) > 0 {
		b.WriteString("\n### Calls to rewrite\n\n")
		for _, f := range g.Calls {
			mw.item(f, markdownText(f.Message))
			advise(f)
		}
	}
	if len(g.References) > 0 {
		b.WriteString("\n### Secret references to review\n\n")
		for _, f := range g.References {
			mw.item(f, "check that it holds a service token or a PAT, not a legacy user key")
		}
	}
	if len(advice) > 0 {
		b.WriteString("\n### What to do\n\n" + strings.Join(advice, "\n") + "\n")
	}
}

// item writes one task line for a finding.
func (mw *markdownWriter) item(f Finding, action string) {
	b := &mw.b
	fmt.Fprintf(b, "- [ ] %s line %d (%s", code(displayPath(mw.c, f)), f.Line, f.Usage)
	if !f.Tracked {
		b.WriteString(", local file not in git")
	}
	fmt.Fprintf(b, "): %s", code(f.Snippet))
	if action != "" {
		b.WriteString(" — " + action)
	}
	b.WriteString("\n")
}

// code wraps s as inline code, with a fence longer than any backtick run
// inside it.
func code(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// notices lists findings that belong to no account (what the change adds
// to silence findings, what the gate did not read), before the accounts.
func (mw *markdownWriter) notices(title string, fs []Finding) {
	if len(fs) == 0 {
		return
	}
	mw.b.WriteString("\n## " + title + "\n\n")
	for _, f := range fs {
		mw.item(f, markdownText(f.Message))
	}
	mw.b.WriteString("\n" + markdownText(fs[0].Remediation) + "\n")
}
