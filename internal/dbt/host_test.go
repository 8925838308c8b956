package dbt

import "testing"

func TestAccountHost(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		// Every form of one multi-tenant host.
		{"cloud.getdbt.com", "cloud.getdbt.com"},
		{"Cloud.GetDBT.com", "cloud.getdbt.com"},
		{"https://cloud.getdbt.com", "cloud.getdbt.com"},
		{"https://cloud.getdbt.com/", "cloud.getdbt.com"},
		{"https://cloud.getdbt.com/api", "cloud.getdbt.com"},
		{"https://cloud.getdbt.com/api/v2/accounts/12345/", "cloud.getdbt.com"},
		{"HTTPS://CLOUD.GETDBT.COM:443/api", "cloud.getdbt.com"},
		{"cloud.getdbt.com:443", "cloud.getdbt.com"},
		{"cloud.getdbt.com?x=1", "cloud.getdbt.com"},
		{"cloud.getdbt.com#top", "cloud.getdbt.com"},
		{"emea.dbt.com", "emea.dbt.com"},
		{"au.dbt.com", "au.dbt.com"},

		// Cell-based hosts keep the account prefix and the cell.
		{"ab123.us1.dbt.com", "ab123.us1.dbt.com"},
		{"https://ab123.us1.dbt.com/api", "ab123.us1.dbt.com"},
		{"ab123.eu2.dbt.com", "ab123.eu2.dbt.com"},

		// Single tenant.
		{"acme.getdbt.com", "acme.getdbt.com"},

		// Discovery (metadata) and Semantic Layer hosts map back to the account's.
		{"metadata.cloud.getdbt.com", "cloud.getdbt.com"},
		{"https://metadata.cloud.getdbt.com/graphql", "cloud.getdbt.com"},
		{"semantic-layer.cloud.getdbt.com", "cloud.getdbt.com"},
		{"metadata.emea.dbt.com", "emea.dbt.com"},
		{"ab123.metadata.us1.dbt.com", "ab123.us1.dbt.com"},
		{"ab123.semantic-layer.us1.dbt.com", "ab123.us1.dbt.com"},
		{"jdbc:arrow-flight-sql://semantic-layer.cloud.getdbt.com:443?&environmentId=1&token=x", "cloud.getdbt.com"},
		{"metadata.acme.getdbt.com", "acme.getdbt.com"},

		// dbt's own sites and bare domains are not account hosts.
		{"docs.getdbt.com", ""},
		{"https://docs.getdbt.com/docs/dbt-cloud-apis", ""},
		{"www.getdbt.com", ""},
		{"hub.getdbt.com", ""},
		{"schemas.getdbt.com", ""},
		{"discourse.getdbt.com", ""},
		{"status.getdbt.com", ""},
		{"getdbt.com", ""},
		{"https://getdbt.com/pricing", ""},
		{"dbt.com", ""},
		{"metadata.getdbt.com", ""},
		{"semantic-layer.dbt.com", ""},
		{"", ""},
		// Other domains, and names that only end like dbt's.
		{"cloud.getdbt.com.evil.example", ""},
		{"notgetdbt.com", ""},
		{"api.example.com", ""},
		{"cloud.getdbt.com.", "cloud.getdbt.com"},
		{"https://", ""},
	}
	for _, tt := range tests {
		if got := AccountHost(tt.in); got != tt.want {
			t.Errorf("AccountHost(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
