package envcheck_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/envcheck"
)

// Made-up credentials of each shape.
const (
	legacyKey = "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
	body50    = "Ab3_-Cd4Ef5Gh6Ij7Kl8Mn9Op0Qr1St2Uv3Wx4Yz5ab6cd7ef8"
	pat       = "dbtu_" + body50
	service   = "dbtc_" + body50
)

// secrets are the values no result or error may contain.
var secrets = []string{legacyKey, body50, strings.ToUpper(legacyKey), legacyKey[:39], legacyKey + "0"}

func assertNoSecret(t *testing.T, what string, v any) {
	t.Helper()
	text := fmt.Sprintf("%+v", v)
	if b, err := json.Marshal(v); err == nil {
		text += string(b)
	}
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("%s contains a credential value: %s", what, text)
		}
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name, value string
		want        envcheck.Shape
	}{
		{"legacy key", legacyKey, envcheck.ShapeLegacyUserKey},
		{"legacy key with spaces", "  " + legacyKey + "\t\n", envcheck.ShapeLegacyUserKey},
		{"legacy key in double quotes", `"` + legacyKey + `"`, envcheck.ShapeLegacyUserKey},
		{"legacy key in single quotes with spaces", ` '` + legacyKey + `' `, envcheck.ShapeLegacyUserKey},
		{"39 hex", legacyKey[:39], envcheck.ShapeUnrecognised},
		{"41 hex", legacyKey + "0", envcheck.ShapeUnrecognised},
		{"uppercase hex", strings.ToUpper(legacyKey), envcheck.ShapeUnrecognised},
		{"mixed-case hex", "3F" + legacyKey[2:], envcheck.ShapeUnrecognised},
		{"40 non-hex", strings.Repeat("g", 40), envcheck.ShapeUnrecognised},
		{"pat", pat, envcheck.ShapePAT},
		{"pat quoted", `"` + pat + `"`, envcheck.ShapePAT},
		{"pat 49", pat[:len(pat)-1], envcheck.ShapeUnrecognised},
		{"pat 51", pat + "x", envcheck.ShapeUnrecognised},
		{"pat bad character", "dbtu_" + body50[:49] + ".", envcheck.ShapeUnrecognised},
		{"pat uppercase prefix", "DBTU_" + body50, envcheck.ShapeUnrecognised},
		{"service token", service, envcheck.ShapeServiceToken},
		{"service token with newline", service + "\r\n", envcheck.ShapeServiceToken},
		{"service token 49", service[:len(service)-1], envcheck.ShapeUnrecognised},
		{"service token 51", service + "_", envcheck.ShapeUnrecognised},
		{"bearer prefix", "Bearer " + service, envcheck.ShapeUnrecognised},
		{"empty", "", envcheck.ShapeEmpty},
		{"spaces", "   ", envcheck.ShapeEmpty},
		{"empty quotes", `""`, envcheck.ShapeEmpty},
		{"placeholder", "<your-api-key>", envcheck.ShapeUnrecognised},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := envcheck.Classify(tt.value); got != tt.want {
				t.Errorf("Classify = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestCredentialNames(t *testing.T) {
	names := envcheck.CredentialNames()
	for _, want := range []string{
		"DBT_CLOUD_API_KEY", "DBT_CLOUD_TOKEN", "DBT_CLOUD_API_TOKEN", "DBT_CLOUD_SERVICE_TOKEN",
		"DBT_API_KEY", "DBT_TOKEN", "TF_VAR_dbt_cloud_token", "TF_VAR_dbt_token", "TF_VAR_dbt_api_token",
		"AIRFLOW_CONN_DBT_CLOUD_DEFAULT",
	} {
		if !slices.Contains(names, want) {
			t.Errorf("CredentialNames lacks %s", want)
		}
	}
	if !slices.IsSorted(names) {
		t.Errorf("CredentialNames not sorted: %v", names)
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name  string
		env   map[string]string
		extra []string
		want  []envcheck.Result // Advice compared by prefix
	}{
		{"nothing", map[string]string{"HOME": "/root", "GIT_SHA": legacyKey}, nil, nil},
		{"each shape", map[string]string{
			"DBT_CLOUD_API_KEY":       legacyKey,
			"DBT_CLOUD_TOKEN":         pat,
			"DBT_CLOUD_SERVICE_TOKEN": service,
			"DBT_TOKEN":               "",
			"DBT_API_KEY":             strings.ToUpper(legacyKey),
			"PATH":                    "/usr/bin",
		}, nil, []envcheck.Result{
			{Name: "DBT_API_KEY", Shape: envcheck.ShapeUnrecognised, Advice: "not shaped like"},
			{Name: "DBT_CLOUD_API_KEY", Shape: envcheck.ShapeLegacyUserKey, Advice: "legacy user API key"},
			{Name: "DBT_CLOUD_SERVICE_TOKEN", Shape: envcheck.ShapeServiceToken},
			{Name: "DBT_CLOUD_TOKEN", Shape: envcheck.ShapePAT},
			{Name: "DBT_TOKEN", Shape: envcheck.ShapeEmpty},
		}},
		{"terraform", map[string]string{"TF_VAR_dbt_cloud_token": legacyKey, "TF_VAR_dbt_token": service, "TF_VAR_dbt_api_token": `"` + legacyKey + `"`},
			nil, []envcheck.Result{
				{Name: "TF_VAR_dbt_api_token", Shape: envcheck.ShapeLegacyUserKey, Advice: "legacy user API key (dead since Oct 2024): replace it with a service token with the permission set Terraform"},
				{Name: "TF_VAR_dbt_cloud_token", Shape: envcheck.ShapeLegacyUserKey, Advice: "legacy"},
				{Name: "TF_VAR_dbt_token", Shape: envcheck.ShapeServiceToken},
			}},
		{"name case", map[string]string{"dbt_cloud_token": legacyKey}, nil, []envcheck.Result{
			{Name: "dbt_cloud_token", Shape: envcheck.ShapeLegacyUserKey, Advice: "legacy"},
		}},
		{"airflow uri", map[string]string{
			"AIRFLOW_CONN_DBT_CLOUD_DEFAULT": "dbt-cloud://12345:" + legacyKey + "@cloud.getdbt.com",
			"AIRFLOW_CONN_DBT_CLOUD_EMEA":    "'dbt-cloud://81818:" + service + "@emea.dbt.com'",
			"AIRFLOW_CONN_DBT_NO_ACCOUNT":    "dbt-cloud://:" + pat + "@",
			"AIRFLOW_CONN_POSTGRES_DEFAULT":  "postgres://user:" + legacyKey + "@db:5432/x",
		}, nil, []envcheck.Result{
			{Name: "AIRFLOW_CONN_DBT_CLOUD_DEFAULT", Shape: envcheck.ShapeLegacyUserKey, Advice: "legacy user API key (dead since Oct 2024) as the connection's password: replace it with a service token"},
			{Name: "AIRFLOW_CONN_DBT_CLOUD_EMEA", Shape: envcheck.ShapeServiceToken},
			{Name: "AIRFLOW_CONN_DBT_NO_ACCOUNT", Shape: envcheck.ShapePAT},
		}},
		{"airflow json", map[string]string{
			"AIRFLOW_CONN_DBT_CLOUD_DEFAULT": `{"conn_type": "dbt_cloud", "login": "12345", "password": "` + legacyKey + `", "host": "cloud.getdbt.com"}`,
		}, nil, []envcheck.Result{
			{Name: "AIRFLOW_CONN_DBT_CLOUD_DEFAULT", Shape: envcheck.ShapeLegacyUserKey, Advice: "legacy"},
		}},
		{"airflow default not a dbt uri", map[string]string{
			"AIRFLOW_CONN_DBT_CLOUD_DEFAULT": legacyKey,
		}, nil, []envcheck.Result{
			{Name: "AIRFLOW_CONN_DBT_CLOUD_DEFAULT", Shape: envcheck.ShapeUnrecognised, Advice: "not a dbt-cloud:// connection"},
		}},
		{"airflow bad uri escape", map[string]string{
			"AIRFLOW_CONN_DBT_CLOUD_DEFAULT": "dbt-cloud://1:%zz" + legacyKey + "@cloud.getdbt.com",
		}, nil, []envcheck.Result{
			{Name: "AIRFLOW_CONN_DBT_CLOUD_DEFAULT", Shape: envcheck.ShapeUnrecognised, Advice: "not a dbt-cloud:// connection"},
		}},
		{"airflow key in the login", map[string]string{"AIRFLOW_CONN_DBT_CLOUD_DEFAULT": "dbt-cloud://" + legacyKey + "@cloud.getdbt.com"}, nil, []envcheck.Result{
			{Name: "AIRFLOW_CONN_DBT_CLOUD_DEFAULT", Shape: envcheck.ShapeLegacyUserKey, Advice: "legacy user API key"},
		}},
		{"airflow empty password", map[string]string{"AIRFLOW_CONN_DBT_CLOUD_DEFAULT": "dbt-cloud://1:@x"}, nil, []envcheck.Result{
			{Name: "AIRFLOW_CONN_DBT_CLOUD_DEFAULT", Shape: envcheck.ShapeEmpty},
		}},
		{"extra names", map[string]string{"MY_DBT_SECRET": " " + legacyKey + " ", "DBT_CLOUD_TOKEN": pat},
			[]string{"MY_DBT_SECRET", "MISSING", "MISSING", "DBT_CLOUD_TOKEN"}, []envcheck.Result{
				{Name: "DBT_CLOUD_TOKEN", Shape: envcheck.ShapePAT},
				{Name: "MISSING", Shape: envcheck.ShapeNotSet, Advice: "not set"},
				{Name: "MY_DBT_SECRET", Shape: envcheck.ShapeLegacyUserKey, Advice: "legacy user API key (dead since Oct 2024): replace it with a service token (automation"},
			}},
		{"extra airflow name", map[string]string{"AIRFLOW_CONN_MINE": "dbt-cloud://1:" + legacyKey + "@cloud.getdbt.com"},
			[]string{"AIRFLOW_CONN_MINE"}, []envcheck.Result{
				{Name: "AIRFLOW_CONN_MINE", Shape: envcheck.ShapeLegacyUserKey, Advice: "legacy"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := envcheck.Check(tt.env, tt.extra)
			assertNoSecret(t, "results", got)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d results, want %d:\n%+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Name != w.Name || g.Shape != w.Shape || !strings.HasPrefix(g.Advice, w.Advice) || (w.Advice == "") != (g.Advice == "") {
					t.Errorf("result %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

func TestFromEnviron(t *testing.T) {
	got := envcheck.FromEnviron([]string{"A=1", "B=x=y", "=C:=C:\\", "NOEQUALS", "A=2", "E="})
	want := map[string]string{"A": "2", "B": "x=y", "E": ""}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("FromEnviron = %v, want %v", got, want)
	}
}

func TestCheckConfig(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    []envcheck.ConfigResult // Path is filled in
		wantErr string                  // after the path
	}{
		{"new format", `version: "1"
context:
  active-project: "270542"
  active-host: "cloud.getdbt.com"
projects:
  - project-name: "analytics"
    project-id: "270542"
    account-name: "Acme"
    account-id: "80808"
    account-host: "cloud.getdbt.com"
    token-name: "cloud-cli-1234"
    token-value: "` + pat + `"
  - project-id: 3
    account-id: 81818
    account-host: emea.dbt.com
    token-name: old
    token-value: ` + legacyKey + `
  - project-id: "4"
    account-id: "81818"
    token-value: '` + service + `'
  - project-id: "5"
    account-id: "81818"
    token-value: "` + strings.ToUpper(legacyKey) + `"
  - project-id: "6"
    account-id: "81818"
`, []envcheck.ConfigResult{
			{Line: 12, Key: "token-value", ProjectID: "270542", AccountID: "80808", AccountHost: "cloud.getdbt.com", Shape: envcheck.ShapePAT},
			{Line: 17, Key: "token-value", ProjectID: "3", AccountID: "81818", AccountHost: "emea.dbt.com", Shape: envcheck.ShapeLegacyUserKey, Legacy: true,
				Advice: "project 3, account 81818: download a new dbt_cloud.yml from dbt Cloud (Account settings → API tokens)"},
			{Line: 20, Key: "token-value", ProjectID: "4", AccountID: "81818", Shape: envcheck.ShapeServiceToken},
			{Line: 23, Key: "token-value", ProjectID: "5", AccountID: "81818", Shape: envcheck.ShapeUnrecognised, Advice: "not shaped like a dbt Cloud token: check what it holds"},
			{Line: 24, Key: "token-value", ProjectID: "6", AccountID: "81818", Shape: envcheck.ShapeEmpty},
		}, ""},
		{"legacy top-level api-key with projects", `version: "1"
api-key: ` + legacyKey + `
projects:
  - project-id: "1"
    account-id: "80808"
    account-host: cloud.getdbt.com
  - project-id: "2"
    account-id: "81818"
    token-value: ` + pat + `
`, []envcheck.ConfigResult{
			{Line: 2, Key: "api-key", ProjectID: "1", AccountID: "80808", AccountHost: "cloud.getdbt.com", Shape: envcheck.ShapeLegacyUserKey, Legacy: true,
				Advice: "project 1, account 80808: " + envcheck.DownloadAdvice},
			{Line: 9, Key: "token-value", ProjectID: "2", AccountID: "81818", Shape: envcheck.ShapePAT},
		}, ""},
		{"legacy top-level api-key alone", `context:
  active-project: "77"
  active-host: cloud.getdbt.com
api-key: "` + legacyKey + `"
`, []envcheck.ConfigResult{
			{Line: 4, Key: "api-key", ProjectID: "77", AccountHost: "cloud.getdbt.com", Shape: envcheck.ShapeLegacyUserKey, Legacy: true,
				Advice: "project 77, account unknown: " + envcheck.DownloadAdvice},
		}, ""},
		{"legacy api-key in a project, any shape", `projects:
  - project-id: "9"
    account-id: "90"
    api-key: not-hex-at-all
`, []envcheck.ConfigResult{
			{Line: 4, Key: "api-key", ProjectID: "9", AccountID: "90", Shape: envcheck.ShapeUnrecognised, Legacy: true,
				Advice: "project 9, account 90: " + envcheck.DownloadAdvice},
		}, ""},
		{"empty file", "", nil, ""},
		{"comments only", "# nothing\n", nil, ""},
		{"null projects", "projects:\n", nil, ""},
		{"syntax error", "projects:\n  - token-value: " + legacyKey + "\n    bad: x: y\n", nil, ":3: not valid YAML: mapping values are not allowed"},
		{"tab indentation", "projects:\n\t- token-value: " + legacyKey + "\n", nil, ":2: not valid YAML: "},
		{"projects not a list", "projects:\n  token-value: " + legacyKey + "\n", nil, ":2: projects: want a list of projects"},
		{"project not a mapping", "projects:\n  - " + legacyKey + "\n", nil, ":2: projects[0]: want a mapping"},
		{"token-value not a scalar", "projects:\n  - project-id: 1\n    token-value:\n      - " + legacyKey + "\n", nil, ":4: projects[0].token-value: want a single value"},
		{"top level a list", "- " + legacyKey + "\n", nil, ":1: want a mapping at the top level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "dbt_cloud.yml")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := envcheck.CheckConfig(path)
			assertNoSecret(t, "results", got)
			if err != nil {
				assertNoSecret(t, "error", err.Error())
			}
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), path+tt.wantErr) {
					t.Fatalf("error %v, want one starting %q", err, path+tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i := range tt.want {
				tt.want[i].Path = path
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestCheckConfigMissing(t *testing.T) {
	_, err := envcheck.CheckConfig(filepath.Join(t.TempDir(), "dbt_cloud.yml"))
	if !os.IsNotExist(err) {
		t.Errorf("error %v, want one that is os.ErrNotExist", err)
	}
}

func Example() {
	env := map[string]string{
		"DBT_CLOUD_API_KEY": "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a",
		"DBT_CLOUD_TOKEN":   "dbtu_Ab3_-Cd4Ef5Gh6Ij7Kl8Mn9Op0Qr1St2Uv3Wx4Yz5ab6cd7ef8",
		"HOME":              "/home/ci",
	}
	for _, r := range envcheck.Check(env, []string{"MY_DBT_SECRET"}) {
		fmt.Println(r.Name, r.Shape)
	}
	// Output:
	// DBT_CLOUD_API_KEY legacy-user-key
	// DBT_CLOUD_TOKEN pat
	// MY_DBT_SECRET not-set
}

// A legacy top-level api-key is reported even when every project has a
// credential of its own.
func TestCheckConfigTopLevelKeyWithProjects(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dbt_cloud.yml")
	key := "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
	content := "api-key: " + key + "\nprojects:\n  - project-id: \"100\"\n    account-id: \"7\"\n    token-value: dbtu_IrLwB1sYPTTRGpeW1YK42YbheVLanKE4Fe7WhOJPx7GKOCF3sU\n"
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	results, err := envcheck.CheckConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	legacy := 0
	for _, r := range results {
		if r.Legacy {
			legacy++
		}
	}
	if legacy != 1 {
		t.Errorf("results %+v: want the top-level api-key reported as legacy", results)
	}
}
