package gitdb

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/go-git/go-git/v5/plumbing"
)

// readLoose reads object h from the first of objectDirs that holds it
// loose (objects/xx/yyyy…: zlib of "type size\x00" and the content), and
// reports false when none does. go-git reads a loose object whole, however
// large its stream inflates, before its size can be checked; here the
// header's size is checked against limit and against what the compressed
// bytes can hold before anything is allocated, and content past that size
// is an error, as git says "garbage at end of loose object".
func readLoose(objectDirs []string, h plumbing.Hash, limit int64) ([]byte, plumbing.ObjectType, bool, error) {
	hex := h.String()
	for _, dir := range objectDirs {
		name := filepath.Join(dir, hex[:2], hex[2:])
		compressed, err := os.ReadFile(name)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, 0, true, err
		}
		data, typ, err := inflateLoose(compressed, limit)
		if err != nil {
			return nil, 0, true, fmt.Errorf("loose object %s: %w", h, err)
		}
		return data, typ, true, nil
	}
	return nil, 0, false, nil
}

// inflateLoose inflates a loose object's file.
func inflateLoose(compressed []byte, limit int64) ([]byte, plumbing.ObjectType, error) {
	zr, err := zlib.NewReader(bytes.NewReader(compressed))
	if err != nil {
		return nil, 0, err
	}
	defer zr.Close()
	// The header is "type size\x00": at most a few dozen bytes.
	var head [64]byte
	n, err := io.ReadFull(zr, head[:])
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, 0, err
	}
	nul := bytes.IndexByte(head[:n], 0)
	sp := bytes.IndexByte(head[:max(nul, 0)], ' ')
	if nul < 0 || sp < 0 {
		return nil, 0, errors.New("malformed header")
	}
	typ, err := plumbing.ParseObjectType(string(head[:sp]))
	if err != nil || typ < plumbing.CommitObject || typ > plumbing.TagObject {
		return nil, 0, fmt.Errorf("malformed header: type %q", head[:sp])
	}
	size, err := strconv.ParseInt(string(head[sp+1:nul]), 10, 64)
	switch {
	case err != nil || size < 0:
		return nil, 0, fmt.Errorf("malformed header: size %q", head[sp+1:nul])
	case size > limit:
		return nil, 0, &overLimit{-1, size, limit}
	case size > 1032*int64(len(compressed))+64:
		return nil, 0, fmt.Errorf("implausible size %d for %d compressed bytes", size, len(compressed))
	}
	data := make([]byte, size)
	got := copy(data, head[nul+1:n])
	if _, err := io.ReadFull(zr, data[got:]); err != nil {
		return nil, 0, fmt.Errorf("inflate: %w", err)
	}
	if got == int(size) && n-(nul+1) > got {
		return nil, 0, errors.New("garbage at its end")
	}
	// Read on to the end of the stream, where zlib checks its checksum.
	var one [1]byte
	if n, err := zr.Read(one[:]); n != 0 || err != io.EOF {
		if err == nil || err == io.EOF {
			err = errors.New("garbage at its end")
		}
		return nil, 0, err
	}
	return data, typ, nil
}
