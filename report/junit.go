package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/patmigrate/patmigrate/rules"
)

// JUnit writes the report as JUnit XML, the test report GitLab, Jenkins and
// Azure Pipelines show: one testsuite per file (sorted by path), one
// testcase per finding. Findings to act on (critical, high, warning) are
// failures; references to review (info) pass, with the finding in
// system-out; items that could not be read are errors. A clean, complete
// report has one passing testcase, so the CI system shows that the check
// ran. Secrets are always redacted.
type JUnit struct{}

var _ Renderer = JUnit{}

// junitClean names the one testcase of a clean report.
const junitClean = "no dbt Cloud credentials found"

// Render implements Renderer.
func (JUnit) Render(w io.Writer, r *Report) error {
	suites := map[string]*junitSuite{}
	suite := func(name string) *junitSuite {
		s, ok := suites[name]
		if !ok {
			s = &junitSuite{Name: name}
			suites[name] = s
		}
		return s
	}
	for _, f := range ciFindings(r) {
		p := ciPath(r, f.Root, f.Path)
		tc := junitCase{Name: fmt.Sprintf("%s at %s:%d", f.Rule, p, f.Line), Classname: p}
		if f.Commit != "" {
			tc.Name += " (commit " + f.Commit + ")"
		}
		body := junitBody(p, f)
		if f.Severity.Rank() > rules.Info.Rank() {
			tc.Failure = &junitProblem{Message: xmlSafe(sentence(f)), Type: string(f.Kind), Text: body}
		} else {
			tc.SystemOut = &junitOutput{Text: body}
		}
		suite(p).add(tc)
	}
	for _, e := range ciErrors(r) {
		p := ciPath(r, e.Root, e.Path)
		tc := junitCase{Name: "could not read " + p, Classname: p}
		if e.Commit != "" {
			tc.Name += " (commit " + e.Commit + ")"
		}
		tc.Error = &junitProblem{Message: xmlSafe(tc.Name + ": " + e.Error), Type: "unreadable", Text: xmlSafe(e.Error)}
		suite(p).add(tc)
	}
	if len(suites) == 0 {
		suite("patmigrate").add(junitCase{Name: junitClean, Classname: "patmigrate"})
	}

	all := junitSuites{Name: "patmigrate"}
	if r.DurationMS > 0 {
		all.Time = fmt.Sprintf("%.3f", float64(r.DurationMS)/1000)
	}
	for _, name := range slices.Sorted(maps.Keys(suites)) {
		s := suites[name]
		s.Name = xmlSafe(s.Name)
		all.Suites = append(all.Suites, s)
		all.Tests += s.Tests
		all.Failures += s.Failures
		all.Errors += s.Errors
	}
	out, err := xml.MarshalIndent(all, "", "  ")
	if err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	_, err = io.WriteString(w, xml.Header+string(out)+"\n")
	return err
}

// junitBody is what a person reads in the CI system under a finding.
func junitBody(p string, f Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s at %s:%d:%d\n", f.Severity, kindName(f.Kind), p, f.Line, f.Column)
	if f.Commit != "" {
		fmt.Fprintf(&b, "Commit: %s", f.Commit)
		if !f.InHead {
			b.WriteString(" (no longer in HEAD)")
		}
		b.WriteString("\n")
	}
	if f.Snippet != "" {
		fmt.Fprintf(&b, "Snippet: %s\n", f.Snippet)
	}
	if f.Secret != "" {
		fmt.Fprintf(&b, "Secret: %s (%s)\n", f.Secret, f.SecretID)
	}
	switch {
	case f.AccountID != "" && f.Host != "":
		fmt.Fprintf(&b, "Account: %s on %s\n", f.AccountID, f.Host)
	case f.AccountID != "":
		fmt.Fprintf(&b, "Account: %s\n", f.AccountID)
	case f.Host != "":
		fmt.Fprintf(&b, "Host: %s (account unknown)\n", f.Host)
	}
	if f.Usage != "" {
		fmt.Fprintf(&b, "Usage: %s\n", f.Usage)
	}
	if !f.Tracked {
		b.WriteString("Not tracked by git: a local copy; rotate the credential and delete the file.\n")
	}
	fmt.Fprintf(&b, "Fingerprint: %s\n", f.Fingerprint)
	if f.Remediation != "" {
		fmt.Fprintf(&b, "Remediation: %s\n", f.Remediation)
	}
	return xmlSafe(b.String())
}

// xmlSafe replaces the characters XML 1.0 cannot hold (most control
// characters) with U+FFFD, so that CDATA sections stay well-formed.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, s)
}

// The JUnit XML elements, as GitLab, Jenkins and Azure Pipelines read them.
type (
	junitSuites struct {
		XMLName  xml.Name      `xml:"testsuites"`
		Name     string        `xml:"name,attr"`
		Tests    int           `xml:"tests,attr"`
		Failures int           `xml:"failures,attr"`
		Errors   int           `xml:"errors,attr"`
		Time     string        `xml:"time,attr,omitempty"`
		Suites   []*junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		Failure   *junitProblem `xml:"failure,omitempty"`
		Error     *junitProblem `xml:"error,omitempty"`
		SystemOut *junitOutput  `xml:"system-out,omitempty"`
	}
	junitProblem struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",cdata"`
	}
	junitOutput struct {
		Text string `xml:",cdata"`
	}
)

func (s *junitSuite) add(tc junitCase) {
	tc.Name, tc.Classname = xmlSafe(tc.Name), xmlSafe(tc.Classname)
	s.Cases = append(s.Cases, tc)
	s.Tests++
	if tc.Failure != nil {
		s.Failures++
	}
	if tc.Error != nil {
		s.Errors++
	}
}
