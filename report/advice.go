package report

// Replacement is the credential to create in place of a legacy key at one
// site, following dbt's guidance: service tokens for automation, personal
// access tokens for a person's own development and CLI use.
type Replacement struct {
	Type          string // "service-token" or "pat"
	PermissionSet string // the least-privilege set for a service token
}

// Token types of a Replacement.
const (
	ServiceToken = "service-token"
	PAT          = "pat"
)

// personalUsages are the places only a person uses: a PAT belongs there.
var personalUsages = map[string]bool{
	"dbt-cloud-cli": true, "dotenv": true, "notebook": true, "dbt-mcp": true,
}

// permissionSets gives the least permission set a usage's calls need:
// orchestrators and CI trigger jobs, catalogs read metadata, Terraform and
// Pulumi manage configuration.
var permissionSets = map[string]string{
	"terraform": "account_admin", "pulumi": "account_admin",
	"datahub": "metadata_only", "openmetadata": "metadata_only",
}

// Advise recommends the replacement for a site of the given usage. Anything
// not known to be personal is treated as automation: code and configuration
// committed to a repository usually run unattended, and a service token is
// the safe default there.
func Advise(usage string) Replacement {
	if personalUsages[usage] {
		return Replacement{Type: PAT}
	}
	ps := permissionSets[usage]
	if ps == "" {
		ps = "job_runner"
	}
	return Replacement{Type: ServiceToken, PermissionSet: ps}
}

// String says the replacement in words.
func (r Replacement) String() string {
	if r.Type == PAT {
		return "personal access token"
	}
	return "service token (" + r.PermissionSet + ")"
}
