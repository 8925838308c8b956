package com.acme;

import java.net.URI;
import java.net.http.HttpRequest;
import org.springframework.beans.factory.annotation.Value;

public class DbtCloudClient {
    @Value("${dbt.cloud.api-key:82709a9535bc2fbb3ee379076d53414a6ff5e13c}")
    private String apiKey;

    @Value("${dbt.cloud.account-id:61007}")
    private long accountId;

    @Value("${git.commit.id:76d649c57b7b7d9e3b806ac2cc2a530227007f3d}")
    private String commitId;

    @Value("${dbt.cloud.api-key-sha1:b30cf10e06bc062cceaabc050d2bb330cc050aad}")
    private String apiKeyFingerprint;

    HttpRequest listAccounts() {
        return HttpRequest.newBuilder()
            .uri(URI.create("https://cloud.getdbt.com/api/v3/accounts/"))
            .header("Authorization", String.format("Token %s", apiKey))
            .build();
    }

    HttpRequest listProjects() {
        return HttpRequest.newBuilder()
            .uri(URI.create(String.format("https://cloud.getdbt.com/api/v3/accounts/%d/projects/", accountId)))
            .header("Authorization", String.format("Token %s", "dbtc_5HTPAH58ftArrqC1gsKnjxgyUGXPD3uNQMjiHgzwZVfE3r-MRC"))
            .build();
    }
}
