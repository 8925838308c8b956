package source

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// readAll trusts fstat's size only to save a read: a file that grew or
// shrank after fstat is still read exactly to its end.
func TestReadAllWhateverTheSizeSays(t *testing.T) {
	content := bytes.Repeat([]byte("DBT_CLOUD_ACCOUNT_ID=12345\n"), 3000) // 81 KB
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		size int64
	}{
		{"exact", int64(len(content))},
		{"grew after fstat", 100},
		{"past 8 KiB", 8<<10 + 10},
		{"shrank after fstat", int64(len(content)) * 2},
		{"empty at fstat", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			w := &Worktree{}
			data, skip, err := w.readAll(f, tt.size, make([]byte, 0, 16))
			if err != nil || skip != "" {
				t.Fatalf("readAll: skip %q, err %v", skip, err)
			}
			if !bytes.Equal(data, content) {
				t.Errorf("read %d bytes, want %d", len(data), len(content))
			}
		})
	}
}

func TestReadAllLimits(t *testing.T) {
	dir := t.TempDir()
	bin := append(bytes.Repeat([]byte("x"), 100), 0)
	binPath := filepath.Join(dir, "bin")
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(binPath, append(bin, bytes.Repeat([]byte("y"), 1<<20)...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(big, bytes.Repeat([]byte("y"), 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(binPath)
	defer f.Close()
	// Binary content is read whole like any other: a NUL must not hide
	// what follows it.
	data, skip, err := (&Worktree{}).readAll(f, 1<<20+101, nil)
	if skip != "" || err != nil || len(data) != 1<<20+101 {
		t.Errorf("binary: skip %q, err %v, read %d bytes, want all", skip, err, len(data))
	}
	g, _ := os.Open(big)
	defer g.Close()
	// The file grew past the limit after fstat said it fit.
	if _, skip, err := (&Worktree{Filter: Filter{MaxSize: 1000}}).readAll(g, 10, nil); skip != SkipTooLarge || err != nil {
		t.Errorf("grown past the limit: skip %q, err %v", skip, err)
	}
}
