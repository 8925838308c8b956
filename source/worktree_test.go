package source_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"

	"github.com/patmigrate/patmigrate/internal/ruletest"
	"github.com/patmigrate/patmigrate/rules"
	"github.com/patmigrate/patmigrate/scanner"
	"github.com/patmigrate/patmigrate/source"
)

// blobItem is what a test keeps of a Blob: Data is valid only during the
// callback, and errors are checked apart.
type blobItem struct {
	Path      string
	Skip      string
	Data      string
	Read      bool // Data was not nil
	Err       bool
	Untracked bool
}

func fileItem(path, data string) blobItem { return blobItem{Path: path, Data: data, Read: true} }
func skipItem(path, why string) blobItem  { return blobItem{Path: path, Skip: why} }
func ignoredItem(path string) blobItem    { return skipItem(path, source.SkipIgnored) }
func errItem(path string) blobItem        { return blobItem{Path: path, Err: true} }

func untrackedItem(path, data string) blobItem {
	it := fileItem(path, data)
	it.Untracked = true
	return it
}

func (it blobItem) String() string {
	var b strings.Builder
	b.WriteString(it.Path)
	switch {
	case it.Err:
		b.WriteString(" error")
	case it.Skip != "":
		b.WriteString(" skip=" + it.Skip)
	}
	if it.Read {
		d := it.Data
		if len(d) > 40 {
			d = fmt.Sprintf("%s…(%d bytes)", d[:40], len(d))
		}
		fmt.Fprintf(&b, " data=%q", d)
	}
	if it.Untracked {
		b.WriteString(" untracked")
	}
	return b.String()
}

// blobs runs w and returns what it yielded sorted by path, with the errors
// of the items that could not be read.
func collectBlobs(ctx context.Context, w *source.Worktree) ([]blobItem, map[string]error, error) {
	var (
		mu    sync.Mutex
		items []blobItem
		errs  = map[string]error{}
	)
	err := w.Blobs(ctx, func(b source.Blob) error {
		it := blobItem{Path: b.Path, Skip: b.Skip, Data: string(b.Data), Read: b.Data != nil, Err: b.Err != nil, Untracked: b.Untracked}
		mu.Lock()
		defer mu.Unlock()
		items = append(items, it)
		if b.Err != nil {
			errs[b.Path] = b.Err
		}
		return nil
	})
	slices.SortStableFunc(items, func(a, b blobItem) int { return strings.Compare(a.Path, b.Path) })
	return items, errs, err
}

// walk runs w, which must succeed, and returns what it yielded.
func walkTree(t *testing.T, w *source.Worktree) []blobItem {
	t.Helper()
	items, _, err := collectBlobs(context.Background(), w)
	if err != nil {
		t.Fatalf("Blobs(%s): %v", w.Root, err)
	}
	return items
}

// checkItems compares what a walk yielded with what it should have, each
// path exactly once.
func checkItems(t *testing.T, got, want []blobItem) {
	t.Helper()
	slices.SortStableFunc(want, func(a, b blobItem) int { return strings.Compare(a.Path, b.Path) })
	if slices.Equal(got, want) {
		return
	}
	var b strings.Builder
	for i := 0; i < max(len(got), len(want)); i++ {
		var g, w string
		if i < len(got) {
			g = got[i].String()
		}
		if i < len(want) {
			w = want[i].String()
		}
		mark := " "
		if g != w {
			mark = "!"
		}
		fmt.Fprintf(&b, "%s got  %s\n  want %s\n", mark, g, w)
	}
	t.Errorf("walk yielded:\n%s", b.String())
}

