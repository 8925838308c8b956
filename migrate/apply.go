// Package migrate carries out a migration plan: it creates, through the
// dbt Cloud API, the personal access tokens and service tokens the plan
// lists, exactly once each.
package migrate

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/patmigrate/patmigrate/dbtcloud"
	"github.com/patmigrate/patmigrate/report"
	"github.com/patmigrate/patmigrate/secret"
)

// Options configure Apply.
type Options struct {
	// Yes creates tokens; without it Apply only prints the calls it would
	// make, and makes none.
	Yes bool
	// Host, when set, replaces every account's host (a proxy, a
	// single-tenant URL, a test server). The plan's hosts must be dbt
	// Cloud's: a bootstrap credential is sent nowhere else.
	Host string
	// Token returns the bootstrap credential for an account.
	Token func(account int) (secret.Secret, bool)
	// UserID or UserEmail names the owner of new PATs where the plan does
	// not (user ids differ per account; an email is looked up in each).
	UserID    int
	UserEmail string
	// Rotate rotates a PAT that exists already instead of skipping it.
	Rotate bool
	// Journal and Secrets record the run; both are required with Yes.
	Journal *Journal
	Secrets *Secrets
	// HTTP is the client of every request (nil: dbtcloud's default).
	HTTP *http.Client
	// Out receives the dry run's calls and progress lines.
	Out io.Writer
}

// Outcome is what became of one site of the plan.
type Outcome struct {
	AccountID int
	Site      string
	Type      string
	Name      string
	TokenID   int
	Result    string // created, rotated, skipped: ..., would create, failed: ...
	Failed    bool
}

// Apply carries out p, account by account, and returns an outcome per
// site. Accounts are independent: one whose bootstrap credential fails
// gets failed outcomes and the others proceed. Sites are done one at a
// time, each recorded before the next begins, so a cancelled run stops
// between two and a new run finishes the rest.
func Apply(ctx context.Context, p *report.Plan, opts Options) ([]Outcome, error) {
	switch {
	case opts.Yes && opts.Secrets == nil:
		return nil, ErrNoSecretsFile
	case opts.Journal == nil:
		return nil, errors.New("migrate: Apply needs a journal")
	case opts.Token == nil:
		return nil, errors.New("migrate: Apply needs Options.Token")
	}
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	var out []Outcome
	for _, a := range p.Accounts {
		out = append(out, applyAccount(ctx, a, opts)...)
	}
	return out, nil
}

// sites lists the account's planned sites.
func sites(a report.PlanAccount) []report.PlanSite {
	var s []report.PlanSite
	for _, c := range a.Legacy {
		s = append(s, c.Sites...)
	}
	return s
}

func applyAccount(ctx context.Context, a report.PlanAccount, opts Options) []Outcome {
	planned := sites(a)
	if len(planned) == 0 {
		return nil
	}
	fail := func(format string, args ...any) []Outcome {
		msg := fmt.Sprintf(format, args...)
		out := make([]Outcome, len(planned))
		for i, s := range planned {
			out[i] = Outcome{AccountID: a.AccountID, Site: s.ID, Type: s.Replacement, Name: s.Name, Result: "failed: " + msg, Failed: true}
		}
		return out
	}
	if a.AccountID == 0 {
		return fail("the plan does not know this account's id: fill in account_id")
	}
	host := cmp.Or(opts.Host, a.Host, dbtcloud.DefaultHost)
	h, err := dbtcloud.ParseHost(host)
	if err != nil {
		return fail("%v", err)
	}
	if opts.Host == "" && !dbtcloud.IsDBTHost(h.Name) {
		return fail("%s is not a dbt Cloud host; pass --host to send the credential there", h.Name)
	}
	tok, ok := opts.Token(a.AccountID)
	if !ok {
		return fail("no bootstrap credential: set PATMIGRATE_TOKEN_%d (or PATMIGRATE_TOKEN) to a token that may create tokens in account %d", a.AccountID, a.AccountID)
	}
	userID := cmp.Or(a.UserID, opts.UserID)
	need := kinds(planned)
	if need.pats && userID == 0 && opts.UserEmail == "" {
		return fail("the PATs need an owner: set user_id in the plan, or pass --user-id or --user-email")
	}
	if !opts.Yes {
		return dryRun(a, h, planned, need, userID, opts)
	}

	c, err := dbtcloud.New(h.BaseURL, tok, opts.HTTP)
	if err != nil {
		return fail("%v", err)
	}
	if _, err := c.GetAccount(ctx, a.AccountID); err != nil {
		if ctx.Err() != nil {
			return fail("interrupted before anything was sent")
		}
		return fail("the bootstrap credential: %v", err)
	}
	if need.pats && userID == 0 {
		if userID, err = findUser(ctx, c, a.AccountID, opts.UserEmail); err != nil {
			return fail("%v", err)
		}
	}
	existing, err := listExisting(ctx, c, a.AccountID, userID, need)
	if err != nil {
		return fail("listing existing tokens: %v", err)
	}
	var out []Outcome
	for _, s := range planned {
		if ctx.Err() != nil {
			out = append(out, Outcome{AccountID: a.AccountID, Site: s.ID, Type: s.Replacement, Name: s.Name, Result: "not done: interrupted", Failed: true})
			continue
		}
		o := applySite(ctx, c, a.AccountID, h.Name, userID, s, existing, opts)
		fmt.Fprintf(opts.Out, "account %d: %s: %s\n", a.AccountID, s.ID, o.Result)
		out = append(out, o)
	}
	return out
}

