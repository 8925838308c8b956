package dbtcloudtest

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"time"

	"github.com/patmigrate/patmigrate/internal/dbt"
)

// Token states, as the API reports them.
const (
	stateActive  = 1
	stateDeleted = 2
)

// Server is a fake dbt Cloud Admin API listening on a loopback address.
// Create one with NewServer and stop it with Close. Its methods are safe for
// concurrent use.
type Server struct {
	// URL is the base URL of the server, "http://127.0.0.1:PORT", without a
	// trailing slash and without "/api".
	URL string

	srv     *httptest.Server
	closing chan struct{}
	once    sync.Once

	mu       sync.Mutex
	accounts map[int]*account
	tokens   []*token          // every PAT and service token, in creation order
	bySecret map[string]*token // live secrets only
	legacy   map[string]bool
	nextID   int
	faults   []*fault
	slow     []slowFault
	expects  []expectation
	calls    []Call
	// shownSecrets replace, in order, the secrets of the next answers
	// that show one (SecretNext).
	shownSecrets []string
}

type account struct {
	id      int
	name    string
	created time.Time
	users   []user
}

type user struct {
	id    int
	email string
}

type token struct {
	id        int
	accountID int
	userID    int // 0 for a service token
	uid       string
	name      string
	state     int
	grants    []Grant
	service   bool
	secret    string
	created   time.Time
	lastUsed  *time.Time
}

// Grant is one permission grant of a service token. A zero ProjectID grants
// the permission set on every project of the account.
type Grant struct {
	PermissionSet string `json:"permission_set"`
	ProjectID     int    `json:"project_id,omitempty"`
}

// Token describes a PAT or service token the server holds, without its
// secret. UserID is 0 for a service token; State is 1 (active) or 2 (deleted).
type Token struct {
	ID, AccountID, UserID int
	UID, Name             string
	State                 int
	Grants                []Grant
}

// NewServer starts a Server with account 1 "Acme Analytics" and its user 10
// (alice@example.com). The caller must call Close.
func NewServer() *Server {
	s := &Server{
		closing:  make(chan struct{}),
		accounts: make(map[int]*account),
		bySecret: make(map[string]*token),
		legacy:   make(map[string]bool),
		nextID:   1,
	}
	s.AddAccount(1, "Acme Analytics")
	s.AddUser(1, 10, "alice@example.com")
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.srv.URL
	return s
}

// Close stops the server, cutting short any response delayed by SlowNext, and
// blocks until all outstanding requests have completed.
func (s *Server) Close() {
	s.once.Do(func() { close(s.closing) })
	s.srv.Close()
}

// Client returns an HTTP client configured for requests to the server.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// AddAccount adds an account, or renames an existing one.
func (s *Server) AddAccount(id int, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.accounts[id]; ok {
		a.name = name
		return
	}
	s.accounts[id] = &account{id: id, name: name, created: time.Now().UTC()}
}

// AddUser adds a user to an account. The same user id may belong to several
// accounts. It panics if the account does not exist.
func (s *Server) AddUser(accountID, userID int, email string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mustAccount(accountID)
	for i := range a.users {
		if a.users[i].id == userID {
			a.users[i].email = email
			return
		}
	}
	a.users = append(a.users, user{id: userID, email: email})
}

// AddPAT creates an active personal access token for a user of an account and
// returns its secret ("dbtu_" and 50 characters), valid for that account only.
// It panics if the account or user does not exist.
func (s *Server) AddPAT(accountID, userID int, name string) (secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mustAccount(accountID)
	if !a.hasUser(userID) {
		panic(fmt.Sprintf("dbtcloudtest: AddPAT: no user %d in account %d", userID, accountID))
	}
	return s.newToken(accountID, userID, name, nil, false).secret
}

// AddServiceToken creates an active service token for an account with the
// given grants and returns its secret ("dbtc_" and 50 characters). It panics if
// the account does not exist; grants are not validated.
func (s *Server) AddServiceToken(accountID int, name string, grants ...Grant) (secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustAccount(accountID)
	return s.newToken(accountID, 0, name, slices.Clone(grants), true).secret
}

// AddLegacyKey records a legacy user API key (40 lowercase hex characters).
// Legacy keys are dead: every request made with one gets 401 "Invalid token.".
// The key is also redacted from Calls.
func (s *Server) AddLegacyKey(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.legacy[key] = true
}

// PATs returns the personal access tokens of an account, deleted ones
// included, in creation order.
func (s *Server) PATs(accountID int) []Token { return s.list(accountID, false) }

// ServiceTokens returns the service tokens of an account, deleted ones
// included, in creation order.
func (s *Server) ServiceTokens(accountID int) []Token { return s.list(accountID, true) }

func (s *Server) list(accountID int, service bool) []Token {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Token
	for _, t := range s.tokens {
		if t.accountID == accountID && t.service == service {
			out = append(out, Token{
				ID: t.id, AccountID: t.accountID, UserID: t.userID,
				UID: t.uid, Name: t.name, State: t.state, Grants: slices.Clone(t.grants),
			})
		}
	}
	return out
}

func (s *Server) mustAccount(id int) *account {
	a, ok := s.accounts[id]
	if !ok {
		panic(fmt.Sprintf("dbtcloudtest: no account %d (call AddAccount first)", id))
	}
	return a
}

func (a *account) hasUser(id int) bool {
	return slices.ContainsFunc(a.users, func(u user) bool { return u.id == id })
}

// newToken creates and registers a token; s.mu must be held.
func (s *Server) newToken(accountID, userID int, name string, grants []Grant, service bool) *token {
	prefix := dbt.PATPrefix
	if service {
		prefix = dbt.ServiceTokenPrefix
	}
	t := &token{
		id: s.nextID, accountID: accountID, userID: userID, uid: randomString(16),
		name: name, state: stateActive, grants: grants, service: service,
		secret: prefix + randomString(dbt.TokenBodyLen), created: time.Now().UTC(),
	}
	s.nextID++
	s.tokens = append(s.tokens, t)
	s.bySecret[t.secret] = t
	return t
}

// rotate gives t a new secret; the old one stops working. s.mu must be held.
func (s *Server) rotate(t *token) {
	delete(s.bySecret, t.secret)
	t.secret = t.secret[:5] + randomString(50)
	s.bySecret[t.secret] = t
}

// revoke deletes t; its secret stops working. s.mu must be held.
func (s *Server) revoke(t *token) {
	delete(s.bySecret, t.secret)
	t.state = stateDeleted
}

// hash is the token's "token" field: a digest, never the secret.
func (t *token) hash() string {
	sum := sha256.Sum256([]byte(t.secret))
	return hex.EncodeToString(sum[:])
}

// randomString returns n characters of [A-Za-z0-9_-] from crypto/rand.
func randomString(n int) string {
	b := make([]byte, (n*3+3)/4)
	rand.Read(b) // never returns an error
	return base64.RawURLEncoding.EncodeToString(b)[:n]
}
