// Package audit is the scan pipeline behind `patmigrate scan`, `verify` and
// `baseline create`: for each target it chooses the sources its mode needs
// (working tree, history, both merged, staged changes, standard input),
// loads the rules it is scanned with (the defaults, its own
// .patmigrate.yaml, the caller's files), runs the engine, and applies the
// suppressions (inline ignores, .patmigrateignore, a baseline), keeping the
// ignore entries that matched nothing.
//
// It renders nothing and decides no exit code; it reaches the network only
// through the Remote its caller passes.
package audit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/patmigrate/patmigrate"
	"github.com/patmigrate/patmigrate/gitdb"
	"github.com/patmigrate/patmigrate/report"
	"github.com/patmigrate/patmigrate/rules"
	"github.com/patmigrate/patmigrate/scanner"
	"github.com/patmigrate/patmigrate/source"
	"github.com/patmigrate/patmigrate/suppress"
)

// TargetConfig is the rule file read at a target's root.
const TargetConfig = ".patmigrate.yaml"

// Stdin is the target that names standard input.
const Stdin = "-"

// Options say how every target of a run is read.
type Options struct {
	History bool   // also every blob of every ref (--history)
	Since   string // only what the commits in Since..HEAD introduced
	Staged  bool   // only what the next commit would add
	// TrustSuppressionsFromHead, with Since, takes the target's rule file,
	// ignore file and inline ignores as the working tree has them. Without
	// it they count only as they are at Since, and those the range adds
	// are reported (trust.go).
	TrustSuppressionsFromHead bool
	AllObjects                bool // with History, also the blobs no ref reaches

	RespectGitignore bool
	Filter           source.Filter
	Jobs             int // files or blobs read at once; 0 means GOMAXPROCS
	ShowSecrets      bool

	// RuleFiles add to or override the default rules, after each
	// target's own TargetConfig.
	RuleFiles []string
	// Baseline, when set, drops the findings it holds.
	Baseline *suppress.Baseline
	// Stdin is read for the target "-".
	Stdin io.Reader
	// Remote fetches the targets that name a repository to clone; nil
	// means every target is a local path.
	Remote Remote
	// Notice receives what a person running the scan should know that is
	// not a finding (a target's own rules change the defaults); nil drops
	// it.
	Notice func(msg string)
}

// ConfigError is a problem with the command line or a configuration file
// (rules, ignore file, revision, a target that is not what its mode needs):
// nothing worth reporting was scanned.
type ConfigError struct{ Err error }

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

func configError(format string, args ...any) error {
	return &ConfigError{Err: fmt.Errorf(format, args...)}
}

