package dbtcloudtest

import (
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/patmigrate/patmigrate/internal/dbt"
)

// Call is one request the server received. It never holds a credential: Auth
// is the scheme only ("Token", "Bearer", or "" when missing or another
// scheme), and secret-looking values in Path and Body are redacted. Status is
// the status answered, 0 if the connection was dropped.
type Call struct {
	Method, Path, Auth string
	Body               string
	Status             int
}

type expectation struct{ method, path string }

// Expect declares a call that must come: a request with method and path,
// compared without the trailing slash and, unless path has one, without the
// query. Each received request meets at most one expectation; Unmet reports
// the rest.
func (s *Server) Expect(method, path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expects = append(s.expects, expectation{method: strings.ToUpper(method), path: path})
}

// Unmet returns the expectations no received request met, as "METHOD PATH",
// in the order they were declared.
func (s *Server) Unmet() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	used := make([]bool, len(s.calls))
	var unmet []string
	for _, e := range s.expects {
		met := false
		for i, c := range s.calls {
			if !used[i] && c.Method == e.method && samePath(e.path, c.Path) {
				used[i], met = true, true
				break
			}
		}
		if !met {
			unmet = append(unmet, e.method+" "+e.path)
		}
	}
	return unmet
}

// Calls returns every request received, in the order received.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

func samePath(want, got string) bool {
	if !strings.Contains(want, "?") {
		got, _, _ = strings.Cut(got, "?")
	}
	wp, wq, _ := strings.Cut(want, "?")
	gp, gq, _ := strings.Cut(got, "?")
	return strings.TrimSuffix(wp, "/") == strings.TrimSuffix(gp, "/") && wq == gq
}

var (
	dbtTokenRE  = regexp.MustCompile(dbt.TokenPrefixes + dbt.TokenChars + `{8,}`)
	hexKeyRE    = regexp.MustCompile(`\b[0-9a-fA-F]{40}\b`)
	secretKeyRE = regexp.MustCompile(`(?i)("(?:token|token_string|token_value|api_key|apikey|password|secret)"\s*:\s*)"[^"]*"`)
)

const redacted = "[REDACTED]"

// redact removes from text the presented credential, every secret the server
// knows, and anything shaped like a dbt credential. s.mu must be held.
func (s *Server) redact(text, presented string) string {
	if text == "" {
		return ""
	}
	if presented != "" {
		text = strings.ReplaceAll(text, presented, redacted)
	}
	for secret := range s.bySecret {
		text = strings.ReplaceAll(text, secret, redacted)
	}
	for key := range s.legacy {
		if key != "" {
			text = strings.ReplaceAll(text, key, redacted)
		}
	}
	text = dbtTokenRE.ReplaceAllString(text, redacted)
	text = hexKeyRE.ReplaceAllString(text, redacted)
	return secretKeyRE.ReplaceAllString(text, `$1"`+redacted+`"`)
}

// callPath is the request's path and query, redacted. s.mu must be held.
func (s *Server) callPath(u *url.URL, presented string) string {
	p := u.EscapedPath()
	if u.RawQuery != "" {
		q, err := url.QueryUnescape(u.RawQuery)
		if err != nil {
			q = u.RawQuery
		}
		p += "?" + s.redact(q, presented)
	}
	return s.redact(p, presented)
}
