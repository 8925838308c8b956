package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// Made-up credentials of each shape, for check-env.
const (
	envLegacyKey = "0a29a5dfea2b1a1dfa1031b6cda8348bc2c4dde1"
	envBody      = "CXO35TyTt41pB5WmTfHT7dZS9WqX2nCF7amsvyzoIKpRZ8LXp_"
	envPAT       = "dbtu_" + envBody
	envService   = "dbtc_" + envBody
)

// envSecrets are the values check-env may never print, in whole or in part.
var envSecrets = []string{envLegacyKey, envLegacyKey[:20], envLegacyKey[20:], envBody, envBody[:20], envBody[30:]}

// runCheckEnvWith runs check-env with an injected environment and home
// folder, mapping its error to an exit code and message as run does.
func runCheckEnvWith(t *testing.T, env []string, home string, opts checkEnvOptions) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	s := &streams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}
	opts.Env = func() []string { return env }
	opts.UserHomeDir = func() (string, error) { return home, nil }
	if opts.Format == "" {
		opts.Format = "text"
	}
	err := runCheckEnv(s, &opts)
	var ee *exitError
	switch {
	case err == nil:
		code = exitOK
	case errors.As(err, &ee):
		code = ee.code
		errOut.WriteString("patmigrate: " + err.Error() + "\n")
	default:
		t.Fatalf("runCheckEnv: %v", err)
	}
	return code, out.String(), errOut.String()
}

func assertNoEnvSecret(t *testing.T, streams ...string) {
	t.Helper()
	for _, text := range streams {
		for _, s := range envSecrets {
			if strings.Contains(text, s) {
				t.Errorf("output contains (part of) a credential value:\n%s", text)
			}
		}
	}
}

func TestCheckEnv(t *testing.T) {
	noHome := t.TempDir()
	home := t.TempDir()
	write(t, filepath.Join(home, ".dbt", "dbt_cloud.yml"), "version: \"1\"\nprojects:\n  - project-id: \"270542\"\n    account-id: \"80808\"\n    token-value: "+envLegacyKey+"\n")
	goodConfig := filepath.Join(t.TempDir(), "dbt_cloud.yml")
	write(t, goodConfig, "projects:\n  - project-id: \"1\"\n    account-id: \"2\"\n    token-value: "+envPAT+"\n")
	legacyConfig := filepath.Join(t.TempDir(), "dbt_cloud.yml")
	write(t, legacyConfig, "version: \"1\"\napi-key: \""+envLegacyKey+"\"\nprojects:\n  - project-id: \"3\"\n    account-id: \"4\"\n")
	badConfig := filepath.Join(t.TempDir(), "dbt_cloud.yml")
	write(t, badConfig, "projects:\n  - token-value: "+envLegacyKey+"\n    bad: x: y\n")

	tests := []struct {
		name    string
		env     []string
		home    string
		opts    checkEnvOptions
		want    int
		inOut   []string // lines (or parts) stdout must hold
		inErr   string
		notInOu []string
	}{
		{"nothing", []string{"PATH=/usr/bin", "GIT_SHA=" + envLegacyKey}, noHome, checkEnvOptions{}, exitOK,
			nil, "no dbt Cloud credential variables set", nil},
		{"legacy key", []string{"DBT_CLOUD_API_KEY=" + envLegacyKey}, noHome, checkEnvOptions{}, exitFindings,
			[]string{"DBT_CLOUD_API_KEY  legacy-user-key  legacy user API key (dead since Oct 2024): replace it with a service token (automation"},
			"check-env: 1 legacy dbt Cloud user API key found", nil},
		{"pat", []string{"DBT_CLOUD_TOKEN=" + envPAT}, noHome, checkEnvOptions{}, exitOK,
			[]string{"DBT_CLOUD_TOKEN  pat"}, "no legacy user API keys in 1 variable", nil},
		{"service token", []string{"DBT_CLOUD_SERVICE_TOKEN='" + envService + "'"}, noHome, checkEnvOptions{}, exitOK,
			[]string{"DBT_CLOUD_SERVICE_TOKEN  service-token"}, "", nil},
		{"empty", []string{"DBT_TOKEN="}, noHome, checkEnvOptions{}, exitOK, []string{"DBT_TOKEN  empty"}, "", nil},
		{"unrecognised", []string{"DBT_API_KEY=" + strings.ToUpper(envLegacyKey)}, noHome, checkEnvOptions{}, exitOK,
			[]string{"DBT_API_KEY  unrecognised  not shaped like a dbt Cloud token"}, "", nil},
		{"airflow uri", []string{"AIRFLOW_CONN_DBT_CLOUD_DEFAULT=dbt-cloud://12345:" + envLegacyKey + "@cloud.getdbt.com"}, noHome, checkEnvOptions{}, exitFindings,
			[]string{"AIRFLOW_CONN_DBT_CLOUD_DEFAULT  legacy-user-key  legacy user API key (dead since Oct 2024) as the connection's password"}, "", nil},
		{"terraform", []string{"TF_VAR_dbt_cloud_token=" + envLegacyKey}, noHome, checkEnvOptions{}, exitFindings,
			[]string{"TF_VAR_dbt_cloud_token  legacy-user-key", "account_admin"}, "", nil},
		{"extra var set and unset", []string{"MY_SECRET=" + envLegacyKey}, noHome, checkEnvOptions{Vars: []string{"MY_SECRET", "OTHER"}}, exitFindings,
			[]string{"MY_SECRET  legacy-user-key", "OTHER      not-set          not set in this environment"}, "", nil},
		{"default config with legacy token-value", nil, home, checkEnvOptions{}, exitFindings,
			[]string{filepath.Join(home, ".dbt", "dbt_cloud.yml") + ":5  legacy-user-key  project 270542, account 80808: download a new dbt_cloud.yml from dbt Cloud (Account settings → API tokens)"},
			"1 legacy dbt Cloud user API key found", nil},
		{"config flag over the default", nil, home, checkEnvOptions{DBTCloudConfig: goodConfig}, exitOK,
			[]string{goodConfig + ":4  pat  project 1, account 2"}, "no legacy user API keys in 0 variables and 1 dbt_cloud.yml entry",
			[]string{"270542"}},
		{"legacy api-key config", nil, noHome, checkEnvOptions{DBTCloudConfig: legacyConfig}, exitFindings,
			[]string{legacyConfig + ":2  legacy-user-key  project 3, account 4: download a new dbt_cloud.yml"}, "", nil},
		{"variable and config both legacy", []string{"DBT_CLOUD_API_KEY=" + envLegacyKey}, home, checkEnvOptions{}, exitFindings,
			nil, "2 legacy dbt Cloud user API keys found", nil},
		{"unparsable config", []string{"DBT_CLOUD_TOKEN=" + envPAT}, noHome, checkEnvOptions{DBTCloudConfig: badConfig}, exitUsage,
			nil, badConfig + ":3: not valid YAML", []string{"DBT_CLOUD_TOKEN"}},
		{"missing config flag", nil, noHome, checkEnvOptions{DBTCloudConfig: filepath.Join(noHome, "nope.yml")}, exitUsage,
			nil, "no such file or directory", nil},
		{"bad format", nil, noHome, checkEnvOptions{Format: "xml"}, exitUsage, nil, `--format: unknown format "xml"`, nil},
		{"bad var", nil, noHome, checkEnvOptions{Vars: []string{"A=B"}}, exitUsage, nil, "--var:", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCheckEnvWith(t, tt.env, tt.home, tt.opts)
			assertNoEnvSecret(t, stdout, stderr)
			if code != tt.want {
				t.Errorf("exit %d, want %d; stdout:\n%s\nstderr:\n%s", code, tt.want, stdout, stderr)
			}
			for _, want := range tt.inOut {
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout does not contain %q:\n%s", want, stdout)
				}
			}
			for _, no := range tt.notInOu {
				if strings.Contains(stdout, no) {
					t.Errorf("stdout contains %q:\n%s", no, stdout)
				}
			}
			if !strings.Contains(stderr, tt.inErr) {
				t.Errorf("stderr %q does not contain %q", stderr, tt.inErr)
			}
		})
	}
}

