package scanner

import (
	"bytes"
	"slices"
)

// lineIndex is where each line of a text starts, built on first use: on a
// long line, finding a line's start by searching back from an offset costs
// the line's length per lookup, and a file of many findings looks up often.
type lineIndex struct {
	text   []byte
	starts []int
}

func newLineIndex(text []byte) *lineIndex { return &lineIndex{text: text} }

func (li *lineIndex) build() {
	if li.starts != nil {
		return
	}
	li.starts = append(make([]int, 0, bytes.Count(li.text, []byte{'\n'})+1), 0)
	for i, c := range li.text {
		if c == '\n' {
			li.starts = append(li.starts, i+1)
		}
	}
}

// nearLine is how far start and end search before they build the index:
// most lines are short, and most files are never indexed.
const nearLine = 256

// start returns the offset where the line holding off starts.
func (li *lineIndex) start(off int) int {
	if from := max(0, off-nearLine); li.starts == nil {
		if i := bytes.LastIndexByte(li.text[from:off], '\n'); i >= 0 {
			return from + i + 1
		} else if from == 0 {
			return 0
		}
	}
	li.build()
	i, found := slices.BinarySearch(li.starts, off)
	if !found {
		i--
	}
	return li.starts[i]
}

// end returns the offset of the newline ending the line holding off, or
// the text's length.
func (li *lineIndex) end(off int) int {
	if to := min(len(li.text), off+nearLine); li.starts == nil {
		if i := bytes.IndexByte(li.text[off:to], '\n'); i >= 0 {
			return off + i
		} else if to == len(li.text) {
			return to
		}
	}
	li.build()
	i, _ := slices.BinarySearch(li.starts, off+1)
	if i < len(li.starts) {
		return li.starts[i] - 1
	}
	return len(li.text)
}

// lineIndexOf returns the line index of view v, one per view and blob.
func (bs *blobScan) lineIndexOf(v *view) *lineIndex {
	if bs.lineIdx == nil {
		bs.lineIdx = make(map[*view]*lineIndex)
	}
	li := bs.lineIdx[v]
	if li == nil {
		li = newLineIndex(v.text)
		bs.lineIdx[v] = li
	}
	return li
}
