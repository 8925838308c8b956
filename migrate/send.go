package migrate

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/patmigrate/patmigrate/dbtcloud"
	"github.com/patmigrate/patmigrate/internal/dbt"
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
	// From here a token exists: a secret that is missing, malformed or not
	// saved stops the whole run, so that no more tokens are made without
	// their secrets, and the outcome says how to undo this one.
	halt := func(why string) Outcome {
		o = fail("%s token %d (%q), but %s; %s", verb, made.ID, s.Name, why, r.undo(ctx, user, d.step, made.ID))
		o.halt = true
		return o
	}
	if value.IsZero() {
		return halt("dbt Cloud returned no secret")
	}
	if err := tokenShape(d.step, value); err != nil {
		return halt(err.Error() + ", so it was not saved")
	}
	// The secret is written before the journal: a crash between the two
	// leaves a token the next run finds by name (and skips, or rotates),
	// never a journaled token whose secret was lost.
	entry := SecretEntry{AccountID: r.account, Type: s.Replacement, Name: s.Name, TokenID: made.ID}
	if err := r.opts.Secrets.Put(r.account, s.ID, entry, value); err != nil {
		return halt(fmt.Sprintf("its secret could not be saved (%v)", err))
	}
	if err := record(made.ID); err != nil {
		return fail("%s token %d (its secret is saved), but the journal could not be written: %v", verb, made.ID, err)
	}
	o.Result = verb
	return o
}

// undo deletes a new PAT whose secret is lost, or says how to be rid of
// the token: a service token the API cannot delete here, or a PAT whose
// deletion failed.
func (r *sender) undo(ctx context.Context, user int, st step, id int) string {
	if st == stepCreatePAT {
		if err := r.c.DeletePAT(ctx, r.account, user, id); err == nil {
			return "it was deleted again"
		}
		return "delete it in dbt Cloud (Account settings, Personal tokens) or rotate it with apply --rotate"
	}
	if st == stepRotatePAT {
		return "rotate it again with apply --rotate, or delete it in dbt Cloud (Account settings, Personal tokens)"
	}
	return "deactivate it in dbt Cloud (Account settings, Service tokens), then run apply again"
}

// tokenShape checks a new secret against the documented shape of what was
// made (DBT-CLOUD-FACTS §1): the kind's prefix, then token characters
// only. The length is checked loosely, 32 to 128 characters after the
// prefix (50 are observed, not documented): a longer value, a newline or
// a second KEY=value in it is a server's doing, never saved.
func tokenShape(st step, v secret.Secret) error {
	prefix, kind := dbt.ServiceTokenPrefix, "service token"
	if st == stepCreatePAT || st == stepRotatePAT {
		prefix, kind = dbt.PATPrefix, "personal access token"
	}
	body, ok := strings.CutPrefix(v.Reveal(), prefix)
	valid := ok && len(body) >= 32 && len(body) <= 128 && !strings.ContainsFunc(body, func(r rune) bool {
		return !('0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == '_' || r == '-')
	})
	if !valid {
		return fmt.Errorf("the secret dbt Cloud returned is not a %s (%s followed by 32 to 128 of [A-Za-z0-9_-]; it has %d characters)", kind, prefix, len(v.Reveal()))
	}
	return nil
}
