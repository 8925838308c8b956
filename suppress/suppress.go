// Package suppress decides which findings are silenced on purpose and
// reports the silencing that no longer silences anything: inline
// patmigrate:ignore comments (Inline), the fingerprints of a
// .patmigrateignore file (IgnoreList), and a baseline of known findings
// taken from an earlier report (Baseline). It reads ignore files; it does
// not scan, and it decodes no report (the caller reads one with package
// report and hands over its findings).
package suppress

import (
	"slices"

	"github.com/patmigrate/patmigrate/scanner"
)

// Apply removes from r the findings the ignore list names or the baseline
// holds, counting them in r.Stats, and returns the ignore entries that
// matched nothing. Stale entries are only meaningful after a complete scan;
// the caller decides whether to report them. Either may be nil.
func Apply(r *scanner.Result, baseline *Baseline, root string, oneTarget bool, ignores *IgnoreList) (stale []IgnoreEntry) {
	used := map[string]bool{}
	ignored := map[string]bool{}
	if ignores != nil {
		for _, e := range ignores.Entries {
			ignored[e.Fingerprint] = true
		}
	}
	kept := r.Findings[:0]
	for _, f := range r.Findings {
		switch {
		case ignored[f.Fingerprint]:
			used[f.Fingerprint] = true
			r.Stats.IgnoredByFile++
		case baseline.Has(root, f.Fingerprint, oneTarget):
			r.Stats.Baselined++
		default:
			kept = append(kept, f)
		}
	}
	r.Findings = slices.Clip(kept)
	if ignores != nil {
		for _, e := range ignores.Entries {
			if !used[e.Fingerprint] {
				stale = append(stale, e)
			}
		}
	}
	return stale
}
