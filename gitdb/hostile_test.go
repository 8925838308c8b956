package gitdb

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// A scanned repository is untrusted input (a pull request from a fork):
// these tests hand the readers packs, indexes and trees that git would
// never write, and require an error or the right content, never a crash, a
// hang or gigabytes allocated for a few bytes.

// testPack assembles a pack object by object, as no git would write it.
type testPack struct {
	buf     bytes.Buffer
	ids     []plumbing.Hash
	offsets []int64
}

func newTestPack() *testPack {
	p := &testPack{}
	p.buf.WriteString("PACK\x00\x00\x00\x02\x00\x00\x00\x00") // the count is set by bytes
	return p
}

// header writes an object header of type typ and declared size.
func (p *testPack) header(typ plumbing.ObjectType, size int64) int64 {
	off := int64(p.buf.Len())
	c := byte(typ)<<4 | byte(size&15)
	for size >>= 4; size > 0; size >>= 7 {
		p.buf.WriteByte(c | 0x80)
		c = byte(size & 0x7f)
	}
	p.buf.WriteByte(c)
	return off
}

// add records an object under id (its true id, or any: the readers take
// the index's word for it).
func (p *testPack) add(id plumbing.Hash, off int64) {
	p.ids = append(p.ids, id)
	p.offsets = append(p.offsets, off)
}

// whole writes a whole object, returning its id and offset.
func (p *testPack) whole(typ plumbing.ObjectType, data []byte) (plumbing.Hash, int64) {
	off := p.header(typ, int64(len(data)))
	p.buf.Write(deflate(data))
	id := plumbing.ComputeHash(typ, data)
	p.add(id, off)
	return id, off
}

// ofsDelta writes a delta on the object at base, declaring its own size
// for the delta data.
func (p *testPack) ofsDelta(id plumbing.Hash, base int64, delta []byte) int64 {
	off := p.header(plumbing.OFSDeltaObject, int64(len(delta)))
	rel := off - base
	enc := []byte{byte(rel & 0x7f)}
	for rel >>= 7; rel > 0; rel >>= 7 {
		rel--
		enc = append([]byte{0x80 | byte(rel&0x7f)}, enc...)
	}
	p.buf.Write(enc)
	p.buf.Write(deflate(delta))
	p.add(id, off)
	return off
}

// refDelta writes a delta on the object whose id is base.
func (p *testPack) refDelta(id, base plumbing.Hash, delta []byte) int64 {
	off := p.header(plumbing.REFDeltaObject, int64(len(delta)))
	p.buf.Write(base[:])
	p.buf.Write(deflate(delta))
	p.add(id, off)
	return off
}

// bytes returns the pack, with its object count and trailing checksum.
func (p *testPack) bytes() []byte {
	b := slices.Clone(p.buf.Bytes())
	binary.BigEndian.PutUint32(b[8:], uint32(len(p.ids)))
	sum := sha1.Sum(b)
	return append(b, sum[:]...)
}

// index writes a version 2 pack index mapping ids to offsets, in name order
// as git writes it (the ids need not be the objects' own).
func index(ids []plumbing.Hash, offsets []int64, packSum []byte) []byte {
	order := make([]int, len(ids))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return bytes.Compare(ids[a][:], ids[b][:]) })
	var b bytes.Buffer
	b.Write(idxMagic)
	binary.Write(&b, binary.BigEndian, uint32(2))
	var fanout [256]uint32
	for _, id := range ids {
		for i := int(id[0]); i < 256; i++ {
			fanout[i]++
		}
	}
	binary.Write(&b, binary.BigEndian, fanout)
	for _, i := range order {
		b.Write(ids[i][:])
	}
	b.Write(make([]byte, 4*len(ids))) // CRCs, which the readers do not check
	var large []int64
	for _, i := range order {
		if o := offsets[i]; o >= 0 && o < 1<<31 {
			binary.Write(&b, binary.BigEndian, uint32(o))
		} else {
			binary.Write(&b, binary.BigEndian, uint32(0x80000000|len(large)))
			large = append(large, o)
		}
	}
	binary.Write(&b, binary.BigEndian, large)
	b.Write(packSum)
	sum := sha1.Sum(b.Bytes())
	b.Write(sum[:])
	return b.Bytes()
}