// Run scans targets in order and returns one result per target. A
// configuration problem is a *ConfigError, found before anything is
// scanned where it can be; a target that cannot be read as a whole is an
// error in its result, and the others go on. A cancelled ctx stops the run
// with ctx's error.
func Run(ctx context.Context, targets []string, opts Options) ([]report.Scanned, error) {
	ignores, err := opts.check(targets)
	if err != nil {
		return nil, err
	}
	extra, err := readRuleFiles(opts.RuleFiles)
	if err != nil {
		return nil, err
	}
	r := &run{opts: opts, extra: extra, ignores: ignores, scanners: map[string]*scanner.Scanner{}, oneTarget: len(targets) == 1}
	var out []report.Scanned
	for _, t := range targets {
		s, err := r.target(ctx, t)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// check finds what is wrong with the targets before any is scanned, and
// reads the ignore file of each local folder.
func (o *Options) check(targets []string) (map[string]*suppress.IgnoreList, error) {
	stdin := 0
	ignores := map[string]*suppress.IgnoreList{}
	for _, t := range targets {
		if t == Stdin {
			if o.Staged || o.History || o.Since != "" {
				return nil, configError("standard input (-) has no git history or index")
			}
			if stdin++; stdin > 1 {
				return nil, configError("standard input (-) can be scanned once")
			}
			continue
		}
		if o.remote(t) {
			continue
		}
		info, err := os.Stat(t)
		if err != nil {
			return nil, configError("%s: %w", t, errors.Unwrap(err))
		}
		if info.IsDir() {
			list, err := suppress.ReadIgnoreFile(filepath.Join(t, suppress.IgnoreFileName))
			if err != nil {
				return nil, &ConfigError{Err: err}
			}
			ignores[t] = list
		}
	}
	return ignores, nil
}

// Remote is where targets that are not local paths come from.
type Remote interface {
	// Is reports whether target names a repository to clone.
	Is(target string) bool
	// Display names target in reports: a URL without its credentials.
	Display(target string) string
	// Clone fetches target into a new folder, with its whole history or
	// only the last commit, and returns a function that removes it.
	Clone(ctx context.Context, target string, history bool) (dir string, cleanup func(), err error)
}

func (o *Options) remote(t string) bool { return o.Remote != nil && o.Remote.Is(t) }

// run is the state of one Run: the ignore files read up front, and one
// Scanner per distinct list of rule files.
type run struct {
	opts      Options
	extra     []rules.File // the caller's rule files, read once
	ignores   map[string]*suppress.IgnoreList
	scanners  map[string]*scanner.Scanner
	oneTarget bool
}

// target scans one target in the mode the options ask for.
func (r *run) target(ctx context.Context, target string) (report.Scanned, error) {
	o := &r.opts
	root, display := target, filepath.ToSlash(target)
	if o.remote(target) {
		display = o.Remote.Display(target)
		dir, cleanup, err := o.Remote.Clone(ctx, target, o.History || o.Since != "")
		if err != nil {
			if ctx.Err() != nil {
				return report.Scanned{}, ctx.Err()
			}
			return report.Scanned{}, &ConfigError{Err: err}
		}
		defer cleanup()
		root = dir
	}
	var b *base
	if o.Since != "" && !o.TrustSuppressionsFromHead && target != Stdin {
		var err error
		if b, err = openBase(root, o.Since); err != nil {
			var re *source.RevisionError
			if errors.As(err, &re) {
				return report.Scanned{}, configError("--since: %w", err)
			}
			return report.Scanned{}, configError("%s: %w (--since needs one)", display, err)
		}
	}
	sc, err := r.scanner(target, b)
	if err != nil {
		return report.Scanned{}, err
	}
	mode, res, err := r.scan(ctx, sc, target, root)
	var re *source.RevisionError
	switch {
	case err == nil:
	case ctx.Err() != nil:
		return report.Scanned{}, ctx.Err()
	case errors.As(err, &re):
		return report.Scanned{}, configError("--since: %w", err)
	case errors.Is(err, gitdb.ErrNotRepository):
		return report.Scanned{}, configError("%w (--history, --since and --staged need one)", err)
	default:
		// The target as a whole could not be read: say so, go on with the
		// others, and never call the result clean.
		if res == nil {
			res = &scanner.Result{}
		}
		res.Errors = append(res.Errors, scanner.ReadError{Path: ".", Err: err})
	}
	if mode == "staged" || mode == "stdin" || o.Since != "" {
		res.Findings = append(res.Findings, unscanned(res.Unscanned, o.Filter.MaxSize)...)
		scanner.SortFindings(res.Findings)
	}
	scanned := report.Scanned{Root: display, Mode: mode, Result: res}
	if err := r.suppress(&scanned, root, target, b); err != nil {
		return report.Scanned{}, err
	}
	if b != nil {
		added, err := b.findings(root, res)
		if err != nil {
			return report.Scanned{}, &ConfigError{Err: err}
		}
		res.Findings = append(res.Findings, added...)
		scanner.SortFindings(res.Findings)
	}
	return scanned, nil
}

// scan runs the sources of target's mode over root.
func (r *run) scan(ctx context.Context, sc *scanner.Scanner, target, root string) (mode string, res *scanner.Result, err error) {
	o := &r.opts
	history := &source.History{Root: root, Jobs: o.Jobs, Filter: o.Filter, Since: o.Since, AllObjects: o.AllObjects}
	switch {
	case target == Stdin:
		res, err = sc.Scan(ctx, &source.Reader{R: o.Stdin, Filter: source.Filter{MaxSize: o.Filter.MaxSize}})
		return "stdin", res, err
	case o.Staged:
		res, err = sc.Scan(ctx, &source.Staged{Root: root, Filter: o.Filter})
		return "staged", res, err
	case o.Since != "" || (o.History && gitdb.IsBare(root)):
		res, err = sc.Scan(ctx, history)
		return "history", res, err
	}
	mode = "worktree"
	if o.History {
		mode = "history" // also when the worktree part fails: verify re-scans in this mode
	}
	wt, err := sc.Scan(ctx, &source.Worktree{Root: root, Jobs: o.Jobs, Filter: o.Filter, RespectGitignore: o.RespectGitignore})
	if err != nil || !o.History {
		return mode, wt, err
	}
	hist, err := sc.Scan(ctx, history)
	if hist == nil {
		return "history", nil, err
	}
	return "history", scanner.MergeHistory(wt, hist), err
}

// suppress drops the findings the baseline holds or the target's
// .patmigrateignore accepts, and keeps the ignore entries that matched
// nothing. Those are stale only after a complete scan of everything: a
// staged or --since scan sees too little to say.
func (r *run) suppress(sc *report.Scanned, root, target string, b *base) error {
	o := &r.opts
	// A local folder's ignore file was read before the scan (check); a
	// clone's is read now; a reviewed change's is the base's. A file or
	// standard input has none.
	ignores, ok := r.ignores[target]
	if b != nil {
		var err error
		if ignores, err = b.ignoreList(); err != nil {
			return &ConfigError{Err: err}
		}
	} else if !ok && o.remote(target) {
		var err error
		if ignores, err = suppress.ReadIgnoreFile(filepath.Join(root, suppress.IgnoreFileName)); err != nil {
			return &ConfigError{Err: err}
		}
	}
	stale := suppress.Apply(sc.Result, o.Baseline, sc.Root, r.oneTarget, ignores)
	// Stale means "matched nothing in everything": a scan that read less
	// (the index, a range, globs, .gitignore, a size limit) cannot say.
	narrowed := o.Staged || o.Since != "" || len(o.Filter.Include) > 0 || len(o.Filter.Exclude) > 0 ||
		o.RespectGitignore || sc.Result.Stats.TooLarge > 0
	if !sc.Result.Complete() || narrowed {
		return nil
	}
	file := filepath.ToSlash(filepath.Join(sc.Root, suppress.IgnoreFileName))
	for _, e := range stale {
		sc.Stale = append(sc.Stale, report.StaleIgnore{File: file, Line: e.Line, Fingerprint: e.Fingerprint, Reason: e.Reason})
	}
	return nil
}

// scanner returns the Scanner for target's rule files, compiling it on
// first use. For a reviewed change (b), the target's rule file is the
// base's and inline ignores are judged against the base: that Scanner is
// the target's own.
func (r *run) scanner(target string, b *base) (*scanner.Scanner, error) {
	o := &r.opts
	if b != nil {
		own, err := b.ruleFile()
		if err != nil {
			return nil, &ConfigError{Err: err}
		}
		var files []rules.File
		if own != nil {
			files = append(files, *own)
		}
		return r.compile(append(files, r.extra...), len(files), b.silenced)
	}
	var own []string
	if cfg, ok := targetConfig(target, o.remote(target)); ok {
		own = []string{cfg}
	}
	key := strings.Join(append(own, o.RuleFiles...), "\x00")
	if sc := r.scanners[key]; sc != nil {
		return sc, nil
	}
	files, err := readRuleFiles(own)
	if err != nil {
		return nil, err
	}
	sc, err := r.compile(append(files, r.extra...), len(files), suppress.Silenced)
	if err == nil {
		r.scanners[key] = sc
	}
	return sc, err
}

// compile builds a Scanner from the rule files, the first own of them the
// target's: a repository's own .patmigrate.yaml could switch off the very
// rule a CI check relies on, so what it changes is said every time.
func (r *run) compile(files []rules.File, own int, silenced func(source.Provenance, int, []byte) bool) (*scanner.Scanner, error) {
	sc, changed, err := load(r.opts.ShowSecrets, files, silenced)
	if err != nil {
		return nil, err
	}
	if own > 0 && len(changed) > 0 && r.opts.Notice != nil {
		r.opts.Notice(fmt.Sprintf("%s changes rules: %s", files[0].Name, strings.Join(changed, ", ")))
	}
	return sc, nil
}

// readRuleFiles reads rule files from disk.
func readRuleFiles(paths []string) ([]rules.File, error) {
	out := make([]rules.File, 0, len(paths))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, &ConfigError{Err: fmt.Errorf("rules: %w", err)}
		}
		out = append(out, rules.File{Name: p, Data: data})
	}
	return out, nil
}

