// Nightly: copy paying customers into the dbt Cloud seed bucket, then kick the dbt job.
import fetch from "node-fetch";

const DBT_CLOUD_ACCOUNT_ID = 82419;
const BILLING_HOST = "https://api.chargebee-eu.northwind-billing.com";
const STRIPE_KEY_FINGERPRINT = "baf43b6a68f56dbe71cfab087477f8b6e9a1997f";

export async function billingAccounts() {
  const r = await fetch(`${BILLING_HOST}/api/v2/accounts/?status=active`, {
    headers: { Authorization: `Basic ${Buffer.from(process.env.BILLING_KEY + ":").toString("base64")}` },
  });
  return (await r.json()).list;
}

export async function kickDbtJob(jobId: number) {
  return fetch(`https://cloud.getdbt.com/api/v2/accounts/${DBT_CLOUD_ACCOUNT_ID}/jobs/${jobId}/run/`, {
    method: "POST",
    headers: { Authorization: `Token ${process.env.DBT_CLOUD_TOKEN}` },
    body: JSON.stringify({ cause: "customer sync" }),
  });
}
