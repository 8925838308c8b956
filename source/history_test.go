package source_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/patmigrate/patmigrate/internal/ruletest"
	"github.com/patmigrate/patmigrate/scanner"
	"github.com/patmigrate/patmigrate/source"
)

// testRepo builds a real repository with go-git, one commit a minute.
type testRepo struct {
	t    testing.TB
	dir  string
	repo *git.Repository
	wt   *git.Worktree
	when time.Time
}

func newTestRepo(t testing.TB) *testRepo {
	t.Helper()
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	return &testRepo{t: t, dir: dir, repo: repo, wt: wt, when: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// write sets files in the working tree ("" deletes) without staging them.
func (r *testRepo) write(files map[string]string) {
	r.t.Helper()
	for name, content := range files {
		p := filepath.Join(r.dir, filepath.FromSlash(name))
		if content == "" {
			if err := os.Remove(p); err != nil {
				r.t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
}

// stage writes files and adds (or removes) them in the index.
func (r *testRepo) stage(files map[string]string) {
	r.t.Helper()
	r.write(files)
	for name, content := range files {
		var err error
		if content == "" {
			_, err = r.wt.Remove(name)
		} else {
			_, err = r.wt.Add(name)
		}
		if err != nil {
			r.t.Fatal(err)
		}
	}
}

// commit stages files and commits them, returning the commit's hash.
func (r *testRepo) commit(msg string, files map[string]string) string {
	r.t.Helper()
	r.stage(files)
	r.when = r.when.Add(time.Minute)
	sig := &object.Signature{Name: "Dev " + msg, Email: "dev@example.com", When: r.when}
	h, err := r.wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true})
	if err != nil {
		r.t.Fatal(err)
	}
	return h.String()
}

func (r *testRepo) checkout(branch string, create bool) {
	r.t.Helper()
	err := r.wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(branch), Create: create, Keep: true})
	if err != nil {
		r.t.Fatal(err)
	}
}

// scanHistory runs a History scan and returns its credential findings as
// "path:line commit in_head" strings, plus the result.
func scanHistory(t testing.TB, h *source.History) ([]string, *scanner.Result) {
	t.Helper()
	res, err := scanner.New(ruletest.Default(t), scanner.Options{}).Scan(context.Background(), h)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.Findings {
		if f.Kind.NeedsSecret() {
			out = append(out, fmt.Sprintf("%s:%d %s %v", f.Path, f.Line, short(f.Commit), f.InHead))
		}
	}
	return out, res
}

func short(h string) string { return h[:min(len(h), 7)] }

func keyLine(key string) string { return "DBT_CLOUD_API_KEY=" + key + "\n" }

func TestHistoryAddedThenRemoved(t *testing.T) {
	r := newTestRepo(t)
	r.commit("readme", map[string]string{"README.md": "# data platform\n"})
	added := r.commit("add key", map[string]string{"ci/.env": "# ci\n" + keyLine(keyA)})
	r.commit("remove key", map[string]string{"ci/.env": "# ci\nDBT_CLOUD_API_KEY=${DBT_CLOUD_API_KEY}\n"})
	got, res := scanHistory(t, &source.History{Root: r.dir})
	want := []string{"ci/.env:2 " + short(added) + " false"}
	if !slices.Equal(got, want) {
		t.Errorf("findings = %q, want %q", got, want)
	}
	f := res.Findings[0]
	if f.Author != "Dev add key" || f.CommitDate != "2023-01-01T00:02:00Z" || f.Secret.Reveal() != keyA {
		t.Errorf("attribution: author %q date %q", f.Author, f.CommitDate)
	}
	if res.Stats.Commits != 3 || res.Stats.Blobs != 3 || res.Stats.Files != 0 {
		t.Errorf("stats = %+v, want 3 commits, 3 unique blobs", res.Stats)
	}
}

func TestHistoryBranchesTagsAndStillInHead(t *testing.T) {
	r := newTestRepo(t)
	base := r.commit("base", map[string]string{".env": keyLine(keyA)})
	r.checkout("feature", true)
	side := r.commit("side", map[string]string{"side.env": keyLine(keyB)})
	r.checkout("master", false)
	// A commit only a tag reaches.
	r.checkout("tmp", true)
	tagged := r.commit("tagged", map[string]string{"tagged/.env": "DBT_TOKEN=dbtu_" + strings.Repeat("aB3", 16) + "xY\n"})
	if _, err := r.repo.CreateTag("v1", plumbing.NewHash(tagged), &git.CreateTagOptions{
		Tagger: &object.Signature{Name: "t", Email: "t@example.com", When: r.when}, Message: "v1"}); err != nil {
		t.Fatal(err)
	}
	r.checkout("master", false)
	if err := r.repo.Storer.RemoveReference(plumbing.NewBranchReferenceName("tmp")); err != nil {
		t.Fatal(err)
	}
	got, _ := scanHistory(t, &source.History{Root: r.dir})
	want := []string{
		".env:1 " + short(base) + " true",
		"side.env:1 " + short(side) + " false",
		"tagged/.env:1 " + short(tagged) + " false",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings = %q, want %q", got, want)
	}
}

// The same key in fifty versions of a file is reported once, at the commit
// that introduced it, and each version is read once.
func TestHistorySameKeyManyCommits(t *testing.T) {
	r := newTestRepo(t)
	first := r.commit("c0", map[string]string{".env": keyLine(keyA) + "RUN=0\n", "copy/.env": keyLine(keyA) + "RUN=0\n"})
	for i := 1; i < 50; i++ {
		r.commit(fmt.Sprintf("c%d", i), map[string]string{".env": keyLine(keyA) + fmt.Sprintf("RUN=%d\n", i)})
	}
	got, res := scanHistory(t, &source.History{Root: r.dir})
	want := []string{".env:1 " + short(first) + " true", "copy/.env:1 " + short(first) + " true"}
	if !slices.Equal(got, want) {
		t.Errorf("findings = %q, want %q", got, want)
	}
	if res.Stats.Blobs != 50 {
		t.Errorf("blobs scanned = %d, want 50 (the copy shares its first blob)", res.Stats.Blobs)
	}
}

func TestHistorySince(t *testing.T) {
	r := newTestRepo(t)
	r.commit("old", map[string]string{"old.env": keyLine(keyA)})
	r.checkout("topic", true)
	c1 := r.commit("new", map[string]string{"new.env": keyLine(keyB)})
	r.commit("touch old", map[string]string{"old.env": keyLine(keyA) + "X=1\n"})
	got, _ := scanHistory(t, &source.History{Root: r.dir, Since: "master"})
	// old.env changed in the range, but its key came before it: the range
	// introduced a new version of the file, which is scanned.
	want := []string{"new.env:1 " + short(c1) + " true"}
	if len(got) != 2 || got[0] != want[0] || !strings.HasPrefix(got[1], "old.env:1 ") {
		t.Errorf("findings = %q, want new.env and the new version of old.env", got)
	}
	_, err := scanner.New(ruletest.Default(t), scanner.Options{}).Scan(context.Background(), &source.History{Root: r.dir, Since: "no-such-branch"})
	var re *source.RevisionError
	if !errors.As(err, &re) || re.Rev != "no-such-branch" {
		t.Errorf("unresolvable --since: %v", err)
	}
}

func TestHistoryEmptyAndBare(t *testing.T) {
	empty := newTestRepo(t)
	got, res := scanHistory(t, &source.History{Root: empty.dir})
	if len(got) != 0 || !res.Complete() {
		t.Errorf("empty repository: %q %v", got, res.Errors)
	}
	r := newTestRepo(t)
	c := r.commit("key", map[string]string{".env": keyLine(keyA)})
	bare := filepath.Join(t.TempDir(), "bare.git")
	if _, err := git.PlainClone(bare, true, &git.CloneOptions{URL: r.dir}); err != nil {
		t.Fatal(err)
	}
	got, _ = scanHistory(t, &source.History{Root: bare})
	if want := []string{".env:1 " + short(c) + " true"}; !slices.Equal(got, want) {
		t.Errorf("bare: %q, want %q", got, want)
	}
}

// A missing object is reported and the rest is scanned.
func TestHistoryCorruptObject(t *testing.T) {
	r := newTestRepo(t)
	r.commit("a", map[string]string{"a/.env": keyLine(keyA), "b/.env": keyLine(keyB)})
	// Delete the loose object of a/.env's blob.
	head, _ := r.repo.Head()
	commit, _ := r.repo.CommitObject(head.Hash())
	file, err := commit.File("a/.env")
	if err != nil {
		t.Fatal(err)
	}
	h := file.Hash.String()
	if err := os.Remove(filepath.Join(r.dir, ".git", "objects", h[:2], h[2:])); err != nil {
		t.Fatal(err)
	}
	got, res := scanHistory(t, &source.History{Root: r.dir})
	if len(got) != 1 || !strings.HasPrefix(got[0], "b/.env:1") {
		t.Errorf("findings = %q, want b/.env only", got)
	}
	if len(res.Errors) != 1 || res.Errors[0].Path != "a/.env" {
		t.Errorf("errors = %+v, want a/.env", res.Errors)
	}
}

// TestHistoryPartialClone: the blobs a partial clone's filter left out are
// one error naming the count; the blobs it has are scanned.
func TestHistoryPartialClone(t *testing.T) {
	r := newTestRepo(t)
	r.commit("a", map[string]string{"a/.env": keyLine(keyA), "b/.env": keyLine(keyB), "c/big.txt": "data\n"})
	head, _ := r.repo.Head()
	commit, _ := r.repo.CommitObject(head.Hash())
	for _, name := range []string{"a/.env", "c/big.txt"} {
		file, err := commit.File(name)
		if err != nil {
			t.Fatal(err)
		}
		h := file.Hash.String()
		if err := os.Remove(filepath.Join(r.dir, ".git", "objects", h[:2], h[2:])); err != nil {
			t.Fatal(err)
		}
	}
	cfg := filepath.Join(r.dir, ".git", "config")
	data, _ := os.ReadFile(cfg)
	data = append(data, "[extensions]\n\tpartialClone = origin\n"...)
	if err := os.WriteFile(cfg, data, 0o644); err != nil {
		t.Fatal(err)
	}
	got, res := scanHistory(t, &source.History{Root: r.dir})
	if len(got) != 1 || !strings.HasPrefix(got[0], "b/.env:1") {
		t.Errorf("findings = %q, want b/.env only", got)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Err.Error(), "partial clone") || !strings.Contains(res.Errors[0].Err.Error(), ": 2 blobs") {
		t.Errorf("errors = %+v, want one naming 2 blobs", res.Errors)
	}
}

// TestHistoryReplacedBlob: where refs/replace/ names a replacement for a
// blob, the replacement is scanned at the blob's place; the original too
// when the repository has it (what is committed); GIT_NO_REPLACE_OBJECTS
// turns replacements off, as in git.
func TestHistoryReplacedBlob(t *testing.T) {
	for _, tt := range []struct {
		name          string
		removeOrig    bool
		noReplace     bool
		want          []string // the keys found, in order
		wantReadError bool
	}{
		{"the original exists", false, false, []string{keyA, keyB}, false},
		{"the original is missing (a snapshot's stub)", true, false, []string{keyB}, false},
		{"GIT_NO_REPLACE_OBJECTS", true, true, nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newTestRepo(t)
			r.commit("a", map[string]string{"ci/.env": keyLine(keyA)})
			head, _ := r.repo.Head()
			commit, _ := r.repo.CommitObject(head.Hash())
			file, err := commit.File("ci/.env")
			if err != nil {
				t.Fatal(err)
			}
			obj := r.repo.Storer.NewEncodedObject()
			obj.SetType(plumbing.BlobObject)
			w, _ := obj.Writer()
			w.Write([]byte(keyLine(keyB)))
			w.Close()
			repl, err := r.repo.Storer.SetEncodedObject(obj)
			if err != nil {
				t.Fatal(err)
			}
			if err := r.repo.Storer.SetReference(plumbing.NewHashReference(plumbing.ReferenceName("refs/replace/"+file.Hash.String()), repl)); err != nil {
				t.Fatal(err)
			}
			if tt.removeOrig {
				h := file.Hash.String()
				if err := os.Remove(filepath.Join(r.dir, ".git", "objects", h[:2], h[2:])); err != nil {
					t.Fatal(err)
				}
			}
			if tt.noReplace {
				t.Setenv("GIT_NO_REPLACE_OBJECTS", "1")
			}
			res, err := scanner.New(ruletest.Default(t), scanner.Options{}).Scan(context.Background(), &source.History{Root: r.dir})
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, f := range res.Findings {
				if f.Path != "ci/.env" || f.Commit != head.Hash().String() {
					t.Errorf("finding at %s %s", f.Path, short(f.Commit))
				}
				keys = append(keys, f.Secret.Reveal())
			}
			slices.Sort(keys)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(keys, want) {
				t.Errorf("keys %v, want %v", keys, want)
			}
			if (len(res.Errors) > 0) != tt.wantReadError {
				t.Errorf("errors %+v", res.Errors)
			}
		})
	}
}

