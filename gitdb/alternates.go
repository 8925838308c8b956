package gitdb

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// maxAlternateDepth is how deep git follows alternates of alternates.
const maxAlternateDepth = 5

// alternateDirs returns the object directories the repository whose own
// objects are in objects borrows from, in git's order: those its
// objects/info/alternates names (a relative path is relative to the
// objects directory that names it), each followed by its own alternates
// up to maxAlternateDepth, then GIT_ALTERNATE_OBJECT_DIRECTORIES
// (separated by the list separator, relative to the current folder).
// go-git reads one level of the file and takes a relative path from the
// wrong root; a clone made with git clone --shared or --reference, as CI
// caches make them, could not be read.
func alternateDirs(objects string) ([]string, error) {
	var out []string
	seen := map[string]bool{clean(objects): true}
	var walk func(dir string, depth int) error
	walk = func(dir string, depth int) error {
		f, err := os.Open(filepath.Join(dir, "info", "alternates"))
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			alt := line
			if !filepath.IsAbs(alt) {
				alt = filepath.Join(dir, alt)
			}
			if err := add(&out, seen, alt); err != nil {
				return err
			}
			if depth < maxAlternateDepth {
				if err := walk(clean(alt), depth+1); err != nil {
					return err
				}
			}
		}
		return sc.Err()
	}
	if err := walk(objects, 1); err != nil {
		return nil, err
	}
	for _, alt := range filepath.SplitList(os.Getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES")) {
		if alt == "" {
			continue
		}
		if err := add(&out, seen, alt); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func clean(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	return dir
}

// add appends the object directory alt to out once, after checking that
// it can be read: git refuses a repository whose alternate is missing.
func add(out *[]string, seen map[string]bool, alt string) error {
	dir := clean(alt)
	if seen[dir] {
		return nil
	}
	seen[dir] = true
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("alternate object directory %s does not exist (objects/info/alternates or GIT_ALTERNATE_OBJECT_DIRECTORIES names it)", alt)
	}
	if filepath.Base(dir) != "objects" {
		// go-git opens an object store through the folder above it.
		return fmt.Errorf("alternate object directory %s: only a directory named objects is supported", alt)
	}
	*out = append(*out, dir)
	return nil
}

// alternateFS returns the git folders of the object directories: the
// folder above each, where go-git finds objects/.
func alternateFS(dirs []string) []billy.Filesystem {
	out := make([]billy.Filesystem, len(dirs))
	for i, d := range dirs {
		out[i] = osfs.New(filepath.Dir(d))
	}
	return out
}

// borrowing is a repository's object storage that, for an object it does
// not hold, asks its alternates in order.
type borrowing struct {
	*filesystem.Storage
	alts []*filesystem.Storage
}

func withAlternates(st *filesystem.Storage, alts []billy.Filesystem, size cache.FileSize) *borrowing {
	b := &borrowing{Storage: st}
	for _, fs := range alts {
		b.alts = append(b.alts, filesystem.NewStorageWithOptions(fs, cache.NewObjectLRU(size), filesystem.Options{KeepDescriptors: true}))
	}
	return b
}

// borrow returns what get finds in the storage, or else in the first of
// its alternates that has it.
func borrow[T any](b *borrowing, get func(*filesystem.Storage) (T, error)) (T, error) {
	v, err := get(b.Storage)
	if !errors.Is(err, plumbing.ErrObjectNotFound) {
		return v, err
	}
	for _, a := range b.alts {
		if av, aerr := get(a); aerr == nil {
			return av, nil
		}
	}
	return v, err
}

// EncodedObject implements storer.EncodedObjectStorer.
func (b *borrowing) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	return borrow(b, func(s *filesystem.Storage) (plumbing.EncodedObject, error) { return s.EncodedObject(t, h) })
}

// HasEncodedObject implements storer.EncodedObjectStorer.
func (b *borrowing) HasEncodedObject(h plumbing.Hash) error {
	_, err := borrow(b, func(s *filesystem.Storage) (struct{}, error) { return struct{}{}, s.HasEncodedObject(h) })
	return err
}

// EncodedObjectSize implements storer.EncodedObjectStorer.
func (b *borrowing) EncodedObjectSize(h plumbing.Hash) (int64, error) {
	return borrow(b, func(s *filesystem.Storage) (int64, error) { return s.EncodedObjectSize(h) })
}

// Close closes the storage and its alternates'.
func (b *borrowing) Close() error {
	errs := []error{b.Storage.Close()}
	for _, a := range b.alts {
		errs = append(errs, a.Close())
	}
	return errors.Join(errs...)
}
