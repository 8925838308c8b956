package migrate_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/patmigrate/patmigrate/dbtcloud"
	"github.com/patmigrate/patmigrate/dbtcloud/dbtcloudtest"
	"github.com/patmigrate/patmigrate/migrate"
	"github.com/patmigrate/patmigrate/report"
	"github.com/patmigrate/patmigrate/secret"
)

// fixture is a fake dbt Cloud with two accounts, each with a bootstrap
// service token, and a plan of three sites across them.
type fixture struct {
	srv        *dbtcloudtest.Server
	plan       *report.Plan
	boot       map[int]string
	dir        string
	journal    string
	secretsOut string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	srv := dbtcloudtest.NewServer()
	t.Cleanup(srv.Close)
	srv.AddAccount(2, "Beta")
	srv.AddUser(2, 20, "alice@example.com") // the same person, another id
	f := &fixture{srv: srv, dir: t.TempDir(), boot: map[int]string{
		1: srv.AddServiceToken(1, "bootstrap", dbtcloudtest.Grant{PermissionSet: "account_admin"}),
		2: srv.AddServiceToken(2, "bootstrap", dbtcloudtest.Grant{PermissionSet: "account_admin"}),
	}}
	f.journal = migrate.JournalPath(filepath.Join(f.dir, "plan.yaml"))
	f.secretsOut = filepath.Join(f.dir, "new.env")
	site := func(id, repl, ps string) report.PlanSite {
		return report.PlanSite{ID: id, Location: id + ":1", Replacement: repl, PermissionSet: ps, Name: "patmigrate " + id}
	}
	f.plan = &report.Plan{Version: 1, Accounts: []report.PlanAccount{
		{AccountID: 1, Host: srv.URL, Legacy: []report.PlanCredential{{SecretID: "sha256:a", Sites: []report.PlanSite{
			site("ci", report.ServiceToken, "job_runner"),
			site("laptop", report.PAT, ""),
		}}}},
		{AccountID: 2, Host: srv.URL, Legacy: []report.PlanCredential{{SecretID: "sha256:b", Sites: []report.PlanSite{
			site("airflow", report.ServiceToken, "job_runner"),
		}}}},
	}}
	return f
}

func (f *fixture) options(t *testing.T, out *bytes.Buffer) migrate.Options {
	t.Helper()
	j, err := migrate.OpenJournal(f.journal)
	if err != nil {
		t.Fatal(err)
	}
	s, err := migrate.OpenSecrets(f.secretsOut)
	if err != nil {
		t.Fatal(err)
	}
	return migrate.Options{
		Yes: true, Host: f.srv.URL, UserEmail: "alice@example.com", Journal: j, Secrets: s, Out: out,
		Token: func(account int) (secret.Secret, bool) {
			v, ok := f.boot[account]
			return secret.New(v), ok
		},
	}
}

// created counts the tokens patmigrate made (not the bootstraps).
func (f *fixture) created() (names []string) {
	for _, a := range []int{1, 2} {
		for _, tok := range append(f.srv.ServiceTokens(a), f.srv.PATs(a)...) {
			if tok.Name != "bootstrap" && tok.State == 1 {
				names = append(names, tok.Name)
			}
		}
	}
	return names
}

func (f *fixture) check(t *testing.T, out []migrate.Outcome, err error, log *bytes.Buffer) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if got := f.created(); len(got) != 3 {
		t.Errorf("tokens in dbt Cloud: %v, want the 3 planned", got)
	}
	// Every new secret is in the secrets file, works, and is nowhere else.
	data, err := os.ReadFile(f.secretsOut)
	if err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(f.secretsOut); info.Mode().Perm() != 0o600 {
		t.Errorf("secrets file mode %v, want 0600", info.Mode().Perm())
	}
	var secrets []string
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(k, "#") {
			secrets = append(secrets, v)
		}
	}
	if len(secrets) != 3 {
		t.Errorf("secrets file holds %d tokens, want 3:\n%s", len(secrets), data)
	}
	journal, _ := os.ReadFile(f.journal)
	for _, v := range secrets {
		c, err := dbtcloud.New(f.srv.URL, secret.New(v), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.ListAccounts(context.Background()); err != nil {
			t.Errorf("a new token does not work: %v", err)
		}
		if strings.Contains(log.String(), v) || strings.Contains(string(journal), v) || strings.Contains(fmtOutcomes(out), v) {
			t.Errorf("a new secret leaked into the log, journal or outcomes")
		}
	}
}

