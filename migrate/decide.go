package migrate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/patmigrate/patmigrate/dbtcloud"
	"github.com/patmigrate/patmigrate/report"
)

// step is what apply does for one site.
type step int

const (
	stepCreate step = iota // create the site's token
	stepRotate             // replace the secret of the PAT that exists (--rotate)
	stepSkip               // nothing to do: result says why
	stepRecord             // an earlier run made it and saved its secret: journal it
	stepFail               // a conflict a person must resolve: result says what
)

// decision is what apply does for one site, and why.
type decision struct {
	step    step
	tokenID int    // the token it is about, when one exists
	result  string // the outcome, for skip, record and fail
}

// decide chooses what to do for site s of account on host. The real run and
// the dry run both ask it, so what the dry run shows is what a real run
// does. have holds the account's tokens that dbt Cloud lists; it is nil in
// a dry run, which asks dbt Cloud nothing and knows only the journal.
func decide(account int, host string, s report.PlanSite, have existing, opts Options) decision {
	prev, journaled := opts.Journal.Lookup(account, s.ID)
	if journaled && (prev.Type != s.Replacement || prev.Name != s.Name || prev.Host != host) {
		// The plan was edited after a run made this site's token: which
		// of the two the person wants cannot be guessed.
		return decision{step: stepFail, result: fmt.Sprintf("failed: an earlier run made %s %q (id %d) on %s for this site, and the plan now says %s %q on %s: delete that token or restore the plan, and remove its line from the journal",
			prev.Type, prev.Name, prev.TokenID, prev.Host, s.Replacement, s.Name, host)}
	}
	if have == nil {
		if journaled {
			return decision{step: stepSkip, tokenID: prev.TokenID, result: "skipped: created by an earlier run (journal)"}
		}
		return decision{step: stepCreate}
	}
	tok, exists := have[s.Replacement][s.Name]
	switch {
	case journaled && !exists:
		// Created by an earlier run and since deleted or renamed in dbt
		// Cloud: a person acted on it; do not undo that.
		return decision{step: stepSkip, tokenID: prev.TokenID, result: "skipped: created by an earlier run (journal), no longer listed in dbt Cloud"}
	case !exists:
		return decision{step: stepCreate}
	case journaled && prev.TokenID == tok.ID:
		// This tool made it and saved its secret: --rotate is for tokens
		// whose secret was lost or leaked, not for these.
		return decision{step: stepSkip, tokenID: tok.ID, result: "skipped: created by an earlier run (journal)"}
	case !journaled && opts.Secrets.Holds(account, s.ID, tok.ID):
		return decision{step: stepRecord, tokenID: tok.ID, result: "skipped: created by an earlier run (its secret is in the secrets file)"}
	case s.Replacement == report.PAT && opts.Rotate:
		return decision{step: stepRotate, tokenID: tok.ID}
	case s.Replacement == report.PAT:
		return decision{step: stepSkip, tokenID: tok.ID, result: "skipped: a PAT of this name exists; --rotate to replace its secret"}
	}
	return decision{step: stepSkip, tokenID: tok.ID, result: "skipped: a service token of this name exists; service tokens cannot be rotated, delete it in dbt Cloud to create it again"}
}

// dryRun prints the requests a real run would send, in order, with the
// decision for each site, and sends none. The requests are dbtcloud's own
// (dbtcloud.*Request), the decisions decide's.
func dryRun(a report.PlanAccount, h dbtcloud.Host, planned []report.PlanSite, need needs, userID int, opts Options) []Outcome {
	w := opts.Out
	show := func(r dbtcloud.Request, note string) {
		path := r.Path
		if r.List {
			path = r.FirstPage() + " ..."
		}
		if userID == 0 {
			// The owner is looked up first: its id is not known yet.
			path = strings.Replace(path, "/users/0/", "/users/{user_id}/", 1)
		}
		line := fmt.Sprintf("  %-4s %s%s", r.Method, strings.TrimSuffix(h.BaseURL, "/"), path)
		if r.Body != nil {
			line += "  " + bodyText(r.Body)
		}
		if note != "" {
			line += "  (" + note + ")"
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "account %d on %s:\n", a.AccountID, h.Name)
	show(dbtcloud.GetAccountRequest(a.AccountID), "check the bootstrap credential")
	if need.pats && userID == 0 {
		show(dbtcloud.ListUsersRequest(a.AccountID), "every page; find "+opts.UserEmail)
	}
	if need.services {
		show(dbtcloud.ListServiceTokensRequest(a.AccountID, true), "every page; skip those that exist")
	}
	if need.pats {
		show(dbtcloud.ListPATsRequest(a.AccountID, userID), "every page; skip those that exist")
	}
	var out []Outcome
	for _, s := range planned {
		o := Outcome{AccountID: a.AccountID, Site: s.ID, Type: s.Replacement, Name: s.Name}
		d := decide(a.AccountID, h.Name, s, nil, opts)
		o.TokenID, o.Result, o.Failed = d.tokenID, d.result, d.step == stepFail
		if d.step == stepCreate {
			o.Result = "would create"
			show(createRequest(a.AccountID, userID, s), "")
		}
		out = append(out, o)
	}
	return out
}

// createRequest is the request that creates site s's token.
func createRequest(account, user int, s report.PlanSite) dbtcloud.Request {
	if s.Replacement == report.PAT {
		return dbtcloud.CreatePATRequest(account, user, s.Name)
	}
	return dbtcloud.CreateServiceTokenRequest(account, s.Name, []dbtcloud.Grant{{PermissionSet: s.PermissionSet, ProjectID: s.ProjectID}})
}

// bodyText is a request body as it is sent, JSON, with a space after each
// colon and comma for reading.
func bodyText(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprintf("(%v)", err)
	}
	var b strings.Builder
	in, esc := false, false
	for _, c := range bytes.TrimSpace(buf.Bytes()) {
		b.WriteByte(c)
		switch {
		case esc:
			esc = false
		case in && c == '\\':
			esc = true
		case c == '"':
			in = !in
		case !in && (c == ':' || c == ','):
			b.WriteByte(' ')
		}
	}
	return b.String()
}
