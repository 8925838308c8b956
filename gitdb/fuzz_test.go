package gitdb

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// FuzzPatchDelta: a delta from a hostile pack never panics, never produces
// more than it declares, and a valid one gives exactly its declared size.
func FuzzPatchDelta(f *testing.F) {
	base := []byte("DBT_CLOUD_API_KEY=3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a\nname: jaffle\n")
	// base size, target size, copy 20 bytes at 0, insert "x".
	f.Add(base, append(varint(len(base)), append(varint(21), 0x90, 20, 1, 'x')...))
	// A delta that declares 4 GiB, and one whose copies run past what it declares.
	f.Add(base, append(varint(len(base)), append(varint(1<<32), 0x90, 20)...))
	f.Add(base, append(varint(len(base)), append(varint(10), bytes.Repeat([]byte{0x90, 20}, 100)...)...))
	f.Fuzz(func(t *testing.T, base, delta []byte) {
		out, err := patchDelta(base, delta, nil)
		if err != nil {
			return
		}
		_, rest, _ := deltaVarint(delta)
		size, _, _ := deltaVarint(rest)
		if uint64(len(out)) != size {
			t.Fatalf("%d bytes out, %d declared", len(out), size)
		}
	})
}

// FuzzParseIndex: a hostile staging index never panics, and its entries
// lie inside it.
func FuzzParseIndex(f *testing.F) {
	f.Add([]byte("DIRC\x00\x00\x00\x02\x00\x00\x00\x00" + string(make([]byte, 20))))
	f.Add([]byte("DIRC\x00\x00\x00\x02\x00\x00\x00\x01" + string(make([]byte, 62)) + "a.env\x00\x00\x00\x00\x00" + string(make([]byte, 20))))
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := parseIndex(data)
		if err != nil {
			return
		}
		entries, err := x.Entries()
		if err != nil {
			return
		}
		for _, e := range entries {
			if len(e.Name) > len(data) {
				t.Fatalf("an entry name of %d bytes in an index of %d", len(e.Name), len(data))
			}
		}
	})
}

