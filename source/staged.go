package source

import (
	"context"
	"errors"
	"fmt"

	"github.com/patmigrate/patmigrate/gitdb"
)

// Staged reads exactly what the next commit would add: the index entries
// whose content differs from HEAD at their path, read from the index's blobs
// (not the working-tree files, so a partially staged file is scanned as
// staged). Deletions add nothing; a pure rename (content HEAD already has)
// adds nothing new either. An unborn HEAD (the first commit) makes every
// entry new. It calls yield from the calling goroutine.
//
// It reads no more of HEAD than it must (see gitdb.Repo.Staged).
type Staged struct {
	Root string
	// Filter decides which paths are read and how large a blob may be.
	Filter Filter
}

// Blobs yields the staged blobs. Unlike History, a Root inside the
// repository does not narrow the scan: `git commit` run from a subfolder
// commits everything staged, so the hook must see all of it, named from the
// repository's root as git names it.
func (s *Staged) Blobs(ctx context.Context, yield func(Blob) error) error {
	g, err := gitdb.Open(s.Root)
	if err != nil {
		return err
	}
	defer g.Close()
	entries, problems, err := g.Staged()
	if err != nil {
		return fmt.Errorf("%s: %w", s.Root, err)
	}
	for _, p := range append(g.Problems(), problems...) {
		// Objects that cannot be read, or what the index is compared
		// with not read whole: a rename may be scanned as new content,
		// and the scan is not complete.
		if err := yield(Blob{Provenance: Provenance{Path: "."}, Err: p}); err != nil {
			return err
		}
	}
	var buf []byte
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return err
		}
		if s.Filter.Skips(e.Path) {
			if err := yield(Blob{Provenance: Provenance{Path: e.Path}, Skip: SkipIgnored}); err != nil {
				return err
			}
			continue
		}
		if e.Renamed {
			continue // this content leaves another path of HEAD
		}
		var data []byte
		buf, data, err = g.ReadBlob(e.Blob, s.Filter.MaxSize, buf)
		if err != nil && !errors.Is(err, gitdb.ErrTooLarge) {
			err = fmt.Errorf("staged blob %s: %w", e.Blob, err)
		}
		if err := yield(readBlob(Provenance{Path: e.Path}, data, err)); err != nil {
			return err
		}
	}
	return nil
}

// readBlob is the Blob at p of what gitdb read: its content, or why there
// is none (a blob over the size limit is skipped; any other error is the
// Blob's).
func readBlob(p Provenance, data []byte, err error) Blob {
	b := Blob{Provenance: p}
	switch {
	case errors.Is(err, gitdb.ErrTooLarge):
		b.Skip = SkipTooLarge
	case err != nil:
		b.Err = err
	default:
		b.Data = data
	}
	return b
}
