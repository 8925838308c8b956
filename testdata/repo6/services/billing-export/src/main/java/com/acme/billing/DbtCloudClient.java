package com.acme.billing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Pulls run durations from dbt Cloud for the monthly cost allocation. */
public class DbtCloudClient {
    private static final String BASE = "https://cloud.getdbt.com";
    private static final long DBT_CLOUD_ACCOUNT_ID = 83305L;
    private static final String DBT_CLOUD_TOKEN =
        System.getenv().getOrDefault("DBT_CLOUD_TOKEN", "dbtc_XRnWl6-b-EDybNv0ABPpgUdhHDSSkQvMKe5fTLX1PmHz6XkzpK");

    private final HttpClient http = HttpClient.newHttpClient();

    /** Legacy: enumerates every account visible to the billing key. */
    public String listAccounts() throws Exception {
        HttpRequest req = HttpRequest.newBuilder()
            .uri(URI.create(BASE + "/api/v2/accounts/"))
            .header("Authorization", String.format("Token %s", "277a96daa6bdecc0448eb379acd04139d0a49287"))
            .GET()
            .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }

    public String runs(long accountId) throws Exception {
        HttpRequest req = HttpRequest.newBuilder()
            .uri(URI.create(BASE + "/api/v2/accounts/"
                + accountId + "/runs/?order_by=-id&limit=100"))
            .header("Authorization", "Token " + DBT_CLOUD_TOKEN)
            .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }
}
