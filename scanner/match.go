package scanner

import (
	"bytes"
	"slices"
	"unicode/utf8"

	"github.com/patmigrate/patmigrate/internal/dbt"
	"github.com/patmigrate/patmigrate/rules"
	"github.com/patmigrate/patmigrate/source"
)

// blobScan is the state of scanning one blob: the candidates found so far
// and what is computed at most once, on first need (line starts, the file's
// account ids and hosts, its usage, the rules' file conditions).
type blobScan struct {
	s     *Scanner
	blob  source.Blob
	doc   *view // the blob as rules read it: its text, or a notebook's decoded cells
	cands []candidate
	hits  [][]int // per rule: its keyword hits in doc, ascending

	lineStarts []int
	attrib     *attribution
	wordAt     wordStarts // of attribWords, found once (words)
	fileCond   map[int]bool
	// lineCond caches a rule's line conditions (Not, Near) per line of doc:
	// a long line can hold thousands of matches, and a condition evaluated
	// per match would cost the line's length each time.
	lineCond map[lineKey]bool
	heads    map[int][]int // per line: its enclosing headers (see ancestors)
	names    map[*rules.Compiled]map[string]nameClass
	lineIdx  map[*view]*lineIndex
	// col caches the last column computed: findings on one long line come
	// in order, and each counts on from the one before.
	col struct{ line, off, n int }
	// silenced caches Options.Silenced per line.
	silenced map[int]bool
	// capped is set once cands holds maxCandidates: matching stops.
	capped  bool
	spans   []region // every candidate's secret span, merged (see secretSpans)
	byValue []string // the secrets redactKnown looks for by value
}

// lineKey names a condition of a rule on a line of doc (by its start).
type lineKey struct {
	rule, line int
	near       bool // the Near condition, else Not
}

// candidate is a rule match that passed its conditions, before overlapping
// matches are resolved.
type candidate struct {
	rule          *rules.Compiled
	start, end    int // the secret (or the match) in the blob
	secret, key   string
	account, host string
	line          int  // in the blob, 1-based
	silenced      bool // by Options.Silenced: counted, not reported
}

// A credential with fewer than minDistinct different characters, or a run of
// maxRun equal ones, is a placeholder ("xxxx…", "0000…", "dbtu_XXXX…"): a
// random key has a run of six with odds below one in 30,000.
const (
	minDistinct = 6
	maxRun      = 6
)

// A value that repeats a short pattern ("abcdef" over and over) is one too.
const maxPeriod = 8

func placeholder(s []byte) bool {
	for p := 1; p <= maxPeriod && p < len(s); p++ {
		if bytes.Equal(s[p:], s[:len(s)-p]) {
			return true
		}
	}
	run := 1
	for i := 1; i < len(s); i++ {
		if s[i] == s[i-1] {
			if run++; run >= maxRun {
				return true
			}
		} else {
			run = 1
		}
	}
	return !distinctAtLeast(s, minDistinct)
}

func (bs *blobScan) matchRegion(r *rules.Compiled, rg region) {
	if r.Slot != nil && r.SecretRun != nil {
		bs.matchValues(r)
		return
	}
	if r.SecretRun != nil {
		if hasLiterals(r, bs.doc.text[rg.from:rg.to]) {
			bs.matchRuns(r, rg)
		}
	} else {
		bs.matchLines(r, rg)
	}
	if !r.Base64 || (r.EncodedRun != nil && !r.EncodedRun.In(bs.doc.text[rg.from:rg.to])) {
		return
	}
	if dv := base64View(bs.doc, rg.from, rg.to); dv != nil {
		for _, m := range r.Regexp.FindAllSubmatchIndex(dv.text, -1) {
			bs.consider(r, dv, m)
		}
	}
}

// matchLines runs r's pattern over each line of rg holding one of its
// keywords, with the line after it: small windows keep Go's regexp on its
// fast backtracking path, and the literals check is sharper on them.
func (bs *blobScan) matchLines(r *rules.Compiled, rg region) {
	text := bs.doc.text
	hs := bs.hits[r.Index]
	i, _ := slices.BinarySearch(hs, rg.from)
	done := -1 // end of the last window's first line
	for ; i < len(hs) && hs[i] < rg.to && !bs.capped; i++ {
		if hs[i] <= done {
			continue
		}
		from := bytes.LastIndexByte(text[:hs[i]], '\n') + 1
		done = lineEnd(text, hs[i])
		to := done
		if to < rg.to {
			to = lineEnd(text, to+1)
		}
		to = min(to, rg.to)
		if hasLiterals(r, text[from:to]) {
			bs.matchWindow(r, bs.doc, from, to)
		}
	}
}

