package dbtcloudtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// permissionSets are the permission sets a service token grant may name.
var permissionSets = map[string]bool{
	"owner": true, "member": true, "account_admin": true, "security_admin": true, "billing_admin": true,
	"admin": true, "database_admin": true, "git_admin": true, "team_admin": true, "job_admin": true,
	"job_runner": true, "job_viewer": true, "analyst": true, "developer": true, "stakeholder": true,
	"readonly": true, "project_creator": true, "account_viewer": true, "metadata_only": true,
	"semantic_layer_only": true, "webhooks_only": true, "manage_marketplace_apps": true,
}

// tokenData is a PAT or service token as the API shows it. TokenString, the
// secret, is set only in the answer that creates or rotates the token.
type tokenData struct {
	ID               int     `json:"id"`
	AccountID        int     `json:"account_id"`
	UserID           *int    `json:"user_id"`
	UID              string  `json:"uid"`
	Name             string  `json:"name"`
	State            int     `json:"state"`
	Token            string  `json:"token"`
	TokenString      string  `json:"token_string,omitempty"`
	CreatedAt        string  `json:"created_at"`
	LastUsed         *string `json:"last_used"`
	PermissionGrants []Grant `json:"permission_grants,omitempty"`
}

func tokenJSON(t *token, withSecret bool) tokenData {
	d := tokenData{
		ID: t.id, AccountID: t.accountID, UID: t.uid, Name: t.name, State: t.state,
		Token: t.hash(), CreatedAt: t.created.Format(timeFormat), LastUsed: formatTime(t.lastUsed),
	}
	if !t.service {
		uid := t.userID
		d.UserID = &uid
	}
	if t.service {
		d.PermissionGrants = append([]Grant{}, t.grants...)
	}
	if withSecret {
		d.TokenString = t.secret
	}
	return d
}

// shown is t with its secret, as the answer that creates or rotates it
// shows it: the real one, or what SecretNext queued.
func (s *Server) shown(t *token) tokenData {
	d := tokenJSON(t, true)
	if len(s.shownSecrets) > 0 {
		d.TokenString, s.shownSecrets = s.shownSecrets[0], s.shownSecrets[1:]
	}
	return d
}

// SecretNext makes the next answer that shows a new or rotated token's
// secret show v instead (the token keeps its own): a server that returns
// a malformed token_string, a newline in it, or 100 KB of it.
func (s *Server) SecretNext(v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shownSecrets = append(s.shownSecrets, v)
}

// isAccountAdmin reports whether tok may manage its account's tokens: a
// service token with account_admin, or a PAT (the fake treats every user as
// an account admin).
func isAccountAdmin(tok *token) bool {
	if !tok.service {
		return true
	}
	for _, g := range tok.grants {
		if g.PermissionSet == "account_admin" {
			return true
		}
	}
	return false
}

// handlePATs answers the account-apikeys endpoints. Only a service token with
// account_admin or a PAT of the user in the path may use them. s.mu must be
// held.
func (s *Server) handlePATs(w http.ResponseWriter, r *http.Request, rt route, body []byte, tok *token) {
	if tok.service && !isAccountAdmin(tok) || !tok.service && tok.userID != rt.userID {
		writeError(w, http.StatusForbidden,
			fmt.Sprintf("This token cannot manage the personal access tokens of user %d.", rt.userID),
			"needs a service token with account_admin or a personal access token of that user", nil)
		return
	}
	if !s.accounts[rt.accountID].hasUser(rt.userID) {
		writeError(w, http.StatusNotFound, "User not found.", fmt.Sprintf("no user %d in account %d", rt.userID, rt.accountID), nil)
		return
	}
	if rt.kind == routePATs {
		if r.Method == http.MethodGet {
			writePage(w, r, s.tokenList(rt.accountID, rt.userID, false, r.URL.Query().Get("state")))
			return
		}
		var req struct {
			Name string `json:"name"`
		}
		if !decodeBody(w, body, &req) {
			return
		}
		if strings.TrimSpace(req.Name) == "" {
			invalid(w, "name", "This field is required.")
			return
		}
		t := s.newToken(rt.accountID, rt.userID, req.Name, nil, false)
		writeData(w, http.StatusCreated, s.shown(t), nil)
		return
	}
	var t *token
	for _, c := range s.tokens {
		if c.id == rt.tokenID && !c.service && c.accountID == rt.accountID && c.userID == rt.userID {
			t = c
		}
	}
	if t == nil || r.Method != http.MethodGet && t.state != stateActive {
		writeError(w, http.StatusNotFound, "Personal access token not found.", fmt.Sprintf("no active token %d for user %d", rt.tokenID, rt.userID), nil)
		return
	}
	switch r.Method {
	case http.MethodGet:
		writeData(w, http.StatusOK, tokenJSON(t, false), nil)
	case http.MethodPost:
		s.rotate(t)
		writeData(w, http.StatusOK, s.shown(t), nil)
	case http.MethodDelete:
		s.revoke(t)
		w.WriteHeader(http.StatusNoContent)
	}
}

// handleServiceTokens lists and creates service tokens; it needs a service
// token with account_admin or a PAT. s.mu must be held.
func (s *Server) handleServiceTokens(w http.ResponseWriter, r *http.Request, body []byte, tok *token) {
	if !isAccountAdmin(tok) {
		writeError(w, http.StatusForbidden, "This token cannot manage service tokens.",
			"needs a service token with account_admin or a personal access token", nil)
		return
	}
	if r.Method == http.MethodGet {
		writePage(w, r, s.tokenList(tok.accountID, 0, true, r.URL.Query().Get("state")))
		return
	}
	var req struct {
		Name             string  `json:"name"`
		PermissionGrants []Grant `json:"permission_grants"`
	}
	if !decodeBody(w, body, &req) {
		return
	}
	if strings.TrimSpace(req.Name) == "" {
		invalid(w, "name", "This field is required.")
		return
	}
	for _, g := range req.PermissionGrants {
		if !permissionSets[g.PermissionSet] {
			invalid(w, "permission_grants", fmt.Sprintf("%q is not a valid permission set.", g.PermissionSet))
			return
		}
		if g.ProjectID < 0 {
			invalid(w, "permission_grants", "project_id must be a positive integer.")
			return
		}
	}
	t := s.newToken(tok.accountID, 0, req.Name, req.PermissionGrants, true)
	writeData(w, http.StatusCreated, s.shown(t), nil)
}

// tokenList returns the PATs of a user, or the service tokens, of an account,
// filtered by state when state is set. s.mu must be held.
func (s *Server) tokenList(accountID, userID int, service bool, state string) []tokenData {
	want, _ := strconv.Atoi(state)
	out := []tokenData{}
	for _, t := range s.tokens {
		if t.accountID != accountID || t.service != service || !service && t.userID != userID {
			continue
		}
		if want != 0 && t.state != want {
			continue
		}
		out = append(out, tokenJSON(t, false))
	}
	return out
}

// decodeBody decodes a JSON request body into v, answering 400 if it cannot.
func decodeBody(w http.ResponseWriter, body []byte, v any) bool {
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	if err := json.Unmarshal(body, v); err != nil {
		invalid(w, "non_field_errors", "JSON parse error: "+err.Error())
		return false
	}
	return true
}