// writeTree creates files (slash-separated paths) under root.
func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for p, data := range files {
		abs := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(abs, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// initRepo makes root a git repository holding files, with tracked added to
// the index.
func initRepo(t *testing.T, root string, files map[string]string, tracked ...string) {
	t.Helper()
	repo, err := git.PlainInit(root, false)
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, root, files)
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range tracked {
		if _, err := wt.Add(p); err != nil {
			t.Fatalf("git add %s: %v", p, err)
		}
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symbolic links not available: %v", err)
	}
}

func TestWorktreeReadsEveryFileOnce(t *testing.T) {
	root := t.TempDir()
	big := strings.Repeat("DBT_CLOUD_ACCOUNT_ID=12345\n", 10_000) // past the 64 KiB first buffer
	files := map[string]string{
		"README.md":                  "# repo\n",
		"empty.txt":                  "",
		".env":                       "DBT_CLOUD_API_KEY=x\n",
		"a/b/c/deep.yml":             "key: value\n",
		"a/b/sibling.py":             "print('hi')\n",
		"with space/name with é.txt": "unicode path\n",
		"big.txt":                    big,
		"late-nul.txt":               strings.Repeat("x", 8<<10) + "\x00after the sniffed prefix",
		"node_modules.txt":           "a file named like a skipped folder\n",
		"pkg/venv":                   "a file named like a skipped folder\n",
		"pkg/.gitignore":             "*.log\n", // not honoured without RespectGitignore
		"pkg/debug.log":              "log\n",
		"crlf.txt":                   "line1\r\nline2\r\n",
	}
	writeTree(t, root, files)
	var want []blobItem
	for p, data := range files {
		want = append(want, fileItem(p, data))
	}
	checkItems(t, walkTree(t, &source.Worktree{Root: root}), want)
}

func TestDefaultSkipDirs(t *testing.T) {
	want := []string{".git", "node_modules", ".venv", "venv", "__pycache__", ".terraform", "dbt_packages", ".tox"}
	if got := source.DefaultSkipDirs(); !slices.Equal(got, want) {
		t.Errorf("DefaultSkipDirs() = %q, want %q", got, want)
	}
	// The result is the caller's to change.
	source.DefaultSkipDirs()[0] = "changed"
	if source.DefaultSkipDirs()[0] != ".git" {
		t.Error("DefaultSkipDirs shares its slice between calls")
	}
}

func TestWorktreeSkipDirs(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{"keep.py": "x = 1\n", "pkg/keep.py": "y = 2\n"}
	for _, d := range source.DefaultSkipDirs() {
		files[d+"/inside.txt"] = "DBT_CLOUD_API_KEY=x\n"
		files[d+"/sub/deeper.txt"] = "DBT_CLOUD_API_KEY=x\n"
		files["pkg/"+d+"/nested.txt"] = "DBT_CLOUD_API_KEY=x\n"
	}
	files["vendor/lib.go"] = "package lib\n"
	writeTree(t, root, files)

	t.Run("default", func(t *testing.T) {
		want := []blobItem{fileItem("keep.py", "x = 1\n"), fileItem("pkg/keep.py", "y = 2\n"), fileItem("vendor/lib.go", "package lib\n")}
		for _, d := range source.DefaultSkipDirs() {
			want = append(want, ignoredItem(d), ignoredItem("pkg/"+d)) // one per folder, nothing inside
		}
		checkItems(t, walkTree(t, &source.Worktree{Root: root}), want)
	})
	t.Run("custom", func(t *testing.T) {
		got := walkTree(t, &source.Worktree{Root: root, SkipDirs: []string{"vendor"}})
		var want []blobItem
		for p, data := range files {
			if !strings.HasPrefix(p, "vendor/") {
				want = append(want, fileItem(p, data))
			}
		}
		want = append(want, ignoredItem("vendor"))
		checkItems(t, got, want)
	})
	t.Run("none", func(t *testing.T) {
		got := walkTree(t, &source.Worktree{Root: root, SkipDirs: []string{}})
		var want []blobItem
		for p, data := range files {
			want = append(want, fileItem(p, data))
		}
		checkItems(t, got, want)
	})
}

func TestWorktreeSymlinks(t *testing.T) {
	outside := t.TempDir()
	writeTree(t, outside, map[string]string{
		"secret.env":     "DBT_CLOUD_API_KEY=outside\n",
		"dir/nested.env": "DBT_CLOUD_API_KEY=outside\n",
	})
	root := t.TempDir()
	writeTree(t, root, map[string]string{"real/file.txt": "inside\n", "top.txt": "top\n"})
	symlink(t, filepath.Join(outside, "secret.env"), filepath.Join(root, "link-to-outside-file.env"))
	symlink(t, filepath.Join(outside, "dir"), filepath.Join(root, "link-to-outside-dir"))
	symlink(t, "real", filepath.Join(root, "link-to-inside-dir"))
	symlink(t, "top.txt", filepath.Join(root, "link-to-inside-file.txt"))
	symlink(t, "does-not-exist", filepath.Join(root, "dangling"))
	symlink(t, "loop", filepath.Join(root, "loop"))

	want := []blobItem{
		fileItem("real/file.txt", "inside\n"),
		fileItem("top.txt", "top\n"),
		ignoredItem("dangling"),
		ignoredItem("link-to-inside-dir"),
		ignoredItem("link-to-inside-file.txt"),
		ignoredItem("link-to-outside-dir"),
		ignoredItem("link-to-outside-file.env"),
		ignoredItem("loop"),
	}
	checkItems(t, walkTree(t, &source.Worktree{Root: root}), want)
}

func TestWorktreeRootSymlink(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"target/a.txt": "a\n"})
	link := filepath.Join(dir, "link")
	symlink(t, "target", link)
	// The root itself is the one link that is followed: the user named it.
	checkItems(t, walkTree(t, &source.Worktree{Root: link}), []blobItem{fileItem("a.txt", "a\n")})
}