// secretReach is how many lines above its secret a pattern may begin (a
// .netrc machine line, a name above its value).
const secretReach = 2

// matchRuns runs r's pattern only around the places in rg where its secret's
// shape occurs (a forty-hex run for a user key) and one of its keywords is
// on that line or secretReach lines above it: most keyword lines hold no
// such run, and the pattern then never runs. The window is those lines,
// within the region.
func (bs *blobScan) matchRuns(r *rules.Compiled, rg region) {
	text := bs.doc.text
	for at := rg.from; at < rg.to && !bs.capped; {
		start, end := r.SecretRun.Index(text[at:rg.to])
		if start < 0 {
			return
		}
		start, end = at+start, at+end
		from := bytes.LastIndexByte(text[:start], '\n') + 1
		for i := 0; i < secretReach && from > rg.from; i++ {
			from = bytes.LastIndexByte(text[:from-1], '\n') + 1
		}
		from, to := max(from, rg.from), min(lineEnd(text, end), rg.to)
		if bs.hitIn(r, from, to) {
			bs.matchAround(r, from, to, start, end)
		}
		at = end
	}
}

// runReach bounds how far from its secret's run a match may begin or end
// on a long line: a minified file's line can be megabytes, and a window of
// the whole line per run would cost the line's length per run.
const runReach = 512

// matchAround runs r's pattern over the lines [from, to) near the run
// [start, end), cut to runReach bytes on either side of it, and keeps the
// matches whose secret lies in the run: another run's secret is found from
// that run's own window. A cut keeps one byte beyond it, so that \b and
// $ see their context, and drops a match that reaches the cut; a pattern
// that asserts a line's start is never cut.
func (bs *blobScan) matchAround(r *rules.Compiled, from, to, start, end int) {
	text := bs.doc.text
	cutFrom, cutTo := false, false
	if !r.Anchored {
		if f := start - runReach; f > from {
			from, cutFrom = f-1, true
		}
		if t := end + runReach; t < to {
			to, cutTo = t+1, true
		}
	}
	for _, m := range r.Regexp.FindAllSubmatchIndex(text[from:to], -1) {
		if cutFrom && m[0] == 0 || cutTo && m[1] == to-from {
			continue
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += from
			}
		}
		if g := r.SecretGroup; g >= 0 && (m[2*g] < start || m[2*g+1] > end) {
			continue
		}
		bs.consider(r, bs.doc, m)
	}
}

// matchValues runs slot rule r at every value of its shape in the blob, in
// one pass over the text for plain and encoded values alike: the keywords
// only selected the file, and the binder judges each value. Encoded values
// are looked for in the blob decoded in place, so that the binder sees the
// structure around one (a Secret's metadata), the same way: by their runs,
// not by running the pattern over the whole decoded text.
func (bs *blobScan) matchValues(r *rules.Compiled) {
	if !bs.valuesIn(r, bs.doc, r.ValueRun) || bs.capped {
		return
	}
	if dv := base64View(bs.doc, 0, len(bs.doc.text)); dv != nil {
		bs.valuesIn(r, dv, r.SecretRun)
	}
}

// valuesIn considers each value of r's shape in doc, inside the runs of
// run, and reports whether one of those runs was long enough to be an
// encoded value.
func (bs *blobScan) valuesIn(r *rules.Compiled, doc *view, run *rules.Run) (encoded bool) {
	text := doc.text
	for at := 0; at < len(text) && !bs.capped; {
		a, b := run.Index(text[at:])
		if a < 0 {
			break
		}
		a, b = at+a, at+b
		for x := a; x < b; {
			s, e := r.SecretRun.Index(text[x:b])
			if s < 0 {
				break
			}
			s, e = x+s, x+e
			if r.Fixed != nil {
				// The pattern is the run itself between \b's.
				if e-s == r.Fixed.Min && (s == 0 || !isWordByte(text[s-1])) && (e == len(text) || !isWordByte(text[e])) {
					bs.consider(r, doc, []int{s, e, s, e})
				}
			} else {
				// The pattern's \b needs the bytes on either side.
				bs.matchWindow(r, doc, max(s-1, 0), min(e+1, len(text)))
			}
			x = e
		}
		encoded = encoded || r.Base64 && b-a >= r.EncodedRun.Min
		at = b
	}
	return encoded
}

