package dbtcloud

import (
	"context"
	"errors"
	"net/http"

	"github.com/sourcegraph/conc/pool"

	"github.com/patmigrate/patmigrate/secret"
)

// Verdict is what dbt Cloud says of a credential.
type Verdict string

// The verdicts of Verify.
const (
	Live    Verdict = "live"    // it authenticates: replace it first
	Dead    Verdict = "dead"    // 401: it no longer works
	Unknown Verdict = "unknown" // no answer could tell (network, 429, 5xx, not a dbt host)
)

// Credential is one distinct credential to verify, at one host, and the
// account it was found for (0 when unknown).
type Credential struct {
	ID      string // its secret id (sha256:...), for reports
	Secret  secret.Secret
	Host    string // any form ParseHost takes
	Account int
}

// Result is the verdict on one credential.
type Result struct {
	Credential
	Verdict Verdict
	Reason  string // for unknown, and what the API said otherwise
}

// VerifyOptions bound Verify.
type VerifyOptions struct {
	// HTTP is the client every request uses (nil: DefaultTimeout).
	HTTP *http.Client
	// Allow lists hosts besides dbt Cloud's that may be asked (a proxy, a
	// test server): a credential is never sent anywhere else.
	Allow []string
	// Jobs bounds the requests in flight; 0 means 4.
	Jobs int
}

// Verify asks dbt Cloud whether each credential still works, once per
// credential and host, a few at a time. It reads the account the
// credential was found for, or, with none, the accounts it reaches. Results
// come back in the order of creds.
func Verify(ctx context.Context, creds []Credential, opts VerifyOptions) []Result {
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = 4
	}
	out := make([]Result, len(creds))
	p := pool.New().WithMaxGoroutines(jobs)
	for i, c := range creds {
		p.Go(func() { out[i] = verifyOne(ctx, c, opts) })
	}
	p.Wait()
	return out
}

func verifyOne(ctx context.Context, c Credential, opts VerifyOptions) Result {
	r := Result{Credential: c}
	h, err := ParseHost(c.Host)
	if err != nil {
		r.Verdict, r.Reason = Unknown, err.Error()
		return r
	}
	if !IsDBTHost(h.Name) && !allowed(h.Name, opts.Allow) {
		r.Verdict, r.Reason = Unknown, h.Name+" is not a dbt Cloud host (--allow-host to ask it anyway)"
		return r
	}
	client, err := New(h.BaseURL, c.Secret, opts.HTTP)
	if err != nil {
		r.Verdict, r.Reason = Unknown, err.Error()
		return r
	}
	if c.Account != 0 {
		_, err = client.GetAccount(ctx, c.Account)
	} else {
		_, err = client.ListAccounts(ctx)
	}
	var ae *APIError
	switch {
	case err == nil:
		r.Verdict = Live
	case errors.Is(err, ErrUnauthorized):
		r.Verdict, r.Reason = Dead, "401 Invalid token."
	case errors.As(err, &ae) && (ae.Status == http.StatusForbidden || ae.Status == http.StatusNotFound):
		// Authenticated, only not for that account: it works.
		r.Verdict, r.Reason = Live, "works, but not for this account ("+http.StatusText(ae.Status)+")"
	default:
		r.Verdict, r.Reason = Unknown, err.Error()
	}
	return r
}

func allowed(h string, list []string) bool {
	for _, a := range list {
		if ah, err := ParseHost(a); err == nil && ah.Name == h {
			return true
		}
	}
	return false
}

// Urgency orders verdicts for a person, most urgent first: live (replace
// and revoke it), unknown (find out), dead.
func (v Verdict) Urgency() int {
	switch v {
	case Live:
		return 0
	case Unknown:
		return 1
	}
	return 2
}
