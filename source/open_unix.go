//go:build unix

package source

import (
	"errors"
	"io"
	"os"
	"syscall"
)

var errNotRegular = errors.New("not a regular file")

// openRegular opens path for reading without blocking (a FIFO that replaced
// a file after the walk saw it would otherwise hang the open) and without
// following a final symbolic link, and refuses anything but a regular file.
// It returns the size fstat reports. The file is a raw descriptor, not an
// *os.File: Go registers a non-blocking *os.File with its network poller,
// two more system calls per file that a scan of thousands of files feels.
func openRegular(path string) (io.ReadCloser, int64, error) {
	fd, err := openNoEINTR(path)
	if errors.Is(err, syscall.ELOOP) {
		return nil, 0, errNotRegular
	}
	if err != nil {
		return nil, 0, &os.PathError{Op: "open", Path: path, Err: err}
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		syscall.Close(fd)
		return nil, 0, &os.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		syscall.Close(fd)
		return nil, 0, errNotRegular
	}
	return fdFile(fd), st.Size, nil
}

func openNoEINTR(path string) (int, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// fdFile reads a regular file's descriptor.
type fdFile int

func (f fdFile) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := syscall.Read(int(f), p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &os.PathError{Op: "read", Err: err}
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f fdFile) Close() error { return syscall.Close(int(f)) }