// hitIn reports whether one of r's keywords ends in doc.text[from:to].
func (bs *blobScan) hitIn(r *rules.Compiled, from, to int) bool {
	hs := bs.hits[r.Index]
	i, _ := slices.BinarySearch(hs, from)
	return i < len(hs) && hs[i] < to
}

// matchWindow runs r's pattern over doc.text[from:to].
func (bs *blobScan) matchWindow(r *rules.Compiled, doc *view, from, to int) {
	for _, m := range r.Regexp.FindAllSubmatchIndex(doc.text[from:to], -1) {
		for i := range m {
			if m[i] >= 0 {
				m[i] += from
			}
		}
		bs.consider(r, doc, m)
	}
}

// hasLiterals reports whether text holds every literal r's pattern needs.
// Base64 views are exempt: their literals may be encoded.
func hasLiterals(r *rules.Compiled, text []byte) bool {
	for _, l := range r.Literals {
		if !l.In(text) {
			return false
		}
	}
	return true
}

// consider checks one match m (submatch indexes into v.text) against the
// rule's conditions and records it.
func (bs *blobScan) consider(r *rules.Compiled, v *view, m []int) {
	if bs.capped {
		return
	}
	ss, se := m[0], m[1]
	if g := r.SecretGroup; g >= 0 && m[2*g] >= 0 {
		ss, se = m[2*g], m[2*g+1]
	}
	if r.Kind.NeedsSecret() && placeholder(v.text[ss:se]) {
		return
	}
	if r.Not != nil && bs.notMatches(r, v, m[0]) {
		return
	}
	if r.Kind == rules.CrossAccountCall && prose(bs.blob.Path, v.text, m[0]) {
		return // a docstring or a document's text names the call
	}
	if r.Base != nil && !callOnDbt(r.Base, v.text, m[0]) {
		return
	}
	if r.Slot != nil && !bs.binder(r, v).bound(ss) {
		return
	}
	if r.Near != nil && !bs.nearMatches(r, bs.inDoc(v, m[0])) {
		return
	}
	if r.File != nil && !bs.fileMatches(r) {
		return
	}
	// The strings are made only for a value that binds: most do not.
	c := candidate{rule: r, key: string(v.text[m[0]:m[1]])}
	if r.Kind.NeedsSecret() {
		c.secret = string(v.text[ss:se])
		c.key = c.secret
	}
	c.start, c.end = v.orig(ss, false), v.orig(se, true)
	c.line = bs.lineOf(c.start)
	c.silenced = bs.silencedAt(c.line)
	if g := r.AccountGroup; g >= 0 && m[2*g] < m[2*g+1] {
		c.account = string(v.text[m[2*g]:m[2*g+1]])
	}
	if g := r.HostGroup; g >= 0 && m[2*g] < m[2*g+1] {
		c.host = dbt.AccountHost(string(v.text[m[2*g]:m[2*g+1]]))
	}
	if c.account == "" && v != bs.doc {
		// A decoded value may name its own account (the login of an
		// encoded Airflow URI), which the file's text cannot show.
		c.account = firstAccount(v.decodedAt(ss))
	}
	bs.cands = append(bs.cands, c)
	bs.capped = len(bs.cands) >= maxCandidates
}

// binder returns the binder of slot rule r over v, with the blob's cache
// of judged names.
func (bs *blobScan) binder(r *rules.Compiled, v *view) binder {
	if bs.names == nil {
		bs.names = make(map[*rules.Compiled]map[string]nameClass)
	}
	m := bs.names[r]
	if m == nil {
		m = make(map[string]nameClass)
		bs.names[r] = m
	}
	return binder{voc: r.Slot, text: v.text, path: bs.blob.Path, classes: m, lines: bs.lineIndexOf(v)}
}

// inDoc maps an offset of v to one of doc, for conditions that look at the
// surroundings. Derived views come from doc only.
func (bs *blobScan) inDoc(v *view, off int) int {
	if v == bs.doc {
		return off
	}
	return v.parent(off, false)
}

// notMatches reports whether r's Not condition matches the line of v that
// holds off. For doc, the answer is kept per line.
func (bs *blobScan) notMatches(r *rules.Compiled, v *view, off int) bool {
	if v != bs.doc {
		return r.Not.Match(lineAt(v.text, off))
	}
	return bs.cachedLine(lineKey{rule: r.Index, line: bs.docLine(off)}, func() bool {
		return r.Not.Match(lineAt(v.text, off))
	})
}

