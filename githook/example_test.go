package githook_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5"

	"github.com/patmigrate/patmigrate/githook"
)

func ExampleInstall() {
	dir, _ := os.MkdirTemp("", "githook")
	defer os.RemoveAll(dir)
	if _, err := git.PlainInit(dir, false); err != nil {
		panic(err)
	}
	path, changed, err := githook.Install(dir, "patmigrate scan --staged")
	if err != nil {
		panic(err)
	}
	rel, _ := filepath.Rel(dir, path)
	fmt.Println(filepath.ToSlash(rel), changed)
	_, again, _ := githook.Install(dir, "patmigrate scan --staged")
	fmt.Println("installed again:", again)
	// Output:
	// .git/hooks/pre-commit true
	// installed again: false
}
