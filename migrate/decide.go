package migrate

import (
	"fmt"

	"github.com/patmigrate/patmigrate/dbtcloud"
	"github.com/patmigrate/patmigrate/report"
)

// step is what a run does for one site.
type step int

const (
	stepCreateServiceToken step = iota // create the site's service token
	stepCreatePAT                      // create the site's PAT
	stepRotatePAT                      // replace the secret of the PAT that exists (--rotate)
	stepSkip                           // nothing to do: result says why
	stepRecord                         // an earlier run made it and saved its secret: journal it
	stepFail                           // a conflict a person must resolve: result says what
)

// verb is what a step that makes a token did, as an outcome says it.
func (s step) verb() string {
	if s == stepRotatePAT {
		return "rotated"
	}
	return "created"
}

// decision is what a run does for one site, and why.
type decision struct {
	step    step
	tokenID int    // the token it is about, when one exists
	result  string // the outcome, for skip, record and fail
}

// decide chooses what to do for site s of account on host, given what is
// known: the journal, the secrets file, and have, the account's tokens as
// dbt Cloud lists them. The real run and the dry run both ask it, so what
// the dry run shows is what a real run does.
func decide(account int, host string, s report.PlanSite, have existing, opts Options) decision {
	d := choose(account, host, s, have, opts)
	if d.makes() {
		// The new secret needs a place, never over one that may be in use.
		if err := opts.Secrets.Free(account, s.ID, d.tokenID); err != nil {
			return decision{step: stepFail, tokenID: d.tokenID, result: "failed: " + err.Error()}
		}
	}
	return d
}

// choose is decide but for the secrets file's room. A dry run lists
// nothing: for a kind have does not hold, choose assumes dbt Cloud holds
// the token the journal records for the site, and no other of its name.
func choose(account int, host string, s report.PlanSite, have existing, opts Options) decision {
	prev, journaled := opts.Journal.Lookup(account, s.ID)
	if journaled && (prev.Type != s.Replacement || prev.Name != s.Name || prev.Host != host) {
		// The plan was edited after a run made this site's token: which
		// of the two the person wants cannot be guessed.
		return decision{step: stepFail, result: fmt.Sprintf("failed: an earlier run made %s %q (id %d) on %s for this site, and the plan now says %s %q on %s: delete that token or restore the plan, and remove its line from the journal",
			prev.Type, prev.Name, prev.TokenID, prev.Host, s.Replacement, s.Name, host)}
	}
	listed, known := have[s.Replacement]
	tok, exists := listed[s.Name]
	if !known {
		tok, exists = dbtcloud.Token{ID: prev.TokenID, Name: prev.Name}, journaled
	}
	switch {
	case journaled && !exists:
		// Created by an earlier run and since deleted or renamed in dbt
		// Cloud: a person acted on it; do not undo that.
		return decision{step: stepSkip, tokenID: prev.TokenID, result: "skipped: created by an earlier run (journal), no longer listed in dbt Cloud"}
	case !exists && s.Replacement == report.PAT:
		return decision{step: stepCreatePAT}
	case !exists:
		return decision{step: stepCreateServiceToken}
	case journaled && prev.TokenID == tok.ID:
		// This tool made it and saved its secret: --rotate is for tokens
		// whose secret was lost or leaked, not for these.
		return decision{step: stepSkip, tokenID: tok.ID, result: "skipped: created by an earlier run (journal)"}
	case !journaled && opts.Secrets.Holds(account, s.ID, tok.ID):
		return decision{step: stepRecord, tokenID: tok.ID, result: "skipped: created by an earlier run (its secret is in the secrets file)"}
	}
	return ifExists(s.Replacement, tok.ID, opts.Rotate)
}

// makes reports whether d creates or rotates a token.
func (d decision) makes() bool {
	return d.step == stepCreateServiceToken || d.step == stepCreatePAT || d.step == stepRotatePAT
}

// ifExists is what becomes of a site whose token of kind is listed as id
// and was not made by this tool: a PAT is rotated with rotate, else it is
// skipped.
func ifExists(kind string, id int, rotate bool) decision {
	switch {
	case kind == report.PAT && rotate:
		return decision{step: stepRotatePAT, tokenID: id}
	case kind == report.PAT:
		return decision{step: stepSkip, tokenID: id, result: "skipped: a PAT of this name exists; --rotate to replace its secret"}
	}
	return decision{step: stepSkip, tokenID: id, result: "skipped: a service token of this name exists; service tokens cannot be rotated, delete it in dbt Cloud to create it again"}
}

// grants are the permission grants of site s's service token.
func grants(s report.PlanSite) []dbtcloud.Grant {
	return []dbtcloud.Grant{{PermissionSet: s.PermissionSet, ProjectID: s.ProjectID}}
}
