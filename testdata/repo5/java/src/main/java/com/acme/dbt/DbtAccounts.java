package com.acme.dbt;

import okhttp3.OkHttpClient;
import okhttp3.Request;

public class DbtAccounts {
    private static final String DBT_CLOUD_ACCOUNT_ID = "39004";
    private static final String DBT_CLOUD_API_KEY = System.getenv().getOrDefault("DBT_CLOUD_API_KEY", "d1b5c6f9eaaf02e4aa16afc838bca7d05fe359c4");

    public static void main(String[] args) throws Exception {
        OkHttpClient client = new OkHttpClient();
        Request req = new Request.Builder()
            .url("https://cloud.getdbt.com/api/v2/accounts/")
            .header("Authorization", String.format("Token %s", DBT_CLOUD_API_KEY))
            .build();
        System.out.println(client.newCall(req).execute().body().string());

        Request runs = new Request.Builder()
            .url("https://cloud.getdbt.com/api/v2/accounts/" + DBT_CLOUD_ACCOUNT_ID + "/runs/")
            .header("Authorization", "Token " + "dbtc_0mmSEErl6pKY_hhSrFFGGl4PExW_nEvDzDjKtM4gxPgW2EacZh")
            .build();
        client.newCall(runs).execute();
    }
}
