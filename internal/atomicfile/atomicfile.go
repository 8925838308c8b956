// Package atomicfile writes files so that readers see the old content or
// the new, never a half-written one. A failed write leaves neither its
// temporary file nor a change behind.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// resolve returns the file Write writes for path, and whether it writes it
// in place (a device, a FIFO, a link to one of the system's files).
func resolve(path string) (string, bool) {
	if li, err := os.Lstat(path); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(path)
		if err != nil || strings.HasPrefix(target, "/proc/") || strings.HasPrefix(target, "/dev/") {
			return path, true
		}
		path = target
	}
	info, err := os.Stat(path)
	return path, err == nil && !info.Mode().IsRegular()
}

// Target returns the absolute path of the file Write writes for path:
// two paths with one target are one output.
func Target(path string) (string, error) {
	p, _ := resolve(path)
	if real, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		p = filepath.Join(real, filepath.Base(p))
	}
	return filepath.Abs(p)
}

// Check reports, before any work is done, whether Write can write path: its
// folder exists and takes a new file (Write renames one into place). A
// file written in place is not opened: a FIFO would wait for its reader.
func Check(path string) error {
	path, inPlace := resolve(path)
	if inPlace {
		return nil
	}
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	switch {
	case err != nil:
		return fmt.Errorf("%s: folder %s does not exist", path, dir)
	case !info.IsDir():
		return fmt.Errorf("%s: %s is not a folder", path, dir)
	}
	probe, err := os.CreateTemp(dir, "."+filepath.Base(path)+".check-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("%s: folder %s is not writable: %w", path, dir, err)
	}
	probe.Close()
	return os.Remove(probe.Name())
}

// Write calls fn with a writer for path. A regular file (or a new path) is
// written to a temporary file in the same folder and renamed into place once
// fn and the flush succeed; on failure the temporary file is removed and
// path is untouched. A path that exists and is not a regular file (/dev/null,
// /dev/stdout, a FIFO) is opened and written in place, never removed or
// replaced. perm applies to files Write creates.
//
// A symbolic link is written through, never replaced: to its target
// atomically when that is an ordinary file, in place when it is one of the
// system's (/dev/stdout is a link to /proc/self/fd/1, which names a file
// the shell opened, or a pipe).
func Write(path string, perm os.FileMode, fn func(io.Writer) error) (err error) {
	path, inPlace := resolve(path)
	if inPlace {
		info, err := os.Stat(path)
		flags := os.O_WRONLY
		if err == nil && info.Mode().IsRegular() {
			flags |= os.O_TRUNC
		}
		f, err := os.OpenFile(path, flags, 0)
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the temporary name means nothing to the reader
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(perm); err != nil {
		return err
	}
	if err := fn(tmp); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.Rename(tmp.Name(), path)
}
