package dbtcloudtest

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// routeKind names an endpoint of the API.
type routeKind int

const (
	routeAccounts      routeKind = iota // /api/v{2,3}/accounts/
	routeAccount                        // /api/v{2,3}/accounts/{id}/
	routeUsers                          // /api/v3/accounts/{id}/users/
	routePATs                           // /api/v3/accounts/{id}/users/{user_id}/account-apikeys/
	routePAT                            // /api/v3/accounts/{id}/users/{user_id}/account-apikeys/{token_id}/
	routeServiceTokens                  // /api/v3/accounts/{id}/service-tokens/
)

// route is a parsed request path.
type route struct {
	kind                       routeKind
	accountID, userID, tokenID int
	methods                    []string
}

// parseRoute parses an API path, with or without its trailing slash; ok is
// false for a path the API does not have.
func parseRoute(path string) (rt route, ok bool) {
	rest, found := strings.CutPrefix(path, "/api/")
	if !found {
		return rt, false
	}
	seg := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	if len(seg) < 2 || (seg[0] != "v2" && seg[0] != "v3") || seg[1] != "accounts" {
		return rt, false
	}
	ids := make([]int, len(seg))
	for i, s := range seg {
		if s == "" {
			return rt, false
		}
		if i == 2 || i == 4 || i == 6 {
			n, err := strconv.Atoi(s)
			if err != nil || n <= 0 {
				return rt, false
			}
			ids[i] = n
		}
	}
	v3 := seg[0] == "v3"
	get, getPost := []string{http.MethodGet}, []string{http.MethodGet, http.MethodPost}
	switch {
	case len(seg) == 2:
		return route{kind: routeAccounts, methods: get}, true
	case len(seg) == 3:
		return route{kind: routeAccount, accountID: ids[2], methods: get}, true
	case !v3:
		return rt, false
	case len(seg) == 4 && seg[3] == "users":
		return route{kind: routeUsers, accountID: ids[2], methods: get}, true
	case len(seg) == 4 && seg[3] == "service-tokens":
		return route{kind: routeServiceTokens, accountID: ids[2], methods: getPost}, true
	case len(seg) == 6 && seg[3] == "users" && seg[5] == "account-apikeys":
		return route{kind: routePATs, accountID: ids[2], userID: ids[4], methods: getPost}, true
	case len(seg) == 7 && seg[3] == "users" && seg[5] == "account-apikeys":
		return route{kind: routePAT, accountID: ids[2], userID: ids[4], tokenID: ids[6],
			methods: []string{http.MethodGet, http.MethodPost, http.MethodDelete}}, true
	}
	return rt, false
}

// parseAuth splits an Authorization header into its scheme ("Token" or
// "Bearer", matched case-insensitively) and credential.
func parseAuth(h string) (scheme, cred string) {
	f := strings.Fields(h)
	if len(f) == 0 {
		return "", ""
	}
	switch strings.ToLower(f[0]) {
	case "token":
		scheme = "Token"
	case "bearer":
		scheme = "Bearer"
	default:
		return "", ""
	}
	if len(f) == 2 {
		cred = f[1]
	}
	return scheme, cred
}

// statusRecorder remembers the status a handler answered.
type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (w *statusRecorder) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	scheme, cred := parseAuth(r.Header.Get("Authorization"))

	s.mu.Lock()
	idx := len(s.calls)
	s.calls = append(s.calls, Call{
		Method: r.Method, Path: s.callPath(r.URL, cred), Auth: scheme,
		Body: s.redact(string(body), cred),
	})
	delay, f := s.takeFaults(r)
	s.mu.Unlock()

	s.sleep(r, delay)
	if f != nil {
		s.setStatus(idx, answerFault(w, f))
		return
	}

	rec := &statusRecorder{ResponseWriter: w}
	s.mu.Lock()
	s.handle(rec, r, body, scheme, cred)
	s.mu.Unlock()
	s.setStatus(idx, rec.code)
}

func (s *Server) setStatus(idx, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[idx].Status = code
}

// handle answers r as the API would; s.mu must be held.
func (s *Server) handle(w http.ResponseWriter, r *http.Request, body []byte, scheme, cred string) {
	rt, ok := parseRoute(r.URL.Path)
	if !ok {
		writeError(w, http.StatusNotFound, "Not found.", fmt.Sprintf("no route for %s", r.URL.Path), nil)
		return
	}
	if scheme == "" {
		writeUnauthorized(w, "Authentication credentials were not provided.")
		return
	}
	if cred == "" {
		writeUnauthorized(w, "Invalid token header. No credentials provided.")
		return
	}
	tok, ok := s.bySecret[cred]
	if !ok || s.legacy[cred] {
		writeUnauthorized(w, "Invalid token.")
		return
	}
	now := time.Now().UTC()
	tok.lastUsed = &now
	if rt.kind != routeAccounts && rt.accountID != tok.accountID {
		writeError(w, http.StatusForbidden,
			fmt.Sprintf("This token has no access to account %d.", rt.accountID),
			"the token belongs to another account; account-scoped tokens are valid for one account only", nil)
		return
	}
	if !slices.Contains(rt.methods, r.Method) {
		w.Header().Set("Allow", strings.Join(rt.methods, ", "))
		writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("Method %q not allowed.", r.Method), "", nil)
		return
	}
	if r.Method == http.MethodPost && len(body) > 0 {
		ct := r.Header.Get("Content-Type")
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			writeError(w, http.StatusUnsupportedMediaType,
				fmt.Sprintf("Unsupported media type %q in request.", ct), "send Content-Type: application/json", nil)
			return
		}
	}
	switch rt.kind {
	case routeAccounts:
		s.listAccounts(w, r, tok)
	case routeAccount:
		writeData(w, http.StatusOK, accountJSON(s.accounts[tok.accountID]), nil)
	case routeUsers:
		s.listUsers(w, r, tok)
	case routePATs, routePAT:
		s.handlePATs(w, r, rt, body, tok)
	case routeServiceTokens:
		s.handleServiceTokens(w, r, body, tok)
	}
}
