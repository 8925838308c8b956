package envcheck

import (
	"cmp"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// DownloadAdvice is what to do about a legacy credential in dbt_cloud.yml.
const DownloadAdvice = "download a new dbt_cloud.yml from dbt Cloud (Account settings → API tokens)"

// ConfigResult is the verdict on one credential of a dbt Cloud CLI
// configuration: where it is, the project and account it is for, and the
// shape of its value. It never holds the value.
type ConfigResult struct {
	Path        string `json:"path"`
	Line        int    `json:"line"` // 1-based, of the value (or of the project when it has none)
	Key         string `json:"key"`  // "token-value", or "api-key" in the legacy format
	ProjectID   string `json:"project_id,omitempty"`
	AccountID   string `json:"account_id,omitempty"`
	AccountHost string `json:"account_host,omitempty"`
	Shape       Shape  `json:"shape"`
	// Legacy says the entry must be replaced: an api-key entry that holds
	// anything, or a value shaped like a legacy user key.
	Legacy bool   `json:"legacy"`
	Advice string `json:"advice,omitempty"`
}

// CheckConfig reads a dbt Cloud CLI configuration (~/.dbt/dbt_cloud.yml) and
// returns one ConfigResult per credential in it, in file order: one per entry
// of projects (its token-value, its legacy api-key, or the legacy top-level
// api-key when it has neither), or a single one for a top-level api-key when
// no projects are listed. Unknown keys are ignored. An error names the file and
// line and never quotes the file's content.
func CheckConfig(path string) ([]ConfigResult, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, syntaxError(path, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil // an empty file
	}
	root := resolve(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: want a mapping at the top level", path, root.Line)
	}
	c := &configReader{path: path}
	return c.read(root)
}

type configReader struct {
	path    string
	results []ConfigResult
	usedTop bool // the top-level api-key was reported for a project
}

// project is the non-secret part of a project entry, or of the top level of
// the legacy format.
type project struct {
	id, account, host string
}

func (c *configReader) read(root *yaml.Node) ([]ConfigResult, error) {
	var top project
	var apiKey *yaml.Node
	var projects *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, value := root.Content[i].Value, resolve(root.Content[i+1])
		switch key {
		case "api-key":
			apiKey = value
		case "projects":
			projects = value
		case "context":
			if value.Kind == yaml.MappingNode {
				var ctx project
				if err := c.fields(value, "context", &ctx, nil, nil); err != nil {
					return nil, err
				}
				top.id = ctx.id
				top.host = ctx.host
			}
		}
	}
	// The top level may name its project and account directly.
	if err := c.fields(root, "", &top, nil, nil); err != nil {
		return nil, err
	}
	if projects != nil && projects.Kind == yaml.ScalarNode && projects.Tag == "!!null" {
		projects = nil
	}
	if projects != nil && projects.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d: projects: want a list of projects", c.path, projects.Line)
	}
	if apiKey != nil && (projects == nil || len(projects.Content) == 0) {
		if err := c.add(apiKey, "api-key", "api-key", top); err != nil {
			return nil, err
		}
	}
	if projects == nil {
		return c.results, nil
	}
	for i, n := range projects.Content {
		if err := c.readProject(resolve(n), i, apiKey); err != nil {
			return nil, err
		}
	}
	// A legacy top-level api-key is reported even when every project has
	// a credential of its own: it is still a user key in the file.
	if apiKey != nil && !c.usedTop {
		if err := c.add(apiKey, "api-key", "api-key", top); err != nil {
			return nil, err
		}
	}
	return c.results, nil
}

// readProject reads the i'th entry of projects. apiKey is the legacy
// top-level api-key, the credential of a project that has none of its own.
func (c *configReader) readProject(n *yaml.Node, i int, apiKey *yaml.Node) error {
	where := "projects[" + strconv.Itoa(i) + "]"
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("%s:%d: %s: want a mapping", c.path, n.Line, where)
	}
	var p project
	var tokenValue, key *yaml.Node
	if err := c.fields(n, where, &p, &tokenValue, &key); err != nil {
		return err
	}
	if key != nil {
		if err := c.add(key, "api-key", where+".api-key", p); err != nil {
			return err
		}
	}
	switch {
	case tokenValue != nil:
		return c.add(tokenValue, "token-value", where+".token-value", p)
	case key != nil:
		return nil
	case apiKey != nil:
		c.usedTop = true
		return c.add(apiKey, "api-key", "api-key", p)
	}
	// A project without a credential.
	c.results = append(c.results, ConfigResult{Path: c.path, Line: n.Line, Key: "token-value",
		ProjectID: p.id, AccountID: p.account, AccountHost: p.host, Shape: ShapeEmpty})
	return nil
}

// fields reads the project's non-secret scalars from a mapping, and, when
// asked, where its token-value and api-key are. A field that is not a scalar
// is an error.
func (c *configReader) fields(m *yaml.Node, where string, p *project, tokenValue, apiKey **yaml.Node) error {
	for i := 0; i+1 < len(m.Content); i += 2 {
		key, value := m.Content[i].Value, resolve(m.Content[i+1])
		var dst *string
		switch key {
		case "project-id", "active-project":
			dst = &p.id
		case "account-id":
			dst = &p.account
		case "account-host", "active-host":
			dst = &p.host
		case "token-value":
			if tokenValue != nil {
				*tokenValue = value
			}
			continue
		case "api-key":
			if apiKey != nil {
				*apiKey = value
			}
			continue
		default:
			continue
		}
		if value.Kind != yaml.ScalarNode {
			return fmt.Errorf("%s:%d: %s: want a single value", c.path, value.Line, join(where, key))
		}
		*dst = value.Value
	}
	return nil
}

// add classifies one credential. key is what the file calls it, where the
// path to it for errors.
func (c *configReader) add(n *yaml.Node, key, where string, p project) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("%s:%d: %s: want a single value", c.path, n.Line, where)
	}
	value := n.Value
	if n.Tag == "!!null" {
		value = ""
	}
	r := ConfigResult{Path: c.path, Line: n.Line, Key: key,
		ProjectID: p.id, AccountID: p.account, AccountHost: p.host, Shape: Classify(value)}
	r.Legacy = r.Shape == ShapeLegacyUserKey || key == "api-key" && r.Shape != ShapeEmpty
	switch {
	case r.Legacy:
		r.Advice = fmt.Sprintf("project %s, account %s: %s", cmp.Or(p.id, "unknown"), cmp.Or(p.account, "unknown"), DownloadAdvice)
	case r.Shape == ShapeUnrecognised:
		r.Advice = "not shaped like a dbt Cloud token: check what it holds"
	}
	c.results = append(c.results, r)
	return nil
}

func join(where, key string) string {
	if where == "" {
		return key
	}
	return where + "." + key
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

var (
	yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	// longRun matches anything long enough to be a credential; a parser
	// message is words, so scrubbing these loses nothing.
	longRun = regexp.MustCompile(`[A-Za-z0-9_\-+/=.]{16,}`)
)

// syntaxError rewrites a YAML parser error as path:line: problem, with
// anything that could be a credential scrubbed from the parser's words.
func syntaxError(path string, err error) error {
	msg := err.Error()
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	msg = longRun.ReplaceAllString(msg, "…")
	if line > 0 {
		return fmt.Errorf("%s:%d: not valid YAML: %s", path, line, msg)
	}
	return fmt.Errorf("%s: not valid YAML: %s", path, msg)
}
