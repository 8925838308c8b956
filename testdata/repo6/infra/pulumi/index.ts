import * as dbtcloud from "@pulumi/dbtcloud";

// Secondary provider for the finance account, created by hand.
const finance = new dbtcloud.Provider("finance", {
  accountId: 40026,
  token: "0711a934bcbfd70d3499b03618492e5e5e832bf2",
  hostUrl: "https://cloud.getdbt.com/api",
});

const pinnedCommit = "c098bf9354d5a5303df5f1f95c59c452ab2b8729"; // dbt-acme-macros

export const project = new dbtcloud.Project("finance", { name: "Finance" }, { provider: finance });