func TestCheckEnvJSON(t *testing.T) {
	home := t.TempDir()
	write(t, filepath.Join(home, ".dbt", "dbt_cloud.yml"), "projects:\n  - project-id: \"1\"\n    account-id: \"2\"\n    token-value: "+envLegacyKey+"\n")
	env := []string{"DBT_CLOUD_API_KEY=" + envLegacyKey, "DBT_CLOUD_TOKEN=" + envPAT, "DBT_CLOUD_SERVICE_TOKEN=" + envService}
	code, stdout, stderr := runCheckEnvWith(t, env, home, checkEnvOptions{Format: "json", Vars: []string{"UNSET"}})
	assertNoEnvSecret(t, stdout, stderr)
	if code != exitFindings {
		t.Errorf("exit %d, want %d", code, exitFindings)
	}
	var rep checkEnvReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
	}
	var shapes []string
	for _, r := range rep.Variables {
		shapes = append(shapes, r.Name+"="+string(r.Shape))
	}
	if got, want := strings.Join(shapes, " "), "DBT_CLOUD_API_KEY=legacy-user-key DBT_CLOUD_SERVICE_TOKEN=service-token DBT_CLOUD_TOKEN=pat UNSET=not-set"; got != want {
		t.Errorf("variables %s, want %s", got, want)
	}
	if rep.Legacy != 2 || len(rep.Config) != 1 || !rep.Config[0].Legacy || rep.Config[0].AccountID != "2" {
		t.Errorf("report %+v, want 2 legacy keys, one in the config for account 2", rep)
	}
}

// TestCheckEnvCommand runs check-env through the command line, reading the
// process environment.
func TestCheckEnvCommand(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("USERPROFILE", t.TempDir())
	t.Setenv("PATMIGRATE_TEST_DBT_SECRET", " "+envLegacyKey+" ")
	code, stdout, stderr := runCmd(t, "", "check-env", "--var", "PATMIGRATE_TEST_DBT_SECRET", "--format", "json")
	assertNoEnvSecret(t, stdout, stderr)
	if code != exitFindings || !strings.Contains(stdout, `"name": "PATMIGRATE_TEST_DBT_SECRET",
      "shape": "legacy-user-key"`) {
		t.Errorf("exit %d, want %d; stdout:\n%s\nstderr:\n%s", code, exitFindings, stdout, stderr)
	}
	code, _, stderr = runCmd(t, "", "check-env", "extra")
	if code != exitUsage || !strings.Contains(stderr, "unknown command") {
		t.Errorf("check-env with an argument: exit %d, stderr %q", code, stderr)
	}
}
