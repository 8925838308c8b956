package source_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/internal/ruletest"
	"github.com/patmigrate/patmigrate/scanner"
	"github.com/patmigrate/patmigrate/source"
)

func scanStaged(t *testing.T, dir string) ([]string, *scanner.Result) {
	t.Helper()
	res, err := scanner.New(ruletest.Default(t), scanner.Options{}).Scan(context.Background(), &source.Staged{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.Findings {
		if f.Kind.NeedsSecret() {
			out = append(out, fmt.Sprintf("%s:%d %s in_head=%v", f.Path, f.Line, f.Secret, f.InHead))
		}
	}
	return out, res
}

func TestStaged(t *testing.T) {
	tests := []struct {
		name  string
		setup func(r *testRepo)
		want  []string
	}{
		{"first commit on an unborn HEAD", func(r *testRepo) {
			r.stage(map[string]string{".env": "A=1\n" + keyLine(keyA)})
		}, []string{".env:2 3f9c…9f1a in_head=false"}},
		{"empty index", func(r *testRepo) {}, nil},
		{"nothing staged", func(r *testRepo) {
			r.commit("base", map[string]string{".env": keyLine(keyA)})
		}, nil},
		{"partially staged: the staged version holds the key", func(r *testRepo) {
			r.commit("base", map[string]string{"ci.env": "X=1\n"})
			r.stage(map[string]string{"ci.env": "X=1\n" + keyLine(keyA)})
			r.write(map[string]string{"ci.env": "X=1\nDBT_CLOUD_API_KEY=${KEY}\n"})
		}, []string{"ci.env:2 3f9c…9f1a in_head=false"}},
		{"partially staged: only the working copy holds the key", func(r *testRepo) {
			r.commit("base", map[string]string{"ci.env": "X=1\n"})
			r.stage(map[string]string{"ci.env": "X=2\n"})
			r.write(map[string]string{"ci.env": "X=2\n" + keyLine(keyA)})
		}, nil},
		{"modified, in a subfolder, among unchanged folders", func(r *testRepo) {
			r.commit("base", map[string]string{"a/x.txt": "x\n", "b/c/d.env": "Y=1\n", "e/f.txt": "f\n"})
			r.stage(map[string]string{"b/c/d.env": "Y=1\n" + keyLine(keyB)})
		}, []string{"b/c/d.env:2 8d1e…6e8d in_head=false"}},
		{"deleted", func(r *testRepo) {
			r.commit("base", map[string]string{"old.env": keyLine(keyA), "keep.txt": "k\n"})
			r.stage(map[string]string{"old.env": ""})
		}, nil},
		{"renamed: HEAD already has the content", func(r *testRepo) {
			r.commit("base", map[string]string{"old/.env": keyLine(keyA)})
			r.stage(map[string]string{"old/.env": "", "new/.env": keyLine(keyA)})
		}, nil},
		{"new file with a key already committed elsewhere", func(r *testRepo) {
			r.commit("base", map[string]string{"a.env": keyLine(keyA)})
			r.stage(map[string]string{"b.env": keyLine(keyA)})
		}, []string{"b.env:1 3f9c…9f1a in_head=false"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newTestRepo(t)
			tt.setup(r)
			got, res := scanStaged(t, r.dir)
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings = %q, want %q", got, tt.want)
			}
			if !res.Complete() {
				t.Errorf("errors: %+v", res.Errors)
			}
		})
	}
}

// A folder of HEAD that the index no longer has is read to tell a rename
// from new content; when it cannot be read, the scan says so (exit 3)
// instead of passing as complete.
func TestStagedUnreadableHeadFolder(t *testing.T) {
	r := newTestRepo(t)
	base := r.commit("base", map[string]string{"old/a.env": keyLine(keyA), "keep.txt": "x\n"})
	r.stage(map[string]string{"old/a.env": "", "new/b.env": keyLine(keyB)})
	r.removeObject(r.treeOf(base, "old"))
	got, res := scanStaged(t, r.dir)
	if len(got) != 1 || got[0] != "new/b.env:1 8d1e…6e8d in_head=false" {
		t.Errorf("findings = %q", got)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Err.Error(), "HEAD: old/") {
		t.Errorf("errors = %+v, want one naming old/ of HEAD", res.Errors)
	}
}

// The folder is named from the repository's root, however deep it is.
func TestStagedUnreadableNestedHeadFolder(t *testing.T) {
	r := newTestRepo(t)
	base := r.commit("base", map[string]string{"a/b/old/c.env": keyLine(keyA), "a/b/keep.txt": "x\n"})
	r.stage(map[string]string{"a/b/old/c.env": ""})
	r.removeObject(r.treeOf(base, "a/b/old"))
	_, res := scanStaged(t, r.dir)
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Err.Error(), "HEAD: a/b/old/") {
		t.Errorf("errors = %+v, want one naming a/b/old/ of HEAD", res.Errors)
	}
}
