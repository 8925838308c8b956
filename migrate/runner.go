package migrate

import (
	"context"

	"github.com/patmigrate/patmigrate/dbtcloud"
	"github.com/patmigrate/patmigrate/report"
	"github.com/patmigrate/patmigrate/secret"
)

// runner carries out one account's part of a run, one request at a time,
// as applyAccount directs it: the real run's (sender) sends each request
// and records what it makes, the dry run's (printer) prints each request
// and sends nothing. One driver for both, and one decide, are why the dry
// run shows the requests a real run sends, in the order it sends them.
type runner interface {
	// checkCredential reads the account with the bootstrap credential, so
	// that one that cannot is refused before anything is made.
	checkCredential(ctx context.Context) error
	// findUser returns the id of the account's user with email, 0 when it
	// cannot be known without asking.
	findUser(ctx context.Context, email string) (int, error)
	// listServiceTokens and listPATs return the account's active service
	// tokens and user's active PATs; known is false when they cannot be
	// known without asking.
	listServiceTokens(ctx context.Context) (list []dbtcloud.Token, known bool, err error)
	listPATs(ctx context.Context, user int) (list []dbtcloud.Token, known bool, err error)
	// carryOut completes o, site s's outcome, by doing what d says: record,
	// create or rotate (never fail or skip, which applyAccount settles).
	carryOut(ctx context.Context, user int, s report.PlanSite, d decision, o Outcome) Outcome
	// done is told each site's outcome as the run goes.
	done(o Outcome)
}

// runnerFunc makes the runner of account on host h with the bootstrap
// credential tok.
type runnerFunc func(account int, h dbtcloud.Host, tok secret.Secret, opts Options) (runner, error)

// newRunner makes a sender with opts.Yes, else a printer.
func newRunner(account int, h dbtcloud.Host, tok secret.Secret, opts Options) (runner, error) {
	if !opts.Yes {
		return &printer{account: account, host: h, opts: opts}, nil
	}
	c, err := dbtcloud.New(h.BaseURL, tok, opts.HTTP)
	if err != nil {
		return nil, err
	}
	return &sender{c: c, account: account, host: h.Name, opts: opts}, nil
}
