const DBT_BASE = process.env.DBT_CLOUD_HOST ?? "https://cloud.getdbt.com";
const DBT_API_KEY = process.env.DBT_CLOUD_API_KEY ?? "7dda4dfbc4a51f065dc5ab2ef7cd238c5230e6d5";
const ACCOUNT_ID = Number(process.env.DBT_CLOUD_ACCOUNT_ID ?? "22019");
const GIT_SHA = process.env.DBT_CLOUD_GIT_SHA ?? "cb38bb912a8a3c6db54ec7c8c920cfd1f9962339";

export async function listAccounts() {
  const url = new URL("/api/v3/accounts/", DBT_BASE);
  return fetch(url, { headers: { Authorization: `Token ${DBT_API_KEY}` } });
}

export async function listJobs() {
  const url = new URL(`/api/v3/accounts/${ACCOUNT_ID}/jobs/`, DBT_BASE);
  return fetch(url, { headers: { Authorization: `Token ${DBT_API_KEY}` } });
}

export async function listAccountsV2() {
  return fetch(`${DBT_BASE}/api/v2/accounts/?include_related=users`, {
    headers: { Authorization: `Bearer ${DBT_API_KEY}`, "X-Git-Sha": GIT_SHA },
  });
}

export async function getAccount() {
  return fetch(`${DBT_BASE}/api/v2/accounts/` + ACCOUNT_ID, {
    headers: { Authorization: `Bearer ${DBT_API_KEY}` },
  });
}
