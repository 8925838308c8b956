// Package report holds patmigrate's report model (the JSON schema
// patmigrate.report/v1), the migration checklist built from it, and the
// renderers that print both. It neither scans nor calls the dbt Cloud API.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/patmigrate/patmigrate/rules"
	"github.com/patmigrate/patmigrate/scanner"
	"github.com/patmigrate/patmigrate/secret"
)

// Schema names the report format. Additions keep v1; changes that break
// readers bump it.
const Schema = "patmigrate.report/v1"

// Report is the whole result of a scan, as written by --format json and read
// back by `patmigrate report`.
type Report struct {
	Schema   string    `json:"schema"`
	Tool     Tool      `json:"tool"`
	Targets  []Target  `json:"targets"`
	Findings []Finding `json:"findings"`
	Errors   []Error   `json:"errors"`
	// StaleIgnores are .patmigrateignore entries that matched nothing in
	// a complete scan: the finding is gone, and so should the entry be.
	StaleIgnores []StaleIgnore `json:"stale_ignores,omitempty"`
	// DurationMS is how long the scan took; left out of baselines, which
	// must not change when nothing else does.
	DurationMS int64 `json:"duration_ms,omitempty"`
	// Summary counts the findings per kind and severity.
	Summary *Summary `json:"summary,omitempty"`
}

// Summary counts a report's findings.
type Summary struct {
	Findings   int            `json:"findings"`
	ByKind     map[string]int `json:"by_kind"`
	BySeverity map[string]int `json:"by_severity"`
}

func summarize(fs []Finding) *Summary {
	s := &Summary{Findings: len(fs), ByKind: map[string]int{}, BySeverity: map[string]int{}}
	for _, f := range fs {
		s.ByKind[string(f.Kind)]++
		s.BySeverity[string(f.Severity)]++
	}
	return s
}

// StaleIgnore is an ignore entry that matched no finding.
type StaleIgnore struct {
	File        string `json:"file"`
	Line        int    `json:"line"`
	Fingerprint string `json:"fingerprint"`
	Reason      string `json:"reason"`
}

// Tool identifies the program that wrote a report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Target is one scanned root and what was read of it.
type Target struct {
	Root    string  `json:"root"`
	Mode    string  `json:"mode"` // worktree, stdin, history, staged
	Files   int64   `json:"files"`
	Bytes   int64   `json:"bytes"`
	Commits int64   `json:"commits"`
	Blobs   int64   `json:"blobs"`
	Skipped Skipped `json:"skipped"`
	// IgnoredInline counts findings dropped by a patmigrate:ignore comment,
	// IgnoredByFile those .patmigrateignore accepts, and Baselined those a
	// --baseline report already holds.
	IgnoredInline int64 `json:"ignored_inline"`
	IgnoredByFile int64 `json:"ignored_by_file"`
	Baselined     int64 `json:"baselined"`
}

// Skipped counts what was deliberately not read.
type Skipped struct {
	// Binary stays in patmigrate.report/v1 for its readers, always 0 from
	// this version on: binary content is read and searched as bytes, so
	// that a NUL must not hide a key. A report that says otherwise is an
	// older version's.
	Binary   int64 `json:"binary"`
	TooLarge int64 `json:"too_large"`
	Ignored  int64 `json:"ignored"`
}

// Finding is one finding as the report shows it: Secret is already redacted
// (unless the report was built with ShowSecrets).
type Finding struct {
	Rule        string         `json:"rule"`
	Kind        rules.Kind     `json:"kind"`
	Severity    rules.Severity `json:"severity"`
	Root        string         `json:"root"` // the target this finding's path is relative to
	Path        string         `json:"path"`
	Line        int            `json:"line"`
	Column      int            `json:"column"`
	EndLine     int            `json:"end_line"`
	EndColumn   int            `json:"end_column"`
	Commit      string         `json:"commit"`
	CommitDate  string         `json:"commit_date"`
	Author      string         `json:"author"`
	InHead      bool           `json:"in_head"`
	Tracked     bool           `json:"tracked"`
	Secret      string         `json:"secret"`
	SecretID    string         `json:"secret_id"`
	AccountID   string         `json:"account_id"`
	Host        string         `json:"host"`
	Usage       string         `json:"usage"`
	Snippet     string         `json:"snippet"`
	Fingerprint string         `json:"fingerprint"`
	Message     string         `json:"message"`
	Remediation string         `json:"remediation"`
}

// Error is an item that could not be read: its findings, if any, are
// missing, so the scan is incomplete.
type Error struct {
	Root   string `json:"root"`
	Path   string `json:"path"`
	Commit string `json:"commit,omitempty"`
	Error  string `json:"error"`
}

