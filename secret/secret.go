// Package secret holds credentials so that printing them is hard to get
// wrong: a Secret formats, prints and encodes itself redacted, and Reveal is
// the one way to its value. Nothing here logs, stores or sends a value.
package secret

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// Secret is a credential. The zero value holds nothing.
type Secret struct{ v string }

// New wraps a credential value.
func New(v string) Secret { return Secret{v} }

// Reveal returns the whole credential.
func (s Secret) Reveal() string { return s.v }

// IsZero reports whether s holds nothing.
func (s Secret) IsZero() bool { return s.v == "" }

// String returns the redacted form.
func (s Secret) String() string { return Redact(s.v) }

// GoString keeps %#v from printing the value.
func (s Secret) GoString() string { return fmt.Sprintf("secret.Secret(%q)", Redact(s.v)) }

// Format makes every fmt verb print the redacted form.
func (s Secret) Format(f fmt.State, verb rune) { fmt.Fprint(f, Redact(s.v)) }

// MarshalJSON encodes the redacted form.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(Redact(s.v)) }

// MarshalText encodes the redacted form.
func (s Secret) MarshalText() ([]byte, error) { return []byte(Redact(s.v)), nil }

// ID names the credential without revealing it: equal secrets have equal
// ids. The format is a contract (a report's secret_id, which verify and
// plans group by): "sha256:" and the first 8 bytes, in lowercase hex, of
// the SHA-256 of the value; "" for the zero Secret.
func (s Secret) ID() string {
	if s.v == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(s.v))
	return "sha256:" + hex.EncodeToString(sum[:8])
}

// Redact keeps the first and last four characters of a credential. Values
// too short for that to hide anything are replaced whole.
func Redact(v string) string {
	if v == "" {
		return ""
	}
	if len(v) < 16 {
		return "…"
	}
	return v[:4] + "…" + v[len(v)-4:]
}
