package report

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/patmigrate/patmigrate/rules"
	"github.com/patmigrate/patmigrate/scanner"
)

// The CI formats (SARIF, JUnit, GitHub annotations) hand findings to
// systems the user does not control: code scanning, test reports, pull
// request annotations. They share what is below: findings sorted and always
// redacted, even in a report saved with --show-secrets, and one mapping of
// severities.

// ciFindings returns a sorted copy of r's findings with every secret and
// snippet redacted.
func ciFindings(r *Report) []Finding {
	fs := slices.Clone(r.Findings)
	for i := range fs {
		redactFinding(&fs[i])
	}
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.Root, b.Root),
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Commit, b.Commit),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Fingerprint, b.Fingerprint),
		)
	})
	return fs
}

// ciErrors returns a sorted copy of r's errors, their text redacted.
func ciErrors(r *Report) []Error {
	es := slices.Clone(r.Errors)
	for i := range es {
		es[i].Error = scanner.RedactText(es[i].Error)
	}
	slices.SortStableFunc(es, func(a, b Error) int {
		return cmp.Or(cmp.Compare(a.Root, b.Root), cmp.Compare(a.Path, b.Path), cmp.Compare(a.Commit, b.Commit))
	})
	return es
}

// ciPath is a finding's (or an error's) path for a CI system: relative to
// its target, and prefixed by the target when the report covers several
// and the target is a relative directory, so that it stays relative to
// where the scan ran.
func ciPath(r *Report, root, p string) string {
	if len(r.Targets) > 1 && root != "" && root != "-" && root != "." && !path.IsAbs(root) {
		return path.Join(root, p)
	}
	return p
}

// sentence is a finding's message with what else is known and safe to say:
// the redacted secret and the account.
func sentence(f Finding) string {
	var extra []string
	if f.Secret != "" {
		extra = append(extra, "secret "+f.Secret)
	}
	switch {
	case f.AccountID != "" && f.Host != "":
		extra = append(extra, "account "+f.AccountID+" on "+f.Host)
	case f.AccountID != "":
		extra = append(extra, "account "+f.AccountID)
	}
	s := strings.TrimSuffix(f.Message, ".")
	if len(extra) > 0 {
		s += " (" + strings.Join(extra, ", ") + ")"
	}
	return s + "."
}

// severityCounts lists the non-zero counts per severity, most severe first,
// e.g. "1 critical, 2 warning".
func severityCounts(fs []Finding) string {
	count := map[rules.Severity]int{}
	for _, f := range fs {
		count[f.Severity]++
	}
	var out []string
	for _, s := range []rules.Severity{rules.Critical, rules.High, rules.Warning, rules.Info} {
		if count[s] > 0 {
			out = append(out, fmt.Sprintf("%d %s", count[s], s))
		}
	}
	return strings.Join(out, ", ")
}

// kindCounts lists the non-zero counts per kind, most urgent first.
func kindCounts(fs []Finding) []string {
	count := map[rules.Kind]int{}
	for _, f := range fs {
		count[f.Kind]++
	}
	var out []string
	for _, k := range rules.Kinds() {
		if n := count[k]; n > 0 {
			out = append(out, Plural(n, kindNames[k][0], kindNames[k][1]))
		}
	}
	return out
}

// kindName names a kind in running text, singular, falling back to the kind
// itself for one this version does not know.
func kindName(k rules.Kind) string {
	if n, ok := kindNames[k]; ok {
		return n[0]
	}
	return string(k)
}

// scannedSummary says what was read, e.g. "3 files (862 B)" or, for history
// scans, "120 blobs in 40 commits".
func scannedSummary(r *Report) string {
	var files, bytes, blobs, commits int64
	for _, t := range r.Targets {
		files += t.Files
		bytes += t.Bytes
		blobs += t.Blobs
		commits += t.Commits
	}
	s := Plural(int(files), "file", "files") + " (" + humanBytes(bytes) + ")"
	if blobs > 0 || commits > 0 {
		s += ", " + Plural(int(blobs), "blob", "blobs") + " in " + Plural(int(commits), "commit", "commits")
	}
	return s
}

// findingsSummary counts findings per severity and kind in one line.
func findingsSummary(fs []Finding) string {
	if len(fs) == 0 {
		return "no findings"
	}
	return Plural(len(fs), "finding", "findings") + " (" + severityCounts(fs) + "): " + strings.Join(kindCounts(fs), ", ")
}
