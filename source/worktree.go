package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/sourcegraph/conc/pool"
)

// DefaultSkipDirs are the dependency and cache folders a working-tree scan
// skips wherever they occur (each counted as one ignored item).
func DefaultSkipDirs() []string {
	return []string{".git", "node_modules", ".venv", "venv", "__pycache__", ".terraform", "dbt_packages", ".tox"}
}

// Worktree reads the files under Root. It reads git-ignored files too (a
// local .env is where keys live) and marks files the git index does not
// track. It never follows a symbolic link and never opens anything but a
// regular file, so a FIFO or a device cannot block it.
//
// Blobs calls yield from up to Jobs+1 goroutines at once: Jobs readers, and
// the walker for what it skips.
//
// A Root that is a file is read whatever the Filter's paths say, as a file
// named on ripgrep's command line is; its size limit still applies.
type Worktree struct {
	Root string
	// Jobs bounds the files read and scanned at once; 0 means GOMAXPROCS.
	Jobs int
	// Filter decides which paths are read and how large a file may be.
	Filter Filter
	// RespectGitignore skips what .gitignore and .git/info/exclude ignore.
	RespectGitignore bool
	// SkipDirs are folder names skipped anywhere; nil means DefaultSkipDirs.
	SkipDirs []string
}

type fileJob struct {
	abs, rel string
}

// Blobs walks the tree in one goroutine and reads files in Jobs others. Items
// that cannot be read are yielded with Err; the walk goes on.
func (w *Worktree) Blobs(ctx context.Context, yield func(Blob) error) error {
	root, err := filepath.Abs(w.Root)
	if err == nil {
		root, err = filepath.EvalSymlinks(root)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", w.Root, unwrapPath(err))
	}
	info, err := os.Stat(root)
	if err != nil {
		return fmt.Errorf("%s: %w", w.Root, unwrapPath(err))
	}
	if !info.IsDir() {
		// A single file: its path is its name, as if its folder were the target.
		dir := filepath.Dir(root)
		var buf []byte
		return w.read(ctx, fileJob{abs: root, rel: filepath.Base(root)}, openGitInfo(dir), &buf, yield)
	}
	gi := openGitInfo(root)
	jobs := w.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := &stopper{yield: yield, cancel: cancel}
	yield = stop.call
	work := make(chan fileJob, 4*jobs)
	p := pool.New().WithErrors().WithContext(ctx).WithCancelOnError().WithFirstError()
	for range jobs {
		p.Go(func(ctx context.Context) error {
			var buf []byte // reused for every file this worker reads
			for j := range work {
				if err := w.read(ctx, j, gi, &buf, yield); err != nil {
					cancel()
					for range work { // let the walker finish sending
					}
					return err
				}
			}
			return nil
		})
	}
	walkErr := w.walk(ctx, root, gi, work, yield)
	close(work)
	poolErr := p.Wait()
	switch {
	case stop.err != nil: // every goroutine is done
		return stop.err
	case poolErr != nil:
		return poolErr
	}
	return walkErr
}

// stopper passes blobs to yield from several goroutines until yield returns
// an error; it then cancels the walk and keeps that first error, which is
// what Blobs returns (the other goroutines stop with the cancelled context).
type stopper struct {
	yield  func(Blob) error
	cancel context.CancelFunc
	mu     sync.Mutex
	err    error
}

func (s *stopper) call(b Blob) error {
	s.mu.Lock()
	err := s.err
	s.mu.Unlock()
	if err != nil {
		return err
	}
	if err := s.yield(b); err != nil {
		s.mu.Lock()
		if s.err == nil {
			s.err = err
		}
		s.mu.Unlock()
		s.cancel()
		return err
	}
	return nil
}

