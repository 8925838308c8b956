package gitdb

import (
	"slices"

	"github.com/go-git/go-git/v5/plumbing"
)

// splitPack splits the blobs of one pack between jobs goroutines. It reads
// the header of every blob and of every base its delta chain needs (no
// inflating), groups them by the chain's root so that a chain is resolved by
// one goroutine only, balances the groups by size, and orders each share by
// offset. Per-object facts live in slices indexed like pf.offsets, not in
// maps: a large pack holds hundreds of thousands of objects.
func splitPack(pf *packFile, items []packItem, jobs int) []readTask {
	pf.exact = true // reading the whole history: exact extents read less
	cp := newChainSplit(pf)
	// Two blobs at one offset happen only in an index that lies; the
	// second is read on its own, after the rest (readTask.dups).
	var dups []packItem
	for _, it := range items {
		if i, ok := pf.place(it.offset); ok && cp.need[i] < 0 {
			cp.need[i] = int32(it.blob)
		} else {
			dups = append(dups, it)
		}
	}
	for _, it := range items {
		if i, ok := pf.place(it.offset); ok {
			cp.rootOf(i, 0)
		}
	}
	tasks := cp.tasks(jobs)
	if len(dups) > 0 {
		tasks = append(tasks, readTask{pack: pf, dups: dups, budget: readCache})
	}
	return tasks
}

// chainSplit is what splitPack learns from the object headers.
type chainSplit struct {
	pf   *packFile
	pr   *packReader
	need []int32 // per object: blob index, -1 for a base only, -2 not needed
	root []int32 // per object: the first object of its delta chain, -1 not yet known
	size []int64
}

func newChainSplit(pf *packFile) *chainSplit {
	n := len(pf.offsets())
	cp := &chainSplit{pf: pf, pr: &packReader{pack: pf}, need: make([]int32, n), root: make([]int32, n), size: make([]int64, n)}
	pf.base, pf.pending = make([]int32, n), make([]int32, n)
	for i := range cp.need {
		cp.need[i], cp.root[i], pf.base[i] = -2, -1, -1
	}
	return cp
}

// rootOf reads object i's header, records its base as needed, and returns
// the root of its chain.
func (cp *chainSplit) rootOf(i, depth int) int32 {
	if cp.root[i] >= 0 {
		return cp.root[i]
	}
	cp.root[i] = int32(i)
	o, err := cp.pr.header(cp.pf.offsets()[i])
	if err != nil || depth >= maxChain {
		return cp.root[i]
	}
	cp.size[i] = o.size
	base := o.baseOffset
	switch o.typ {
	case plumbing.REFDeltaObject:
		if base, err = cp.pf.idx.FindOffset(o.baseHash); err != nil {
			return cp.root[i]
		}
	case plumbing.OFSDeltaObject:
	default:
		return cp.root[i]
	}
	b, ok := cp.pf.place(base)
	if !ok {
		return cp.root[i]
	}
	cp.pf.base[i] = int32(b)
	if cp.need[b] == -2 {
		cp.need[b] = -1
	}
	cp.root[i] = cp.rootOf(b, depth+1)
	return cp.root[i]
}

// tasks groups the needed objects by chain root, deals the groups to jobs
// shares, heaviest first onto the lightest share, and counts for each base
// how many objects build on it.
func (cp *chainSplit) tasks(jobs int) []readTask {
	pf, offsets := cp.pf, cp.pf.offsets()
	groups := map[int32][]int32{}
	weight := map[int32]int64{}
	for i, b := range cp.need {
		if b == -2 {
			continue
		}
		r := cp.root[i]
		groups[r] = append(groups[r], int32(i))
		weight[r] += cp.size[i]
		if base := pf.base[i]; base >= 0 {
			pf.pending[base]++
		}
	}
	roots := make([]int32, 0, len(groups))
	for r := range groups {
		roots = append(roots, r)
	}
	slices.SortFunc(roots, func(a, b int32) int {
		if weight[a] != weight[b] {
			return int(weight[b] - weight[a])
		}
		return int(a - b)
	})
	tasks := make([]readTask, max(jobs, 1))
	load := make([]int64, len(tasks))
	share := make([][]int32, len(tasks)) // the roots of each task
	for _, r := range roots {
		t := slices.Index(load, slices.Min(load))
		load[t] += weight[r] + 1
		share[t] = append(share[t], r)
	}
	children := map[int32][]int32{}
	for i, b := range cp.need {
		if base := pf.base[i]; b != -2 && base >= 0 {
			children[base] = append(children[base], int32(i)) // ascending
		}
	}
	var out []readTask
	for _, rs := range share {
		if len(rs) == 0 {
			continue
		}
		slices.Sort(rs)
		task := readTask{pack: pf, budget: readCache}
		for _, i := range depthFirst(rs, children, groups) {
			task.items = append(task.items, packItem{blob: int(cp.need[i]), offset: offsets[i]})
		}
		out = append(out, task)
	}
	return out
}

// depthFirst orders the objects of the chains rooted at roots the way git's
// index-pack resolves deltas: each base, then at once everything built on
// it, depth first. A base is then held only while its own descendants are
// read, and memory stays at one path of a chain, where reading in pack
// order held every base whose deltas lay further on (on vcpkg, whose
// versions files have thousands of versions each, half a gigabyte). Objects
// no root reaches (a hostile pack's cyclic chain) come last, in pack order:
// reading them reports the cycle.
func depthFirst(roots []int32, children map[int32][]int32, groups map[int32][]int32) []int32 {
	var order []int32
	placed := map[int32]bool{}
	var stack []int32
	for _, r := range roots {
		stack = append(stack[:0], r)
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if placed[i] {
				continue
			}
			placed[i] = true
			order = append(order, i)
			cs := children[i]
			for k := len(cs) - 1; k >= 0; k-- { // the first child on top
				stack = append(stack, cs[k])
			}
		}
	}
	var rest []int32
	for _, r := range roots {
		for _, i := range groups[r] {
			if !placed[i] {
				rest = append(rest, i)
			}
		}
	}
	slices.Sort(rest)
	return append(order, rest...)
}
