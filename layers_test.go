package patmigrate_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/patmigrate/patmigrate"

// layers orders the packages by stage, lowest first: a package may import
// packages of its own layer or below, never above (DESIGN's one direction:
// git storage, sources, engine, suppression, report, pipeline, commands).
var layers = [][]string{
	{"internal/dbt", "secret", "internal/atomicfile", "internal/golden", "internal/gittest"},
	{"rules", "gitdb"},
	{"", "source", "internal/ruletest"}, // "" is the root package: the embedded rules
	{"scanner"},
	{"suppress", "envcheck", "githook", "gitclone", "dbtcloud", "dbtcloud/dbtcloudtest"},
	{"report"},
	{"audit", "migrate"},
	{"cmd/patmigrate"},
}

// offline are the packages that read content and must never reach the
// network, run a program, or touch the terminal.
var offline = []string{"gitdb", "source", "scanner", "suppress", "audit", "rules", "report"}

var networkImports = []string{"net", "net/http", "os/exec", module + "/gitclone", module + "/dbtcloud",
	"github.com/go-git/go-git/v5/plumbing/transport"}

func imports(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range file.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

func TestImportLayers(t *testing.T) {
	layerOf := map[string]int{}
	for i, l := range layers {
		for _, p := range l {
			layerOf[p] = i
		}
	}
	// Every package of the module has a layer.
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "bench" || strings.HasPrefix(d.Name(), ".")) && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() {
			if goFiles, _ := filepath.Glob(filepath.Join(path, "*.go")); len(goFiles) > 0 {
				rel := filepath.ToSlash(path)
				if rel == "." {
					rel = ""
				}
				if _, ok := layerOf[rel]; !ok {
					t.Errorf("package %q has no layer in layers_test.go", rel)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for pkg, layer := range layerOf {
		for _, im := range imports(t, filepath.FromSlash("./"+pkg)) {
			rel, ok := strings.CutPrefix(im, module)
			if !ok {
				if slices.Contains(offline, pkg) && slices.Contains(networkImports, im) {
					t.Errorf("%s imports %s: it must not reach the network or run programs", pkg, im)
				}
				if slices.Contains(offline, pkg) && pkg != "gitdb" && (im == "github.com/go-git/go-git/v5" || strings.HasPrefix(im, "github.com/go-git/go-git/v5/storage")) {
					t.Errorf("%s imports %s: repositories are opened and read by package gitdb", pkg, im)
				}
				if slices.Contains(offline, pkg) && pkg != "report" && strings.HasPrefix(im, "github.com/charmbracelet/") {
					t.Errorf("%s imports %s: styling lives in the renderers", pkg, im)
				}
				continue
			}
			rel = strings.TrimPrefix(rel, "/")
			if slices.Contains(offline, pkg) && slices.Contains(networkImports, im) {
				t.Errorf("%s imports %s: it must not reach the network", pkg, im)
			}
			if l, ok := layerOf[rel]; ok && l > layer {
				t.Errorf("%s (layer %d) imports %s (layer %d): an arrow back up", pkg, layer, rel, l)
			}
		}
	}
}
