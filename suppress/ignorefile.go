package suppress

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

// IgnoreFileName is the ignore file patmigrate reads at a target's root.
const IgnoreFileName = ".patmigrateignore"

// IgnoreEntry is one line of an ignore file: a finding's fingerprint and why
// it is accepted. A reason is required: an ignore nobody can explain later
// is a finding nobody reviewed.
type IgnoreEntry struct {
	Fingerprint string
	Reason      string
	Line        int
}

// IgnoreList is a parsed ignore file.
type IgnoreList struct {
	File    string
	Entries []IgnoreEntry
}

var fingerprintPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// ValidFingerprint reports whether s has the shape of a finding's fingerprint.
func ValidFingerprint(s string) bool { return fingerprintPattern.MatchString(s) }

// ParseIgnoreFile reads an ignore file: one fingerprint per line followed
// by "# reason"; blank lines and lines that start with # are comments. A
// problem names the file and line.
func ParseIgnoreFile(name string, r io.Reader) (*IgnoreList, error) {
	l := &IgnoreList{File: name}
	sc := bufio.NewScanner(r)
	var errs []error
	seen := map[string]int{}
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fp, reason, _ := strings.Cut(line, "#")
		fp, reason = strings.TrimSpace(fp), strings.TrimSpace(reason)
		switch {
		case !ValidFingerprint(fp):
			// The line is not quoted back: a key pasted here by mistake
			// must not reach a CI log.
			errs = append(errs, fmt.Errorf("%s:%d: not a finding fingerprint (32 hex characters, from the report's \"fingerprint\") followed by # reason", name, n))
		case reason == "":
			errs = append(errs, fmt.Errorf("%s:%d: fingerprint %s needs a reason after #", name, n, fp))
		case seen[fp] > 0:
			errs = append(errs, fmt.Errorf("%s:%d: fingerprint %s already listed on line %d", name, n, fp, seen[fp]))
		default:
			seen[fp] = n
			l.Entries = append(l.Entries, IgnoreEntry{Fingerprint: fp, Reason: reason, Line: n})
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", name, err))
	}
	return l, errors.Join(errs...)
}

// ReadIgnoreFile reads the ignore file at path; a missing file is an empty
// list.
func ReadIgnoreFile(path string) (*IgnoreList, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return &IgnoreList{File: path}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseIgnoreFile(path, f)
}

// ErrAlreadyIgnored is AppendIgnore's answer for a fingerprint the file
// already lists.
var ErrAlreadyIgnored = errors.New("already ignored")

// AppendIgnore adds fingerprint with its reason to the ignore file,
// creating it if needed. It refuses a malformed fingerprint or an empty
// reason, and returns ErrAlreadyIgnored for a fingerprint already listed.
func AppendIgnore(file, fingerprint, reason string) error {
	reason = strings.Join(strings.Fields(reason), " ")
	if !ValidFingerprint(fingerprint) {
		return fmt.Errorf("%s: not a finding fingerprint (32 hex characters, from the report's \"fingerprint\"); the argument is not repeated here in case it is a secret", file)
	}
	if reason == "" {
		return fmt.Errorf("%s: a reason is required: say why this finding is accepted", file)
	}
	l, err := ReadIgnoreFile(file)
	if err != nil {
		return err
	}
	for _, e := range l.Entries {
		if e.Fingerprint == fingerprint {
			return fmt.Errorf("%s:%d: %w (%s)", file, e.Line, ErrAlreadyIgnored, e.Reason)
		}
	}
	old, err := os.ReadFile(file)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	var b bytes.Buffer
	b.Write(old)
	if len(old) > 0 && !bytes.HasSuffix(old, []byte("\n")) {
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "%s  # %s\n", fingerprint, reason)
	return os.WriteFile(file, b.Bytes(), 0o644)
}
