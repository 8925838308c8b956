package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/patmigrate/patmigrate/dbtcloud"
	"github.com/patmigrate/patmigrate/migrate"
	"github.com/patmigrate/patmigrate/report"
	"github.com/patmigrate/patmigrate/secret"
)

type applyOptions struct {
	Plan       string
	Yes        bool
	Host       string
	UserID     int
	UserEmail  string
	SecretsOut string
	Rotate     bool
}

func newApplyCmd(s *streams, run func(context.Context, *streams, *applyOptions) error) *cobra.Command {
	opts := &applyOptions{}
	cmd := &cobra.Command{
		Use:   "apply PLAN.yaml",
		Short: "Create the replacement tokens a reviewed plan lists (a dry run unless --yes)",
		Long: `Apply executes a plan written by ` + "`patmigrate plan`" + `: in each account it creates the planned
service tokens and personal access tokens through the dbt Cloud API. Without --yes it prints every
call it would make and makes none.

Each account needs a bootstrap credential that may create tokens there, from PATMIGRATE_TOKEN_<ID>
(the account's id) or PATMIGRATE_TOKEN. PATs belong to the user the plan names (user_id), or
--user-id, or --user-email (looked up in each account, as ids differ per account).

New secrets are written only to --secrets-out (dotenv, or JSON for a .json name; created with mode
0600, refused if others can read it), never printed. Every created token's id (not its secret) is
recorded in PLAN.yaml.journal.json after each creation, so a run cut short and started again creates
nothing twice; a token of the planned name that exists already is skipped, or, with --rotate, given
a new secret if it is a PAT that patmigrate did not make (one whose secret was lost or leaked).

Exit status: 0 everything planned is done (or would be); 1 something failed; 2 usage error.`,
		Example: `  patmigrate apply plan.yaml
  PATMIGRATE_TOKEN_4242=dbtc_... patmigrate apply --yes --user-email alice@example.com --secrets-out new-tokens.env plan.yaml`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Plan = args[0]
			return run(cmd.Context(), s, opts)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.Yes, "yes", false, "create the tokens (without it, print the calls only)")
	f.StringVar(&opts.Host, "host", "", "send every call to this dbt Cloud `URL` instead of the plan's hosts")
	f.IntVar(&opts.UserID, "user-id", 0, "the `ID` of the user who owns the new PATs, where the plan names none")
	f.StringVar(&opts.UserEmail, "user-email", "", "the `EMAIL` of the user who owns the new PATs, looked up in each account")
	f.StringVar(&opts.SecretsOut, "secrets-out", "", "write the new secrets to `FILE` (dotenv, or JSON for .json), mode 0600")
	f.BoolVar(&opts.Rotate, "rotate", false, "rotate a PAT of the planned name that exists, instead of skipping it")
	return cmd
}

func runApply(ctx context.Context, s *streams, opts *applyOptions) error {
	if opts.Host != "" {
		if _, err := dbtcloud.ParseHost(opts.Host); err != nil {
			return usageError("--host: %v", err)
		}
	}
	p, err := report.ReadPlan(opts.Plan)
	if err != nil {
		return usageError("%v", err)
	}
	journal, err := migrate.OpenJournal(migrate.JournalPath(opts.Plan))
	if err != nil {
		return usageError("%v", err)
	}
	mo := migrate.Options{Yes: opts.Yes, Host: opts.Host, UserID: opts.UserID, UserEmail: opts.UserEmail,
		Rotate: opts.Rotate, Journal: journal, Out: s.ErrOut, Token: bootstrapToken}
	if opts.SecretsOut != "" {
		if mo.Secrets, err = migrate.OpenSecrets(opts.SecretsOut); err != nil {
			return usageError("--secrets-out: %v", err)
		}
	}
	if !opts.Yes {
		fmt.Fprintln(s.ErrOut, "Dry run: these are the calls --yes would make. Nothing is sent.")
	}
	out, err := migrate.Apply(ctx, p, mo)
	if err != nil {
		return usageError("%v", err)
	}
	tw := tabwriter.NewWriter(s.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ACCOUNT\tSITE\tTYPE\tNAME\tID\tRESULT")
	for _, o := range out {
		id := "-"
		if o.TokenID != 0 {
			id = strconv.Itoa(o.TokenID)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", o.AccountID, o.Site, o.Type, o.Name, id, o.Result)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if opts.Yes && made(out) && !migrate.Failed(out) {
		fmt.Fprintf(s.ErrOut, "The new secrets are in %s: store each where its site reads it, then delete the file.\n", opts.SecretsOut)
	}
	if migrate.Failed(out) {
		return &exitError{code: exitFindings, err: errors.New("some tokens were not created; see RESULT")}
	}
	return nil
}

// bootstrapToken reads an account's bootstrap credential from the
// environment: the account's own variable first.
func bootstrapToken(account int) (secret.Secret, bool) {
	for _, name := range []string{"PATMIGRATE_TOKEN_" + strconv.Itoa(account), "PATMIGRATE_TOKEN"} {
		if v := os.Getenv(name); v != "" {
			return secret.New(v), true
		}
	}
	return secret.Secret{}, false
}

// made reports whether a run created or rotated any token.
func made(out []migrate.Outcome) bool {
	for _, o := range out {
		if o.Result == "created" || o.Result == "rotated" {
			return true
		}
	}
	return false
}
