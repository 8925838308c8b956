package gitdb

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/patmigrate/patmigrate/internal/gittest"
)

// The trees gitdb reads itself are checked against git's own reading of the
// same repository: a history written by git (folders that sort around
// their names' prefixes, large folders, files turned into folders and
// back, links, submodules, executable bits, merges that resolve conflicts
// and merges that add content of their own), read loose and after git gc
// has packed and deltified its trees.

func TestIntroducedMatchesGit(t *testing.T) {
	gittest.Need(t)
	dir := t.TempDir()
	gittest.Run(t, dir, "init", "-q", "-b", "main")
	h := &history{t: t, dir: dir, rng: rand.New(rand.NewPCG(12, 0))}
	for i := range 120 {
		h.commit(fmt.Sprintf("c%d", i))
		if i%20 == 10 {
			h.branchAndMerge(i)
		}
	}
	compareWithGit(t, dir, 0)
	gittest.Run(t, dir, "gc", "-q", "--aggressive")
	compareWithGit(t, dir, 0)
}

// TestIntroducedMatchesGitOn compares on a repository of one's own, which
// no test carries: PATMIGRATE_GIT_COMPARE=/path/to/repo (its first 400
// commits, or PATMIGRATE_GIT_COMPARE_N of them).
func TestIntroducedMatchesGitOn(t *testing.T) {
	repo := os.Getenv("PATMIGRATE_GIT_COMPARE")
	if repo == "" {
		t.Skip("set PATMIGRATE_GIT_COMPARE to a repository to compare gitdb's reading of it with git's")
	}
	gittest.Need(t)
	n := 400
	fmt.Sscan(os.Getenv("PATMIGRATE_GIT_COMPARE_N"), &n)
	compareWithGit(t, repo, n)
}

