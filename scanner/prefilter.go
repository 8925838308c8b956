package scanner

import (
	"slices"

	"github.com/patmigrate/patmigrate/rules"
)

// prefilter finds every occurrence of every rule keyword in one pass over a
// blob: an Aho-Corasick automaton compiled to a dense DFA over byte classes,
// ASCII case-folded. Bytes that occur in no keyword share class 0, so the
// transition table stays small enough for the L1/L2 cache. It is immutable
// after newPrefilter and safe for concurrent use.
type prefilter struct {
	class  [256]uint8
	nclass uint32
	// delta[state+class] is the next state, pre-multiplied by nclass, with
	// hitFlag set when that state ends at least one keyword.
	delta []uint32
	// rules[state/nclass] lists the indexes of the rules whose keywords end
	// in that state (including through suffix links).
	rules [][]int
	// maxLen is the longest keyword, the overlap two streams need.
	maxLen int
}

const hitFlag = 1 << 31

// hit is a keyword occurrence: end is the offset just past its last byte.
type hit struct {
	end   int
	state uint32
}

func newPrefilter(set *rules.Set) *prefilter {
	p := &prefilter{nclass: 1}
	type node struct {
		next  map[byte]int
		fail  int
		rules []int
	}
	fold := func(b byte) byte {
		if 'A' <= b && b <= 'Z' {
			return b + 'a' - 'A'
		}
		return b
	}
	for _, r := range set.Rules() {
		for _, k := range r.Keywords {
			for i := 0; i < len(k); i++ {
				b := fold(k[i])
				if p.class[b] == 0 {
					p.class[b] = uint8(p.nclass)
					p.nclass++
				}
			}
		}
	}
	for b := 'A'; b <= 'Z'; b++ {
		p.class[b] = p.class[b+'a'-'A']
	}
	nodes := []node{{next: map[byte]int{}}}
	for _, r := range set.Rules() {
		for _, k := range r.Keywords {
			s := 0
			for i := 0; i < len(k); i++ {
				c := p.class[k[i]]
				n, ok := nodes[s].next[c]
				if !ok {
					n = len(nodes)
					nodes = append(nodes, node{next: map[byte]int{}})
					nodes[s].next[c] = n
				}
				s = n
			}
			p.maxLen = max(p.maxLen, len(k))
			if l := nodes[s].rules; len(l) == 0 || l[len(l)-1] != r.Index {
				nodes[s].rules = append(nodes[s].rules, r.Index)
			}
		}
	}
	// Breadth-first: suffix links, inherited outputs, and the full DFA.
	n := uint32(len(nodes))
	p.delta = make([]uint32, n*p.nclass)
	p.rules = make([][]int, n)
	queue := []int{0}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		if s != 0 {
			p.rules[s] = mergeSorted(nodes[s].rules, p.rules[nodes[s].fail])
		}
		for c := uint32(0); c < p.nclass; c++ {
			var next int
			if t, ok := nodes[s].next[byte(c)]; ok && c != 0 {
				next = t
				if s != 0 {
					nodes[t].fail = int(p.delta[uint32(nodes[s].fail)*p.nclass+c]&^hitFlag) / int(p.nclass)
				}
				queue = append(queue, t)
			} else if s != 0 {
				next = int(p.delta[uint32(nodes[s].fail)*p.nclass+c]&^hitFlag) / int(p.nclass)
			}
			p.delta[uint32(s)*p.nclass+c] = uint32(next) * p.nclass
		}
	}
	// Flags go on after every state's outputs are known.
	for i, e := range p.delta {
		if len(p.rules[e/p.nclass]) > 0 {
			p.delta[i] = e | hitFlag
		}
	}
	return p
}

func mergeSorted(a, b []int) []int {
	out := make([]int, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i] < b[j]):
			out = append(out, a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

// scan appends to hits every keyword occurrence in data, in order of their
// end, and returns the extended slice.
func (p *prefilter) scan(data []byte, hits []hit) []hit {
	return scanDFA(p.delta, &p.class, p.maxLen, data, hits)
}

// twoStreams is the blob size from which scanDFA runs two streams.
const twoStreams = 4 << 10

// scanDFA is the scanner's hot path: one table load per byte, no calls. A
// DFA step waits on the previous one, so a long blob is cut in two halves
// stepped in the same loop: the CPU overlaps the two independent chains of
// loads. The second half starts maxLen-1 bytes early so that a keyword
// across the cut is seen whole, and keeps only hits that end past the cut.
func scanDFA(delta []uint32, class *[256]uint8, maxLen int, data []byte, hits []hit) []hit {
	const flag = hitFlag
	var sa uint32
	if len(data) < twoStreams {
		for i, c := range data {
			e := delta[sa+uint32(class[c])]
			sa = e &^ flag
			if e&flag != 0 {
				hits = append(hits, hit{end: i + 1, state: sa})
			}
		}
		return hits
	}
	mid := len(data) / 2
	off := mid - (maxLen - 1)
	a, b := data[:mid], data[off:]
	bb := b[:len(a)]
	start, mixed := len(hits), false
	var sb uint32
	for i, c := range a {
		ea := delta[sa+uint32(class[c])]
		eb := delta[sb+uint32(class[bb[i]])]
		sa, sb = ea&^flag, eb&^flag
		if (ea|eb)&flag != 0 {
			if ea&flag != 0 {
				hits = append(hits, hit{end: i + 1, state: sa})
			}
			if eb&flag != 0 && off+i+1 > mid {
				hits = append(hits, hit{end: off + i + 1, state: sb})
				mixed = true
			}
		}
	}
	for i := len(a); i < len(b); i++ {
		e := delta[sb+uint32(class[b[i]])]
		sb = e &^ flag
		if e&flag != 0 && off+i+1 > mid {
			hits = append(hits, hit{end: off + i + 1, state: sb})
		}
	}
	if mixed {
		slices.SortFunc(hits[start:], func(x, y hit) int { return x.end - y.end })
	}
	return hits
}

// rulesAt lists the rules whose keywords end in state s.
func (p *prefilter) rulesAt(s uint32) []int { return p.rules[s/p.nclass] }
