package gitdb

import (
	"bytes"
	"context"
	"crypto/sha1"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// patchDelta must agree with go-git's delta encoder on any pair of texts.
func TestPatchDeltaRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	text := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abc def\n"[rng.IntN(8)]
		}
		return b
	}
	for i := 0; i < 200; i++ {
		base := text(1 + rng.IntN(5000))
		target := append([]byte(nil), base...)
		for e := rng.IntN(10); e > 0; e-- { // edits, inserts and cuts
			at := rng.IntN(len(target) + 1)
			switch rng.IntN(3) {
			case 0:
				target = slices.Insert(target, at, text(rng.IntN(100))...)
			case 1:
				target = target[:at]
			default:
				if at < len(target) {
					target[at] = 'Z'
				}
			}
		}
		got, err := patchDelta(base, packfile.DiffDelta(base, target), nil)
		if err != nil || !bytes.Equal(got, target) {
			t.Fatalf("case %d: %v, got %d bytes, want %d", i, err, len(got), len(target))
		}
	}
	for _, bad := range [][]byte{nil, {0x05}, {0x01, 0x01, 0x91, 0xff, 0x01}} {
		if _, err := patchDelta([]byte("x"), bad, nil); err == nil {
			t.Errorf("patchDelta(%x) accepted a bad delta", bad)
		}
	}
}

// The pack reader must read in a packed repository, deltas and all, what
// go-git reads from the same repository's loose objects.
func TestReadBlobsPackedEqualsLoose(t *testing.T) {
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, _ := repo.Worktree()
	when := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var body bytes.Buffer
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&body, "line %d of a long file that changes a little in every commit\n", i)
	}
	for c := 0; c < 30; c++ {
		content := append([]byte(nil), body.Bytes()...)
		content = append(content, fmt.Sprintf("VERSION=%d\n", c)...)
		if c%7 == 3 {
			content = append(content, fmt.Sprintf("DBT_CLOUD_API_KEY=%x\n", sha1.Sum([]byte{byte(c)}))...)
		}
		writeFile(t, dir, fmt.Sprintf("cfg/app%d.env", c%3), content)
		if _, err := wt.Add("cfg"); err != nil {
			t.Fatal(err)
		}
		when = when.Add(time.Hour)
		sig := &object.Signature{Name: "dev", Email: "dev@example.com", When: when}
		if _, err := wt.Commit(fmt.Sprintf("c%d", c), &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
			t.Fatal(err)
		}
	}
	var blobs []plumbing.Hash
	iter, err := repo.BlobObjects()
	if err != nil {
		t.Fatal(err)
	}
	iter.ForEach(func(b *object.Blob) error { blobs = append(blobs, b.Hash); return nil })
	read := func() map[plumbing.Hash]string {
		g, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer g.Close()
		var mu sync.Mutex
		out := map[plumbing.Hash]string{}
		err = g.ReadBlobs(context.Background(), blobs, ReadOptions{Jobs: 2}, func(i int, data []byte, _ *Delta, err error) error {
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			out[blobs[i]] = string(data)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	loose := read()
	if len(loose) != len(blobs) || len(blobs) < 30 {
		t.Fatalf("read %d of %d loose blobs", len(loose), len(blobs))
	}
	if err := repo.RepackObjects(&git.RepackConfig{}); err != nil {
		t.Fatal(err)
	}
	if packs, _ := (&Repo{repo: repo}).packs(); len(packs) == 0 {
		t.Fatal("RepackObjects made no pack")
	}
	if packed := read(); !maps.Equal(packed, loose) {
		t.Errorf("the packed blobs differ from the loose ones")
	}
}

func writeFile(t testing.TB, dir, name string, data []byte) {
	t.Helper()
	p := dir + "/" + name
	if err := mkdirAll(p); err != nil {
		t.Fatal(err)
	}
	if err := writeBytes(p, data); err != nil {
		t.Fatal(err)
	}
}

func mkdirAll(p string) error { return os.MkdirAll(filepath.Dir(p), 0o755) }

func writeBytes(p string, data []byte) error { return os.WriteFile(p, data, 0o644) }
