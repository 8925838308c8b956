package scanner

import (
	"slices"
	"strings"

	"github.com/patmigrate/patmigrate/rules"
)

// findings resolves overlapping candidates and turns the rest into findings.
// Where two rules claim the same secret, the one defined first wins: the
// default rule set lists specific rules before generic ones. Findings
// without a secret are kept once per line and kind.
func (bs *blobScan) findings() ([]Finding, int) {
	if len(bs.cands) == 0 {
		return nil, 0
	}
	slices.SortStableFunc(bs.cands, func(a, b candidate) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return a.rule.Index - b.rule.Index
	})
	// kept is a new slice: bs.cands must stay whole for the snippets,
	// which redact every candidate's span, dropped ones included.
	kept := make([]candidate, 0, len(bs.cands))
	type lineKind struct {
		line int
		kind rules.Kind
	}
	seen := make(map[lineKind]bool)
	keptEnd := -1 // the furthest end of a kept secret: candidates come by start
	for _, c := range bs.cands {
		if p := bs.blob.Part; p != nil && (c.start < p.Own || c.start >= p.OwnEnd) {
			continue // the neighbouring piece's (source.Part)
		}
		if c.secret != "" {
			if c.start < keptEnd {
				continue // overlaps a kept secret
			}
			keptEnd = c.end
		} else {
			k := lineKind{c.line, c.rule.Kind}
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		kept = append(kept, c)
	}
	var out []Finding
	ignored := 0
	for _, c := range kept {
		if c.silenced {
			ignored++
			continue
		}
		out = append(out, bs.finding(c))
	}
	// The same content elsewhere in history has the same findings.
	for _, site := range bs.blob.Also {
		usage := usageOf(site.Path, bs.words())
		j := 0
		for _, c := range kept {
			if c.silenced {
				continue
			}
			f := out[j]
			j++
			f.Provenance = site
			f.Usage = usage
			f.Fingerprint = Fingerprint(f.Rule, site.Path, c.key)
			out = append(out, f)
		}
	}
	return out, ignored
}

func (bs *blobScan) finding(c candidate) Finding {
	r := c.rule
	endLine := bs.lineOf(max(c.end-1, c.start))
	f := Finding{
		Rule:        r.ID,
		Kind:        r.Kind,
		Severity:    r.Severity,
		Provenance:  bs.blob.Provenance,
		Line:        c.line + bs.linesBefore(),
		Column:      bs.column(c.line, c.start),
		EndLine:     endLine + bs.linesBefore(),
		EndColumn:   bs.column(endLine, c.end),
		Secret:      NewSecret(c.secret),
		AccountID:   c.account,
		Host:        c.host,
		Message:     r.Description,
		Remediation: r.Remediation,
	}
	f.Fingerprint = Fingerprint(r.ID, f.Path, c.key)
	at := bs.attribution()
	if f.AccountID == "" {
		f.AccountID = at.nearest(at.accounts, c.line, c.secret == "", bs)
	}
	if f.Host == "" {
		f.Host = at.nearest(at.hosts, c.line, c.secret == "", bs)
	}
	f.Usage = at.usage
	f.Snippet = bs.snippet(c)
	return f
}

// snippetMax bounds a snippet, in bytes, around the finding.
const snippetMax = 160

// snippet is the finding's line with every secret on it redacted (unless
// Options.ShowSecrets), cut to about snippetMax bytes around the finding.
func (bs *blobScan) snippet(c candidate) string {
	data := bs.blob.Data
	ls := bs.lineStarts[c.line-1]
	le := ls + len(bs.lineBytes(c.line))
	// On a long line (minified JSON) only the bytes around the finding are
	// redacted and cut, or every finding would cost the line's length. The
	// window grows past any credential-shaped word it would split, so that
	// no part of a secret escapes redaction at its edge.
	clipFrom, clipTo := false, false
	if f := c.start - snippetMax; f > ls {
		ls, clipFrom = wordStart(data, f, ls), true
	}
	if t := c.start + 2*snippetMax; t < le {
		le, clipTo = wordEnd(data, t, le), true
	}
	var b strings.Builder
	pos, at := ls, -1
	if !bs.s.opts.ShowSecrets {
		for _, sp := range bs.secretSpans(ls, le) {
			if at < 0 && c.start < sp.to {
				at = b.Len() + max(0, c.start-pos)
			}
			b.Write(data[pos:sp.from])
			b.WriteString(Redact(string(data[sp.from:sp.to])))
			pos = sp.to
		}
	}
	if at < 0 {
		at = b.Len() + max(0, c.start-pos)
	}
	b.Write(data[pos:le])
	s := b.String()
	if !bs.s.opts.ShowSecrets {
		s = bs.redactKnown(s)
	}
	if len(s) > snippetMax || clipFrom || clipTo {
		from := max(0, min(at-snippetMax/4, len(s)-snippetMax))
		to := min(len(s), from+snippetMax)
		cut := strings.ToValidUTF8(s[from:to], "")
		if from > 0 || clipFrom {
			cut = "…" + cut
		}
		if to < len(s) || clipTo {
			cut += "…"
		}
		s = cut
	}
	return strings.TrimSpace(s)
}

