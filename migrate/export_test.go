package migrate

import (
	"context"

	"github.com/patmigrate/patmigrate/dbtcloud"
	"github.com/patmigrate/patmigrate/report"
	"github.com/patmigrate/patmigrate/secret"
)

// DryRunListing is a dry run of p that knows what a real run knows when it
// decides: it sends the real run's lookups (the owner, the token lists;
// never a create or a rotate) and prints, as every dry run does, the
// requests of the whole run. With it a test can check that the requests
// a dry run announces are the ones a real run sends, whatever exists in
// dbt Cloud.
func DryRunListing(ctx context.Context, p *report.Plan, opts Options) ([]Outcome, error) {
	opts.Yes = false
	return apply(ctx, p, opts, func(account int, h dbtcloud.Host, tok secret.Secret, opts Options) (runner, error) {
		c, err := dbtcloud.New(h.BaseURL, tok, opts.HTTP)
		if err != nil {
			return nil, err
		}
		return &listing{
			printer: &printer{account: account, host: h, opts: opts},
			asks:    &sender{c: c, account: account, host: h.Name, opts: opts},
		}, nil
	})
}

// listing is a printer that asks dbt Cloud what it lists.
type listing struct {
	*printer
	asks *sender
}

func (l *listing) findUser(ctx context.Context, email string) (int, error) {
	l.printer.findUser(ctx, email)
	return l.asks.findUser(ctx, email)
}

func (l *listing) listServiceTokens(ctx context.Context) ([]dbtcloud.Token, bool, error) {
	l.printer.listServiceTokens(ctx)
	return l.asks.listServiceTokens(ctx)
}

func (l *listing) listPATs(ctx context.Context, user int) ([]dbtcloud.Token, bool, error) {
	l.printer.listPATs(ctx, user)
	return l.asks.listPATs(ctx, user)
}
