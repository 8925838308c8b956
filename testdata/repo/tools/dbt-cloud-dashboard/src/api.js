// dbt Cloud Admin API helpers for the internal dashboard.
const HOST = import.meta.env.VITE_DBT_CLOUD_HOST || "acme.getdbt.com";
const headers = {
  Authorization: `Bearer ${import.meta.env.VITE_DBT_CLOUD_API_TOKEN}`,
  Accept: "application/json",
};

export async function listAccounts() {
  const res = await fetch(`https://${HOST}/api/v3/accounts/`, { headers });
  return (await res.json()).data;
}

export async function listJobs(accountId) {
  const res = await fetch(`https://${HOST}/api/v2/accounts/${accountId}/jobs/`, { headers });
  return (await res.json()).data;
}
