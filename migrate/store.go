package migrate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/patmigrate/patmigrate/internal/atomicfile"
	"github.com/patmigrate/patmigrate/secret"
)

// Journal records every token apply created (never its secret), so that a
// run cut short and started again creates nothing twice. It is rewritten
// whole, atomically, after each creation.
type Journal struct {
	path    string
	Version int       `json:"version"`
	Created []Created `json:"created"`
}

// Created is one token apply created or rotated.
type Created struct {
	AccountID int       `json:"account_id"`
	Host      string    `json:"host"`
	Site      string    `json:"site"`
	Type      string    `json:"type"`
	Name      string    `json:"name"`
	TokenID   int       `json:"token_id"`
	UserID    int       `json:"user_id,omitempty"`
	At        time.Time `json:"at"`
}

// JournalPath is where the journal of a plan file lives: next to it.
func JournalPath(plan string) string { return plan + ".journal.json" }

// OpenJournal reads the journal at path, or starts an empty one.
func OpenJournal(path string) (*Journal, error) {
	j := &Journal{path: path, Version: 1}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return j, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, j); err != nil {
		return nil, fmt.Errorf("%s: not a patmigrate journal: %w", path, err)
	}
	j.path = path
	return j, nil
}

// Lookup returns the last token created for site in account.
func (j *Journal) Lookup(account int, site string) (Created, bool) {
	for i := len(j.Created) - 1; i >= 0; i-- {
		if c := j.Created[i]; c.AccountID == account && c.Site == site {
			return c, true
		}
	}
	return Created{}, false
}

// Add records c and writes the journal.
func (j *Journal) Add(c Created) error {
	j.Created = append(j.Created, c)
	return atomicfile.Write(j.path, 0o644, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(j)
	})
}

// Secrets is the file the new secrets go to, and nowhere else: dotenv
// (KEY=value with a comment naming the token, the default) or JSON (a
// .json name), keyed by account and site. It is created with mode 0600,
// refused if it exists readable by others or as a symbolic link (an
// atomic rewrite would replace the link, not its target), and rewritten
// whole, atomically, after each token, keeping what it held.
type Secrets struct {
	path   string
	json   bool
	values map[string]SecretEntry
}

// SecretEntry is one site's new token in the secrets file.
type SecretEntry struct {
	AccountID int    `json:"account_id"`
	Type      string `json:"type"`
	Name      string `json:"name"`
	TokenID   int    `json:"token_id"`
	Token     string `json:"token"`
}

// OpenSecrets opens the secrets file at path, reading what it holds. It
// checks, before apply creates anything, everything a save needs: the
// folder takes a new file, the file is private, and all of it reads (a
// line or an entry it cannot read whole is an error, never dropped by the
// next rewrite).
func OpenSecrets(path string) (*Secrets, error) {
	s := &Secrets{path: path, json: strings.EqualFold(filepath.Ext(path), ".json"), values: map[string]SecretEntry{}}
	if err := atomicfile.Check(path); err != nil {
		return nil, err
	}
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		return nil, fmt.Errorf("%s: is a symbolic link; name the file itself", path)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%s: mode %04o lets others read it; chmod 600 it or name a new file", path, info.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if s.json {
		if len(bytes.TrimSpace(data)) > 0 {
			if err := json.Unmarshal(data, &s.values); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			if k, dup := duplicateKey(data); dup {
				return nil, fmt.Errorf("%s: %s is given twice; keep one", path, k)
			}
		}
		return s, nil
	}
	var meta SecretEntry // from the comment line before a value
	// Lines are split by hand: bufio.Scanner stops at 64 KiB without a
	// word, and the rewrite then dropped every entry after that line.
	for n, raw := range strings.Split(string(data), "\n") {
		n++
		line := strings.TrimSpace(raw)
		if m := metaLine.FindStringSubmatch(line); m != nil {
			meta = SecretEntry{Type: m[2]}
			meta.AccountID, _ = strconv.Atoi(m[1])
			meta.TokenID, _ = strconv.Atoi(m[4])
			meta.Name, _ = strconv.Unquote(m[3])
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("%s:%d: not KEY=value", path, n)
		}
		if _, dup := s.values[k]; dup {
			// A rewrite keeps one value per key: the other would be lost.
			return nil, fmt.Errorf("%s:%d: %s is given twice; keep one", path, n, k)
		}
		meta.Token = v
		s.values[k] = meta
		meta = SecretEntry{}
	}
	return s, nil
}

