// Command genpatho writes files of the hostile shapes bench/pathological.sh
// times: each a deterministic file of about -size bytes.
//
//	go run ./bench/genpatho -size 1048576 DIR
package main

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	size := flag.Int("size", 1<<20, "bytes per file")
	flag.Parse()
	if flag.NArg() != 1 {
		log.Fatal("usage: genpatho [-size N] DIR")
	}
	dir := flag.Arg(0)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	key := func(i int) string { s := sha1.Sum([]byte(fmt.Sprint(i))); return hex.EncodeToString(s[:]) }
	digest := func(i int) string { s := sha256.Sum256([]byte(fmt.Sprint(i))); return hex.EncodeToString(s[:]) }
	shapes := map[string]func(b *strings.Builder, i int){
		// One line of many key pairs.
		"oneline-pairs.env": func(b *strings.Builder, i int) { fmt.Fprintf(b, "DBT_CLOUD_API_KEY=%s ", key(i)) },
		// One pair per line.
		"perline-pairs.env": func(b *strings.Builder, i int) { fmt.Fprintf(b, "DBT_CLOUD_API_KEY=%s\n", key(i)) },
		// Keywords alone, no values.
		"keywords.txt": func(b *strings.Builder, i int) {
			b.WriteString("dbt token api_key password DBT_CLOUD_API_KEY secrets. /accounts dbt-cloud://\n")
		},
		// Hex runs under no name, in a file that says dbt.
		"hexruns.txt": func(b *strings.Builder, i int) { fmt.Fprintf(b, "%s dbt\n", key(i)) },
		// Base64 runs, some of them encoded keys.
		"base64runs.yaml": func(b *strings.Builder, i int) {
			fmt.Fprintf(b, "  dbt_%d: %s\n", i, base64.StdEncoding.EncodeToString([]byte(key(i)+digest(i))))
		},
		// A minified JSON array of credential objects, one line.
		"objects.json": func(b *strings.Builder, i int) {
			fmt.Fprintf(b, `{"name":"DBT_CLOUD_TOKEN_%d","value":"%s","type":"secret"},`, i, key(i))
		},
		// dbt's own target/manifest.json: one line, a sha256 per node.
		"manifest.json": func(b *strings.Builder, i int) {
			fmt.Fprintf(b, `"model.jaffle.m%d":{"resource_type":"model","package_name":"dbt_project","checksum":{"name":"sha256","checksum":"%s"},"config":{"dbt_cloud":{"job":%d}}},`, i, digest(i), i)
		},
	}
	for name, write := range shapes {
		var b strings.Builder
		switch name {
		case "objects.json":
			b.WriteString("[")
		case "manifest.json":
			b.WriteString(`{"metadata":{"dbt_version":"1.8.0"},"nodes":{`)
		}
		for i := 0; b.Len() < *size; i++ {
			write(&b, i)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