// existing holds an account's tokens by kind and name.
type existing map[string]map[string]dbtcloud.Token

// needs says which kinds of token an account's sites need.
type needs struct{ pats, services bool }

func kinds(planned []report.PlanSite) needs {
	var n needs
	for _, s := range planned {
		n.pats = n.pats || s.Replacement == report.PAT
		n.services = n.services || s.Replacement == report.ServiceToken
	}
	return n
}

func listExisting(ctx context.Context, c *dbtcloud.Client, account, user int, need needs) (existing, error) {
	e := existing{report.PAT: {}, report.ServiceToken: {}}
	if need.services {
		list, err := c.ListServiceTokens(ctx, account, true)
		if err != nil {
			return nil, err
		}
		for _, t := range list {
			e[report.ServiceToken][t.Name] = t
		}
	}
	if need.pats {
		list, err := c.ListPATs(ctx, account, user)
		if err != nil {
			return nil, err
		}
		for _, t := range list {
			if t.State != 2 {
				e[report.PAT][t.Name] = t
			}
		}
	}
	return e, nil
}

func applySite(ctx context.Context, c *dbtcloud.Client, account int, host string, user int, s report.PlanSite, have existing, opts Options) Outcome {
	o := Outcome{AccountID: account, Site: s.ID, Type: s.Replacement, Name: s.Name}
	fail := func(format string, args ...any) Outcome {
		o.Result, o.Failed = "failed: "+fmt.Sprintf(format, args...), true
		return o
	}
	d := decide(account, host, s, have, opts)
	o.TokenID = d.tokenID
	switch d.step {
	case stepFail:
		o.Result, o.Failed = d.result, true
		return o
	case stepSkip:
		o.Result = d.result
		return o
	case stepRecord:
		// An earlier run stopped between saving the secret and the
		// journal: finish its record.
		rec := Created{AccountID: account, Host: host, Site: s.ID, Type: s.Replacement, Name: s.Name, TokenID: d.tokenID, UserID: user, At: time.Now().UTC()}
		if err := opts.Journal.Add(rec); err != nil {
			return fail("token %d: the journal could not be written: %v", d.tokenID, err)
		}
		o.Result = d.result
		return o
	}
	if err := opts.Secrets.Free(account, s.ID, d.tokenID); err != nil {
		return fail("%v", err)
	}

	// Once the request is sent, the token may exist: a Ctrl-C must not
	// cut the run between its creation and the saving of its secret.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
	defer cancel()
	var (
		created dbtcloud.Token
		value   secret.Secret
		err     error
		verb    = "created"
	)
	switch {
	case d.step == stepRotate:
		created, value, err = c.RotatePAT(ctx, account, user, d.tokenID)
		verb = "rotated"
	case s.Replacement == report.PAT:
		created, value, err = c.CreatePAT(ctx, account, user, s.Name)
	default:
		created, value, err = c.CreateServiceToken(ctx, account, s.Name, []dbtcloud.Grant{{PermissionSet: s.PermissionSet, ProjectID: s.ProjectID}})
	}
	if err != nil {
		return fail("%v", err)
	}
	o.TokenID = created.ID
	if value.IsZero() {
		return fail("%s token %d, but dbt Cloud returned no secret: rotate or delete it", verb, created.ID)
	}
	// The secret is written before the journal: a crash between the two
	// leaves a token the next run finds by name (and skips, or rotates),
	// never a journaled token whose secret was lost.
	entry := SecretEntry{AccountID: account, Type: s.Replacement, Name: s.Name, TokenID: created.ID}
	if err := opts.Secrets.Put(account, s.ID, entry, value); err != nil {
		return fail("%s token %d, but its secret could not be saved (%v): rotate or delete it", verb, created.ID, err)
	}
	rec := Created{AccountID: account, Host: host, Site: s.ID, Type: s.Replacement, Name: s.Name, TokenID: created.ID, UserID: user, At: time.Now().UTC()}
	if err := opts.Journal.Add(rec); err != nil {
		return fail("%s token %d (its secret is saved), but the journal could not be written: %v", verb, created.ID, err)
	}
	o.Result = verb
	return o
}

func findUser(ctx context.Context, c *dbtcloud.Client, account int, email string) (int, error) {
	users, err := c.ListUsers(ctx, account)
	if err != nil {
		return 0, fmt.Errorf("looking up %s: %w", email, err)
	}
	for _, u := range users {
		if strings.EqualFold(u.Email, email) {
			return u.ID, nil
		}
	}
	return 0, fmt.Errorf("no user %s in account %d", email, account)
}

// Failed reports whether any outcome failed.
func Failed(out []Outcome) bool {
	for _, o := range out {
		if o.Failed {
			return true
		}
	}
	return false
}

// ErrNoSecretsFile is returned by a real run without a secrets file.
var ErrNoSecretsFile = errors.New("--secrets-out FILE is required with --yes: a new token's secret is shown once, and patmigrate writes it only there")
