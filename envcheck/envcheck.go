// Package envcheck classifies the dbt Cloud credentials a process can see at
// run time: the environment variables known to hold one, and the dbt Cloud
// CLI's dbt_cloud.yml. It tells a legacy user API key from a personal access
// token or a service token by shape alone, so a CI job can fail on a key kept
// in a secret store that no repository scan can see.
//
// Nothing in this package returns, logs or formats a credential's value:
// Result, ConfigResult and every error carry names, shapes, positions and
// advice only.
package envcheck

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"

	"github.com/patmigrate/patmigrate/internal/dbt"
)

// Shape is what a credential value looks like. The zero value is not a valid
// shape; Classify never returns it.
type Shape = dbt.Shape

// The shapes: those of package internal/dbt (DBT-CLOUD-FACTS §1), and the
// ones only a value read from an environment or a file can have.
const (
	ShapeLegacyUserKey       = dbt.ShapeLegacyUserKey // 40 lowercase hex characters, no prefix
	ShapePAT                 = dbt.ShapePAT           // dbtu_ + 50 of [A-Za-z0-9_-]
	ShapeServiceToken        = dbt.ShapeServiceToken  // dbtc_ + 50 of [A-Za-z0-9_-]
	ShapeUnrecognised        = dbt.ShapeUnrecognised  // anything else
	ShapeEmpty         Shape = "empty"                // nothing but spaces and quotes
	ShapeNotSet        Shape = "not-set"              // a name asked for (Check's extra) that is not in the environment
)

// Classify reports the shape of a credential value after trimming spaces,
// tabs, line breaks and quotes from both ends. A bare 40-hex string is a
// legacy user key only because the caller knows the value is a dbt
// credential: Classify is meant for values already known to be one.
func Classify(value string) Shape {
	v := strings.Trim(value, " \t\r\n\"'")
	if v == "" {
		return ShapeEmpty
	}
	return dbt.Classify(v)
}

// kind says how a variable holds its credential and who uses it, which
// decides the advice for a legacy key.
type kind int

const (
	kindEither    kind = iota // a person or automation: service token or PAT
	kindService               // named for a service token
	kindTerraform             // a Terraform variable: automation that manages configuration
	kindAirflow               // an Airflow connection: the token is the password of a URI or JSON
)

// credentialNames are the environment variables known to hold a dbt Cloud
// credential (DBT-CLOUD-FACTS §5), and how each holds it.
var credentialNames = map[string]kind{
	"DBT_CLOUD_TOKEN":                kindEither,  // dbt CLI, Terraform provider
	"DBT_CLOUD_API_TOKEN":            kindEither,  // dbt-cloud-cli; common secret name in workflows
	"DBT_CLOUD_API_KEY":              kindEither,  // dbtc (user key)
	"DBT_CLOUD_SERVICE_TOKEN":        kindService, // dbtc
	"DBT_API_KEY":                    kindEither,  // dbt-jobs-as-code
	"DBT_TOKEN":                      kindEither,  // dbt-mcp
	"TF_VAR_dbt_cloud_token":         kindTerraform,
	"TF_VAR_dbt_token":               kindTerraform,
	"TF_VAR_dbt_api_token":           kindTerraform,
	"AIRFLOW_CONN_DBT_CLOUD_DEFAULT": kindAirflow,
}

// airflowPrefix starts every Airflow connection variable. Besides the
// default connection, any AIRFLOW_CONN_ variable holding a dbt Cloud
// connection (scheme dbt-cloud, or JSON with conn_type dbt_cloud) is checked.
const airflowPrefix = "AIRFLOW_CONN_"

