package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/report"
	"github.com/patmigrate/patmigrate/rules"
)

// hostile holds what a scanned repository can put in a report: terminal
// control sequences (window title, clear screen, cursor moves), a C1 CSI,
// bidi overrides that reorder what is shown, bytes that are not UTF-8,
// newlines that would start a GitHub workflow command, and Markdown that
// would break out of a code span or become a link or HTML.
const hostile = "a\x1b]0;pwned\x07b\x1b[2J\x1b[1;1H\u009b31m\u202eevil\u2066\r\n::add-mask::x\n::stop-commands::tok\xff\x7f" +
	"` | <img src=x onerror=alert(1)> [click](https://evil.example) www.evil.example"

func hostileReport() *report.Report {
	f := report.Finding{
		Rule: "legacy-key-env" + hostile, Kind: rules.LegacyUserKey, Severity: rules.Critical,
		Root: "repo" + hostile, Path: "ci/" + hostile + ".env", Line: 3, Column: 1, EndLine: 3, EndColumn: 41,
		Commit: "0123456789abcdef0123456789abcdef01234567", Author: "Mallory" + hostile, InHead: true, Tracked: true,
		Secret: "3f9c…9f1a", SecretID: "sha256:1f2e3d4c5b6a7980", AccountID: "12345", Host: "cloud.getdbt.com",
		Usage: "dotenv", Snippet: "DBT_CLOUD_API_KEY=3f9c…9f1a " + hostile, Fingerprint: "f",
		Message: "A key" + hostile, Remediation: "Rotate it" + hostile,
	}
	call := f
	call.Kind, call.Severity, call.Secret, call.SecretID, call.Rule = rules.CrossAccountCall, rules.Warning, "", "", "cross-account-endpoint"
	return &report.Report{
		Schema:   "patmigrate.report/v1",
		Tool:     report.Tool{Name: "patmigrate", Version: "test"},
		Targets:  []report.Target{{Root: "repo" + hostile, Mode: "worktree", Files: 1}},
		Findings: []report.Finding{f, call},
		Errors:   []report.Error{{Root: "repo", Path: "bad" + hostile, Error: "open bad" + hostile + ": permission denied"}},
	}
}

// TestHostileContentInEveryFormat renders a report full of hostile text in
// every format and checks that nothing in it acts on the reader, and that
// the machine formats still parse.
func TestHostileContentInEveryFormat(t *testing.T) {
	for _, format := range report.Formats() {
		for _, color := range []bool{false, true} {
			if color && format != "text" {
				continue
			}
			t.Run(format, func(t *testing.T) {
				r, err := report.New(format, report.Options{Color: color})
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				if err := r.Render(&b, hostileReport()); err != nil {
					t.Fatal(err)
				}
				out := b.String()
				switch format {
				case "json", "sarif":
					if !json.Valid(b.Bytes()) {
						t.Fatalf("%s does not parse", format)
					}
				case "junit":
					for d := xml.NewDecoder(&b); ; {
						if _, err := d.Token(); errors.Is(err, io.EOF) {
							break
						} else if err != nil {
							t.Fatalf("junit does not parse: %v", err)
						}
					}
				default:
					checkInert(t, format, out, color)
				}
			})
		}
	}
}

// checkInert checks the output of a renderer for people.
func checkInert(t *testing.T, format, out string, color bool) {
	t.Helper()
	for i, r := range out {
		switch {
		case r == 0x1b && color && strings.HasPrefix(out[i:], "\x1b["):
			// The renderer's own styles: SGR sequences only.
			j := strings.IndexFunc(out[i+2:], func(r rune) bool { return r < '0' || r > ';' })
			if j < 0 || out[i+2+j] != 'm' {
				t.Errorf("%s: a control sequence that is not a style at %d: %q", format, i, out[i:min(len(out), i+12)])
			}
		case r < 0x20 && r != '\n' && r != '\t', r == 0x7f, r >= 0x80 && r <= 0x9f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == '\uFFFD':
			t.Errorf("%s: raw %U at byte %d: %q", format, r, i, out[max(0, i-10):min(len(out), i+10)])
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if format == "github" && strings.HasPrefix(line, "::") && !strings.HasPrefix(line, "::error ") &&
			!strings.HasPrefix(line, "::warning ") && !strings.HasPrefix(line, "::notice ") && !strings.HasPrefix(line, "::notice::") &&
			!strings.HasPrefix(line, "::error::") && !strings.HasPrefix(line, "::warning::") {
			t.Errorf("github: a line starts a command of the content's: %q", line)
		}
		if strings.HasPrefix(line, "::add-mask::") || strings.HasPrefix(line, "::stop-commands::") {
			t.Errorf("%s: a workflow command from the content: %q", format, line)
		}
	}
	if format == "github" && strings.Contains(out, "::add-mask::") {
		t.Errorf("github: the content's ::add-mask:: survives unescaped")
	}
	if format == "markdown" {
		checkMarkdownProse(t, out)
	}
}

// checkMarkdownProse checks the Markdown outside code spans: no raw HTML,
// link or bare URL from the content.
func checkMarkdownProse(t *testing.T, out string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		prose := stripCodeSpans(line)
		for _, bad := range []string{"<img", "[click]", "https://evil", "www.evil"} {
			// Escaped (\<img), it is text.
			for i := strings.Index(prose, bad); i >= 0; i = next(prose, bad, i) {
				if i == 0 || prose[i-1] != '\\' {
					t.Errorf("markdown prose holds %q: %q", bad, line)
					break
				}
			}
		}
	}
}

// next returns the index of the next bad in s after the one at i, or -1.
func next(s, bad string, i int) int {
	j := strings.Index(s[i+1:], bad)
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// stripCodeSpans removes `...` spans (of any fence length) from a line.
func stripCodeSpans(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		if line[i] != '`' || (i > 0 && line[i-1] == '\\') {
			b.WriteByte(line[i])
			i++
			continue
		}
		n := 0
		for i+n < len(line) && line[i+n] == '`' {
			n++
		}
		fence := line[i : i+n]
		end := strings.Index(line[i+n:], fence)
		if end < 0 {
			b.WriteString(line[i:])
			break
		}
		i += n + end + n
	}
	return b.String()
}

// TestSuppressionsComeFirst: the checklist formats put what the change
// adds to silence findings before any account.
func TestSuppressionsComeFirst(t *testing.T) {
	rep := &report.Report{Schema: "patmigrate.report/v1", Findings: []report.Finding{
		{Rule: "legacy-key-env", Kind: rules.LegacyUserKey, Severity: rules.Critical, Path: ".env", Line: 1, Secret: "3f9c…9f1a", SecretID: "sha256:x", AccountID: "1"},
		{Rule: "suppression-added", Kind: rules.SuppressionAdded, Severity: rules.High, Path: ".patmigrate.yaml", Line: 3, Message: "a rule file changes"},
	}}
	for _, format := range []string{"text", "markdown"} {
		r, _ := report.New(format, report.Options{})
		var b bytes.Buffer
		if err := r.Render(&b, rep); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		s, a := strings.Index(out, "Suppressions added"), strings.Index(out, "Account 1")
		if s < 0 || a < 0 || s > a {
			t.Errorf("%s: suppressions at %d, the account at %d:\n%s", format, s, a, out)
		}
	}
}
