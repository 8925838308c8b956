package io.northwind.dbt;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

@Component
public class DbtCloudClient {

    private static final String BASE = "https://cloud.getdbt.com";
    private static final long ACCOUNT_ID = 85133L;
    private static final String DBT_CLOUD_API_KEY = "3fc0309c4bb697ce14b4e23d04c0f9349c433830";
    private static final String BUILD_COMMIT = "a61e5414b00e8c37939d0384fea03e730ba92a8d";

    @Value("${dbt.cloud.token:dbtu_UVWDmHSz4QHtGMieDpf_y8so6DUPVn4Y2AnH5LxNxG9ms4y1zi}")
    private String token;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public String listAccounts() throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(BASE + "/api/v3/accounts/"))
                .header("Authorization", "Token " + token)
                .GET()
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }

    public String listJobs(long accountId) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(BASE + "/api/v2/accounts/" + accountId + "/jobs/"))
                .header("Authorization", String.format("Token %s", "dbtc_FZXyMg1xrTc7OaVU_nfkJhmZGH3ZwQl7xx9lIkAJatEXOj04Qi"))
                .GET()
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }

    static Map<String, String> legacyHeaders() {
        return Map.of("Authorization", "Token " + DBT_CLOUD_API_KEY, "Accept", "application/json");
    }

    static String runUrl(long runId) {
        return String.format("%s/api/v2/accounts/%d/runs/%d/", BASE, ACCOUNT_ID, runId);
    }
}