// CredentialNames returns the environment variable names known to hold a dbt
// Cloud credential, sorted. The caller owns the slice.
func CredentialNames() []string {
	names := make([]string, 0, len(credentialNames))
	for n := range credentialNames {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Result is the verdict on one environment variable: its name, the shape of
// its value and, when there is something to do, what. It never holds the
// value.
type Result struct {
	Name   string `json:"name"`
	Shape  Shape  `json:"shape"`
	Advice string `json:"advice,omitempty"`
}

// Check classifies every variable of env whose name is a known credential
// name (compared without regard to case), every AIRFLOW_CONN_ variable that
// holds a dbt Cloud connection, and every name in extra (compared exactly; a
// name in extra that env lacks is reported as ShapeNotSet). Results are
// sorted by name, one per name.
func Check(env map[string]string, extra []string) []Result {
	known := map[string]kind{}
	for n, k := range credentialNames {
		known[strings.ToUpper(n)] = k
	}
	picked := map[string]kind{}
	for name, value := range env {
		if k, ok := known[strings.ToUpper(name)]; ok {
			picked[name] = k
		} else if strings.HasPrefix(strings.ToUpper(name), airflowPrefix) && isAirflowDBTCloud(value) {
			picked[name] = kindAirflow
		}
	}
	var results []Result
	for _, name := range extra {
		if _, ok := picked[name]; ok {
			continue
		}
		if _, ok := env[name]; !ok {
			if !slices.ContainsFunc(results, func(r Result) bool { return r.Name == name }) {
				results = append(results, Result{Name: name, Shape: ShapeNotSet, Advice: "not set in this environment"})
			}
			continue
		}
		k := kindEither
		if strings.HasPrefix(strings.ToUpper(name), airflowPrefix) {
			k = kindAirflow
		}
		picked[name] = k
	}
	for name, k := range picked {
		results = append(results, classifyVar(name, env[name], k))
	}
	slices.SortFunc(results, func(a, b Result) int { return strings.Compare(a.Name, b.Name) })
	return results
}

func classifyVar(name, value string, k kind) Result {
	var shape Shape
	if k == kindAirflow {
		shape = classifyAirflow(value)
	} else {
		shape = Classify(value)
	}
	return Result{Name: name, Shape: shape, Advice: advice(shape, k)}
}

func advice(s Shape, k kind) string {
	switch s {
	case ShapeLegacyUserKey:
		switch k {
		case kindService:
			return "legacy user API key (dead since Oct 2024): replace it with a service token"
		case kindTerraform:
			return "legacy user API key (dead since Oct 2024): replace it with a service token " +
				"with the permission set Terraform needs (account_admin or project_creator)"
		case kindAirflow:
			return "legacy user API key (dead since Oct 2024) as the connection's password: replace it with a service token " +
				"with the least permission set the calls need (job_runner to trigger jobs, job_viewer to read runs)"
		}
		return "legacy user API key (dead since Oct 2024): replace it with a service token (automation: CI, " +
			"orchestration, Terraform) or a personal access token (your own CLI and development work), one per dbt Cloud account"
	case ShapeUnrecognised:
		if k == kindAirflow {
			return "not a dbt-cloud:// connection whose password looks like a dbt Cloud token: check what it holds"
		}
		return "not shaped like a dbt Cloud token: check what it holds"
	}
	return ""
}

// isAirflowDBTCloud says an Airflow connection variable's value is a dbt
// Cloud connection.
func isAirflowDBTCloud(value string) bool {
	_, ok := airflowPassword(value)
	return ok
}

// classifyAirflow classifies the password of an Airflow dbt Cloud
// connection, given as a URI (dbt-cloud://ACCOUNT:TOKEN@HOST) or as JSON.
func classifyAirflow(value string) Shape {
	if Classify(value) == ShapeEmpty {
		return ShapeEmpty
	}
	password, ok := airflowPassword(value)
	if !ok {
		return ShapeUnrecognised
	}
	return Classify(password)
}

// airflowPassword returns the password of an Airflow dbt Cloud connection.
// Errors from url.Parse quote their input, so they are dropped, never passed
// on.
func airflowPassword(value string) (string, bool) {
	v := strings.Trim(value, " \t\r\n\"'")
	if strings.HasPrefix(v, "{") {
		var conn struct {
			ConnType string `json:"conn_type"`
			Password string `json:"password"`
		}
		if json.Unmarshal([]byte(v), &conn) != nil || !isDBTCloudConnType(conn.ConnType) {
			return "", false
		}
		return conn.Password, true
	}
	u, err := url.Parse(v)
	if err != nil || !isDBTCloudConnType(u.Scheme) {
		return "", false
	}
	if u.User == nil {
		return "", true
	}
	password, set := u.User.Password()
	if !set {
		// dbt-cloud://TOKEN@host: the token in the login slot, where
		// Airflow does not read it, but a credential all the same.
		if login := u.User.Username(); Classify(login) != ShapeUnrecognised {
			return login, true
		}
	}
	return password, true
}

// isDBTCloudConnType accepts the connection type dbt_cloud and its URI
// spelling dbt-cloud.
func isDBTCloudConnType(t string) bool {
	return strings.EqualFold(strings.ReplaceAll(t, "-", "_"), "dbt_cloud")
}

// FromEnviron turns os.Environ's KEY=VALUE list into a map. Entries without
// a name (Windows' "=C:=C:\" entries) are skipped; a later duplicate wins.
func FromEnviron(environ []string) map[string]string {
	env := make(map[string]string, len(environ))
	for _, kv := range environ {
		name, value, ok := strings.Cut(kv, "=")
		if ok && name != "" {
			env[name] = value
		}
	}
	return env
}
