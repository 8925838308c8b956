package dbtcloud

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"

	"github.com/patmigrate/patmigrate/secret"
)

// Account is a dbt Cloud account.
type Account struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// User is a user of an account.
type User struct {
	ID    int    `json:"id"`
	Email string `json:"email"`
}

// Grant gives a service token a permission set, in one project or (zero
// ProjectID) the whole account.
type Grant struct {
	PermissionSet string `json:"permission_set"`
	ProjectID     int    `json:"project_id,omitempty"`
}

// Token is a personal access token or a service token as the API lists it:
// never its secret.
type Token struct {
	ID        int    `json:"id"`
	AccountID int    `json:"account_id"`
	UserID    int    `json:"user_id,omitempty"`
	UID       string `json:"uid"`
	Name      string `json:"name"`
	State     int    `json:"state"` // 1 active, 2 deleted
	// CreatedAt is as the API writes it ("2024-01-02 03:04:05.123456+00:00"),
	// not parsed: nothing here computes with it.
	CreatedAt string `json:"created_at"`
}

// created is a token as a create or rotate answers it: once with its secret.
type created struct {
	Token
	TokenString string `json:"token_string"`
}

// pageSize is the most a list endpoint returns at once. A list is bounded
// three ways, whatever the server says: in pages, in items and in bytes
// (a total_count of 1e9 with 15 MB pages grew to 2.4 GB), and a page that
// repeats the one before is a server that ignores offset.
const (
	pageSize     = 100
	maxPages     = 10000
	maxListItems = 100000
	maxListBytes = 64 << 20
)

// page is one page of a list endpoint, the total it reports (-1 when it
// reports none), and its size and digest.
type page[T any] struct {
	items  []T
	total  int
	size   int
	digest uint64
}

func (p *page[T]) decodePage(data, extra json.RawMessage) error {
	h := fnv.New64a()
	h.Write(data)
	p.size, p.digest = len(data), h.Sum64()
	if err := json.Unmarshal(data, &p.items); err != nil {
		return err
	}
	var x struct {
		Pagination struct {
			TotalCount *int `json:"total_count"`
		} `json:"pagination"`
	}
	p.total = -1
	if len(extra) > 0 && json.Unmarshal(extra, &x) == nil && x.Pagination.TotalCount != nil {
		p.total = *x.Pagination.TotalCount
	}
	return nil
}

// listAll reads every page of a list endpoint: an account can have more
// users or tokens than one page holds, and a missed one would be created
// twice or not found. It stops at the total the API reports, or, with
// none, at a short page.
func listAll[T any](ctx context.Context, c *Client, r Request) ([]T, error) {
	var all []T
	var bytes int
	var last uint64
	for n := 0; n < maxPages; n++ {
		var p page[T]
		if err := c.do(ctx, r.Method, pagePath(r.Path, len(all)), r.account, nil, &p); err != nil {
			return all, err
		}
		if n > 0 && len(p.items) > 0 && p.digest == last {
			return all, fmt.Errorf("%s: the page at offset %d repeats the one before: the server ignores offset", r.Path, len(all))
		}
		last, bytes = p.digest, bytes+p.size
		all = append(all, p.items...)
		switch {
		case len(all) > maxListItems || bytes > maxListBytes:
			return all, fmt.Errorf("%s: more than %d items or %d MiB; stopped", r.Path, maxListItems, maxListBytes>>20)
		case len(p.items) == 0:
			return all, nil
		case p.total >= 0 && len(all) >= p.total:
			return all, nil
		case p.total < 0 && len(p.items) < pageSize:
			return all, nil
		}
	}
	return all, fmt.Errorf("%s: more than %d pages; the server may ignore offset", r.Path, maxPages)
}

// ListAccounts returns the accounts the credential reaches. With an
// account-scoped token that is its own account only: the point of the
// migration's cross-account findings.
func (c *Client) ListAccounts(ctx context.Context) ([]Account, error) {
	return listAll[Account](ctx, c, Request{Method: http.MethodGet, Path: "/api/v3/accounts/", List: true})
}

// GetAccount returns one account; it is how a credential is verified.
func (c *Client) GetAccount(ctx context.Context, account int) (Account, error) {
	var out Account
	err := c.send(ctx, GetAccountRequest(account), &out)
	return out, err
}

// ListUsers returns an account's users (to find a user id by email: ids
// differ per account).
func (c *Client) ListUsers(ctx context.Context, account int) ([]User, error) {
	return listAll[User](ctx, c, ListUsersRequest(account))
}

// ListPATs returns a user's personal access tokens in an account.
func (c *Client) ListPATs(ctx context.Context, account, user int) ([]Token, error) {
	return listAll[Token](ctx, c, ListPATsRequest(account, user))
}

// CreatePAT creates a personal access token for user in account. The
// secret is returned once, here.
func (c *Client) CreatePAT(ctx context.Context, account, user int, name string) (Token, secret.Secret, error) {
	var out created
	err := c.send(ctx, CreatePATRequest(account, user, name), &out)
	return out.Token, secret.New(out.TokenString), err
}

// RotatePAT replaces a personal access token's secret; the old one stops
// working.
func (c *Client) RotatePAT(ctx context.Context, account, user, id int) (Token, secret.Secret, error) {
	var out created
	err := c.send(ctx, RotatePATRequest(account, user, id), &out)
	return out.Token, secret.New(out.TokenString), err
}

// DeletePAT deletes a personal access token.
func (c *Client) DeletePAT(ctx context.Context, account, user, id int) error {
	return c.send(ctx, Request{Method: http.MethodDelete, Path: patIDPath(account, user, id), account: account}, nil)
}

// ListServiceTokens returns an account's service tokens, only the active
// ones when activeOnly.
func (c *Client) ListServiceTokens(ctx context.Context, account int, activeOnly bool) ([]Token, error) {
	return listAll[Token](ctx, c, ListServiceTokensRequest(account, activeOnly))
}

// CreateServiceToken creates a service token with permission grants. The
// secret is returned once, here.
func (c *Client) CreateServiceToken(ctx context.Context, account int, name string, grants []Grant) (Token, secret.Secret, error) {
	var out created
	err := c.send(ctx, CreateServiceTokenRequest(account, name, grants), &out)
	return out.Token, secret.New(out.TokenString), err
}
