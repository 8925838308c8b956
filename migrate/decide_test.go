package migrate_test

import (
	"bytes"
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/migrate"
)

// The dry run and the real run decide with one function and build their
// requests with dbtcloud's: in every situation the dry run can know (the
// journal, the plan), the real run sends exactly the requests the dry run
// announced, in order, and the outcomes agree.
func TestDryRunAnnouncesTheRealRun(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, f *fixture)
		posts int // requests that create a token
	}{
		{"nothing made yet", func(*testing.T, *fixture) {}, 3},
		{"an earlier run made everything", func(t *testing.T, f *fixture) {
			var log bytes.Buffer
			if _, err := migrate.Apply(context.Background(), f.plan, f.options(t, &log)); err != nil {
				t.Fatal(err)
			}
		}, 0},
		{"the plan was edited after a run", func(t *testing.T, f *fixture) {
			var log bytes.Buffer
			if _, err := migrate.Apply(context.Background(), f.plan, f.options(t, &log)); err != nil {
				t.Fatal(err)
			}
			f.plan.Accounts[1].Legacy[0].Sites[0].Name = "patmigrate airflow v2"
		}, 0},
	}
	users := regexp.MustCompile(`/users/\d+/`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			tt.setup(t, f)
			before := len(f.srv.Calls())

			var dry bytes.Buffer
			opts := f.options(t, &dry)
			opts.Yes = false
			planned, err := migrate.Apply(context.Background(), f.plan, opts)
			if err != nil {
				t.Fatal(err)
			}
			var announced []string
			for _, line := range strings.Split(dry.String(), "\n") {
				if fs := strings.Fields(line); len(fs) >= 2 && (fs[0] == "GET" || fs[0] == "POST") {
					announced = append(announced, fs[0]+" "+strings.TrimPrefix(fs[1], f.srv.URL))
				}
			}

			var real bytes.Buffer
			done, err := migrate.Apply(context.Background(), f.plan, f.options(t, &real))
			if err != nil {
				t.Fatal(err)
			}
			var sent []string
			posts := 0
			for _, c := range f.srv.Calls()[before:] {
				// The owner of PATs is looked up by email: the dry run
				// cannot know the id it names.
				sent = append(sent, c.Method+" "+users.ReplaceAllString(c.Path, "/users/{user_id}/"))
				if c.Method == "POST" {
					posts++
				}
			}
			if !slices.Equal(announced, sent) {
				t.Errorf("the dry run announced\n  %s\nthe real run sent\n  %s", strings.Join(announced, "\n  "), strings.Join(sent, "\n  "))
			}
			if posts != tt.posts {
				t.Errorf("%d tokens created or rotated, want %d", posts, tt.posts)
			}
			if len(planned) != len(done) {
				t.Fatalf("%d planned outcomes, %d done", len(planned), len(done))
			}
			for i := range planned {
				p, d := planned[i], done[i]
				if p.Failed != d.Failed || (p.Result != "would create" && p.Result != d.Result) || (p.Result == "would create" && d.Result != "created") {
					t.Errorf("site %s: the dry run said %q, the real run %q", p.Site, p.Result, d.Result)
				}
			}
		})
	}
}