func TestHistoryMissingRepository(t *testing.T) {
	_, err := scanner.New(ruletest.Default(t), scanner.Options{}).Scan(context.Background(), &source.History{Root: t.TempDir()})
	if err == nil {
		t.Error("no error for a folder that is not a repository")
	}
}

// A shallow clone's missing history is reported; what it has is scanned.
func TestHistoryShallowClone(t *testing.T) {
	r := newTestRepo(t)
	r.commit("old", map[string]string{"old.env": keyLine(keyA)})
	last := r.commit("new", map[string]string{"new.env": keyLine(keyB)})
	dir := filepath.Join(t.TempDir(), "shallow")
	if _, err := git.PlainClone(dir, false, &git.CloneOptions{URL: "file://" + r.dir, Depth: 1}); err != nil {
		t.Skipf("go-git cannot make a shallow clone here: %v", err)
	}
	got, res := scanHistory(t, &source.History{Root: dir})
	if !slices.Contains(got, "new.env:1 "+short(last)+" true") {
		t.Errorf("findings = %q, want new.env from the last commit", got)
	}
	if len(res.Errors) == 0 || !strings.Contains(res.Errors[0].Err.Error(), "shallow clone") {
		t.Errorf("errors = %v, want the missing history reported", res.Errors)
	}
}

