// Command rawread is the floor the scan benchmark compares against: it walks
// a tree and reads every regular file with the same number of workers as
// the scan, doing nothing with the bytes.
//
//	go run ./bench/rawread -jobs 2 DIR
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

func main() {
	jobs := flag.Int("jobs", runtime.GOMAXPROCS(0), "files to read at once")
	flag.Parse()
	start := time.Now()
	paths := make(chan string, 256)
	var mu sync.Mutex
	var files, bytes int64
	var wg sync.WaitGroup
	for range *jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 0, 64<<10)
			var n, b int64
			for p := range paths {
				data, err := readInto(p, buf)
				if err != nil {
					log.Print(err)
					continue
				}
				buf = data[:0]
				n++
				b += int64(len(data))
			}
			mu.Lock()
			files += n
			bytes += b
			mu.Unlock()
		}()
	}
	err := filepath.WalkDir(flag.Arg(0), func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			paths <- p
		}
		return err
	})
	close(paths)
	wg.Wait()
	if err != nil {
		log.Fatal(err)
	}
	el := time.Since(start)
	fmt.Printf("rawread: %d files, %.1f MiB in %v: %.0f MB/s\n", files, float64(bytes)/(1<<20), el.Round(time.Millisecond), float64(bytes)/1e6/el.Seconds())
}

func readInto(p string, buf []byte) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err != nil {
			return buf, nil
		}
	}
}