func fmtOutcomes(out []migrate.Outcome) string {
	b, _ := json.Marshal(out)
	return string(b)
}

func TestApplyCreatesThePlanOnce(t *testing.T) {
	f := newFixture(t)
	var log bytes.Buffer
	out, err := migrate.Apply(context.Background(), f.plan, f.options(t, &log))
	f.check(t, out, err, &log)
	for _, o := range out {
		if o.Result != "created" || o.TokenID == 0 {
			t.Errorf("first run: %+v", o)
		}
	}
	pats := f.srv.PATs(2)
	if len(pats) != 0 {
		t.Errorf("account 2 got a PAT: %+v", pats)
	}
	if p := f.srv.PATs(1); len(p) != 1 || p[0].UserID != 10 {
		t.Errorf("the PAT belongs to %+v, want alice's id in account 1 (10)", p)
	}

	// A second run creates nothing.
	calls := len(f.srv.Calls())
	out, err = migrate.Apply(context.Background(), f.plan, f.options(t, &log))
	f.check(t, out, err, &log)
	for _, o := range out {
		if !strings.HasPrefix(o.Result, "skipped") {
			t.Errorf("second run: %+v", o)
		}
	}
	for _, c := range f.srv.Calls()[calls:] {
		if c.Method == "POST" {
			t.Errorf("second run: %s %s", c.Method, c.Path)
		}
	}
}

// cancelAfter cancels a context when the first site is reported done.
type cancelAfter struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	cancel context.CancelFunc
}

func (w *cancelAfter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if bytes.Contains(p, []byte(": created")) {
		w.cancel()
	}
	return w.buf.Write(p)
}

func TestApplyResumesAfterInterrupt(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	w := &cancelAfter{cancel: cancel}
	var log bytes.Buffer
	opts := f.options(t, &log)
	opts.Out = w
	out, err := migrate.Apply(ctx, f.plan, opts)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(f.created()); n != 1 || !migrate.Failed(out) {
		t.Fatalf("the interrupted run created %d tokens (want 1): %+v", n, out)
	}
	out, err = migrate.Apply(context.Background(), f.plan, f.options(t, &log))
	f.check(t, out, err, &log)
	var created, skipped int
	for _, o := range out {
		switch {
		case o.Result == "created":
			created++
		case strings.HasPrefix(o.Result, "skipped"):
			skipped++
		}
	}
	if created != 2 || skipped != 1 {
		t.Errorf("resumed run: %+v", out)
	}
}

func TestApplyRateLimitedThenSucceeds(t *testing.T) {
	f := newFixture(t)
	f.srv.RateLimitNext(2, 0)
	var log bytes.Buffer
	out, err := migrate.Apply(context.Background(), f.plan, f.options(t, &log))
	f.check(t, out, err, &log)
	if migrate.Failed(out) {
		t.Errorf("after 429s: %+v", out)
	}
}

func TestApplyBadBootstrapFailsOnlyItsAccount(t *testing.T) {
	f := newFixture(t)
	f.boot[1] = "dbtc_" + strings.Repeat("x", 40) // not a token the server knows
	var log bytes.Buffer
	out, err := migrate.Apply(context.Background(), f.plan, f.options(t, &log))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range out {
		switch o.AccountID {
		case 1:
			if !o.Failed || !strings.Contains(o.Result, "bootstrap credential") || !strings.Contains(o.Result, "account 1") {
				t.Errorf("account 1: %+v, want a clear failure", o)
			}
			if strings.Contains(o.Result, f.boot[1]) {
				t.Errorf("the error shows the bootstrap credential: %s", o.Result)
			}
		case 2:
			if o.Result != "created" {
				t.Errorf("account 2: %+v, want it to proceed", o)
			}
		}
	}
	if got := f.created(); len(got) != 1 || got[0] != "patmigrate airflow" {
		t.Errorf("created %v, want only account 2's token", got)
	}
}

