package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/patmigrate/patmigrate/internal/atomicfile"
	"github.com/patmigrate/patmigrate/report"
)

type reportOptions struct {
	File        string
	Format      string
	Output      string
	ShowSecrets bool
}

func newReportCmd(s *streams, run func(*streams, *reportOptions) error) *cobra.Command {
	opts := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report SAVED.json",
		Short: "Render a saved JSON report in another format",
		Example: `  patmigrate scan --format json --output report.json .
  patmigrate report report.json --format markdown --output checklist.md`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			return run(s, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text, markdown, json, sarif, junit, github or short")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to `FILE` instead of standard output")
	cmd.Flags().BoolVar(&opts.ShowSecrets, "show-secrets", false, "print whole secrets if the saved report holds them (it does only if it was written with --show-secrets)")
	return cmd
}

func runReport(s *streams, opts *reportOptions) error {
	r, err := report.New(opts.Format, report.Options{Color: s.Color && opts.Output == "", Width: s.Width})
	if err != nil {
		return usageError("--format: %v", err)
	}
	rep, err := report.ReadFile(opts.File)
	if err != nil {
		return usageError("%v", err)
	}
	if !opts.ShowSecrets {
		rep.Redact()
	}
	if opts.Output == "" {
		return r.Render(s.Out, rep)
	}
	if err := atomicfile.Write(opts.Output, 0o644, func(w io.Writer) error { return r.Render(w, rep) }); err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	return nil
}
