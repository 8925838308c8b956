package migrate

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/patmigrate/patmigrate/dbtcloud"
	"github.com/patmigrate/patmigrate/report"
	"github.com/patmigrate/patmigrate/secret"
)

// sender is the real run of one account: it sends each request through c,
// saves each new secret in opts.Secrets and journals each token it makes.
type sender struct {
	c       *dbtcloud.Client
	account int
	host    string // the host's name, as the journal records it
	opts    Options
}

var _ runner = (*sender)(nil)

func (r *sender) checkCredential(ctx context.Context) error {
	_, err := r.c.GetAccount(ctx, r.account)
	return err
}

func (r *sender) findUser(ctx context.Context, email string) (int, error) {
	users, err := r.c.ListUsers(ctx, r.account)
	if err != nil {
		return 0, fmt.Errorf("looking up %s: %w", email, err)
	}
	for _, u := range users {
		if strings.EqualFold(u.Email, email) {
			return u.ID, nil
		}
	}
	return 0, fmt.Errorf("no user %s in account %d", email, r.account)
}

func (r *sender) listServiceTokens(ctx context.Context) ([]dbtcloud.Token, bool, error) {
	list, err := r.c.ListServiceTokens(ctx, r.account, true)
	return list, true, err
}

func (r *sender) listPATs(ctx context.Context, user int) ([]dbtcloud.Token, bool, error) {
	list, err := r.c.ListPATs(ctx, r.account, user)
	if err != nil {
		return nil, true, err
	}
	// The API lists deleted PATs too.
	var active []dbtcloud.Token
	for _, t := range list {
		if t.State != 2 {
			active = append(active, t)
		}
	}
	return active, true, nil
}

func (r *sender) done(o Outcome) {
	fmt.Fprintf(r.opts.Out, "account %d: %s: %s\n", o.AccountID, o.Site, o.Result)
}

func (r *sender) carryOut(ctx context.Context, user int, s report.PlanSite, d decision, o Outcome) Outcome {
	fail := func(format string, args ...any) Outcome {
		o.Result, o.Failed = "failed: "+fmt.Sprintf(format, args...), true
		return o
	}
	record := func(id int) error {
		return r.opts.Journal.Add(Created{AccountID: r.account, Host: r.host, Site: s.ID, Type: s.Replacement, Name: s.Name, TokenID: id, UserID: user, At: time.Now().UTC()})
	}
	if d.step == stepRecord {
		// An earlier run stopped between saving the secret and the
		// journal: finish its record.
		if err := record(d.tokenID); err != nil {
			return fail("token %d: the journal could not be written: %v", d.tokenID, err)
		}
		o.Result = d.result
		return o
	}

	// Once the request is sent, the token may exist: a Ctrl-C must not
	// cut the run between its creation and the saving of its secret.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
	defer cancel()
	var (
		made  dbtcloud.Token
		value secret.Secret
		err   error
	)
	switch d.step {
	case stepRotatePAT:
		made, value, err = r.c.RotatePAT(ctx, r.account, user, d.tokenID)
	case stepCreatePAT:
		made, value, err = r.c.CreatePAT(ctx, r.account, user, s.Name)
	case stepCreateServiceToken:
		made, value, err = r.c.CreateServiceToken(ctx, r.account, s.Name, grants(s))
	default:
		return fail("step %d: not a step that makes a token", d.step)
	}
	if err != nil {
		return fail("%v", err)
	}
	verb := d.step.verb()
	o.TokenID = made.ID
	if value.IsZero() {
		return fail("%s token %d, but dbt Cloud returned no secret: rotate or delete it", verb, made.ID)
	}
	// The secret is written before the journal: a crash between the two
	// leaves a token the next run finds by name (and skips, or rotates),
	// never a journaled token whose secret was lost.
	entry := SecretEntry{AccountID: r.account, Type: s.Replacement, Name: s.Name, TokenID: made.ID}
	if err := r.opts.Secrets.Put(r.account, s.ID, entry, value); err != nil {
		return fail("%s token %d, but its secret could not be saved (%v): rotate or delete it", verb, made.ID, err)
	}
	if err := record(made.ID); err != nil {
		return fail("%s token %d (its secret is saved), but the journal could not be written: %v", verb, made.ID, err)
	}
	o.Result = verb
	return o
}
