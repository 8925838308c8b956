package migrate_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/dbtcloud"
	"github.com/patmigrate/patmigrate/dbtcloud/dbtcloudtest"
	"github.com/patmigrate/patmigrate/migrate"
	"github.com/patmigrate/patmigrate/secret"
)

// The dry run and the real run decide with one function and send
// dbtcloud's requests. Knowing what the real run knows when it decides (a
// dry run that lists what exists), the dry run announces exactly the
// requests the real run then sends, in order, and the outcomes agree. Where
// dbt Cloud holds what the journal records and no other token of a planned
// name, the dry run that sends nothing says the same.
func TestDryRunAnnouncesTheRealRun(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(t *testing.T, f *fixture)
		rotate bool
		posts  int // requests that create or rotate a token
		// journalKnows: dbt Cloud holds what the journal records and no
		// other token of a planned name, all a dry run goes by.
		journalKnows bool
	}{
		{"nothing made yet", func(*testing.T, *fixture) {}, false, 3, true},
		{"the PATs' owner named in the plan", func(_ *testing.T, f *fixture) {
			f.plan.Accounts[0].UserID = 10
		}, false, 3, true},
		{"an earlier run made everything", applied, false, 0, true},
		{"an earlier run made everything, --rotate", applied, true, 0, true},
		{"the plan was edited after a run", func(t *testing.T, f *fixture) {
			applied(t, f)
			f.plan.Accounts[1].Legacy[0].Sites[0].Name = "patmigrate airflow v2"
		}, false, 0, true},
		{"tokens of the planned names made by hand", madeByHand, false, 1, false},
		{"tokens of the planned names made by hand, --rotate", madeByHand, true, 2, false},
		{"a deleted PAT of the planned name", func(t *testing.T, f *fixture) {
			f.srv.AddPAT(1, 10, "patmigrate laptop")
			f.deletePAT(t, "patmigrate laptop")
		}, true, 3, true},
		{"the journal lost after the secrets were saved", func(t *testing.T, f *fixture) {
			applied(t, f)
			if err := os.Remove(f.journal); err != nil {
				t.Fatal(err)
			}
		}, false, 0, false},
		{"a PAT the run made since deleted in dbt Cloud", func(t *testing.T, f *fixture) {
			applied(t, f)
			f.deletePAT(t, "patmigrate laptop")
		}, true, 0, false},
		{"a PAT the run made deleted and made again by hand, --rotate", func(t *testing.T, f *fixture) {
			applied(t, f)
			f.deletePAT(t, "patmigrate laptop")
			f.srv.AddPAT(1, 10, "patmigrate laptop") // its secret would replace the saved one's
		}, true, 0, false},
		{"the secrets file holds another token of a site", func(t *testing.T, f *fixture) {
			other := `# account 1, service-token "from another plan" (id 99)` + "\n" + migrate.EnvKey(1, "ci") + "=dbtc_other\n"
			if err := os.WriteFile(f.secretsOut, []byte(other), 0o600); err != nil {
				t.Fatal(err)
			}
		}, false, 2, true},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			tt.setup(t, f)
			options := func(out *bytes.Buffer, yes bool) migrate.Options {
				opts := f.options(t, out)
				opts.Yes, opts.Rotate = yes, tt.rotate
				return opts
			}

			var dry bytes.Buffer
			before := len(f.srv.Calls())
			plain, err := migrate.Apply(ctx, f.plan, options(&dry, false))
			if err != nil {
				t.Fatal(err)
			}
			if n := len(f.srv.Calls()) - before; n != 0 {
				t.Errorf("the dry run sent %d requests", n)
			}
			var listed bytes.Buffer
			announced, err := migrate.DryRunListing(ctx, f.plan, options(&listed, false))
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range f.srv.Calls()[before:] {
				if c.Method != "GET" {
					t.Errorf("the dry run that lists sent %s %s", c.Method, c.Path)
				}
			}

			before = len(f.srv.Calls())
			var log bytes.Buffer
			done, err := migrate.Apply(ctx, f.plan, options(&log, true))
			if err != nil {
				t.Fatal(err)
			}
			var sent []string
			posts := 0
			for _, c := range f.srv.Calls()[before:] {
				sent = append(sent, c.Method+" "+c.Path)
				if c.Method == "POST" {
					posts++
				}
			}
			if want := requests(listed.String(), f.srv.URL); !slices.Equal(want, sent) {
				t.Errorf("the dry run announced\n  %s\nthe real run sent\n  %s", strings.Join(want, "\n  "), strings.Join(sent, "\n  "))
			}
			if posts != tt.posts {
				t.Errorf("%d tokens created or rotated, want %d", posts, tt.posts)
			}
			agree(t, announced, done)

			if tt.journalKnows {
				// The owner's id aside, which only a lookup tells.
				if line := firstDiff(ownerless(dry.String()), ownerless(listed.String())); line != "" {
					t.Errorf("the dry run and the one that lists differ: %s", line)
				}
				if !reflect.DeepEqual(plain, announced) {
					t.Errorf("the dry run's outcomes %+v,\nthe one that lists %+v", plain, announced)
				}
			}
		})
	}
}

