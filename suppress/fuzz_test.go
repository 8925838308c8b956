package suppress

import (
	"bytes"
	"testing"
)

// FuzzParseIgnoreFile feeds .patmigrateignore any bytes: it never panics,
// and every entry it accepts is a fingerprint on a real line.
func FuzzParseIgnoreFile(f *testing.F) {
	f.Add([]byte("0123456789abcdef0123456789abcdef # a test key\n# comment\n\n"))
	f.Add([]byte("0123456789abcdef0123456789abcdef\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ParseIgnoreFile("fuzz", bytes.NewReader(data))
		if err != nil {
			return
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, e := range l.Entries {
			if !ValidFingerprint(e.Fingerprint) || e.Line < 1 || e.Line > lines {
				t.Fatalf("entry %+v from %q", e, data)
			}
		}
	})
}
