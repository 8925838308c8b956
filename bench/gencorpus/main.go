// Command gencorpus writes a deterministic synthetic working tree for the
// scan benchmarks: source, configuration and documentation files of
// realistic sizes, a dbt project's vocabulary (so the keyword prefilter has
// real work), and a few planted keys and traps.
//
//	go run ./bench/gencorpus -files 20000 -mb 200 DIR
package main

import (
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	files := flag.Int("files", 20000, "number of files")
	mb := flag.Int("mb", 200, "total size in MiB (approximate)")
	seed := flag.Uint64("seed", 1, "random seed")
	dense := flag.Bool("dense", false, "weigh every line template the same (keyword-dense stress test)")
	flag.Parse()
	if flag.NArg() != 1 {
		log.Fatal("usage: gencorpus [-files N] [-mb N] DIR")
	}
	if err := generate(flag.Arg(0), *files, int64(*mb)<<20, *seed, *dense); err != nil {
		log.Fatal(err)
	}
}

// line is a template with its weight per thousand lines. The default mix
// is that of a data-platform repository: mostly SQL, YAML, Python and prose;
// a dbt word on a few lines in a hundred; a git SHA pin on one in two
// hundred. -dense gives every template the same weight: a stress test where
// a quarter of the lines hold a keyword and one in eight a forty-hex SHA.
type line struct {
	text   string
	weight int
}

var lines = []line{
	{"select id, status, created_at from {{ ref('stg_orders') }} where status != 'returned'", 120},
	{"    - name: customer_id\n      tests: [not_null, unique]", 120},
	{"def transform(df):\n    return df.groupby('customer_id').agg({'amount': 'sum'})", 100},
	{"import os\nimport requests\nfrom datetime import datetime, timedelta", 60},
	{"{{ config(materialized='incremental', unique_key='order_id') }}", 60},
	{"logger.info(\"run %s finished in %.2fs\", run_id, elapsed)", 100},
	{"The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs.", 120},
	{"for (let i = 0; i < items.length; i++) { total += items[i].price * items[i].quantity; }", 120},
	{"const response = await fetch(url, { method: 'GET', headers: { Accept: 'application/json' } });", 80},
	{"resource \"aws_s3_bucket\" \"artifacts\" {\n  bucket = \"acme-data-artifacts\"\n}", 60},
	{"  dbt_utils:\n    version: [\">=1.0.0\", \"<2.0.0\"]", 15},
	{"# Configure the dbt project: models, seeds and snapshots live under these paths.", 15},
	{"    token = os.environ.get(\"SLACK_TOKEN\")  # notification only", 10},
	{"  account_id = 12345", 5},
	{"      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11", 3},
	{"    revision: 5c1e9a3b7d2f4e6a8c0b1d3f5e7a9c2b4d6f8e0a", 2},
}

var exts = []string{".py", ".sql", ".yml", ".md", ".js", ".tf", ".json", ".sh"}

func generate(dir string, n int, total int64, seed uint64, dense bool) error {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var pick []string // each template repeated by its weight
	for _, l := range lines {
		w := l.weight
		if dense {
			w = 1
		}
		for range w {
			pick = append(pick, l.text)
		}
	}
	// Sizes: mostly small files, a long tail of large ones (a Pareto-like
	// draw), scaled to the requested total.
	weights := make([]float64, n)
	var sum float64
	for i := range weights {
		weights[i] = 1 / (0.02 + rng.Float64()*rng.Float64())
		sum += weights[i]
	}
	for i := 0; i < n; i++ {
		size := int(float64(total) * weights[i] / sum)
		// Ten files to a folder, a hundred folders to a package, as in a
		// real repository; the walk's cost per file is then realistic too.
		p := filepath.Join(dir, fmt.Sprintf("pkg%03d", i/1000), fmt.Sprintf("mod%03d", i/10%100), fmt.Sprintf("file%05d%s", i, exts[i%len(exts)]))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		var b strings.Builder
		b.Grow(size + 256)
		for b.Len() < size {
			b.WriteString(pick[rng.IntN(len(pick))])
			b.WriteByte('\n')
		}
		// A few planted keys, one file in 2,000.
		if i%2000 == 7 {
			fmt.Fprintf(&b, "DBT_CLOUD_API_KEY=%040x\n", rng.Uint64()<<32|rng.Uint64())
		}
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}
