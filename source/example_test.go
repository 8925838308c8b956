package source_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/patmigrate/patmigrate/source"
)

func ExampleWorktree() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, ".env"), []byte("DBT_CLOUD_HOST=cloud.getdbt.com\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "logo.png"), []byte("\x89PNG\x00\x00"), 0o600)
	os.MkdirAll(filepath.Join(dir, "node_modules", "x"), 0o755)
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte("# notes\n"), 0o600)

	exclude, _ := source.ParseGlob("*.md")
	w := &source.Worktree{Root: dir, Filter: source.Filter{Exclude: []source.Glob{exclude}}}
	var mu sync.Mutex // Blobs calls yield from several goroutines
	var seen []string
	err := w.Blobs(context.Background(), func(b source.Blob) error {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case b.Skip != "":
			seen = append(seen, b.Path+" skipped: "+b.Skip)
		case b.Err == nil:
			seen = append(seen, fmt.Sprintf("%s %d bytes", b.Path, len(b.Data)))
		}
		return nil
	})
	if err != nil {
		panic(err)
	}
	sort.Strings(seen)
	for _, s := range seen {
		fmt.Println(s)
	}
	// Output:
	// .env 32 bytes
	// logo.png 6 bytes
	// node_modules skipped: ignored
	// notes.md skipped: ignored
}
