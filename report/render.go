package report

import (
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/patmigrate/patmigrate/rules"
)

// Renderer writes a report in one format.
type Renderer interface {
	Render(w io.Writer, r *Report) error
}

// Options adjust the human-facing renderers.
type Options struct {
	// Color enables terminal styling in the text format. The caller decides
	// (a terminal, and NO_COLOR unset); renderers never sniff.
	Color bool
	// Width wraps long text in the text format; 0 means 100.
	Width int
}

// Formats returns the names New accepts.
func Formats() []string {
	return []string{"text", "markdown", "json", "short", "sarif", "junit", "github"}
}

// New returns the renderer for format.
func New(format string, opts Options) (Renderer, error) {
	switch format {
	case "text":
		return &Text{opts: opts}, nil
	case "markdown", "md":
		return Markdown{}, nil
	case "json":
		return JSON{}, nil
	case "short":
		return Short{}, nil
	case "sarif":
		return SARIF{}, nil
	case "junit":
		return JUnit{}, nil
	case "github":
		return GitHub{}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats(), ", "))
}

// displayPath is where a finding is, as a person reads it: relative to its
// target, prefixed by the target when the report covers several.
func displayPath(c *Checklist, f Finding) string {
	p := f.Path
	if len(c.Targets) > 1 && f.Root != "" && f.Root != "-" {
		p = path.Join(f.Root, p)
	}
	if f.Commit != "" {
		p = f.Commit[:min(len(f.Commit), 10)] + ":" + p
	}
	return p
}

// Plural says n things: "1 file", "2 files".
func Plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// kindNames names a kind in running text, singular and plural.
var kindNames = map[rules.Kind][2]string{
	"legacy-user-key":       {"legacy user API key", "legacy user API keys"},
	"pat-exposed":           {"exposed personal access token", "exposed personal access tokens"},
	"service-token-exposed": {"exposed service token", "exposed service tokens"},
	"suppression-added":     {"suppression added in the change", "suppressions added in the change"},
	"cross-account-call":    {"cross-account call", "cross-account calls"},
	"legacy-endpoint":       {"legacy endpoint call", "legacy endpoint calls"},
	"not-scanned":           {"file not scanned (too large)", "files not scanned (too large)"},
	"credential-reference":  {"secret reference to review", "secret references to review"},
}

// summaryCounts lists the non-zero counts per kind, most urgent first.
func summaryCounts(c *Checklist) []string {
	var out []string
	for _, k := range rules.Kinds() {
		if n := c.Counts[k]; n > 0 {
			out = append(out, Plural(n, kindNames[k][0], kindNames[k][1]))
		}
	}
	return out
}

func totalFiles(c *Checklist) (files, bytes int64) {
	for _, t := range c.Targets {
		files += t.Files
		bytes += t.Bytes
	}
	return files, bytes
}

// humanBytes prints a size with a binary unit.
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// replacementSummary says what to create for a credential's sites, e.g.
// "service token (job_runner) for 2 sites, personal access token for 1".
func replacementSummary(cr *Credential) string {
	var order []string
	count := map[string]int{}
	for _, s := range cr.Sites {
		k := s.Replacement.String()
		if count[k] == 0 {
			order = append(order, k)
		}
		count[k]++
	}
	if len(order) == 1 {
		return order[0]
	}
	parts := make([]string, len(order))
	for i, k := range order {
		parts[i] = fmt.Sprintf("%s for %s", k, Plural(count[k], "site", "sites"))
	}
	return strings.Join(parts, ", ")
}

// action says what to do about a credential: a legacy key is replaced, an
// exposed token is rotated (or, where automation uses a PAT, replaced by a
// service token).
func action(cr *Credential) string {
	switch cr.Kind {
	case rules.ServiceTokenExposed:
		return "rotate: create a new service token, then deactivate this one"
	case rules.PATExposed:
		if s := replacementSummary(cr); s != "personal access token" {
			return "replace with a " + s + ", then delete this personal access token"
		}
		return "rotate: create a new personal access token, then delete this one"
	}
	return "replace with a " + replacementSummary(cr)
}

// scanDetails says what the scan read, skipped and did not count, and how
// long it took, for the summaries: a clean result means something only
// next to what was read.
func scanDetails(r *Report) []string {
	var binary, large, ignored, inline, byFile, baselined int64
	for _, t := range r.Targets {
		binary += t.Skipped.Binary
		large += t.Skipped.TooLarge
		ignored += t.Skipped.Ignored
		inline += t.IgnoredInline
		byFile += t.IgnoredByFile
		baselined += t.Baselined
	}
	var out []string
	if l := countList("skipped", count{binary, "binary"}, count{large, "too large"}, count{ignored, "by path"}); l != "" {
		out = append(out, l)
	}
	if l := countList("not counted", count{baselined, "in the baseline"}, count{byFile, "in .patmigrateignore"}, count{inline, "marked patmigrate:ignore"}); l != "" {
		out = append(out, l)
	}
	if len(r.StaleIgnores) > 0 {
		out = append(out, fmt.Sprintf("stale: %s in .patmigrateignore matched nothing", Plural(len(r.StaleIgnores), "entry", "entries")))
	}
	if r.DurationMS > 0 {
		out = append(out, fmt.Sprintf("took %.1f s", float64(r.DurationMS)/1000))
	}
	return out
}

type count struct {
	n    int64
	what string
}

// countList says "label: 2 binary, 1 too large" for the non-zero counts, or
// "" when all are zero.
func countList(label string, cs ...count) string {
	var parts []string
	for _, c := range cs {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.what))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return label + ": " + strings.Join(parts, ", ")
}
