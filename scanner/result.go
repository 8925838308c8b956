package scanner

import "github.com/patmigrate/patmigrate/source"

// MergeHistory combines a working-tree scan and a history scan of the same
// repository: the working tree's uncommitted and untracked
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
	out.Unscanned = append(append(out.Unscanned, worktree.Unscanned...), history.Unscanned...)
	out.Stats.Add(history.Stats)
	return out
}

// ReadError is an item that could not be read: its findings, if any, are
// missing, so the scan is incomplete. (What a scan leaves out on purpose,
// binary or too large or ignored, is only counted, in Stats.)
type ReadError struct {
	Path   string
	Commit string
	Err    error
}

// Stats counts what a scan saw.
type Stats struct {
	Files, Bytes     int64 // items read and scanned, and their size
	Commits, Blobs   int64 // for history scans
	TooLarge         int64 // skipped by size, listed in Result.Unscanned (binary content is read and searched)
	Ignored          int64 // skipped by path: cache folders, globs, .gitignore
	IgnoredByComment int64 // findings dropped by an inline patmigrate:ignore
	IgnoredByFile    int64 // findings dropped by .patmigrateignore
	Baselined        int64 // findings a baseline already holds
	// Deltas counts the versions in history read only around what their
	// delta wrote (Options.WholeVersions), the rest being known to hold
	// no keyword; they are in Blobs and Bytes too.
	Deltas int64
}

// Add adds o's counts to s.
func (s *Stats) Add(o Stats) {
	s.Files += o.Files
	s.Bytes += o.Bytes
	s.Commits += o.Commits
	s.Blobs += o.Blobs
	s.TooLarge += o.TooLarge
	s.Ignored += o.Ignored
	s.IgnoredByComment += o.IgnoredByComment
	s.IgnoredByFile += o.IgnoredByFile
	s.Baselined += o.Baselined
	s.Deltas += o.Deltas
}

// Result is what one scan of one target found. Findings are sorted by path,
// commit, line, column and rule, so output is the same for any worker count.
type Result struct {
	Findings []Finding
	Errors   []ReadError
	Stats    Stats
	// Unscanned are the blobs skipped for their size, in order: a gate
	// reports each (audit's not-scanned findings).
	Unscanned []source.Provenance
}

// Complete reports whether every item was read.
func (r *Result) Complete() bool { return len(r.Errors) == 0 }