// TestWorktreeBinaryAndSize: binary content is read like any other (a NUL
// must not hide a key); size alone decides a skip.
func TestWorktreeBinaryAndSize(t *testing.T) {
	root := t.TempDir()
	sniff := 8 << 10
	writeTree(t, root, map[string]string{
		"image.png":               "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"nul-at-end-of-sniff.bin": strings.Repeat("a", sniff-1) + "\x00",
		"nul-after-sniff.txt":     strings.Repeat("a", sniff) + "\x00",
		"size-99.txt":             strings.Repeat("a", 99),
		"size-100.txt":            strings.Repeat("b", 100),
		"size-101.txt":            strings.Repeat("c", 101),
		"big-binary.bin":          "\x00" + strings.Repeat("d", 200),
	})
	tests := []struct {
		name string
		max  int64
		want []blobItem
	}{
		{"no limit", 0, []blobItem{
			fileItem("image.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
			fileItem("nul-at-end-of-sniff.bin", strings.Repeat("a", sniff-1)+"\x00"),
			fileItem("nul-after-sniff.txt", strings.Repeat("a", sniff)+"\x00"),
			fileItem("size-99.txt", strings.Repeat("a", 99)),
			fileItem("size-100.txt", strings.Repeat("b", 100)),
			fileItem("size-101.txt", strings.Repeat("c", 101)),
			fileItem("big-binary.bin", "\x00"+strings.Repeat("d", 200)),
		}},
		{"max 100", 100, []blobItem{
			fileItem("image.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
			skipItem("nul-at-end-of-sniff.bin", source.SkipTooLarge), // size decides before content
			skipItem("nul-after-sniff.txt", source.SkipTooLarge),
			fileItem("size-99.txt", strings.Repeat("a", 99)),
			fileItem("size-100.txt", strings.Repeat("b", 100)),
			skipItem("size-101.txt", source.SkipTooLarge),
			skipItem("big-binary.bin", source.SkipTooLarge),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkItems(t, walkTree(t, &source.Worktree{Root: root, Filter: source.Filter{MaxSize: tt.max}}), tt.want)
		})
	}
}

func TestWorktreeUnreadable(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("permission bits do not stop reading on Windows")
	}
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their mode")
	}
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"a.txt":         "a\n",
		"locked.env":    "DBT_CLOUD_API_KEY=x\n",
		"closed/in.txt": "hidden\n",
		"z/after.txt":   "z\n",
	})
	for _, p := range []string{"locked.env", "closed"} {
		abs := filepath.Join(root, p)
		if err := os.Chmod(abs, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(abs, 0o755) })
	}
	items, errs, err := collectBlobs(context.Background(), &source.Worktree{Root: root})
	if err != nil {
		t.Fatalf("Blobs: %v (an unreadable blobItem must not stop the walk)", err)
	}
	checkItems(t, items, []blobItem{
		fileItem("a.txt", "a\n"),
		errItem("closed"),
		errItem("locked.env"),
		fileItem("z/after.txt", "z\n"),
	})
	for p, e := range errs {
		if !errors.Is(e, fs.ErrPermission) {
			t.Errorf("%s: error %v, want a permission error", p, e)
		}
		if strings.Contains(e.Error(), root) {
			t.Errorf("%s: error %q repeats the absolute path; the blob already names the file", p, e)
		}
	}
}