// targetConfig returns the path of target's own TargetConfig, if it has
// one (not for standard input or a remote target).
func targetConfig(target string, remote bool) (string, bool) {
	if target == Stdin || remote {
		return "", false
	}
	cfg := filepath.Join(target, TargetConfig)
	info, err := os.Stat(cfg)
	return cfg, err == nil && info.Mode().IsRegular()
}

// load compiles the default rules with files laid over them and checks the
// examples of the rules the files add or change: a rule that fails its own
// examples is a configuration error. The Scanner silences findings as
// silenced says (inline ignores).
// changed lists the ids the files add, change or disable.
func load(showSecrets bool, files []rules.File, silenced func(source.Provenance, int, []byte) bool) (sc *scanner.Scanner, changed []string, err error) {
	set, userIDs, err := rules.LoadFiles(patmigrate.DefaultRulesName, patmigrate.DefaultRules(), files)
	if err != nil {
		return nil, nil, &ConfigError{Err: err}
	}
	sc = scanner.New(set, scanner.Options{ShowSecrets: showSecrets, Silenced: silenced})
	var enabled []string
	for _, id := range userIDs {
		if set.Lookup(id) != nil {
			enabled = append(enabled, id)
		}
	}
	if len(enabled) > 0 {
		if errs := set.Check(sc, 0, enabled...); len(errs) > 0 {
			return nil, nil, &ConfigError{Err: errs}
		}
	}
	changed = make([]string, len(userIDs))
	for i, id := range userIDs {
		changed[i] = id
		if set.Lookup(id) == nil {
			changed[i] = id + " (disabled)"
		}
	}
	return sc, changed, nil
}

