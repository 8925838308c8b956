// Package rules loads, validates and compiles patmigrate's detection rules.
//
// Rules come from YAML (the embedded default set and optional user files) in
// two steps, as go/parser and go/types do: Parse decodes a file strictly into
// plain Rule values, reporting every problem with its file, line and rule id;
// Compile turns a merged list into an immutable Set that any number of
// goroutines may share. It reads no content to scan and prints nothing:
// problems are returned as an ErrorList.
package rules

import (
	"fmt"
	"strings"
)

// Kind is what a finding means for the migration.
type Kind string

// The finding kinds of the design, most urgent first.
const (
	LegacyUserKey       Kind = "legacy-user-key"
	PATExposed          Kind = "pat-exposed"
	ServiceTokenExposed Kind = "service-token-exposed"
	CrossAccountCall    Kind = "cross-account-call"
	CredentialReference Kind = "credential-reference"
	LegacyEndpoint      Kind = "legacy-endpoint"
	// SuppressionAdded is a suppression (a rule file, an ignore entry, an
	// inline ignore) that the change under review adds: with --since it
	// suppresses nothing, and is reported for a reviewer to see.
	SuppressionAdded Kind = "suppression-added"
	// NotScanned is a file a gate (--staged, --since, standard input) did
	// not read, for its size: reported, so that the gate never passes a key
	// in it in silence.
	NotScanned Kind = "not-scanned"
)

// Kinds returns every known kind, most urgent first.
func Kinds() []Kind {
	return []Kind{LegacyUserKey, PATExposed, ServiceTokenExposed, SuppressionAdded, CrossAccountCall, LegacyEndpoint, NotScanned, CredentialReference}
}

// NeedsSecret reports whether findings of kind k carry a credential value, so
// the rule's pattern must capture it in a group named "secret".
func (k Kind) NeedsSecret() bool {
	return k == LegacyUserKey || k == PATExposed || k == ServiceTokenExposed
}

// DefaultSeverity is the severity a rule of kind k gets when it names none.
func (k Kind) DefaultSeverity() Severity {
	switch k {
	case LegacyUserKey:
		return Critical
	case PATExposed, ServiceTokenExposed, SuppressionAdded:
		return High
	case CrossAccountCall, LegacyEndpoint, NotScanned:
		return Warning
	default:
		return Info
	}
}

func (k Kind) valid() bool {
	for _, known := range Kinds() {
		if k == known {
			return true
		}
	}
	return false
}

// Severity orders findings for the exit code (--fail-on) and for display.
type Severity string

// Severities, from the most to the least severe.
const (
	Critical Severity = "critical"
	High     Severity = "high"
	Warning  Severity = "warning"
	Info     Severity = "info"
)

// Rank is larger for more severe levels and 0 for an unknown one.
func (s Severity) Rank() int {
	switch s {
	case Critical:
		return 4
	case High:
		return 3
	case Warning:
		return 2
	case Info:
		return 1
	}
	return 0
}

// ParseSeverity accepts the four level names, and "none" (rank 0) so that a
// caller can express "never fail".
func ParseSeverity(s string) (Severity, error) {
	sev := Severity(s)
	if sev.Rank() == 0 && s != "none" {
		return "", fmt.Errorf("unknown severity %q (want critical, high, warning, info or none)", s)
	}
	return sev, nil
}

// Rule is one detection rule as written in YAML. The zero value of every
// optional field means "not set", which is what lets a user file override a
// default rule field by field.
type Rule struct {
	ID          string   `yaml:"id"`
	Kind        Kind     `yaml:"kind"`
	Severity    Severity `yaml:"severity"`
	Description string   `yaml:"description"`
	Keywords    []string `yaml:"keywords"`
	Pattern     string   `yaml:"pattern"`
	Context     Context  `yaml:"context"`
	Decode      []string `yaml:"decode"`
	Remediation string   `yaml:"remediation"`
	Examples    Examples `yaml:"examples"`
	// Disabled turns a default rule off from a user file.
	Disabled bool `yaml:"disabled"`

	// Source is where the rule was defined ("rules.yaml:12:5"), for messages.
	Source Pos `yaml:"-"`
	// fields holds where each field's value was written ("pattern",
	// "context.near"), so that a problem names its own line.
	fields map[string]Pos
}

// at returns where field was written, or where the rule starts.
// A nested field not recorded ("context.slot.name") falls back to its
// parent's position.
func (r *Rule) at(field string) Pos {
	for {
		if p, ok := r.fields[field]; ok {
			return p
		}
		i := strings.LastIndexByte(field, '.')
		if i < 0 {
			return r.Source
		}
		field = field[:i]
	}
}

// Context holds optional conditions on a match's surroundings; all set
// conditions must hold.
type Context struct {
	Near  string `yaml:"near"`  // must match within Lines lines of the match
	Lines int    `yaml:"lines"` // window for Near; 0 means the match's own line
	File  string `yaml:"file"`  // must match somewhere in the same file
	Not   string `yaml:"not"`   // must not match the matched line
	// Slot, when set, requires the secret to be bound to a dbt credential
	// slot: a variable, field, flag, header, argument or secret-store entry
	// whose name says dbt credential, found by the engine from the syntax
	// around the value (package scanner, slot.go). The rule's pattern then
	// only describes the value's shape.
	Slot Slot `yaml:"slot"`
	// Base, when set, makes a call rule judge what its URL is built on
	// (package scanner, call.go): the name of a base URL the path is
	// joined to, normalised as Slot names are, must match it; a literal
	// host must be a dbt host. A path that goes on past the match on the
	// next line or as a join's next part is not the endpoint.
	Base string `yaml:"base"`
}

// Slot is the vocabulary of a credential-slot rule. Names are matched in a
// normalised form: their words in lower case joined by "_", so that
// DbtCloudToken, dbt-cloud.token and DBT_CLOUD_TOKEN all read
// dbt_cloud_token (and a path /prod/dbt-cloud/api_key reads
// prod_dbt_cloud_api_key).
type Slot struct {
	// Name matches a name that says dbt credential on its own.
	Name string `yaml:"name"`
	// Generic matches a credential name that says nothing of dbt (token,
	// api_key, password): it is a dbt slot only inside a dbt scope.
	Generic string `yaml:"generic"`
	// Scope matches the text of an enclosing scope that makes a generic
	// name dbt's: a block or section header, a sibling field, the call or
	// command the value is passed to, the file's path.
	Scope string `yaml:"scope"`
	// Not matches names that are never credentials (digests of one).
	Not string `yaml:"not"`
	// Other matches the header of a block that holds another system's
	// credential (a warehouse connection inside a dbt Cloud resource): a
	// generic name there is not dbt's, whatever else the file says.
	Other string `yaml:"other"`
}

// Examples are the rule's executable documentation: every Match string must
// produce a finding of this rule and no NoMatch string may.
type Examples struct {
	Match   []string `yaml:"match"`
	NoMatch []string `yaml:"nomatch"`
}

// decoders lists the values Rule.Decode accepts.
func decoders() []string { return []string{"base64"} }
