//go:build unix

package scanner

import (
	"errors"
	"os"
	"syscall"
)

var errNotRegular = errors.New("not a regular file")

// openRegular opens path for reading without blocking (a FIFO that replaced
// a file after the walk saw it would otherwise hang the open) and without
// following a final symbolic link, and refuses anything but a regular file.
// It returns the size fstat reports.
func openRegular(path string) (*os.File, int64, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOFOLLOW, 0)
	if errors.Is(err, syscall.ELOOP) {
		return nil, 0, errNotRegular
	}
	if err != nil {
		return nil, 0, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, 0, errNotRegular
	}
	return f, info.Size(), nil
}

// mapFile maps the file at path into memory read-only: a large index is
// then read from the page cache without being copied into a fresh heap
// buffer (which costs a page fault per 4 KiB). done unmaps it.
func mapFile(path string) (data []byte, done func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if info.Size() == 0 {
		return nil, func() {}, nil
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(info.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		data, err = os.ReadFile(path)
		return data, func() {}, err
	}
	return data, func() { syscall.Munmap(data) }, nil
}
