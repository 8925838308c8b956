//go:build !unix

package scanner

import (
	"errors"
	"os"
)

var errNotRegular = errors.New("not a regular file")

// openRegular opens path for reading and refuses anything but a regular file.
func openRegular(path string) (*os.File, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, errNotRegular
	}
	return os.Open(path)
}