func TestWorktreeIncludeExclude(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"README.md":             "readme",
		"docs/guide.md":         "guide",
		"docs/api/ref.md":       "ref",
		"src/app.py":            "app",
		"src/app_test.py":       "test",
		"testdata/key.json":     "k1",
		"pkg/testdata/key.json": "k2",
		"pkg/testdata/key.yaml": "k3",
		"build/out.js":          "out",
	}
	writeTree(t, root, files)
	tests := []struct {
		name             string
		include, exclude []string
		read             []string // every other file is ignored, unless in pruned
		pruned           []string // folders skipped whole: one ignored blobItem each
	}{
		{"exclude folder contents", nil, []string{"docs/**"},
			[]string{"README.md", "build/out.js", "pkg/testdata/key.json", "pkg/testdata/key.yaml", "src/app.py", "src/app_test.py", "testdata/key.json"},
			[]string{"docs"}},
		{"exclude by extension", nil, []string{"*.md"},
			[]string{"build/out.js", "pkg/testdata/key.json", "pkg/testdata/key.yaml", "src/app.py", "src/app_test.py", "testdata/key.json"},
			nil},
		{"exclude folder only", nil, []string{"build/"},
			[]string{"README.md", "docs/api/ref.md", "docs/guide.md", "pkg/testdata/key.json", "pkg/testdata/key.yaml", "src/app.py", "src/app_test.py", "testdata/key.json"},
			[]string{"build"}},
		{"exclude name at any depth", nil, []string{"testdata"},
			[]string{"README.md", "build/out.js", "docs/api/ref.md", "docs/guide.md", "src/app.py", "src/app_test.py"},
			[]string{"pkg/testdata", "testdata"}},
		{"include by extension", []string{"*.md"}, nil,
			[]string{"README.md", "docs/api/ref.md", "docs/guide.md"}, nil},
		{"include with double star", []string{"**/testdata/*.json"}, nil,
			[]string{"pkg/testdata/key.json", "testdata/key.json"}, nil},
		{"include a folder", []string{"src"}, nil,
			[]string{"src/app.py", "src/app_test.py"}, nil},
		{"include several", []string{"*.py", "README.md"}, nil,
			[]string{"README.md", "src/app.py", "src/app_test.py"}, nil},
		{"exclude wins over include", []string{"*.py"}, []string{"*_test.py"},
			[]string{"src/app.py"}, nil},
		{"exclude inside included", []string{"docs/**"}, []string{"docs/api/"},
			[]string{"docs/guide.md"}, []string{"docs/api"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &source.Worktree{Root: root}
			for _, p := range tt.include {
				w.Filter.Include = append(w.Filter.Include, mustGlob(t, p))
			}
			for _, p := range tt.exclude {
				w.Filter.Exclude = append(w.Filter.Exclude, mustGlob(t, p))
			}
			var want []blobItem
			for p, data := range files {
				switch {
				case slices.ContainsFunc(tt.pruned, func(d string) bool { return strings.HasPrefix(p, d+"/") }):
				case slices.Contains(tt.read, p):
					want = append(want, fileItem(p, data))
				default:
					want = append(want, ignoredItem(p))
				}
			}
			for _, d := range tt.pruned {
				want = append(want, ignoredItem(d))
			}
			checkItems(t, walkTree(t, w), want)
		})
	}
}

