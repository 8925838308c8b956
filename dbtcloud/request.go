package dbtcloud

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// Request is one call of the Admin API as the Client sends it. Each Client
// method that a migration's dry run must show has a function that returns
// its request (GetAccount, GetAccountRequest; CreatePAT, CreatePATRequest;
// ...), and the method sends exactly that request: what a dry run prints
// cannot drift from what a real run sends. The zero value is no request.
type Request struct {
	Method string
	Path   string // from the host's root; of a list, without its paging query
	Body   any    // sent as JSON; nil for none
	List   bool   // a list: every page is read, the first at FirstPage

	account int // the account it is about, for errors; 0 for none
}

// FirstPage is the path and query of the first page of a list request.
func (r Request) FirstPage() string { return pagePath(r.Path, 0) }

// pagePath is path with the query of the page that starts at offset.
func pagePath(path string, offset int) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return fmt.Sprintf("%s%soffset=%d&limit=%d", path, sep, offset, pageSize)
}

// send sends r, which is no list, and decodes its data into out.
func (c *Client) send(ctx context.Context, r Request, out any) error {
	return c.do(ctx, r.Method, r.Path, r.account, r.Body, out)
}

func accountPath(account int) string { return fmt.Sprintf("/api/v3/accounts/%d/", account) }

func patPath(account, user int) string {
	return fmt.Sprintf("%susers/%d/account-apikeys/", accountPath(account), user)
}

func patIDPath(account, user, id int) string { return fmt.Sprintf("%s%d/", patPath(account, user), id) }

// GetAccountRequest is the request of GetAccount.
func GetAccountRequest(account int) Request {
	return Request{Method: http.MethodGet, Path: accountPath(account), account: account}
}

// ListUsersRequest is the request of ListUsers.
func ListUsersRequest(account int) Request {
	return Request{Method: http.MethodGet, Path: accountPath(account) + "users/", List: true, account: account}
}

// ListPATsRequest is the request of ListPATs.
func ListPATsRequest(account, user int) Request {
	return Request{Method: http.MethodGet, Path: patPath(account, user), List: true, account: account}
}

// CreatePATRequest is the request of CreatePAT.
func CreatePATRequest(account, user int, name string) Request {
	return Request{Method: http.MethodPost, Path: patPath(account, user), Body: map[string]string{"name": name}, account: account}
}

// RotatePATRequest is the request of RotatePAT.
func RotatePATRequest(account, user, id int) Request {
	return Request{Method: http.MethodPost, Path: patIDPath(account, user, id), account: account}
}

// ListServiceTokensRequest is the request of ListServiceTokens.
func ListServiceTokensRequest(account int, activeOnly bool) Request {
	path := accountPath(account) + "service-tokens/"
	if activeOnly {
		path += "?state=1"
	}
	return Request{Method: http.MethodGet, Path: path, List: true, account: account}
}

// CreateServiceTokenRequest is the request of CreateServiceToken.
func CreateServiceTokenRequest(account int, name string, grants []Grant) Request {
	body := struct {
		Name   string  `json:"name"`
		Grants []Grant `json:"permission_grants"`
	}{name, grants}
	return Request{Method: http.MethodPost, Path: accountPath(account) + "service-tokens/", Body: body, account: account}
}
