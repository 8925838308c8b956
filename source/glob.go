package source

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"
)

// Glob is a compiled path pattern, as a Filter includes or excludes. A pattern without a slash
// matches a file or folder name at any depth ("*.md", "fixtures"); one with a
// slash matches the whole slash-separated path from the target root, where
// "**" spans any number of folders ("docs/**", "**/testdata/*.json"). A
// pattern that matches a folder matches everything in it, and one that ends
// in a slash matches folders only ("build/"). Wildcards and classes never
// match the separator. The zero Glob matches nothing.
type Glob struct {
	pattern string
	re      *regexp.Regexp
}

// ParseGlob compiles a pattern.
func ParseGlob(pattern string) (Glob, error) {
	p := pattern
	if _, err := path.Match(strings.ReplaceAll(p, "**", "*"), ""); err != nil {
		return Glob{}, fmt.Errorf("glob %q: %w", pattern, err)
	}
	dirOnly := strings.HasSuffix(p, "/")
	p = strings.TrimSuffix(p, "/")
	var b strings.Builder
	b.WriteString("(?s)^")
	if !strings.Contains(p, "/") {
		b.WriteString("(?:.*/)?")
	}
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return Glob{}, fmt.Errorf("glob %q: empty pattern", pattern)
	}
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
			class, n, err := globClass(p[i:])
			if err != nil {
				return Glob{}, fmt.Errorf("glob %q: %w", pattern, err)
			}
			b.WriteString(class)
			i += n - 1
		case c == '\\' && i+1 < len(p):
			i++
			b.WriteString(regexp.QuoteMeta(p[i : i+1]))
		default:
			b.WriteString(regexp.QuoteMeta(p[i : i+1]))
		}
	}
	// What follows the pattern: nothing, or the rest of a path below the
	// folder it names; a folder-only pattern needs that rest.
	if dirOnly {
		b.WriteString("/.*$")
	} else {
		b.WriteString("(?:/.*)?$")
	}
	re, err := regexp.Compile(b.String())
	if err != nil {
		return Glob{}, fmt.Errorf("glob %q: %w", pattern, err)
	}
	return Glob{pattern: pattern, re: re}, nil
}

// globClass translates the class at the start of s ("[a-z]", "[!ab]",
// "[\]]") to a regular expression and returns how many bytes it took. A
// negated class does not match the separator.
func globClass(s string) (string, int, error) {
	var b strings.Builder
	b.WriteByte('[')
	j := 1
	neg := j+1 < len(s) && (s[j] == '!' || s[j] == '^') && s[j+1] != ']'
	if neg {
		b.WriteByte('^')
		j++
	}
	for ; j < len(s) && s[j] != ']'; j++ {
		c := s[j]
		switch {
		case c == '\\' && j+1 < len(s):
			j++
			b.WriteString(classLiteral(s[j]))
		case c == '-':
			b.WriteByte('-') // a range; path.Match has rejected a stray one
		default:
			b.WriteString(classLiteral(c))
		}
	}
	if j == len(s) || j == 1 {
		return "", 0, errors.New("unclosed or empty [")
	}
	if neg {
		b.WriteByte('/')
	}
	b.WriteByte(']')
	return b.String(), j + 1, nil
}

// classLiteral escapes an ASCII punctuation byte for a regexp class; letters,
// digits and the bytes of a multi-byte character stand for themselves.
func classLiteral(c byte) string {
	if c < 0x80 && !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
		return `\` + string(rune(c))
	}
	return string([]byte{c})
}

// Match reports whether the slash-separated relative path, or a folder it is
// in, matches.
func (g Glob) Match(rel string) bool { return g.re != nil && g.re.MatchString(rel) }

// matchDir reports whether the folder rel, or a folder it is in, matches.
func (g Glob) matchDir(rel string) bool { return g.re != nil && g.re.MatchString(rel+"/") }

// String returns the pattern as written.
func (g Glob) String() string { return g.pattern }

func matchAny(gs []Glob, rel string) bool {
	for _, g := range gs {
		if g.Match(rel) {
			return true
		}
	}
	return false
}

func matchAnyDir(gs []Glob, rel string) bool {
	for _, g := range gs {
		if g.matchDir(rel) {
			return true
		}
	}
	return false
}
