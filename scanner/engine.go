package scanner

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/patmigrate/patmigrate/rules"
	"github.com/patmigrate/patmigrate/source"
)

// Scanner runs a compiled rule set over the blobs of a source. It holds no
// per-scan state, so one Scanner may run any number of scans at once.
type Scanner struct {
	set  *rules.Set
	pf   *prefilter
	opts Options
	bufs sync.Pool // *scratch
	// whole[i] is whether rule i reads the whole blob once one of its
	// keywords occurs (a slot rule: matchValues), so that its keyword
	// hits need no regions.
	whole []bool
}

// Options adjust what a Scanner reports.
type Options struct {
	// ShowSecrets leaves secrets unredacted in snippets.
	// Finding.Secret redacts itself either way.
	ShowSecrets bool
	// Silenced, when set, reports whether a finding that starts on line n
	// (text, without its newline) of the blob from p is silenced where it
	// stands, as by an inline ignore comment (package suppress). Silenced
	// findings are counted in Stats.IgnoredByComment, not reported. It is
	// asked per blob and line, before history's versions of a finding are
	// reduced to the first one, so a version that silences a key never
	// hides a later one that does not. It may be called concurrently.
	Silenced func(p source.Provenance, n int, text []byte) bool
	// WholeVersions reads every version of a file in history whole,
	// ignoring what source.Blob.Delta says: the reports must not differ
	// (the tests compare the two), only the time.
	WholeVersions bool
}

// New returns a Scanner for set.
func New(set *rules.Set, opts Options) *Scanner {
	s := &Scanner{set: set, pf: newPrefilter(set), opts: opts}
	n := len(set.Rules())
	s.whole = make([]bool, n)
	for _, r := range set.Rules() {
		s.whole[r.Index] = r.Slot != nil && r.SecretRun != nil
	}
	s.bufs.New = func() any { return &scratch{regions: make([][]region, n), ruleHits: make([][]int, n)} }
	return s
}

// scratch is per-goroutine working memory, reused across blobs.
type scratch struct {
	hits     []hit
	regions  [][]region // per rule index
	ruleHits [][]int    // per rule index: offsets of its keyword hits, ascending
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
func (s *Scanner) Scan(ctx context.Context, src source.Source) (*Result, error) {
	var mu sync.Mutex
	res := &Result{}
	quiet := &seqSet{} // the contents, by Seq, read as they are and holding no keyword
	err := src.Blobs(ctx, func(b source.Blob) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		var found []Finding
		var ignored int
		capped, delta := false, false // delta: read around its delta only
		if b.Err == nil && b.Skip == "" {
			// Binary content is searched too, as bytes: a NUL or two must
			// not hide a key, and a build artefact can hold a token. It
			// costs what the prefilter costs: patterns run only around
			// keywords.
			delta = s.unchanged(b, quiet)
			silent := delta
			if !delta {
				found, ignored, capped, silent = s.scanBlob(b, nil)
			}
			if silent && b.Seq != 0 {
				quiet.add(b.Seq)
			}
		}
		mu.Lock()
		defer mu.Unlock()
		st := &res.Stats
		switch {
		case b.Err != nil:
			res.Errors = append(res.Errors, ReadError{Path: b.Path, Commit: b.Commit, Err: b.Err})
		case b.Skip == source.SkipTooLarge:
			st.TooLarge++
			res.Unscanned = append(res.Unscanned, b.Provenance)
		case b.Skip != "":
			st.Ignored++
		default:
			n := int64(len(b.Data))
			if p := b.Part; p != nil {
				n = int64(p.OwnEnd - p.Own) // a file in parts is one file
			}
			switch {
			case b.Part != nil && !b.Part.First:
			case b.Commit != "":
				st.Blobs++
			default:
				st.Files++
			}
			st.Bytes += n
			st.IgnoredByComment += int64(ignored)
			if delta {
				st.Deltas++
			}
			res.Findings = append(res.Findings, found...)
			if capped {
				res.Errors = append(res.Errors, ReadError{Path: b.Path, Commit: b.Commit, Err: ErrTooManyFindings})
			}
		}
		return nil
	})
	if c, ok := src.(source.CommitCounter); ok {
		res.Stats.Commits = c.CommitsWalked()
	}
	res.Findings = firstIntroductions(res.Findings)
	SortFindings(res.Findings)
	slices.SortFunc(res.Unscanned, func(a, b source.Provenance) int {
		return strings.Compare(a.Path+"\x00"+a.Commit, b.Path+"\x00"+b.Commit)
	})
	slices.SortFunc(res.Errors, func(a, b ReadError) int {
		return strings.Compare(a.Path+"\x00"+a.Commit, b.Path+"\x00"+b.Commit)
	})
	return res, err
}