// --all-objects finds a key whose commit no ref reaches any more.
func TestHistoryAllObjects(t *testing.T) {
	r := newTestRepo(t)
	r.commit("base", map[string]string{"README.md": "x\n"})
	r.checkout("tmp", true)
	r.commit("dangling", map[string]string{".env": keyLine(keyA)})
	r.checkout("master", false)
	if err := r.repo.Storer.RemoveReference(plumbing.NewBranchReferenceName("tmp")); err != nil {
		t.Fatal(err)
	}
	if got, _ := scanHistory(t, &source.History{Root: r.dir}); len(got) != 0 {
		t.Errorf("reachable history: %q, want nothing", got)
	}
	_, res := scanHistory(t, &source.History{Root: r.dir, AllObjects: true})
	if len(res.Findings) != 1 || !strings.HasPrefix(res.Findings[0].Path, source.UnreachablePrefix) {
		t.Errorf("findings with --all-objects: %+v", res.Findings)
	}
}

// Commits made in the same second are still walked parents first: the key
// is attributed to the commit that added it, not to the one that re-added it.
func TestHistorySameSecond(t *testing.T) {
	for run := 0; run < 5; run++ { // hashes differ per run; order must not depend on them
		r := newTestRepo(t)
		r.commit("base", map[string]string{"README.md": fmt.Sprintf("run %d\n", run)})
		r.when = r.when.Add(-time.Minute) // the next three share one second
		added := r.commit("add", map[string]string{".env": keyLine(keyA)})
		r.when = r.when.Add(-time.Minute)
		r.commit("remove", map[string]string{".env": "DBT_CLOUD_API_KEY=\n"})
		r.when = r.when.Add(-time.Minute)
		r.commit("re-add", map[string]string{".env": keyLine(keyA)})
		got, _ := scanHistory(t, &source.History{Root: r.dir})
		if want := []string{".env:1 " + short(added) + " true"}; !slices.Equal(got, want) {
			t.Fatalf("run %d: findings = %q, want %q", run, got, want)
		}
	}
}