func mustGlob(t *testing.T, p string) source.Glob {
	t.Helper()
	g, err := source.ParseGlob(p)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestWorktreeRespectGitignore(t *testing.T) {
	top := t.TempDir()
	initRepo(t, top, map[string]string{
		".gitignore":          "*.log\nbuild/\ndist/\n/local.txt\n# a comment\n\n",
		".git/info/exclude":   "excluded.txt\n",
		"app.py":              "app",
		"debug.log":           "debug",
		"committed.log":       "tracked, so never ignored",
		"local.txt":           "local",
		"excluded.txt":        "excluded",
		"build/out.txt":       "out",
		"dist/bundle.js":      "tracked inside an ignored folder",
		"dist/tmp.js":         "tmp",
		"sub/.gitignore":      "!keep.log\nsecret.txt\n",
		"sub/keep.log":        "keep",
		"sub/other.log":       "other",
		"sub/secret.txt":      "secret",
		"sub/local.txt":       "/local.txt is anchored to the top",
		"sub/deeper/x.log":    "x",
		"sub/deeper/keep.log": "keep, re-included from above",
	}, "app.py", ".gitignore", "sub/.gitignore", "committed.log", "dist/bundle.js")

	t.Run("top", func(t *testing.T) {
		got := walkTree(t, &source.Worktree{Root: top, RespectGitignore: true})
		checkItems(t, got, []blobItem{
			ignoredItem(".git"),
			fileItem(".gitignore", "*.log\nbuild/\ndist/\n/local.txt\n# a comment\n\n"),
			fileItem("app.py", "app"),
			ignoredItem("build"),
			fileItem("committed.log", "tracked, so never ignored"),
			ignoredItem("debug.log"),
			fileItem("dist/bundle.js", "tracked inside an ignored folder"),
			ignoredItem("dist/tmp.js"),
			ignoredItem("excluded.txt"),
			ignoredItem("local.txt"),
			fileItem("sub/.gitignore", "!keep.log\nsecret.txt\n"),
			untrackedItem("sub/deeper/keep.log", "keep, re-included from above"),
			ignoredItem("sub/deeper/x.log"),
			untrackedItem("sub/keep.log", "keep"),
			untrackedItem("sub/local.txt", "/local.txt is anchored to the top"),
			ignoredItem("sub/other.log"),
			ignoredItem("sub/secret.txt"),
		})
	})
	t.Run("subdirectory", func(t *testing.T) {
		got := walkTree(t, &source.Worktree{Root: filepath.Join(top, "sub"), RespectGitignore: true})
		checkItems(t, got, []blobItem{
			fileItem(".gitignore", "!keep.log\nsecret.txt\n"),
			untrackedItem("deeper/keep.log", "keep, re-included from above"),
			ignoredItem("deeper/x.log"),
			untrackedItem("keep.log", "keep"),
			untrackedItem("local.txt", "/local.txt is anchored to the top"),
			ignoredItem("other.log"),
			ignoredItem("secret.txt"),
		})
	})
	t.Run("off", func(t *testing.T) {
		// Without the option, ignored files are read: that is where keys live.
		got := walkTree(t, &source.Worktree{Root: top})
		var paths []string
		for _, it := range got {
			if it.Read {
				paths = append(paths, it.Path)
			}
		}
		want := []string{".gitignore", "app.py", "build/out.txt", "committed.log", "debug.log", "dist/bundle.js", "dist/tmp.js",
			"excluded.txt", "local.txt", "sub/.gitignore", "sub/deeper/keep.log", "sub/deeper/x.log", "sub/keep.log",
			"sub/local.txt", "sub/other.log", "sub/secret.txt"}
		if !slices.Equal(paths, want) {
			t.Errorf("read %q,\nwant %q", paths, want)
		}
	})
	t.Run("not a repository", func(t *testing.T) {
		root := t.TempDir()
		writeTree(t, root, map[string]string{".gitignore": "*.env\n", "a.env": "a"})
		got := walkTree(t, &source.Worktree{Root: root, RespectGitignore: true})
		checkItems(t, got, []blobItem{fileItem(".gitignore", "*.env\n"), fileItem("a.env", "a")})
	})
}

func TestWorktreeUntracked(t *testing.T) {
	top := t.TempDir()
	initRepo(t, top, map[string]string{
		".gitignore":       ".env\n",
		".env":             "DBT_CLOUD_API_KEY=x\n",
		"app.py":           "app",
		"ci/deploy.yml":    "deploy",
		"notes.txt":        "untracked, not ignored",
		"sub/tracked.py":   "tracked",
		"sub/.env":         "sub env",
		"..data/kept.txt":  "tracked in a folder whose name starts with two dots",
		"..data/local.txt": "untracked",
	}, ".gitignore", "app.py", "ci/deploy.yml", "sub/tracked.py", "..data/kept.txt")

	tests := []struct {
		name string
		root string
		want []blobItem
	}{
		{"top", top, []blobItem{
			ignoredItem(".git"),
			untrackedItem("..data/local.txt", "untracked"),
			fileItem("..data/kept.txt", "tracked in a folder whose name starts with two dots"),
			untrackedItem(".env", "DBT_CLOUD_API_KEY=x\n"),
			fileItem(".gitignore", ".env\n"),
			fileItem("app.py", "app"),
			fileItem("ci/deploy.yml", "deploy"),
			untrackedItem("notes.txt", "untracked, not ignored"),
			untrackedItem("sub/.env", "sub env"),
			fileItem("sub/tracked.py", "tracked"),
		}},
		{"subdirectory", filepath.Join(top, "sub"), []blobItem{
			untrackedItem(".env", "sub env"),
			fileItem("tracked.py", "tracked"),
		}},
		{"subdirectory named with dots", filepath.Join(top, "..data"), []blobItem{
			fileItem("kept.txt", "tracked in a folder whose name starts with two dots"),
			untrackedItem("local.txt", "untracked"),
		}},
		{"single untracked file", filepath.Join(top, "sub", ".env"), []blobItem{
			untrackedItem(".env", "sub env"),
		}},
		{"single tracked file", filepath.Join(top, "ci", "deploy.yml"), []blobItem{
			fileItem("deploy.yml", "deploy"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkItems(t, walkTree(t, &source.Worktree{Root: tt.root}), tt.want)
		})
	}
}

// TestWorktreeSubmodule: a submodule's checkout is another repository; the
// walk skips it (counted as ignored), whatever the ignore rules say.
func TestWorktreeSubmodule(t *testing.T) {
	top := t.TempDir()
	initRepo(t, top, map[string]string{
		".gitignore":          "libs/\n",
		"app.py":              "app",
		"libs/shared/.git":    "gitdir: ../../.git/modules/shared\n",
		"libs/shared/conn.py": "conn",
		"libs/scratch.py":     "scratch",
	}, ".gitignore", "app.py")
	repo, err := git.PlainOpen(top)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := repo.Storer.Index()
	if err != nil {
		t.Fatal(err)
	}
	idx.Entries = append(idx.Entries, &index.Entry{
		Name: "libs/shared",
		Mode: filemode.Submodule,
		Hash: plumbing.NewHash("0123456789abcdef0123456789abcdef01234567"),
	})
	if err := repo.Storer.SetIndex(idx); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		respect bool
		want    []blobItem
	}{
		{"all", false, []blobItem{
			ignoredItem(".git"),
			fileItem(".gitignore", "libs/\n"),
			fileItem("app.py", "app"),
			untrackedItem("libs/scratch.py", "scratch"),
			ignoredItem("libs/shared"),
		}},
		{"respect gitignore", true, []blobItem{
			ignoredItem(".git"),
			fileItem(".gitignore", "libs/\n"),
			fileItem("app.py", "app"),
			ignoredItem("libs/scratch.py"),
			ignoredItem("libs/shared"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkItems(t, walkTree(t, &source.Worktree{Root: top, RespectGitignore: tt.respect}), tt.want)
		})
	}
}

func TestWorktreeOutsideRepository(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{".env": "k", "a/b.txt": "b"})
	// Outside a repository nothing is "untracked": the advice for a local copy
	// would be wrong.
	checkItems(t, walkTree(t, &source.Worktree{Root: root}), []blobItem{fileItem(".env", "k"), fileItem("a/b.txt", "b")})
}

func TestWorktreeSingleFile(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"conf/dbt_cloud.yml": "api-key: x\n", "conf/other.yml": "other\n"})
	tests := []struct {
		name string
		w    source.Worktree
		want []blobItem
	}{
		{"plain", source.Worktree{Root: filepath.Join(dir, "conf", "dbt_cloud.yml")}, []blobItem{fileItem("dbt_cloud.yml", "api-key: x\n")}},
		{"too large", source.Worktree{Root: filepath.Join(dir, "conf", "dbt_cloud.yml"), Filter: source.Filter{MaxSize: 4}}, []blobItem{skipItem("dbt_cloud.yml", source.SkipTooLarge)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkItems(t, walkTree(t, &tt.w), tt.want)
		})
	}
}

