package gitdb

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestParseFromLargeTree edits a folder of 2,000 entries (far past a block
// of commonPrefix) the ways commits do, and checks that each version
// parsed from the one before is the version parsed whole, and that the
// in-step diff finds what matching by name finds.
func TestParseFromLargeTree(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	items := make([]treeItem, 2000)
	for i := range items {
		items[i] = treeItem{"100644", fmt.Sprintf("port-%04d", i), byte(i)}
	}
	prev, err := parseFrom(makeTree(items), nil)
	if err != nil {
		t.Fatal(err)
	}
	for step := range 300 {
		next := slices.Clone(items)
		switch i := rng.IntN(len(next)); step % 4 {
		case 0: // new content
			next[i].fill++
		case 1: // an entry added, keeping the order
			next = slices.Insert(next, i+1, treeItem{"40000", fmt.Sprintf("%s-%03d", next[i].name, step), byte(step)})
		case 2: // an entry removed
			next = slices.Delete(next, i, i+1)
		case 3: // several at once, at both ends
			next[0].fill++
			next[len(next)-1].mode = "100755"
			next[i].fill++
		}
		cur, err := parseFrom(makeTree(next), prev)
		if err != nil {
			t.Fatal(err)
		}
		whole, _ := parseFrom(makeTree(next), nil)
		if !slices.Equal(cur.starts, whole.starts) || cur.sorted != whole.sorted {
			t.Fatalf("step %d: parsed from the previous version differs from parsed whole (sorted %v/%v, %d/%d entries)", step, cur.sorted, whole.sorted, cur.len(), whole.len())
		}
		var inStep, byName int
		changes(prev, cur, func(p *entry, e entry) error {
			if p == nil || p.hash != e.hash || p.mode != e.mode {
				inStep++
			}
			return nil
		})
		changesUnsorted(prev, cur, func(p *entry, e entry) error {
			if p == nil || p.hash != e.hash || p.mode != e.mode {
				byName++
			}
			return nil
		})
		if inStep != byName || inStep == 0 && step%4 != 2 {
			t.Fatalf("step %d: %d changes in step, %d by name", step, inStep, byName)
		}
		items, prev = next, cur
	}
}
