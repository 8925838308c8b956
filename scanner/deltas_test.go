package scanner_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/internal/gittest"
	"github.com/patmigrate/patmigrate/internal/ruletest"
	"github.com/patmigrate/patmigrate/scanner"
	"github.com/patmigrate/patmigrate/source"
)

// TestDeltaReadingIsExact turns every fixture repository into a history
// of a few dozen commits that edit its files a line at a time (keys added,
// changed under the same name, moved within a file and to another file,
// deleted and added again, unrelated lines around them; a generated one
// too), packs it with
// git repack so that most versions are deltas, and requires the history scan
// that reads a delta's version only around what it wrote to report
// exactly what reading every version whole reports.
func TestDeltaReadingIsExact(t *testing.T) {
	gittest.Need(t)
	fixtures, _ := filepath.Glob("../testdata/repo*")
	var dirs []string
	for _, f := range fixtures {
		if fi, err := os.Stat(f); err == nil && fi.IsDir() {
			dirs = append(dirs, f)
		}
	}
	if len(dirs) == 0 {
		t.Fatal("no fixture repositories")
	}
	set := ruletest.Default(t)
	for i, fixture := range append(dirs, "") {
		name := filepath.Base(fixture)
		if fixture == "" {
			name = "generated"
		}
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			e := &editor{t: t, dir: dir, rng: rand.New(rand.NewPCG(uint64(i), 7))}
			e.git("init", "-q", "-b", "main")
			e.git("config", "gc.auto", "0") // no gc of its own in the background
			if fixture != "" {
				e.copyTree(fixture)
			}
			// Files with no keyword, which keys come to and leave: the
			// versions read around their deltas.
			for k := range 15 {
				e.writeFile(fmt.Sprintf("settings/f%02d.env", k), strings.Repeat("PLAIN_SETTING=value\n", 60))
			}
			e.git("add", "-A")
			e.git("commit", "-q", "--allow-empty", "-m", "initial")
			for c := range 60 {
				for range 1 + e.rng.IntN(3) {
					e.edit()
				}
				e.git("add", "-A")
				e.git("commit", "-q", "--allow-empty", "-m", fmt.Sprint("edit ", c))
			}
			e.git("repack", "-a", "-d", "-f", "-q", "--depth=50", "--window=250")

			scan := func(opts scanner.Options) *scanner.Result {
				res, err := scanner.New(set, opts).Scan(context.Background(), &source.History{Root: dir})
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			deltas, whole := scan(scanner.Options{}), scan(scanner.Options{WholeVersions: true})
			read := deltas.Stats.Deltas
			deltas.Stats.Deltas = 0
			if !reflect.DeepEqual(deltas, whole) {
				t.Fatalf("reading deltas found %d findings, %d errors, stats %+v;\nreading whole: %d, %d, %+v\n%s",
					len(deltas.Findings), len(deltas.Errors), deltas.Stats, len(whole.Findings), len(whole.Errors), whole.Stats, firstDifference(deltas.Findings, whole.Findings))
			}
			if len(whole.Findings) == 0 {
				t.Fatal("the history has no findings: it tests nothing")
			}
			if read == 0 {
				t.Fatal("no version was read around its delta: the test tests nothing")
			}
			t.Logf("%d findings in %d blobs, %d read around their deltas", len(whole.Findings), whole.Stats.Blobs, read)
		})
	}
}

func firstDifference(a, b []scanner.Finding) string {
	for i := range min(len(a), len(b)) {
		if !reflect.DeepEqual(a[i], b[i]) {
			return fmt.Sprintf("first difference:\n%+v\n%+v", a[i], b[i])
		}
	}
	return ""
}

// editor edits a working tree as commits do, with keys of every shape.
type editor struct {
	t       *testing.T
	dir     string
	rng     *rand.Rand
	removed []string // lines taken out, to come back later
}

func (e *editor) git(args ...string) {
	e.t.Helper()
	gittest.Run(e.t, e.dir, args...)
}

func (e *editor) copyTree(from string) {
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		e.writeFile(filepath.ToSlash(rel), string(data))
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *editor) writeFile(rel, content string) {
	p := filepath.Join(e.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

// files lists the working tree's text files.
func (e *editor) files() []string {
	var out []string
	filepath.WalkDir(e.dir, func(p string, d fs.DirEntry, err error) error {
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func (e *editor) hex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[e.rng.IntN(16)]
	}
	return string(b)
}

// keyLine is a line that holds a credential, in one of the shapes the
// rules know.
func (e *editor) keyLine() string {
	switch e.rng.IntN(5) {
	case 0:
		return "DBT_CLOUD_API_KEY=" + e.hex(40)
	case 1:
		return "DBT_CLOUD_SERVICE_TOKEN=dbtc_" + e.hex(40)
	case 2:
		return "  dbt_cloud_token: dbtu_" + e.hex(40)
	case 3:
		return `curl -H "Authorization: Token ` + e.hex(40) + `" https://cloud.getdbt.com/api/v2/accounts/`
	}
	return "export DBT_CLOUD_ACCOUNT_ID=" + fmt.Sprint(1000+e.rng.IntN(9000))
}

// edit makes one change to one file.
func (e *editor) edit() {
	files := e.files()
	p := files[e.rng.IntN(len(files))]
	data, err := os.ReadFile(p)
	if err != nil || bytes.IndexByte(data, 0) >= 0 {
		return
	}
	lines := strings.SplitAfter(string(data), "\n")
	at := e.rng.IntN(len(lines) + 1)
	switch e.rng.IntN(8) {
	case 0: // a key added
		lines = insert(lines, at, e.keyLine()+"\n")
	case 1: // every key of the file changed under the same name
		s := strings.Join(lines, "")
		for _, prefix := range []string{"dbtc_", "dbtu_", "API_KEY="} {
			if i := strings.Index(s, prefix); i >= 0 && i+len(prefix)+40 <= len(s) {
				s = s[:i+len(prefix)] + e.hex(40) + s[i+len(prefix)+40:]
			}
		}
		lines = []string{s}
	case 2: // a line moved within the file
		if len(lines) > 1 {
			i := e.rng.IntN(len(lines))
			l := lines[i]
			lines = append(lines[:i], lines[i+1:]...)
			lines = insert(lines, e.rng.IntN(len(lines)+1), l)
		}
	case 3: // a line deleted, to come back later
		if len(lines) > 1 {
			i := e.rng.IntN(len(lines))
			e.removed = append(e.removed, lines[i])
			lines = append(lines[:i], lines[i+1:]...)
		}
	case 4: // a deleted line added again, maybe elsewhere
		if len(e.removed) > 0 {
			lines = insert(lines, at, e.removed[e.rng.IntN(len(e.removed))])
		}
	case 5: // the file moved, or deleted and added again
		rel, _ := filepath.Rel(e.dir, p)
		os.Remove(p)
		if e.rng.IntN(2) == 0 {
			rel = "moved/" + filepath.ToSlash(rel)
		}
		e.writeFile(rel, strings.Join(lines, ""))
		return
	default: // an unrelated line or two
		lines = insert(lines, at, fmt.Sprintf("# note %s\nsetting_%d = %d\n", e.hex(8), e.rng.IntN(100), e.rng.IntN(1000)))
	}
	if err := os.WriteFile(p, []byte(strings.Join(lines, "")), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

func insert(lines []string, at int, l string) []string {
	if at > len(lines) {
		at = len(lines)
	}
	if at > 0 && !strings.HasSuffix(lines[at-1], "\n") {
		lines[at-1] += "\n"
	}
	return append(lines[:at], append([]string{l}, lines[at:]...)...)
}