// firstIntroductions keeps, of the findings from history that share a
// fingerprint (one secret, or one call, at one path, in several versions of
// the file), those from the earliest commit, and says they are in HEAD when
// any of them is. Working-tree findings pass through.
func firstIntroductions(fs []Finding) []Finding {
	type group struct {
		order  int
		inHead bool
	}
	groups := map[string]group{}
	for _, f := range fs {
		if f.Commit == "" {
			continue
		}
		g, ok := groups[f.Fingerprint]
		if !ok || f.Order < g.order {
			g.order = f.Order
		}
		g.inHead = g.inHead || f.InHead
		groups[f.Fingerprint] = g
	}
	out := fs[:0]
	for _, f := range fs {
		if f.Commit != "" {
			g := groups[f.Fingerprint]
			if f.Order != g.order {
				continue
			}
			f.InHead = g.inHead
		}
		out = append(out, f)
	}
	return out
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

// Matches reports whether rule r finds something in text, scanned as a file
// of its own. It implements rules.Matcher for the examples' self-test.
func (s *Scanner) Matches(r *rules.Compiled, text []byte) bool {
	found, _, _, _ := s.scanBlob(source.Blob{Provenance: source.Provenance{Path: "example"}, Data: text}, r)
	return len(found) > 0
}

// scanBlob returns b's findings (of rule only, when not nil) and how many
// were dropped by an inline patmigrate:ignore.
// maxCandidates bounds the matches one blob may yield. A file of hundreds
// of keys is a generated or hostile one; past the bound its scan stops and
// says so (ErrTooManyFindings), so that time stays linear in the input and
// the report readable. Each match costs about 80 µs (binding, snippet,
// redaction) on a 2-core machine, so 500 keep a file of them at 20 MB/s.
const maxCandidates = 500

// ErrTooManyFindings is the error of a blob whose matches passed
// maxCandidates: the findings before it are reported, the rest of the blob
// is not read, and the scan is incomplete.
var ErrTooManyFindings = fmt.Errorf("more than %d matches: the first are reported, the rest of the file is not scanned", maxCandidates)

// quiet reports that b was read as it is (not decoded from UTF-16 or a
// notebook) and that no keyword occurs in it: no rule can match it, nor
// any version of it that differs only where unchanged says.
func (s *Scanner) scanBlob(b source.Blob, only *rules.Compiled) (found []Finding, ignored int, capped, quiet bool) {
	sc := s.bufs.Get().(*scratch)
	defer s.bufs.Put(sc)
	plain := true
	if le, ok := source.UTF16(b.Data); ok {
		plain = false
		// Rules read UTF-8. Lines and character columns are the same in
		// both encodings, so positions stay those of the original file.
		b.Data = decodeUTF16(b.Data, le)
	}
	doc := &view{text: b.Data}
	if strings.HasSuffix(b.Path, ".ipynb") {
		doc, plain = notebookView(b.Data), false
	}
	for i := range sc.regions {
		sc.regions[i] = sc.regions[i][:0]
		sc.ruleHits[i] = sc.ruleHits[i][:0]
	}
	text := doc.text
	// The prefilter runs a segment at a time, each segment's hits turned
	// into regions before the next: a file dense with keywords held every
	// hit at once (16 bytes each: 1.4 GB for 200 MB of keywords).
	keyword := false
	for from := 0; from < len(text); from += prefilterSegment {
		sc.hits = s.pf.scanRange(text, from, min(from+prefilterSegment, len(text)), sc.hits[:0])
		keyword = keyword || len(sc.hits) > 0
		for _, h := range sc.hits {
			at := h.end - 1
			for _, ri := range s.pf.rulesAt(h.state) {
				if s.whole[ri] {
					if len(sc.regions[ri]) == 0 {
						sc.regions[ri] = append(sc.regions[ri], region{0, len(text)})
					}
					continue
				}
				sc.regions[ri] = addRegion(sc.regions[ri], text, at)
				sc.ruleHits[ri] = append(sc.ruleHits[ri], at)
			}
		}
	}
	if !keyword {
		return nil, 0, false, plain && b.Part == nil
	}
	bs := &blobScan{s: s, blob: b, doc: doc, hits: sc.ruleHits}
	for _, r := range s.set.Rules() {
		if only != nil && r != only {
			continue
		}
		if r.Slot != nil && len(sc.regions[r.Index]) > 0 {
			bs.matchRegion(r, region{0, len(text)})
			continue
		}
		for _, rg := range sc.regions[r.Index] {
			if bs.capped {
				break
			}
			bs.matchRegion(r, rg)
		}
	}
	found, ignored = bs.findings()
	return found, ignored, bs.capped, false
}

// unchanged reports whether b, a version of a file history stores as a
// delta on a quiet one (see scanBlob), holds no keyword either, reading
// only around the spans its delta wrote. A keyword lies within maxLen
// bytes; one that lies whole in a run of bytes copied from the base would
// be in the base. So every keyword of b overlaps a span or crosses the
// place where two copied runs meet, and ends within maxLen bytes after the
// span's start: the prefilter reads from each span's start to maxLen past
// its end (starting maxLen-1 earlier, as it does at any cut). The findings
// are then exactly a whole reading's: none.
func (s *Scanner) unchanged(b source.Blob, quiet *seqSet) bool {
	d := b.Delta
	if d == nil || s.opts.WholeVersions || b.Part != nil || !quiet.has(d.Base) || strings.HasSuffix(b.Path, ".ipynb") {
		return false
	}
	if _, ok := source.UTF16(b.Data); ok {
		return false
	}
	sc := s.bufs.Get().(*scratch)
	defer s.bufs.Put(sc)
	keyword := func(from, to int) bool {
		sc.hits = s.pf.scanRange(b.Data, from, to, sc.hits[:0])
		return len(sc.hits) > 0
	}
	from, to := 0, -1 // the window being gathered; none yet
	for _, sp := range d.Spans {
		lo, hi := sp[0], min(len(b.Data), sp[1]+s.pf.maxLen)
		if lo < 0 || lo > hi {
			return false // not spans of this content
		}
		if to >= 0 && lo <= to {
			to = max(to, hi)
			continue
		}
		if to >= 0 && keyword(from, to) {
			return false
		}
		from, to = lo, hi
	}
	return to < 0 || !keyword(from, to)
}

// seqSet is a set of source.Blob.Seq numbers, safe for concurrent use.
type seqSet struct {
	mu   sync.Mutex
	bits []uint64
}

func (q *seqSet) add(n int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if w := n / 64; w >= len(q.bits) {
		q.bits = append(q.bits, make([]uint64, w+1-len(q.bits))...)
	}
	q.bits[n/64] |= 1 << (n % 64)
}

func (q *seqSet) has(n int) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return n >= 0 && n/64 < len(q.bits) && q.bits[n/64]&(1<<(n%64)) != 0
}

