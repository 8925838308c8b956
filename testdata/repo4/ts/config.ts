export interface DbtCloudConfig {
  host: string;
  accountId: number;
  token: string;
}

export const dbtCloud: DbtCloudConfig = {
  host: process.env.DBT_CLOUD_HOST ?? "cloud.getdbt.com",
  accountId: Number(process.env.DBT_CLOUD_ACCOUNT_ID ?? 12),
  token: process.env.DBT_CLOUD_SERVICE_TOKEN ?? "dbtc_-dU_0FUUy0F8avLXGexK9b8aUDmcYufL86bUXTSrqjX_syWXTV",
};

export const github = {
  token: process.env.GITHUB_TOKEN ?? "ghp_89DhAHTRAvjnQKysjzrqH5YxGf7q98HtP1xh",
};

export const build = {
  gitSha: process.env.DBT_CLOUD_GIT_SHA ?? "10ebbea505481b8f4e1f04acaf02e4bf0fea310d",
};
