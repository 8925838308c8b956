package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// fallbackVersion is reported by builds that carry no module version
// (go run, go build in a checkout).
const fallbackVersion = "0.1.0-dev"

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return fallbackVersion
}

func newRootCmd(s *streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "patmigrate",
		Short: "Find legacy dbt Cloud user API keys and plan their replacement",
		Long: `patmigrate scans repositories for deprecated dbt Cloud user API keys, exposed personal
access tokens and service tokens, secret references to review, and calls to the cross-account
endpoints whose behaviour changed with account-scoped tokens. It prints a migration checklist
grouped per dbt Cloud account.`,
		Example: `  patmigrate scan .
  patmigrate scan --format markdown --output checklist.md ~/src/data-platform
  patmigrate scan --format json --output report.json . && patmigrate report report.json --format markdown`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.ErrOut)
	root.AddCommand(newScanCmd(s, runScan), newReportCmd(s, runReport), newRulesCmd(s, listRules, testRules), newHookCmd(s, installHook, uninstallHook), newBaselineCmd(s, createBaseline), newIgnoreCmd(s, addIgnore), newCheckEnvCmd(s, runCheckEnv), newVerifyCmd(s, runVerify), newPlanCmd(s, runPlan), newApplyCmd(s, runApply), newVersionCmd(s))
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &exitError{code: exitUsage, err: err}
	})
	return root
}

func newVersionCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the version",
		Example: "  patmigrate version",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(s.Out, "patmigrate %s\n", version())
			return err
		},
	}
}
