package audit

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/patmigrate/patmigrate/gitdb"
	"github.com/patmigrate/patmigrate/rules"
	"github.com/patmigrate/patmigrate/scanner"
	"github.com/patmigrate/patmigrate/source"
	"github.com/patmigrate/patmigrate/suppress"
)

// A CI check with --since REV reviews a change that may come from anyone,
// a fork included: a change that adds a key could add what silences it in
// the same commit. So, unless the caller trusts the change
// (--trust-suppressions-from-head), its suppressions count only as they
// are at REV, the base: the target's rule file and ignore file are read
// from REV's tree, and an inline ignore silences a finding only on a line
// that REV's version of the file already has, byte for byte. What the
// range adds suppresses nothing and is reported as a suppression-added
// finding, so that a reviewer sees it.
//
// --staged keeps the working tree's suppressions: a pre-commit hook runs
// for the developer who wrote them, and the CI check that reviews the
// commit afterwards is the one that must not trust them.

// base is the reviewed change's base revision in one target.
type base struct {
	repo   *gitdb.Repo
	commit plumbing.Hash
	rev    string // as the user wrote it, for messages

	mu    sync.Mutex
	files map[string][]byte // path → content at base; nil when absent
	added map[addedIgnore]bool
}

// addedIgnore is an inline ignore on a line the base does not have.
type addedIgnore struct {
	path, commit string
	line         int
	text         string
	inHead       bool
}

func openBase(root, rev string) (*base, error) {
	repo, err := gitdb.Open(root)
	if err != nil {
		return nil, err
	}
	h, err := repo.ResolveRevision(rev)
	if err != nil {
		return nil, &source.RevisionError{Rev: rev, Err: err}
	}
	return &base{repo: repo, commit: h, rev: rev, files: map[string][]byte{}, added: map[addedIgnore]bool{}}, nil
}

// file returns path's content at the base, or nil.
func (b *base) file(path string) ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if data, ok := b.files[path]; ok {
		return data, nil
	}
	data, _, err := b.repo.FileAt(b.commit, path)
	if err != nil {
		return nil, err
	}
	b.files[path] = data
	return data, nil
}

// silenced is the scanner's Options.Silenced for a reviewed change: a
// line with the marker silences its findings only if the base has that
// very line in the same file. Otherwise the ignore is recorded as added.
func (b *base) silenced(p source.Provenance, n int, text []byte) bool {
	if !suppress.Inline(text) {
		return false
	}
	old, err := b.file(p.Path)
	if err == nil && hasLine(old, text) {
		return true
	}
	b.mu.Lock()
	b.added[addedIgnore{path: p.Path, commit: p.Commit, line: n, text: string(text), inHead: p.InHead || p.Commit == ""}] = true
	b.mu.Unlock()
	return false
}

// hasLine reports whether data holds line as a whole line (CR ignored).
func hasLine(data, line []byte) bool {
	for len(data) > 0 {
		l := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if bytes.Equal(bytes.TrimSuffix(l, []byte("\r")), line) {
			return true
		}
	}
	return false
}

// ruleFile returns the target's rule file as it is at the base, or nil.
func (b *base) ruleFile() (*rules.File, error) {
	data, err := b.file(TargetConfig)
	if err != nil || data == nil {
		return nil, err
	}
	return &rules.File{Name: b.rev + ":" + TargetConfig, Data: data}, nil
}

// ignoreList returns the target's ignore file as it is at the base.
func (b *base) ignoreList() (*suppress.IgnoreList, error) {
	data, err := b.file(suppress.IgnoreFileName)
	if err != nil {
		return nil, err
	}
	return suppress.ParseIgnoreFile(b.rev+":"+suppress.IgnoreFileName, bytes.NewReader(data))
}

