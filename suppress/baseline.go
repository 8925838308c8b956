package suppress

import "path"

// Baseline is the set of findings of a previous report: findings it holds
// are known and do not count again. A finding is matched by its target and
// fingerprint (rule, path relative to the target, secret), so the same key
// at the same relative path of another target still counts. The zero value
// holds nothing.
type Baseline struct {
	fps   map[string]bool // root + "\x00" + fingerprint
	roots map[string]bool
}

func baselineKey(root, fp string) string { return path.Clean(root) + "\x00" + fp }

// Has reports whether the baseline holds the finding fp of target root.
// When both the baseline and the scan have one target, the root is not
// compared: "." and "./" or an absolute path name the same checkout.
func (b *Baseline) Has(root, fp string, oneTarget bool) bool {
	if b == nil || b.fps == nil {
		return false
	}
	if oneTarget && len(b.roots) == 1 {
		for r := range b.roots {
			return b.fps[r+"\x00"+fp]
		}
	}
	return b.fps[baselineKey(root, fp)]
}

// Known is one finding a baseline holds: the target it was found in and
// its fingerprint.
type Known struct{ Root, Fingerprint string }

// NewBaseline returns the baseline of the findings of an earlier report.
func NewBaseline(known []Known) *Baseline {
	b := &Baseline{fps: map[string]bool{}, roots: map[string]bool{}}
	for _, k := range known {
		b.fps[baselineKey(k.Root, k.Fingerprint)] = true
		b.roots[path.Clean(k.Root)] = true
	}
	return b
}
