package migrate_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/migrate"
	"github.com/patmigrate/patmigrate/report"
)

// TestApplyRefusesAMalformedSecret is a server whose token_string is not a
// token's shape: a newline that would add a line to the dotenv file, or
// 100 KB. The secret is not saved, the run stops there (nothing more is
// made), and the outcome says how to be rid of the token: a PAT is
// deleted again, a service token named to deactivate.
func TestApplyRefusesAMalformedSecret(t *testing.T) {
	for _, tt := range []struct {
		name, shown string
		pat         bool
		undo        string
	}{
		{"a newline in a service token", "dbtc_" + strings.Repeat("a", 50) + "\nLD_PRELOAD=/tmp/evil.so", false, "deactivate it"},
		{"100 KB of a service token", "dbtc_" + strings.Repeat("a", 100<<10), false, "deactivate it"},
		{"a PAT with a service token's prefix", "dbtc_" + strings.Repeat("b", 50), true, "deleted again"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			if tt.pat {
				// Account 1's PAT first.
				a := &f.plan.Accounts[0]
				a.Legacy[0].Sites = []report.PlanSite{a.Legacy[0].Sites[1], a.Legacy[0].Sites[0]}
			}
			f.srv.SecretNext(tt.shown)
			var log bytes.Buffer
			out, err := migrate.Apply(context.Background(), f.plan, f.options(t, &log))
			if err != nil {
				t.Fatal(err)
			}
			if len(out) != 3 || !out[0].Failed || !strings.Contains(out[0].Result, "not a ") || !strings.Contains(out[0].Result, tt.undo) {
				t.Fatalf("outcomes:\n%s", fmtOutcomes(out))
			}
			for _, o := range out[1:] {
				if !o.Failed || !strings.HasPrefix(o.Result, "not done: ") {
					t.Errorf("after the refused secret: %+v", o)
				}
			}
			if data, err := os.ReadFile(f.secretsOut); err == nil && len(data) > 0 {
				t.Errorf("the secrets file was written:\n%.300s", data)
			}
			want := 1
			if tt.pat {
				want = 0 // deleted again
			}
			if got := f.created(); len(got) != want {
				t.Errorf("tokens left in dbt Cloud: %v, want %d", got, want)
			}
			if strings.Contains(log.String()+fmtOutcomes(out), "LD_PRELOAD") {
				t.Error("the malformed secret reached the log or the outcomes")
			}
		})
	}
}

// TestApplyStopsAtTheFirstSecretNotSaved: the secrets file cannot be
// written once the run has begun; the first token made is reported with
// how to undo it, and nothing more is made.
func TestApplyStopsAtTheFirstSecretNotSaved(t *testing.T) {
	f := newFixture(t)
	var log bytes.Buffer
	opts := f.options(t, &log)
	// Where the file would go is now a folder: the write fails.
	if err := os.Mkdir(f.secretsOut, 0o700); err != nil {
		t.Fatal(err)
	}
	out, err := migrate.Apply(context.Background(), f.plan, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !out[0].Failed || !strings.Contains(out[0].Result, "could not be saved") || !strings.Contains(out[0].Result, "deactivate it") {
		t.Fatalf("first site: %+v", out[0])
	}
	for _, o := range out[1:] {
		if !strings.HasPrefix(o.Result, "not done: ") {
			t.Errorf("after the failed save: %+v", o)
		}
	}
	if got := f.created(); len(got) != 1 {
		t.Errorf("tokens made: %v, want only the first", got)
	}
}

// TestOpenSecretsChecksBeforeAnythingIsMade: a missing folder, a line it
// cannot read whole, a key given twice are errors at open, before apply
// creates a token; a long line is read whole and kept by the rewrite.
func TestOpenSecretsChecksBeforeAnythingIsMade(t *testing.T) {
	dir := t.TempDir()
	if _, err := migrate.OpenSecrets(filepath.Join(dir, "missing", "new.env")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("a missing folder: %v", err)
	}
	dup := filepath.Join(dir, "dup.env")
	if err := os.WriteFile(dup, []byte("A=1\nB=2\nA=3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := migrate.OpenSecrets(dup); err == nil || !strings.Contains(err.Error(), "dup.env:3: A is given twice") {
		t.Errorf("a key given twice: %v", err)
	}
	dupJSON := filepath.Join(dir, "dup.json")
	if err := os.WriteFile(dupJSON, []byte(`{"1/ci": {"token": "a"}, "1/ci": {"token": "b"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := migrate.OpenSecrets(dupJSON); err == nil || !strings.Contains(err.Error(), "1/ci is given twice") {
		t.Errorf("a JSON key given twice: %v", err)
	}

	f := newFixture(t)
	long := "KEPT_LONG=" + strings.Repeat("x", 100<<10)
	if err := os.WriteFile(f.secretsOut, []byte("FIRST=1\n"+long+"\nLAST=2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	out, err := migrate.Apply(context.Background(), f.plan, f.options(t, &log))
	if err != nil || migrate.Failed(out) {
		t.Fatalf("apply: %v\n%s", err, fmtOutcomes(out))
	}
	data, err := os.ReadFile(f.secretsOut)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\nFIRST=1\n", "\n" + long + "\n", "\nLAST=2\n", "DBT_CLOUD_TOKEN_1_CI=dbtc_", "DBT_CLOUD_TOKEN_1_LAPTOP=dbtu_", "DBT_CLOUD_TOKEN_2_AIRFLOW=dbtc_"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the rewrite lost %.40q", want)
		}
	}
}
