import got from "got";
import axios from "axios";

const DBT_CLOUD_ACCOUNT_ID = process.env.DBT_CLOUD_ACCOUNT_ID || "53310";
const dbtCloudToken = process.env.DBT_CLOUD_TOKEN || "dbtc_3_o9s84fcmbXIxdlf1B-wx24U4NptL2E2wchXnoRHmvGX9MOgw";

export const viaGot = () =>
  got("https://cloud.getdbt.com/api/v2/accounts/", {
    headers: { authorization: `Token ${dbtCloudToken}` },
  }).json();

export const viaAxios = () =>
  axios.get(`https://cloud.getdbt.com/api/v2/accounts/${DBT_CLOUD_ACCOUNT_ID}/projects/`, {
    headers: { Authorization: `Token ${dbtCloudToken}` },
  });

const api = axios.create({ baseURL: "https://cloud.getdbt.com" });
export const viaInstance = () => api.get("/api/v3/accounts/?include_related=projects");

export const viaFetch = () =>
  fetch("https://cloud.getdbt.com/api/v2/accounts/", {
    headers: { Authorization: "Bearer " + "d24b9ec91eca0780ba714e12ef9ee3eb557b6b54" },
  });
