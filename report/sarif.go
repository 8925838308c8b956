package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"unicode"

	"github.com/patmigrate/patmigrate/rules"
	"github.com/patmigrate/patmigrate/scanner"
)

// SARIF writes the report as SARIF 2.1.0, the format GitHub code scanning
// (and most code-review tools) import: one rule per rule id seen, one result
// per finding with its place, level, security severity and a partial
// fingerprint from the finding's own, and one tool notification per item
// that could not be read. Secrets are always redacted, even in a report
// saved with --show-secrets. Output is sorted and byte-stable.
type SARIF struct{}

var _ Renderer = SARIF{}

// SARIF identifiers.
const (
	sarifSchema      = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion     = "2.1.0"
	sarifInfoURI     = "https://github.com/patmigrate/patmigrate"
	sarifFingerprint = "patmigrate/" + scanner.FingerprintVersion
	sarifSrcRoot     = "%SRCROOT%"
)

// Render implements Renderer.
func (SARIF) Render(w io.Writer, r *Report) error {
	findings := ciFindings(r)
	ruleList, index := sarifRules(findings)
	results := make([]sarifResult, 0, len(findings))
	seenFP := map[string]int{}
	for _, f := range findings {
		res := sarifResultOf(r, f, index[f.Rule])
		// Code scanning merges results with equal fingerprints: the same
		// key twice in a file would become one alert. Later occurrences
		// get an occurrence number, as CodeQL does.
		if n := seenFP[f.Fingerprint]; n > 0 {
			res.PartialFingerprints[sarifFingerprint] = fmt.Sprintf("%s:%d", f.Fingerprint, n+1)
		}
		seenFP[f.Fingerprint]++
		results = append(results, res)
	}
	inv := sarifInvocation{ExecutionSuccessful: r.Complete(), Notifications: []sarifNotification{},
		Properties: &sarifSummary{Findings: findingsSummary(r.Findings), Scanned: scannedSummary(r), Details: scanDetails(r)}}
	for _, e := range ciErrors(r) {
		n := sarifNotification{
			Level:   "error",
			Message: sarifMessage{Text: "could not read " + e.Path + ": " + e.Error},
		}
		if e.Path != "" {
			n.Locations = []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: sarifURI(ciPath(r, e.Root, e.Path)), URIBaseID: sarifSrcRoot},
			}}}
		}
		if e.Commit != "" {
			n.Properties = &sarifNotificationProps{Commit: e.Commit}
		}
		inv.Notifications = append(inv.Notifications, n)
	}
	log := sarifLog{
		Schema:  sarifSchema,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name:           "patmigrate",
				InformationURI: sarifInfoURI,
				Version:        r.Tool.Version,
				Rules:          ruleList,
			}},
			Invocations: []sarifInvocation{inv},
			ColumnKind:  "unicodeCodePoints",
			Results:     results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// sarifRules describes each rule id that appears in findings, sorted by id,
// and returns each id's index. A rule's default level is the highest
// severity its findings have.
func sarifRules(findings []Finding) ([]sarifRule, map[string]int) {
	first := map[string]Finding{}
	worst := map[string]rules.Severity{}
	var ids []string
	for _, f := range findings {
		if _, ok := first[f.Rule]; !ok {
			first[f.Rule] = f
			ids = append(ids, f.Rule)
		}
		if f.Severity.Rank() > worst[f.Rule].Rank() {
			worst[f.Rule] = f.Severity
		}
	}
	slices.Sort(ids)
	out := make([]sarifRule, 0, len(ids))
	index := make(map[string]int, len(ids))
	for i, id := range ids {
		f, sev := first[id], worst[id]
		index[id] = i
		out = append(out, sarifRule{
			ID:                   id,
			Name:                 camelCase(id),
			ShortDescription:     sarifText{Text: cmp.Or(f.Message, id)},
			FullDescription:      sarifText{Text: ruleDescription(f, sev)},
			Help:                 sarifHelp{Text: f.Remediation, Markdown: ruleHelpMarkdown(f)},
			DefaultConfiguration: sarifConfig{Level: sarifLevel(sev)},
			Properties: sarifRuleProps{
				Tags:             []string{"security", string(f.Kind)},
				SecuritySeverity: securitySeverity(sev),
				Precision:        "high",
			},
		})
	}
	return out, index
}

func sarifResultOf(r *Report, f Finding, ruleIndex int) sarifResult {
	loc := sarifPhysical{ArtifactLocation: sarifArtifact{URI: sarifURI(ciPath(r, f.Root, f.Path)), URIBaseID: sarifSrcRoot}}
	if f.Line > 0 {
		reg := &sarifRegion{StartLine: f.Line, EndLine: max(f.EndLine, f.Line)}
		if f.Column > 0 {
			reg.StartColumn = f.Column
			if f.EndColumn > 0 && (reg.EndLine > reg.StartLine || f.EndColumn > f.Column) {
				reg.EndColumn = f.EndColumn
			}
		}
		if f.Snippet != "" {
			reg.Snippet = &sarifText{Text: f.Snippet}
		}
		loc.Region = reg
	}
	return sarifResult{
		RuleID:              f.Rule,
		RuleIndex:           ruleIndex,
		Level:               sarifLevel(f.Severity),
		Message:             sarifMessage{Text: sentence(f)},
		Locations:           []sarifLocation{{PhysicalLocation: loc}},
		PartialFingerprints: map[string]string{sarifFingerprint: f.Fingerprint},
		Properties: sarifResultProps{
			Kind: string(f.Kind), Severity: string(f.Severity),
			AccountID: f.AccountID, Host: f.Host, Usage: f.Usage,
			Commit: f.Commit, CommitDate: f.CommitDate,
			InHead: f.InHead, Tracked: f.Tracked, SecretID: f.SecretID,
		},
	}
}

