package dbtcloud

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/patmigrate/patmigrate/secret"
)

func TestParseHost(t *testing.T) {
	tests := []struct{ in, name, base string }{
		{"cloud.getdbt.com", "cloud.getdbt.com", "https://cloud.getdbt.com"},
		{"https://cloud.getdbt.com", "cloud.getdbt.com", "https://cloud.getdbt.com"},
		{"https://cloud.getdbt.com/api", "cloud.getdbt.com", "https://cloud.getdbt.com"},
		{"https://cloud.getdbt.com/api/v2/", "cloud.getdbt.com", "https://cloud.getdbt.com"},
		{"emea.dbt.com", "emea.dbt.com", "https://emea.dbt.com"},
		{"AB123.us1.dbt.com", "ab123.us1.dbt.com", "https://ab123.us1.dbt.com"},
		{"https://acme.getdbt.com/", "acme.getdbt.com", "https://acme.getdbt.com"},
		{"metadata.cloud.getdbt.com", "cloud.getdbt.com", "https://cloud.getdbt.com"},
		{"https://ab123.metadata.us1.dbt.com/graphql", "ab123.us1.dbt.com", "https://ab123.us1.dbt.com"},
		{"semantic-layer.emea.dbt.com:443", "emea.dbt.com:443", "https://emea.dbt.com:443"},
		{"http://127.0.0.1:8080", "127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"http://localhost:9", "localhost:9", "http://localhost:9"},
	}
	for _, tt := range tests {
		h, err := ParseHost(tt.in)
		if err != nil || h.Name != tt.name || h.BaseURL != tt.base {
			t.Errorf("ParseHost(%q) = %+v, %v; want %s %s", tt.in, h, err, tt.name, tt.base)
		}
	}
	for _, bad := range []string{"", "http://cloud.getdbt.com", "ftp://x", "://"} {
		if _, err := ParseHost(bad); err == nil {
			t.Errorf("ParseHost(%q) accepted", bad)
		}
	}
}

func TestIsDBTHost(t *testing.T) {
	for h, want := range map[string]bool{
		"cloud.getdbt.com": true, "emea.dbt.com": true, "ab123.us1.dbt.com": true, "acme.getdbt.com": true,
		"getdbt.com": false, "dbt.com": false, "example.com": false, "getdbt.com.evil.example": false, "notdbt.com": false,
		"cloud.getdbt.com:443": true,
		// dbt's own sites serve no account: the scanner never attributes a
		// finding to them, and no credential may be sent there.
		"docs.getdbt.com": false, "www.getdbt.com": false, "hub.getdbt.com": false, "status.getdbt.com": false,
	} {
		if got := IsDBTHost(h); got != want {
			t.Errorf("IsDBTHost(%q) = %v", h, got)
		}
	}
}

const tok = "dbtc_IrLwB1sYPTTRGpeW1YK42YbheVLanKE4Fe7WhOJPx7GKOCF3sU"

// testClient returns a client of srv whose sleeps are recorded, not slept.
func testClient(t *testing.T, srv *httptest.Server) (*Client, *[]time.Duration) {
	t.Helper()
	c, err := New(srv.URL, secret.New(tok), srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	var slept []time.Duration
	c.sleep = func(ctx context.Context, d time.Duration) error { slept = append(slept, d); return ctx.Err() }
	return c, &slept
}

func envelopeJSON(code int, msg, data string) string {
	return fmt.Sprintf(`{"status": {"code": %d, "is_success": %v, "user_message": %q, "developer_message": ""}, "data": %s}`, code, code < 300, msg, data)
}

func TestRetriesHonourRetryAfter(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("Authorization"); got != "Token "+tok {
			t.Errorf("Authorization = %q", got)
		}
		if n.Add(1) <= 2 {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, envelopeJSON(429, "Too many requests", "null"))
			return
		}
		fmt.Fprint(w, envelopeJSON(200, "", `{"id": 12345, "name": "Acme"}`))
	}))
	defer srv.Close()
	c, slept := testClient(t, srv)
	a, err := c.GetAccount(context.Background(), 12345)
	if err != nil || a.Name != "Acme" {
		t.Fatalf("GetAccount = %+v, %v", a, err)
	}
	if len(*slept) != 2 || (*slept)[0] != 7*time.Second {
		t.Errorf("slept %v, want 7s twice", *slept)
	}
}

func TestRetryBounds(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, envelopeJSON(500, "boom", "null"))
	}))
	defer srv.Close()
	c, slept := testClient(t, srv)
	_, err := c.ListUsers(context.Background(), 1)
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != 500 || int(n.Load()) != DefaultRetries+1 || len(*slept) != DefaultRetries {
		t.Errorf("GET: err %v, %d requests, slept %v", err, n.Load(), *slept)
	}
	// A create is not repeated after a 500: the server may have made it.
	n.Store(0)
	if _, _, err := c.CreatePAT(context.Background(), 1, 2, "x"); err == nil || n.Load() != 1 {
		t.Errorf("POST after 500: %v, %d requests", err, n.Load())
	}
}

func TestErrorsNameAccountAndHostNotToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A server (or proxy) that quotes the request back: the message
		// holds the credential.
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, envelopeJSON(401, "Invalid token. (got "+r.Header.Get("Authorization")+")", "null"))
	}))
	defer srv.Close()
	c, _ := testClient(t, srv)
	_, err := c.GetAccount(context.Background(), 4242)
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	msg := err.Error()
	for _, want := range []string{"account 4242", c.Host().Name, "Invalid token.", "service token"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, tok) || strings.Contains(fmt.Sprintf("%+v %#v", err, err), tok) {
		t.Error("the error holds the token")
	}
}

func TestMalformedAndCancelled(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<html>not json</html>")
	}))
	defer srv.Close()
	c, _ := testClient(t, srv)
	if _, err := c.ListAccounts(context.Background()); err == nil || !strings.Contains(err.Error(), "envelope") {
		t.Errorf("malformed: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.ListAccounts(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestPlainHTTPOnlyForLoopback(t *testing.T) {
	if _, err := New("http://cloud.getdbt.com", secret.New(tok), nil); err == nil {
		t.Error("plain http to a dbt host accepted")
	}
}

// A create is retried only when the server cannot have made the token.
func TestRetryPolicyOfCreates(t *testing.T) {
	tests := []struct {
		status     int
		retryAfter time.Duration
		get, post  bool
	}{
		{http.StatusTooManyRequests, 0, true, true},
		{http.StatusRequestTimeout, 0, true, true},
		{http.StatusServiceUnavailable, time.Second, true, true},
		{http.StatusServiceUnavailable, 0, true, false},
		{http.StatusBadGateway, 0, true, false},
		{http.StatusGatewayTimeout, 0, true, false},
		{http.StatusInternalServerError, 0, true, false},
		{0, 0, true, false}, // no answer at all
		{http.StatusBadRequest, 0, false, false},
	}
	c := &Client{}
	for _, tt := range tests {
		err := &APIError{Status: tt.status, RetryAfter: tt.retryAfter}
		if _, got := c.retryAfter(err, http.MethodGet, 0); got != tt.get {
			t.Errorf("GET after %d (Retry-After %v): retry %v, want %v", tt.status, tt.retryAfter, got, tt.get)
		}
		if _, got := c.retryAfter(err, http.MethodPost, 0); got != tt.post {
			t.Errorf("POST after %d (Retry-After %v): retry %v, want %v", tt.status, tt.retryAfter, got, tt.post)
		}
	}
}

// A server whose pages are smaller than asked for is read to its total.
func TestListFollowsTheReportedTotal(t *testing.T) {
	const total, served = 75, 30
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		var items []string
		for i := offset; i < min(offset+served, total); i++ {
			items = append(items, fmt.Sprintf(`{"id": %d, "email": "u%d@example.com"}`, i+1, i))
		}
		fmt.Fprintf(w, `{"status": {"code": 200, "is_success": true}, "data": [%s], "extra": {"pagination": {"count": %d, "total_count": %d}}}`,
			strings.Join(items, ","), len(items), total)
	}))
	defer srv.Close()
	c, _ := testClient(t, srv)
	users, err := c.ListUsers(context.Background(), 1)
	if err != nil || len(users) != total || users[total-1].ID != total {
		t.Errorf("ListUsers: %d users, %v; want %d", len(users), err, total)
	}
}

// TestListBounds: a server that ignores offset is found out at its second
// page, and one that claims a billion items with large pages is stopped at
// the list's byte bound, not after 10,000 requests.
func TestListBounds(t *testing.T) {
	var requests atomic.Int32
	ignores := func(pageBytes int) *httptest.Server {
		return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n := int(requests.Add(1))
			var users []string
			for i := range 100 {
				id := i
				if pageBytes > 0 {
					id = n*100 + i // distinct pages
				}
				users = append(users, fmt.Sprintf(`{"id":%d,"email":"u%d@x","pad":"%s"}`, id, id, strings.Repeat("x", pageBytes/100)))
			}
			fmt.Fprintf(w, `{"status":{"code":200,"is_success":true},"data":[%s],"extra":{"pagination":{"total_count":1000000000}}}`, strings.Join(users, ","))
		}))
	}
	for _, tt := range []struct {
		name      string
		pageBytes int
		want      string
		most      int32
	}{
		{"offset ignored", 0, "ignores offset", 2},
		{"a billion items in 1 MB pages", 1 << 20, "stopped", 70},
	} {
		t.Run(tt.name, func(t *testing.T) {
			requests.Store(0)
			srv := ignores(tt.pageBytes)
			defer srv.Close()
			c, err := New(srv.URL, secret.New("dbtc_x"), nil)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.ListUsers(context.Background(), 1)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
			if n := requests.Load(); n > tt.most {
				t.Errorf("%d requests, want at most %d", n, tt.most)
			}
		})
	}
}
