package dbtcloudtest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/patmigrate/patmigrate/dbtcloud/dbtcloudtest"
)

// reply is a decoded answer of the server.
type reply struct {
	code   int
	header http.Header
	raw    string
	env    struct {
		Status struct {
			Code             int    `json:"code"`
			IsSuccess        bool   `json:"is_success"`
			UserMessage      string `json:"user_message"`
			DeveloperMessage string `json:"developer_message"`
		} `json:"status"`
		Data  json.RawMessage `json:"data"`
		Extra json.RawMessage `json:"extra"`
	}
}

// data decodes the envelope's data into v.
func (r reply) data(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.env.Data, v); err != nil {
		t.Fatalf("data %s: %v", r.env.Data, err)
	}
}

// call sends one request; auth is the whole Authorization header, body is sent
// as application/json unless ctype says otherwise.
func call(t *testing.T, s *dbtcloudtest.Server, method, path, auth, body string) reply {
	t.Helper()
	return callType(t, s, method, path, auth, body, "application/json")
}

func callType(t *testing.T, s *dbtcloudtest.Server, method, path, auth, body, ctype string) reply {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if body != "" && ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r := reply{code: resp.StatusCode, header: resp.Header, raw: string(b)}
	if resp.StatusCode != http.StatusNoContent {
		if err := json.Unmarshal(b, &r.env); err != nil {
			t.Fatalf("%s %s: %d body %q is not JSON: %v", method, path, resp.StatusCode, b, err)
		}
		if r.env.Status.Code != resp.StatusCode || r.env.Status.IsSuccess != (resp.StatusCode < 300) {
			t.Errorf("%s %s: HTTP %d but envelope status %+v", method, path, resp.StatusCode, r.env.Status)
		}
	}
	return r
}

type fixture struct {
	s                                  *dbtcloudtest.Server
	pat1, pat2, admin1, runner1, pat11 string
}

// newFixture: account 1 (users 10, 11) and account 2 "Beta Corp" (user 20).
func newFixture(t *testing.T) fixture {
	t.Helper()
	s := dbtcloudtest.NewServer()
	t.Cleanup(s.Close)
	s.AddAccount(2, "Beta Corp")
	s.AddUser(1, 11, "carol@example.com")
	s.AddUser(2, 20, "bob@example.com")
	return fixture{
		s:       s,
		pat1:    "Token " + s.AddPAT(1, 10, "alice laptop"),
		pat11:   "Token " + s.AddPAT(1, 11, "carol laptop"),
		pat2:    "Token " + s.AddPAT(2, 20, "bob laptop"),
		admin1:  "Token " + s.AddServiceToken(1, "terraform", dbtcloudtest.Grant{PermissionSet: "account_admin"}),
		runner1: "Token " + s.AddServiceToken(1, "ci", dbtcloudtest.Grant{PermissionSet: "job_runner", ProjectID: 7}),
	}
}

func TestNewServerZeroSetup(t *testing.T) {
	s := dbtcloudtest.NewServer()
	defer s.Close()
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") {
		t.Errorf("URL = %q", s.URL)
	}
	pat := s.AddPAT(1, 10, "dev")
	if len(pat) != 55 || !strings.HasPrefix(pat, "dbtu_") || strings.Trim(pat[5:], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != "" {
		t.Errorf("PAT %q is not dbtu_ + 50 characters", pat)
	}
	st := s.AddServiceToken(1, "ci")
	if len(st) != 55 || !strings.HasPrefix(st, "dbtc_") {
		t.Errorf("service token %q is not dbtc_ + 50 characters", st)
	}
	r := call(t, s, "GET", "/api/v3/accounts/1/users/", "Token "+pat, "")
	var users []struct {
		ID    int    `json:"id"`
		Email string `json:"email"`
	}
	r.data(t, &users)
	if len(users) != 1 || users[0].ID != 10 || users[0].Email != "alice@example.com" {
		t.Errorf("users = %+v", users)
	}
}