// sarifLevel maps a severity to a SARIF level: what must be fixed is an
// error, a call to rewrite a warning, a reference to review a note.
func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Critical, rules.High:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "note"
}

// securitySeverity is GitHub code scanning's score for a severity: above 9
// is shown as critical, 7 to 8.9 high, 4 to 6.9 medium, below 4 low.
func securitySeverity(s rules.Severity) string {
	switch s {
	case rules.Critical:
		return "9.0"
	case rules.High:
		return "7.0"
	case rules.Warning:
		return "4.0"
	}
	return "1.0"
}

func ruleDescription(f Finding, sev rules.Severity) string {
	return strings.TrimSuffix(f.Message, ".") + ". Finding kind: " + kindName(f.Kind) +
		" (" + string(f.Kind) + "), severity " + string(sev) + "."
}

func ruleHelpMarkdown(f Finding) string {
	return f.Remediation + "\n\n" +
		"Finding kind: `" + string(f.Kind) + "`. A false alarm? Add `patmigrate:ignore` in a comment on that line.\n\n" +
		"[patmigrate](" + sarifInfoURI + ") finds deprecated dbt Cloud credentials and cross-account API calls."
}

// camelCase turns a kebab-case rule id into a SARIF rule name:
// legacy-key-env becomes LegacyKeyEnv.
func camelCase(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		rs := []rune(part)
		b.WriteRune(unicode.ToUpper(rs[0]))
		b.WriteString(string(rs[1:]))
	}
	return b.String()
}

// sarifURI makes a slash-separated relative path a URI reference: spaces
// and other reserved characters are percent-encoded, and a first segment
// holding a colon is prefixed with ./ so it does not read as a scheme.
func sarifURI(p string) string {
	return (&url.URL{Path: p}).String()
}

// The SARIF 2.1.0 objects patmigrate writes, in the order their fields
// print. Names follow the specification.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool        sarifTool         `json:"tool"`
		Invocations []sarifInvocation `json:"invocations"`
		ColumnKind  string            `json:"columnKind"`
		Results     []sarifResult     `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Version        string      `json:"version,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string         `json:"id"`
		Name                 string         `json:"name"`
		ShortDescription     sarifText      `json:"shortDescription"`
		FullDescription      sarifText      `json:"fullDescription"`
		Help                 sarifHelp      `json:"help"`
		DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
		Properties           sarifRuleProps `json:"properties"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifHelp struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifRuleProps struct {
		Tags             []string `json:"tags"`
		SecuritySeverity string   `json:"security-severity"`
		Precision        string   `json:"precision"`
	}
	sarifInvocation struct {
		ExecutionSuccessful bool                `json:"executionSuccessful"`
		Notifications       []sarifNotification `json:"toolExecutionNotifications"`
		Properties          *sarifSummary       `json:"properties,omitempty"`
	}
	// sarifSummary is the scan's summary, in the invocation's property bag.
	sarifSummary struct {
		Findings string   `json:"findings"`
		Scanned  string   `json:"scanned"`
		Details  []string `json:"details,omitempty"`
	}
	sarifNotification struct {
		Level      string                  `json:"level"`
		Message    sarifMessage            `json:"message"`
		Locations  []sarifLocation         `json:"locations,omitempty"`
		Properties *sarifNotificationProps `json:"properties,omitempty"`
	}
	sarifNotificationProps struct {
		Commit string `json:"commit"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifMessage      `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Properties          sarifResultProps  `json:"properties"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId"`
	}
	sarifRegion struct {
		StartLine   int        `json:"startLine"`
		StartColumn int        `json:"startColumn,omitempty"`
		EndLine     int        `json:"endLine,omitempty"`
		EndColumn   int        `json:"endColumn,omitempty"`
		Snippet     *sarifText `json:"snippet,omitempty"`
	}
	sarifResultProps struct {
		Kind       string `json:"kind"`
		Severity   string `json:"severity"`
		AccountID  string `json:"account_id,omitempty"`
		Host       string `json:"host,omitempty"`
		Usage      string `json:"usage,omitempty"`
		Commit     string `json:"commit,omitempty"`
		CommitDate string `json:"commit_date,omitempty"`
		InHead     bool   `json:"in_head"`
		Tracked    bool   `json:"tracked"`
		SecretID   string `json:"secret_id,omitempty"`
	}
)
