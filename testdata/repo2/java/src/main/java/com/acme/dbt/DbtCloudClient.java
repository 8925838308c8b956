package com.acme.dbt;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

public final class DbtCloudClient {
    private static final String DBT_CLOUD_TOKEN = "dbtu_mFvU8pwPpSic9uH9njGcpyInP1C443WiyksoOH5mxF6ZH5gY8f";
    private static final long DBT_CLOUD_ACCOUNT_ID = 31000L;
    private final String host = "https://cloud.getdbt.com";
    private final HttpClient http = HttpClient.newHttpClient();

    HttpRequest listAll() {
        return HttpRequest.newBuilder(URI.create(host + "/api/v2/accounts/"))
                .header("Authorization", "Bearer " + DBT_CLOUD_TOKEN)
                .GET().build();
    }

    HttpRequest jobs(long accountId) {
        String jobsUrl = host + "/api/v2/accounts/" + accountId + "/jobs/";
        return HttpRequest.newBuilder(URI.create(jobsUrl)).GET().build();
    }

    String runs(long accountId) {
        return String.format("%s/api/v2/accounts/%d/runs/", host, accountId);
    }
}
