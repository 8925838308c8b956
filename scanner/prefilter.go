package scanner

import "github.com/patmigrate/patmigrate/rules"

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
		_ = i
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

// scan appends to hits every keyword occurrence in data and returns the
// extended slice. This loop is the scanner's hot path: one table load per
// byte and no calls.
func (p *prefilter) scan(data []byte, hits []hit) []hit {
	delta, class := p.delta, &p.class
	var s uint32
	for i, b := range data {
		e := delta[s+uint32(class[b])]
		s = e &^ hitFlag
		if e&hitFlag != 0 {
			hits = append(hits, hit{end: i + 1, state: s})
		}
	}
	return hits
}

// rulesAt lists the rules whose keywords end in state s.
func (p *prefilter) rulesAt(s uint32) []int { return p.rules[s/p.nclass] }
