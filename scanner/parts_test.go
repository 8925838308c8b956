package scanner_test

import (
	"bytes"
	"context"
	"crypto/sha1"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/patmigrate/patmigrate/internal/ruletest"
	"github.com/patmigrate/patmigrate/scanner"
	"github.com/patmigrate/patmigrate/source"
)

// TestFileInParts: a file past source.PartAbove is read a piece at a
// time; its findings are those of one pass, each once, with the file's
// lines and columns, keys on the cuts between pieces included.
func TestFileInParts(t *testing.T) {
	filler := []byte("select id, status from orders where status != 'returned' -- a line of SQL\n")
	var b bytes.Buffer
	want := map[string]int{} // key: line
	line := 1
	key := func(i int) string { return fmt.Sprintf("%x", sha1.Sum([]byte{byte(i), byte(i >> 8)})) }
	plant := func(i int) {
		k := key(i)
		fmt.Fprintf(&b, "DBT_CLOUD_API_KEY=%s\n", k)
		want[k] = line
		line++
	}
	plant(0)
	for n := 1; b.Len() < 3*source.PartSize+source.PartAbove/2; n++ {
		// A key every ~5 MB, and one on each side of every 16 MiB cut.
		if off := b.Len() % source.PartSize; n%70000 == 0 || off > source.PartSize-200 && off <= source.PartSize-200+len(filler) {
			plant(n)
			continue
		}
		b.Write(filler)
		line++
	}
	plant(1 << 15)
	if b.Len() <= source.PartAbove {
		t.Fatalf("the file is %d bytes, not past PartAbove", b.Len())
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "big.env"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	sc := scanner.New(ruletest.Default(t), scanner.Options{})
	for name, src := range map[string]source.Source{
		"worktree": &source.Worktree{Root: dir},
		"stdin":    &source.Reader{R: bytes.NewReader(b.Bytes()), Path: "big.env"},
	} {
		t.Run(name, func(t *testing.T) {
			res, err := sc.Scan(context.Background(), src)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, f := range res.Findings {
				k := f.Secret.Reveal()
				if _, dup := got[k]; dup {
					t.Errorf("%s reported twice", scanner.Redact(k))
				}
				got[k] = f.Line
				if f.Column != 19 {
					t.Errorf("%s at column %d, want 19", scanner.Redact(k), f.Column)
				}
			}
			for k, l := range want {
				if got[k] != l {
					t.Errorf("%s: line %d, want %d", scanner.Redact(k), got[k], l)
				}
			}
			if len(got) != len(want) || res.Stats.Files != 1 || res.Stats.Bytes != int64(b.Len()) {
				t.Errorf("%d findings of %d; stats %+v (want 1 file, %d bytes)", len(got), len(want), res.Stats, b.Len())
			}
		})
	}
}

// TestUTF16FileIsNotCut: a UTF-16 file past PartAbove is decoded whole, as
// its pieces would be cut inside code units and only the first holds the
// byte-order mark.
func TestUTF16FileIsNotCut(t *testing.T) {
	var text bytes.Buffer
	key := fmt.Sprintf("%x", sha1.Sum([]byte("utf16")))
	for text.Len() < source.PartAbove {
		text.WriteString("# 日本語のコメント and some ASCII\r\n")
	}
	text.WriteString("$env:DBT_CLOUD_API_KEY = \"" + key + "\"\r\n")
	enc := []byte{0xff, 0xfe}
	for _, r := range text.String() {
		if r > 0xffff {
			t.Fatal("outside the BMP")
		}
		enc = append(enc, byte(r), byte(r>>8))
	}
	if len(enc) <= source.PartAbove {
		t.Fatalf("%d bytes, not past PartAbove", len(enc))
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "set.ps1"), enc, 0o644); err != nil {
		t.Fatal(err)
	}
	sc := scanner.New(ruletest.Default(t), scanner.Options{})
	for name, src := range map[string]source.Source{
		"worktree": &source.Worktree{Root: dir},
		"stdin":    &source.Reader{R: bytes.NewReader(enc), Path: "set.ps1"},
	} {
		res, err := sc.Scan(context.Background(), src)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Findings) != 1 || res.Findings[0].Secret.Reveal() != key {
			t.Errorf("%s: %d findings, want the one key", name, len(res.Findings))
		}
	}
}