func deflate(data []byte) []byte {
	var b bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

// deflateZeros compresses n zero bytes without holding them.
func deflateZeros(n int64) []byte {
	var b bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&b, zlib.BestSpeed)
	io.CopyN(zw, zeroReader{}, n)
	zw.Close()
	return b.Bytes()
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// delta builds a delta's bytes: the sizes it declares, then its commands.
func delta(baseSize, size int, cmds ...[]byte) []byte {
	return slices.Concat(append([][]byte{varint(baseSize), varint(size)}, cmds...)...)
}

// copyOp copies n bytes (1 to 255) from offset 0 of the base.
func copyOp(n byte) []byte { return []byte{0x90, n} }

// insertOp inserts s (up to 127 bytes).
func insertOp(s string) []byte { return append([]byte{byte(len(s))}, s...) }

// fakeID is an id for an object the test names, not its content's.
func fakeID(name string) plumbing.Hash { return plumbing.Hash(sha1.Sum([]byte(name))) }

// bareRepo makes an empty bare repository holding the given pack.
func bareRepo(t *testing.T, pack, idx []byte) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := git.PlainInit(dir, true); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, "objects", "pack", fmt.Sprintf("pack-%x", sha1.Sum(idx)))
	if err := os.WriteFile(name+".pack", pack, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name+".idx", idx, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// packRepo makes a bare repository holding p.
func packRepo(t *testing.T, p *testPack) string {
	t.Helper()
	pack := p.bytes()
	return bareRepo(t, pack, index(p.ids, p.offsets, pack[len(pack)-20:]))
}

// readResult is what ReadBlobs gave for one blob.
type readResult struct {
	data string
	err  error
}

// readAll reads ids through ReadBlobs and through ReadBlob (the random
// access of a staged scan), and returns what each gave and the bytes
// allocated meanwhile. The two must agree on what they could read.
func readAll(t *testing.T, dir string, ids []plumbing.Hash, maxSize int64) ([]readResult, uint64) {
	t.Helper()
	g, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	out := make([]readResult, len(ids))
	var mu sync.Mutex
	calls := 0
	err = g.ReadBlobs(context.Background(), ids, ReadOptions{Jobs: 2, MaxSize: maxSize}, func(i int, data []byte, _ *Delta, err error) error {
		mu.Lock()
		defer mu.Unlock()
		calls++
		out[i] = readResult{string(data), err}
		return nil
	})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatalf("ReadBlobs: %v", err)
	}
	if calls != len(ids) {
		t.Fatalf("ReadBlobs called back %d times for %d blobs", calls, len(ids))
	}
	for i, id := range ids {
		_, data, err := g.ReadBlob(id, maxSize, nil)
		if (err == nil) != (out[i].err == nil) || err == nil && string(data) != out[i].data {
			t.Errorf("blob %d: ReadBlob gave %q, %v; ReadBlobs %q, %v", i, clip(data), err, clip([]byte(out[i].data)), out[i].err)
		}
	}
	return out, after.TotalAlloc - before.TotalAlloc
}

func clip(b []byte) []byte { return b[:min(len(b), 40)] }

