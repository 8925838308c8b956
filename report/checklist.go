package report

import (
	"cmp"
	"slices"

	"github.com/patmigrate/patmigrate/rules"
)

// Checklist is the report regrouped for a person: per dbt Cloud account,
// the credentials to replace (each with every place it is used), the
// cross-account and legacy calls to rewrite, and the references to review.
// It is built once by NewChecklist and read by every human-facing renderer.
type Checklist struct {
	// Suppressions are those the reviewed change adds (suppression-added):
	// they belong to no account, and a reviewer reads them first.
	Suppressions []Finding
	// Unscanned are the files a gate did not read for their size
	// (not-scanned): no account either, and read before the accounts.
	Unscanned []Finding
	Accounts  []*AccountGroup
	Counts    map[rules.Kind]int
	Errors    []Error
	Targets   []Target
}

// AccountGroup is what one account (AccountID and Host, either possibly
// unknown) needs.
type AccountGroup struct {
	AccountID, Host string
	Credentials     []*Credential
	Calls           []Finding // cross-account-call and legacy-endpoint
	References      []Finding
}

// Credential is one found credential (by SecretID) in one account.
type Credential struct {
	SecretID string
	Secret   string // as in the report: redacted unless --show-secrets
	Kind     rules.Kind
	Severity rules.Severity
	Sites    []Site
}

// Site is one place a credential is used, with its recommended replacement.
type Site struct {
	Finding
	Replacement Replacement
}

// Label names the account for headings.
func (g *AccountGroup) Label() string {
	switch {
	case g.AccountID != "" && g.Host != "":
		return "Account " + g.AccountID + " (" + g.Host + ")"
	case g.AccountID != "":
		return "Account " + g.AccountID
	case g.Host != "":
		return "Unknown account on " + g.Host
	}
	return "Unknown account"
}

// NewChecklist groups r's findings. Accounts are ordered known first, by
// id; credentials by severity, then by first site; all output is stable.
func NewChecklist(r *Report) *Checklist {
	c := &Checklist{Counts: map[rules.Kind]int{}, Errors: r.Errors, Targets: r.Targets}
	type acctKey struct{ id, host string }
	groups := map[acctKey]*AccountGroup{}
	creds := map[string]*Credential{}
	for _, f := range r.Findings {
		c.Counts[f.Kind]++
		switch f.Kind {
		case rules.SuppressionAdded:
			c.Suppressions = append(c.Suppressions, f)
			continue
		case rules.NotScanned:
			c.Unscanned = append(c.Unscanned, f)
			continue
		}
		k := acctKey{f.AccountID, f.Host}
		g := groups[k]
		if g == nil {
			g = &AccountGroup{AccountID: f.AccountID, Host: f.Host}
			groups[k] = g
			c.Accounts = append(c.Accounts, g)
		}
		switch {
		case f.Kind.NeedsSecret():
			ck := f.AccountID + "\x00" + f.Host + "\x00" + f.SecretID
			cr := creds[ck]
			if cr == nil {
				cr = &Credential{SecretID: f.SecretID, Secret: f.Secret, Kind: f.Kind, Severity: f.Severity}
				creds[ck] = cr
				g.Credentials = append(g.Credentials, cr)
			}
			if f.Severity.Rank() > cr.Severity.Rank() {
				cr.Severity = f.Severity
			}
			cr.Sites = append(cr.Sites, Site{Finding: f, Replacement: Advise(f.Usage)})
		case f.Kind == rules.CredentialReference:
			g.References = append(g.References, f)
		default:
			g.Calls = append(g.Calls, f)
		}
	}
	slices.SortStableFunc(c.Accounts, func(a, b *AccountGroup) int {
		if (a.AccountID == "") != (b.AccountID == "") {
			if a.AccountID == "" {
				return 1
			}
			return -1
		}
		if len(a.AccountID) != len(b.AccountID) {
			return len(a.AccountID) - len(b.AccountID) // numeric order for digit strings
		}
		return cmp.Or(cmp.Compare(a.AccountID, b.AccountID), cmp.Compare(a.Host, b.Host))
	})
	for _, g := range c.Accounts {
		slices.SortStableFunc(g.Credentials, func(a, b *Credential) int {
			return cmp.Or(b.Severity.Rank()-a.Severity.Rank(), kindRank(a.Kind)-kindRank(b.Kind))
		})
	}
	return c
}

func kindRank(k rules.Kind) int { return slices.Index(rules.Kinds(), k) }