// Merging main into a pull request does not make the request introduce
// main's keys.
func TestHistorySinceMergeFromMain(t *testing.T) {
	r := newTestRepo(t)
	r.commit("base", map[string]string{"README.md": "x\n"})
	r.checkout("feature", true)
	r.commit("feature work", map[string]string{"f.txt": "feature\n"})
	r.checkout("master", false)
	mainKey := r.commit("main adds a key", map[string]string{"main.env": keyLine(keyA)})
	r.checkout("feature", false)
	r.write(map[string]string{"main.env": keyLine(keyA)})
	if _, err := r.wt.Add("main.env"); err != nil {
		t.Fatal(err)
	}
	r.when = r.when.Add(time.Minute)
	sig := &object.Signature{Name: "dev", Email: "dev@example.com", When: r.when}
	head, _ := r.repo.Head()
	if _, err := r.wt.Commit("merge main", &git.CommitOptions{Author: sig, Committer: sig,
		Parents: []plumbing.Hash{head.Hash(), plumbing.NewHash(mainKey)}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := scanHistory(t, &source.History{Root: r.dir, Since: "master"}); len(got) != 0 {
		t.Errorf("--since master after merging master: %q, want nothing", got)
	}
	got, _ := scanHistory(t, &source.History{Root: r.dir})
	if want := []string{"main.env:1 " + short(mainKey) + " true"}; !slices.Equal(got, want) {
		t.Errorf("full history: %q, want %q", got, want)
	}
}

// A folder inside a repository: its history only, named as a worktree scan
// of the folder names its files.
func TestHistoryOfASubfolder(t *testing.T) {
	r := newTestRepo(t)
	added := r.commit("keys", map[string]string{
		"svc/ci/.env": keyLine(keyA),
		"other/.env":  keyLine(keyB),
	})
	r.commit("remove", map[string]string{"svc/ci/.env": "# moved to the secret store\n"})
	got, _ := scanHistory(t, &source.History{Root: filepath.Join(r.dir, "svc")})
	want := []string{"ci/.env:1 " + short(added) + " false"}
	if !slices.Equal(got, want) {
		t.Errorf("findings = %q, want %q", got, want)
	}
	got, _ = scanHistory(t, &source.History{Root: filepath.Join(r.dir, "other")})
	if want := []string{".env:1 " + short(added) + " true"}; !slices.Equal(got, want) {
		t.Errorf("in HEAD: findings = %q, want %q", got, want)
	}
}

// removeObject deletes the loose object h of r.
func (r *testRepo) removeObject(h plumbing.Hash) {
	r.t.Helper()
	s := h.String()
	if err := os.Remove(filepath.Join(r.dir, ".git", "objects", s[:2], s[2:])); err != nil {
		r.t.Fatal(err)
	}
}

// treeOf returns the id of path's tree ("" for the root) in commit c.
func (r *testRepo) treeOf(c, path string) plumbing.Hash {
	r.t.Helper()
	commit, err := r.repo.CommitObject(plumbing.NewHash(c))
	if err != nil {
		r.t.Fatal(err)
	}
	tree, err := commit.Tree()
	if err != nil {
		r.t.Fatal(err)
	}
	if path != "" {
		if tree, err = tree.Tree(path); err != nil {
			r.t.Fatal(err)
		}
	}
	return tree.Hash
}

// What the walk could not read is an error of the result, never a silent
// default: a folder of HEAD that cannot be read would make in_head false
// for what it holds, and a parent that cannot be read would make all of a
// commit's content look new in a --since range.
func TestHistoryUnreadableIsReported(t *testing.T) {
	t.Run("HEAD folder", func(t *testing.T) {
		r := newTestRepo(t)
		base := r.commit("old", map[string]string{"old/.env": keyLine(keyA)})
		r.commit("new", map[string]string{"new/.env": keyLine(keyB)})
		// The range base..HEAD does not enter old/, which HEAD still has.
		r.removeObject(r.treeOf(base, "old"))
		got, res := scanHistory(t, &source.History{Root: r.dir, Since: base})
		if len(got) != 1 || !strings.HasPrefix(got[0], "new/.env:1") {
			t.Errorf("findings = %q, want new/.env", got)
		}
		if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Err.Error(), "HEAD") {
			t.Errorf("errors = %+v, want one naming HEAD", res.Errors)
		}
	})
	t.Run("parent", func(t *testing.T) {
		r := newTestRepo(t)
		base := r.commit("old", map[string]string{"old/.env": keyLine(keyA)})
		head := r.commit("new", map[string]string{"new/.env": keyLine(keyB)})
		r.removeObject(r.treeOf(base, ""))
		_, res := scanHistory(t, &source.History{Root: r.dir, Since: base})
		found := false
		for _, e := range res.Errors {
			found = found || e.Commit == head && strings.Contains(e.Err.Error(), "parent "+base)
		}
		if !found {
			t.Errorf("errors = %+v, want one naming the parent of %s", res.Errors, short(head))
		}
	})
}

// --all-objects reads only what no ref reaches: a reachable blob the filter
// or the scanned folder leaves out is not read again as unreachable.
func TestHistoryAllObjectsKeepsTheFilter(t *testing.T) {
	r := newTestRepo(t)
	r.commit("docs", map[string]string{"docs/.env": keyLine(keyA), "app/.env": keyLine(keyB)})
	exclude, err := source.ParseGlob("docs/**")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := scanHistory(t, &source.History{Root: r.dir, AllObjects: true, Filter: source.Filter{Exclude: []source.Glob{exclude}}})
	if len(got) != 1 || !strings.HasPrefix(got[0], "app/.env:1") {
		t.Errorf("findings = %q, want app/.env only", got)
	}
	got, _ = scanHistory(t, &source.History{Root: filepath.Join(r.dir, "app"), AllObjects: true})
	if len(got) != 1 || !strings.HasPrefix(got[0], ".env:1") {
		t.Errorf("findings of app/ = %q, want .env only", got)
	}
}

// A commit of the base side that cannot be read leaves its ancestors out of
// what the base reaches: the range would take their content for new, so
// the scan says it is incomplete.
func TestHistorySinceUnreadableBase(t *testing.T) {
	r := newTestRepo(t)
	first := r.commit("first", map[string]string{"old/.env": keyLine(keyA)})
	base := r.commit("base", map[string]string{"README.md": "#\n"})
	r.commit("new", map[string]string{"new/.env": keyLine(keyB)})
	r.removeObject(plumbing.NewHash(first))
	_, res := scanHistory(t, &source.History{Root: r.dir, Since: base})
	found := false
	for _, e := range res.Errors {
		found = found || strings.Contains(e.Err.Error(), "reachable from "+base)
	}
	if !found {
		t.Errorf("errors = %+v, want one naming the unreadable commit of the base", res.Errors)
	}
}

// TestHistoryFallbackInAReference is the history of a setup script that
// once carried a key as the default of the variable it reads: the key is
// reported at the commit that added it, through thirty later commits that
// touch other lines, and not in HEAD once it is gone.
func TestHistoryFallbackInAReference(t *testing.T) {
	r := newTestRepo(t)
	script := func(i int, fallback string) string {
		return fmt.Sprintf("#!/usr/bin/env bash\n# run %d\nexport DBT_CLOUD_ACCOUNT_ID=\"${DBT_CLOUD_ACCOUNT_ID:-89460}\"\n"+
			"DBT_CLOUD_API_KEY=\"${DBT_CLOUD_API_KEY%s}\"\n", i, fallback)
	}
	r.commit("c0", map[string]string{"scripts/env.sh": script(0, "")})
	added := r.commit("c1", map[string]string{"scripts/env.sh": script(1, ":-"+keyA)})
	for i := 2; i < 30; i++ {
		r.commit(fmt.Sprintf("c%d", i), map[string]string{"scripts/env.sh": script(i, ":-"+keyA)})
	}
	r.commit("c30", map[string]string{"scripts/env.sh": script(30, ":?set DBT_CLOUD_API_KEY")})
	got, res := scanHistory(t, &source.History{Root: r.dir})
	want := []string{"scripts/env.sh:4 " + short(added) + " false"}
	if !slices.Equal(got, want) {
		t.Fatalf("findings %q, want %q", got, want)
	}
	for _, f := range res.Findings {
		if f.Kind.NeedsSecret() && (f.AccountID != "89460" || f.Rule != "legacy-key-env") {
			t.Errorf("account %q rule %s, want 89460 legacy-key-env", f.AccountID, f.Rule)
		}
	}
}