func TestHostileDeltaChains(t *testing.T) {
	base := []byte(strings.Repeat("DBT_CLOUD_API_KEY=placeholder\n", 10))
	for _, tt := range []struct {
		name string
		// build writes the pack and returns the blobs to read, and which
		// of them must read (with their content); the others must fail.
		build func(p *testPack) (ids []plumbing.Hash, want map[int]string)
	}{
		{"a delta on itself", func(p *testPack) ([]plumbing.Hash, map[int]string) {
			self := fakeID("self")
			p.refDelta(self, self, delta(len(base), 5, copyOp(5)))
			return []plumbing.Hash{self}, nil
		}},
		{"two deltas on each other", func(p *testPack) ([]plumbing.Hash, map[int]string) {
			a, b := fakeID("a"), fakeID("b")
			p.refDelta(a, b, delta(5, 5, copyOp(5)))
			p.refDelta(b, a, delta(5, 5, copyOp(5)))
			good, _ := p.whole(plumbing.BlobObject, base)
			return []plumbing.Hash{a, b, good}, map[int]string{2: string(base)}
		}},
		{"an offset delta on itself", func(p *testPack) ([]plumbing.Hash, map[int]string) {
			self := fakeID("ofs self")
			p.ofsDelta(self, int64(p.buf.Len()), delta(5, 5, copyOp(5)))
			return []plumbing.Hash{self}, nil
		}},
		{"an offset delta on the pack header", func(p *testPack) ([]plumbing.Hash, map[int]string) {
			h := fakeID("header")
			p.ofsDelta(h, 0, delta(5, 5, copyOp(5)))
			return []plumbing.Hash{h}, nil
		}},
		{"a base missing from the pack", func(p *testPack) ([]plumbing.Hash, map[int]string) {
			h := fakeID("orphan")
			p.refDelta(h, fakeID("elsewhere"), delta(5, 5, copyOp(5)))
			return []plumbing.Hash{h}, nil
		}},
		{"a delta longer than it declares", func(p *testPack) ([]plumbing.Hash, map[int]string) {
			_, off := p.whole(plumbing.BlobObject, base)
			h := fakeID("long")
			p.ofsDelta(h, off, delta(len(base), 10, copyOp(10), insertOp("and more")))
			return []plumbing.Hash{h}, nil
		}},
		{"a delta shorter than it declares", func(p *testPack) ([]plumbing.Hash, map[int]string) {
			_, off := p.whole(plumbing.BlobObject, base)
			h := fakeID("short")
			p.ofsDelta(h, off, delta(len(base), 100, copyOp(10)))
			return []plumbing.Hash{h}, nil
		}},
		{"a delta for another base size", func(p *testPack) ([]plumbing.Hash, map[int]string) {
			_, off := p.whole(plumbing.BlobObject, base)
			h := fakeID("other base")
			p.ofsDelta(h, off, delta(len(base)+1, 10, copyOp(10)))
			return []plumbing.Hash{h}, nil
		}},
		{"a copy past the base's end", func(p *testPack) ([]plumbing.Hash, map[int]string) {
			_, off := p.whole(plumbing.BlobObject, []byte("tiny"))
			h := fakeID("past")
			p.ofsDelta(h, off, delta(4, 200, copyOp(200)))
			return []plumbing.Hash{h}, nil
		}},
		{"deeper than any git writes", func(p *testPack) ([]plumbing.Hash, map[int]string) {
			// Each version adds a line to the last: read in pack order every
			// one builds on the one before, so all of them read.
			_, off := p.whole(plumbing.BlobObject, []byte("v\n"))
			content := "v\n"
			var ids []plumbing.Hash
			want := map[int]string{}
			for i := range maxChain + 50 {
				line := fmt.Sprintf("%d\n", i)
				next := content + line
				id := plumbing.ComputeHash(plumbing.BlobObject, []byte(next))
				off = p.ofsDelta(id, off, slices.Concat(varint(len(content)), varint(len(next)), []byte{0x90 | 0x20, byte(len(content)), byte(len(content) >> 8)}, insertOp(line)))
				if i%1000 == 0 || i > maxChain {
					want[len(ids)] = next
					ids = append(ids, id)
				}
				content = next
			}
			return ids, want
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestPack()
			ids, want := tt.build(p)
			got, _ := readAll(t, packRepo(t, p), ids, 10<<20)
			for i, r := range got {
				if w, ok := want[i]; ok {
					if r.err != nil || r.data != w {
						t.Errorf("blob %d: %q, %v; want %q", i, clip([]byte(r.data)), r.err, clip([]byte(w)))
					}
				} else if r.err == nil {
					t.Errorf("blob %d read as %q; want an error", i, clip([]byte(r.data)))
				}
			}
		})
	}
}

// The random access of the walk (commits, trees, a staged blob) resolves
// a chain from the object asked for down to its root: one deeper than
// maxChain is refused, not followed.
func TestHostileChainRandomAccess(t *testing.T) {
	p := newTestPack()
	_, off := p.whole(plumbing.BlobObject, []byte("v"))
	var last plumbing.Hash
	for i := range maxChain + 10 {
		last = fakeID(fmt.Sprint(i))
		off = p.ofsDelta(last, off, delta(1, 1, copyOp(1)))
	}
	g, err := Open(packRepo(t, p))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if _, _, err := g.ReadBlob(last, 0, nil); err == nil || !strings.Contains(err.Error(), "too deep") {
		t.Errorf("ReadBlob of a chain %d deep: %v; want it refused as too deep", maxChain+10, err)
	}
}