// wordReach bounds how far a snippet's window grows to keep a word whole.
const wordReach = 256

// wordStart moves at back to the start of the credential-shaped word it
// falls in (not before min).
func wordStart(data []byte, at, min int) int {
	for n := 0; at > min && n < wordReach && isBase64(data[at-1]) || at > min && data[at-1] == '='; n++ {
		at--
	}
	return at
}

// wordEnd moves at forward to the end of the word it falls in (not past
// max).
func wordEnd(data []byte, at, max int) int {
	for n := 0; at < max && n < wordReach && (isBase64(data[at]) || data[at] == '='); n++ {
		at++
	}
	return at
}

// secretSpans returns the union of the spans, clipped to [ls, le), that any
// candidate of the blob claims as a secret: the kept ones, those another
// rule's overlapping claim won over and the inline-ignored ones alike. Two
// rules may claim different parts of one credential; redacting only the
// winner's span would show the rest of it. The union is computed once per
// blob; each call costs a binary search and the spans it returns.
func (bs *blobScan) secretSpans(ls, le int) []region {
	if bs.spans == nil {
		bs.spans = []region{}
		for _, o := range bs.cands {
			if o.secret != "" {
				bs.spans = append(bs.spans, region{o.start, o.end})
			}
		}
		slices.SortFunc(bs.spans, func(a, b region) int { return a.from - b.from })
		merged := bs.spans[:0]
		for _, sp := range bs.spans {
			if n := len(merged); n > 0 && sp.from <= merged[n-1].to {
				merged[n-1].to = max(merged[n-1].to, sp.to)
				continue
			}
			merged = append(merged, sp)
		}
		bs.spans = merged
	}
	i, _ := slices.BinarySearchFunc(bs.spans, ls, func(sp region, ls int) int { return sp.to - ls - 1 }) // first span ending after ls
	var out []region
	for ; i < len(bs.spans) && bs.spans[i].from < le; i++ {
		out = append(out, region{max(bs.spans[i].from, ls), min(bs.spans[i].to, le)})
	}
	return out
}

// redactKnown redacts every secret any rule matched in the blob (including
// matches another rule's finding took over) and anything shaped like one.
func (bs *blobScan) redactKnown(s string) string {
	if bs.byValue == nil {
		// RedactText takes care of every secret of a credential's own
		// shape; only the others (a user rule's) are looked for by value,
		// so that a file full of keys does not cost the square of them.
		bs.byValue = []string{}
		seen := map[string]bool{}
		for _, c := range bs.cands {
			if len(c.secret) >= minRedacted && !seen[c.secret] && !credentialShaped(c.secret) {
				seen[c.secret] = true
				bs.byValue = append(bs.byValue, c.secret)
			}
		}
	}
	for _, v := range bs.byValue {
		if strings.Contains(s, v) {
			s = strings.ReplaceAll(s, v, Redact(v))
		}
	}
	return RedactText(s)
}

// minRedacted is the shortest secret replaced by value in snippets; shorter
// strings would redact ordinary words.
const minRedacted = 16

var _ rules.Matcher = (*Scanner)(nil)

// linesBefore is how many lines of the file precede the blob: those of the
// pieces before it, for a file read in parts.
func (bs *blobScan) linesBefore() int {
	if p := bs.blob.Part; p != nil {
		return p.LinesBefore
	}
	return 0
}
