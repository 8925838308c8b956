package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/patmigrate/patmigrate/envcheck"
	"github.com/patmigrate/patmigrate/report"
)

type checkEnvOptions struct {
	Vars           []string
	DBTCloudConfig string
	Format         string
	// Env returns the environment as KEY=VALUE entries; UserHomeDir finds
	// the default dbt_cloud.yml. They default to os.Environ and
	// os.UserHomeDir; tests replace them.
	Env         func() []string
	UserHomeDir func() (string, error)
}

func newCheckEnvCmd(s *streams, run func(*streams, *checkEnvOptions) error) *cobra.Command {
	opts := &checkEnvOptions{Env: os.Environ, UserHomeDir: os.UserHomeDir}
	cmd := &cobra.Command{
		Use:   "check-env",
		Short: "Check the dbt Cloud credentials in the environment and dbt_cloud.yml for legacy user API keys",
		Long: `check-env classifies, by shape alone, the value of every environment variable known to hold a
dbt Cloud credential (DBT_CLOUD_TOKEN, DBT_CLOUD_API_KEY, DBT_CLOUD_API_TOKEN, DBT_CLOUD_SERVICE_TOKEN,
DBT_API_KEY, DBT_TOKEN, TF_VAR_dbt_cloud_token, TF_VAR_dbt_token, TF_VAR_dbt_api_token, and Airflow
dbt Cloud connections such as AIRFLOW_CONN_DBT_CLOUD_DEFAULT) plus each --var NAME, as a legacy user
API key, personal access token (pat), service token, empty or unrecognised. It never prints a value.
In CI it catches keys kept in secret stores that no repository scan can see.

It also checks the dbt Cloud CLI configuration: --dbt-cloud-config FILE, else ~/.dbt/dbt_cloud.yml
if it exists. A legacy api-key entry, or a token-value shaped like a legacy key, fails.

Exit status: 0 no legacy user API key; 1 a variable or dbt_cloud.yml entry holds one; 2 usage error
or a dbt_cloud.yml that cannot be read.`,
		Example: `  patmigrate check-env
  patmigrate check-env --var MY_DBT_SECRET --var ANOTHER_SECRET
  patmigrate check-env --dbt-cloud-config ./dbt_cloud.yml --format json`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return run(s, opts)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&opts.Vars, "var", nil, "also check the environment variable `NAME` (repeatable)")
	f.StringVar(&opts.DBTCloudConfig, "dbt-cloud-config", "", "check the dbt Cloud CLI configuration `FILE` (default ~/.dbt/dbt_cloud.yml if it exists)")
	f.StringVarP(&opts.Format, "format", "f", "text", "output format: text or json")
	return cmd
}

// checkEnvReport is check-env's JSON output.
type checkEnvReport struct {
	Variables []envcheck.Result       `json:"variables"`
	Config    []envcheck.ConfigResult `json:"dbt_cloud_config"`
	Legacy    int                     `json:"legacy"`
}

func runCheckEnv(s *streams, opts *checkEnvOptions) error {
	if opts.Format != "text" && opts.Format != "json" {
		return usageError("--format: unknown format %q (want text or json)", opts.Format)
	}
	for i, name := range opts.Vars {
		if name == "" || strings.ContainsAny(name, "= ") {
			// The argument is not echoed: "NAME=value" is an easy slip, and
			// the value may be the very secret.
			return usageError("--var: argument %d is not an environment variable name (letters, digits and _; give the name only, not NAME=value)", i+1)
		}
	}
	config, err := checkDBTCloudConfig(opts)
	if err != nil {
		return err
	}
	rep := checkEnvReport{
		Variables: envcheck.Check(envcheck.FromEnviron(opts.Env()), opts.Vars),
		Config:    config,
	}
	for _, r := range rep.Variables {
		if r.Shape == envcheck.ShapeLegacyUserKey {
			rep.Legacy++
		}
	}
	for _, r := range rep.Config {
		if r.Legacy {
			rep.Legacy++
		}
	}
	if opts.Format == "json" {
		if rep.Variables == nil {
			rep.Variables = []envcheck.Result{}
		}
		if rep.Config == nil {
			rep.Config = []envcheck.ConfigResult{}
		}
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		err = enc.Encode(rep)
	} else {
		err = renderCheckEnv(s, rep)
	}
	if err != nil {
		return err
	}
	if rep.Legacy > 0 {
		return &exitError{code: exitFindings, err: fmt.Errorf("check-env: %s found", report.Plural(rep.Legacy, "legacy dbt Cloud user API key", "legacy dbt Cloud user API keys"))}
	}
	return nil
}

// checkDBTCloudConfig checks the configuration named by --dbt-cloud-config,
// else the default one if it exists.
func checkDBTCloudConfig(opts *checkEnvOptions) ([]envcheck.ConfigResult, error) {
	path, explicit := opts.DBTCloudConfig, opts.DBTCloudConfig != ""
	if !explicit {
		home, err := opts.UserHomeDir()
		if err != nil {
			return nil, nil // no home, no default configuration
		}
		path = filepath.Join(home, ".dbt", "dbt_cloud.yml")
	}
	results, err := envcheck.CheckConfig(path)
	if err != nil {
		if !explicit && errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, usageError("--dbt-cloud-config: %v", err)
	}
	return results, nil
}

func renderCheckEnv(s *streams, rep checkEnvReport) error {
	if len(rep.Variables) == 0 && len(rep.Config) == 0 {
		fmt.Fprintln(s.ErrOut, "patmigrate: no dbt Cloud credential variables set and no dbt_cloud.yml found")
		return nil
	}
	tw := tabwriter.NewWriter(s.Out, 0, 4, 2, ' ', 0)
	line := func(name string, shape envcheck.Shape, detail string) {
		if detail == "" { // no trailing padding
			fmt.Fprintf(tw, "%s\t%s\n", name, shape)
		} else {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", name, shape, detail)
		}
	}
	for _, r := range rep.Variables {
		line(r.Name, r.Shape, r.Advice)
	}
	for _, r := range rep.Config {
		detail := r.Advice
		if !r.Legacy {
			detail = strings.TrimSuffix(fmt.Sprintf("project %s, account %s; %s", cmp.Or(r.ProjectID, "unknown"), cmp.Or(r.AccountID, "unknown"), r.Advice), "; ")
		}
		line(fmt.Sprintf("%s:%d", r.Path, r.Line), r.Shape, detail)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if rep.Legacy == 0 {
		fmt.Fprintf(s.ErrOut, "patmigrate: no legacy user API keys in %s and %s\n",
			report.Plural(len(rep.Variables), "variable", "variables"), report.Plural(len(rep.Config), "dbt_cloud.yml entry", "dbt_cloud.yml entries"))
	}
	return nil
}