// walk sends every file to scan to work and yields the items it skips.
func (w *Worktree) walk(ctx context.Context, root string, gi *gitInfo, work chan<- fileJob, yield func(Blob) error) error {
	skipDirs := w.SkipDirs
	if skipDirs == nil {
		skipDirs = DefaultSkipDirs()
	}
	var ig *ignorer // nil: nothing is git-ignored
	if w.RespectGitignore && gi != nil {
		ig = newIgnorer(gi)
	}
	skip := func(rel string) error { return yield(Blob{Provenance: Provenance{Path: rel}, Skip: SkipIgnored}) }
	return filepath.WalkDir(root, func(abs string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		rel, _ := filepath.Rel(root, abs)
		rel = filepath.ToSlash(rel)
		if err != nil {
			if rel == "." {
				return err
			}
			if yerr := yield(Blob{Provenance: Provenance{Path: rel}, Err: unwrapPath(err)}); yerr != nil {
				return yerr
			}
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if rel == "." {
				if ig != nil {
					ig.loadDir(strings.TrimSuffix(gi.prefix, "/"))
				}
				return nil
			}
			// A submodule's checkout is another repository, with its own
			// history: it is skipped, as history skips the gitlink, and
			// scanned as a target of its own.
			if slices.Contains(skipDirs, d.Name()) || w.Filter.SkipsDir(rel) || ig.skips(rel, true) || gi.isSubmodule(rel) {
				if err := skip(rel); err != nil {
					return err
				}
				return filepath.SkipDir
			}
			if ig != nil {
				ig.loadDir(gi.prefix + rel)
			}
			return nil
		}
		// Symbolic links are never followed (one could lead out of the
		// root, and one inside it names a file the walk reads anyway);
		// FIFOs, sockets and devices are not content.
		if !d.Type().IsRegular() || w.Filter.Skips(rel) || ig.skips(rel, false) {
			return skip(rel)
		}
		// The size limit is checked by the reader, with the fstat it needs
		// anyway: an lstat here would cost a system call per file.
		select {
		case work <- fileJob{abs: abs, rel: rel}:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
}

// read yields one file, reading into *buf (grown as needed and kept for the
// next file). It checks the size limit before reading anything. Binary
// content is read and searched like any other.
func (w *Worktree) read(ctx context.Context, j fileJob, gi *gitInfo, buf *[]byte, yield func(Blob) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	tracked := gi.isTracked(j.rel)
	// A tracked file's content is taken to be HEAD's: the working tree is
	// what a person sees as the repository. An untracked one is not in HEAD.
	b := Blob{Provenance: Provenance{Path: j.rel, Untracked: !tracked, InHead: tracked}}
	f, size, err := openRegular(j.abs)
	if errors.Is(err, errNotRegular) {
		b.Skip = SkipIgnored
		return yield(b)
	}
	if err != nil {
		b.Err = unwrapPath(err)
		return yield(b)
	}
	defer f.Close()
	if w.Filter.TooLarge(size) {
		b.Skip = SkipTooLarge
		return yield(b)
	}
	var head []byte
	if size > PartAbove {
		// UTF-16 is decoded whole: its pieces would be cut inside code
		// units, and only the first has the byte-order mark.
		head = make([]byte, utf16Sniff)
		n, err := io.ReadFull(f, head)
		if head = head[:n]; err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			return yield(Blob{Provenance: b.Provenance, Err: fmt.Errorf("read: %w", unwrapPath(err))})
		}
	}
	if _, utf16 := UTF16(head); size > PartAbove && !utf16 {
		var stopped error // yield's, as opposed to the file's
		err := readParts(f, head, func(data []byte, p Part) error {
			b.Data, b.Part = data, &p
			stopped = yield(b)
			return stopped
		})
		if err != nil && stopped == nil {
			return yield(Blob{Provenance: b.Provenance, Err: fmt.Errorf("read: %w", unwrapPath(err))})
		}
		return err
	}
	data, skip, err := w.readAll(f, size, append((*buf)[:0], head...))
	if cap(data) <= maxKeptBuffer {
		*buf = data
	}
	switch {
	case err != nil:
		b.Err = fmt.Errorf("read: %w", unwrapPath(err))
	case skip != "":
		b.Skip = skip
	default:
		b.Data = data
	}
	return yield(b)
}

// maxKeptBuffer bounds the buffer a worker keeps between files, so that one
// large file does not hold its memory for the rest of the scan.
const maxKeptBuffer = 16 << 20

// readAll reads f, whose size fstat reported, into buf. Each read asks for
// one byte more than the file should still hold: for a regular file a short
// read at or past that size is its end, which spares the extra read that
// would only return EOF. A file that grew is read to its new end.
func (w *Worktree) readAll(f io.Reader, size int64, buf []byte) (data []byte, skip string, err error) {
	buf = slices.Grow(buf, int(min(size, 1<<30))+1)
	for {
		want := cap(buf) - len(buf)
		n, err := f.Read(buf[len(buf) : len(buf)+want])
		buf = buf[:len(buf)+n]
		if err == io.EOF || (err == nil && n < want && int64(len(buf)) >= size) {
			return buf, "", nil
		}
		if err != nil {
			return buf, "", err
		}
		if w.Filter.TooLarge(int64(len(buf))) {
			return buf, SkipTooLarge, nil
		}
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, 64<<10)
		}
	}
}

// unwrapPath drops the absolute path an *fs.PathError carries: the blob
// already says which file, relative to the root.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