// compareWithGit checks Introduced on every commit of the repository at dir
// (the first limit of them, oldest first, when limit > 0) and HeadBlobs:
// a commit introduces a regular file at each path where none of its
// parents has a regular file with that content.
func compareWithGit(t *testing.T, dir string, limit int) {
	t.Helper()
	g, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	tips, err := g.Tips()
	if err != nil {
		t.Fatal(err)
	}
	commits := g.Commits(tips, nil, func(h plumbing.Hash, err error) { t.Errorf("commit %s: %v", h, err) })
	if limit > 0 && len(commits) > limit {
		commits = commits[:limit]
	}
	files := map[plumbing.Hash]map[string]string{} // commit -> path -> blob
	lsTree := func(c plumbing.Hash) map[string]string {
		if m, ok := files[c]; ok {
			return m
		}
		m := map[string]string{}
		for _, rec := range strings.Split(gittest.Run(t, dir, "ls-tree", "-r", "-z", "--full-tree", c.String()), "\x00") {
			meta, path, ok := strings.Cut(rec, "\t")
			if f := strings.Fields(meta); ok && len(f) == 3 && f[1] == "blob" && strings.HasPrefix(f[0], "100") {
				m[path] = f[2]
			}
		}
		files[c] = m
		return m
	}
	for _, c := range commits {
		var want []string
		for path, blob := range lsTree(c.Hash) {
			fromParent := false
			for _, p := range c.Parents {
				fromParent = fromParent || lsTree(p)[path] == blob
			}
			if !fromParent {
				want = append(want, path+" "+blob)
			}
		}
		var got []string
		err := g.Introduced(c, func(path string, blob plumbing.Hash, err error) {
			if err != nil {
				t.Errorf("commit %s: %s: %v", c.Hash, path, err)
				return
			}
			got = append(got, path+" "+blob.String())
		})
		if err != nil {
			t.Fatalf("commit %s: %v", c.Hash, err)
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("commit %s introduced\n%s\ngit says\n%s", c.Hash, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	head, err := g.HeadBlobs()
	if err != nil {
		t.Fatal(err)
	}
	want := lsTree(plumbing.NewHash(strings.TrimSpace(gittest.Run(t, dir, "rev-parse", "HEAD"))))
	if len(head) != len(want) {
		t.Fatalf("HEAD has %d files, git says %d", len(head), len(want))
	}
	for path, blob := range head {
		if want[path] != blob.String() {
			t.Fatalf("HEAD: %s is %s, git says %q", path, blob, want[path])
		}
	}
}

// history writes commits with git, each a few random changes.
type history struct {
	t   *testing.T
	dir string
	rng *rand.Rand
}

// The paths the history plays with: names that sort around each other in
// git's order ("a" the folder sorts as "a/", after "a.b" and "a-b"), a
// large folder, a deep one.
var historyPaths = func() []string {
	ps := []string{"a/x", "a/y.txt", "a.b", "a-b/c", "a0", "a b/d", "deep/1/2/3/f.yml", "deep/1/g", "top.env", "x/a", "x/a.txt", "x.txt"}
	for i := range 300 {
		ps = append(ps, fmt.Sprintf("big/f%03d.json", i))
	}
	return ps
}()

func (h *history) commit(msg string) {
	for range 1 + h.rng.IntN(4) {
		h.change()
	}
	gittest.Run(h.t, h.dir, "add", "-A")
	if h.rng.IntN(15) == 0 {
		// A submodule: a gitlink entry, which has no content to scan.
		gittest.Run(h.t, h.dir, "update-index", "--add", "--cacheinfo", "160000,"+strings.Repeat("ab", 20)+",sub"+fmt.Sprint(h.rng.IntN(3)))
	}
	gittest.Run(h.t, h.dir, "commit", "-q", "--allow-empty", "-m", msg)
}

// change makes one change to the working tree.
func (h *history) change() {
	p := filepath.Join(h.dir, filepath.FromSlash(historyPaths[h.rng.IntN(len(historyPaths))]))
	switch h.rng.IntN(10) {
	case 0:
		os.RemoveAll(p)
	case 1:
		if fi, err := os.Lstat(p); err == nil && fi.Mode().IsRegular() {
			os.Chmod(p, fi.Mode()^0o111) // the executable bit alone
		}
	case 2:
		os.RemoveAll(p)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.Symlink("target", p)
	case 3:
		// A file becomes a folder, or a folder a file.
		if fi, err := os.Lstat(p); err == nil && fi.IsDir() {
			os.RemoveAll(p)
			h.write(p)
		} else {
			os.RemoveAll(p)
			h.write(filepath.Join(p, "inner"))
		}
	default:
		h.write(p)
	}
}

func (h *history) write(p string) {
	// Parent folders may be files or links now: make way.
	for d := filepath.Dir(p); d != h.dir; d = filepath.Dir(d) {
		if fi, err := os.Lstat(d); err == nil && !fi.IsDir() {
			os.Remove(d)
		}
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		h.t.Fatal(err)
	}
	os.RemoveAll(p)
	content := fmt.Sprintf("v%d\n", h.rng.IntN(6)) // few values: content comes back
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// branchAndMerge makes a branch with commits of its own and merges it,
// main having moved on too: conflicts are resolved for the branch's side,
// and one merge in two brings a file of its own (an evil merge).
func (h *history) branchAndMerge(i int) {
	name := fmt.Sprintf("topic%d", i)
	gittest.Run(h.t, h.dir, "checkout", "-q", "-b", name)
	for j := range 3 {
		h.commit(fmt.Sprintf("%s-%d", name, j))
	}
	gittest.Run(h.t, h.dir, "checkout", "-q", "main")
	h.commit(name + "-main")
	if out, err := gittest.Cmd(h.dir, "merge", "-q", "--no-ff", "--no-commit", "-X", "theirs", name).CombinedOutput(); err != nil {
		// What -X theirs cannot settle (a file against a folder): take
		// the working tree as it is.
		h.t.Logf("merge %s: %v: %s", name, err, out)
	}
	if i%40 == 10 {
		h.write(filepath.Join(h.dir, "merge-only", name))
	}
	gittest.Run(h.t, h.dir, "add", "-A")
	gittest.Run(h.t, h.dir, "commit", "-q", "--allow-empty", "-m", "merge "+name)
}
