//go:build unix

package source

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// FIFOs are tested on unix only: syscall.Mkfifo does not exist elsewhere.
// Opening a FIFO for reading blocks until a writer comes, so each of these
// tests would hang, not fail, if the source opened one.

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

func TestWorktreeSkipsFIFO(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "a.txt"), []byte("a"), 0o644); err != nil {
		t.Fatal(err)
	}
	mkfifo(t, filepath.Join(root, "pipe"))

	type item struct{ path, skip, data string }
	tests := []struct {
		name string
		root string
		want []item
	}{
		{"in the tree", root, []item{{"a.txt", "", "a"}, {"pipe", SkipIgnored, ""}}},
		{"as the root", filepath.Join(root, "pipe"), []item{{"pipe", SkipIgnored, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				mu  sync.Mutex // the walker yields skips, a reader the files
				got []item
			)
			err := (&Worktree{Root: tt.root, Jobs: 1}).Blobs(context.Background(), func(b Blob) error {
				mu.Lock()
				defer mu.Unlock()
				if b.Err != nil {
					t.Errorf("%s: %v", b.Path, b.Err)
				}
				got = append(got, item{b.Path, b.Skip, string(b.Data)})
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			slices.SortFunc(got, func(a, b item) int { return strings.Compare(a.path, b.path) })
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestOpenRegular covers what the walk cannot show: a file replaced by a
// FIFO or a symbolic link after the walk saw it is refused, not opened.
func TestOpenRegular(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("content"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(file, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	mkfifo(t, filepath.Join(dir, "fifo"))

	tests := []struct {
		name    string
		wantErr error
	}{
		{"file", nil},
		{"link", errNotRegular},
		{"fifo", errNotRegular},
		{"dir", errNotRegular},
		{"missing", os.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, size, err := openRegular(filepath.Join(dir, tt.name))
			if f != nil {
				defer f.Close()
			}
			if info, serr := os.Lstat(filepath.Join(dir, tt.name)); err == nil && serr == nil && size != info.Size() {
				t.Errorf("size = %d, want %d", size, info.Size())
			}
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("openRegular: %v", err)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("openRegular = %v, want %v", err, tt.wantErr)
			case tt.wantErr != nil && f != nil:
				t.Fatal("openRegular returned a file with an error")
			}
		})
	}

	// read, given a job for a path that is now a FIFO, skips it.
	var got []Blob
	err := (&Worktree{}).read(context.Background(), fileJob{abs: filepath.Join(dir, "fifo"), rel: "fifo"}, nil, nil,
		func(b Blob) error { got = append(got, b); return nil })
	if err != nil || len(got) != 1 || got[0].Skip != SkipIgnored || got[0].Data != nil || got[0].Err != nil {
		t.Errorf("read(fifo) = %v, yielded %+v; want one ignored blob", err, got)
	}
}
