package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/patmigrate/patmigrate/rules"
)

// PlanVersion is the version of the plan file format.
const PlanVersion = 1

// Plan is the migration to carry out, written by `patmigrate plan` for a
// person to review and edit, and executed by `patmigrate apply`: per dbt
// Cloud account, the legacy keys found and, for each place one is used
// today, the token to create in its stead.
type Plan struct {
	Version  int           `yaml:"version"`
	Accounts []PlanAccount `yaml:"accounts"`
}

// PlanAccount is what one account needs. Apply creates tokens only in an
// account with a known ID: a person fills in account_id where the scan
// could not tell.
type PlanAccount struct {
	AccountID int    `yaml:"account_id"`
	Host      string `yaml:"host"`
	// UserID is the dbt Cloud user who will own the PATs of this account;
	// apply fills it from --user-id or --user-email when it is 0.
	UserID  int              `yaml:"user_id,omitempty"`
	Legacy  []PlanCredential `yaml:"legacy_keys,omitempty"`
	Exposed []PlanExposed    `yaml:"exposed_tokens,omitempty"`
	// Calls lists the cross-account and legacy-endpoint calls to rewrite
	// (path:line: message); References, the secret references whose secret
	// may hold a legacy key. Both are for the person: apply ignores them.
	Calls      []string `yaml:"calls_to_rewrite,omitempty"`
	References []string `yaml:"references_to_review,omitempty"`
}

// PlanCredential is one legacy key (by its secret id) and its sites.
type PlanCredential struct {
	SecretID string     `yaml:"secret_id"`
	Secret   string     `yaml:"secret"` // redacted, to recognise it
	Sites    []PlanSite `yaml:"sites"`
	// HistoryOnly lists where the key is only in past commits: nothing to
	// replace there, but the key must be revoked and counts as exposed.
	HistoryOnly []string `yaml:"history_only,omitempty"`
}

// PlanSite is one place a legacy key is used today, and its replacement.
type PlanSite struct {
	// ID names the site in the secrets file and the journal; unique within
	// the plan.
	ID            string `yaml:"id"`
	Location      string `yaml:"location"` // root/path:line
	Usage         string `yaml:"usage,omitempty"`
	Replacement   string `yaml:"replacement"` // service-token or pat
	PermissionSet string `yaml:"permission_set,omitempty"`
	ProjectID     int    `yaml:"project_id,omitempty"` // scopes the permission set to one project
	Name          string `yaml:"name"`                 // of the token to create
}

// PlanExposed is a PAT or service token committed somewhere: rotate it by
// hand (its owner decides), it is listed so the plan is complete.
type PlanExposed struct {
	SecretID  string   `yaml:"secret_id"`
	Secret    string   `yaml:"secret"`
	Kind      string   `yaml:"kind"`
	Locations []string `yaml:"locations"`
}

// NewPlan builds the plan of a report from its checklist.
func NewPlan(r *Report) *Plan {
	p := &Plan{Version: PlanVersion, Accounts: []PlanAccount{}}
	ids, names := map[string]int{}, map[string]int{}
	for _, g := range NewChecklist(r).Accounts {
		a := PlanAccount{Host: g.Host}
		a.AccountID, _ = strconv.Atoi(g.AccountID)
		for _, c := range g.Credentials {
			if c.Kind != rules.LegacyUserKey {
				e := PlanExposed{SecretID: c.SecretID, Secret: c.Secret, Kind: string(c.Kind)}
				for _, s := range c.Sites {
					e.Locations = appendNew(e.Locations, s.Location())
				}
				a.Exposed = append(a.Exposed, e)
				continue
			}
			pc := PlanCredential{SecretID: c.SecretID, Secret: c.Secret, Sites: []PlanSite{}}
			seen := map[string]bool{}
			for _, s := range c.Sites {
				if s.Commit != "" && !s.InHead {
					pc.HistoryOnly = appendNew(pc.HistoryOnly, s.File()+"@"+short(s.Commit))
					continue
				}
				file := s.File()
				if seen[file] {
					continue // one replacement per file, however often the key appears in it
				}
				seen[file] = true
				ps := PlanSite{
					ID:            uniqueID(ids, slug(path.Base(s.Path), s.Usage)),
					Location:      s.Location(),
					Usage:         s.Usage,
					Replacement:   s.Replacement.Type,
					PermissionSet: s.Replacement.PermissionSet,
				}
				// Apply finds a token made by an interrupted run by its name,
				// so names are unique within the plan.
				ps.Name = uniqueName(names, tokenName(ps, s.Path))
				pc.Sites = append(pc.Sites, ps)
			}
			a.Legacy = append(a.Legacy, pc)
		}
		for _, f := range g.Calls {
			a.Calls = append(a.Calls, f.Location()+": "+f.Message)
		}
		for _, f := range g.References {
			a.References = append(a.References, f.Location()+": "+f.Message)
		}
		p.Accounts = append(p.Accounts, a)
	}
	return p
}