func TestWorktreeMissingRoot(t *testing.T) {
	root := filepath.Join(t.TempDir(), "no-such-dir")
	called := false
	err := (&source.Worktree{Root: root}).Blobs(context.Background(), func(source.Blob) error {
		called = true
		return nil
	})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Blobs(missing root) = %v, want an error wrapping fs.ErrNotExist", err)
	}
	if !strings.HasPrefix(err.Error(), root+": ") {
		t.Errorf("error %q does not start with the root as given", err)
	}
	if called {
		t.Error("yield called for a missing root")
	}
}

func manyFiles(t *testing.T, n int) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{}
	for i := range n {
		files[fmt.Sprintf("d%02d/f%03d.txt", i%10, i)] = fmt.Sprintf("file %d\n", i)
	}
	writeTree(t, root, files)
	return root
}

func TestWorktreeCancel(t *testing.T) {
	root := manyFiles(t, 200)
	t.Run("before", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		items, _, err := collectBlobs(ctx, &source.Worktree{Root: root})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Blobs = %v, want context.Canceled", err)
		}
		if len(items) != 0 {
			t.Errorf("yielded %d blobs after the context was cancelled", len(items))
		}
	})
	for _, jobs := range []int{1, 4} {
		t.Run(fmt.Sprintf("during/jobs=%d", jobs), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var mu sync.Mutex
			n := 0
			err := (&source.Worktree{Root: root, Jobs: jobs}).Blobs(ctx, func(source.Blob) error {
				mu.Lock()
				defer mu.Unlock()
				n++
				cancel()
				return nil
			})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Blobs = %v, want context.Canceled", err)
			}
			// Each reader may have been in its callback when the context
			// was cancelled; none starts another.
			if n < 1 || n > jobs {
				t.Errorf("yielded %d blobs, want between 1 and %d", n, jobs)
			}
		})
	}
	t.Run("single file", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		items, _, err := collectBlobs(ctx, &source.Worktree{Root: filepath.Join(root, "d00", "f000.txt")})
		if !errors.Is(err, context.Canceled) || len(items) != 0 {
			t.Errorf("Blobs = %v with %d blobs, want context.Canceled and none", err, len(items))
		}
	})
}

