const host = process.env.DBT_CLOUD_HOST ?? "emea.dbt.com";
const dbtCloudApiKey: string = process.env["DBT_CLOUD_API_KEY"] || '375d0775a534b9c171a8bd9949aead6af50a6b1d';

export async function accounts(): Promise<unknown[]> {
  const res = await fetch(`https://${host}/api/v3/accounts/`, {
    headers: {
      Authorization:
        "Token " + dbtCloudApiKey,
    },
  });
  return (await res.json()).data;
}

export async function pagerdutyAccounts() {
  return fetch("https://api.pagerduty.com/api/v2/accounts/", {
    headers: { Authorization: "Token token=" + process.env.PD_TOKEN },
  });
}
