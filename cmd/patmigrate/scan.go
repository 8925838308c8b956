package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/patmigrate/patmigrate"
	"github.com/patmigrate/patmigrate/internal/atomicfile"
	"github.com/patmigrate/patmigrate/report"
	"github.com/patmigrate/patmigrate/rules"
	"github.com/patmigrate/patmigrate/scanner"
)

// targetConfig is the rule file patmigrate reads at a target's root.
const targetConfig = ".patmigrate.yaml"

type scanOptions struct {
	Targets          []string
	Formats          []string
	Outputs          []string
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
	Staged           bool
	AllObjects       bool
	formatSet        bool // --format was given (staged mode defaults to the short form)
	noDuration       bool // a baseline must not change when nothing else does
}

func newScanCmd(s *streams) *cobra.Command {
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
introduced (a pull request); --staged scans exactly what the next commit would add (the pre-commit
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
			opts.formatSet = cmd.Flags().Changed("format")
			opts.Targets = args
			if len(opts.Targets) == 0 {
				opts.Targets = []string{"."}
			}
			return runScan(cmd.Context(), s, opts)
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
	f.BoolVar(&opts.Staged, "staged", false, "scan only what is staged for the next commit (pre-commit hook)")
	f.BoolVar(&opts.AllObjects, "all-objects", false, "with --history, also scan blobs no ref reaches (dangling)")
	return cmd
}

// scanPlan is a validated scan: everything that can be wrong with the
// command line is found before the first file is read.
type scanPlan struct {
	sinks    []sink
	baseline *scanner.Baseline
	failOn   rules.Severity
	include  []scanner.Glob
	exclude  []scanner.Glob
	maxSize  int64
	ignores  map[string]*scanner.IgnoreList // per local target, read up front
}

func runScan(ctx context.Context, s *streams, opts *scanOptions) error {
	started := time.Now()
	plan, err := prepareScan(s, opts)
	if err != nil {
		return err
	}
	var scans []report.Scanned
	sets := map[string]*scanner.Scanner{}
	for _, target := range opts.Targets {
		files := ruleFiles(target, opts.Rules)
		key := strings.Join(files, "\x00")
		sc := sets[key]
		if sc == nil {
			var changed []string
			if sc, changed, err = loadScanner(opts.ShowSecrets, files); err != nil {
				return err
			}
			sets[key] = sc
			if len(files) > len(opts.Rules) && len(changed) > 0 && !opts.Quiet {
				// A repository's own .patmigrate.yaml could switch off the
				// very rule a CI check relies on: say so every time.
				fmt.Fprintf(s.ErrOut, "patmigrate: %s changes rules: %s\n", files[0], strings.Join(changed, ", "))
			}
		}
		scanned, err := scanTarget(ctx, s, opts, plan, sc, target)
		if err != nil {
			return err
		}
		scans = append(scans, scanned)
	}
	rep := report.Build(version(), scans, opts.ShowSecrets)
	if opts.noDuration {
		// A baseline lists findings only: counts of files would change it
		// whenever an unrelated file is added.
		for i, t := range rep.Targets {
			rep.Targets[i] = report.Target{Root: t.Root, Mode: t.Mode}
		}
	} else {
		rep.DurationMS = time.Since(started).Milliseconds()
	}
	for _, e := range rep.StaleIgnores {
		if !opts.Quiet {
			fmt.Fprintf(s.ErrOut, "patmigrate: %s:%d: %s matched nothing; remove it (%s)\n", e.File, e.Line, e.Fingerprint, e.Reason)
		}
	}
	if err := writeReports(s, opts, plan.sinks, rep); err != nil {
		return err
	}
	code := exitCode(rep, plan.failOn)
	if !opts.Quiet && !plan.textOnStdout() {
		fmt.Fprintln(s.ErrOut, statusLine(rep, plan.failOn, code))
	}
	if code != exitOK {
		return &exitError{code: code}
	}
	return nil
}

// scanTarget scans one target in the mode the options ask for.
func scanTarget(ctx context.Context, s *streams, opts *scanOptions, plan *scanPlan, sc *scanner.Scanner, target string) (report.Scanned, error) {
	root, display := target, filepath.ToSlash(target)
	if scanner.IsRemote(target) {
		display = scanner.DisplayURL(target)
		dir, cleanup, err := scanner.CloneTemp(ctx, target, opts.History || opts.Since != "")
		if err != nil {
			if ctx.Err() != nil {
				return report.Scanned{}, &exitError{code: exitIncomplete, err: fmt.Errorf("scan interrupted: %w", ctx.Err())}
			}
			return report.Scanned{}, usageError("%v", err)
		}
		defer cleanup()
		root = dir
	}
	worktree := &scanner.Worktree{Root: root, Jobs: opts.Jobs, MaxFileSize: plan.maxSize,
		RespectGitignore: opts.RespectGitignore, Include: plan.include, Exclude: plan.exclude}
	history := &scanner.History{Root: root, Jobs: opts.Jobs, MaxFileSize: plan.maxSize, Since: opts.Since,
		AllObjects: opts.AllObjects, Include: plan.include, Exclude: plan.exclude}
	var res *scanner.Result
	var err error
	mode := "worktree"
	switch {
	case target == "-":
		mode = "stdin"
		res, err = sc.Scan(ctx, &scanner.Reader{R: s.In, MaxSize: plan.maxSize})
	case opts.Staged:
		mode = "staged"
		res, err = sc.Scan(ctx, &scanner.Staged{Root: root, MaxFileSize: plan.maxSize, Include: plan.include, Exclude: plan.exclude})
	case opts.Since != "" || (opts.History && scanner.IsBare(root)):
		mode = "history"
		res, err = sc.Scan(ctx, history)
	case opts.History:
		mode = "history"
		var wt *scanner.Result
		if wt, err = sc.Scan(ctx, worktree); err == nil {
			var hist *scanner.Result
			hist, err = sc.Scan(ctx, history)
			if hist != nil {
				res = scanner.MergeHistory(wt, hist)
			}
		}
	default:
		res, err = sc.Scan(ctx, worktree)
	}
	var re *scanner.RevisionError
	switch {
	case err == nil:
	case ctx.Err() != nil:
		return report.Scanned{}, &exitError{code: exitIncomplete, err: fmt.Errorf("scan interrupted: %w", ctx.Err())}
	case errors.As(err, &re):
		return report.Scanned{}, usageError("--since: %v", err)
	case errors.Is(err, scanner.ErrNotRepository):
		return report.Scanned{}, usageError("%v (--history, --since and --staged need one)", err)
	default:
		// The target as a whole could not be read: say so, go on with the
		// others, and never call the result clean.
		if res == nil {
			res = &scanner.Result{}
		}
		res.Errors = append(res.Errors, scanner.Skipped{Path: ".", Err: err})
	}
	scanned := report.Scanned{Root: display, Mode: mode, Result: res}
	if err := suppress(&scanned, root, target, plan, opts); err != nil {
		return report.Scanned{}, err
	}
	return scanned, nil
}

// suppress drops the findings the baseline holds or the target's
// .patmigrateignore accepts, and keeps the ignore entries that matched
// nothing. Those are stale only after a complete scan of everything: a
// staged or --since scan sees too little to say.
func suppress(sc *report.Scanned, root, target string, plan *scanPlan, opts *scanOptions) error {
	var ignores *scanner.IgnoreList
	if info, err := os.Stat(root); err == nil && info.IsDir() && target != "-" {
		var ok bool
		if ignores, ok = plan.ignores[target]; !ok { // a clone: not read before
			var err error
			if ignores, err = scanner.ReadIgnoreFile(filepath.Join(root, scanner.IgnoreFileName)); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
		}
		sc.IgnoreFile = filepath.ToSlash(filepath.Join(sc.Root, scanner.IgnoreFileName))
	}
	stale := sc.Result.Suppress(plan.baseline, sc.Root, len(opts.Targets) == 1, ignores)
	// Stale means "matched nothing in everything": a scan that read less
	// (the index, a range, globs, .gitignore, a size limit) cannot say.
	narrowed := opts.Staged || opts.Since != "" || len(opts.Include) > 0 || len(opts.Exclude) > 0 ||
		opts.RespectGitignore || sc.Result.Stats.TooLarge > 0
	if sc.Result.Complete() && !narrowed {
		sc.Stale = stale
	}
	return nil
}

func prepareScan(s *streams, opts *scanOptions) (*scanPlan, error) {
	p := &scanPlan{}
	var err error
	switch {
	case opts.Staged && (opts.History || opts.Since != ""):
		return nil, usageError("--staged scans the index; it cannot be combined with --history or --since")
	case opts.AllObjects && !opts.History:
		return nil, usageError("--all-objects needs --history")
	case slices.Contains(opts.Targets, "-") && (opts.Staged || opts.History || opts.Since != ""):
		return nil, usageError("standard input (-) has no git history or index")
	}
	if opts.Staged && !opts.formatSet {
		opts.Formats = []string{"short"} // a blocked commit says what to do in a few lines
	}
	if p.sinks, err = newSinks(s, opts.Formats, opts.Outputs); err != nil {
		return nil, err
	}
	if opts.Baseline != "" {
		if p.baseline, err = scanner.ReadBaseline(opts.Baseline); err != nil {
			return nil, usageError("--baseline: %v", err)
		}
	}
	if p.failOn, err = rules.ParseSeverity(opts.FailOn); err != nil {
		return nil, usageError("--fail-on: %v", err)
	}
	if p.maxSize, err = parseSize(opts.MaxFileSize); err != nil {
		return nil, usageError("--max-file-size: %v", err)
	}
	for _, g := range opts.Include {
		gl, err := scanner.ParseGlob(g)
		if err != nil {
			return nil, usageError("--include: %v", err)
		}
		p.include = append(p.include, gl)
	}
	for _, g := range opts.Exclude {
		gl, err := scanner.ParseGlob(g)
		if err != nil {
			return nil, usageError("--exclude: %v", err)
		}
		p.exclude = append(p.exclude, gl)
	}
	stdin := 0
	for _, t := range opts.Targets {
		if t == "-" {
			if stdin++; stdin > 1 {
				return nil, usageError("standard input (-) can be scanned once")
			}
			continue
		}
		if scanner.IsRemote(t) {
			continue
		}
		info, err := os.Stat(t)
		if err != nil {
			return nil, usageError("%s: %v", t, errors.Unwrap(err))
		}
		// A bad ignore file is a configuration error: found before scanning,
		// and kept for suppress.
		if info.IsDir() {
			list, err := scanner.ReadIgnoreFile(filepath.Join(t, scanner.IgnoreFileName))
			if err != nil {
				return nil, &exitError{code: exitUsage, err: err}
			}
			if p.ignores == nil {
				p.ignores = map[string]*scanner.IgnoreList{}
			}
			p.ignores[t] = list
		}
	}
	return p, nil
}

// loadScanner compiles the default rules with the user files laid over them
// and checks the user rules' examples: a rule that fails its own examples
// is a configuration error. It returns the ids the files add, change or
// disable.
func loadScanner(showSecrets bool, files []string) (*scanner.Scanner, []string, error) {
	set, userIDs, err := rules.Load(patmigrate.DefaultRulesName, patmigrate.DefaultRules(), files...)
	if err != nil {
		return nil, nil, &exitError{code: exitUsage, err: err}
	}
	sc := scanner.New(set, scanner.Options{ShowSecrets: showSecrets})
	var enabled []string
	for _, id := range userIDs {
		if set.Lookup(id) != nil {
			enabled = append(enabled, id)
		}
	}
	if len(enabled) > 0 {
		if errs := set.Check(sc, 0, enabled...); len(errs) > 0 {
			return nil, nil, &exitError{code: exitUsage, err: errs}
		}
	}
	changed := make([]string, len(userIDs))
	for i, id := range userIDs {
		changed[i] = id
		if set.Lookup(id) == nil {
			changed[i] = id + " (disabled)"
		}
	}
	return sc, changed, nil
}

func writeReports(s *streams, opts *scanOptions, sinks []sink, rep *report.Report) error {
	for _, k := range sinks {
		if k.path == "" {
			if opts.Quiet {
				continue
			}
			if err := k.r.Render(s.Out, rep); err != nil {
				return err
			}
			continue
		}
		if err := atomicfile.Write(k.path, 0o644, func(w io.Writer) error { return k.r.Render(w, rep) }); err != nil {
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

// checkOutput refuses an output path whose folder does not exist, before
// anything is scanned.
func checkOutput(path string) error {
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("%s: folder %s does not exist", path, dir)
	}
	if !info.IsDir() {
		return fmt.Errorf("%s: %s is not a folder", path, dir)
	}
	return nil
}

// ruleFiles lists the rule files a target is scanned with: its own
// .patmigrate.yaml, if any, then those of --rules.
func ruleFiles(target string, extra []string) []string {
	files := append([]string(nil), extra...)
	if target != "-" && !scanner.IsRemote(target) {
		if cfg := filepath.Join(target, targetConfig); isFile(cfg) {
			files = append([]string{cfg}, files...)
		}
	}
	return files
}

func isFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
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