// metaLine is the comment Put writes above each dotenv value.
var metaLine = regexp.MustCompile(`^# account (\d+), (\S+) ("(?:[^"\\]|\\.)*") \(id (\d+)\)$`)

// key is where a site's token is stored: site ids are unique within one
// plan, and a file may serve several plans.
func (s *Secrets) key(account int, site string) string {
	if s.json {
		return strconv.Itoa(account) + "/" + site
	}
	return EnvKey(account, site)
}

// EnvKey is the dotenv variable that holds a site's token.
func EnvKey(account int, site string) string {
	return fmt.Sprintf("DBT_CLOUD_TOKEN_%d_%s", account, strings.ToUpper(strings.ReplaceAll(site, "-", "_")))
}

// Free reports an error if the file already holds a token for the site
// other than tokenID (0: none is expected): a new secret must never
// replace one that may be in use. A nil Secrets (a dry run without a
// secrets file) holds nothing.
func (s *Secrets) Free(account int, site string, tokenID int) error {
	if s == nil {
		return nil
	}
	k := s.key(account, site)
	e, ok := s.values[k]
	if !ok || (tokenID != 0 && e.TokenID == tokenID) {
		return nil
	}
	return fmt.Errorf("%s already holds %s (token %d): name another --secrets-out, or move that secret out of it first", s.path, k, e.TokenID)
}

// Holds reports whether the file holds the secret of token tokenID for
// the site: a run that stopped after saving it and before journaling it.
// A nil Secrets holds nothing.
func (s *Secrets) Holds(account int, site string, tokenID int) bool {
	if s == nil {
		return false
	}
	e, ok := s.values[s.key(account, site)]
	return ok && tokenID != 0 && e.TokenID == tokenID && e.Token != ""
}

// Put stores the token of site and writes the file. A value that could
// end its line or start another (a newline, a control character) is
// refused: it would add entries to the dotenv file.
func (s *Secrets) Put(account int, site string, e SecretEntry, tok secret.Secret) error {
	if err := s.Free(account, site, e.TokenID); err != nil {
		return err
	}
	if v := tok.Reveal(); v == "" || strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return errors.New("the secret is empty or holds a control character")
	}
	e.Token = tok.Reveal()
	s.values[s.key(account, site)] = e
	return atomicfile.Write(s.path, 0o600, func(w io.Writer) error {
		if s.json {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(s.values)
		}
		keys := make([]string, 0, len(s.values))
		for k := range s.values {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		b.WriteString("# dbt Cloud tokens created by patmigrate apply: store each where its site reads it, then delete this file\n")
		for _, k := range keys {
			v := s.values[k]
			if v.TokenID != 0 {
				fmt.Fprintf(&b, "# account %d, %s %q (id %d)\n", v.AccountID, v.Type, v.Name, v.TokenID)
			}
			fmt.Fprintf(&b, "%s=%s\n", k, v.Token)
		}
		_, err := io.WriteString(w, b.String())
		return err
	})
}

// duplicateKey returns a key the top-level JSON object holds twice:
// encoding/json keeps the last, and a rewrite would drop the other.
func duplicateKey(data []byte) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "", false
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return "", false
		}
		k, _ := t.(string)
		if seen[k] {
			return k, true
		}
		seen[k] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return "", false
		}
	}
	return "", false
}