func TestHostileSizes(t *testing.T) {
	const maxSize = 10 << 20
	// 300 MiB of zeros compress to 300 KiB: a base no real file needs, over
	// what a read with a 10 MiB limit inflates (readLimit).
	bomb := deflateZeros(300 << 20)
	for _, tt := range []struct {
		name  string
		build func(p *testPack) plumbing.Hash
		// tooLarge: reported as over the limit; else an error of its own.
		tooLarge bool
	}{
		{"a zlib bomb", func(p *testPack) plumbing.Hash {
			off := p.header(plumbing.BlobObject, 300<<20)
			p.buf.Write(bomb)
			p.add(fakeID("bomb"), off)
			return fakeID("bomb")
		}, true},
		{"a zlib bomb that declares 100 bytes", func(p *testPack) plumbing.Hash {
			off := p.header(plumbing.BlobObject, 100)
			p.buf.Write(bomb)
			p.add(fakeID("liar"), off)
			return fakeID("liar")
		}, false},
		{"a header declaring 1 GiB for a few bytes", func(p *testPack) plumbing.Hash {
			off := p.header(plumbing.BlobObject, 1<<30)
			p.buf.Write(deflate([]byte("DBT_CLOUD_API_KEY=x")))
			p.add(fakeID("implausible"), off)
			return fakeID("implausible")
		}, true},
		{"a header declaring an exabyte", func(p *testPack) plumbing.Hash {
			off := p.header(plumbing.BlobObject, 1<<60)
			p.buf.Write(deflate([]byte("x")))
			p.add(fakeID("exa"), off)
			return fakeID("exa")
		}, false},
		{"a size varint that never ends", func(p *testPack) plumbing.Hash {
			off := int64(p.buf.Len())
			p.buf.Write(bytes.Repeat([]byte{0xff}, 30))
			p.add(fakeID("varint"), off)
			return fakeID("varint")
		}, false},
		{"a small delta on a zlib bomb", func(p *testPack) plumbing.Hash {
			base := p.header(plumbing.BlobObject, 300<<20)
			p.buf.Write(bomb)
			p.add(fakeID("bomb base"), base)
			p.ofsDelta(fakeID("small"), base, delta(300<<20, 20, copyOp(20)))
			return fakeID("small")
		}, false},
		{"a delta declaring 4 GiB", func(p *testPack) plumbing.Hash {
			_, base := p.whole(plumbing.BlobObject, bytes.Repeat([]byte("x"), 1<<16))
			// Each one-byte command copies the whole 64 KiB base: 65,536
			// of them, a few hundred bytes compressed, make 4 GiB.
			p.ofsDelta(fakeID("4g"), base, delta(1<<16, 1<<32, bytes.Repeat([]byte{0x80}, 1<<16)))
			return fakeID("4g")
		}, true},
		{"a delta expanding past what it declares", func(p *testPack) plumbing.Hash {
			_, base := p.whole(plumbing.BlobObject, bytes.Repeat([]byte("x"), 1<<16))
			p.ofsDelta(fakeID("past"), base, delta(1<<16, 1<<20, bytes.Repeat([]byte{0x80}, 1<<16)))
			return fakeID("past")
		}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestPack()
			id := tt.build(p)
			got, alloc := readAll(t, packRepo(t, p), []plumbing.Hash{id}, maxSize)
			switch err := got[0].err; {
			case err == nil:
				t.Errorf("read %d bytes; want it refused", len(got[0].data))
			case tt.tooLarge != errors.Is(err, ErrTooLarge):
				t.Errorf("error %v; want ErrTooLarge: %v", err, tt.tooLarge)
			}
			if alloc > 16<<20 {
				t.Errorf("%d MiB allocated", alloc>>20)
			}
		})
	}
}

