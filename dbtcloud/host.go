// Package dbtcloud is a client of the dbt Cloud Admin API for what a
// migration needs: whether a credential still works, the accounts and users
// it reaches, and creating, rotating and deleting personal access tokens and
// service tokens (DBT-CLOUD-FACTS §4). It knows nothing about scanning.
//
// A Client talks to one host with one credential. Requests carry
// "Authorization: Token ...", answers are the API's envelope decoded into
// typed results, and failures are *APIError values whose messages name the
// account and host and say what to do, never the credential. Requests are
// retried with exponential backoff and jitter on 408, 429 and 5xx,
// honouring Retry-After, within a bounded count and time.
package dbtcloud

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/patmigrate/patmigrate/internal/dbt"
)

// DefaultHost is the host assumed for a credential or account found
// without one: the original multi-tenant host, where most legacy keys were
// issued.
const DefaultHost = "cloud.getdbt.com"

// Host is a dbt Cloud account host and the base URL of its API.
type Host struct {
	Name    string // e.g. cloud.getdbt.com, ab123.us1.dbt.com
	BaseURL string // e.g. https://cloud.getdbt.com
}

// ParseHost accepts every form tools configure a host in (a bare host,
// https://host, https://host/api, a cell or single-tenant host, the
// Discovery or Semantic Layer host) and returns the account host. A loopback
// http:// URL is accepted for tests; any other plain http is refused.
func ParseHost(s string) (Host, error) {
	raw := strings.TrimSpace(s)
	if raw == "" {
		return Host{}, errors.New("empty host")
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return Host{}, fmt.Errorf("host %q: not a host or URL", s)
	}
	name := strings.ToLower(u.Hostname())
	if isLoopback(name) {
		if u.Scheme != "http" && u.Scheme != "https" {
			return Host{}, fmt.Errorf("host %q: scheme %s", s, u.Scheme)
		}
		return Host{Name: u.Host, BaseURL: u.Scheme + "://" + u.Host}, nil
	}
	if u.Scheme != "https" {
		return Host{}, fmt.Errorf("host %q: dbt Cloud is reached over https only", s)
	}
	// The Discovery API and the Semantic Layer live on sibling hosts of
	// the account's: metadata.cloud.getdbt.com, ab123.semantic-layer.us1.dbt.com.
	name = dbt.HostName(name)
	if u.Port() != "" {
		return Host{Name: name + ":" + u.Port(), BaseURL: "https://" + name + ":" + u.Port()}, nil
	}
	return Host{Name: name, BaseURL: "https://" + name}, nil
}

// IsDBTHost reports whether h (a host name, with or without a port) is one
// of dbt Cloud's account hosts: a multi-tenant, cell or single-tenant host
// (§3), never one of dbt's own sites such as docs.getdbt.com. The scanner's
// account attribution uses the same test (package internal/dbt).
func IsDBTHost(h string) bool {
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	return dbt.AccountHost(h) != ""
}

func isLoopback(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
