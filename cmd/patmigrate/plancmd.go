package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/patmigrate/patmigrate/internal/atomicfile"
	"github.com/patmigrate/patmigrate/report"
)

type planOptions struct {
	File   string
	Output string
}

func newPlanCmd(s *streams, run func(*streams, *planOptions) error) *cobra.Command {
	opts := &planOptions{}
	cmd := &cobra.Command{
		Use:   "plan REPORT.json",
		Short: "Write the migration plan of a saved report: the tokens to create, per account and site",
		Long: `Plan turns a JSON report into the migration to carry out: per dbt Cloud account, each legacy
user key (by secret id) with every place it is used today and the token to create there (a service
token with the least permission set for automation, a personal access token for a person's own use),
the exposed tokens to rotate, the cross-account calls to rewrite and the references to review.

It prints the plan and, with --output, writes it as YAML for a person to review and edit (drop a
site, change a permission_set, fill in an unknown account_id) before ` + "`patmigrate apply`" + ` executes it.`,
		Example: `  patmigrate scan --history --format json --output report.json .
  patmigrate plan report.json --output plan.yaml`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			return run(s, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write the plan file (YAML) to `FILE`")
	return cmd
}

func runPlan(s *streams, opts *planOptions) error {
	rep, err := report.ReadFile(opts.File)
	if err != nil {
		return usageError("%v", err)
	}
	rep.Redact() // a plan is shared and reviewed: never a whole secret
	p := report.NewPlan(rep)
	if opts.Output != "" {
		if err := atomicfile.Write(opts.Output, 0o644, func(w io.Writer) error { return report.WritePlan(w, p) }); err != nil {
			return fmt.Errorf("--output: %w", err)
		}
	}
	return report.WritePlanText(s.Out, p)
}
