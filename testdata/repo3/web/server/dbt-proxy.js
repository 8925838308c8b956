// Express proxy so the browser never sees the dbt Cloud token.
const express = require("express");

const router = express.Router();
const DBT_CLOUD_ACCOUNT_ID = process.env.DBT_CLOUD_ACCOUNT_ID || "82455";

router.get("/accounts", async (_req, res) => {
  const r = await fetch("https://cloud.getdbt.com/api/v2/accounts/", {
    headers: {
      Authorization: "Bearer " + "dbtu_iTI-NoXHQgWTlocKO41pPKfS556aFLu1ArNbUhES3wHfpSKZ4s",
      Accept: "application/json",
    },
  });
  res.status(r.status).json(await r.json());
});

router.get("/runs", async (_req, res) => {
  const url = "https://cloud.getdbt.com/api/v2/accounts/" +
    DBT_CLOUD_ACCOUNT_ID + "/runs/?limit=20";
  const r = await fetch(url, { headers: { Authorization: `Token ${process.env.DBT_CLOUD_TOKEN}` } });
  res.status(r.status).json(await r.json());
});

module.exports = router;
