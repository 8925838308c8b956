package com.acme.etl;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

public class DbtCloudClient {
    private static final String DBT_CLOUD_API_TOKEN =
        "dbtc_xdiWS8Z1WARw00KIdu0OW7bcJrTXdV5haLUTr5pKnHgiDNeC25";
    private final HttpClient http = HttpClient.newHttpClient();

    public String listAccounts() throws Exception {
        HttpRequest req = HttpRequest.newBuilder()
            .uri(URI.create("https://ab12c.eu1.dbt.com/api/v3/accounts/"))
            .header("Authorization", String.format("Token %s", DBT_CLOUD_API_TOKEN))
            .GET()
            .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }

    public String jobs(long accountId) throws Exception {
        String url = "https://ab12c.eu1.dbt.com/api/v2/accounts/"
            + accountId + "/jobs/";
        HttpRequest req = HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", String.format("Bearer %s", "dbtu_1pzwlP1RIMpTabnnQ7-lb0aTwC1y1WHrPZJ4aAsgQVZQzQtVl3"))
            .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }
}