func TestEndpoints(t *testing.T) {
	f := newFixture(t)
	type account struct {
		ID   int    `json:"id"`
		Name string `json:"name"`
	}
	accounts := func(want ...int) func(*testing.T, reply) {
		return func(t *testing.T, r reply) {
			var got []account
			r.data(t, &got)
			var ids []int
			for _, a := range got {
				ids = append(ids, a.ID)
			}
			if !slices.Equal(ids, want) {
				t.Errorf("accounts %v, want %v", ids, want)
			}
		}
	}
	message := func(sub string) func(*testing.T, reply) {
		return func(t *testing.T, r reply) {
			if !strings.Contains(r.env.Status.UserMessage, sub) {
				t.Errorf("user_message %q, want it to contain %q", r.env.Status.UserMessage, sub)
			}
		}
	}
	tests := []struct {
		name, method, path, auth, body, ctype string
		want                                  int
		check                                 func(*testing.T, reply)
	}{
		{name: "v3 accounts, PAT", method: "GET", path: "/api/v3/accounts/", auth: f.pat1, want: 200, check: accounts(1)},
		{name: "v3 accounts, other account's PAT", method: "GET", path: "/api/v3/accounts/", auth: f.pat2, want: 200, check: accounts(2)},
		{name: "v2 accounts, service token", method: "GET", path: "/api/v2/accounts/", auth: f.runner1, want: 200, check: accounts(1)},
		{name: "accounts with query", method: "GET", path: "/api/v3/accounts/?include_related=%5B%22plan%22%5D", auth: f.pat2, want: 200, check: accounts(2)},
		{name: "accounts without slash", method: "GET", path: "/api/v3/accounts", auth: f.pat1, want: 200, check: accounts(1)},
		{name: "bearer, any case", method: "GET", path: "/api/v3/accounts/", auth: "bEaReR " + f.pat1[6:], want: 200, check: accounts(1)},
		{name: "token, lower case", method: "GET", path: "/api/v3/accounts/", auth: "token " + f.pat1[6:], want: 200, check: accounts(1)},
		{name: "get account v3", method: "GET", path: "/api/v3/accounts/2/", auth: f.pat2, want: 200, check: func(t *testing.T, r reply) {
			var a account
			r.data(t, &a)
			if a != (account{2, "Beta Corp"}) {
				t.Errorf("account = %+v", a)
			}
		}},
		{name: "get account v2", method: "GET", path: "/api/v2/accounts/1", auth: f.admin1, want: 200},
		{name: "users", method: "GET", path: "/api/v3/accounts/1/users/", auth: f.runner1, want: 200, check: func(t *testing.T, r reply) {
			var users []struct {
				ID    int    `json:"id"`
				Email string `json:"email"`
			}
			r.data(t, &users)
			if len(users) != 2 || users[0].Email != "alice@example.com" || users[1].ID != 11 {
				t.Errorf("users = %+v", users)
			}
		}},
		{name: "users paginated", method: "GET", path: "/api/v3/accounts/1/users/?offset=1&limit=1", auth: f.pat1, want: 200, check: func(t *testing.T, r reply) {
			if !strings.Contains(string(r.env.Extra), `"pagination":{"count":1,"total_count":2}`) {
				t.Errorf("extra = %s", r.env.Extra)
			}
		}},
		{name: "cross-account PAT", method: "GET", path: "/api/v3/accounts/2/", auth: f.pat1, want: 403, check: message("no access to account 2")},
		{name: "cross-account service token", method: "GET", path: "/api/v3/accounts/2/users/", auth: f.admin1, want: 403, check: message("no access to account 2")},
		{name: "cross-account create", method: "POST", path: "/api/v3/accounts/2/users/20/account-apikeys/", auth: f.admin1, body: `{"name":"x"}`, want: 403},
		{name: "no auth", method: "GET", path: "/api/v3/accounts/", want: 401},
		{name: "basic auth", method: "GET", path: "/api/v3/accounts/", auth: "Basic dXNlcjpwdw==", want: 401},
		{name: "scheme without token", method: "GET", path: "/api/v3/accounts/", auth: "Token", want: 401},
		{name: "unknown token", method: "GET", path: "/api/v3/accounts/", auth: "Token dbtu_" + strings.Repeat("x", 50), want: 401, check: message("Invalid token.")},
		{name: "unknown path", method: "GET", path: "/api/v3/accounts/1/widgets/", auth: f.pat1, want: 404},
		{name: "unknown version", method: "GET", path: "/api/v4/accounts/", auth: f.pat1, want: 404},
		{name: "not api", method: "GET", path: "/", auth: f.pat1, want: 404},
		{name: "non-numeric id", method: "GET", path: "/api/v3/accounts/one/", auth: f.pat1, want: 404},
		{name: "wrong method", method: "DELETE", path: "/api/v3/accounts/", auth: f.pat1, want: 405, check: func(t *testing.T, r reply) {
			if r.header.Get("Allow") != "GET" {
				t.Errorf("Allow = %q", r.header.Get("Allow"))
			}
		}},
		{name: "post users", method: "POST", path: "/api/v3/accounts/1/users/", auth: f.pat1, body: `{}`, want: 405},
		{name: "no content type", method: "POST", path: "/api/v3/accounts/1/users/10/account-apikeys/", auth: f.pat1, body: `{"name":"x"}`, ctype: "-", want: 415},
		{name: "text content type", method: "POST", path: "/api/v3/accounts/1/service-tokens/", auth: f.admin1, body: `{"name":"x"}`, ctype: "text/plain", want: 415},
		{name: "json with charset", method: "POST", path: "/api/v3/accounts/1/users/10/account-apikeys/", auth: f.pat1, body: `{"name":"x"}`, ctype: "application/json; charset=utf-8", want: 201},
		{name: "PAT without name", method: "POST", path: "/api/v3/accounts/1/users/10/account-apikeys/", auth: f.pat1, body: `{}`, want: 400, check: func(t *testing.T, r reply) {
			if !strings.Contains(string(r.env.Data), "name") {
				t.Errorf("data = %s", r.env.Data)
			}
		}},
		{name: "PAT no body", method: "POST", path: "/api/v3/accounts/1/users/10/account-apikeys/", auth: f.pat1, want: 400},
		{name: "PAT bad JSON", method: "POST", path: "/api/v3/accounts/1/users/10/account-apikeys/", auth: f.pat1, body: `{"name":`, want: 400},
		{name: "PAT by own PAT", method: "POST", path: "/api/v3/accounts/1/users/10/account-apikeys/", auth: f.pat1, body: `{"name":"own"}`, want: 201},
		{name: "PAT for another user", method: "POST", path: "/api/v3/accounts/1/users/11/account-apikeys/", auth: f.pat1, body: `{"name":"x"}`, want: 403},
		{name: "PAT by job_runner", method: "POST", path: "/api/v3/accounts/1/users/10/account-apikeys/", auth: f.runner1, body: `{"name":"x"}`, want: 403},
		{name: "PAT by account_admin", method: "POST", path: "/api/v3/accounts/1/users/11/account-apikeys/", auth: f.admin1, body: `{"name":"x"}`, want: 201},
		{name: "PATs of unknown user", method: "GET", path: "/api/v3/accounts/1/users/99/account-apikeys/", auth: f.admin1, want: 404},
		{name: "unknown PAT", method: "GET", path: "/api/v3/accounts/1/users/10/account-apikeys/999/", auth: f.pat1, want: 404},
		{name: "other user's PAT id", method: "DELETE", path: "/api/v3/accounts/1/users/10/account-apikeys/2/", auth: f.admin1, want: 404},
		{name: "service tokens by job_runner", method: "GET", path: "/api/v3/accounts/1/service-tokens/", auth: f.runner1, want: 403},
		{name: "service tokens by PAT", method: "GET", path: "/api/v3/accounts/1/service-tokens/", auth: f.pat1, want: 200},
		{name: "service token, unknown set", method: "POST", path: "/api/v3/accounts/1/service-tokens/", auth: f.admin1,
			body: `{"name":"x","permission_grants":[{"permission_set":"job_runner"},{"permission_set":"superuser"}]}`, want: 400, check: message("invalid")},
		{name: "service token, no name", method: "POST", path: "/api/v3/accounts/1/service-tokens/", auth: f.admin1,
			body: `{"permission_grants":[{"permission_set":"job_runner"}]}`, want: 400},
		{name: "service token, negative project", method: "POST", path: "/api/v3/accounts/1/service-tokens/", auth: f.admin1,
			body: `{"name":"x","permission_grants":[{"permission_set":"job_runner","project_id":-1}]}`, want: 400},
		{name: "service token by job_runner", method: "POST", path: "/api/v3/accounts/1/service-tokens/", auth: f.runner1,
			body: `{"name":"x","permission_grants":[{"permission_set":"job_runner"}]}`, want: 403},
		{name: "service token created", method: "POST", path: "/api/v3/accounts/1/service-tokens/", auth: f.admin1,
			body: `{"name":"airflow","permission_grants":[{"permission_set":"job_runner","project_id":1},{"permission_set":"metadata_only"}]}`, want: 201,
			check: func(t *testing.T, r reply) {
				var d struct {
					TokenString string               `json:"token_string"`
					Name        string               `json:"name"`
					State       int                  `json:"state"`
					AccountID   int                  `json:"account_id"`
					Grants      []dbtcloudtest.Grant `json:"permission_grants"`
				}
				r.data(t, &d)
				want := []dbtcloudtest.Grant{{"job_runner", 1}, {"metadata_only", 0}}
				if !strings.HasPrefix(d.TokenString, "dbtc_") || d.Name != "airflow" || d.State != 1 || d.AccountID != 1 || !slices.Equal(d.Grants, want) {
					t.Errorf("created %+v", d)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctype := tt.ctype
			if ctype == "" {
				ctype = "application/json"
			} else if ctype == "-" {
				ctype = ""
			}
			r := callType(t, f.s, tt.method, tt.path, tt.auth, tt.body, ctype)
			if r.code != tt.want {
				t.Fatalf("%s %s: %d %s, want %d", tt.method, tt.path, r.code, r.raw, tt.want)
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}

// The documented answer to a bad or dead token, byte for byte.
const invalidToken = `{"status":{"code":401,"is_success":false,"user_message":"Invalid token.","developer_message":""},"data":null}`

func TestInvalidTokenBody(t *testing.T) {
	s := dbtcloudtest.NewServer()
	defer s.Close()
	const legacy = "0123456789abcdef0123456789abcdef01234567"
	s.AddLegacyKey(legacy)
	for _, auth := range []string{
		"Token " + legacy,
		"Bearer " + legacy,
		"Token fedcba9876543210fedcba9876543210fedcba98", // a legacy key the server was never told of
		"Token dbtc_" + strings.Repeat("A", 50),
	} {
		for _, path := range []string{"/api/v2/accounts/", "/api/v3/accounts/1/users/", "/api/v3/accounts/1/service-tokens/"} {
			r := call(t, s, "GET", path, auth, "")
			if r.code != 401 || strings.TrimSpace(r.raw) != invalidToken {
				t.Errorf("GET %s: %d %s, want 401 %s", path, r.code, r.raw, invalidToken)
			}
			if r.header.Get("Content-Type") != "application/json" {
				t.Errorf("Content-Type = %q", r.header.Get("Content-Type"))
			}
		}
	}
}

type tokenData struct {
	ID          int     `json:"id"`
	AccountID   int     `json:"account_id"`
	UserID      int     `json:"user_id"`
	UID         string  `json:"uid"`
	Name        string  `json:"name"`
	State       int     `json:"state"`
	Token       string  `json:"token"`
	TokenString string  `json:"token_string"`
	CreatedAt   string  `json:"created_at"`
	LastUsed    *string `json:"last_used"`
}

func TestPATLifecycle(t *testing.T) {
	f := newFixture(t)
	s := f.s
	const keys = "/api/v3/accounts/1/users/10/account-apikeys/"

	r := call(t, s, "POST", keys, f.admin1, `{"name":"patmigrate: alice"}`)
	if r.code != 201 {
		t.Fatalf("create: %d %s", r.code, r.raw)
	}
	var created tokenData
	r.data(t, &created)
	first := created.TokenString
	if !strings.HasPrefix(first, "dbtu_") || len(first) != 55 || created.AccountID != 1 || created.UserID != 10 ||
		created.State != 1 || created.Name != "patmigrate: alice" || created.UID == "" || created.CreatedAt == "" || created.ID == 0 {
		t.Fatalf("created %+v", created)
	}
	if created.Token == "" || strings.Contains(created.Token, first[5:]) {
		t.Errorf("token field %q is not a hash", created.Token)
	}
	if r := call(t, s, "GET", "/api/v3/accounts/", "Token "+first, ""); r.code != 200 {
		t.Fatalf("new PAT does not work: %d", r.code)
	}

	// Listed without the secret.
	r = call(t, s, "GET", keys, f.pat1, "")
	if strings.Contains(r.raw, first) || strings.Contains(r.raw, "token_string") {
		t.Errorf("list shows a secret: %s", r.raw)
	}
	var list []tokenData
	r.data(t, &list)
	if len(list) != 2 || list[1].ID != created.ID || list[1].LastUsed == nil {
		t.Errorf("list = %+v", list)
	}

	// Rotate: a new secret, the old one stops working.
	path := fmt.Sprintf("%s%d/", keys, created.ID)
	r = call(t, s, "POST", path, f.admin1, "")
	if r.code != 200 {
		t.Fatalf("rotate: %d %s", r.code, r.raw)
	}
	var rotated tokenData
	r.data(t, &rotated)
	second := rotated.TokenString
	if second == "" || second == first || rotated.ID != created.ID || rotated.UID != created.UID {
		t.Fatalf("rotated %+v", rotated)
	}
	if r := call(t, s, "GET", "/api/v3/accounts/", "Token "+first, ""); r.code != 401 {
		t.Errorf("old secret after rotation: %d", r.code)
	}
	if r := call(t, s, "GET", "/api/v3/accounts/", "Token "+second, ""); r.code != 200 {
		t.Errorf("new secret after rotation: %d", r.code)
	}

	// Delete: 204, state 2, the secret stops working.
	r = call(t, s, "DELETE", path, "Token "+second, "")
	if r.code != 204 || r.raw != "" {
		t.Fatalf("delete: %d %q", r.code, r.raw)
	}
	if r := call(t, s, "GET", "/api/v3/accounts/", "Token "+second, ""); r.code != 401 {
		t.Errorf("secret after delete: %d", r.code)
	}
	for _, m := range []string{"POST", "DELETE"} {
		if r := call(t, s, m, path, f.admin1, ""); r.code != 404 {
			t.Errorf("%s a deleted PAT: %d", m, r.code)
		}
	}
	var one tokenData
	call(t, s, "GET", path, f.admin1, "").data(t, &one)
	if one.State != 2 {
		t.Errorf("deleted PAT state %d", one.State)
	}
	call(t, s, "GET", keys+"?state=1", f.pat1, "").data(t, &list)
	if len(list) != 1 || list[0].Name != "alice laptop" {
		t.Errorf("active PATs = %+v", list)
	}

	pats := s.PATs(1)
	var got []string
	for _, p := range pats {
		got = append(got, fmt.Sprintf("%d/%s/%d", p.UserID, p.Name, p.State))
	}
	want := []string{"10/alice laptop/1", "11/carol laptop/1", "10/patmigrate: alice/2"}
	if !slices.Equal(got, want) {
		t.Errorf("PATs(1) = %v, want %v", got, want)
	}
}

func TestServiceTokens(t *testing.T) {
	f := newFixture(t)
	s := f.s
	const path = "/api/v3/accounts/1/service-tokens/"
	r := call(t, s, "POST", path, f.pat1, `{"name":"gha","permission_grants":[{"permission_set":"job_runner","project_id":3}]}`)
	if r.code != 201 {
		t.Fatalf("create: %d %s", r.code, r.raw)
	}
	var d tokenData
	r.data(t, &d)
	if r := call(t, s, "GET", "/api/v2/accounts/1/", "Bearer "+d.TokenString, ""); r.code != 200 {
		t.Errorf("new service token: %d", r.code)
	}
	r = call(t, s, "GET", path+"?state=1", f.admin1, "")
	if strings.Contains(r.raw, d.TokenString) {
		t.Errorf("list shows a secret")
	}
	var list []tokenData
	r.data(t, &list)
	if len(list) != 3 || list[2].Name != "gha" {
		t.Errorf("list = %+v", list)
	}
	got := s.ServiceTokens(1)
	if len(got) != 3 || got[2].Name != "gha" || got[2].UserID != 0 ||
		!slices.Equal(got[2].Grants, []dbtcloudtest.Grant{{PermissionSet: "job_runner", ProjectID: 3}}) {
		t.Errorf("ServiceTokens(1) = %+v", got)
	}
	if n := len(s.ServiceTokens(2)); n != 0 {
		t.Errorf("ServiceTokens(2) has %d", n)
	}
}

func TestFaults(t *testing.T) {
	tests := []struct {
		name   string
		inject func(*dbtcloudtest.Server)
		// want is the status of each request in turn: GET accounts, POST a
		// PAT, GET accounts, GET accounts; -1 is a dropped connection.
		want [4]int
	}{
		{"none", func(*dbtcloudtest.Server) {}, [4]int{200, 201, 200, 200}},
		{"fail any", func(s *dbtcloudtest.Server) { s.FailNext("", "", 503, 2) }, [4]int{503, 503, 200, 200}},
		{"fail by method", func(s *dbtcloudtest.Server) { s.FailNext("post", "", 500, 5) }, [4]int{200, 500, 200, 200}},
		{"fail by prefix", func(s *dbtcloudtest.Server) { s.FailNext("GET", "/api/v3/accounts", 502, 2) }, [4]int{502, 201, 502, 200}},
		{"fail other prefix", func(s *dbtcloudtest.Server) { s.FailNext("", "/api/v2/", 500, 1) }, [4]int{200, 201, 200, 200}},
		{"rate limit", func(s *dbtcloudtest.Server) { s.RateLimitNext(1, time.Second) }, [4]int{429, 201, 200, 200}},
		// The drop falls on the POST: net/http retries a GET whose reused
		// connection closes before an answer.
		{"queued in order", func(s *dbtcloudtest.Server) { s.RateLimitNext(1, 0); s.DropNext(1); s.FailNext("", "", 500, 1) }, [4]int{429, -1, 500, 200}},
		{"malformed", func(s *dbtcloudtest.Server) { s.MalformedNext(1) }, [4]int{-2, 201, 200, 200}},
		{"drop", func(s *dbtcloudtest.Server) { s.FailNext("GET", "", 500, 1); s.DropNext(1) }, [4]int{500, -1, 200, 200}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := dbtcloudtest.NewServer()
			defer s.Close()
			auth := "Token " + s.AddPAT(1, 10, "dev")
			tt.inject(s)
			reqs := []struct{ method, path, body string }{
				{"GET", "/api/v3/accounts/", ""},
				{"POST", "/api/v3/accounts/1/users/10/account-apikeys/", `{"name":"new"}`},
				{"GET", "/api/v3/accounts/", ""},
				{"GET", "/api/v3/accounts/", ""},
			}
			for i, q := range reqs {
				req, _ := http.NewRequest(q.method, s.URL+q.path, strings.NewReader(q.body))
				req.Header.Set("Authorization", auth)
				req.Header.Set("Content-Type", "application/json")
				resp, err := s.Client().Do(req)
				switch {
				case tt.want[i] == -1:
					if err == nil {
						resp.Body.Close()
						t.Errorf("request %d: %d, want a dropped connection", i, resp.StatusCode)
					}
					continue
				case err != nil:
					t.Fatalf("request %d: %v", i, err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				var env struct {
					Status struct{ Code int } `json:"status"`
				}
				jsonErr := json.Unmarshal(b, &env)
				if tt.want[i] == -2 {
					if resp.StatusCode != 200 || jsonErr == nil {
						t.Errorf("request %d: %d %s, want 200 with malformed JSON", i, resp.StatusCode, b)
					}
					continue
				}
				if resp.StatusCode != tt.want[i] || jsonErr != nil || env.Status.Code != tt.want[i] {
					t.Errorf("request %d: %d %s, want %d with the envelope", i, resp.StatusCode, b, tt.want[i])
				}
				if resp.StatusCode == 429 {
					want := ""
					if tt.name == "rate limit" {
						want = "1"
					}
					if got := resp.Header.Get("Retry-After"); got != want {
						t.Errorf("Retry-After = %q, want %q", got, want)
					}
				}
			}
			// A request a fault answered is not handled: a PAT exists only if
			// the POST got 201.
			if got, want := len(s.PATs(1)), map[bool]int{true: 2, false: 1}[tt.want[1] == 201]; got != want {
				t.Errorf("%d PATs, want %d", got, want)
			}
			calls := s.Calls()
			if len(calls) != 4 {
				t.Fatalf("%d calls", len(calls))
			}
			for i, c := range calls {
				want := tt.want[i]
				switch want {
				case -1:
					want = 0
				case -2:
					want = 200
				}
				if c.Status != want {
					t.Errorf("call %d status %d, want %d", i, c.Status, want)
				}
			}
		})
	}
}

func TestRetryAfterRoundsUp(t *testing.T) {
	s := dbtcloudtest.NewServer()
	defer s.Close()
	s.RateLimitNext(2, 1500*time.Millisecond)
	for range 2 {
		r := call(t, s, "GET", "/api/v3/accounts/", "", "")
		if r.code != 429 || r.header.Get("Retry-After") != "2" {
			t.Errorf("%d Retry-After %q", r.code, r.header.Get("Retry-After"))
		}
	}
	if r := call(t, s, "GET", "/api/v3/accounts/", "", ""); r.code != 401 {
		t.Errorf("after the rate limit: %d", r.code)
	}
}

func TestSlowNext(t *testing.T) {
	s := dbtcloudtest.NewServer()
	defer s.Close()
	auth := "Token " + s.AddPAT(1, 10, "dev")
	s.SlowNext(1, 200*time.Millisecond)

	start := time.Now()
	if r := call(t, s, "GET", "/api/v3/accounts/", auth, ""); r.code != 200 {
		t.Errorf("slow request: %d", r.code)
	}
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("slow request took %v", d)
	}
	start = time.Now()
	call(t, s, "GET", "/api/v3/accounts/", auth, "")
	if d := time.Since(start); d > 150*time.Millisecond {
		t.Errorf("second request took %v", d)
	}

	// A client that gives up sees a timeout; the server does not hang.
	s.SlowNext(1, time.Hour)
	c := s.Client()
	c.Timeout = 100 * time.Millisecond
	_, err := c.Get(s.URL + "/api/v3/accounts/")
	var ne interface{ Timeout() bool }
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("err = %v, want a timeout", err)
	}
}

func TestSlowNextEndsOnClose(t *testing.T) {
	s := dbtcloudtest.NewServer()
	s.SlowNext(1, time.Hour)
	done := make(chan error, 1)
	go func() {
		resp, err := s.Client().Get(s.URL + "/api/v3/accounts/")
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	for len(s.Calls()) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close blocked on a slow response")
	}
	<-done
}

func TestExpect(t *testing.T) {
	s := dbtcloudtest.NewServer()
	defer s.Close()
	auth := "Token " + s.AddPAT(1, 10, "dev")
	s.Expect("GET", "/api/v3/accounts/")
	s.Expect("post", "/api/v3/accounts/1/users/10/account-apikeys/")
	s.Expect("POST", "/api/v3/accounts/1/users/10/account-apikeys/") // needs a second POST
	s.Expect("GET", "/api/v3/accounts/1/service-tokens?state=1")
	s.Expect("DELETE", "/api/v3/accounts/1/users/10/account-apikeys/1/")

	call(t, s, "GET", "/api/v3/accounts", auth, "")
	call(t, s, "POST", "/api/v3/accounts/1/users/10/account-apikeys/", auth, `{"name":"x"}`)
	call(t, s, "GET", "/api/v3/accounts/1/service-tokens/?state=1", auth, "")
	got := s.Unmet()
	want := []string{
		"POST /api/v3/accounts/1/users/10/account-apikeys/",
		"DELETE /api/v3/accounts/1/users/10/account-apikeys/1/",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Unmet() = %q, want %q", got, want)
	}
	call(t, s, "POST", "/api/v3/accounts/1/users/10/account-apikeys/", auth, `{"name":"y"}`)
	s.FailNext("DELETE", "", 500, 1) // a call that came meets its expectation, whatever the answer
	callType(t, s, "DELETE", "/api/v3/accounts/1/users/10/account-apikeys/1/", auth, "", "")
	if got := s.Unmet(); len(got) != 0 {
		t.Errorf("Unmet() = %q", got)
	}
}

func TestCallsHoldNoSecret(t *testing.T) {
	f := newFixture(t)
	s := f.s
	const legacy = "0123456789abcdef0123456789abcdef01234567"
	s.AddLegacyKey(legacy)
	created := call(t, s, "POST", "/api/v3/accounts/1/users/10/account-apikeys/", f.pat1, `{"name":"x"}`)
	var d tokenData
	created.data(t, &d)
	secrets := []string{f.pat1[6:], f.pat2[6:], f.admin1[6:], f.runner1[6:], legacy, d.TokenString, "s3cr3t-value"}

	call(t, s, "GET", "/api/v3/accounts/", "Token "+legacy, "")
	call(t, s, "GET", "/api/v3/accounts/", "Bearer "+f.pat2[6:], "")
	call(t, s, "GET", "/api/v3/accounts/?token="+f.admin1[6:], f.admin1, "")
	call(t, s, "POST", "/api/v3/accounts/1/service-tokens/", f.admin1,
		`{"name":"`+f.runner1[6:]+`","token_string":"s3cr3t-value","permission_grants":[]}`)
	call(t, s, "POST", "/api/v3/accounts/1/users/10/account-apikeys/", f.pat1, `{"name":"`+legacy+`"}`)
	callType(t, s, "GET", "/api/v3/accounts/", "Token "+d.TokenString, "", "")

	calls := s.Calls()
	if len(calls) != 7 {
		t.Fatalf("%d calls", len(calls))
	}
	dump := fmt.Sprintf("%+v", calls)
	for _, secret := range secrets {
		if strings.Contains(dump, secret) {
			t.Errorf("Calls() holds secret %.9s...: %s", secret, dump)
		}
	}
	var schemes []string
	for _, c := range calls {
		schemes = append(schemes, c.Auth)
	}
	if want := []string{"Token", "Token", "Bearer", "Token", "Token", "Token", "Token"}; !slices.Equal(schemes, want) {
		t.Errorf("schemes %q, want %q", schemes, want)
	}
	if c := calls[0]; c.Method != "POST" || c.Path != "/api/v3/accounts/1/users/10/account-apikeys/" || c.Body != `{"name":"x"}` || c.Status != 201 {
		t.Errorf("first call %+v", c)
	}
	if calls[1].Status != 401 {
		t.Errorf("legacy call status %d", calls[1].Status)
	}
}

func TestConcurrentCreates(t *testing.T) {
	s := dbtcloudtest.NewServer()
	defer s.Close()
	admin := "Token " + s.AddServiceToken(1, "admin", dbtcloudtest.Grant{PermissionSet: "account_admin"})
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			body := fmt.Sprintf(`{"name":"pat %d"}`, i)
			req, _ := http.NewRequest("POST", s.URL+"/api/v3/accounts/1/users/10/account-apikeys/", bytes.NewBufferString(body))
			req.Header.Set("Authorization", admin)
			req.Header.Set("Content-Type", "application/json")
			resp, err := s.Client().Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode != 201 {
				t.Errorf("status %d", resp.StatusCode)
			}
		})
	}
	wg.Wait()
	pats := s.PATs(1)
	ids := map[int]bool{}
	for _, p := range pats {
		ids[p.ID] = true
	}
	if len(pats) != 20 || len(ids) != 20 || len(s.Calls()) != 20 {
		t.Errorf("%d PATs, %d ids, %d calls", len(pats), len(ids), len(s.Calls()))
	}
}
