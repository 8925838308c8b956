export const config = {
  dbtCloudHost: "cloud.getdbt.com",
  dbtCloudAccountId: 4412,
  dbtCloudApiKey: process.env.DBT_CLOUD_API_KEY ?? "a99dc342130f69973b45d315bc5086388fcbbc30",
  sentryDsn: "https://24d63fb3e4613f4a24753d4ccead9084@o4501.ingest.sentry.io/4506",
};
