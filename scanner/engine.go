package scanner

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/patmigrate/patmigrate/rules"
)

// Scanner runs a compiled rule set over the blobs of a source. It holds no
// per-scan state, so one Scanner may run any number of scans at once.
type Scanner struct {
	set  *rules.Set
	pf   *prefilter
	opts Options
	bufs sync.Pool // *scratch
}

// Options adjust what a Scanner reports.
type Options struct {
	// ShowSecrets leaves secrets unredacted in snippets (--show-secrets).
	// Finding.Secret redacts itself either way.
	ShowSecrets bool
}

// New returns a Scanner for set.
func New(set *rules.Set, opts Options) *Scanner {
	s := &Scanner{set: set, pf: newPrefilter(set), opts: opts}
	s.bufs.New = func() any { return &scratch{regions: make([][]region, len(set.Rules()))} }
	return s
}

// scratch is per-goroutine working memory, reused across blobs.
type scratch struct {
	hits    []hit
	regions [][]region // per rule index
}

// region is a run of whole lines [from, to) of a view that a rule's pattern
// runs over: each line holding one of its keywords and the line after it (so
// a value may sit on the line below its name, as in YAML block scalars and
// name/value lists). to is the offset of the last line's newline, or the end.
type region struct{ from, to int }

// Scan reads every blob of src and returns the findings and what could not
// be read. The error is non-nil only when the scan as a whole stopped (a
// cancelled context, an unreadable root); unreadable items are in
// Result.Errors.
func (s *Scanner) Scan(ctx context.Context, src Source) (*Result, error) {
	var mu sync.Mutex
	res := &Result{}
	err := src.Blobs(ctx, func(b Blob) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		var found []Finding
		var ignored int
		binary := false
		if b.Err == nil && b.Skip == "" {
			if binary = isBinary(b.Data); !binary {
				found, ignored = s.scanBlob(b, nil)
			}
		}
		mu.Lock()
		defer mu.Unlock()
		st := &res.Stats
		switch {
		case b.Err != nil:
			res.Errors = append(res.Errors, Skipped{Path: b.Path, Commit: b.Commit, Err: b.Err})
		case b.Skip == SkipBinary || binary:
			st.Binary++
		case b.Skip == SkipTooLarge:
			st.TooLarge++
		case b.Skip != "":
			st.Ignored++
		default:
			st.Files++
			st.Bytes += int64(len(b.Data))
			st.IgnoredByComment += int64(ignored)
			res.Findings = append(res.Findings, found...)
		}
		return nil
	})
	SortFindings(res.Findings)
	slices.SortFunc(res.Errors, func(a, b Skipped) int {
		return strings.Compare(a.Path+"\x00"+a.Commit, b.Path+"\x00"+b.Commit)
	})
	return res, err
}

// SortFindings orders findings by path, commit, line, column and rule.
func SortFindings(fs []Finding) {
	slices.SortFunc(fs, func(a, b Finding) int {
		switch {
		case a.Path != b.Path:
			return strings.Compare(a.Path, b.Path)
		case a.Commit != b.Commit:
			return strings.Compare(a.Commit, b.Commit)
		case a.Line != b.Line:
			return a.Line - b.Line
		case a.Column != b.Column:
			return a.Column - b.Column
		}
		return strings.Compare(a.Rule, b.Rule)
	})
}

// binarySniff is how much of a blob is checked for a NUL byte, as git does.
const binarySniff = 8 << 10

func isBinary(data []byte) bool {
	return bytes.IndexByte(data[:min(len(data), binarySniff)], 0) >= 0
}

// Matches reports whether rule r finds something in text, scanned as a file
// of its own. It implements rules.Matcher for the examples' self-test.
func (s *Scanner) Matches(r *rules.Compiled, text []byte) bool {
	found, _ := s.scanBlob(Blob{Path: "example", Data: text}, r)
	return len(found) > 0
}

// scanBlob returns b's findings (of rule only, when not nil) and how many
// were dropped by an inline patmigrate:ignore.
func (s *Scanner) scanBlob(b Blob, only *rules.Compiled) ([]Finding, int) {
	sc := s.bufs.Get().(*scratch)
	defer s.bufs.Put(sc)
	base := &view{text: b.Data}
	if strings.HasSuffix(b.Path, ".ipynb") {
		base = notebookView(b.Data)
	}
	sc.hits = s.pf.scan(base.text, sc.hits[:0])
	if len(sc.hits) == 0 {
		return nil, 0
	}
	for i := range sc.regions {
		sc.regions[i] = sc.regions[i][:0]
	}
	text := base.text
	for _, h := range sc.hits {
		at := h.end - 1
		for _, ri := range s.pf.rulesAt(h.state) {
			rg := sc.regions[ri]
			n := len(rg)
			if n > 0 && at <= rg[n-1].to {
				continue
			}
			from := bytes.LastIndexByte(text[:at], '\n') + 1
			to := lineEnd(text, at)
			if to < len(text) {
				to = lineEnd(text, to+1)
			}
			if n > 0 && rg[n-1].to+1 >= from {
				rg[n-1].to = to
			} else {
				rg = append(rg, region{from, to})
			}
			sc.regions[ri] = rg
		}
	}
	bs := &blobScan{s: s, blob: b, base: base}
	for _, r := range s.set.Rules() {
		if only != nil && r != only {
			continue
		}
		for _, rg := range sc.regions[r.Index] {
			bs.matchRegion(r, rg)
		}
	}
	return bs.findings()
}

// lineEnd returns the offset of the newline ending the line that holds at,
// or len(text).
func lineEnd(text []byte, at int) int {
	if i := bytes.IndexByte(text[at:], '\n'); i >= 0 {
		return at + i
	}
	return len(text)
}
