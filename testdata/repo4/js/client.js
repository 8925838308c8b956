const axios = require("axios");

const DBT_CLOUD_TOKEN = process.env.DBT_CLOUD_TOKEN || "dbtc_FnsS98ARn0cJF8b8SsMpWCPsMioPVCSablLYGCfyiaKrikM3ea";
const api = axios.create({
  baseURL: "https://cloud.getdbt.com",
  headers: { Authorization: `Token ${DBT_CLOUD_TOKEN}` },
});

async function listAccounts() {
  const { data } = await api.get("/api/v2/accounts/");
  return data.data;
}

async function listJobs(accountId) {
  const { data } = await api.get("/api/v2/accounts/" + accountId + "/jobs/");
  return data.data;
}

module.exports = { listAccounts, listJobs };