// applied is a first run of the fixture's plan.
func applied(t *testing.T, f *fixture) {
	t.Helper()
	var log bytes.Buffer
	if _, err := migrate.Apply(context.Background(), f.plan, f.options(t, &log)); err != nil {
		t.Fatal(err)
	}
}

// madeByHand makes tokens of two planned names, as a person would: a
// service token and alice's PAT in account 1.
func madeByHand(_ *testing.T, f *fixture) {
	f.srv.AddServiceToken(1, "patmigrate ci", dbtcloudtest.Grant{PermissionSet: "job_runner"})
	f.srv.AddPAT(1, 10, "patmigrate laptop")
}

// deletePAT deletes alice's active PAT name in account 1.
func (f *fixture) deletePAT(t *testing.T, name string) {
	t.Helper()
	c, err := dbtcloud.New(f.srv.URL, secret.New(f.boot[1]), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range f.srv.PATs(1) {
		if tok.Name == name && tok.State == 1 {
			if err := c.DeletePAT(context.Background(), 1, 10, tok.ID); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no active PAT %q", name)
}

// requests are the requests a dry run's output announces, as "METHOD
// PATH" from base.
func requests(out, base string) []string {
	var rs []string
	for _, line := range strings.Split(out, "\n") {
		if fs := strings.Fields(line); len(fs) >= 2 && (fs[0] == "GET" || fs[0] == "POST") {
			rs = append(rs, fs[0]+" "+strings.TrimPrefix(fs[1], base))
		}
	}
	return rs
}

// agree checks that the real run did what the dry run said it would.
func agree(t *testing.T, dry, done []migrate.Outcome) {
	t.Helper()
	if len(dry) != len(done) {
		t.Fatalf("%d outcomes in the dry run, %d in the real run", len(dry), len(done))
	}
	for i, d := range dry {
		want := d
		switch d.Result {
		case "would create":
			want.Result, want.TokenID = "created", done[i].TokenID
		case "would rotate":
			want.Result = "rotated"
		}
		if done[i] != want {
			t.Errorf("site %s: the dry run said %+v, the real run did %+v", d.Site, d, done[i])
		}
	}
}

var ownerID = regexp.MustCompile(`/users/(\d+|\{user_id\})/`)

// ownerless is a dry run's output with the owner's id, or its placeholder,
// replaced by one placeholder.
func ownerless(s string) string { return ownerID.ReplaceAllString(s, "/users/{user_id}/") }

// firstDiff names the first line where got and want differ, "" if none.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d: %q, want %q", i+1, gl, wl)
		}
	}
	return ""
}