// Scanned is one target's scan result, the input of Build.
type Scanned struct {
	Root   string
	Mode   string
	Result *scanner.Result
	// Stale lists the ignore entries that matched nothing.
	Stale []StaleIgnore
}

// Build makes the report of one or more scans. Secrets are redacted unless
// showSecrets.
func Build(version string, scans []Scanned, showSecrets bool) *Report {
	r := &Report{
		Schema:   Schema,
		Tool:     Tool{Name: "patmigrate", Version: version},
		Targets:  []Target{},
		Findings: []Finding{},
		Errors:   []Error{},
	}
	for _, s := range scans {
		st := s.Result.Stats
		r.Targets = append(r.Targets, Target{
			Root: s.Root, Mode: s.Mode, Files: st.Files, Bytes: st.Bytes, Commits: st.Commits, Blobs: st.Blobs,
			Skipped:       Skipped{TooLarge: st.TooLarge, Ignored: st.Ignored},
			IgnoredInline: st.IgnoredByComment, IgnoredByFile: st.IgnoredByFile, Baselined: st.Baselined,
		})
		for _, f := range s.Result.Findings {
			secret := f.Secret.String()
			if showSecrets {
				secret = f.Secret.Reveal()
			}
			r.Findings = append(r.Findings, Finding{
				Rule: f.Rule, Kind: f.Kind, Severity: f.Severity, Root: s.Root, Path: f.Path,
				Line: f.Line, Column: f.Column, EndLine: f.EndLine, EndColumn: f.EndColumn,
				Commit: f.Commit, CommitDate: f.CommitDate, Author: f.Author, InHead: f.InHead, Tracked: !f.Untracked,
				Secret: secret, SecretID: f.Secret.ID(), AccountID: f.AccountID, Host: f.Host, Usage: f.Usage,
				Snippet: f.Snippet, Fingerprint: f.Fingerprint, Message: f.Message, Remediation: f.Remediation,
			})
		}
		r.StaleIgnores = append(r.StaleIgnores, s.Stale...)
		for _, e := range s.Result.Errors {
			// An error's text may quote what it could not parse; it is never
			// a place a person asked to see secrets, so it is always redacted.
			r.Errors = append(r.Errors, Error{Root: s.Root, Path: e.Path, Commit: e.Commit, Error: scanner.RedactText(e.Err.Error())})
		}
	}
	r.Summary = summarize(r.Findings)
	return r
}

// Redact redacts every secret, snippet and error text of r in place: a
// report saved with --show-secrets holds whole secrets, and re-rendering it
// must not print them unless asked again.
func (r *Report) Redact() {
	for i := range r.Findings {
		redactFinding(&r.Findings[i])
	}
	for i := range r.Errors {
		e := &r.Errors[i]
		redactFields(&e.Root, &e.Path, &e.Error)
	}
	for i := range r.Targets {
		redactFields(&r.Targets[i].Root)
	}
	for i := range r.StaleIgnores {
		s := &r.StaleIgnores[i]
		redactFields(&s.File, &s.Reason)
	}
}

// redactFinding redacts f's secret, unless it already is, and every text
// field a report copies from what it read or from a user's file (a report
// given to report or verify may have been edited: any of them can hold a
// key). Hashes (commit, fingerprint, secret id) are left alone: a commit
// hash has a legacy key's shape.
func redactFinding(f *Finding) {
	if f.Secret != "" && !strings.Contains(f.Secret, "…") {
		f.Secret = scanner.Redact(f.Secret)
	}
	redactFields(&f.Snippet, &f.Rule, &f.Root, &f.Path, &f.Author, &f.AccountID, &f.Host, &f.Usage, &f.Message, &f.Remediation)
}

func redactFields(fields ...*string) {
	for _, f := range fields {
		*f = secret.ScrubUserinfo(scanner.RedactText(*f))
	}
}

// Complete reports whether every item of every target was read.
func (r *Report) Complete() bool { return len(r.Errors) == 0 }

// Worst returns the highest severity among the findings, or "" when there
// are none.
func (r *Report) Worst() rules.Severity {
	var worst rules.Severity
	for _, f := range r.Findings {
		if f.Severity.Rank() > worst.Rank() {
			worst = f.Severity
		}
	}
	return worst
}

// Read decodes a report written by --format json, refusing other schemas.
func Read(rd io.Reader) (*Report, error) {
	var r Report
	dec := json.NewDecoder(rd)
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("not a patmigrate JSON report: %w", err)
	}
	if r.Schema != Schema {
		return nil, fmt.Errorf("unsupported report schema %q (want %q)", r.Schema, Schema)
	}
	return &r, nil
}

// ReadFile reads the report at path.
func ReadFile(path string) (*Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}