// findings returns the suppression-added findings of one target scanned at
// root: its rule file and ignore file where they differ from the base,
// and the inline ignores the scan met on lines the base lacks.
func (b *base) findings(root string, res *scanner.Result) ([]scanner.Finding, error) {
	var out []scanner.Finding
	add := func(path string, line int, commit string, inHead bool, snippet, what string) {
		f := scanner.Finding{
			Rule: string(rules.SuppressionAdded), Kind: rules.SuppressionAdded, Severity: rules.SuppressionAdded.DefaultSeverity(),
			Provenance: source.Provenance{Path: path, Commit: commit, InHead: inHead},
			Line:       line, Column: 1, EndLine: line, EndColumn: 1,
			Usage: "suppression", Snippet: scanner.RedactText(strings.TrimSpace(snippet)),
			// what may quote a rule file's error: redacted like a snippet.
			Message: scanner.RedactText(what + "; it counts only once it is at " + b.rev + ", the base of this review"),
			Remediation: "Review the suppression: if it is meant, land it on its own first (or run with " +
				"--trust-suppressions-from-head); the findings it would hide are reported meanwhile.",
		}
		f.Fingerprint = scanner.Fingerprint(f.Rule, path, fmt.Sprintf("%d:%s", line, snippet))
		out = append(out, f)
	}
	// The rule file.
	head, err := os.ReadFile(filepath.Join(root, TargetConfig))
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	old, err := b.file(TargetConfig)
	if err != nil {
		return nil, err
	}
	if head != nil && !bytes.Equal(head, old) {
		ids, line := changedRules(old, head)
		add(TargetConfig, line, "", true, firstLine(head, line), fmt.Sprintf("%s changes in this range (%s)", TargetConfig, strings.Join(ids, ", ")))
	}
	// The ignore file.
	headList, err := suppress.ReadIgnoreFile(filepath.Join(root, suppress.IgnoreFileName))
	if err != nil {
		return nil, err
	}
	baseList, err := b.ignoreList()
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, e := range baseList.Entries {
		known[e.Fingerprint] = true
	}
	for _, e := range headList.Entries {
		if known[e.Fingerprint] {
			continue
		}
		what := fmt.Sprintf("%s adds an entry in this range (%s)", suppress.IgnoreFileName, e.Fingerprint)
		for _, f := range res.Findings {
			if f.Fingerprint == e.Fingerprint {
				what += fmt.Sprintf(" that would hide the %s at %s:%d", f.Kind, f.Path, f.Line)
				break
			}
		}
		add(suppress.IgnoreFileName, e.Line, "", true, e.Fingerprint+" "+e.Reason, what)
	}
	// Inline ignores.
	b.mu.Lock()
	added := make([]addedIgnore, 0, len(b.added))
	for a := range b.added {
		added = append(added, a)
	}
	b.mu.Unlock()
	slices.SortFunc(added, func(x, y addedIgnore) int {
		return strings.Compare(fmt.Sprintf("%s\x00%08d\x00%s", x.path, x.line, x.commit), fmt.Sprintf("%s\x00%08d\x00%s", y.path, y.line, y.commit))
	})
	seen := map[string]bool{}
	for _, a := range added {
		if k := fmt.Sprintf("%s:%d", a.path, a.line); !seen[k] {
			seen[k] = true
			add(a.path, a.line, a.commit, a.inHead, a.text, "an inline "+suppress.InlineMarker+" is added in this range; the finding on its line is reported")
		}
	}
	return out, nil
}

// changedRules lists the ids whose rule the head file adds, changes or
// disables against the base file, and the head line of the first.
func changedRules(old, head []byte) (ids []string, line int) {
	oldRules, _ := rules.Parse("base", old)
	headRules, err := rules.Parse("head", head)
	if err != nil {
		return []string{"unreadable: " + err.Error()}, 1
	}
	before := map[string]string{}
	for _, r := range oldRules {
		before[r.ID] = ruleKey(r)
	}
	line = 0
	for _, r := range headRules {
		if k, ok := before[r.ID]; ok && k == ruleKey(r) {
			continue
		}
		ids = append(ids, r.ID)
		if line == 0 {
			line = r.Source.Line
		}
	}
	if len(ids) == 0 {
		ids = []string{"rules removed"}
	}
	return ids, max(line, 1)
}

// ruleKey is what of a rule decides what it finds.
func ruleKey(r rules.Rule) string {
	return fmt.Sprintf("%v|%s|%s|%v|%s|%+v|%v", r.Disabled, r.Kind, r.Severity, r.Keywords, r.Pattern, r.Context, r.Decode)
}

// firstLine returns line n (1-based) of data.
func firstLine(data []byte, n int) string {
	lines := strings.Split(string(data), "\n")
	if n >= 1 && n <= len(lines) {
		return lines[n-1]
	}
	return ""
}
