package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/patmigrate/patmigrate/rules"
)

func TestNewPlan(t *testing.T) {
	legacy := func(path string, line int, usage, account string) Finding {
		return Finding{Kind: rules.LegacyUserKey, Severity: rules.Critical, Root: "repo", Path: path, Line: line,
			Secret: "3f9c…9f1a", SecretID: "sha256:aaaa", AccountID: account, Host: "cloud.getdbt.com", Usage: usage}
	}
	other := legacy("infra/main.tf", 2, "terraform", "2")
	other.Root = "repo2" // the same path in another repository: another name
	old := legacy(".env", 3, "dotenv", "1")
	old.Commit, old.InHead = "0123456789abcdef0123", false
	rep := &Report{Findings: []Finding{
		legacy(".github/workflows/dbt.yml", 12, "github-actions", "1"),
		legacy(".github/workflows/dbt.yml", 30, "github-actions", "1"), // same file: one site
		legacy("dbt_cloud.yml", 4, "dbt-cloud-cli", "1"),
		legacy("infra/main.tf", 2, "terraform", "2"),
		other,
		old,
		{Kind: rules.PATExposed, Root: "repo", Path: "notes.md", Line: 1, Secret: "dbtu…abcd", SecretID: "sha256:bbbb", AccountID: "1", Host: "cloud.getdbt.com"},
		{Kind: rules.CrossAccountCall, Root: "repo", Path: "list.py", Line: 9, AccountID: "2", Host: "cloud.getdbt.com", Message: "lists accounts"},
	}}
	p := NewPlan(rep)
	if len(p.Accounts) != 2 {
		t.Fatalf("%d accounts, want 2: %+v", len(p.Accounts), p.Accounts)
	}
	a1, a2 := p.Accounts[0], p.Accounts[1]
	if a1.AccountID != 1 || len(a1.Legacy) != 1 || len(a1.Exposed) != 1 {
		t.Fatalf("account 1: %+v", a1)
	}
	sites := a1.Legacy[0].Sites
	if len(sites) != 2 {
		t.Fatalf("account 1 sites: %+v", sites)
	}
	if s := sites[0]; s.ID != "dbt-yml-github-actions" || s.Replacement != ServiceToken || s.PermissionSet != "job_runner" ||
		s.Location != "repo/.github/workflows/dbt.yml:12" || s.Name != "patmigrate github-actions .github/workflows/dbt.yml" {
		t.Errorf("workflow site: %+v", s)
	}
	if s := sites[1]; s.Replacement != PAT || s.PermissionSet != "" {
		t.Errorf("dbt_cloud.yml site: %+v, want a PAT", s)
	}
	if h := a1.Legacy[0].HistoryOnly; len(h) != 1 || h[0] != "repo/.env@0123456789ab" {
		t.Errorf("history only: %v", h)
	}
	if a2.AccountID != 2 || a2.Legacy[0].Sites[0].PermissionSet != "account_admin" || len(a2.Calls) != 1 {
		t.Errorf("account 2: %+v", a2)
	}
	if s := a2.Legacy[0].Sites; len(s) != 2 || s[1].Name != "patmigrate terraform infra/main.tf (2)" || s[1].ID != "main-tf-terraform-2" {
		t.Errorf("account 2 sites: %+v, want unique ids and names", s)
	}

	// What WritePlan writes, ReadPlan reads back the same.
	var b bytes.Buffer
	if err := WritePlan(&b, p); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "plan.yaml")
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	back, err := ReadPlan(file)
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	WritePlan(&again, back)
	if again.String() != b.String() {
		t.Errorf("round trip changed the plan:\n%s\nvs\n%s", b.String(), again.String())
	}
}

func TestReadPlanErrors(t *testing.T) {
	site := func(extra string) string {
		return "version: 1\naccounts:\n  - account_id: 1\n    host: cloud.getdbt.com\n    legacy_keys:\n      - secret_id: sha256:aa\n        secret: x\n        sites:\n" + extra
	}
	ok := "          - id: ci\n            location: a:1\n            replacement: service-token\n            permission_set: job_runner\n            name: n\n"
	tests := []struct{ name, text, want string }{
		{"valid", site(ok), ""},
		{"version", "version: 2\naccounts: []\n", "version 2"},
		{"unknown key", site(ok + "            projct_id: 3\n"), "projct_id"},
		{"bad replacement", site(strings.Replace(ok, "service-token", "token", 1)), `replacement "token"`},
		{"pat with a permission set", site(strings.Replace(ok, "service-token", "pat", 1)), "takes no permission_set"},
		{"bad permission set", site(strings.Replace(ok, "job_runner", "Job Runner", 1)), "not a permission set name"},
		{"no name", site(strings.Replace(ok, "name: n", "name: ''", 1)), "name is empty"},
		{"bad id", site(strings.Replace(ok, "id: ci", "id: CI/x", 1)), "lower-case"},
		{"duplicate id", site(ok + ok), "appears twice"},
		{"duplicate name", site(ok + strings.Replace(ok, "id: ci", "id: cd", 1)), "named \"n\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "plan.yaml")
			if err := os.WriteFile(file, []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ReadPlan(file)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), file)):
				t.Errorf("error %v, want one naming the file and %q", err, tt.want)
			}
		})
	}
}

func TestUniqueAndNames(t *testing.T) {
	used := map[string]int{}
	var got []string
	for _, id := range []string{"x", "x", "x-2", "x"} {
		got = append(got, uniqueID(used, id))
	}
	if strings.Join(got, " ") != "x x-2 x-2-2 x-3" {
		t.Errorf("unique ids: %v", got)
	}
	long := tokenName(PlanSite{Usage: "dotenv"}, strings.Repeat("é", 80))
	if !utf8.ValidString(long) || utf8.RuneCountInString(long) != 64 {
		t.Errorf("a long name: %q (%d runes)", long, utf8.RuneCountInString(long))
	}
}
