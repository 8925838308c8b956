package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/patmigrate/patmigrate/audit"
	"github.com/patmigrate/patmigrate/gitclone"
	"github.com/patmigrate/patmigrate/internal/atomicfile"
	"github.com/patmigrate/patmigrate/report"
	"github.com/patmigrate/patmigrate/rules"
	"github.com/patmigrate/patmigrate/source"
	"github.com/patmigrate/patmigrate/suppress"
)

type scanOptions struct {
	Targets          []string
	Formats          []string
	Outputs          []string
	FormatSet        bool // --format was given (staged mode defaults to the short form)
	Baseline         string
	FailOn           string
	Rules            []string
	RespectGitignore bool
	Exclude, Include []string
	MaxFileSize      string
	Jobs             int
	ShowSecrets      bool
	Quiet            bool
	History          bool
	Since            string
	TrustHead        bool
	Staged           bool
	AllObjects       bool
}

// newScanCmd returns the scan command; run does the work, so that flag
// parsing is tested apart from scanning.
func newScanCmd(s *streams, run func(context.Context, *streams, *scanOptions) error) *cobra.Command {
	opts := &scanOptions{}
	cmd := &cobra.Command{
		Use:   "scan [PATH|URL...|-]",
		Short: "Scan folders, repositories and their history (or standard input) for dbt Cloud credentials",
		Long: `Scan reads every file under each PATH (default ".") and reports legacy dbt Cloud user API
keys, exposed personal access tokens and service tokens, cross-account API calls, legacy endpoints
and secret references, grouped per dbt Cloud account. "-" scans standard input.

Git-ignored files are read too (a local .env or dbt_cloud.yml is where keys live) and their findings
say they are not tracked. Dependency and cache folders (.git, node_modules, .venv, venv, __pycache__,
.terraform, dbt_packages, .tox) are skipped. A .patmigrate.yaml at a PATH adds or overrides rules.

In a git repository, --history also scans every blob of every branch, tag and stash, each once,
naming the commit that introduced each finding; --since REV scans only what the commits in REV..HEAD
introduced (a pull request), with the suppressions (rule file, .patmigrateignore, inline ignores)
only as they are at REV: one the range adds is reported, not honoured; --staged scans exactly what the next commit would add (the pre-commit
hook). A URL (https:// or file://) is cloned into a temporary folder first; a private repository's
token comes from the environment variable PATMIGRATE_GIT_TOKEN.

Exit status: 0 nothing at or above --fail-on and everything was read; 1 findings at or above
--fail-on; 2 usage or configuration error; 3 something could not be read and nothing failing was
found.`,
		Example: `  patmigrate scan .
  patmigrate scan --format json --output report.json services/ infra/
  patmigrate scan --fail-on critical --exclude 'docs/**' .
  git show HEAD:ci/.env | patmigrate scan -
  patmigrate scan --history --format json -o history.json .
  patmigrate scan --since origin/main --fail-on high .
  patmigrate scan --staged
  patmigrate scan --history https://github.com/acme/data-platform.git`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.FormatSet = cmd.Flags().Changed("format")
			opts.Targets = args
			if len(opts.Targets) == 0 {
				opts.Targets = []string{"."}
			}
			return run(cmd.Context(), s, opts)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&opts.Formats, "format", "f", []string{"text"}, "output `format`: text, markdown, json, sarif, junit, github or short (the default with --staged); repeat with --output for several reports from one scan")
	f.StringArrayVarP(&opts.Outputs, "output", "o", nil, "write the report to `FILE` instead of standard output; the n-th --output takes the n-th --format, and a last --format without one goes to standard output")
	f.StringVar(&opts.Baseline, "baseline", "", "count only findings not in this earlier JSON report (`FILE`)")
	f.StringVar(&opts.FailOn, "fail-on", "high", "exit 1 on findings of this `severity` or above: critical, high, warning, info or none")
	f.StringArrayVar(&opts.Rules, "rules", nil, "add or override rules from `FILE` (repeatable)")
	f.BoolVar(&opts.RespectGitignore, "respect-gitignore", false, "skip files that .gitignore ignores")
	f.StringArrayVar(&opts.Exclude, "exclude", nil, "skip files and folders matching `GLOB` (repeatable)")
	f.StringArrayVar(&opts.Include, "include", nil, "scan only files matching `GLOB` (repeatable)")
	f.StringVar(&opts.MaxFileSize, "max-file-size", "10MiB", "skip files larger than `SIZE` (0 for no limit)")
	f.IntVarP(&opts.Jobs, "jobs", "j", 0, "files to scan at once (default: number of CPUs)")
	f.BoolVar(&opts.ShowSecrets, "show-secrets", false, "print whole secrets instead of redacting them")
	f.BoolVarP(&opts.Quiet, "quiet", "q", false, "print nothing but errors; the exit status tells the result")
	f.BoolVar(&opts.History, "history", false, "also scan the git history: every blob of every branch, tag and stash")
	f.StringVar(&opts.Since, "since", "", "scan only what the commits in `REV`..HEAD introduced (CI on a pull request)")
	f.BoolVar(&opts.TrustHead, "trust-suppressions-from-head", false, "with --since, honour the suppressions the range adds (a repository whose every change is trusted)")
	f.BoolVar(&opts.Staged, "staged", false, "scan only what is staged for the next commit (pre-commit hook)")
	f.BoolVar(&opts.AllObjects, "all-objects", false, "with --history, also scan blobs no ref reaches (dangling)")
	return cmd
}

