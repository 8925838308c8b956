package gitdb

import (
	"fmt"
	"os"
	"path"
	"strings"

	"github.com/go-git/go-billy/v5"
)

// checkedFS is a git folder as go-git's storage sees it: without the packs
// whose index readPackIndex refuses. go-git decodes an index by what it
// says of itself: one of a few bytes whose fanout table claims two billion
// objects has it allocate 40 GiB before it reads a name. What such a pack
// holds is not read at all, and Open says so (Repo.Problems).
type checkedFS struct {
	billy.Filesystem
	hidden map[string]bool // "objects/pack/pack-<id>", without the extension
}

// checkPacks checks the index of every pack in the git folder fs and
// returns fs without the packs it refuses, with what is wrong with each.
func checkPacks(fs billy.Filesystem) (billy.Filesystem, []error) {
	const dir = "objects/pack"
	files, err := fs.ReadDir(dir)
	if err != nil {
		return fs, nil // no packs: go-git finds none either
	}
	hidden := map[string]bool{}
	var problems []error
	for _, f := range files {
		base, ok := strings.CutSuffix(f.Name(), ".idx")
		if !ok || !strings.HasPrefix(base, "pack-") {
			continue
		}
		name := path.Join(dir, f.Name())
		data, unmap, err := mapFile(path.Join(fs.Root(), name))
		if err == nil {
			_, err = readPackIndex(data)
			unmap()
		}
		if err != nil {
			hidden[path.Join(dir, base)] = true
			problems = append(problems, fmt.Errorf("%s: %w: the objects of %s.pack are not read (git verify-pack %s says more)", path.Join(fs.Root(), name), err, base, name))
		}
	}
	if len(hidden) == 0 {
		return fs, nil
	}
	return &checkedFS{Filesystem: fs, hidden: hidden}, problems
}

// hides reports whether name is a file of a refused pack.
func (c *checkedFS) hides(name string) bool {
	name = path.Clean(strings.TrimPrefix(name, c.Root()+"/"))
	ext := path.Ext(name)
	return (ext == ".idx" || ext == ".pack" || ext == ".rev" || ext == ".bitmap") && c.hidden[strings.TrimSuffix(name, ext)]
}

func (c *checkedFS) ReadDir(dir string) ([]os.FileInfo, error) {
	files, err := c.Filesystem.ReadDir(dir)
	var kept []os.FileInfo
	for _, f := range files {
		if !c.hides(path.Join(dir, f.Name())) {
			kept = append(kept, f)
		}
	}
	return kept, err
}

func (c *checkedFS) Open(name string) (billy.File, error) {
	if c.hides(name) {
		return nil, os.ErrNotExist
	}
	return c.Filesystem.Open(name)
}

func (c *checkedFS) OpenFile(name string, flag int, perm os.FileMode) (billy.File, error) {
	if c.hides(name) {
		return nil, os.ErrNotExist
	}
	return c.Filesystem.OpenFile(name, flag, perm)
}

func (c *checkedFS) Stat(name string) (os.FileInfo, error) {
	if c.hides(name) {
		return nil, os.ErrNotExist
	}
	return c.Filesystem.Stat(name)
}

func (c *checkedFS) Lstat(name string) (os.FileInfo, error) {
	if c.hides(name) {
		return nil, os.ErrNotExist
	}
	return c.Filesystem.Lstat(name)
}
