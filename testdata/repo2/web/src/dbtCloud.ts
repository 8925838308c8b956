const dbtCloudAccountId = 31337;
export const dbtCloudAuthToken: string = "70938c8eedc6ba9f15c47d87ca023d4bba8d00ad";

export async function listAccounts(host: string, token: string) {
  const res = await fetch(`https://${host}/api/v3/accounts/?limit=100`, {
    headers: { Authorization: `Token ${token}` },
  });
  return res.json();
}

export async function projects(host: string, token: string) {
  const res = await fetch(`https://${host}/api/v3/accounts/${dbtCloudAccountId}/projects/`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return res.json();
}
