// Command genhistory writes a git fast-import stream of a deterministic
// synthetic history for the history benchmark: a repository of FILES files
// of realistic sizes, each commit editing a few of them, with a few keys
// planted and later removed.
//
//	go run ./bench/genhistory -commits 10000 -mb 1024 | git fast-import
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"strings"
)

var lines = []string{
	"select id, status, created_at from {{ ref('stg_orders') }} where status != 'returned'",
	"    - name: customer_id\n      tests: [not_null, unique]",
	"def transform(df):\n    return df.groupby('customer_id').agg({'amount': 'sum'})",
	"logger.info(\"run %s finished in %.2fs\", run_id, elapsed)",
	"The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs.",
	"for (let i = 0; i < items.length; i++) { total += items[i].price * items[i].quantity; }",
	"const response = await fetch(url, { method: 'GET', headers: { Accept: 'application/json' } });",
	"{{ config(materialized='incremental', unique_key='order_id') }}",
	"# Configure the dbt project: models, seeds and snapshots live under these paths.",
}

var exts = []string{".sql", ".yml", ".py", ".md", ".js"}

func main() {
	commits := flag.Int("commits", 10000, "number of commits")
	mb := flag.Int("mb", 1024, "unique blob content in MiB (approximate)")
	files := flag.Int("files", 2000, "files in the tree")
	perCommit := flag.Int("per-commit", 3, "files edited by each commit")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()
	if err := generate(w, *commits, int64(*mb)<<20, *files, *perCommit); err != nil {
		log.Fatal(err)
	}
}

// vocabulary makes text that compresses like code (about 3:1), not like
// nine repeated lines.
func vocabulary(rng *rand.Rand) []string {
	const letters = "abcdefghijklmnopqrstuvwxyz_"
	words := make([]string, 5000)
	for i := range words {
		b := make([]byte, 3+rng.IntN(9))
		for j := range b {
			b[j] = letters[rng.IntN(len(letters))]
		}
		words[i] = string(b)
	}
	return words
}

func line(rng *rand.Rand, words []string) string {
	if rng.IntN(4) == 0 {
		return lines[rng.IntN(len(lines))]
	}
	var b strings.Builder
	for n := 4 + rng.IntN(8); n > 0; n-- {
		b.WriteString(words[rng.IntN(len(words))])
		b.WriteByte(" (.,=:"[rng.IntN(6)])
	}
	return b.String()
}

func generate(w *bufio.Writer, commits int, total int64, nfiles, perCommit int) error {
	rng := rand.New(rand.NewPCG(7, 11))
	words := vocabulary(rng)
	size := int(total / int64(commits*perCommit)) // the size of an edited file
	content := make([][]string, nfiles)
	for i := range content {
		for n := 0; n < size/60; n++ {
			content[i] = append(content[i], line(rng, words))
		}
	}
	path := func(i int) string {
		return fmt.Sprintf("pkg%02d/mod%02d/file%04d%s", i/100, i/10%10, i, exts[i%len(exts)])
	}
	when := int64(1600000000)
	for c := 0; c < commits; c++ {
		when += 600
		fmt.Fprintf(w, "commit refs/heads/main\ncommitter Dev %d <dev%d@example.com> %d +0000\n", c%17, c%17, when)
		msg := fmt.Sprintf("change %d", c)
		fmt.Fprintf(w, "data %d\n%s\n", len(msg), msg)
		if c == 0 {
			// The first commit holds the whole tree.
			for i := range content {
				writeFile(w, path(i), strings.Join(content[i], "\n"))
			}
			continue
		}
		for k := 0; k < perCommit; k++ {
			i := rng.IntN(nfiles)
			f := content[i]
			// Edit a few lines, as a person does.
			for e := 0; e < 3 && len(f) > 0; e++ {
				f[rng.IntN(len(f))] = line(rng, words)
			}
			writeFile(w, path(i), strings.Join(f, "\n"))
		}
		// A few keys, planted and removed a commit later.
		switch c % 2500 {
		case 100:
			writeFile(w, fmt.Sprintf("ci/key%d.env", c), fmt.Sprintf("DBT_CLOUD_API_KEY=%016x%016x%08x\n", rng.Uint64(), rng.Uint64(), rng.Uint32()))
		case 101:
			fmt.Fprintf(w, "D ci/key%d.env\n", c-1)
		}
		w.WriteString("\n")
	}
	return nil
}

func writeFile(w *bufio.Writer, path, data string) {
	fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", path, len(data), data)
}
