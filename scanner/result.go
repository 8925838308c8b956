package scanner

// MergeHistory combines a working-tree scan and a history scan of the same
// repository (scan --history): the working tree's uncommitted and untracked
// files are kept, and a working-tree finding that history already reports
// in HEAD (same fingerprint: rule, path and secret) is dropped in favour of
// the history finding, which names the commit that introduced it.
func MergeHistory(worktree, history *Result) *Result {
	inHead := map[string]bool{}
	for _, f := range history.Findings {
		if f.InHead {
			inHead[f.Fingerprint] = true
		}
	}
	out := &Result{Stats: worktree.Stats}
	for _, f := range worktree.Findings {
		if !inHead[f.Fingerprint] {
			out.Findings = append(out.Findings, f)
		}
	}
	out.Findings = append(out.Findings, history.Findings...)
	SortFindings(out.Findings)
	out.Errors = append(append(out.Errors, worktree.Errors...), history.Errors...)
	h := history.Stats
	out.Stats.Commits += h.Commits
	out.Stats.Blobs += h.Blobs
	out.Stats.Bytes += h.Bytes
	out.Stats.Binary += h.Binary
	out.Stats.TooLarge += h.TooLarge
	out.Stats.Ignored += h.Ignored
	out.Stats.IgnoredByComment += h.IgnoredByComment
	out.Stats.IgnoredByFile += h.IgnoredByFile
	out.Stats.Baselined += h.Baselined
	return out
}
