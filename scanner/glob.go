package scanner

import (
	"fmt"
	"path"
	"regexp"
	"strings"
)

// Glob is a compiled --include/--exclude pattern. A pattern without a slash
// matches a file or folder name at any depth ("*.md", "fixtures"); one with a
// slash matches the whole slash-separated path from the target root, where
// "**" spans any number of folders ("docs/**", "**/testdata/*.json").
type Glob struct {
	pattern string
	re      *regexp.Regexp
}

// ParseGlob compiles a pattern.
func ParseGlob(p string) (Glob, error) {
	if _, err := path.Match(strings.ReplaceAll(p, "**", "*"), ""); err != nil {
		return Glob{}, fmt.Errorf("glob %q: %w", p, err)
	}
	var b strings.Builder
	b.WriteString("^")
	if !strings.Contains(strings.TrimSuffix(p, "/"), "/") {
		b.WriteString("(?:.*/)?")
	}
	p = strings.TrimPrefix(strings.TrimSuffix(p, "/"), "/")
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case strings.HasPrefix(p[i:], "**/"):
			b.WriteString("(?:.*/)?")
			i += 2
		case strings.HasPrefix(p[i:], "**"):
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		case c == '[':
			j := strings.IndexByte(p[i:], ']')
			if j < 0 {
				return Glob{}, fmt.Errorf("glob %q: unclosed [", p)
			}
			class := p[i+1 : i+j]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + class + "]")
			i += j
		case c == '\\' && i+1 < len(p):
			i++
			b.WriteString(regexp.QuoteMeta(p[i : i+1]))
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return Glob{}, fmt.Errorf("glob %q: %w", p, err)
	}
	return Glob{pattern: p, re: re}, nil
}

// Match reports whether the slash-separated relative path matches.
func (g Glob) Match(rel string) bool { return g.re.MatchString(rel) }

func (g Glob) String() string { return g.pattern }

func matchAny(gs []Glob, rel string) bool {
	for _, g := range gs {
		if g.Match(rel) {
			return true
		}
	}
	return false
}
