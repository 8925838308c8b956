package dbtcloud_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/dbtcloud"
	"github.com/patmigrate/patmigrate/dbtcloud/dbtcloudtest"
	"github.com/patmigrate/patmigrate/secret"
)

func TestVerify(t *testing.T) {
	srv := dbtcloudtest.NewServer()
	defer srv.Close()
	srv.AddAccount(2, "Other")
	pat := srv.AddPAT(1, 10, "alice laptop")
	svc := srv.AddServiceToken(1, "ci", dbtcloudtest.Grant{PermissionSet: "job_runner"})
	legacy := "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
	srv.AddLegacyKey(legacy)
	broken := srv.AddServiceToken(1, "flaky", dbtcloudtest.Grant{PermissionSet: "job_runner"})

	creds := []dbtcloud.Credential{
		{ID: "pat", Secret: secret.New(pat), Host: srv.URL, Account: 1},
		{ID: "pat-other-account", Secret: secret.New(pat), Host: srv.URL, Account: 2},
		{ID: "service", Secret: secret.New(svc), Host: srv.URL},
		{ID: "legacy", Secret: secret.New(legacy), Host: srv.URL, Account: 1},
		{ID: "revoked", Secret: secret.New("dbtu_" + strings.Repeat("x", 40)), Host: srv.URL, Account: 1},
		{ID: "elsewhere", Secret: secret.New(pat), Host: "https://example.com", Account: 1},
		{ID: "bad host", Secret: secret.New(pat), Host: "ftp://", Account: 1},
		{ID: "server error", Secret: secret.New(broken), Host: srv.URL, Account: 1},
	}
	want := map[string]dbtcloud.Verdict{
		"pat":               dbtcloud.Live,
		"pat-other-account": dbtcloud.Live,
		"service":           dbtcloud.Live,
		"legacy":            dbtcloud.Dead,
		"revoked":           dbtcloud.Dead,
		"elsewhere":         dbtcloud.Unknown,
		"bad host":          dbtcloud.Unknown,
		"server error":      dbtcloud.Unknown,
	}
	// A 400 is not retried, so the one credential that meets it is unknown.
	srv.FailNext(http.MethodGet, "/api/v3/accounts/1/", http.StatusBadRequest, 1)
	// Run "server error" alone first so the fault lands on it.
	first := dbtcloud.Verify(context.Background(), creds[len(creds)-1:], dbtcloud.VerifyOptions{Allow: []string{srv.URL}, HTTP: srv.Client()})
	got := dbtcloud.Verify(context.Background(), creds[:len(creds)-1], dbtcloud.VerifyOptions{Allow: []string{srv.URL}, HTTP: srv.Client(), Jobs: 3})
	got = append(got, first...)

	if len(got) != len(creds) {
		t.Fatalf("%d results for %d credentials", len(got), len(creds))
	}
	for i, r := range got {
		if r.ID != creds[i].ID {
			t.Errorf("result %d is %q, want %q: order not kept", i, r.ID, creds[i].ID)
		}
		if r.Verdict != want[r.ID] {
			t.Errorf("%s: verdict %s (%s), want %s", r.ID, r.Verdict, r.Reason, want[r.ID])
		}
		for _, s := range []string{pat, svc, legacy, broken} {
			if strings.Contains(r.Reason, s) {
				t.Errorf("%s: the reason shows a secret: %s", r.ID, r.Reason)
			}
		}
	}
	// The credential for example.com was never sent anywhere.
	for _, c := range srv.Calls() {
		if strings.Contains(c.Path, "example.com") {
			t.Errorf("unexpected call %+v", c)
		}
	}

	slices.SortStableFunc(got, func(a, b dbtcloud.Result) int { return a.Verdict.Urgency() - b.Verdict.Urgency() })
	var order []dbtcloud.Verdict
	for _, r := range got {
		if len(order) == 0 || order[len(order)-1] != r.Verdict {
			order = append(order, r.Verdict)
		}
	}
	if len(order) != 3 || order[0] != dbtcloud.Live || order[1] != dbtcloud.Unknown || order[2] != dbtcloud.Dead {
		t.Errorf("sorted verdicts %v, want live, unknown, dead", order)
	}
}

// TestVerifyNeverFollowsARedirect: a host that redirects (to http on
// itself, to another host) gets no second request with the credential,
// and the verdict is unknown: nothing answered with the credential after
// it was dropped can say "live".
func TestVerifyNeverFollowsARedirect(t *testing.T) {
	const tok = "dbtc_" + "0123456789abcdefghijABCDEFGHIJ0123456789abcdefghij"
	followed := make(chan string, 4)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/elsewhere/" {
			followed <- r.Header.Get("Authorization")
			w.Write([]byte(`{"status":{"code":200,"is_success":true},"data":{"id":1}}`))
			return
		}
		http.Redirect(w, r, "/elsewhere/", http.StatusFound)
	}))
	defer srv.Close()
	res := dbtcloud.Verify(context.Background(), []dbtcloud.Credential{{ID: "x", Secret: secret.New(tok), Host: srv.URL, Account: 1}},
		dbtcloud.VerifyOptions{Allow: []string{srv.URL}})
	if r := res[0]; r.Verdict != dbtcloud.Unknown || !strings.Contains(r.Reason, "redirect") || strings.Contains(r.Reason, tok) {
		t.Errorf("verdict %s, reason %q", r.Verdict, r.Reason)
	}
	select {
	case auth := <-followed:
		t.Errorf("the redirect was followed (Authorization %q)", secret.Redact(auth))
	default:
	}
}