// scanSetup is a validated scan: everything that can be wrong with the
// command line is found before the first file is read.
type scanSetup struct {
	sinks  []sink
	failOn rules.Severity
	audit  audit.Options
}

func runScan(ctx context.Context, s *streams, opts *scanOptions) error {
	started := time.Now()
	setup, err := prepareScan(s, opts)
	if err != nil {
		return err
	}
	scans, err := audit.Run(ctx, opts.Targets, setup.audit)
	if err != nil {
		return scanError(ctx, err)
	}
	for _, sc := range scans {
		for _, f := range sc.Result.Findings {
			s.found(f.Secret)
		}
	}
	rep := report.Build(version(), scans, opts.ShowSecrets)
	rep.DurationMS = time.Since(started).Milliseconds()
	for _, e := range rep.StaleIgnores {
		if !opts.Quiet {
			fmt.Fprintf(s.ErrOut, "patmigrate: %s:%d: %s matched nothing; remove it (%s)\n", report.Visible(e.File), e.Line, e.Fingerprint, report.Visible(e.Reason))
		}
	}
	if err := writeReports(s, opts.Quiet, setup.sinks, rep); err != nil {
		return err
	}
	code := exitCode(rep, setup.failOn)
	if !opts.Quiet && !setup.textOnStdout() {
		fmt.Fprintln(s.ErrOut, statusLine(rep, setup.failOn, code))
	}
	if code != exitOK {
		return &exitError{code: code}
	}
	return nil
}

// scanError maps what stopped an audit to an exit code: a configuration
// problem is a usage error, an interruption an incomplete scan.
func scanError(ctx context.Context, err error) error {
	var ce *audit.ConfigError
	switch {
	case ctx.Err() != nil:
		return &exitError{code: exitIncomplete, err: fmt.Errorf("scan interrupted: %w", ctx.Err())}
	case errors.As(err, &ce):
		return &exitError{code: exitUsage, err: err}
	}
	return err
}

func prepareScan(s *streams, opts *scanOptions) (*scanSetup, error) {
	p := &scanSetup{}
	var err error
	switch {
	case opts.Staged && (opts.History || opts.Since != ""):
		return nil, usageError("--staged scans the index; it cannot be combined with --history or --since")
	case opts.AllObjects && !opts.History:
		return nil, usageError("--all-objects needs --history")
	case opts.TrustHead && opts.Since == "":
		return nil, usageError("--trust-suppressions-from-head applies to --since")
	}
	formats := opts.Formats
	if opts.Staged && !opts.FormatSet {
		formats = []string{"short"} // a blocked commit says what to do in a few lines
	}
	if p.sinks, err = newSinks(s, formats, opts.Outputs); err != nil {
		return nil, err
	}
	if p.failOn, err = rules.ParseSeverity(opts.FailOn); err != nil {
		return nil, usageError("--fail-on: %v", err)
	}
	if p.audit, err = auditOptions(s, opts); err != nil {
		return nil, err
	}
	return p, nil
}

// maxJobs bounds --jobs: each worker holds a file's buffer, and past the
// machine's cores more only cost memory (--jobs 2147483647 ran out of it).
const maxJobs = 256

// clampJobs checks a parallelism flag: negative is an error, 0 the default,
// more than max is max, said on standard error.
func clampJobs(s *streams, flag string, n, max int) (int, error) {
	switch {
	case n < 0:
		return 0, usageError("%s: %d is negative", flag, n)
	case n > max:
		fmt.Fprintf(s.ErrOut, "patmigrate: %s %d is more than %d; using %d\n", flag, n, max, max)
		return max, nil
	}
	return n, nil
}

