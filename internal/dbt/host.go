package dbt

import "strings"

// notAccountHosts are dbt's own sites under its domains that never serve an
// account's API (documentation, the hub, the status page, ...): they appear
// in comments, READMEs and package files beside real hosts, and a
// credential must never be sent to them.
var notAccountHosts = map[string]bool{
	"docs": true, "www": true, "hub": true, "schemas": true, "discourse": true, "community": true,
	"status": true, "learn": true, "support": true, "blog": true, "courses": true, "next": true,
	"help": true, "trust": true, "go": true, "info": true, "email": true, "mail": true, "public": true,
}

// HostName reduces any form a host is configured in (a bare name, a URL with
// a scheme, a port, a path, a query) to the lower-case host name, and maps a
// Discovery API or Semantic Layer host (metadata.cloud.getdbt.com,
// ab123.semantic-layer.us1.dbt.com) to the account host beside it. It does
// not decide whether the result is dbt's: see AccountHost.
func HostName(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if i := strings.Index(h, "://"); i >= 0 {
		h = h[i+3:]
	}
	if i := strings.IndexAny(h, "/:?#"); i >= 0 {
		h = h[:i]
	}
	h = strings.TrimSuffix(h, ".")
	labels := strings.Split(h, ".")
	kept := labels[:0]
	for _, l := range labels {
		if l != "metadata" && l != "semantic-layer" {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, ".")
}

// AccountHost returns the dbt Cloud account host that h names in any form
// HostName takes (cloud.getdbt.com, emea.dbt.com, ab123.us1.dbt.com,
// acme.getdbt.com), or "" when h is not one: another domain, a bare
// getdbt.com or dbt.com, or one of dbt's own sites (docs.getdbt.com).
func AccountHost(h string) string {
	name := HostName(h)
	if !strings.HasSuffix(name, ".getdbt.com") && !strings.HasSuffix(name, ".dbt.com") {
		return ""
	}
	labels := strings.Split(name, ".")
	if len(labels) < 3 || labels[0] == "" || notAccountHosts[labels[0]] {
		return ""
	}
	return name
}