func TestApplyDryRunSendsNothing(t *testing.T) {
	f := newFixture(t)
	var log bytes.Buffer
	opts := f.options(t, &log)
	opts.Yes = false
	out, err := migrate.Apply(context.Background(), f.plan, opts)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(f.srv.Calls()); n != 0 {
		t.Errorf("the dry run made %d calls", n)
	}
	for _, want := range []string{
		"POST " + f.srv.URL + "/api/v3/accounts/1/service-tokens/  {\"name\": \"patmigrate ci\", \"permission_grants\": [{\"permission_set\": \"job_runner\"}]}",
		"GET  " + f.srv.URL + "/api/v3/accounts/1/users/?offset=0&limit=100 ...  (every page; find alice@example.com)",
		"POST " + f.srv.URL + "/api/v3/accounts/1/users/{user_id}/account-apikeys/  {\"name\": \"patmigrate laptop\"}",
		"POST " + f.srv.URL + "/api/v3/accounts/2/service-tokens/",
	} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("the dry run does not show %q:\n%s", want, log.String())
		}
	}
	if len(out) != 3 || out[0].Result != "would create" {
		t.Errorf("dry run outcomes: %+v", out)
	}
}

func TestOpenSecretsRefusesLooseMode(t *testing.T) {
	file := filepath.Join(t.TempDir(), "new.env")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := migrate.OpenSecrets(file); err == nil || !strings.Contains(err.Error(), file) {
		t.Errorf("OpenSecrets on a 0644 file: %v, want an error naming it", err)
	}
}

func TestSecretsJSON(t *testing.T) {
	file := filepath.Join(t.TempDir(), "new.json")
	s, err := migrate.OpenSecrets(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(1, "ci", migrate.SecretEntry{AccountID: 1, Type: "service-token", Name: "n", TokenID: 5}, secret.New("dbtc_abc")); err != nil {
		t.Fatal(err)
	}
	s, err = migrate.OpenSecrets(file) // a second run keeps what the first wrote
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(1, "laptop", migrate.SecretEntry{AccountID: 1, Type: "pat", Name: "m", TokenID: 6}, secret.New("dbtu_def")); err != nil {
		t.Fatal(err)
	}
	var got map[string]migrate.SecretEntry
	data, _ := os.ReadFile(file)
	if err := json.Unmarshal(data, &got); err != nil || got["1/ci"].Token != "dbtc_abc" || got["1/laptop"].TokenID != 6 {
		t.Errorf("secrets file: %s (%v)", data, err)
	}
}

// cancelOnPost cancels the run's context as a create goes out, as a
// Ctrl-C at the worst moment would.
type cancelOnPost struct {
	cancel context.CancelFunc
	once   sync.Once
}

func (c *cancelOnPost) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost {
		c.once.Do(c.cancel)
	}
	return http.DefaultTransport.RoundTrip(r)
}

func TestApplyInterruptDuringCreateKeepsTheSecret(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	var log bytes.Buffer
	opts := f.options(t, &log)
	opts.HTTP = &http.Client{Transport: &cancelOnPost{cancel: cancel}}
	out, err := migrate.Apply(ctx, f.plan, opts)
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Result != "created" {
		t.Errorf("the create in flight at Ctrl-C: %+v, want it finished and saved", out[0])
	}
	if n := len(f.created()); n != 1 {
		t.Errorf("%d tokens after the interrupt, want 1", n)
	}
	out, err = migrate.Apply(context.Background(), f.plan, f.options(t, &log))
	f.check(t, out, err, &log)
}

func TestApplyJournalLostAfterSecretSaved(t *testing.T) {
	f := newFixture(t)
	var log bytes.Buffer
	if _, err := migrate.Apply(context.Background(), f.plan, f.options(t, &log)); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(f.journal); err != nil {
		t.Fatal(err)
	}
	calls := len(f.srv.Calls())
	out, err := migrate.Apply(context.Background(), f.plan, f.options(t, &log))
	f.check(t, out, err, &log)
	for _, c := range f.srv.Calls()[calls:] {
		if c.Method == http.MethodPost {
			t.Errorf("rerun without a journal: %s %s", c.Method, c.Path)
		}
	}
	if j, err := migrate.OpenJournal(f.journal); err != nil || len(j.Created) != 3 {
		t.Errorf("the journal was not rebuilt: %+v, %v", j, err)
	}
}

