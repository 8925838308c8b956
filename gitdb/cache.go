package gitdb

import "github.com/go-git/go-git/v5/plumbing"

// baseCache keeps inflated objects up to a byte budget, evicting the
// oldest first: pack order puts an object's delta bases shortly before it,
// so recent objects are the ones asked for again.
type baseCache struct {
	budget, used int64
	entries      map[int64]cached
	order        []int64
	pinned       map[int64]cached // bases that items still need, kept apart from the budget
	pinnedBytes  int64
}

// pinBudget bounds what the pinned bases hold at once. Read depth first, a
// real pack pins one path of a delta chain, a few objects; only a hostile
// one (a long chain whose every base has a second child) needs more.
const pinBudget = 256 << 20

type cached struct {
	data []byte
	typ  plumbing.ObjectType
}

func newBaseCache(budget int64) *baseCache {
	return &baseCache{budget: budget, entries: map[int64]cached{}, pinned: map[int64]cached{}}
}

func (c *baseCache) get(off int64) ([]byte, plumbing.ObjectType, bool) {
	if e, ok := c.pinned[off]; ok {
		return e.data, e.typ, true
	}
	e, ok := c.entries[off]
	return e.data, e.typ, ok
}

// pin keeps an object until unpin: a base that later items build on. The
// pinned set holds what the delta graph requires at once, typically a few
// objects per chain being walked.
// It refuses, returning false, past pinBudget.
func (c *baseCache) pin(off int64, data []byte, typ plumbing.ObjectType) bool {
	if _, ok := c.pinned[off]; ok {
		return true
	}
	if c.pinnedBytes+int64(len(data)) > pinBudget {
		return false
	}
	c.pinned[off] = cached{data, typ}
	c.pinnedBytes += int64(len(data))
	return true
}

func (c *baseCache) unpin(off int64) {
	if e, ok := c.pinned[off]; ok {
		c.pinnedBytes -= int64(len(e.data))
		delete(c.pinned, off)
	}
}

func (c *baseCache) put(off int64, data []byte, typ plumbing.ObjectType) {
	if int64(len(data)) > c.budget/4 {
		return // one huge object would flush everything else
	}
	if _, ok := c.entries[off]; ok {
		return
	}
	c.entries[off] = cached{data, typ}
	c.order = append(c.order, off)
	c.used += int64(len(data))
	for c.used > c.budget && len(c.order) > 0 {
		old := c.order[0]
		c.order = c.order[1:]
		c.used -= int64(len(c.entries[old].data))
		delete(c.entries, old)
	}
	if len(c.order) == 0 {
		c.order = nil // let the backing array go
	}
}