// auditOptions turns the scan flags into the pipeline's options.
func auditOptions(s *streams, opts *scanOptions) (audit.Options, error) {
	jobs, err := clampJobs(s, "--jobs", opts.Jobs, maxJobs)
	if err != nil {
		return audit.Options{}, err
	}
	opts.Jobs = jobs
	a := audit.Options{
		History: opts.History, Since: opts.Since, Staged: opts.Staged, AllObjects: opts.AllObjects,
		TrustSuppressionsFromHead: opts.TrustHead,
		RespectGitignore:          opts.RespectGitignore, Jobs: opts.Jobs, ShowSecrets: opts.ShowSecrets,
		RuleFiles: opts.Rules, Stdin: s.In,
		Remote: gitRemote{},
	}
	if !opts.Quiet {
		a.Notice = func(msg string) { fmt.Fprintf(s.ErrOut, "patmigrate: %s\n", report.Visible(msg)) }
	}
	if a.Filter.MaxSize, err = parseSize(opts.MaxFileSize); err != nil {
		return a, usageError("--max-file-size: %v", err)
	}
	if a.Filter.Include, err = parseGlobs("--include", opts.Include); err != nil {
		return a, err
	}
	if a.Filter.Exclude, err = parseGlobs("--exclude", opts.Exclude); err != nil {
		return a, err
	}
	if opts.Baseline != "" {
		rep, err := report.ReadFile(opts.Baseline)
		if err != nil {
			return a, usageError("--baseline: %v (write one with \"patmigrate baseline create\")", err)
		}
		known := make([]suppress.Known, len(rep.Findings))
		for i, f := range rep.Findings {
			known[i] = suppress.Known{Root: f.Root, Fingerprint: f.Fingerprint}
		}
		a.Baseline = suppress.NewBaseline(known)
	}
	return a, nil
}

// parseGlobs compiles the patterns of flag.
func parseGlobs(flag string, patterns []string) ([]source.Glob, error) {
	var out []source.Glob
	for _, p := range patterns {
		g, err := source.ParseGlob(p)
		if err != nil {
			return nil, usageError("%s: %v", flag, err)
		}
		out = append(out, g)
	}
	return out, nil
}

// Environment variables holding the credentials for cloning a private
// repository over HTTPS. They are never taken from a flag, where they would
// end up in shell history and process listings.
const (
	envGitToken    = "PATMIGRATE_GIT_TOKEN"
	envGitUsername = "PATMIGRATE_GIT_USERNAME" // default "x-access-token", which GitHub and GitLab accept
)

// gitRemote clones the targets that are URLs, with the credentials of the
// environment.
// gitRemote clones the URLs a command names. noToken clones without
// PATMIGRATE_GIT_TOKEN: a URL read from a file (verify's report) must not
// receive it, whatever its scheme.
type gitRemote struct{ noToken bool }

func (gitRemote) Is(target string) bool        { return gitclone.IsRemote(target) }
func (gitRemote) Display(target string) string { return gitclone.DisplayURL(target) }

func (g gitRemote) Clone(ctx context.Context, url string, history bool) (string, func(), error) {
	o := gitclone.Options{History: history, AuthHint: " (set " + envGitToken + " for a private repository)"}
	if !g.noToken {
		o.Token, o.Username = os.Getenv(envGitToken), os.Getenv(envGitUsername)
	} else {
		o.AuthHint = " (" + envGitToken + " goes only to a URL named on the command line)"
	}
	return gitclone.Temp(ctx, url, o)
}

func writeReports(s *streams, quiet bool, sinks []sink, rep *report.Report) error {
	for _, k := range sinks {
		if k.path == "" {
			if quiet {
				continue
			}
			if err := k.r.Render(s.Out, rep); err != nil {
				return err
			}
			continue
		}
		err := atomicfile.Write(k.path, 0o644, func(w io.Writer) error {
			g := s.gate(w)
			if err := k.r.Render(g, rep); err != nil {
				return err
			}
			return g.Flush()
		})
		if err != nil {
			return fmt.Errorf("--output: %w", err)
		}
	}
	return nil
}

// exitCode applies the design's exit codes: failing findings win over an
// incomplete scan, which wins over clean.
func exitCode(r *report.Report, failOn rules.Severity) int {
	if failOn.Rank() > 0 && r.Worst().Rank() >= failOn.Rank() {
		return exitFindings
	}
	if !r.Complete() {
		return exitIncomplete
	}
	return exitOK
}

func statusLine(r *report.Report, failOn rules.Severity, code int) string {
	var files, blobs int64
	for _, t := range r.Targets {
		files += t.Files
		blobs += t.Blobs
	}
	where := report.Plural(int(files), "file", "files")
	if blobs > 0 {
		where += " and " + report.Plural(int(blobs), "blob", "blobs") + " of history"
	}
	msg := fmt.Sprintf("patmigrate: %s in %s", report.Plural(len(r.Findings), "finding", "findings"), where)
	switch code {
	case exitFindings:
		msg += fmt.Sprintf("; failing: findings at or above %s", failOn)
	case exitIncomplete:
		msg += fmt.Sprintf("; incomplete: %s could not be read", report.Plural(len(r.Errors), "item", "items"))
	}
	return msg
}

// parseSize reads a size such as 1048576, 512KiB, 10MB or 1g. Decimal and
// binary suffixes are both taken as binary: the limit is a guard, not an
// accounting figure.
func parseSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"kb", 1 << 10}, {"mb", 1 << 20}, {"gb", 1 << 30},
		{"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"b", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid size %q (want a number of bytes, or with KiB, MiB or GiB)", s)
	}
	if n > math.MaxInt64/mult {
		return 0, fmt.Errorf("size %q is too large", s)
	}
	return n * mult, nil
}
