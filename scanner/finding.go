package scanner

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/patmigrate/patmigrate/rules"
	"github.com/patmigrate/patmigrate/secret"
	"github.com/patmigrate/patmigrate/source"
)

// Finding is one place where a rule matched. It is a plain value; the only
// copy of a credential it holds is Secret, which redacts itself.
type Finding struct {
	Rule     string
	Kind     rules.Kind
	Severity rules.Severity

	// Provenance is where the content came from: path, commit, author,
	// whether HEAD still has it, whether git tracks it.
	source.Provenance
	Line, Column         int    // 1-based; Column counts characters
	EndLine, EndColumn   int    // EndColumn is exclusive
	Secret               Secret // zero for kinds without a credential
	AccountID, Host      string
	Usage                string // where the credential is used: github-actions, airflow, ...
	Snippet              string // the line, with every secret on it redacted
	Fingerprint, Message string
	Remediation          string
}

// Secret holds a credential found in content: printing or encoding it,
// in any way, shows only its first and last four characters (package
// secret).
type Secret = secret.Secret

// NewSecret wraps a credential value.
func NewSecret(v string) Secret { return secret.New(v) }

// Redact keeps the first and last four characters of a credential.
func Redact(v string) string { return secret.Redact(v) }

// credentialShaped reports whether RedactText redacts s wherever it occurs:
// it is a legacy key's or a token's shape whole.
func credentialShaped(s string) bool {
	return wholeSpan(s, hexSpan) || wholeSpan(s, tokenSpan)
}

// RedactText redacts everything in s shaped like a credential, whether or
// not a rule reported it: a snippet's line may hold a second key, or a key
// next to a reference that was the only finding. It is what keeps snippets
// and re-rendered reports free of whole secrets. The shapes are a user key
// (40 lowercase hex), a PAT or service token, and a base64 run long enough
// to hide either (redacted when it decodes to one).
func RedactText(s string) string { return RedactTokens(replaceSpans(s, hexSpan, Redact)) }

// RedactTokens redacts what is shaped like a PAT or a service token, and
// base64 that decodes to one or to a legacy key, wherever it occurs. It is
// RedactText without the bare 40-hex shape, which a git commit hash has
// too: it is the shape check of the output gate (secret.Gate), which sees
// reports full of commit hashes.
func RedactTokens(s string) string {
	s = replaceSpans(s, tokenSpan, Redact)
	return replaceSpans(s, base64Span, func(v string) string {
		if dec, ok := decodeBase64([]byte(v)); ok && (hasSpan(string(dec), hexSpan) || hasSpan(string(dec), tokenSpan)) {
			return Redact(v)
		}
		return v
	})
}

// FingerprintVersion numbers the format of Fingerprint. Baselines,
// .patmigrateignore files and SARIF's partialFingerprints hold
// fingerprints, so one that changes for the same finding silently revives
// every accepted finding: a change of format bumps this, and the reports
// that carry it say so (SARIF's key is "patmigrate/" and this version).
// TestFingerprintFormat pins the format with literal values that -update
// cannot refresh.
const FingerprintVersion = "v1"

// Fingerprint identifies a finding across scans: the rule, the path and the
// secret (or, for findings without one, the matched text with its spacing
// normalised). It does not include the line, so moving code does not change
// it, and it changes whenever the secret does, so an accepted finding never
// hides a different key at the same place. Version 1 is the first 16 bytes,
// in lowercase hex, of the SHA-256 of rule, path and key, each followed by a
// NUL byte.
func Fingerprint(rule, path, key string) string {
	h := sha256.New()
	for _, s := range []string{rule, path, strings.Join(strings.Fields(key), " ")} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
