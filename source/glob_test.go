package source_test

import (
	"testing"

	"github.com/patmigrate/patmigrate/source"
)

func TestGlobMatch(t *testing.T) {
	tests := []struct {
		pattern string
		path    string
		want    bool
	}{
		// No slash: a file or folder name at any depth.
		{"*.md", "README.md", true},
		{"*.md", "docs/guide/intro.md", true},
		{"*.md", "README.mdx", false},
		{"*.md", "md", false},
		{"*.md", "notes.md/inside.txt", true}, // a folder named *.md: everything in it
		{"fixtures", "fixtures", true},
		{"fixtures", "testdata/fixtures", true},
		{"fixtures", "testdata/fixtures/key.json", true},
		{"fixtures", "fixtures2", false},
		{"fixtures", "myfixtures/key.json", false},
		{"[ab].go", "a.go", true},
		{"[ab].go", "pkg/b.go", true},
		{"[ab].go", "c.go", false},
		{"[ab].go", "ab.go", false},
		{"[a-c].go", "b.go", true},
		{"[a-c].go", "d.go", false},
		{"[!ab].go", "c.go", true},
		{"[!ab].go", "a.go", false},
		{"[^ab].go", "c.go", true},
		{"[^ab].go", "b.go", false},
		{`[\]x].go`, "].go", true},
		{`[\]x].go`, "x.go", true},
		{`[\]x].go`, "y.go", false},
		{`\*.md`, "*.md", true},
		{`\*.md`, "a.md", false},
		{"?", "a", true},
		{"?", "ab", false},
		{"café.md", "docs/café.md", true}, // non-ASCII bytes are literal
		{"caf?.md", "café.md", true},      // ? is one character, not one byte
		{"[éè]t[éè]", "été", true},
		{"*.md", "line\nbreak.md", true}, // a newline is an ordinary name byte

		// With a slash: the whole path from the root.
		{"a/?.txt", "a/b.txt", true},
		{"a/?.txt", "a/bc.txt", false},
		{"a/?.txt", "a/.txt", false},
		{"a/?.txt", "x/a/b.txt", false},
		{"a/?.txt", "a/b.txt/c", true},
		{"a/[!x]b", "a/cb", true},
		{"a[!x]b", "a/b", false}, // a class never matches the separator
		{"docs/**", "docs/a.md", true},
		{"docs/**", "docs/x/y/z.md", true},
		{"docs/**", "docs", false},
		{"docs/**", "src/docs/a.md", false},
		{"docs/**", "docsx/a.md", false},
		{"**/testdata/*.json", "testdata/key.json", true},
		{"**/testdata/*.json", "pkg/sub/testdata/key.json", true},
		{"**/testdata/*.json", "testdata/sub/key.json", false},
		{"**/testdata/*.json", "testdata/key.yaml", false},
		{"**/testdata/*.json", "mytestdata/key.json", false},
		{"a/**/b", "a/b", true},
		{"a/**/b", "a/x/y/b", true},
		{"a/**/b", "a/xb", false},
		{"src/*.py", "src/app.py", true},
		{"src/*.py", "src/pkg/app.py", false},
		{"src/*.py", "lib/src/app.py", false},
		{"src/pkg", "src/pkg/app.py", true},
		{"/root.txt", "root.txt", true},
		{"/root.txt", "sub/root.txt", false},
		{"a.b", "axb", false}, // regexp metacharacters are literal
		{"a+b", "a+b", true},
		{"(x)", "(x)", true},

		// A trailing slash: folders only, so only what is inside one.
		{"build/", "build/out.js", true},
		{"build/", "web/build/out.js", true},
		{"build/", "build", false},
		{"build/", "builder/out.js", false},
		{"infra/tf/", "infra/tf/main.tf", true},
		{"infra/tf/", "infra/tf", false},
	}
	for _, tt := range tests {
		g, err := source.ParseGlob(tt.pattern)
		if err != nil {
			t.Errorf("ParseGlob(%q): %v", tt.pattern, err)
			continue
		}
		if got := g.Match(tt.path); got != tt.want {
			t.Errorf("ParseGlob(%q).Match(%q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

func TestGlobString(t *testing.T) {
	for _, p := range []string{"*.md", "build/", "/root.txt", "docs/**", `\*.md`} {
		g, err := source.ParseGlob(p)
		if err != nil {
			t.Fatalf("ParseGlob(%q): %v", p, err)
		}
		if got := g.String(); got != p {
			t.Errorf("ParseGlob(%q).String() = %q, want the pattern as written", p, got)
		}
	}
}

func TestGlobZero(t *testing.T) {
	var g source.Glob
	if g.Match("a") || g.Match("") {
		t.Error("the zero Glob matches")
	}
}

func TestParseGlobInvalid(t *testing.T) {
	for _, p := range []string{"", "/", "[", "a[", "[a-", "[a-]", "[]a]", "[]", `a\`, "*[", "docs/**/[x"} {
		g, err := source.ParseGlob(p)
		if err == nil {
			t.Errorf("ParseGlob(%q) = %v, want an error", p, g)
		}
	}
}
