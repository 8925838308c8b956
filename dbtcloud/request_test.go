package dbtcloud_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/patmigrate/patmigrate/dbtcloud"
	"github.com/patmigrate/patmigrate/dbtcloud/dbtcloudtest"
	"github.com/patmigrate/patmigrate/secret"
)

// Each Client method sends the request its ...Request function returns:
// method, path (of a list, its first page) and body.
func TestClientSendsItsRequests(t *testing.T) {
	srv := dbtcloudtest.NewServer() // account 1, user 10
	defer srv.Close()
	admin := srv.AddServiceToken(1, "bootstrap", dbtcloudtest.Grant{PermissionSet: "account_admin"})
	srv.AddPAT(1, 10, "to rotate")
	pat := srv.PATs(1)[0].ID
	c, err := dbtcloud.New(srv.URL, secret.New(admin), srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	grants := []dbtcloud.Grant{{PermissionSet: "job_runner"}, {PermissionSet: "developer", ProjectID: 7}}
	tests := []struct {
		name string
		req  dbtcloud.Request
		call func() error
	}{
		{"GetAccount", dbtcloud.GetAccountRequest(1), func() error { _, err := c.GetAccount(ctx, 1); return err }},
		{"ListUsers", dbtcloud.ListUsersRequest(1), func() error { _, err := c.ListUsers(ctx, 1); return err }},
		{"ListPATs", dbtcloud.ListPATsRequest(1, 10), func() error { _, err := c.ListPATs(ctx, 1, 10); return err }},
		{"CreatePAT", dbtcloud.CreatePATRequest(1, 10, `a "PAT" & <more>`), func() error {
			_, _, err := c.CreatePAT(ctx, 1, 10, `a "PAT" & <more>`)
			return err
		}},
		{"RotatePAT", dbtcloud.RotatePATRequest(1, 10, pat), func() error { _, _, err := c.RotatePAT(ctx, 1, 10, pat); return err }},
		{"ListServiceTokens active", dbtcloud.ListServiceTokensRequest(1, true), func() error {
			_, err := c.ListServiceTokens(ctx, 1, true)
			return err
		}},
		{"ListServiceTokens all", dbtcloud.ListServiceTokensRequest(1, false), func() error {
			_, err := c.ListServiceTokens(ctx, 1, false)
			return err
		}},
		{"CreateServiceToken", dbtcloud.CreateServiceTokenRequest(1, "ci", grants), func() error {
			_, _, err := c.CreateServiceToken(ctx, 1, "ci", grants)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(srv.Calls())
			if err := tt.call(); err != nil {
				t.Fatal(err)
			}
			calls := srv.Calls()[before:]
			if len(calls) != 1 {
				t.Fatalf("%d requests sent, want 1: %+v", len(calls), calls)
			}
			want := tt.req.Path
			if tt.req.List {
				want = tt.req.FirstPage()
			}
			if got := calls[0]; got.Method != tt.req.Method || got.Path != want {
				t.Errorf("sent %s %s, the request says %s %s", got.Method, got.Path, tt.req.Method, want)
			}
			if !sameJSON(t, calls[0].Body, tt.req.Body) {
				t.Errorf("sent the body %s, the request says %+v", calls[0].Body, tt.req.Body)
			}
		})
	}
}

// sameJSON reports whether sent is the JSON of body (none for nil).
func sameJSON(t *testing.T, sent string, body any) bool {
	t.Helper()
	if body == nil {
		return sent == ""
	}
	data, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	var got, want any
	if err := json.Unmarshal([]byte(sent), &got); err != nil {
		return false
	}
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(got, want)
}