// File is the finding's file as the person ran the scan: the target's root
// joined to the path.
func (f Finding) File() string {
	if f.Root == "" || f.Root == "." {
		return f.Path
	}
	return strings.TrimSuffix(f.Root, "/") + "/" + f.Path
}

// Location is file:line, with @commit where the finding is only in history.
func (f Finding) Location() string {
	l := fmt.Sprintf("%s:%d", f.File(), f.Line)
	if f.Commit != "" && !f.InHead {
		l += "@" + short(f.Commit)
	}
	return l
}

func short(commit string) string { return commit[:min(len(commit), 12)] }

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// slug makes a site id from a file name and usage: lower-case letters,
// digits and dashes, so that it also makes a variable name.
func slug(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		for _, r := range strings.ToLower(p) {
			switch {
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
				b.WriteRune(r)
			case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
				b.WriteByte('-')
			}
		}
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		s = "site"
	}
	return s
}

// uniqueID returns id, or id-2, id-3, ... if it is taken, and marks the
// result taken.
func uniqueID(used map[string]int, id string) string {
	return unique(used, id, "%s-%d")
}

func uniqueName(used map[string]int, name string) string {
	return unique(used, name, "%s (%d)")
}

func unique(used map[string]int, v, format string) string {
	out := v
	for n := 2; used[out] > 0; n++ {
		out = fmt.Sprintf(format, v, n)
	}
	used[out]++
	return out
}

// tokenName proposes a token name a person recognises in dbt Cloud's token
// list: the tool, the usage and the file.
func tokenName(s PlanSite, file string) string {
	name := "patmigrate " + file
	if s.Usage != "" && s.Usage != "other" {
		name = "patmigrate " + s.Usage + " " + file
	}
	if r := []rune(name); len(r) > 64 {
		name = string(r[:61]) + "..." // never split a character: apply matches names exactly
	}
	return name
}

// WritePlan writes p as YAML, with a header saying what the file is.
func WritePlan(w io.Writer, p *Plan) error {
	var b bytes.Buffer
	b.WriteString("# patmigrate migration plan: review it, edit it (drop a site, change a\n" +
		"# permission_set or name, fill in an unknown account_id), then run\n" +
		"#   patmigrate apply PLAN   (a dry run; --yes creates the tokens)\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(p); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// ReadPlan reads and checks a plan file: what apply would act on must make
// sense before the first call.
func ReadPlan(file string) (*Plan, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var p Plan
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true) // a misspelt key must not be silently ignored
	if err := dec.Decode(&p); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("%s", planErrors(file, te.Errors))
		}
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if p.Version != PlanVersion {
		return nil, fmt.Errorf("%s: version %d, want %d", file, p.Version, PlanVersion)
	}
	ids, names := map[string]bool{}, map[string]bool{}
	for _, a := range p.Accounts {
		for _, c := range a.Legacy {
			for _, s := range c.Sites {
				if err := s.check(); err != nil {
					return nil, fmt.Errorf("%s: account %d: %w", file, a.AccountID, err)
				}
				if ids[s.ID] {
					return nil, fmt.Errorf("%s: site id %q appears twice", file, s.ID)
				}
				ids[s.ID] = true
				// Apply finds a token an interrupted run made by its name.
				key := strconv.Itoa(a.AccountID) + "\x00" + s.Replacement + "\x00" + s.Name
				if names[key] {
					return nil, fmt.Errorf("%s: account %d: two %s sites are named %q; apply needs each name once", file, a.AccountID, s.Replacement, s.Name)
				}
				names[key] = true
			}
		}
	}
	return &p, nil
}

