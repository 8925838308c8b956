package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// A scanned repository is untrusted: its paths, lines, authors and rule
// files may hold bytes that a terminal, a Markdown viewer or a CI log
// would act on. The renderers for people (text, short, markdown, GitHub
// annotations) copy nothing from a report without passing it through
// Visible first; the machine formats (JSON, SARIF, JUnit) escape by their
// own syntax and keep the bytes.

// Visible returns s with every character that could act on a terminal or
// reorder what a reader sees shown as a visible escape instead: C0 controls
// but tab (\x1b, \n), DEL, C1 controls (\u009b), the bidirectional
// embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069, and
// bytes that are not UTF-8 (\xff). A backslash that would read as the start
// of such an escape stays as it is: the output is for reading, not parsing.
func Visible(s string) string { return visible(s, false) }

// visible is Visible, keeping CR and LF when lines is set (for a format
// that escapes them by its own syntax).
func visible(s string, lines bool) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case lines && (r == '\n' || r == '\r'):
			b.WriteRune(r)
		case r < 0x20 && r != '\t', r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f, bidi(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' || c >= 0x7f {
			if c < 0x80 {
				return true
			}
			// Non-ASCII: decode the rest once and look.
			for _, r := range s[i:] {
				if r == utf8.RuneError || r >= 0x80 && r <= 0x9f || bidi(r) || r < 0x20 && r != '\t' || r == 0x7f {
					return true
				}
			}
			return false
		}
	}
	return false
}

// bidi reports whether r changes the direction of the text around it.
func bidi(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// visibleReport returns a copy of r whose text copied from scanned content
// or from users' rule files is Visible. Secrets, ids and counts are the
// engine's own and need nothing.
func visibleReport(r *Report) *Report {
	out := *r
	out.Targets = append([]Target(nil), r.Targets...)
	for i := range out.Targets {
		out.Targets[i].Root = Visible(out.Targets[i].Root)
	}
	out.Findings = append([]Finding(nil), r.Findings...)
	for i := range out.Findings {
		f := &out.Findings[i]
		for _, p := range []*string{&f.Rule, &f.Root, &f.Path, &f.Commit, &f.CommitDate, &f.Author, &f.Secret,
			&f.SecretID, &f.AccountID, &f.Host, &f.Usage, &f.Snippet, &f.Fingerprint, &f.Message, &f.Remediation} {
			*p = Visible(*p)
		}
	}
	out.Errors = append([]Error(nil), r.Errors...)
	for i := range out.Errors {
		e := &out.Errors[i]
		e.Root, e.Path, e.Commit, e.Error = Visible(e.Root), Visible(e.Path), Visible(e.Commit), Visible(e.Error)
	}
	out.StaleIgnores = append([]StaleIgnore(nil), r.StaleIgnores...)
	for i := range out.StaleIgnores {
		s := &out.StaleIgnores[i]
		s.File, s.Reason = Visible(s.File), Visible(s.Reason)
	}
	return &out
}

// markdownText escapes s for Markdown prose: made Visible, then every
// character that could break out of a code span or a table cell or start a
// link, an image or HTML is backslash-escaped, and bare URLs (which GitHub
// turns into links) are broken with an escaped colon or dot. Emphasis is
// left alone: it changes how text looks, not what it does.
func markdownText(s string) string {
	s = Visible(s)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte("\\`[]<>|", c) >= 0 ||
			c == ':' && strings.HasPrefix(s[i:], "://") ||
			c == '.' && i >= 3 && strings.EqualFold(s[i-3:i], "www") {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}
