package gitdb

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// ErrNotRepository is returned by Open for a folder that is not in a git
// repository.
var ErrNotRepository = errors.New("not a git repository")

// Repo is an opened repository: its git folder, from which each reading
// goroutine opens a storage of its own (go-git's pack readers share a file
// offset, so one storage is not safe for concurrent reads). A Repo is used
// by one goroutine at a time; ReadBlobs reads in parallel by itself. The
// caller closes it.
type Repo struct {
	repo    *git.Repository
	fs      billy.Filesystem // the git folder (.git, or the bare repository)
	work    string           // the working tree's root; "" for a bare repository
	cache   *cache.ObjectLRU // go-git's cache, for loose objects
	objects *packStore       // commits and trees, from the packs first
	primary *filesystem.Storage
	// alts are the git folders of the object directories the repository
	// borrows from (objects/info/alternates: git clone --shared).
	alts []billy.Filesystem
	// objectDirs are the object directories, the repository's own first.
	objectDirs []string
	// trees holds the trees the walk parsed last (see parsedTree).
	trees  *treeCache
	listed listed // what the diffs listed, against a tree bomb
	// problems are what Open found it cannot read (see Problems).
	problems []error
}

// Object cache sizes: the walk caches trees, which it reads again and again;
// blob readers cache delta bases. Both are bounded so that memory stays flat
// as history grows.
const (
	walkCache = 16 << 20
	readCache = 4 << 20
)

// Open opens the repository at or above dir (a working tree or a
// bare repository).
func Open(dir string) (*Repo, error) {
	gitFS, work, err := locate(dir)
	if err != nil {
		return nil, err
	}
	g := &Repo{work: work}
	g.fs, g.problems = checkPacks(gitFS)
	dirs, err := alternateDirs(filepath.Join(g.fs.Root(), "objects"))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	for _, fs := range alternateFS(dirs) {
		fs, problems := checkPacks(fs)
		g.alts = append(g.alts, fs)
		g.problems = append(g.problems, problems...)
	}
	g.objectDirs = append([]string{filepath.Join(g.fs.Root(), "objects")}, dirs...)
	// Reopen on a storage with a bounded cache (go-git's default is 96 MiB).
	g.cache = cache.NewObjectLRU(walkCache)
	g.primary = filesystem.NewStorageWithOptions(g.fs, g.cache, filesystem.Options{KeepDescriptors: true})
	walkSt := withAlternates(g.primary, g.alts, readCache)
	g.objects = newPackStore(g, walkSt)
	g.repo, err = git.Open(&guarded{walkSt, g.objects}, nil)
	if errors.Is(err, git.ErrWorktreeNotProvided) || err == nil {
		return g, nil
	}
	g.objects.Close()
	walkSt.Close()
	if errors.Is(err, git.ErrUnknownExtension) || errors.Is(err, git.ErrUnsupportedExtensionRepositoryFormatVersion) {
		return nil, fmt.Errorf("%s: %w (of the extensions git lists, patmigrate reads worktreeConfig, preciousObjects and partialClone; scan a clone made without this one, or the working tree alone)", dir, err)
	}
	return nil, fmt.Errorf("%s: %w", dir, err)
}

// locate finds the git folder and working tree of the repository at or
// above dir. go-git's own opening refuses a repository with an extension
// it does not know, read-only ones included (readOnlyExtensions): there
// the folders are found by hand, a .git folder at or above dir or dir
// itself as a bare repository; a linked worktree's .git file is left to
// go-git's error.
func locate(dir string) (billy.Filesystem, string, error) {
	r, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		r, err = git.PlainOpen(dir) // a bare repository has no .git to detect
	}
	switch {
	case errors.Is(err, git.ErrRepositoryNotExists):
		return nil, "", fmt.Errorf("%s: %w", dir, ErrNotRepository)
	case errors.Is(err, git.ErrUnknownExtension) || errors.Is(err, git.ErrUnsupportedExtensionRepositoryFormatVersion):
		if gitDir, work, ok := findGitDir(dir); ok {
			return osfs.New(gitDir), work, nil
		}
		return nil, "", fmt.Errorf("%s: %w", dir, err)
	case err != nil:
		return nil, "", fmt.Errorf("%s: %w", dir, err)
	}
	st, ok := r.Storer.(*filesystem.Storage)
	if !ok {
		return nil, "", fmt.Errorf("%s: unsupported repository storage", dir)
	}
	work := ""
	if wt, err := r.Worktree(); err == nil {
		work = wt.Filesystem.Root()
	}
	return st.Filesystem(), work, nil
}

