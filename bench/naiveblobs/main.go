// Command naiveblobs is the naive history reader the history benchmark
// compares against: go-git's BlobObjects() iteration, reading every blob
// whole, doing nothing with the bytes.
//
//	go run ./bench/naiveblobs REPO
package main

import (
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

func main() {
	start := time.Now()
	repo, err := git.PlainOpen(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	iter, err := repo.BlobObjects()
	if err != nil {
		log.Fatal(err)
	}
	var n, bytes int64
	err = iter.ForEach(func(b *object.Blob) error {
		r, err := b.Reader()
		if err != nil {
			return err
		}
		defer r.Close()
		m, err := io.Copy(io.Discard, r)
		n++
		bytes += m
		return err
	})
	if err != nil {
		log.Fatal(err)
	}
	el := time.Since(start)
	fmt.Printf("naive: %d blobs, %.1f MiB in %v: %.0f MB/s\n", n, float64(bytes)/(1<<20), el.Round(time.Millisecond), float64(bytes)/1e6/el.Seconds())
}
