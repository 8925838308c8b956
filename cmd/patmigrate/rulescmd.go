package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/patmigrate/patmigrate"
	"github.com/patmigrate/patmigrate/report"
	"github.com/patmigrate/patmigrate/rules"
	"github.com/patmigrate/patmigrate/scanner"
	"github.com/patmigrate/patmigrate/suppress"
)

type rulesOptions struct {
	Files []string // laid over the defaults
}

func newRulesCmd(s *streams, list, test func(*streams, *rulesOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List and test detection rules",
		Example: `  patmigrate rules list
  patmigrate rules test my-rules.yaml`,
	}
	listOpts, testOpts := &rulesOptions{}, &rulesOptions{}
	listCmd := &cobra.Command{
		Use:     "list",
		Short:   "List the rules in effect",
		Example: "  patmigrate rules list\n  patmigrate rules list --rules .patmigrate.yaml",
		Args:    cobra.NoArgs,
		RunE:    func(*cobra.Command, []string) error { return list(s, listOpts) },
	}
	listCmd.Flags().StringArrayVar(&listOpts.Files, "rules", nil, "lay the rules of `FILE` over the defaults (repeatable)")
	testCmd := &cobra.Command{
		Use:   "test [FILE]",
		Short: "Check every rule's match and nomatch examples",
		Long: `Test runs each rule's examples through the scanner: every match example must produce a
finding of its rule and no nomatch example may. With FILE, the rules of FILE are laid over the
defaults and those rules are tested; without, the default rules are.`,
		Example: "  patmigrate rules test\n  patmigrate rules test .patmigrate.yaml",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			testOpts.Files = args
			return test(s, testOpts)
		},
	}
	cmd.AddCommand(listCmd, testCmd)
	return cmd
}

func listRules(s *streams, opts *rulesOptions) error {
	set, _, err := compileRules(opts.Files)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(s.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tSEVERITY\tDESCRIPTION")
	for _, r := range set.Rules() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Kind, r.Severity, r.Description)
	}
	return tw.Flush()
}

func testRules(s *streams, opts *rulesOptions) error {
	set, ids, err := compileRules(opts.Files)
	if err != nil {
		return err
	}
	// As a scan reads them: an example on a line with an inline ignore
	// is silenced there too.
	sc := scanner.New(set, scanner.Options{Silenced: suppress.Silenced})
	min := 2 // the default set's own standard
	if len(opts.Files) > 0 {
		min = 0
	}
	errs := set.Check(sc, min, ids...)
	tested := len(ids)
	if tested == 0 {
		tested = len(set.Rules())
	}
	for _, e := range errs {
		fmt.Fprintln(s.ErrOut, report.Visible(e.Error()))
	}
	if len(errs) > 0 {
		return &exitError{code: exitFindings, err: fmt.Errorf("%d example problems in %d rules", len(errs), tested)}
	}
	fmt.Fprintf(s.Out, "ok: every example of %d rules behaves\n", tested)
	return nil
}

// compileRules loads the defaults with files over them.
func compileRules(files []string) (*rules.Set, []string, error) {
	set, ids, err := rules.Load(patmigrate.DefaultRulesName, patmigrate.DefaultRules(), files...)
	if err != nil {
		return nil, nil, &exitError{code: exitUsage, err: err}
	}
	return set, ids, nil
}