// findGitDir looks for a .git folder at or above dir, or dir as a bare
// repository.
func findGitDir(dir string) (gitDir, work string, ok bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", "", false
	}
	isGitDir := func(d string) bool {
		for _, p := range []string{"HEAD", "objects", "refs"} {
			if _, err := os.Stat(filepath.Join(d, p)); err != nil {
				return false
			}
		}
		return true
	}
	if isGitDir(abs) {
		return abs, "", true
	}
	for d := abs; ; d = filepath.Dir(d) {
		if fi, err := os.Stat(filepath.Join(d, ".git")); err == nil && fi.IsDir() && isGitDir(filepath.Join(d, ".git")) {
			return filepath.Join(d, ".git"), d, true
		}
		if filepath.Dir(d) == d {
			return "", "", false
		}
	}
}

// Locate finds the repository at or above dir without opening its objects:
// the working tree's top folder ("" for a bare repository) and the git
// folder, where the index is.
func Locate(dir string) (top, gitDir string, err error) {
	r, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return "", "", fmt.Errorf("%s: %w", dir, ErrNotRepository)
	}
	if errors.Is(err, git.ErrUnknownExtension) || errors.Is(err, git.ErrUnsupportedExtensionRepositoryFormatVersion) {
		if gitDir, work, ok := findGitDir(dir); ok {
			return work, gitDir, nil
		}
	}
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", dir, err)
	}
	st, ok := r.Storer.(*filesystem.Storage)
	if !ok {
		return "", "", fmt.Errorf("%s: unsupported repository storage", dir)
	}
	if wt, err := r.Worktree(); err == nil {
		top = wt.Filesystem.Root()
	}
	return top, st.Filesystem().Root(), nil
}

// IsBare reports whether dir is a bare repository, which has history but no
// working tree to scan.
func IsBare(dir string) bool {
	r, err := git.PlainOpen(dir)
	if err != nil {
		return false
	}
	_, err = r.Worktree()
	return errors.Is(err, git.ErrIsBareRepository)
}

// storage opens the repository's objects with a cache of size bytes,
// keeping pack files open between reads (go-git otherwise reopens the pack
// for every object). The caller closes it.
func (g *Repo) storage(size cache.FileSize) *borrowing {
	st := filesystem.NewStorageWithOptions(g.fs, cache.NewObjectLRU(size), filesystem.Options{KeepDescriptors: true})
	return withAlternates(st, g.alts, size)
}

// guarded is the storage go-git's own code reads objects through (a
// revision such as HEAD~2, a tag): the packs and loose objects are read by
// packStore, within its limits, never by go-git's decoders, which inflate
// whatever a hostile object's stream holds.
type guarded struct {
	*borrowing
	objects *packStore
}

func (s *guarded) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	return s.objects.EncodedObject(t, h)
}

// Problems returns what Open found it cannot read at all, such as a pack
// whose index is corrupt: the objects there are missing to every reader,
// and a scan that does not say so would call their content clean.
func (g *Repo) Problems() []error { return g.problems }

// Close releases the files the repository keeps open.
func (g *Repo) Close() error {
	err := g.objects.Close()
	if st, ok := g.repo.Storer.(*guarded); ok {
		err = errors.Join(err, st.Close())
	}
	return err
}

// index reads the repository's index (.git/index). A missing index is an
// empty one (a repository with nothing staged yet). The caller calls done
// when it has finished with the index.
func (g *Repo) index() (idx *Index, done func(), err error) {
	idx, done, err = ReadIndex(g.fs.Root())
	if errors.Is(err, os.ErrNotExist) {
		return &Index{data: make([]byte, 12), version: 2}, func() {}, nil
	}
	return idx, done, err
}

// ReadIndex maps and parses the index of the git folder gitDir. The caller
// calls done when it has finished with the index.
func ReadIndex(gitDir string) (idx *Index, done func(), err error) {
	data, done, err := mapFile(filepath.Join(gitDir, "index"))
	if err != nil {
		return nil, nil, err
	}
	if idx, err = parseIndex(data); err != nil {
		done()
		return nil, nil, err
	}
	return idx, done, nil
}

// packs lists the repository's pack files.
func (g *Repo) packs() ([]plumbing.Hash, error) {
	st := g.primary
	if st == nil { // a Repo made around a go-git repository (tests)
		var ok bool
		if st, ok = g.repo.Storer.(*filesystem.Storage); !ok {
			return nil, nil
		}
	}
	return st.ObjectPacks()
}

// Subdir returns dir's slash-separated path inside g's working tree, "" for
// its root (or a bare repository, or a dir outside it).
func (g *Repo) Subdir(dir string) string {
	if g.work == "" {
		return ""
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	work := g.work
	if r, err := filepath.EvalSymlinks(work); err == nil {
		work = r
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	rel, err := filepath.Rel(work, abs)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(rel)
}
