// Package migrate carries out a migration plan: it creates, through the
// dbt Cloud API, the personal access tokens and service tokens the plan
// lists, exactly once each. A dry run goes through the same steps and the
// same decisions, and prints the requests package dbtcloud would send
// instead of sending them.
package migrate

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"

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
	Result    string // created, rotated, skipped: ..., would create, would rotate, failed: ..., not done: ...
	Failed    bool
	// halt stops the whole run after this site: a token exists whose
	// secret was not saved, and nothing more may be made until a person
	// has seen to it.
	halt bool
}

// Apply carries out p, account by account, and returns an outcome per
// site. Accounts are independent: one whose bootstrap credential fails
// gets failed outcomes and the others proceed. Sites are done one at a
// time, each recorded before the next begins, so a cancelled run stops
// between two and a new run finishes the rest.
func Apply(ctx context.Context, p *report.Plan, opts Options) ([]Outcome, error) {
	return apply(ctx, p, opts, newRunner)
}

// apply is Apply with the runner of each account made by run.
func apply(ctx context.Context, p *report.Plan, opts Options, run runnerFunc) ([]Outcome, error) {
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
	halted := false
	for _, a := range p.Accounts {
		if halted {
			for _, s := range sites(a) {
				out = append(out, Outcome{AccountID: a.AccountID, Site: s.ID, Type: s.Replacement, Name: s.Name, Result: "not done: " + haltReason, Failed: true})
			}
			continue
		}
		res := applyAccount(ctx, a, opts, run)
		out = append(out, res...)
		halted = slices.ContainsFunc(res, func(o Outcome) bool { return o.halt })
	}
	return out, nil
}

// haltReason is the outcome of the sites a halted run did not reach.
const haltReason = "the run stopped at a token whose secret was not saved (see it above); fix that, then run apply again"

// sites lists the account's planned sites.
func sites(a report.PlanAccount) []report.PlanSite {
	var s []report.PlanSite
	for _, c := range a.Legacy {
		s = append(s, c.Sites...)
	}
	return s
}

// applyAccount checks what the plan says of account a and runs it through
// the runner run makes: the real run and the dry run alike.
func applyAccount(ctx context.Context, a report.PlanAccount, opts Options, run runnerFunc) []Outcome {
	planned := sites(a)
	if len(planned) == 0 {
		return nil
	}
	fail := func(format string, args ...any) []Outcome { return failAll(a.AccountID, planned, format, args...) }
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
	if kinds(planned).pats && userID == 0 && opts.UserEmail == "" {
		return fail("the PATs need an owner: set user_id in the plan, or pass --user-id or --user-email")
	}
	r, err := run(a.AccountID, h, tok, opts)
	if err != nil {
		return fail("%v", err)
	}
	return runAccount(ctx, r, a.AccountID, h.Name, userID, planned, opts)
}

// runAccount runs the planned sites of account on host through r: it
// checks the bootstrap credential, looks up the PATs' owner unless user
// (0: unknown) names it, lists the tokens that exist, then decides and
// carries out each site in turn.
func runAccount(ctx context.Context, r runner, account int, host string, user int, planned []report.PlanSite, opts Options) []Outcome {
	fail := func(format string, args ...any) []Outcome { return failAll(account, planned, format, args...) }
	if err := r.checkCredential(ctx); err != nil {
		if ctx.Err() != nil {
			return fail("interrupted before anything was sent")
		}
		return fail("the bootstrap credential: %v", err)
	}
	need := kinds(planned)
	if need.pats && user == 0 {
		var err error
		if user, err = r.findUser(ctx, opts.UserEmail); err != nil {
			return fail("%v", err)
		}
	}
	have, err := listExisting(ctx, r, user, need)
	if err != nil {
		return fail("listing existing tokens: %v", err)
	}
	out := make([]Outcome, 0, len(planned))
	for _, s := range planned {
		o := Outcome{AccountID: account, Site: s.ID, Type: s.Replacement, Name: s.Name}
		if ctx.Err() != nil {
			o.Result, o.Failed = "not done: interrupted", true
			out = append(out, o)
			continue
		}
		d := decide(account, host, s, have, opts)
		o.TokenID = d.tokenID
		switch d.step {
		case stepFail:
			o.Result, o.Failed = d.result, true
		case stepSkip:
			o.Result = d.result
		default:
			o = r.carryOut(ctx, user, s, d, o)
		}
		r.done(o)
		out = append(out, o)
		if o.halt {
			for _, rest := range planned[len(out):] {
				n := Outcome{AccountID: account, Site: rest.ID, Type: rest.Replacement, Name: rest.Name, Result: "not done: " + haltReason, Failed: true}
				r.done(n)
				out = append(out, n)
			}
			break
		}
	}
	return out
}

// failAll is a failed outcome, with the message format makes, for each
// planned site of account.
func failAll(account int, planned []report.PlanSite, format string, args ...any) []Outcome {
	msg := fmt.Sprintf(format, args...)
	out := make([]Outcome, len(planned))
	for i, s := range planned {
		out[i] = Outcome{AccountID: account, Site: s.ID, Type: s.Replacement, Name: s.Name, Result: "failed: " + msg, Failed: true}
	}
	return out
}

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

// existing holds an account's tokens by kind and name; a kind not listed
// (in a dry run, none is) has no entry.
type existing map[string]map[string]dbtcloud.Token

// listExisting lists, through r, the active tokens of the kinds the sites
// need: the service tokens, then user's PATs.
func listExisting(ctx context.Context, r runner, user int, need needs) (existing, error) {
	e := existing{}
	if need.services {
		list, known, err := r.listServiceTokens(ctx)
		if err != nil {
			return nil, err
		}
		e.add(report.ServiceToken, list, known)
	}
	if need.pats {
		list, known, err := r.listPATs(ctx, user)
		if err != nil {
			return nil, err
		}
		e.add(report.PAT, list, known)
	}
	return e, nil
}

// add records list, the tokens of kind, if they are known.
func (e existing) add(kind string, list []dbtcloud.Token, known bool) {
	if !known {
		return
	}
	e[kind] = map[string]dbtcloud.Token{}
	for _, t := range list {
		e[kind][t.Name] = t
	}
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
