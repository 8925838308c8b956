package dbtcloud

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/secret"
)

// FuzzResponse answers the client with any status and body, as a
// misbehaving server or proxy can: it never panics, and no error it
// returns holds the credential it sent, even when the body echoes it.
func FuzzResponse(f *testing.F) {
	const token = "dbtc_nTV3u5-9yff4Akw5wwA1mtiV28A4fThpN98vbAstFlOKLRJDtQ"
	f.Add(200, []byte(`{"status":{"code":200,"is_success":true},"data":[{"id":1,"name":"a"}],"extra":{"pagination":{"total_count":1}}}`))
	f.Add(401, []byte(`{"status":{"code":401,"user_message":"Invalid token `+token+`"}}`))
	f.Add(500, []byte(`<html>Token `+token+`</html>`))
	f.Add(200, []byte(`{"data": 7}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 200 || status > 599 || status == 429 || status >= 500 || status == 408 {
			status = 200 + status%100 // retried statuses would only wait
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			_, _ = w.Write(body)
		}))
		defer srv.Close()
		c, err := New(srv.URL, secret.New(token), srv.Client())
		if err != nil {
			t.Fatal(err)
		}
		c.Retries = 0
		_, err = c.ListUsers(context.Background(), 1)
		if err != nil && strings.Contains(err.Error(), token) {
			t.Fatalf("the error holds the credential: %v", err)
		}
	})
}
