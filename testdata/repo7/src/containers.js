const Docker = require("dockerode");
const docker = new Docker();

const DBT_KEY = process.env.DBT_CLOUD_API_KEY || "f9730c05ba818f8ea5ee487a810e685f6c2035f5";
const COMMIT = process.env.DBT_CLOUD_GIT_SHA || "8973b4a35dd47bc96f512a5981952fc77d75cb4b";

async function run() {
  return docker.createContainer({
    Image: "ghcr.io/acme/dbt-runner:1.4.2",
    Env: [
      "DBT_CLOUD_ACCOUNT_ID=40029",
      "DBT_CLOUD_API_TOKEN=dbtc_XEgkRsDRMTtB9zCqFyq3tngBP9Ma2mYzI2nlcEmG8TINhs6nf1",
      "GIT_COMMIT=408811f15f863fc3b042490e3b2ff681123c0267",
      `DBT_CLOUD_API_KEY=${DBT_KEY}`,
      `BUILD=${COMMIT}`,
    ],
  });
}
module.exports = { run };
