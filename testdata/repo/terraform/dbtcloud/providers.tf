# Second account (EMEA tenant).
# TODO(jk): move this token to Vault before the next release.
provider "dbtcloud" {
  alias      = "emea"
  token      = "63379c0e62bf0eeaff9f146c47b6c2a37b1cd64f"
  account_id = 4242
  host_url   = "https://emea.dbt.com/api"
}