// A read with a size limit never inflates a base far over it: the whole
// walk reads with walkLimit, and ReadBlobs with readLimit.
func TestHostileBombAllocations(t *testing.T) {
	p := newTestPack()
	base := p.header(plumbing.BlobObject, 300<<20)
	p.buf.Write(deflateZeros(300 << 20))
	p.add(fakeID("bomb base"), base)
	p.ofsDelta(fakeID("small"), base, delta(300<<20, 20, copyOp(20)))
	g, err := Open(packRepo(t, p))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var got error
	err = g.ReadBlobs(context.Background(), []plumbing.Hash{fakeID("small")}, ReadOptions{MaxSize: 10 << 20}, func(_ int, _ []byte, _ *Delta, err error) error {
		got = err
		return nil
	})
	runtime.ReadMemStats(&after)
	if err != nil || got == nil || !strings.Contains(got.Error(), "over the") {
		t.Errorf("ReadBlobs: %v, blob: %v; want the blob refused for its base's size", err, got)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("%d MiB allocated to refuse it", alloc>>20)
	}
}

// realPack makes a repository of versions of a file with go-git, packs
// it, and returns its git folder, the pack's and index's paths, the blobs
// and their content.
func realPack(t testing.TB) (dir, packPath, idxPath string, blobs []plumbing.Hash, content map[plumbing.Hash]string) {
	t.Helper()
	work := t.TempDir()
	repo, err := git.PlainInit(work, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, _ := repo.Worktree()
	content = map[plumbing.Hash]string{}
	var body strings.Builder
	for i := range 40 {
		fmt.Fprintf(&body, "line %d of a file that grows a little with every version\n", i)
		data := []byte(body.String())
		writeFile(t, work, "app.env", data)
		h, err := wt.Add("app.env")
		if err != nil {
			t.Fatal(err)
		}
		sig := &object.Signature{Name: "dev", When: time.Date(2024, 1, 1, i, 0, 0, 0, time.UTC)}
		if _, err := wt.Commit(fmt.Sprint(i), &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
			t.Fatal(err)
		}
		blobs = append(blobs, h)
		content[h] = string(data)
	}
	if err := repo.RepackObjects(&git.RepackConfig{}); err != nil {
		t.Fatal(err)
	}
	dir = filepath.Join(work, ".git")
	// Only the pack holds the objects: the loose copies go.
	loose, _ := filepath.Glob(filepath.Join(dir, "objects", "??"))
	for _, l := range loose {
		os.RemoveAll(l)
	}
	packs, _ := filepath.Glob(filepath.Join(dir, "objects", "pack", "*.pack"))
	if len(packs) != 1 {
		t.Fatalf("%d packs", len(packs))
	}
	return dir, packs[0], strings.TrimSuffix(packs[0], ".pack") + ".idx", blobs, content
}

// checkReads requires every blob to read as some blob's content (an index
// that lies shows one object under another's id, as it does to git) or to
// fail, and at least one to fail when some must.
func checkReads(t *testing.T, got []readResult, content map[plumbing.Hash]string, someFail bool) {
	t.Helper()
	known := map[string]bool{}
	for _, c := range content {
		known[c] = true
	}
	failed := 0
	for i, r := range got {
		if r.err != nil {
			failed++
		} else if !known[r.data] {
			t.Errorf("blob %d read as content no blob has: %q", i, clip([]byte(r.data)))
		}
	}
	if someFail && failed == 0 {
		t.Errorf("every blob read; want some refused")
	}
}

func TestHostileTruncatedPack(t *testing.T) {
	_, packPath, idxPath, blobs, content := realPack(t)
	full, err := os.ReadFile(packPath)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := os.ReadFile(idxPath)
	if err != nil {
		t.Fatal(err)
	}
	x, err := readPackIndex(idx)
	if err != nil {
		t.Fatal(err)
	}
	for _, keep := range []int{len(full) - 21, len(full) / 2, 100, 13, 0} {
		t.Run(fmt.Sprint(keep), func(t *testing.T) {
			got, _ := readAll(t, bareRepo(t, full[:keep], idx), blobs, 10<<20)
			checkReads(t, got, content, false)
			for i, h := range blobs {
				if off, _ := x.FindOffset(h); off >= int64(keep) && got[i].err == nil {
					t.Errorf("blob %d at %d read from a pack cut at %d", i, off, keep)
				}
			}
		})
	}
}

// An index that lies: offsets past the pack's end, inside other objects,
// at the pack's header, twice the same, or in a large-offset table it does
// not have.
func TestHostileIndexOffsets(t *testing.T) {
	_, packPath, idxPath, blobs, content := realPack(t)
	pack, err := os.ReadFile(packPath)
	if err != nil {
		t.Fatal(err)
	}
	idxData, err := os.ReadFile(idxPath)
	if err != nil {
		t.Fatal(err)
	}
	x, err := readPackIndex(idxData)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]plumbing.Hash, x.n)
	offsets := make([]int64, x.n)
	for i := range ids {
		copy(ids[i][:], idxData[x.names+20*i:])
		offsets[i] = x.offsetAt(i)
	}
	sum := pack[len(pack)-20:]
	lie := func(f func(i int, o int64) int64) []byte {
		o := slices.Clone(offsets)
		for i := range o {
			o[i] = f(i, o[i])
		}
		return index(ids, o, sum)
	}
	for _, tt := range []struct {
		name string
		idx  []byte
	}{
		{"past the end", lie(func(i int, o int64) int64 {
			if i%3 == 0 {
				return int64(len(pack)) + 1000
			}
			return o
		})},
		{"far past the end", lie(func(i int, o int64) int64 {
			if i%3 == 0 {
				return 1 << 40
			}
			return o
		})},
		{"inside objects", lie(func(i int, o int64) int64 { return o + int64(i%5) })},
		{"at the header", lie(func(i int, o int64) int64 {
			if i%4 == 0 {
				return 0
			}
			return o
		})},
		{"all the same", lie(func(int, int64) int64 { return offsets[0] })},
		{"at the trailing checksum", lie(func(i int, o int64) int64 {
			if i%2 == 0 {
				return int64(len(pack)) - 20
			}
			return o
		})},
		{"a large offset it does not hold", func() []byte {
			b := lie(func(i int, o int64) int64 { return o })
			// Point a blob's entry at large-offset slot 1000 of none.
			i := slices.Index(ids, blobs[0])
			binary.BigEndian.PutUint32(b[x.offs+4*i:], 0x80000000|1000)
			return b
		}()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := readAll(t, bareRepo(t, pack, tt.idx), blobs, 10<<20)
			checkReads(t, got, content, tt.name != "all the same")
		})
	}
}

