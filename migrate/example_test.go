package migrate_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/patmigrate/patmigrate/dbtcloud/dbtcloudtest"
	"github.com/patmigrate/patmigrate/migrate"
	"github.com/patmigrate/patmigrate/report"
	"github.com/patmigrate/patmigrate/secret"
)

// A dry run prints the requests a real run would send and sends none.
func ExampleApply() {
	srv := dbtcloudtest.NewServer() // account 1, user 10
	defer srv.Close()
	boot := srv.AddServiceToken(1, "bootstrap", dbtcloudtest.Grant{PermissionSet: "account_admin"})
	dir, _ := os.MkdirTemp("", "migrate")
	defer os.RemoveAll(dir)
	journal, err := migrate.OpenJournal(migrate.JournalPath(filepath.Join(dir, "plan.yaml")))
	if err != nil {
		panic(err)
	}
	plan := &report.Plan{Version: 1, Accounts: []report.PlanAccount{{AccountID: 1, Host: srv.URL,
		Legacy: []report.PlanCredential{{SecretID: "sha256:b46d7299a93d3340", Sites: []report.PlanSite{
			{ID: "ci", Location: ".github/workflows/dbt.yml:12", Replacement: report.ServiceToken, PermissionSet: "job_runner", Name: "patmigrate ci"},
		}}}}}}
	var out strings.Builder
	outcomes, err := migrate.Apply(context.Background(), plan, migrate.Options{
		Host: srv.URL, Journal: journal, Out: &out,
		Token: func(int) (secret.Secret, bool) { return secret.New(boot), true },
	})
	if err != nil {
		panic(err)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	fmt.Print(strings.NewReplacer(srv.URL, "https://cloud.getdbt.com", host, "cloud.getdbt.com").Replace(out.String()))
	fmt.Println(outcomes[0].Site, outcomes[0].Result, len(srv.Calls()), "requests sent")
	// Output:
	// account 1 on cloud.getdbt.com:
	//   GET  https://cloud.getdbt.com/api/v3/accounts/1/  (check the bootstrap credential)
	//   GET  https://cloud.getdbt.com/api/v3/accounts/1/service-tokens/?state=1&offset=0&limit=100 ...  (every page; skip those that exist)
	//   POST https://cloud.getdbt.com/api/v3/accounts/1/service-tokens/  {"name": "patmigrate ci", "permission_grants": [{"permission_set": "job_runner"}]}
	// ci would create 0 requests sent
}
