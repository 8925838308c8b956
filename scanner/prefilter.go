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
	groups := make([][]string, len(set.Rules()))
	for _, r := range set.Rules() {
		groups[r.Index] = r.Keywords
	}
	return newAutomaton(groups)
}

// newAutomaton compiles the words of each group; a hit's rulesAt lists the
// groups (by index) of the words ending there.
func newAutomaton(groups [][]string) *prefilter {
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
	for _, g := range groups {
		for _, k := range g {
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
	for gi, g := range groups {
		for _, k := range g {
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
			if l := nodes[s].rules; len(l) == 0 || l[len(l)-1] != gi {
				nodes[s].rules = append(nodes[s].rules, gi)
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

// scanRange appends to hits the keyword occurrences of data that end in
// (from, to], in order, with ends as offsets in data. It starts maxLen-1
// bytes early, so that a keyword across from is seen whole.
func (p *prefilter) scanRange(data []byte, from, to int, hits []hit) []hit {
	start := max(0, from-(p.maxLen-1))
	n := len(hits)
	hits = p.scan(data[start:to], hits)
	kept := hits[:n]
	for _, h := range hits[n:] {
		if h.end += start; h.end > from {
			kept = append(kept, h)
		}
	}
	return kept
}

// scan appends to hits every keyword occurrence in data, in order of their
// end, and returns the extended slice.
func (p *prefilter) scan(data []byte, hits []hit) []hit {
	return scanDFA(p.delta, &p.class, p.maxLen, data, hits)
}

// manyStreams is the blob size from which scanDFA runs four streams.
const manyStreams = 256

// scanDFA is the scanner's hot path: one table load per byte, no calls. A
// DFA step waits on the previous one (a load, then an add), so a long blob
// is cut in four quarters stepped in the same loop: the CPU overlaps the
// four independent chains of loads, which took the prefilter from 500 to
// about 1,000 MB/s on a 2-core EPYC (two streams gained half of that).
// Each quarter but the first starts maxLen-1 bytes early, so that a keyword
// across a cut is seen whole and the state at the cut is the one a single
// pass would have; it keeps only the hits that end inside its quarter.
func scanDFA(delta []uint32, class *[256]uint8, maxLen int, data []byte, hits []hit) []hit {
	const flag = hitFlag
	q := len(data) / 4
	warm := maxLen - 1
	if len(data) < manyStreams || q <= warm {
		var s uint32
		for i, c := range data {
			e := delta[s+uint32(class[c])]
			s = e &^ flag
			if e&flag != 0 {
				hits = append(hits, hit{end: i + 1, state: s})
			}
		}
		return hits
	}
	// Stream k reads data[k*q-warm:] for n bytes; stream 0 reads its
	// quarter and then on into the next, whose hits it drops.
	n := q + warm
	d0, d1, d2, d3 := data[:n:n], data[q-warm:][:n:n], data[2*q-warm:][:n:n], data[3*q-warm:][:n:n]
	start := len(hits)
	var st [4]uint32
	for i := 0; i < n; i++ {
		var e [4]uint32
		i, e = step4(delta, class, d0, d1, d2, d3, i, &st)
		if i == n {
			break
		}
		// A stream's hit counts when it ends past the stream's cut
		// (i >= warm) and, for stream 0, inside its own quarter.
		if e[0]&flag != 0 && i < q {
			hits = append(hits, hit{end: i + 1, state: st[0]})
		}
		if i < warm {
			continue
		}
		for k := 1; k < 4; k++ {
			if e[k]&flag != 0 {
				hits = append(hits, hit{end: k*q - warm + i + 1, state: st[k]})
			}
		}
	}
	s3 := st[3]
	// The last quarter takes the bytes the division left over.
	for i := 3*q + q; i < len(data); i++ {
		e := delta[s3+uint32(class[data[i]])]
		s3 = e &^ flag
		if e&flag != 0 {
			hits = append(hits, hit{end: i + 1, state: s3})
		}
	}
	return byQuarter(hits, start, q)
}

// byQuarter puts hits[start:] in order of their end. Each stream's hits are
// in order and lie in its quarter, so placing them by quarter is enough: a
// sort cost a file dense with keywords a tenth of its scan.
func byQuarter(hits []hit, start, q int) []hit {
	quarter := func(h hit) int { return min((h.end-1)/q, 3) }
	var at [4]int
	for _, h := range hits[start:] {
		at[quarter(h)]++
	}
	for k, sum := 0, 0; k < 4; k++ {
		at[k], sum = sum, sum+at[k]
	}
	n := len(hits) - start
	hits = slices.Grow(hits, n)
	placed := hits[len(hits) : len(hits)+n]
	for _, h := range hits[start:] {
		k := quarter(h)
		placed[at[k]] = h
		at[k]++
	}
	copy(hits[start:], placed)
	return hits
}

// step4 steps four streams from i until one of them ends a keyword, and
// returns where and the four last table entries. It is a function of its
// own so that the compiler keeps the four states in registers.
func step4(delta []uint32, class *[256]uint8, d0, d1, d2, d3 []byte, i int, st *[4]uint32) (int, [4]uint32) {
	const flag = hitFlag
	s0, s1, s2, s3 := st[0], st[1], st[2], st[3]
	n := len(d0)
	d1, d2, d3 = d1[:n], d2[:n], d3[:n]
	for ; i < n; i++ {
		e0 := delta[s0+uint32(class[d0[i]])]
		e1 := delta[s1+uint32(class[d1[i]])]
		e2 := delta[s2+uint32(class[d2[i]])]
		e3 := delta[s3+uint32(class[d3[i]])]
		s0, s1, s2, s3 = e0&^flag, e1&^flag, e2&^flag, e3&^flag
		if (e0|e1|e2|e3)&flag != 0 {
			*st = [4]uint32{s0, s1, s2, s3}
			return i, [4]uint32{e0, e1, e2, e3}
		}
	}
	*st = [4]uint32{s0, s1, s2, s3}
	return n, [4]uint32{}
}

// rulesAt lists the rules whose keywords end in state s.
func (p *prefilter) rulesAt(s uint32) []int { return p.rules[s/p.nclass] }
