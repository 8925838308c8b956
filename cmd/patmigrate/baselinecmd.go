package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/patmigrate/patmigrate/audit"
	"github.com/patmigrate/patmigrate/internal/atomicfile"
	"github.com/patmigrate/patmigrate/report"
	"github.com/patmigrate/patmigrate/suppress"
)

// baselineOptions are baseline create's: the scan flags it shares with
// scan, and the file to write.
type baselineOptions struct {
	scanOptions
	Output string
}

func newBaselineCmd(s *streams, create func(context.Context, *streams, *baselineOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "baseline",
		Short: "Record today's findings so that CI fails only on new ones",
		Example: `  patmigrate baseline create --output .patmigrate-baseline.json .
  patmigrate scan --baseline .patmigrate-baseline.json .`,
	}
	opts := &baselineOptions{scanOptions: scanOptions{MaxFileSize: "10MiB", Quiet: true}}
	createCmd := &cobra.Command{
		Use:   "create [PATH...] --output FILE",
		Short: "Scan and write a baseline: the JSON report, sorted, without timings",
		Long: `Create scans like "patmigrate scan" and writes the JSON report to FILE. It is sorted and holds
no timings, so committing it produces no diff until the findings change. "scan --baseline FILE" then
counts only findings whose fingerprint (rule, path and secret) is not in it: a different secret at
the same place still counts.`,
		Example: "  patmigrate baseline create --output .patmigrate-baseline.json .",
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Output == "" {
				return usageError("baseline create: --output FILE is required")
			}
			opts.Targets = args
			if len(opts.Targets) == 0 {
				opts.Targets = []string{"."}
			}
			return create(cmd.Context(), s, opts)
		},
	}
	createCmd.Flags().StringVarP(&opts.Output, "output", "o", "", "the baseline `FILE` to write")
	createCmd.Flags().BoolVar(&opts.History, "history", false, "include the git history")
	createCmd.Flags().StringArrayVar(&opts.Rules, "rules", nil, "add or override rules from `FILE` (repeatable)")
	createCmd.Flags().StringArrayVar(&opts.Exclude, "exclude", nil, "skip files and folders matching `GLOB` (repeatable), as the scan it serves does")
	createCmd.Flags().StringArrayVar(&opts.Include, "include", nil, "scan only files matching `GLOB` (repeatable)")
	createCmd.Flags().BoolVar(&opts.RespectGitignore, "respect-gitignore", false, "skip files that .gitignore ignores")
	cmd.AddCommand(createCmd)
	return cmd
}

type ignoreOptions struct {
	Fingerprint, Reason, File string
}

func newIgnoreCmd(s *streams, run func(*streams, *ignoreOptions) error) *cobra.Command {
	opts := &ignoreOptions{}
	cmd := &cobra.Command{
		Use:   "ignore FINGERPRINT --reason TEXT",
		Short: "Accept a finding: add its fingerprint to .patmigrateignore",
		Long: `Ignore appends a finding's fingerprint (the "fingerprint" of the JSON report, or the SARIF
partialFingerprints) with the reason to .patmigrateignore. The finding no longer counts; an entry
that matches nothing in a complete scan is reported as stale.`,
		Example: `  patmigrate ignore 3a1c0e57f3bb9d14a1c0e57f3bb9d14e --reason "test fixture, the key was never real"`,
		Args:    cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Fingerprint = args[0]
			return run(s, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "why the finding is accepted (required)")
	cmd.Flags().StringVar(&opts.File, "file", suppress.IgnoreFileName, "the ignore `FILE`")
	return cmd
}

func addIgnore(s *streams, opts *ignoreOptions) error {
	err := suppress.AppendIgnore(opts.File, opts.Fingerprint, opts.Reason)
	if errors.Is(err, suppress.ErrAlreadyIgnored) {
		fmt.Fprintf(s.Out, "%v\n", err) // nothing to do: not an error for a script
		return nil
	}
	if err != nil {
		return usageError("ignore: %v", err)
	}
	fmt.Fprintf(s.Out, "added %s to %s\n", opts.Fingerprint, opts.File)
	return nil
}

// createBaseline scans as `scan` would and writes the JSON report to out,
// with the findings only: counts of files and timings would change it
// whenever an unrelated file is added.
func createBaseline(ctx context.Context, s *streams, opts *baselineOptions) error {
	out := opts.Output
	if err := atomicfile.Check(out); err != nil {
		return usageError("--output: %v", err)
	}
	a, err := auditOptions(s, &opts.scanOptions)
	if err != nil {
		return err
	}
	scans, err := audit.Run(ctx, opts.Targets, a)
	if err != nil {
		return scanError(ctx, err)
	}
	rep := report.Build(version(), scans, false)
	for i, t := range rep.Targets {
		rep.Targets[i] = report.Target{Root: t.Root, Mode: t.Mode}
	}
	r, _ := report.New("json", report.Options{})
	if err := atomicfile.Write(out, 0o644, func(w io.Writer) error { return r.Render(w, rep) }); err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	fmt.Fprintf(s.Out, "wrote %s\n", out)
	if !rep.Complete() {
		return &exitError{code: exitIncomplete}
	}
	return nil
}