func varint(n int) []byte {
	var b []byte
	for {
		c := byte(n & 0x7f)
		n >>= 7
		if n == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// TestPatchDeltaBombs: a delta that expands past its declared size, or
// declares far more than it can produce, is refused, not applied.
func TestPatchDeltaBombs(t *testing.T) {
	base := bytes.Repeat([]byte("x"), 64<<10)
	copyAll := []byte{0x90 | 0x20, 0x00, 0x00} // copy 0x10000 bytes from 0 (size 0 means 64 KiB)
	for _, tt := range []struct {
		name  string
		delta []byte
	}{
		{"copies past the declared size", append(append(varint(len(base)), varint(100)...), bytes.Repeat(copyAll[:1], 1000)...)},
		{"4 GiB declared, 64 KiB given", append(append(varint(len(base)), varint(1<<32)...), copyAll[:1]...)},
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		out, err := patchDelta(base, tt.delta, nil)
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Errorf("%s: applied, %d bytes", tt.name, len(out))
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
			t.Errorf("%s: %d MiB allocated before refusing", tt.name, grew>>20)
		}
	}
}

// FuzzTreeChanges: a tree parsed from its previous version is the tree
// parsed whole, and diffing two trees in step (skipping what they share)
// finds exactly what matching every entry by name finds.
func FuzzTreeChanges(f *testing.F) {
	big := make([]treeItem, 40)
	for i := range big {
		big[i] = treeItem{"100644", fmt.Sprintf("f%03d.json", i), byte(i)}
	}
	changed := slices.Clone(big)
	changed[20].fill = 0xee
	moved := append(slices.Clone(big[:30]), append([]treeItem{{"40000", "f029.json", 7}}, big[30:]...)...)
	f.Add(makeTree(big), makeTree(changed))
	f.Add(makeTree(big), makeTree(moved))
	f.Add(makeTree(big[:10]), makeTree(big[5:20]))
	f.Add(makeTree([]treeItem{{"100644", "a.b", 1}, {"40000", "a", 2}, {"100644", "a-b", 3}}), makeTree([]treeItem{{"100644", "a-b", 3}, {"100755", "a.b", 1}, {"40000", "a", 4}, {"120000", "l", 5}}))
	f.Add(makeTree([]treeItem{{"100644", "b", 1}, {"100644", "a", 2}}), makeTree([]treeItem{{"100644", "b", 1}, {"100644", "a", 3}}))
	f.Fuzz(func(t *testing.T, from, to []byte) {
		old, err := parseFrom(from, nil)
		if err != nil {
			return
		}
		whole, errWhole := parseFrom(to, nil)
		cur, err := parseFrom(to, old)
		if (err == nil) != (errWhole == nil) {
			t.Fatalf("parsed from its base: %v; whole: %v", err, errWhole)
		}
		if err != nil {
			return
		}
		if !slices.Equal(cur.starts, whole.starts) || cur.sorted != whole.sorted {
			t.Fatalf("parsed from its base: %v sorted %v; whole: %v sorted %v", cur.starts, cur.sorted, whole.starts, whole.sorted)
		}
		// What changes: each entry with no twin in old, or one that differs.
		changed := func(diff func(*parsedTree, *parsedTree, func(*entry, entry) error) error, cur *parsedTree) []string {
			var out []string
			diff(old, cur, func(prev *entry, e entry) error {
				if prev == nil || prev.hash != e.hash || prev.mode != e.mode {
					out = append(out, fmt.Sprintf("%o %q %x", e.mode, e.name, e.hash))
				}
				return nil
			})
			slices.Sort(out)
			return out
		}
		if !cur.sorted || !old.sorted {
			return // matched by name either way (sorted means no name twice)
		}
		want := changed(changesUnsorted, cur)
		if got := changed(changes, cur); !slices.Equal(got, want) {
			t.Fatalf("in step, skipping what the versions share: %q\nby name: %q", got, want)
		}
		if got := changed(changes, whole); !slices.Equal(got, want) {
			t.Fatalf("in step: %q\nby name: %q", got, want)
		}
	})
}

type treeItem struct {
	mode, name string
	fill       byte // the id's bytes
}

// makeTree writes a tree object's content, in the order given.
func makeTree(items []treeItem) []byte {
	var b []byte
	for _, it := range items {
		b = append(b, it.mode+" "+it.name+"\x00"...)
		b = append(b, bytes.Repeat([]byte{it.fill}, 20)...)
	}
	return b
}

// packSeeds are packs and their indexes to start fuzzing from: one go-git
// wrote (offset deltas on a file growing version by version) and one with
// a reference delta.
func packSeeds(f *testing.F) (seeds [][2][]byte) {
	_, packPath, idxPath, _, _ := realPack(f)
	pack, err := os.ReadFile(packPath)
	if err != nil {
		f.Fatal(err)
	}
	idx, err := os.ReadFile(idxPath)
	if err != nil {
		f.Fatal(err)
	}
	seeds = append(seeds, [2][]byte{pack, idx})
	p := newTestPack()
	base := []byte("DBT_CLOUD_API_KEY=3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a\nname: jaffle\n")
	id, _ := p.whole(plumbing.BlobObject, base)
	next := append(slices.Clone(base[:20]), "x"...)
	p.refDelta(plumbing.ComputeHash(plumbing.BlobObject, next), id, delta(len(base), len(next), copyOp(20), insertOp("x")))
	b := p.bytes()
	return append(seeds, [2][]byte{b, index(p.ids, p.offsets, b[len(b)-20:])})
}

// FuzzPackReader: a hostile pack and index never crash the readers, and
// every blob asked for gets one answer: its content or an error.
func FuzzPackReader(f *testing.F) {
	for _, s := range packSeeds(f) {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pack, idxData []byte) {
		x, err := readPackIndex(idxData)
		if err != nil || x.n > 1000 {
			return
		}
		pf := &packFile{file: bytes.NewReader(pack), size: int64(len(pack)), idx: x, offsets: sync.OnceValue(x.sortedOffsets)}
		ids := make([]plumbing.Hash, x.n)
		for i := range ids {
			copy(ids[i][:], x.data[x.names+20*i:])
		}
		// Random access, as the walk reads commits and trees.
		walk := &packReader{pack: pf, cache: newBaseCache(1 << 20), limit: 1 << 20}
		for _, id := range ids {
			if off, err := x.FindOffset(id); err == nil {
				if data, _, err := walk.object(off, 0); err == nil && len(data) > 1<<20 {
					t.Fatalf("%d bytes read past the 1 MiB limit", len(data))
				}
			}
		}
		// In pack order, as ReadBlobs reads.
		var items []packItem
		for i, id := range ids {
			if off, err := x.FindOffset(id); err == nil {
				items = append(items, packItem{i, off})
			}
		}
		answers := make([]int, len(ids))
		for _, task := range splitPack(pf, items, 2) {
			err := (&Repo{}).runTask(context.Background(), task, ids, 256<<10, func(i int, data []byte, _ *Delta, err error) error {
				answers[i]++
				if err == nil && len(data) > 256<<10 {
					t.Fatalf("blob %d: %d bytes, over the limit", i, len(data))
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, it := range items {
			if answers[it.blob] != 1 {
				t.Fatalf("blob %d answered %d times", it.blob, answers[it.blob])
			}
		}
	})
}

// FuzzPackIndex: a hostile index never sends a search outside itself.
func FuzzPackIndex(f *testing.F) {
	for _, s := range packSeeds(f) {
		f.Add(s[1], make([]byte, 20))
	}
	f.Fuzz(func(t *testing.T, data, probe []byte) {
		x, err := readPackIndex(data)
		if err != nil {
			return
		}
		var h plumbing.Hash
		copy(h[:], probe)
		x.FindOffset(h)
		for i := range x.n {
			copy(h[:], x.data[x.names+20*i:])
			x.FindOffset(h)
		}
		if offs := x.sortedOffsets(); len(offs) != x.n || !slices.IsSorted(offs) {
			t.Fatalf("%d offsets for %d objects, sorted %v", len(offs), x.n, slices.IsSorted(offs))
		}
	})
}

// FuzzLoose: a hostile loose object is refused or read within its limit.
func FuzzLoose(f *testing.F) {
	f.Add(deflate([]byte("blob 5\x00hello")))
	f.Add(deflate([]byte("tree 0\x00")))
	f.Add(deflate([]byte("blob 10\x00hello")))
	f.Add(deflateZeros(4096))
	f.Fuzz(func(t *testing.T, data []byte) {
		if out, _, err := inflateLoose(data, 1<<20); err == nil && len(out) > 1<<20 {
			t.Fatalf("%d bytes read past the limit", len(out))
		}
	})
}