// unscanned are the not-scanned findings of a gate's scan (--staged,
// --since, standard input): a file over the size limit is not read, and a
// gate that passed it in silence would pass a key in it. A plain scan of a
// tree only counts them (a repository's large data files are many, and a
// person reads the count).
func unscanned(skipped []source.Provenance, limit int64) []scanner.Finding {
	var out []scanner.Finding
	seen := map[string]bool{} // a path once, at its first commit in the range
	for _, p := range skipped {
		if seen[p.Path] {
			continue
		}
		seen[p.Path] = true
		f := scanner.Finding{
			Rule: "file-too-large", Kind: rules.NotScanned, Severity: rules.NotScanned.DefaultSeverity(),
			Provenance: p, Line: 1, Column: 1, EndLine: 1, EndColumn: 1, Usage: "other",
			Message: fmt.Sprintf("not scanned: the file is over the %s limit (--max-file-size), so a credential in it passes this check unseen", sizeText(limit)),
			Remediation: "Scan it with a higher --max-file-size (0 for no limit), or keep it out of the repository " +
				"if it is data; exclude it by path (--exclude) only if it cannot hold a credential.",
		}
		f.Fingerprint = scanner.Fingerprint(f.Rule, p.Path, "")
		out = append(out, f)
	}
	return out
}

// sizeText writes a byte count in the largest binary unit that divides it
// well: 10 MiB, 512 KiB, 1000 bytes.
func sizeText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