// Indexes that are not indexes: each is refused when opened, and the
// repository's other objects still read.
func TestHostileIndexFiles(t *testing.T) {
	_, packPath, idxPath, blobs, _ := realPack(t)
	pack, _ := os.ReadFile(packPath)
	good, _ := os.ReadFile(idxPath)
	decreasing := slices.Clone(good)
	binary.BigEndian.PutUint32(decreasing[8+4*10:], 0xffffff)
	huge := slices.Clone(good)
	for i := range 256 {
		binary.BigEndian.PutUint32(huge[8+4*i:], 0x7fffffff)
	}
	for _, tt := range []struct {
		name string
		idx  []byte
	}{
		{"empty", nil},
		{"version 1", append(make([]byte, 256*4), good[8+256*4:]...)},
		{"a fanout that decreases", decreasing},
		{"a fanout promising 2 billion objects", huge},
		{"cut short", good[:len(good)/2]},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := readPackIndex(tt.idx); err == nil {
				t.Errorf("readPackIndex accepted it")
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			g, err := Open(bareRepo(t, pack, tt.idx))
			if err != nil {
				t.Fatal(err)
			}
			defer g.Close()
			if len(g.Problems()) != 1 || !strings.Contains(g.Problems()[0].Error(), "are not read") {
				t.Errorf("Problems() = %v; want the pack named unread", g.Problems())
			}
			// go-git's storage must not see the pack either: through it,
			// reading any object would decode the index.
			for _, h := range blobs[:5] {
				if _, _, err := g.ReadBlob(h, 0, nil); err == nil {
					t.Errorf("blob %s read from a pack that is not read", h)
				}
			}
			if g.Has(blobs[0]) {
				t.Errorf("Has(%s) through the refused pack", blobs[0])
			}
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
				t.Errorf("%d MiB allocated", alloc>>20)
			}
		})
	}
}

