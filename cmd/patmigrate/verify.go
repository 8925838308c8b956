package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/patmigrate/patmigrate/audit"
	"github.com/patmigrate/patmigrate/dbtcloud"
	"github.com/patmigrate/patmigrate/gitclone"
	"github.com/patmigrate/patmigrate/report"
	"github.com/patmigrate/patmigrate/rules"
	"github.com/patmigrate/patmigrate/scanner"
)

type verifyOptions struct {
	File       string
	Targets    []string // roots named again on the command line: trusted
	Format     string
	Host       string
	Allow      []string
	Jobs       int
	AllowClone bool
}

func newVerifyCmd(s *streams, run func(context.Context, *streams, *verifyOptions) error) *cobra.Command {
	opts := &verifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify REPORT.json [TARGET...]",
		Short: "Ask dbt Cloud which credentials of a saved report still work",
		Long: `Verify reads a JSON report, scans its targets again to recover the credentials it names (the
report itself holds only redacted secrets), and asks dbt Cloud whether each distinct credential still
works, once per credential, account and host: live (it authenticates: replace and revoke it first),
dead (401: nothing to revoke, but its uses still break) or unknown, with the reason.

A credential is sent only to a dbt Cloud host; --allow-host names another one it may go to (a
proxy, a test server), and --host sends every question to one host (a single-tenant or proxy URL).
A credential found without a host is asked about on ` + dbtcloud.DefaultHost + `.

The report is not trusted: a local target is scanned again only inside the current folder, or when
it is named again after the report; a repository URL is cloned only with --allow-clone (and
PATMIGRATE_GIT_TOKEN goes over https only). Credentials go over https only (plain http to this
machine, for tests), and a redirect is never followed with one.

Exit status: 0 nothing is live; 1 some credential is live; 2 usage error; 3 some verdicts are
unknown and nothing is live.`,
		Example: `  patmigrate scan --history --format json --output report.json .
  patmigrate verify report.json
  patmigrate verify --host https://acme.getdbt.com --format json report.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File, opts.Targets = args[0], args[1:]
			return run(cmd.Context(), s, opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Format, "format", "f", "text", "output `format`: text or json")
	f.StringVar(&opts.Host, "host", "", "ask this dbt Cloud `URL` about every credential, whatever host it was found for")
	f.StringArrayVar(&opts.Allow, "allow-host", nil, "also send credentials to this `HOST`, which is not dbt Cloud's (repeatable)")
	f.IntVarP(&opts.Jobs, "jobs", "j", 4, "requests in flight at once")
	f.BoolVar(&opts.AllowClone, "allow-clone", false, "clone the report's repository URLs to scan them again")
	return cmd
}

// verified is one line of verify's output: a credential, where it was
// found, and dbt Cloud's verdict. Its JSON form is verify's --format json.
type verified struct {
	SecretID  string           `json:"secret_id"`
	Secret    string           `json:"secret"` // redacted
	Kind      rules.Kind       `json:"kind"`
	AccountID string           `json:"account_id,omitempty"`
	Host      string           `json:"host"`
	Verdict   dbtcloud.Verdict `json:"verdict"`
	Reason    string           `json:"reason,omitempty"`
	Locations []string         `json:"locations"`
}

// maxRequests bounds verify's requests in flight: dbt Cloud rate-limits
// an account's API, and more would only be retried.
const maxRequests = 32

func runVerify(ctx context.Context, s *streams, opts *verifyOptions) error {
	if opts.Format != "text" && opts.Format != "json" {
		return usageError("--format: %q is not text or json", opts.Format)
	}
	if opts.Host != "" {
		if _, err := dbtcloud.ParseHost(opts.Host); err != nil {
			return usageError("--host: %v", err)
		}
		opts.Allow = append(opts.Allow, opts.Host)
	}
	jobs, err := clampJobs(s, "--jobs", opts.Jobs, maxRequests)
	if err != nil {
		return err
	}
	opts.Jobs = jobs
	rep, err := report.ReadFile(opts.File)
	if err != nil {
		return usageError("%v", err)
	}
	rep.Redact() // the report may hold whole secrets; verify never prints them
	lines, keys := credentialsOf(rep, opts.Host)
	if len(lines) == 0 {
		fmt.Fprintf(s.ErrOut, "patmigrate: %s names no credential to verify\n", opts.File)
		return nil
	}
	found, problems := recoverSecrets(ctx, rep, keys, opts)
	for _, sec := range found {
		// A server may echo one credential into the answer to another.
		s.found(sec)
	}
	if ctx.Err() != nil {
		return &exitError{code: exitIncomplete, err: fmt.Errorf("verify interrupted: %w", ctx.Err())}
	}
	var creds []dbtcloud.Credential
	var asked []int // the index in lines of each credential
	for i, l := range lines {
		sec, ok := found[l.SecretID]
		if !ok {
			lines[i].Verdict = dbtcloud.Unknown
			lines[i].Reason = "not found again where the report saw it (" + strings.Join(problems[l.SecretID], "; ") + ")"
			continue
		}
		account, _ := strconv.Atoi(l.AccountID)
		creds = append(creds, dbtcloud.Credential{ID: l.SecretID, Secret: sec, Host: l.Host, Account: account})
		asked = append(asked, i)
	}
	results := dbtcloud.Verify(ctx, creds, dbtcloud.VerifyOptions{Allow: opts.Allow, Jobs: opts.Jobs})
	for j, r := range results {
		lines[asked[j]].Verdict, lines[asked[j]].Reason = r.Verdict, r.Reason
	}
	slices.SortStableFunc(lines, func(a, b verified) int { return a.Verdict.Urgency() - b.Verdict.Urgency() })

	if err := writeVerified(s, opts.Format, lines); err != nil {
		return err
	}
	code := exitOK
	for _, l := range lines {
		switch {
		case l.Verdict == dbtcloud.Live:
			code = exitFindings
		case l.Verdict == dbtcloud.Unknown && code == exitOK:
			code = exitIncomplete
		}
	}
	if code != exitOK {
		return &exitError{code: code}
	}
	return nil
}

// credentialsOf lists the distinct credentials (secret, account, host) of
// rep's findings, with the locations of each, in report order; keys is the
// set of secret ids to recover. host, when set, replaces every host.
func credentialsOf(rep *report.Report, host string) (lines []verified, keys map[string]bool) {
	keys = map[string]bool{}
	index := map[string]int{}
	for _, f := range rep.Findings {
		if !f.Kind.NeedsSecret() || f.SecretID == "" {
			continue
		}
		h := cmp.Or(host, f.Host, dbtcloud.DefaultHost)
		k := f.SecretID + "\x00" + f.AccountID + "\x00" + h
		i, ok := index[k]
		if !ok {
			i = len(lines)
			index[k] = i
			lines = append(lines, verified{SecretID: f.SecretID, Secret: f.Secret, Kind: f.Kind, AccountID: f.AccountID, Host: h})
			keys[f.SecretID] = true
		}
		if loc := f.Location(); !slices.Contains(lines[i].Locations, loc) {
			lines[i].Locations = append(lines[i].Locations, loc)
		}
	}
	return lines, keys
}

// recoverSecrets scans rep's targets again, in the modes they were scanned
// in, with no size limit, and returns the secrets whose ids keys holds. A
// target that cannot be scanned again is named in problems, per id.
//
// Scanning the whole target rather than the report's exact locations costs
// little (a worktree scan is well under a second) and finds a secret that
// moved within the target since the report was written.
func recoverSecrets(ctx context.Context, rep *report.Report, keys map[string]bool, vo *verifyOptions) (found map[string]scanner.Secret, problems map[string][]string) {
	found = map[string]scanner.Secret{}
	problems = map[string][]string{}
	note := func(root, why string) {
		for _, f := range rep.Findings {
			if f.Root == root && keys[f.SecretID] {
				problems[f.SecretID] = append(problems[f.SecretID], why)
			}
		}
	}
	for _, t := range rep.Targets {
		if t.Mode == "stdin" {
			note(t.Root, "it was read from standard input")
			continue
		}
		if why := untrusted(t.Root, vo); why != "" {
			note(t.Root, why)
			continue
		}
		// The same rules as the scan (audit reads the target's own) and its
		// suppressions, with no size limit and no filter: a finding the
		// report holds was not suppressed when it was written.
		// A URL from the report is cloned without the git token unless the
		// command line names it again: a crafted report must not get it.
		remote := gitRemote{noToken: !slices.Contains(vo.Targets, t.Root)}
		opts := audit.Options{History: t.Mode == "history", Staged: t.Mode == "staged", Stdin: strings.NewReader(""), Remote: remote}
		scans, err := audit.Run(ctx, []string{t.Root}, opts)
		if err != nil {
			note(t.Root, fmt.Sprintf("scanning %s again: %v", t.Root, err))
			continue
		}
		scanned := scans[0]
		for _, f := range scanned.Result.Findings {
			if keys[f.Secret.ID()] {
				found[f.Secret.ID()] = f.Secret
			}
		}
		if !scanned.Result.Complete() {
			note(t.Root, t.Root+" could not be read whole")
		} else {
			note(t.Root, "the secret is no longer in "+t.Root)
		}
	}
	return found, problems
}

func writeVerified(s *streams, format string, lines []verified) error {
	if format == "json" {
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"credentials": lines})
	}
	tw := tabwriter.NewWriter(s.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERDICT\tKIND\tSECRET\tACCOUNT\tHOST\tFOUND AT\tREASON")
	for _, l := range lines {
		where := l.Locations[0]
		if n := len(l.Locations); n > 1 {
			where += fmt.Sprintf(" (+%d more)", n-1)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", l.Verdict, l.Kind, l.Secret, cmp.Or(l.AccountID, "?"), l.Host, where, l.Reason)
	}
	return tw.Flush()
}

// untrusted says why verify will not scan root again, or "". The report is
// a file anyone may have written: a root of /etc or ~/.ssh would be read,
// and a URL cloned with PATMIGRATE_GIT_TOKEN. A local root is scanned
// inside the current folder, or when the command line names it again; a
// URL only with --allow-clone.
func untrusted(root string, vo *verifyOptions) string {
	if gitclone.IsRemote(root) {
		if !vo.AllowClone && !slices.Contains(vo.Targets, root) {
			return root + " is a URL: verify clones it only with --allow-clone, or when it is named after the report"
		}
		return ""
	}
	abs, err := realPath(root)
	if err != nil {
		return fmt.Sprintf("%s: %v", root, err)
	}
	for _, t := range vo.Targets {
		if named, err := realPath(t); err == nil && named == abs {
			return ""
		}
	}
	cwd, err := realPath(".")
	if err != nil {
		return fmt.Sprintf("the current folder: %v", err)
	}
	if rel, err := filepath.Rel(cwd, abs); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return root + " is outside the current folder: name it after the report to scan it again"
	}
	return ""
}

// realPath is path absolute, with its links resolved.
func realPath(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}