func TestWorktreeYieldError(t *testing.T) {
	files := manyFiles(t, 200) // regular files only: the walker yields nothing
	mixed := manyFiles(t, 200)
	if err := os.Mkdir(filepath.Join(mixed, "node_modules"), 0o755); err != nil {
		t.Fatal(err)
	}
	errStop := errors.New("stop")
	tests := []struct {
		name   string
		root   string
		jobs   int
		failOn string
		strict bool // one goroutine calls yield: nothing may follow the error
	}{
		{"reader, one job", files, 1, "d03/f053.txt", true},
		{"reader, many jobs", files, 8, "d03/f053.txt", false},
		{"walker", mixed, 8, "node_modules", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The error must win over the cancellation it causes, whichever
			// goroutine sees which first: repeat to give the race a chance.
			for range 20 {
				var mu sync.Mutex
				after := 0
				stopped := false
				err := (&source.Worktree{Root: tt.root, Jobs: tt.jobs}).Blobs(context.Background(), func(b source.Blob) error {
					mu.Lock()
					defer mu.Unlock()
					if stopped {
						after++
					}
					if b.Path == tt.failOn {
						stopped = true
						return errStop
					}
					return nil
				})
				if !errors.Is(err, errStop) {
					t.Fatalf("Blobs = %v, want the error yield returned", err)
				}
				if tt.strict && after > 0 {
					t.Fatalf("yield called %d times after it returned an error", after)
				}
			}
		})
	}
}