// Loose objects are untrusted too: a zlib bomb, a header that lies, junk.
func TestHostileLooseObjects(t *testing.T) {
	loose := func(head string, body []byte) []byte {
		return deflate(append([]byte(head), body...))
	}
	bomb := deflateZeros(300 << 20)
	headed := func(head string, zeros int64) []byte {
		var b bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&b, zlib.BestSpeed)
		zw.Write([]byte(head))
		io.CopyN(zw, zeroReader{}, zeros)
		zw.Close()
		return b.Bytes()
	}
	for _, tt := range []struct {
		name     string
		file     []byte
		tooLarge bool
	}{
		{"a zlib bomb", headed("blob 314572800\x00", 300<<20), true},
		{"a bomb declaring 10 bytes", headed("blob 10\x00", 300<<20), false},
		{"declaring a terabyte", loose("blob 1099511627776\x00", []byte("x")), true},
		{"a negative size", loose("blob -5\x00", []byte("x")), false},
		{"no header", bomb, false},
		{"an unknown type", loose("blub 1\x00", []byte("x")), false},
		{"a tree as a blob", loose("tree 1\x00", []byte("x")), false},
		{"garbage after", loose("blob 1\x00", []byte("xyz")), false},
		{"not zlib", []byte("blob 1\x00x"), false},
		{"truncated", loose("blob 100\x00", []byte("x")), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := git.PlainInit(dir, true); err != nil {
				t.Fatal(err)
			}
			id := fakeID(tt.name)
			name := filepath.Join(dir, "objects", id.String()[:2], id.String()[2:])
			os.MkdirAll(filepath.Dir(name), 0o755)
			if err := os.WriteFile(name, tt.file, 0o444); err != nil {
				t.Fatal(err)
			}
			got, alloc := readAll(t, dir, []plumbing.Hash{id}, 10<<20)
			switch err := got[0].err; {
			case err == nil:
				t.Errorf("read %q; want it refused", clip([]byte(got[0].data)))
			case tt.tooLarge != errors.Is(err, ErrTooLarge):
				t.Errorf("error %v; want ErrTooLarge: %v", err, tt.tooLarge)
			}
			if alloc > 16<<20 {
				t.Errorf("%d MiB allocated", alloc>>20)
			}
		})
	}
}

// storeRaw writes an object of type typ with content data, loose.
func storeRaw(t *testing.T, repo *git.Repository, typ plumbing.ObjectType, data []byte) plumbing.Hash {
	t.Helper()
	obj := repo.Storer.NewEncodedObject()
	obj.SetType(typ)
	w, _ := obj.Writer()
	w.Write(data)
	w.Close()
	h, err := repo.Storer.SetEncodedObject(obj)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// rawTree writes a tree's entries in the order given, valid or not.
func rawTree(entries ...[3]any) []byte {
	var b []byte
	for _, e := range entries {
		id := e[2].(plumbing.Hash)
		b = append(append(b, e[0].(string)+" "+e[1].(string)+"\x00"...), id[:]...)
	}
	return b
}

func rawCommit(tree plumbing.Hash) []byte {
	return []byte("tree " + tree.String() + "\nauthor a <a@b> 1700000000 +0000\ncommitter a <a@b> 1700000000 +0000\n\nm\n")
}

// introduced lists what Introduced reports for the root commit of tree,
// paths and errors, and fails if it does not end.
func introduced(t *testing.T, dir string, commit plumbing.Hash) (paths []string, errs []error, err error) {
	t.Helper()
	g, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	err = g.Introduced(&Commit{Hash: commit}, func(path string, _ plumbing.Hash, err error) {
		if err != nil {
			errs = append(errs, err)
		} else {
			paths = append(paths, path)
		}
	})
	return paths, errs, err
}

// Names git would refuse to check out are scanned under a name no reader
// takes for a path; control characters are kept (the renderers escape
// them, report.Visible).
func TestHostileTreeNames(t *testing.T) {
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	blob := storeRaw(t, repo, plumbing.BlobObject, []byte("DBT_CLOUD_API_KEY=x\n"))
	sub := storeRaw(t, repo, plumbing.TreeObject, rawTree([3]any{"100644", "passwd", blob}))
	root := storeRaw(t, repo, plumbing.TreeObject, rawTree(
		[3]any{"100644", "", blob},
		[3]any{"40000", "..", sub},
		[3]any{"100644", ".", blob},
		[3]any{"100644", "/etc/shadow", blob},
		[3]any{"100644", "\x1b[2Jcontrol.env", blob},
		[3]any{"100644", "a\nb.env", blob},
	))
	commit := storeRaw(t, repo, plumbing.CommitObject, rawCommit(root))
	paths, errs, err := introduced(t, dir, commit)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`(invalid name "")`, `(invalid name "..")/passwd`, `(invalid name ".")`, `(invalid name "\x2fetc\x2fshadow")`, "\x1b[2Jcontrol.env", "a\nb.env"}
	if !slices.Equal(paths, want) {
		t.Errorf("paths %q\nwant %q", paths, want)
	}
	if len(errs) != 4 {
		t.Errorf("%d errors, want one per invalid name: %v", len(errs), errs)
	}
	for _, p := range paths {
		if strings.HasPrefix(p, "/") || slices.Contains(strings.Split(p, "/"), "..") {
			t.Errorf("path %q escapes the repository", p)
		}
	}
}

