package gitdb_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/patmigrate/patmigrate/gitdb"
)

// exampleRepo makes a repository of two commits with go-git.
func exampleRepo() string {
	dir, _ := os.MkdirTemp("", "gitdb")
	repo, _ := git.PlainInit(dir, false)
	wt, _ := repo.Worktree()
	when := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, files := range []map[string]string{{"ci/.env": "A=1\n", "README.md": "#\n"}, {"ci/.env": "A=2\n"}} {
		for name, data := range files {
			os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
			os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644)
			wt.Add(name)
		}
		sig := &object.Signature{Name: "dev", Email: "dev@example.com", When: when.Add(time.Duration(i) * time.Hour)}
		wt.Commit(fmt.Sprint("commit ", i), &git.CommitOptions{Author: sig, Committer: sig})
	}
	return dir
}

func ExampleRepo_Introduced() {
	dir := exampleRepo()
	defer os.RemoveAll(dir)
	g, err := gitdb.Open(dir)
	if err != nil {
		panic(err)
	}
	defer g.Close()
	tips, _ := g.Tips()
	for _, c := range g.Commits(tips, nil, func(plumbing.Hash, error) {}) {
		g.Introduced(c, func(path string, blob plumbing.Hash, err error) {
			fmt.Println(c.When.Format(time.Kitchen), path)
		})
	}
	// Output:
	// 12:00AM README.md
	// 12:00AM ci/.env
	// 1:00AM ci/.env
}