// nearMatches reports whether r's Near condition matches within its lines of
// the doc offset off, kept per line.
func (bs *blobScan) nearMatches(r *rules.Compiled, off int) bool {
	return bs.cachedLine(lineKey{rule: r.Index, line: bs.docLine(off), near: true}, func() bool {
		return r.Near.Match(linesAround(bs.doc.text, off, r.Context.Lines))
	})
}

func (bs *blobScan) cachedLine(k lineKey, eval func() bool) bool {
	if ok, done := bs.lineCond[k]; done {
		return ok
	}
	if bs.lineCond == nil {
		bs.lineCond = make(map[lineKey]bool)
	}
	ok := eval()
	bs.lineCond[k] = ok
	return ok
}

// docLine names the line of doc holding offset off by where it starts.
func (bs *blobScan) docLine(off int) int { return bs.lineIndexOf(bs.doc).start(off) }

func (bs *blobScan) fileMatches(r *rules.Compiled) bool {
	if ok, done := bs.fileCond[r.Index]; done {
		return ok
	}
	if bs.fileCond == nil {
		bs.fileCond = make(map[int]bool)
	}
	ok := r.File.Match(bs.doc.text)
	bs.fileCond[r.Index] = ok
	return ok
}

// distinctAtLeast reports whether s holds n different bytes, stopping as
// soon as it does.
func distinctAtLeast(s []byte, n int) bool {
	var seen [256]bool
	for _, c := range s {
		if !seen[c] {
			seen[c] = true
			if n--; n <= 0 {
				return true
			}
		}
	}
	return n <= 0
}

// lineAt returns the line of text holding offset off, without its newline.
func lineAt(text []byte, off int) []byte {
	return linesAround(text, off, 0)
}

// linesAround returns the lines of text from n lines before the one holding
// off to n lines after it, without the final newline.
func linesAround(text []byte, off, n int) []byte {
	from := bytes.LastIndexByte(text[:off], '\n') + 1
	for i := 0; i < n && from > 0; i++ {
		from = bytes.LastIndexByte(text[:from-1], '\n') + 1
	}
	to := off
	for i := 0; i <= n; i++ {
		j := bytes.IndexByte(text[to:], '\n')
		if j < 0 {
			return text[from:]
		}
		to += j
		if i < n {
			to++
		}
	}
	return text[from:to]
}

// lineOf returns the 1-based line of the blob holding offset off.
func (bs *blobScan) lineOf(off int) int {
	if bs.lineStarts == nil {
		data := bs.blob.Data
		bs.lineStarts = append(bs.lineStarts, 0)
		for i := bytes.IndexByte(data, '\n'); i >= 0; {
			bs.lineStarts = append(bs.lineStarts, i+1)
			j := bytes.IndexByte(data[i+1:], '\n')
			if j < 0 {
				break
			}
			i += j + 1
		}
	}
	i, found := slices.BinarySearch(bs.lineStarts, off)
	if found {
		return i + 1
	}
	return i
}

// lineBytes returns line n (1-based) of the blob without its newline.
func (bs *blobScan) lineBytes(n int) []byte {
	data := bs.blob.Data
	from := bs.lineStarts[n-1]
	to := len(data)
	if n < len(bs.lineStarts) {
		to = bs.lineStarts[n] - 1
	}
	return bytes.TrimSuffix(data[from:to], []byte("\r"))
}

// column converts a blob offset on line n to a 1-based character column.
func (bs *blobScan) column(n, off int) int {
	from, count := bs.lineStarts[n-1], 0
	if c := bs.col; c.line == n && c.off <= off {
		from, count = c.off, c.n
	}
	count += utf8.RuneCount(bs.blob.Data[from:off])
	bs.col.line, bs.col.off, bs.col.n = n, off, count
	return count + 1
}

// silencedAt reports whether Options.Silenced silences line n, asked once
// per line.
func (bs *blobScan) silencedAt(n int) bool {
	if bs.s.opts.Silenced == nil {
		return false
	}
	if ok, done := bs.silenced[n]; done {
		return ok
	}
	if bs.silenced == nil {
		bs.silenced = make(map[int]bool)
	}
	ok := bs.s.opts.Silenced(bs.blob.Provenance, n+bs.linesBefore(), bs.lineBytes(n))
	bs.silenced[n] = ok
	return ok
}