func (s PlanSite) check() error {
	switch {
	case s.ID == "" || slug(s.ID) != s.ID:
		return fmt.Errorf("site %q: id must be lower-case letters, digits and dashes", s.ID)
	case s.Name == "":
		return fmt.Errorf("site %s: name is empty", s.ID)
	case !utf8.ValidString(s.Name):
		return fmt.Errorf("site %s: name is not valid UTF-8", s.ID)
	case s.Replacement == PAT && s.PermissionSet != "":
		return fmt.Errorf("site %s: a pat takes no permission_set", s.ID)
	case s.Replacement == PAT:
		return nil
	case s.Replacement != ServiceToken:
		return fmt.Errorf("site %s: replacement %q is not service-token or pat", s.ID, s.Replacement)
	case !snakeCase(s.PermissionSet):
		// dbt documents no closed list of permission sets, so the shape is
		// checked here and the name is left to the API to accept.
		return fmt.Errorf("site %s: permission_set %q is not a permission set name (job_runner, metadata_only, ...)", s.ID, s.PermissionSet)
	}
	return nil
}

func snakeCase(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '_' {
			return false
		}
	}
	return s != ""
}

// WritePlanText prints p for a person: per account, each legacy key with
// the token to create at each site, then what to rewrite and review.
func WritePlanText(w io.Writer, p *Plan) error {
	var b strings.Builder
	if len(p.Accounts) == 0 {
		b.WriteString("Nothing to migrate: the report has no dbt Cloud credentials or calls.\n")
	}
	for i, a := range p.Accounts {
		if i > 0 {
			b.WriteByte('\n')
		}
		acct := "Unknown account (fill in account_id before apply)"
		if a.AccountID != 0 {
			acct = "Account " + strconv.Itoa(a.AccountID)
		}
		if a.Host != "" {
			acct += " on " + a.Host
		}
		b.WriteString(acct + "\n")
		for _, c := range a.Legacy {
			fmt.Fprintf(&b, "  legacy key %s (%s)\n", c.Secret, c.SecretID)
			for _, s := range c.Sites {
				what := "personal access token"
				if s.Replacement == ServiceToken {
					what = "service token, " + s.PermissionSet
				}
				fmt.Fprintf(&b, "    [%s] %s: create a %s %q\n", s.ID, s.Location, what, s.Name)
			}
			for _, h := range c.HistoryOnly {
				fmt.Fprintf(&b, "    in history only: %s (revoke the key; nothing to replace)\n", h)
			}
		}
		for _, e := range a.Exposed {
			fmt.Fprintf(&b, "  exposed %s %s: rotate it by hand, at %s\n", e.Kind, e.Secret, strings.Join(e.Locations, ", "))
		}
		for _, c := range a.Calls {
			fmt.Fprintf(&b, "  rewrite: %s\n", c)
		}
		for _, r := range a.References {
			fmt.Fprintf(&b, "  review: %s\n", r)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// planErrors words yaml.v3's decoding errors ("line 4: field hots not
// found in type report.PlanAccount") as file:line: problem, one per line.
func planErrors(file string, errs []string) string {
	var b strings.Builder
	for i, e := range errs {
		if i > 0 {
			b.WriteByte('\n')
		}
		line, msg, ok := strings.Cut(strings.TrimPrefix(e, "line "), ": ")
		if !ok {
			fmt.Fprintf(&b, "%s: %s", file, e)
			continue
		}
		if field, _, ok := strings.Cut(strings.TrimPrefix(msg, "field "), " not found in type"); ok && strings.HasPrefix(msg, "field ") {
			msg = "unknown key " + field
		} else if i := strings.Index(msg, " into "); i >= 0 {
			msg = msg[:i] + " where another type is expected"
		}
		fmt.Fprintf(&b, "%s:%s: %s", file, line, msg)
	}
	return b.String()
}