// decodeUTF16 turns UTF-16 text, byte-order mark included (it becomes
// U+FEFF, as a UTF-8 file's mark is), into UTF-8. Unpaired surrogates and
// an odd final byte become U+FFFD.
func decodeUTF16(data []byte, littleEndian bool) []byte {
	units := make([]uint16, len(data)/2)
	for i := range units {
		if littleEndian {
			units[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
		} else {
			units[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		}
	}
	out := make([]byte, 0, len(data)/2+len(data)/8)
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	if len(data)%2 == 1 {
		out = utf8.AppendRune(out, utf8.RuneError)
	}
	return out
}

// prefilterSegment is how much of a blob the prefilter reads before its
// hits are consumed.
const prefilterSegment = 4 << 20

// regionMax bounds how far a region grows by merging: a dense file (a
// keyword on every line) would otherwise make one region of the whole file,
// and a regular expression over a long text is slow (Go's regexp leaves its
// backtracker for the NFA past a few hundred bytes). A match that starts on
// a keyword line still lies whole in one region.
const regionMax = 512

// addRegion adds the region of a keyword hit at offset at (its line and the
// next) to rg, merging it with the last region when they touch.
func addRegion(rg []region, text []byte, at int) []region {
	n := len(rg)
	if n > 0 && at <= rg[n-1].to && rg[n-1].to == len(text) {
		return rg
	}
	to := lineEnd(text, at)
	if to < len(text) {
		to = lineEnd(text, to+1)
	}
	if n > 0 && to <= rg[n-1].to {
		return rg // line and next already covered
	}
	from := bytes.LastIndexByte(text[:at], '\n') + 1
	if n > 0 && from <= rg[n-1].to+1 && to-rg[n-1].from <= regionMax {
		rg[n-1].to = to
		return rg
	}
	return append(rg, region{from, to})
}

// lineEnd returns the offset of the newline ending the line that holds at,
// or len(text).
func lineEnd(text []byte, at int) int {
	if i := bytes.IndexByte(text[at:], '\n'); i >= 0 {
		return at + i
	}
	return len(text)
}
