//go:build !unix

package source

import (
	"errors"
	"io"
	"os"
)

var errNotRegular = errors.New("not a regular file")

// openRegular opens path for reading and refuses anything but a regular
// file. It returns the file's size.
func openRegular(path string) (io.ReadCloser, int64, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return nil, 0, err
	}
	if !info.Mode().IsRegular() {
		return nil, 0, errNotRegular
	}
	f, err := os.Open(path)
	return f, info.Size(), err
}
