import axios, { AxiosInstance } from "axios";

export const DBT_CLOUD_ACCOUNT_ID = Number(process.env.DBT_CLOUD_ACCOUNT_ID ?? 82419);
const token = process.env.DBT_CLOUD_TOKEN || "dbtc_EBfszW7QEFiHPV_2_UwfbRz66Sx7Q6v_alYPO5zBtcvZgMrvpr";
const legacyKey: string = process.env.DBT_CLOUD_API_KEY ?? "5a256eb3df0083b2ff34a1798e822f5dee9e3a77";
const readOnly = process.env.DBT_CLOUD_READONLY_TOKEN;

export const dbtCloud: AxiosInstance = axios.create({
  baseURL: "https://cloud.getdbt.com",
  headers: { Authorization: `Token ${token}`, Accept: "application/json" },
  timeout: 30_000,
});

export interface Account {
  id: number;
  name: string;
  plan: string;
}

export async function listAccounts(): Promise<Account[]> {
  const { data } = await dbtCloud.get("/api/v3/accounts/");
  return data.data;
}

export async function listJobs(accountId: number = DBT_CLOUD_ACCOUNT_ID) {
  const { data } = await dbtCloud.get(`/api/v2/accounts/${accountId}/jobs/`);
  return data.data;
}

export const legacyClient = axios.create({
  baseURL: "https://cloud.getdbt.com",
  headers: { Authorization: `Token ${legacyKey}` },
});

export { readOnly };
