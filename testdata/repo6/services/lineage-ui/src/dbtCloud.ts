import axios from "axios";

const DBT_TOKEN = process.env.DBT_CLOUD_TOKEN || "8335946e236f18e174939cff8ac8f27897366dd7";
const accountId = Number(process.env.DBT_CLOUD_ACCOUNT_ID ?? "31209");

const api = axios.create({
  baseURL: "https://cloud.getdbt.com",
  headers: { Authorization: `Token ${DBT_TOKEN}` },
});

// Hightouch is used for the reverse-ETL status badge
const hightouch = axios.create({ baseURL: "https://api.hightouch.com" });

export async function listAccounts() {
  const { data } = await api.get("/api/v3/accounts/");
  return data.data;
}

export async function recentRuns() {
  const { data } = await api.get(`/api/v3/accounts/${accountId}/runs/`);
  return data.data;
}

export async function hightouchAccounts() {
  return (await hightouch.get("/api/v2/accounts/")).data;
}