func TestApplyRotate(t *testing.T) {
	f := newFixture(t)
	old := f.srv.AddPAT(1, 10, "patmigrate laptop") // made by hand, secret lost
	var log bytes.Buffer
	opts := f.options(t, &log)
	out, err := migrate.Apply(context.Background(), f.plan, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out[1].Result, "--rotate") {
		t.Errorf("an existing PAT without --rotate: %+v", out[1])
	}
	opts = f.options(t, &log)
	opts.Rotate = true
	out, err = migrate.Apply(context.Background(), f.plan, opts)
	f.check(t, out, err, &log)
	if out[1].Result != "rotated" {
		t.Errorf("with --rotate: %+v", out[1])
	}
	c, _ := dbtcloud.New(f.srv.URL, secret.New(old), nil)
	if _, err := c.GetAccount(context.Background(), 1); err == nil {
		t.Errorf("the rotated-out secret still works")
	}
	// What this tool made is never rotated again.
	calls := len(f.srv.Calls())
	if _, err := migrate.Apply(context.Background(), f.plan, opts); err != nil {
		t.Fatal(err)
	}
	for _, c := range f.srv.Calls()[calls:] {
		if c.Method == http.MethodPost {
			t.Errorf("--rotate again: %s %s", c.Method, c.Path)
		}
	}
}

func TestApplyRefusesAnEditedSiteItAlreadyServed(t *testing.T) {
	f := newFixture(t)
	var log bytes.Buffer
	if _, err := migrate.Apply(context.Background(), f.plan, f.options(t, &log)); err != nil {
		t.Fatal(err)
	}
	f.plan.Accounts[0].Legacy[0].Sites[0].Name = "renamed"
	out, err := migrate.Apply(context.Background(), f.plan, f.options(t, &log))
	if err != nil {
		t.Fatal(err)
	}
	if !out[0].Failed || !strings.Contains(out[0].Result, `"patmigrate ci"`) || !strings.Contains(out[0].Result, `"renamed"`) {
		t.Errorf("an edited site: %+v, want a failure naming both tokens", out[0])
	}
}

func TestApplyNeverOverwritesASavedSecret(t *testing.T) {
	f := newFixture(t)
	other := `# account 1, service-token "from another plan" (id 99)` + "\n" + migrate.EnvKey(1, "ci") + "=dbtc_other\n"
	if err := os.WriteFile(f.secretsOut, []byte(other), 0o600); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	out, err := migrate.Apply(context.Background(), f.plan, f.options(t, &log))
	if err != nil {
		t.Fatal(err)
	}
	if !out[0].Failed || !strings.Contains(out[0].Result, "token 99") {
		t.Errorf("a site whose key the file holds: %+v", out[0])
	}
	data, _ := os.ReadFile(f.secretsOut)
	if !strings.Contains(string(data), "=dbtc_other") || !strings.Contains(string(data), `"from another plan" (id 99)`) {
		t.Errorf("the other secret or its comment is gone:\n%s", data)
	}
	for _, name := range f.created() {
		if name == "patmigrate ci" {
			t.Errorf("the token was created though its secret had nowhere to go")
		}
	}
}

func TestOpenSecretsRefusesASymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "vault.env")
	if err := os.WriteFile(target, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "new.env")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if _, err := migrate.OpenSecrets(link); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("OpenSecrets on a symlink: %v", err)
	}
}

// The dry run says what the real run does: a journaled site is skipped,
// --rotate or not.
func TestApplyDryRunMatchesARealRerun(t *testing.T) {
	f := newFixture(t)
	var log bytes.Buffer
	if _, err := migrate.Apply(context.Background(), f.plan, f.options(t, &log)); err != nil {
		t.Fatal(err)
	}
	opts := f.options(t, &log)
	opts.Yes, opts.Rotate = false, true
	dry, err := migrate.Apply(context.Background(), f.plan, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts = f.options(t, &log)
	opts.Rotate = true
	real, err := migrate.Apply(context.Background(), f.plan, opts)
	if err != nil {
		t.Fatal(err)
	}
	for i := range dry {
		if dry[i].Result != real[i].Result {
			t.Errorf("site %s: the dry run says %q, the run did %q", dry[i].Site, dry[i].Result, real[i].Result)
		}
	}
}