// A tree bomb (ten subfolders of one folder, eight deep: a hundred million
// paths from nine small trees) ends with an error, not after listing them.
func TestHostileTreeBomb(t *testing.T) {
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	level := storeRaw(t, repo, plumbing.TreeObject, rawTree([3]any{"100644", "key.env", storeRaw(t, repo, plumbing.BlobObject, []byte("k"))}))
	for range 8 {
		var entries [][3]any
		for i := range 10 {
			entries = append(entries, [3]any{"40000", fmt.Sprintf("d%d", i), level})
		}
		level = storeRaw(t, repo, plumbing.TreeObject, rawTree(entries...))
	}
	paths, _, err := introduced(t, dir, storeRaw(t, repo, plumbing.CommitObject, rawCommit(level)))
	if !errors.Is(err, errTreeBomb) {
		t.Errorf("Introduced: %v; want errTreeBomb", err)
	}
	if len(paths) > 2*maxListedFree {
		t.Errorf("%d paths listed", len(paths))
	}
}

// Through an index that lies about ids, a folder can hold itself: the diff
// stops at git's depth limit.
func TestHostileTreeCycle(t *testing.T) {
	p := newTestPack()
	self := fakeID("self-holding tree")
	blob, _ := p.whole(plumbing.BlobObject, []byte("k"))
	p.whole(plumbing.TreeObject, rawTree([3]any{"100644", "key.env", blob}, [3]any{"40000", "loop", self}))
	p.ids[len(p.ids)-1] = self // the index names the tree by the id it holds
	commit, _ := p.whole(plumbing.CommitObject, rawCommit(self))
	paths, errs, err := introduced(t, packRepo(t, p), commit)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "nested more than") {
		t.Errorf("errors %v; want one, for the depth", errs)
	}
	if len(paths) != maxTreeDepth+1 {
		t.Errorf("%d paths; want one per level, %d", len(paths), maxTreeDepth+1)
	}
}

// What go-git's own code reads (a revision such as HEAD~1) goes through
// the same readers: a parent that is a zlib bomb is refused, not inflated.
func TestHostileRevision(t *testing.T) {
	p := newTestPack()
	tree, _ := p.whole(plumbing.TreeObject, nil)
	parent := fakeID("bomb parent")
	off := p.header(plumbing.CommitObject, 300<<20)
	p.buf.Write(deflateZeros(300 << 20))
	p.add(parent, off)
	child, _ := p.whole(plumbing.CommitObject, []byte("tree "+tree.String()+"\nparent "+parent.String()+"\nauthor a <a@b> 1700000000 +0000\ncommitter a <a@b> 1700000000 +0000\n\nm\n"))
	g, err := Open(packRepo(t, p))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = g.ResolveRevision(child.String() + "~1")
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Error("resolved through a 300 MiB commit")
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("%d MiB allocated", alloc>>20)
	}
}