func TestWorktreeJobsSameResult(t *testing.T) {
	root := manyFiles(t, 300)
	writeTree(t, root, map[string]string{
		"bin/tool":          "\x00\x01",
		"node_modules/x.js": "x",
		"big/huge.txt":      strings.Repeat("h", 5000),
	})
	var want []blobItem
	for _, jobs := range []int{0, 1, 2, 8, 64} {
		got := walkTree(t, &source.Worktree{Root: root, Jobs: jobs, Filter: source.Filter{MaxSize: 4096}})
		if want == nil {
			want = got
			if len(want) != 303 {
				t.Fatalf("Jobs=%d: %d blobs, want 303", jobs, len(want))
			}
			continue
		}
		t.Run(fmt.Sprintf("jobs=%d", jobs), func(t *testing.T) { checkItems(t, got, slices.Clone(want)) })
	}
}

// TestScanUntrackedFinding runs the whole engine over a repository: the key
// in a git-ignored .env is reported as not tracked, the committed one as
// tracked.
func TestScanUntrackedFinding(t *testing.T) {
	const (
		localKey     = "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
		committedKey = "0123456789abcdef0123456789abcdef01234567"
	)
	top := t.TempDir()
	initRepo(t, top, map[string]string{
		".gitignore":      ".env\n",
		".env":            "DBT_CLOUD_ACCOUNT_ID=12345\nDBT_CLOUD_API_KEY=" + localKey + "\n",
		"deploy/prod.env": "DBT_CLOUD_API_KEY=" + committedKey + "\n",
	}, ".gitignore", "deploy/prod.env")

	res, err := scanner.New(ruletest.Default(t), scanner.Options{}).Scan(context.Background(), &source.Worktree{Root: top})
	if err != nil {
		t.Fatal(err)
	}
	type seen struct {
		Path                 string
		Line, Col, EndCol    int
		Rule                 string
		Kind                 rules.Kind
		Secret, Account, Use string
		Tracked              bool
	}
	var got []seen
	for _, f := range res.Findings {
		got = append(got, seen{f.Path, f.Line, f.Column, f.EndColumn, f.Rule, f.Kind, f.Secret.Reveal(), f.AccountID, f.Usage, !f.Untracked})
	}
	want := []seen{
		{".env", 2, 19, 59, "legacy-key-env", rules.LegacyUserKey, localKey, "12345", "dotenv", false},
		{"deploy/prod.env", 1, 19, 59, "legacy-key-env", rules.LegacyUserKey, committedKey, "", "dotenv", true},
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %+v\nwant %+v", got, want)
	}
	if len(res.Errors) != 0 {
		t.Errorf("errors: %v", res.Errors)
	}
	if res.Stats.Files != 3 || res.Stats.Ignored != 1 {
		t.Errorf("stats %+v, want 3 files and 1 ignored (.git)", res.Stats)
	}
	for _, f := range res.Findings {
		if bytes.Contains([]byte(f.Snippet), []byte(f.Secret.Reveal())) {
			t.Errorf("%s:%d: snippet %q holds the whole secret", f.Path, f.Line, f.Snippet)
		}
	}
}
