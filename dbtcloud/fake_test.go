package dbtcloud_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/patmigrate/patmigrate/dbtcloud"
	"github.com/patmigrate/patmigrate/dbtcloud/dbtcloudtest"
	"github.com/patmigrate/patmigrate/secret"
)

// The client against the fake server: the documented behaviour end to end.
func TestClientAgainstFakeServer(t *testing.T) {
	srv := dbtcloudtest.NewServer()
	defer srv.Close()
	srv.AddAccount(2, "Other")
	admin := srv.AddServiceToken(1, "bootstrap", dbtcloudtest.Grant{PermissionSet: "account_admin"})
	legacy := "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
	srv.AddLegacyKey(legacy)
	ctx := context.Background()
	client := func(tok string) *dbtcloud.Client {
		c, err := dbtcloud.New(srv.URL, secret.New(tok), srv.Client())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := client(admin)

	accounts, err := c.ListAccounts(ctx)
	if err != nil || len(accounts) != 1 || accounts[0].ID != 1 {
		t.Errorf("ListAccounts = %+v, %v: want only the token's own account", accounts, err)
	}
	users, err := c.ListUsers(ctx, 1)
	if err != nil || len(users) != 1 || users[0].Email != "alice@example.com" {
		t.Fatalf("ListUsers = %+v, %v", users, err)
	}
	tok, pat, err := c.CreatePAT(ctx, 1, users[0].ID, "patmigrate ci")
	if err != nil || tok.ID == 0 || pat.IsZero() {
		t.Fatalf("CreatePAT = %+v, %v", tok, err)
	}
	if _, err := client(pat.Reveal()).GetAccount(ctx, 1); err != nil {
		t.Errorf("the new PAT does not work: %v", err)
	}
	if _, err := client(pat.Reveal()).GetAccount(ctx, 2); !errors.Is(err, dbtcloud.ErrForbidden) {
		t.Errorf("the PAT on another account: %v, want ErrForbidden", err)
	}
	_, rotated, err := c.RotatePAT(ctx, 1, users[0].ID, tok.ID)
	if err != nil || rotated.Reveal() == pat.Reveal() {
		t.Fatalf("RotatePAT: %v", err)
	}
	if _, err := client(pat.Reveal()).GetAccount(ctx, 1); !errors.Is(err, dbtcloud.ErrUnauthorized) {
		t.Errorf("the rotated-out PAT still works: %v", err)
	}
	if err := c.DeletePAT(ctx, 1, users[0].ID, tok.ID); err != nil {
		t.Errorf("DeletePAT: %v", err)
	}
	st, svc, err := c.CreateServiceToken(ctx, 1, "airflow", []dbtcloud.Grant{{PermissionSet: "job_runner", ProjectID: 7}})
	if err != nil || st.ID == 0 || svc.IsZero() {
		t.Fatalf("CreateServiceToken = %+v, %v", st, err)
	}
	list, err := c.ListServiceTokens(ctx, 1, true)
	if err != nil || len(list) != 2 {
		t.Errorf("ListServiceTokens = %+v, %v", list, err)
	}
	if _, err := client(legacy).GetAccount(ctx, 1); !errors.Is(err, dbtcloud.ErrUnauthorized) {
		t.Errorf("a legacy key: %v, want ErrUnauthorized", err)
	}
	for _, call := range srv.Calls() {
		for _, s := range []string{admin, pat.Reveal(), rotated.Reveal(), svc.Reveal(), legacy} {
			if strings.Contains(call.Body, s) || strings.Contains(call.Path, s) {
				t.Errorf("the fake recorded a secret: %+v", call)
			}
		}
	}
}

func TestClientRetriesTheRateLimit(t *testing.T) {
	srv := dbtcloudtest.NewServer()
	defer srv.Close()
	admin := srv.AddServiceToken(1, "bootstrap", dbtcloudtest.Grant{PermissionSet: "account_admin"})
	c, err := dbtcloud.New(srv.URL, secret.New(admin), srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	srv.RateLimitNext(2, time.Second)
	start := time.Now()
	if _, err := c.GetAccount(context.Background(), 1); err != nil {
		t.Fatalf("after two 429s: %v", err)
	}
	if waited := time.Since(start); waited < 2*time.Second {
		t.Errorf("waited %v, want Retry-After honoured (2 x 1 s)", waited)
	}
	srv.RateLimitNext(10, 0)
	c.Retries = 2
	if _, err := c.GetAccount(context.Background(), 1); !errors.Is(err, dbtcloud.ErrRateLimited) {
		t.Errorf("past the retry bound: %v, want ErrRateLimited", err)
	}
}

func TestClientReadsEveryPage(t *testing.T) {
	srv := dbtcloudtest.NewServer()
	defer srv.Close()
	admin := srv.AddServiceToken(1, "bootstrap", dbtcloudtest.Grant{PermissionSet: "account_admin"})
	for i := range 150 {
		srv.AddUser(1, 100+i, "user"+strconv.Itoa(i)+"@example.com")
		srv.AddServiceToken(1, "svc "+strconv.Itoa(i), dbtcloudtest.Grant{PermissionSet: "job_runner"})
	}
	c, err := dbtcloud.New(srv.URL, secret.New(admin), srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	users, err := c.ListUsers(context.Background(), 1)
	if err != nil || len(users) != 151 || users[150].Email != "user149@example.com" {
		t.Errorf("ListUsers: %d users, %v: want all 151 across pages", len(users), err)
	}
	tokens, err := c.ListServiceTokens(context.Background(), 1, true)
	if err != nil || len(tokens) != 151 {
		t.Errorf("ListServiceTokens: %d tokens, %v: want all 151 across pages", len(tokens), err)
	}
}
